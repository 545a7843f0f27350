// Shipping to a real Elasticsearch 8.19 node (test/es-server): the documents -o json prints arrive
// unchanged under deterministic ids, a second run adds nothing, incidents are updated in place,
// and every fault of the issue (node stopped mid-run, 429s, mapping conflicts, refused
// connections, TLS and credentials) behaves as the README says. pvelens runs as a child process,
// exactly as a user runs it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES, REPO } from '../helpers.js';
import { describeEs, externalEsUrl, startEs, testClient, type EsNode } from './node.js';
import { startTlsProxy, type TlsProxy } from './tls-proxy.js';

const SLOW = 240_000;
const BIN = join(REPO, 'bin', 'pvelens.js');
const FENCE = join(REPO, 'samples', 'cluster-fence');
const UNTIMED = join(FIXTURES, 'published', 'quorum-flap-pve5-untimed.log');
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let nsCounter = 0;
/** A fresh namespace per test: tests never see each other's documents. */
const freshNs = (): string => `t${suffix}${nsCounter++}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pvelens(args: string[], env: Record<string, string | undefined> = {}, cwd = REPO): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const lines = (s: string): Doc[] => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Doc);

async function allDocs(es: Client, index: string): Promise<Array<{ _id: string; _index: string; _version?: number; _source: Doc }>> {
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const r = await es.search({ index, size: 10_000, version: true, query: { match_all: {} }, ignore_unavailable: true, allow_no_indices: true });
  return r.hits.hits as Array<{ _id: string; _index: string; _version?: number; _source: Doc }>;
}

async function count(es: Client, index: string): Promise<number> {
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true })).count;
}

const acknowledged = (stderr: string): number => Number(/elasticsearch: (\d+) documents acknowledged/.exec(stderr)?.[1] ?? NaN);
const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describeEs('shipping to Elasticsearch', () => {
  let node: EsNode;
  let es: Client;
  const workdir = mkdtempSync(join(tmpdir(), 'pvelens-ship-'));

  beforeAll(async () => {
    node = await startEs();
    es = testClient(node.url);
  }, SLOW);

  afterAll(async () => {
    if (es && node?.external) {
      const ns = `t${suffix}*`;
      await es.indices.deleteDataStream({ name: `logs-pvelens.events-${ns}` }).catch(() => {});
      await es.indices.delete({ index: `pvelens-*-${ns}`, ignore_unavailable: true, allow_no_indices: true }).catch(() => {});
    }
    await es?.close();
    await node?.stop();
    rmSync(workdir, { recursive: true, force: true });
  }, SLOW);

  const shipArgs = (ns: string, url = node.url): string[] => ['--es-url', url, '--es-namespace', ns, '--dead-letter', join(workdir, `dead-${ns}.ndjson`)];

  it(
    'ships exactly the documents -o json prints, under their event and incident ids; a second run adds nothing',
    async () => {
      const ns = freshNs();
      const stream = `logs-pvelens.events-${ns}`;
      const incidentsIndex = `pvelens-incidents-${ns}`;
      const first = await pvelens(['analyze', '-o', 'ndjson', '--tz', 'Europe/Berlin', FENCE, ...shipArgs(ns)]);
      expect(first.stderr).toContain(`events into data stream ${stream}, incidents into ${incidentsIndex}`);
      expect(first.code).toBe(0);
      const printed = lines(first.stdout);
      const events = printed.filter((d) => d.event.kind === 'event');
      const incidents = printed.filter((d) => d.event.kind === 'alert');
      expect(events.length).toBeGreaterThan(300);
      expect(incidents.map((d) => d.pvelens.incident.type)).toEqual(['link-instability', 'membership-churn', 'quorum-loss', 'pmxcfs-cpg-failure', 'ha-lock-loss', 'fencing-reboot']);
      expect(first.stderr).toContain(`events    ${events.length} queued: ${events.length} new, 0 updated, 0 already present`);
      expect(first.stderr).toContain(`incidents ${incidents.length} queued: ${incidents.length} new`);
      expect(acknowledged(first.stderr)).toBe(events.length + incidents.length);

      const storedEvents = await allDocs(es, stream);
      expect(storedEvents).toHaveLength(events.length);
      const byId = new Map(storedEvents.map((h) => [h._id, h]));
      expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
      for (const ev of events) {
        const hit = byId.get(ev.event.id);
        expect(hit, ev.event.id).toBeDefined();
        expect(hit!._index).toMatch(new RegExp(`^\\.ds-${stream.replace(/\./g, '\\.')}-`));
        expect(hit!._source).toEqual(ev);
      }
      // ECS fields as documented, on the stored documents
      for (const { _source: d } of storedEvents) {
        expect(d['@timestamp']).toMatch(/^2025-12-1[34]T\d\d:\d\d:\d\d\.\d{6}Z$/);
        expect(d.event).toMatchObject({ kind: 'event', module: 'proxmox', dataset: 'pvelens.events' });
        expect(['pve1', 'pve2', 'pve3']).toContain(d.host.name);
        expect(d.rule.id).toMatch(/^[a-z]+\./);
      }
      const storedIncidents = await allDocs(es, incidentsIndex);
      expect(storedIncidents.map((h) => h._id).sort()).toEqual(incidents.map((d) => d.pvelens.incident.id).sort());
      for (const inc of incidents) expect(storedIncidents.find((h) => h._id === inc.pvelens.incident.id)!._source).toEqual(inc);

      // the explicit mappings took effect
      const mapping = Object.values(await es.indices.getMapping({ index: stream }))[0]!.mappings.properties as Doc;
      expect(mapping['@timestamp'].type).toBe('date_nanos');
      expect(mapping.host.properties.name.type).toBe('keyword');
      expect(mapping.pvelens.properties.captures.type).toBe('flattened');
      // a KQL-style query on a mapped field works
      const quorum = await es.count({ index: incidentsIndex, query: { term: { 'pvelens.incident.type': 'quorum-loss' } } });
      expect(quorum.count).toBe(1);

      // second identical run: nothing new, same documents
      const before = JSON.stringify(storedEvents.map((h) => [h._id, h._source]).sort());
      const second = await pvelens(['analyze', '-o', 'ndjson', '--tz', 'Europe/Berlin', FENCE, ...shipArgs(ns)]);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toContain(`events    ${events.length} queued: 0 new, 0 updated, ${events.length} already present`);
      expect(second.stderr).toContain(`incidents ${incidents.length} queued: 0 new, ${incidents.length} updated, 0 already present`);
      expect(second.stderr).toContain('templates current');
      const after = await allDocs(es, stream);
      expect(JSON.stringify(after.map((h) => [h._id, h._source]).sort())).toBe(before);
      expect(await count(es, incidentsIndex)).toBe(incidents.length);
      expect(existsSync(join(workdir, `dead-${ns}.ndjson`))).toBe(false);
    },
    SLOW,
  );

  it(
    'an incident still open at the end of a partial input is updated in place when the rest arrives',
    async () => {
      const ns = freshNs();
      const index = `pvelens-incidents-${ns}`;
      const partial = await pvelens(['analyze', '-q', '--tz', 'Europe/Berlin', '-U', '2025-12-14 03:10:30', FENCE, ...shipArgs(ns)]);
      expect(partial.code).toBe(0);
      const early = await allDocs(es, index);
      const open = early.filter((h) => h._source.pvelens.incident.open === true);
      expect(open.map((h) => h._source.pvelens.incident.type).sort()).toEqual(['ha-lock-loss', 'link-instability', 'pmxcfs-cpg-failure', 'quorum-loss']);
      for (const h of open) expect(h._source.event.end).toBeUndefined();

      const full = await pvelens(['analyze', '-q', '--tz', 'Europe/Berlin', FENCE, ...shipArgs(ns)]);
      expect(full.code).toBe(0);
      const late = await allDocs(es, index);
      expect(late).toHaveLength(6);
      for (const h of open) {
        const now = late.find((x) => x._id === h._id)!;
        expect(now, h._source.pvelens.incident.type).toBeDefined();
        expect(now._version).toBe(2);
        expect(now._source.pvelens.incident.open).toBe(false);
        expect(Date.parse(now._source.event.end)).toBeGreaterThan(Date.parse(h._source.pvelens.incident.end));
      }
      const quorum = late.find((x) => x._source.pvelens.incident.type === 'quorum-loss')!;
      expect(quorum._source.pvelens.incident.end).toBe('2025-12-14T02:14:18.000000Z');
    },
    SLOW,
  );

  it(
    'untimed events go to their own index; --es-mode index writes monthly indices from the events\' own time',
    async () => {
      const ns = freshNs();
      const r = await pvelens(['events', '-o', 'ndjson', '-q', '--host', 'pve5', UNTIMED, ...shipArgs(ns)]);
      expect(r.code).toBe(0);
      const printed = lines(r.stdout);
      expect(printed.length).toBeGreaterThan(5);
      expect(printed.every((d) => d['@timestamp'] === undefined)).toBe(true);
      const untimed = await allDocs(es, `pvelens-events-${ns}-untimed`);
      expect(untimed.map((h) => h._id).sort()).toEqual(printed.map((d) => d.event.id).sort());

      const ns2 = freshNs();
      const ix = await pvelens(['events', '-o', 'ndjson', '--tz', 'Europe/Berlin', '--es-mode', 'index', FENCE, ...shipArgs(ns2)]);
      expect(ix.code).toBe(0);
      expect(ix.stderr).toContain(`events into monthly indices pvelens-events-${ns2}-yyyy.mm`);
      const docs = lines(ix.stdout);
      const stored = await allDocs(es, `pvelens-events-${ns2}-*`);
      expect(stored).toHaveLength(docs.length);
      // the sample spans 2025-12-13 22:00 to 2025-12-14 05:59 local time: one month, from the events
      expect(new Set(stored.map((h) => h._index))).toEqual(new Set([`pvelens-events-${ns2}-2025.12`]));
      expect(await count(es, `logs-pvelens.events-${ns2}`).catch(() => 0)).toBe(0);
    },
    SLOW,
  );

  it(
    'a mapping conflict sends those documents to the dead-letter file with the error; the rest arrive',
    async () => {
      const ns = freshNs();
      const index = `pvelens-events-${ns}-2025.12`;
      // someone's earlier index where pvelens.captures is a keyword, not an object
      await es.indices.create({ index, mappings: { properties: { pvelens: { properties: { captures: { type: 'keyword' } } } } } });
      const dead = join(workdir, `dead-${ns}.ndjson`);
      const r = await pvelens(['events', '-o', 'ndjson', '--tz', 'Europe/Berlin', '--es-mode', 'index', FENCE, ...shipArgs(ns)]);
      noStack(r.stderr);
      expect(r.code).toBe(5);
      const printed = lines(r.stdout);
      const withCaptures = printed.filter((d) => d.pvelens.captures !== undefined);
      expect(withCaptures.length).toBeGreaterThan(10);
      expect(withCaptures.length).toBeLessThan(printed.length);
      expect(r.stderr).toContain(`${withCaptures.length} documents refused by Elasticsearch: see ${dead}`);
      const letters = lines(readFileSync(dead, 'utf8'));
      expect(letters).toHaveLength(withCaptures.length);
      const byId = new Map(withCaptures.map((d) => [d.event.id, d]));
      for (const l of letters) {
        expect(l.status).toBe(400);
        expect(l.error.type).toMatch(/parsing_exception/);
        expect(l.error.reason).toContain('pvelens.captures');
        expect(l.index).toBe(index);
        expect(l.op).toBe('create');
        expect(l.document).toEqual(byId.get(l.id));
      }
      expect(await count(es, index)).toBe(printed.length - withCaptures.length);
    },
    SLOW,
  );

  it(
    'a refused connection, a server that is not Elasticsearch and a malformed URL give one clear line, no stack trace',
    async () => {
      const free = http.createServer();
      await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
      const port = (free.address() as AddressInfo).port;
      await new Promise<void>((r) => free.close(() => r()));
      const refused = await pvelens(['events', FENCE, '--es-url', `http://127.0.0.1:${port}`, '--es-retries', '1', '--es-retry-wait', '50']);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(new RegExp(`pvelens: cannot reach Elasticsearch at http://127\\.0\\.0\\.1:${port}: connection failed: .*ECONNREFUSED`));
      expect(refused.stderr).toContain('retry 1 of 1');
      expect(refused.stdout).toBe('');
      noStack(refused.stderr);

      const notEs = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"name":"something else"}');
      });
      await new Promise<void>((r) => notEs.listen(0, '127.0.0.1', r));
      try {
        const other = await pvelens(['events', FENCE, '--es-url', `http://127.0.0.1:${(notEs.address() as AddressInfo).port}`]);
        expect(other.code).toBe(5);
        expect(other.stderr).toContain('did not identify itself as Elasticsearch');
        noStack(other.stderr);
      } finally {
        notEs.closeAllConnections();
        await new Promise<void>((r) => notEs.close(() => r()));
      }

      const bad = await pvelens(['events', FENCE, '--es-url', 'htp:/nowhere']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--es-url/);
      noStack(bad.stderr);
    },
    SLOW,
  );

  describeEs('secured cluster (TLS with a private CA, API key or user and password)', () => {
    let proxy: TlsProxy;
    const secret = { apiKey: 'cHZlbGVucy10ZXN0OnRvcHNlY3JldGtleTEyMw==', user: 'shipper', password: 'S3cr3t-pa55word!' };

    beforeAll(async () => {
      proxy = await startTlsProxy(node.url, secret);
    }, SLOW);
    afterAll(async () => proxy?.close());

    const leaks = (r: Run, dead?: string): void => {
      for (const s of [secret.apiKey, secret.password, Buffer.from(`${secret.user}:${secret.password}`).toString('base64')]) {
        expect(r.stdout).not.toContain(s);
        expect(r.stderr).not.toContain(s);
        if (dead && existsSync(dead)) expect(readFileSync(dead, 'utf8')).not.toContain(s);
      }
    };

    it(
      'ships with an API key and the CA from the environment, or user and password',
      async () => {
        const ns = freshNs();
        const byKey = await pvelens(['events', '-q', '--tz', 'Europe/Berlin', FENCE, ...shipArgs(ns, proxy.url)], { PVELENS_ES_API_KEY: secret.apiKey, PVELENS_ES_CA: proxy.caFile });
        expect(byKey.stderr).toBe('');
        expect(byKey.code).toBe(0);
        expect(proxy.schemes.has('ApiKey')).toBe(true);
        const n = await count(es, `logs-pvelens.events-${ns}`);
        expect(n).toBeGreaterThan(300);
        leaks(byKey);

        const byUser = await pvelens(['events', '--tz', 'Europe/Berlin', FENCE, ...shipArgs(ns, proxy.url), '--es-user', secret.user, '--es-ca', proxy.caFile], { PVELENS_ES_PASSWORD: secret.password });
        expect(byUser.code).toBe(0);
        expect(proxy.schemes.has('Basic')).toBe(true);
        expect(byUser.stderr).toContain(`${n} already present`);
        leaks(byUser);
      },
      SLOW,
    );

    it(
      'names the problem without printing the secret: wrong key, unknown CA, credentials in the URL, refused documents',
      async () => {
        const ns = freshNs();
        const wrong = await pvelens(['events', FENCE, ...shipArgs(ns, proxy.url), '--es-ca', proxy.caFile], { PVELENS_ES_API_KEY: 'd3Jvbmc6a2V5' + secret.apiKey });
        expect(wrong.code).toBe(5);
        expect(wrong.stderr).toMatch(/HTTP 401 security_exception: unable to authenticate .*credentials were refused/);
        noStack(wrong.stderr);
        leaks(wrong);

        const noCa = await pvelens(['events', FENCE, ...shipArgs(ns, proxy.url), '--es-retries', '0'], { PVELENS_ES_API_KEY: secret.apiKey });
        expect(noCa.code).toBe(5);
        expect(noCa.stderr).toMatch(/TLS: .*certificate.*--es-ca/);
        noStack(noCa.stderr);
        leaks(noCa);

        const inUrl = await pvelens(['events', FENCE, '--es-url', proxy.url.replace('https://', `https://${secret.user}:${secret.password}@`)]);
        expect(inUrl.code).toBe(2);
        expect(inUrl.stderr).toContain('put no credentials in the URL');
        leaks(inUrl);

        // refused documents over the secured connection: the dead-letter file holds no secret either
        const ns2 = freshNs();
        await es.indices.create({ index: `pvelens-events-${ns2}-2025.12`, mappings: { properties: { pvelens: { properties: { captures: { type: 'keyword' } } } } } });
        const dead = join(workdir, `dead-${ns2}.ndjson`);
        const refused = await pvelens(['events', '--tz', 'Europe/Berlin', '--es-mode', 'index', FENCE, ...shipArgs(ns2, proxy.url)], { PVELENS_ES_API_KEY: secret.apiKey, PVELENS_ES_CA: proxy.caFile });
        expect(refused.code).toBe(5);
        expect(readFileSync(dead, 'utf8').length).toBeGreaterThan(1000);
        leaks(refused, dead);
      },
      SLOW,
    );
  });
});

