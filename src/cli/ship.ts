// Shipping from the commands that produce events (analyze, events): the --es-* options, and one
// session per run that connects, installs the templates, takes documents with backpressure and
// reports what Elasticsearch acknowledged.
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { Client } from '@elastic/elasticsearch';
import { createClient, describeError, describeTarget, EsConfigError, isRetryable, type EsConnection } from '../es/connect.js';
import { DeadLetter, defaultDeadLetterPath } from '../es/deadletter.js';
import { backoffMs, MAX_RETRY_WAIT_MS, ShipAbort, Shipper, type KindCounts } from '../es/shipper.js';
import { installTemplates, namespaceProblem, parseVersion, targets, type EsMode, type EsTargets } from '../es/templates.js';
import { parseSize, UsageError } from './options.js';

export function addEsOptions(cmd: Command): Command {
  return cmd
    .option('--es-url <url>', 'ship the documents to this Elasticsearch (https://host:9200)')
    .addOption(new Option('--es-cloud-id <id>', 'ship to this Elastic Cloud deployment').env('PVELENS_ES_CLOUD_ID'))
    .addOption(new Option('--es-api-key <key>', 'API key (the base64 "encoded" value); better from the environment').env('PVELENS_ES_API_KEY'))
    .addOption(new Option('--es-user <name>', 'user for basic authentication').env('PVELENS_ES_USER'))
    .addOption(new Option('--es-password <password>', 'password for --es-user; better from the environment').env('PVELENS_ES_PASSWORD'))
    .addOption(new Option('--es-ca <file>', 'PEM file of the CA that signed the cluster\'s certificate').env('PVELENS_ES_CA'))
    .option('--es-namespace <name>', 'data stream namespace: events go to logs-pvelens.events-NAME', 'default')
    .addOption(new Option('--es-mode <mode>', 'events into a data stream, or into monthly indices').choices(['auto', 'data-stream', 'index']).default('auto'))
    .option('--no-es-setup', 'do not install or update the index templates (they must exist)')
    .option('--es-bulk-size <size>', 'bytes per bulk request', '1m')
    .option('--es-concurrency <n>', 'bulk requests in flight', '2')
    .option('--es-retries <n>', 'retries of a failed request or rejected document (429, 5xx), with doubling waits', '6')
    .option('--es-retry-wait <ms>', 'first wait before a retry', '500')
    .option('--es-timeout <ms>', 'time allowed for one request', '60000')
    .option('--dead-letter <file>', 'where refused documents go (NDJSON, appended; default pvelens-dead-letter-<time>.ndjson, created only if needed)');
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const RawEsOptions = z.object({
  esUrl: z.string().optional(),
  esCloudId: z.string().optional(),
  esApiKey: z.string().optional(),
  esUser: z.string().optional(),
  esPassword: z.string().optional(),
  esCa: z.string().optional(),
  esNamespace: z.string().superRefine((v, c) => {
    const p = namespaceProblem(v);
    if (p) c.addIssue({ code: 'custom', message: p });
  }),
  esMode: z.enum(['auto', 'data-stream', 'index']),
  esSetup: z.boolean(),
  esBulkSize: z.string().transform((v, c) => {
    const n = parseSize(v);
    if (n === null || n < 1024 || n > 100 * 2 ** 20) {
      c.addIssue({ code: 'custom', message: `"${v}" is not a size between 1k and 100m` });
      return z.NEVER;
    }
    return n;
  }),
  esConcurrency: int(1, 32),
  esRetries: int(0, 100),
  esRetryWait: int(1, 600_000),
  esTimeout: int(100, 3_600_000),
  deadLetter: z.string().optional(),
});

export interface ShipReport {
  lines: string[];
  /** Something was dead-lettered or not sent. */
  failed: boolean;
}

/** A shipping run, or null when no --es-url / --es-cloud-id was given. */
export async function openShipping(raw: Record<string, unknown>, log: (line: string) => void): Promise<ShipSession | null> {
  if (raw.esUrl === undefined && raw.esCloudId === undefined) return null;
  const parsed = RawEsOptions.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    throw new UsageError(`--${flag === 'es-setup' ? 'no-es-setup' : flag}: ${issue.message}`);
  }
  const o = parsed.data;
  const conn: EsConnection = { url: o.esUrl, cloudId: o.esCloudId, apiKey: o.esApiKey, user: o.esUser, password: o.esPassword, caFile: o.esCa, timeoutMs: o.esTimeout };
  let client: Client;
  try {
    client = createClient(conn);
  } catch (e) {
    if (e instanceof EsConfigError) throw new UsageError(e.message);
    throw e;
  }
  const session = new ShipSession(client, conn, o, log);
  await session.start();
  return session;
}

export class ShipSessionError extends Error {}

export class ShipSession {
  private readonly shipper: Shipper;
  private readonly deadLetter: DeadLetter;
  private t!: EsTargets;
  private requireDataStream = false;
  private setupNote = '';
  private readonly started = Date.now();

  constructor(
    private readonly client: Client,
    private readonly conn: EsConnection,
    private readonly o: z.infer<typeof RawEsOptions>,
    private readonly log: (line: string) => void,
  ) {
    this.deadLetter = new DeadLetter(o.deadLetter ?? defaultDeadLetterPath());
    this.shipper = new Shipper(client, {
      flushBytes: o.esBulkSize,
      flushDocs: 5000,
      concurrency: o.esConcurrency,
      retries: o.esRetries,
      retryWaitMs: o.esRetryWait,
      maxRetryWaitMs: MAX_RETRY_WAIT_MS,
      deadLetter: this.deadLetter,
      onRetry: (m) => log(`pvelens: elasticsearch: ${m}`),
    });
  }

