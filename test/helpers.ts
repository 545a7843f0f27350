// Shared test helpers: run the real ingest pipeline over files or buffers and collect what
// came out, records and diagnostics alike.
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Diagnostics } from '../src/ingest/diagnostics.js';
import { ingest, newIngestStats, type IngestOptions, type IngestStats } from '../src/ingest/pipeline.js';
import type { LogRecord } from '../src/model.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPO = fileURLToPath(new URL('../', import.meta.url));

export interface Collected {
  records: LogRecord[];
  diag: Diagnostics;
  stats: IngestStats;
}

export async function collect(args: string[], opts: Partial<IngestOptions> = {}): Promise<Collected> {
  const diag = new Diagnostics(null);
  const stats = newIngestStats();
  const records: LogRecord[] = [];
  const full: IngestOptions = { diag, maxLineBytes: 1 << 20, tz: 'Europe/Berlin', nowMs: Date.UTC(2025, 11, 31), ...opts };
  for await (const batch of ingest(args, full, stats)) records.push(...batch);
  return { records, diag, stats };
}

/**
 * Split bytes into chunks: one size for all, or a list of sizes used in turn (and from the start
 * again when it runs out). 0 or an empty list: one chunk.
 */
export function chunksOf(buf: Buffer, sizes: number | readonly number[]): Buffer[] {
  const list = typeof sizes === 'number' ? [sizes] : sizes;
  if (!list.length || list.some((n) => !(n > 0))) return [buf];
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < buf.length; k++) {
    const n = list[k % list.length]!;
    chunks.push(buf.subarray(i, i + n));
    i += n;
  }
  return chunks;
}

/** Ingest bytes given as stdin, optionally split into chunks of the given size(s) (see chunksOf). */
export async function collectBytes(
  data: Buffer | string,
  opts: Partial<IngestOptions> = {},
  chunkSize: number | readonly number[] = 0,
): Promise<Collected> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return collect(['-'], { stdin: Readable.from(chunksOf(buf, chunkSize)), ...opts });
}

export function codes(diag: Diagnostics): string[] {
  return diag.collected.map((d) => d.code);
}

/** mulberry32: a small seeded PRNG, the same sequence on every platform, so failures replay. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
