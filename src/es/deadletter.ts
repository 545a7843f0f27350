// The dead-letter file: every document Elasticsearch refused for good, one NDJSON line each, with
// its target, id and Elasticsearch's error, so it can be fixed and re-sent. Opened on the first
// failure (a clean run leaves no file), appended to (never truncated), written synchronously so a
// crash cannot lose what was already refused. No request headers or connection details go in.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ShipItem } from './shipper.js';

export interface ItemError {
  type?: string;
  reason?: string;
  caused_by?: { type?: string; reason?: string };
}

export class DeadLetter {
  private fd: number | null = null;
  count = 0;

  constructor(readonly path: string) {}

  write(item: ShipItem, status: number, error: ItemError | undefined, attempts: number): void {
    if (this.fd === null) this.fd = openSync(this.path, 'a');
    const err: Record<string, unknown> = { type: error?.type ?? 'unknown', reason: error?.reason ?? '' };
    if (error?.caused_by) err.caused_by = { type: error.caused_by.type, reason: error.caused_by.reason };
    const head = JSON.stringify({ failed_at: new Date().toISOString(), status, error: err, op: item.op, index: item.index, id: item.id, kind: item.kind, attempts });
    // the document is spliced in as serialised: byte for byte what would have been sent
    writeSync(this.fd, `${head.slice(0, -1)},"document":${item.body}}\n`);
    this.count++;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** The default file name: in the working directory, one per run. */
export function defaultDeadLetterPath(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `pvelens-dead-letter-${stamp}.ndjson`;
}
