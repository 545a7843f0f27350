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

/** Ingest bytes given as stdin, optionally split into chunks of the given sizes. */
export async function collectBytes(
  data: Buffer | string,
  opts: Partial<IngestOptions> = {},
  chunkSize = 0,
): Promise<Collected> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const chunks: Buffer[] = [];
  if (chunkSize > 0) for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  else chunks.push(buf);
  return collect(['-'], { stdin: Readable.from(chunks), ...opts });
}

export function codes(diag: Diagnostics): string[] {
  return diag.collected.map((d) => d.code);
}
