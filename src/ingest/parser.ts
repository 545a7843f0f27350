// The contract between an input's bytes and the records it yields: every format parser is a
// push parser fed raw (decompressed) chunks, appending finished records to a caller's batch.
import type { LogRecord } from '../model.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { TimeContext } from '../time/context.js';

export interface ParseContext {
  /** Display name of the input, used in records and diagnostics. */
  input: string;
  diag: DiagnosticSink;
  /** Year and zone state for formats whose timestamps lack them. */
  time: TimeContext;
  /** Host name to use when the input does not carry one (--host). */
  defaultHost: string | null;
  /** Longest line / field value kept, in bytes; longer ones are skipped or cut with a diagnostic. */
  maxLineBytes: number;
  /**
   * Set by commands that only need the records a pattern can match (`events`, `analyze`): the
   * parser may replace a record whose message fails this test by an `unmatched` stub (time,
   * host, input and line only), skipping the work of its other fields.
   */
  messageFilter?: MessageFilter | null;
}

/** Might a pattern match a message? */
export interface MessageFilter {
  /** The message in bytes [start, end) of ASCII text (a byte is its character code). */
  bytes(bytes: Uint8Array, start: number, end: number): boolean;
  /** The message as a string. */
  text(message: string): boolean;
}

export interface ByteParser {
  /**
   * Parse a chunk. The chunk may be a reused buffer: copy what must outlive the call.
   * Finished records are appended to `out`; a record may stay pending until later input shows
   * it is complete (continuation lines, export entries).
   */
  push(chunk: Buffer, out: LogRecord[]): void;
  /** The input ended: flush pending records, report truncated trailing data. */
  end(out: LogRecord[]): void;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
