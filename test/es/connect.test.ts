// Connection settings without a cluster: what is refused, what a Cloud ID turns into, and that
// error texts never carry a secret. (The shipping itself is tested against a real node in
// ship.test.ts.)
import { errors } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { createClient, describeError, describeTarget, EsConfigError, isRetryable, redactUrl, validateConnection } from '../../src/es/connect.js';
import { eventIndexName, eventStreamName, incidentIndexName, namespaceProblem, targets } from '../../src/es/templates.js';

const base = { timeoutMs: 1000 };

describe('Elasticsearch connection settings', () => {
  it('refuses credentials in the URL without repeating them', () => {
    try {
      validateConnection({ ...base, url: 'https://admin:hunter2@es.example.org:9200' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EsConfigError);
      expect((e as Error).message).toContain('put no credentials in the URL');
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it.each([
    [{ url: 'ftp://es:9200' }, /use http:\/\/ or https:\/\//],
    [{ url: 'not a url' }, /is not a URL/],
    [{}, /give --es-url or --es-cloud-id/],
    [{ url: 'http://a:9200', cloudId: 'x:eXo=' }, /not both/],
    [{ url: 'http://a:9200', apiKey: 'k', user: 'u', password: 'p' }, /either an API key or a user/],
    [{ url: 'http://a:9200', user: 'u' }, /needs a password/],
    [{ url: 'http://a:9200', password: 'p' }, /no --es-user/],
    [{ url: 'http://a:9200', caFile: '/x.pem' }, /--es-ca is for https/],
    [{ cloudId: 'no-colon' }, /not a Cloud ID/],
  ])('refuses %j', (c, msg) => {
    expect(() => validateConnection({ ...base, ...c })).toThrow(msg);
  });

  it('turns a Cloud ID into the deployment URL and names it without the id', () => {
    const cloudId = 'prod-cluster:' + Buffer.from('eu-west-1.aws.found.io:443$abc123es$def456kb').toString('base64');
    const client = createClient({ ...base, cloudId, apiKey: 'c2VjcmV0OmtleQ==' });
    const urls = client.connectionPool.connections.map((c) => c.url.href);
    expect(urls).toEqual(['https://abc123es.eu-west-1.aws.found.io/']);
    expect(describeTarget({ ...base, cloudId })).toBe('Elastic Cloud deployment "prod-cluster"');
  });

  it('reads --es-ca and says which file is missing or not PEM', () => {
    expect(() => createClient({ ...base, url: 'https://es:9200', caFile: '/nonexistent/ca.pem' })).toThrow(/--es-ca: cannot read \/nonexistent\/ca\.pem: ENOENT/);
    expect(() => createClient({ ...base, url: 'https://es:9200', caFile: new URL(import.meta.url).pathname })).toThrow(/holds no PEM certificate/);
  });

  it('redacts URLs and error texts', () => {
    expect(redactUrl('https://u:p@es.example.org:9200/prefix?x=1')).toBe('https://es.example.org:9200/prefix');
    const err = new errors.ConnectionError('connect failed for https://u:topsecret@es:9200 with ApiKey c2VjcmV0OmtleQ==');
    const text = describeError(err);
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('c2VjcmV0OmtleQ==');
    expect(text).toMatch(/^connection failed: /);
  });

  it('retries what a busy or restarting cluster answers, not what a wrong request gets', () => {
    const resp = (statusCode: number) => new errors.ResponseError({ statusCode, body: { error: { type: 't', reason: 'r' } }, headers: {}, warnings: null, meta: {} as never });
    expect(isRetryable(resp(429))).toBe(true);
    expect(isRetryable(resp(503))).toBe(true);
    expect(isRetryable(resp(400))).toBe(false);
    expect(isRetryable(resp(401))).toBe(false);
    expect(isRetryable(new errors.ConnectionError('ECONNREFUSED'))).toBe(true);
    expect(describeError(resp(401))).toMatch(/^HTTP 401 t: r \(the credentials were refused/);
  });
});

describe('targets', () => {
  it('follows the data stream naming rules for the namespace', () => {
    expect(namespaceProblem('default')).toBeNull();
    expect(namespaceProblem('prod_eu')).toBeNull();
    expect(namespaceProblem('Prod')).toMatch(/lower case/);
    expect(namespaceProblem('a-b')).toMatch(/must not contain/);
    expect(namespaceProblem('')).toMatch(/1 to 100/);
    expect(namespaceProblem('_x')).toMatch(/must not start/);
  });

  it('chooses the data stream, or the month of the event itself, and an index for untimed events', () => {
    const ts = Date.UTC(2025, 11, 31, 23, 59, 59) * 1000;
    expect(targets('ns', 'data-stream').eventsFor(ts)).toBe(eventStreamName('ns'));
    expect(eventStreamName('ns')).toBe('logs-pvelens.events-ns');
    expect(targets('ns', 'index').eventsFor(ts)).toBe('pvelens-events-ns-2025.12');
    expect(targets('ns', 'index').eventsFor(ts + 1e6)).toBe('pvelens-events-ns-2026.01');
    expect(targets('ns', 'data-stream').eventsFor(null)).toBe(eventIndexName('ns', null));
    expect(eventIndexName('ns', null)).toBe('pvelens-events-ns-untimed');
    expect(targets('ns', 'index').incidents).toBe(incidentIndexName('ns'));
  });
});
