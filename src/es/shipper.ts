// Bulk delivery to Elasticsearch with nothing lost and nothing counted that was not acknowledged.
//
// Not the client's helpers.bulk: it waits a fixed 5 s between retries, reports a 409 on `create`
// as a failure, and aborts on the first failed request. Here:
//   - every item of every bulk response is inspected: 201/200 = written, 409 on create = already
//     there (a previous run shipped it; ids are deterministic), 429 and 5xx = retried with
//     exponential backoff, anything else = dead-letter file with Elasticsearch's error;
//   - a whole request that fails (connection refused, timeout, 429, 5xx) is retried the same way;
//     when the retries run out the shipper stops, says how much was acknowledged, and `add()`
//     throws so the caller stops reading;
//   - at most `concurrency` requests are in flight and one batch is filling: `add()` waits when
//     that is reached, which pauses reading. Memory is bounded by (concurrency + 1) batches.
import type { Client } from '@elastic/elasticsearch';
import { describeError, isRetryable } from './connect.js';
import type { DeadLetter } from './deadletter.js';

export type ShipKind = 'event' | 'incident';

export interface ShipItem {
  kind: ShipKind;
  op: 'create' | 'index';
  index: string;
  id: string;
  /** Ask Elasticsearch to fail the item instead of creating a plain index (data streams). */
  requireDataStream?: boolean;
  /** The document, serialised exactly as -o json prints it. */
  body: string;
}

export interface KindCounts {
  /** Handed to the shipper. */
  queued: number;
  /** Acknowledged as new (201). */
  created: number;
  /** Acknowledged as replacing a document with the same id (index op, 200). */
  updated: number;
  /** 409 on create: shipped by an earlier run. */
  present: number;
  /** Written to the dead-letter file. */
  deadLettered: number;
  /** Never acknowledged because the shipper stopped (Elasticsearch unreachable). */
  unsent: number;
}

export interface ShipperOptions {
  /** Flush a batch at this many bytes of NDJSON … */
  flushBytes: number;
  /** … or at this many documents. */
  flushDocs: number;
  concurrency: number;
  /** Retries of a request or item before giving up on it. */
  retries: number;
  /** First backoff; doubles per retry up to maxRetryWaitMs, ±20 % jitter. */
  retryWaitMs: number;
  maxRetryWaitMs: number;
  deadLetter: DeadLetter;
  /** Told about each retry (one line, no secrets). */
  onRetry?: (message: string) => void;
  /** Sleep (tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

export class ShipAbort extends Error {}

const FILTER_PATH = 'errors,items.*.status,items.*.result,items.*.error.type,items.*.error.reason,items.*.error.caused_by.type,items.*.error.caused_by.reason';

interface Pending {
  item: ShipItem;
  size: number;
}

interface BulkItemResult {
  status: number;
  result?: string;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

export class Shipper {
  readonly counts: Record<ShipKind, KindCounts> = { event: emptyCounts(), incident: emptyCounts() };
  /** Items re-sent after a 429/5xx answer (item or whole request). */
  retriedItems = 0;
  /** Whole requests that failed and were retried. */
  retriedRequests = 0;
  requests = 0;
  bytesSent = 0;
  /** Set when delivery stopped for good; add() throws it from then on. */
  fatal: ShipAbort | null = null;