describeEs('shipping through faults of a node of its own', () => {
  // These tests start nodes with their own settings and stop them mid-run: impossible on the
  // shared cluster of PVELENS_ES_URL, so only there they are skipped (never in CI, which starts
  // local nodes and sets PVELENS_REQUIRE_ES=1).
  const local = !externalEsUrl();
  const workdir = mkdtempSync(join(tmpdir(), 'pvelens-fault-'));
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  /** Many distinct events: every line matches corosync.knet.link_down. */
  function bigLog(lines: number): string {
    const file = join(workdir, `big-${lines}.log`);
    let text = '';
    const start = Date.UTC(2025, 11, 14, 2, 0, 0);
    for (let i = 0; i < lines; i++) {
      const t = new Date(start + i * 10).toISOString().replace('Z', '000+00:00');
      text += `${t} pve${1 + (i % 3)} corosync[1422]:   [KNET  ] link: host: ${1 + (i % 7)} link: ${i % 2} is down\n`;
    }
    writeFileSync(file, text);
    return file;
  }

  it.runIf(local)(
    'a write queue that answers 429: everything still arrives, through retries',
    async () => {
      const node = await startEs({ settings: { 'thread_pool.write.size': '1', 'thread_pool.write.queue_size': '1' } });
      const es = testClient(node.url);
      try {
        const ns = freshNs();
        const file = bigLog(6000);
        const r = await pvelens(['events', '--count', file, '--es-url', node.url, '--es-namespace', ns, '--es-concurrency', '6', '--es-bulk-size', '16k', '--es-retry-wait', '50', '--es-retries', '30']);
        expect(r.stderr).toContain('events    6000 queued: 6000 new, 0 updated, 0 already present');
        expect(r.code).toBe(0);
        const retried = Number(/(\d+) documents retried/.exec(r.stderr)?.[1]);
        expect(retried).toBeGreaterThan(0);
        expect(r.stderr).toMatch(/rejected \(429 es_rejected_execution_exception\)|HTTP 429/);
        expect(await count(es, `logs-pvelens.events-${ns}`)).toBe(6000);
      } finally {
        await es.close();
        await node.stop();
      }
    },
    SLOW,
  );

  it.runIf(local)(
    'Elasticsearch stopped mid-run: retries, then stops clearly with what was acknowledged; after a restart the repeated run completes without duplicates',
    async () => {
      const node = await startEs();
      const es = testClient(node.url);
      try {
        const ns = freshNs();
        const stream = `logs-pvelens.events-${ns}`;
        const total = 40_000;
        const file = bigLog(total);
        const args = ['events', '--count', file, '--es-url', node.url, '--es-namespace', ns, '--es-concurrency', '1', '--es-bulk-size', '32k', '--es-retries', '2', '--es-retry-wait', '100'];
        const running = pvelens(args);
        // wait until documents are arriving, then take the node away (and bring it back)
        for (let i = 0; i < 600; i++) {
          if ((await count(es, stream).catch(() => 0)) > 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const restarted = node.restart();
        const cut = await running;
        await restarted;
        expect(cut.code).toBe(5);
        noStack(cut.stderr);
        expect(cut.stderr).toMatch(/stopped: still failing after 2 retries: (connection failed|no answer)/);
        expect(cut.stderr).toMatch(/not sent; run again when Elasticsearch is back/);
        const acked = acknowledged(cut.stderr);
        expect(acked).toBeGreaterThan(0);
        expect(acked).toBeLessThan(total);
        // never more claimed than stored
        const stored = await count(es, stream);
        expect(stored).toBeGreaterThanOrEqual(acked);

        const again = await pvelens(args);
        expect(again.code).toBe(0);
        const present = Number(/events {4}\d+ queued: (\d+) new, 0 updated, (\d+) already present/.exec(again.stderr)?.[2]);
        expect(present).toBe(stored);
        expect(await count(es, stream)).toBe(total);
      } finally {
        await es.close();
        await node.stop();
      }
    },
    SLOW,
  );
});
