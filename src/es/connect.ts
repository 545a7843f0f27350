// The Elasticsearch connection: where (URL or Elastic Cloud ID), who (API key, or user and
// password), and which CA to trust. Secrets come from options or environment variables and never
// appear in what pvelens prints: URLs with credentials in them are refused, errors are reduced to
// their type, status and Elasticsearch's own reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client } from '@elastic/elasticsearch';

type EsLib = typeof import('@elastic/elasticsearch');
let esLib: EsLib | undefined;
/**
 * The client library, loaded on first use: a run that ships nothing does not pay for loading it
 * (measured: 0.3 s of start-up and 30 MB of RSS).
 */
const es = (): EsLib => (esLib ??= createRequire(import.meta.url)('@elastic/elasticsearch') as EsLib);

export interface EsConnection {
  url?: string;
  cloudId?: string;
  apiKey?: string;
  user?: string;
  password?: string;
  /** PEM file of the CA that signed the cluster's HTTP certificate. */
  caFile?: string;
  timeoutMs: number;
}

export class EsConfigError extends Error {}

/** Check a connection before use; the message never contains a secret. */
export function validateConnection(c: EsConnection): void {
  if (!c.url && !c.cloudId) throw new EsConfigError('give --es-url or --es-cloud-id');
  if (c.url && c.cloudId) throw new EsConfigError('give either --es-url or --es-cloud-id, not both');
  if (c.url) {
    let u: URL;
    try {
      u = new URL(c.url);
    } catch {
      throw new EsConfigError(`--es-url: "${redactUrl(c.url)}" is not a URL (e.g. https://es.example.org:9200)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new EsConfigError(`--es-url: use http:// or https://, not ${u.protocol}//`);
    if (u.username || u.password)
      throw new EsConfigError('--es-url: put no credentials in the URL (they end up in shell history and logs); use --es-api-key / PVELENS_ES_API_KEY or --es-user and PVELENS_ES_PASSWORD');
    if (c.caFile && u.protocol === 'http:') throw new EsConfigError('--es-ca is for https:// URLs; this one is http://');
  }
  if (c.apiKey && (c.user || c.password)) throw new EsConfigError('give either an API key or a user and password, not both');
  if (c.user && !c.password) throw new EsConfigError('--es-user needs a password: --es-password or PVELENS_ES_PASSWORD');
  if (c.password && !c.user) throw new EsConfigError('a password was given (--es-password or PVELENS_ES_PASSWORD) but no --es-user');
  if (c.cloudId && !/^[^:]*:[A-Za-z0-9+/=_-]+$/.test(c.cloudId)) throw new EsConfigError('--es-cloud-id: not a Cloud ID (expected name:base64)');
}

/** A URL as it may be shown: scheme, host, port and path; never user info or query. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//[redacted]@').replace(/\?.*$/, '');
  }
}

/** Where we ship, for messages. */
export function describeTarget(c: EsConnection): string {
  if (c.url) return redactUrl(c.url);
  const name = (c.cloudId ?? '').split(':')[0];
  return `Elastic Cloud deployment "${name}"`;
}

export function createClient(c: EsConnection): Client {
  validateConnection(c);
  let ca: string | undefined;
  if (c.caFile) {
    try {
      ca = readFileSync(c.caFile, 'utf8');
    } catch (e) {
      throw new EsConfigError(`--es-ca: cannot read ${c.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new EsConfigError(`--es-ca: ${c.caFile} holds no PEM certificate`);
  }
  const auth = c.apiKey ? { apiKey: c.apiKey } : c.user ? { username: c.user, password: c.password ?? '' } : undefined;
  return new (es().Client)({
    ...(c.cloudId ? { cloud: { id: c.cloudId } } : { node: c.url! }),
    ...(auth ? { auth } : {}),
    ...(ca ? { tls: { ca } } : {}),
    requestTimeout: c.timeoutMs,
    // pvelens retries itself, with backoff and per item (src/es/shipper.ts)
    maxRetries: 0,
    redaction: { type: 'remove' },
  });
}

/** Whole-request failures worth retrying: the node is down, busy or restarting. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof es().errors.ConnectionError || e instanceof es().errors.TimeoutError || e instanceof es().errors.NoLivingConnectionsError) return true;
  if (e instanceof es().errors.ResponseError) {
    const s = e.statusCode ?? 0;
    return s === 429 || s >= 500;
  }
  return false;
}

/**
 * One line about a failed request, fit to print: error class, HTTP status, Elasticsearch's
 * error type and reason. Never headers, bodies or URLs with credentials.
 */
export function describeError(e: unknown): string {
  if (e instanceof es().errors.ResponseError) {
    const body = e.meta?.body as { error?: { type?: string; reason?: string } | string } | undefined;
    const err = body?.error;
    const detail = typeof err === 'string' ? err : err ? `${err.type ?? ''}${err.reason ? `: ${err.reason}` : ''}` : '';
    const status = e.statusCode ?? 0;
    const hint =
      status === 401
        ? ' (the credentials were refused: check --es-api-key / PVELENS_ES_API_KEY or --es-user / PVELENS_ES_PASSWORD)'
        : status === 403
          ? ' (the user or API key lacks a privilege; see README "Shipping to Elasticsearch" for the roles)'
          : '';
    return `HTTP ${status}${detail ? ` ${detail}` : ''}${hint}`;
  }
  if (e instanceof es().errors.ProductNotSupportedError) return 'the server did not identify itself as Elasticsearch';
  if (e instanceof es().errors.ConnectionError) {
    const msg = scrub(e.message);
    if (/self[- ]signed|unable to verify|certificate/i.test(msg)) return `TLS: ${msg} (give the cluster's CA with --es-ca / PVELENS_ES_CA)`;
    return `connection failed: ${msg}`;
  }
  if (e instanceof es().errors.TimeoutError) return 'no answer within --es-timeout';
  if (e instanceof es().errors.NoLivingConnectionsError) return 'no node reachable';
  if (e instanceof es().errors.ElasticsearchClientError) return `${e.name}: ${scrub(e.message)}`;
  return e instanceof Error ? scrub(e.message) : String(e);
}

/** Remove anything credential-shaped from an error text. */
function scrub(s: string): string {
  return s.replace(/\/\/[^/\s@]*@/g, '//[redacted]@').replace(/(ApiKey|Basic|Bearer)\s+[A-Za-z0-9+/=_-]+/gi, '$1 [redacted]');
}
