// The ingest stage end to end: resolve inputs, read each source, merge by time, and apply
// --since/--until. Yields batches of records; what happens to them is the caller's business.
import type { LogRecord } from '../model.js';
import { resolveInputs } from './inputs.js';
import { mergeByTime } from './merge.js';
import { readSource, type ReadOptions, type ReadStats } from './read.js';

export interface IngestOptions extends ReadOptions {
  /** Keep records at or after this time (µs since epoch). */
  sinceUs?: number;
  /** Keep records at or before this time (µs since epoch). */
  untilUs?: number;
}

export interface IngestStats extends ReadStats {
  records: number;
  untimed: number;
  filtered: number;
  firstTs: number | null;
  lastTs: number | null;
}

export function newIngestStats(): IngestStats {
  return { inputs: 0, files: 0, bytes: 0, records: 0, untimed: 0, filtered: 0, firstTs: null, lastTs: null };
}

export async function* ingest(args: string[], opts: IngestOptions, stats: IngestStats): AsyncGenerator<LogRecord[]> {
  const sources = resolveInputs(args, opts.diag).map((s) => readSource(s, opts, stats));
  const since = opts.sinceUs ?? -Infinity;
  const until = opts.untilUs ?? Infinity;
  const filtering = since !== -Infinity || until !== Infinity;
  // Untimed records follow the fate of the last timed record of their own input.
  const keepUntimed = new Map<string, boolean>();
  for await (const batch of mergeByTime(sources)) {
    let kept = batch;
    if (filtering) {
      kept = [];
      for (const r of batch) {
        let keep: boolean;
        if (r.ts === null) keep = keepUntimed.get(r.input) ?? since === -Infinity;
        else {
          keep = r.ts >= since && r.ts <= until;
          keepUntimed.set(r.input, keep);
        }
        if (keep) kept.push(r);
        else stats.filtered++;
      }
    }
    for (const r of kept) {
      if (r.ts === null) stats.untimed++;
      else {
        if (stats.firstTs === null || r.ts < stats.firstTs) stats.firstTs = r.ts;
        if (stats.lastTs === null || r.ts > stats.lastTs) stats.lastTs = r.ts;
      }
    }
    stats.records += kept.length;
    if (kept.length) yield kept;
  }
}