  private batch: Pending[] = [];
  private batchBytes = 0;
  private readonly inflight = new Set<Promise<void>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly opts: ShipperOptions,
  ) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Queue one document; resolves when there is room for more (backpressure). */
  async add(item: ShipItem): Promise<void> {
    if (this.fatal) throw this.fatal;
    const size = item.body.length + item.id.length + item.index.length + 64;
    this.batch.push({ item, size });
    this.batchBytes += size;
    this.counts[item.kind].queued++;
    if (this.batch.length >= this.opts.flushDocs || this.batchBytes >= this.opts.flushBytes) await this.dispatch();
  }

  /** Send what is queued and wait for every request; throws if delivery stopped. */
  async close(): Promise<void> {
    if (this.batch.length && !this.fatal) await this.dispatch().catch(() => {});
    while (this.inflight.size) await Promise.race(this.inflight);
    if (this.fatal) {
      for (const p of this.batch) this.counts[p.item.kind].unsent++;
      this.batch = [];
      throw this.fatal;
    }
  }

  /** Acknowledged documents (written, updated or already present). */
  acknowledged(kind?: ShipKind): number {
    const kinds: ShipKind[] = kind ? [kind] : ['event', 'incident'];
    return kinds.reduce((n, k) => n + this.counts[k].created + this.counts[k].updated + this.counts[k].present, 0);
  }

  private async dispatch(): Promise<void> {
    const items = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    while (this.inflight.size >= this.opts.concurrency) await Promise.race(this.inflight);
    if (this.fatal) {
      for (const p of items) this.counts[p.item.kind].unsent++;
      throw this.fatal;
    }
    const p: Promise<void> = this.deliver(items).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }


  /** One batch until every item is acknowledged, dead-lettered, or delivery stops. Never rejects. */
  private async deliver(items: Pending[]): Promise<void> {
    let pending = items;
    let attempt = 0;
    while (pending.length) {
      if (this.fatal) {
        for (const p of pending) this.counts[p.item.kind].unsent++;
        return;
      }
      if (attempt > 0) await this.sleep(backoffMs(attempt, this.opts.retryWaitMs, this.opts.maxRetryWaitMs));
      let results: BulkItemResult[];
      try {
        results = await this.request(pending);
      } catch (e) {
        if (isRetryable(e) && attempt < this.opts.retries) {
          attempt++;
          this.retriedRequests++;
          this.retriedItems += pending.length;
          this.opts.onRetry?.(`bulk request of ${pending.length} documents failed (${describeError(e)}); retry ${attempt} of ${this.opts.retries}`);
          continue;
        }
        for (const p of pending) this.counts[p.item.kind].unsent++;
        const why = isRetryable(e) ? `still failing after ${attempt} retr${attempt === 1 ? 'y' : 'ies'}: ${describeError(e)}` : describeError(e);
        if (!this.fatal) this.fatal = new ShipAbort(why);
        return;
      }
      const again: Pending[] = [];
      let lastRetryReason = '';
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        const r = results[i];
        const c = this.counts[p.item.kind];
        if (r === undefined) {
          // a response shorter than the request: never count unacknowledged items as shipped
          again.push(p);
          lastRetryReason = 'missing from the bulk response';
        } else if (r.status === 201 || r.status === 200) {
          if (r.result === 'created' || (r.result === undefined && r.status === 201)) c.created++;
          else c.updated++;
        } else if (r.status === 409 && p.item.op === 'create') {
          c.present++;
        } else if (r.status === 429 || r.status >= 500) {
          again.push(p);
          lastRetryReason = `${r.status} ${r.error?.type ?? ''}`.trim();
        } else {
          this.opts.deadLetter.write(p.item, r.status, r.error, attempt + 1);
          c.deadLettered++;
        }
      }
      if (again.length === 0) return;
      if (attempt >= this.opts.retries) {
        for (const p of again) {
          this.opts.deadLetter.write(p.item, 0, { type: 'retries_exhausted', reason: `still rejected after ${attempt + 1} attempts (last: ${lastRetryReason})` }, attempt + 1);
          this.counts[p.item.kind].deadLettered++;
        }
        return;
      }
      attempt++;
      this.retriedItems += again.length;
      this.opts.onRetry?.(`${again.length} of ${pending.length} documents rejected (${lastRetryReason}); retry ${attempt} of ${this.opts.retries}`);
      pending = again;
    }
  }

  private async request(pending: Pending[]): Promise<BulkItemResult[]> {
    let body = '';
    for (const { item } of pending) {
      const meta: Record<string, unknown> = { _index: item.index, _id: item.id };
      if (item.requireDataStream) meta.require_data_stream = true;
      body += `{"${item.op}":${JSON.stringify(meta)}}\n${item.body}\n`;
    }
    this.requests++;
    this.bytesSent += body.length;
    const resp = (await this.client.transport.request(
      { method: 'POST', path: '/_bulk', querystring: { filter_path: FILTER_PATH }, bulkBody: body },
      { maxRetries: 0 },
    )) as { errors?: boolean; items?: Array<Record<string, BulkItemResult>> };
    return (resp.items ?? []).map((it) => Object.values(it)[0]!);
  }
}

/** Wait before retry `attempt` (1, 2, …): doubling from `firstMs`, at most `maxMs`, ±20 % jitter. */
export function backoffMs(attempt: number, firstMs: number, maxMs: number): number {
  const base = Math.min(maxMs, firstMs * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** The longest wait between two retries. */
export const MAX_RETRY_WAIT_MS = 30_000;

function emptyCounts(): KindCounts {
  return { queued: 0, created: 0, updated: 0, present: 0, deadLettered: 0, unsent: 0 };
}
