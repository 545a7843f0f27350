// Reads one input source (a file, a rotated chain, or stdin) into batches of records: open,
// decompress, sniff the format, and feed the right push parser chunk by chunk.
import type { ForcedFormat, LogRecord } from '../model.js';
import { createTimeContext } from '../time/context.js';
import type { DiagnosticSink } from './diagnostics.js';
import { sniffFormat } from './detect.js';
import { ExportParser } from './export.js';
import type { InputSource } from './inputs.js';
import { JsonParser } from './json.js';
import { OpenError, openFile, openStdin, type OpenedInput } from './open.js';
import type { ByteParser, MessageFilter, ParseContext } from './parser.js';
import { TextParser } from './text.js';

/** Bytes gathered before the format is sniffed (one plain-file chunk). */
const SNIFF_BYTES = 64 * 1024;

export interface ReadOptions {
  diag: DiagnosticSink;
  /** --format: skip sniffing. */
  format?: ForcedFormat;
  /** --tz (IANA name); default the machine's zone. */
  tz?: string;
  /** --year for yearless timestamps. */
  year?: number;
  /** --host: a name for inputs that carry none; per-input overrides by display name. */
  defaultHost?: string | null;
  hostByInput?: Map<string, string>;
  maxLineBytes: number;
  /** See ParseContext.messageFilter: only `events` sets it. */
  messageFilter?: MessageFilter | null;
  /** Current time in ms (stdin's reference for year inference). */
  nowMs?: number;
  stdin?: NodeJS.ReadableStream;
  /** Called once per input with what was detected (for --verbose and tests). */
  onOpen?: (info: { name: string; format: string; compression: string }) => void;
}

/** Counts for the end-of-run summary. */
export interface ReadStats {
  inputs: number;
  files: number;
  bytes: number;
}

export async function* readSource(source: InputSource, opts: ReadOptions, stats: ReadStats): AsyncGenerator<LogRecord[]> {
  stats.inputs++;
  const files = source.files ?? [null];
  for (const file of files) {
    let opened: OpenedInput;
    try {
      opened = file === null ? openStdin(opts.diag, opts.stdin) : openFile(file, opts.diag);
    } catch (e) {
      if (!(e instanceof OpenError)) throw e;
      opts.diag.report({ input: file ?? '<stdin>', line: null, offset: null, kind: 'fatal', code: 'unreadable', message: e.message });
      continue;
    }
    stats.files++;
    yield* readOpened(opened, opts, stats);
  }
}

async function* readOpened(opened: OpenedInput, opts: ReadOptions, stats: ReadStats): AsyncGenerator<LogRecord[]> {
  const { diag } = opts;
  const name = opened.name;
  const ctx: ParseContext = {
    input: name,
    diag,
    time: createTimeContext({ tz: opts.tz, year: opts.year, referenceMs: opened.mtimeMs ?? opts.nowMs ?? Date.now() }),
    defaultHost: opts.hostByInput?.get(name) ?? opts.defaultHost ?? null,
    maxLineBytes: opts.maxLineBytes,
    messageFilter: opts.messageFilter ?? null,
  };
  let parser = null as ByteParser | null;
  let out: LogRecord[] = [];
  // Sniffing needs a few KB; stdin may deliver tiny chunks, so gather a head first (copied,
  // because plain-file chunks reuse one buffer).
  let head: Buffer[] = [];
  let headBytes = 0;
  const start = (): boolean => {
    const first = Buffer.concat(head, headBytes);
    head = [];
    const chosen = chooseParser(first, ctx, opts, opened);
    if (!chosen) return false;
    chosen.push(first, out);
    parser = chosen;
    return true;
  };
  for await (const chunk of opened.chunks) {
    stats.bytes += chunk.length;
    if (!parser) {
      head.push(Buffer.from(chunk));
      headBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) continue;
      if (!start()) return;
    } else parser.push(chunk, out);
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  if (!parser && headBytes > 0 && !start()) return;
  if (!parser) return; // an empty file: nothing to read, nothing lost
  parser.end(out);
  if (out.length > 0) yield out;
}

function chooseParser(head: Buffer, ctx: ParseContext, opts: ReadOptions, opened: OpenedInput): ByteParser | null {
  const sniffed = opts.format ?? sniffFormat(head);
  const fatal = (code: string, message: string): null => {
    opts.diag.report({ input: ctx.input, line: null, offset: 0, kind: 'fatal', code, message });
    return null;
  };
  switch (sniffed) {
    case 'export':
      opts.onOpen?.({ name: ctx.input, format: 'export', compression: opened.compression });
      return new ExportParser(ctx);
    case 'json':
    case 'json-seq':
    case 'json-pretty':
      opts.onOpen?.({ name: ctx.input, format: sniffed, compression: opened.compression });
      return new JsonParser(ctx, sniffed);
    case 'journal-file':
      return fatal(
        'journal-file',
        `a binary journal file: convert it with "journalctl --file=${ctx.input} -o export > out.export" and read that`,
      );
    case 'binary':
      return fatal('not-a-log', 'binary data, not a log in any known format; skipped');
    case 'empty':
    case 'text': {
      if (!opts.format && !looksLikeTextLog(head, ctx)) {
        return fatal('not-a-log', 'none of the first lines is a log line in any known format; skipped');
      }
      opts.onOpen?.({ name: ctx.input, format: 'text', compression: opened.compression });
      return new TextParser(ctx);
    }
  }
}

/** Dry-run the text parser on the first chunk, with throwaway state, to reject non-logs. */
function looksLikeTextLog(head: Buffer, ctx: ParseContext): boolean {
  const probe = new TextParser({
    ...ctx,
    diag: { report: () => {} },
    time: createTimeContext({ tz: 'UTC', referenceMs: 0 }),
  });
  const sink: LogRecord[] = [];
  // Only whole lines count: drop the last partial line of the chunk.
  const lastNl = head.lastIndexOf(10);
  if (lastNl < 0) return true; // one very long first line: let the real parser judge it
  probe.push(head.subarray(0, lastNl + 1), sink);
  probe.end(sink);
  return probe.recognised > 0 && probe.recognised * 2 >= probe.unrecognised;
}