  /** Connect (retrying while the node is down or busy), choose the mode, install templates. */
  async start(): Promise<void> {
    const where = describeTarget(this.conn);
    let version = '';
    for (let attempt = 0; ; attempt++) {
      try {
        const info = await this.client.info();
        version = info.version.number;
        break;
      } catch (e) {
        if (isRetryable(e) && attempt < this.o.esRetries) {
          const wait = backoffMs(attempt + 1, this.o.esRetryWait, MAX_RETRY_WAIT_MS);
          this.log(`pvelens: elasticsearch: ${where}: ${describeError(e)}; retry ${attempt + 1} of ${this.o.esRetries} in ${(wait / 1000).toFixed(1)} s`);
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        await this.client.close().catch(() => {});
        throw new ShipSessionError(`cannot reach Elasticsearch at ${where}: ${describeError(e)}`);
      }
    }
    const v = parseVersion(version);
    // data streams and composable templates: 7.9; require_data_stream on bulk items: 8.13
    const canDataStream = v[0] > 7 || (v[0] === 7 && v[1] >= 9);
    const mode: EsMode = this.o.esMode === 'auto' ? (canDataStream ? 'data-stream' : 'index') : this.o.esMode;
    if (mode === 'data-stream' && !canDataStream) throw new ShipSessionError(`Elasticsearch ${version} at ${where} has no data streams (7.9+); use --es-mode index`);
    this.requireDataStream = mode === 'data-stream' && (v[0] > 8 || (v[0] === 8 && v[1] >= 13));
    if (this.o.esSetup) {
      try {
        const r = await installTemplates(this.client, v);
        this.setupNote = r.installed.length ? `templates installed or updated: ${r.installed.join(', ')}` : 'templates current';
      } catch (e) {
        await this.client.close().catch(() => {});
        throw new ShipSessionError(`cannot install the index templates at ${where}: ${describeError(e)} (run once with a user that may manage index templates, then use --no-es-setup)`);
      }
    } else this.setupNote = 'templates not checked (--no-es-setup)';
    this.t = targets(this.o.esNamespace, mode);
    this.log(`pvelens: shipping to Elasticsearch ${version} at ${where}: events into ${mode === 'data-stream' ? `data stream ${this.t.eventsFor(0)}` : `monthly indices ${this.t.eventsFor(0).replace(/\d{4}\.\d\d$/, 'yyyy.mm')}`}, incidents into ${this.t.incidents}; ${this.setupNote}`);
  }

  get mode(): EsMode {
    return this.t.mode;
  }

  /** Queue an event document (serialised); waits while Elasticsearch is behind. */
  event(id: string, tsUs: number | null, body: string): Promise<void> {
    const index = this.t.eventsFor(tsUs);
    return this.shipper.add({ kind: 'event', op: 'create', index, id, requireDataStream: this.requireDataStream && tsUs !== null, body });
  }

  incident(id: string, body: string): Promise<void> {
    return this.shipper.add({ kind: 'incident', op: 'index', index: this.t.incidents, id, body });
  }

  /** Flush, wait for every answer, and say what arrived. */
  async finish(): Promise<ShipReport> {
    let abort: ShipAbort | null = null;
    try {
      await this.shipper.close();
    } catch (e) {
      if (!(e instanceof ShipAbort)) throw e;
      abort = e;
    }
    this.deadLetter.close();
    await this.client.close().catch(() => {});
    return this.report(abort);
  }

  private report(abort: ShipAbort | null): ShipReport {
    const s = this.shipper;
    const where = describeTarget(this.conn);
    const secs = (Date.now() - this.started) / 1000;
    const line = (what: string, c: KindCounts): string => {
      const parts = [`${c.created} new`, `${c.updated} updated`, `${c.present} already present`];
      if (c.deadLettered) parts.push(`${c.deadLettered} dead-lettered`);
      if (c.unsent) parts.push(`${c.unsent} not sent`);
      return `  ${what.padEnd(9)} ${c.queued} queued: ${parts.join(', ')}`;
    };
    const lines = [`elasticsearch: ${s.acknowledged()} documents acknowledged by ${where} in ${secs.toFixed(1)} s (${s.requests} bulk requests, ${s.retriedItems} documents retried)`];
    lines.push(line('events', s.counts.event), line('incidents', s.counts.incident));
    const dead = s.counts.event.deadLettered + s.counts.incident.deadLettered;
    if (dead) lines.push(`  ${dead} document${dead === 1 ? '' : 's'} refused by Elasticsearch: see ${this.deadLetter.path}`);
    const unsent = s.counts.event.unsent + s.counts.incident.unsent;
    if (abort) {
      lines.push(`  stopped: ${abort.message}`);
      lines.push(`  ${unsent} queued document${unsent === 1 ? '' : 's'} and the rest of the input were not sent; run again when Elasticsearch is back: what arrived is recognised by its id and not duplicated`);
    }
    return { lines, failed: dead > 0 || unsent > 0 || abort !== null };
  }

  get aborted(): boolean {
    return this.shipper.fatal !== null;
  }

  /** Shipper numbers for --stats. */
  stats(): Record<string, unknown> {
    const s = this.shipper;
    return { mode: this.t.mode, events: s.counts.event, incidents: s.counts.incident, requests: s.requests, bytesSent: s.bytesSent, retried: s.retriedItems };
  }
}

export { ShipAbort };
