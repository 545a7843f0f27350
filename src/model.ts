// The shapes every stage agrees on, defined once as zod schemas; the TypeScript types are
// inferred from them. Hot paths build these objects directly and never validate per record.
import { z } from 'zod';

/** Every input form pvelens can read. Text modes that share one grammar share one name. */
export const InputFormat = z.enum([
  'export', // journalctl -o export
  'json', // journalctl -o json (also json-sse)
  'json-seq', // journalctl -o json-seq (RFC 7464)
  'json-pretty', // journalctl -o json-pretty
  'short', // journalctl short, or rsyslog RFC 3164 with a zero-padded day (identical grammar)
  'rfc3164', // rsyslog traditional format, recognised by its space-padded day ("Nov  2")
  'short-precise',
  'short-iso', // journalctl short-iso (+0200 or +02:00), rsyslog RFC 3339 without fraction
  'short-iso-precise', // journalctl short-iso-precise, rsyslog RFC 3339 high precision
  'short-full',
  'short-unix',
  'short-monotonic',
  'rfc5424',
  'untimed', // pasted excerpts: "corosync[3813]:   [TOTEM ] ..." with no timestamp at all
]);
export type InputFormat = z.infer<typeof InputFormat>;

/** The formats a user may force with --format (the text family is detected per line). */
export const ForcedFormat = z.enum(['export', 'json', 'json-seq', 'json-pretty', 'text']);
export type ForcedFormat = z.infer<typeof ForcedFormat>;

/** How precise the timestamp is: microseconds, milliseconds, seconds, or no time at all. */
export const TimePrecision = z.enum(['us', 'ms', 's', 'none']);
export type TimePrecision = z.infer<typeof TimePrecision>;

/** Bits in LogRecord.flags: what ingest had to change to keep the record. */
export const RecordFlag = {
  /** MESSAGE was longer than the line/field limit and was cut. */
  truncated: 1,
  /** journalctl printed MESSAGE as null (over 4096 bytes without --all); the text is missing. */
  messageOmitted: 2,
  /** invalid UTF-8 was replaced by U+FFFD. */
  invalidUtf8: 4,
  /** NUL bytes were removed from the line. */
  nulRemoved: 8,
  /** the value was binary in the journal (byte array / length-framed) and was decoded as UTF-8. */
  binary: 16,
  /** journalctl replaced the text by "[nB blob data]" (text modes without --all). */
  blob: 32,
  /**
   * a stub, not a full record: the parser's message filter found no pattern literal in the line
   * (only `events` asks for this), so only time, host, input and line are filled.
   */
  unmatched: 64,
} as const;

export const FLAG_NAMES: ReadonlyArray<[number, string]> = Object.entries(RecordFlag).map(
  ([name, bit]) => [bit, name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)],
);

/**
 * One normalised log record, whatever form it arrived in.
 * `ts` is microseconds since the Unix epoch (UTC), or null for untimed lines.
 */
export const LogRecord = z.object({
  ts: z.number().nullable(),
  precision: TimePrecision,
  host: z.string().nullable(),
  ident: z.string().nullable(),
  pid: z.number().int().nullable(),
  unit: z.string().nullable(),
  priority: z.number().int().min(0).max(7).nullable(),
  facility: z.number().int().min(0).max(23).nullable(),
  bootId: z.string().nullable(),
  /** True on the first record of a host after its boot changed (a boot id that differs from
   * the one before, for the same host in the same input). A `-- Boot --` separator alone,
   * printed because another host's entries were interleaved, does not set it. */
  newBoot: z.boolean(),
  monotonic: z.number().nullable(),
  message: z.string(),
  format: InputFormat,
  /** Display name of the input (file path, or "<stdin>"). */
  input: z.string(),
  /** 1-based line number for line-oriented inputs, else null. */
  line: z.number().int().nullable(),
  /** Byte offset of the record's first byte in the (decompressed) input, when known. */
  offset: z.number().int().nullable(),
  /** journald cursor, when the input carries one. */
  cursor: z.string().nullable(),
  flags: z.number().int(),
});
export type LogRecord = z.infer<typeof LogRecord>;

/** A diagnostic about bad input: always names the input and, where known, line or byte offset. */
export const Diagnostic = z.object({
  input: z.string(),
  line: z.number().int().nullable(),
  offset: z.number().int().nullable(),
  /** skipped: data was lost; warning: data was kept but altered; fatal: the input was not read. */
  kind: z.enum(['skipped', 'warning', 'fatal']),
  code: z.string(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/**
 * Every parser builds its records (and stubs) here: one object literal, so the records of all
 * formats share one hidden class and the matcher's and correlator's property reads stay
 * monomorphic.
 */
export function makeRecord(
  ts: number | null,
  precision: TimePrecision,
  host: string | null,
  ident: string | null,
  pid: number | null,
  unit: string | null,
  priority: number | null,
  facility: number | null,
  bootId: string | null,
  newBoot: boolean,
  monotonic: number | null,
  message: string,
  format: InputFormat,
  input: string,
  line: number | null,
  offset: number | null,
  cursor: string | null,
  flags: number,
): LogRecord {
  return { ts, precision, host, ident, pid, unit, priority, facility, bootId, newBoot, monotonic, message, format, input, line, offset, cursor, flags };
}

export function emptyRecord(input: string, format: InputFormat): LogRecord {
  return makeRecord(null, 'none', null, null, null, null, null, null, null, false, null, '', format, input, null, null, null, 0);
}

/** An annotated event: a record that matched a pattern of the library. */
export const MatchEvent = z.object({
  record: LogRecord,
  ruleId: z.string(),
  /** Where the rule came from: the pattern file's subsystem. */
  ruleset: z.string(),
  severity: z.enum(['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug']),
  category: z.string(),
  action: z.string(),
  layer: z.string(),
  summary: z.string(),
  /** Typed values of the pattern's named groups. */
  captures: z.record(z.string(), z.unknown()),
  /** Decoded meanings: cs_error, errno, upid, ring_id, vmids. */
  annotations: z.record(z.string(), z.unknown()),
  /** A capture did not fit its type and was left out. */
  partial: z.boolean(),
  /** Same rule, host and captured text: what a storm of identical lines shares (a key string). */
  fingerprint: z.string(),
});
export type MatchEvent = z.infer<typeof MatchEvent>;
