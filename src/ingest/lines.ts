// Splits a byte stream into lines for the line-oriented formats (text modes, syslog, JSON) and
// hands them on as decoded blocks: one string per chunk, not one allocation per line, because
// per-line work dominates at hundreds of MB/s. Damaged lines (invalid UTF-8, NUL bytes,
// overlong lines) take a slow path that reports them with their line number.
import { isUtf8 } from 'node:buffer';
import { RecordFlag } from '../model.js';
import type { LogRecord } from '../model.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { ByteParser, ParseContext } from './parser.js';

export interface LineBlockSink {
  /**
   * Bytes [start, end) of `buf` hold one or more complete lines joined by "\n" (no trailing
   * "\n"), valid UTF-8 without NULs. `flags` (RecordFlag bits) apply to every line. Returns the
   * number of lines, which the splitter needs for numbering and the sink counts anyway. The
   * buffer may be reused after the call.
   */
  block(buf: Buffer, start: number, end: number, firstLine: number, flags: number): number;
}

const NL = 10;

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skipping = false;
  private skippedBytes = 0;
  private lineNo = 1;
  private offset = 0;

  constructor(
    private readonly sink: LineBlockSink,
    private readonly input: string,
    private readonly diag: DiagnosticSink,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    const len = chunk.length;
    if (this.skipping || this.carryBytes > 0) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        this.extendCarry(chunk, 0, len);
        return;
      }
      if (this.skipping) {
        this.finishSkip(nl);
      } else {
        this.extendCarry(chunk, 0, nl);
        if (this.skipping) this.finishSkip(0);
        else {
          const line = Buffer.concat(this.carry, this.carryBytes);
          this.carry = [];
          this.carryBytes = 0;
          this.emit(line, 0, line.length);
        }
      }
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= start) {
      this.emit(chunk, start, last);
      start = last + 1;
    }
    if (start < len) this.extendCarry(chunk, start, len);
  }

  end(): void {
    if (this.skipping) this.finishSkip(0);
    else if (this.carryBytes > 0) {
      const line = Buffer.concat(this.carry, this.carryBytes);
      this.carry = [];
      this.carryBytes = 0;
      this.emit(line, 0, line.length);
    }
  }

  private extendCarry(chunk: Buffer, from: number, to: number): void {
    const n = to - from;
    if (this.skipping) {
      this.skippedBytes += n;
      return;
    }
    if (this.carryBytes + n > this.maxLineBytes) {
      // Too long to keep: drop what we have and stream past the rest of the line.
      this.skipping = true;
      this.skippedBytes = this.carryBytes + n;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    this.carry.push(Buffer.from(chunk.subarray(from, to)));
    this.carryBytes += n;
  }

  private finishSkip(extra: number): void {
    const total = this.skippedBytes + extra;
    this.diag.report({
      input: this.input,
      line: this.lineNo,
      offset: this.offset,
      kind: 'skipped',
      code: 'line-too-long',
      message: `line of ${total} bytes exceeds the ${this.maxLineBytes}-byte limit (--max-line); skipped`,
    });
    this.offset += total + 1;
    this.lineNo++;
    this.skipping = false;
    this.skippedBytes = 0;
  }

  /** Emit bytes [from, to): complete lines, the final one without its "\n". */
  private emit(buf: Buffer, from: number, to: number): void {
    const firstLine = this.lineNo;
    this.offset += to - from + 1;
    const slice = buf.subarray(from, to);
    const clean = slice.indexOf(0) < 0 && isUtf8(slice);
    if (clean) {
      this.lineNo += this.sink.block(buf, from, to, firstLine, 0);
      return;
    }
    // Slow path: find the damaged lines one by one so each gets its own diagnostic.
    let pos = from;
    let lineNo = firstLine;
    while (pos <= to) {
      let nl = buf.indexOf(NL, pos);
      if (nl < 0 || nl > to) nl = to;
      this.emitDamagedLine(buf.subarray(pos, nl), lineNo);
      pos = nl + 1;
      lineNo++;
    }
    this.lineNo = lineNo;
  }

  private emitDamagedLine(bytes: Buffer, lineNo: number): void {
    let flags = 0;
    let clean = bytes;
    if (bytes.indexOf(0) >= 0) {
      const kept = Buffer.allocUnsafe(bytes.length);
      let n = 0;
      for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) kept[n++] = bytes[i]!;
      const removed = bytes.length - n;
      clean = kept.subarray(0, n);
      flags |= RecordFlag.nulRemoved;
      this.diag.report({
        input: this.input,
        line: lineNo,
        offset: null,
        kind: 'warning',
        code: 'nul-bytes',
        message: `${removed} NUL byte${removed === 1 ? '' : 's'} removed (typical after a crash while the file was written)`,
      });
    }
    if (!isUtf8(clean)) {
      flags |= RecordFlag.invalidUtf8;
      this.diag.report({
        input: this.input,
        line: lineNo,
        offset: null,
        kind: 'warning',
        code: 'invalid-utf8',
        message: 'invalid UTF-8 replaced by U+FFFD',
      });
    }
    // Hand on valid UTF-8 only: invalid sequences become U+FFFD here, once.
    const valid = flags & RecordFlag.invalidUtf8 ? Buffer.from(clean.toString('utf8')) : clean;
    this.sink.block(valid, 0, valid.length, lineNo, flags);
  }
}

/** Base of the line-oriented parsers: owns the splitter and the caller's output batch. */
export abstract class LineParser implements ByteParser, LineBlockSink {
  protected out: LogRecord[] = [];
  private readonly splitter: LineSplitter;

  constructor(protected readonly ctx: ParseContext) {
    this.splitter = new LineSplitter(this, ctx.input, ctx.diag, ctx.maxLineBytes);
  }

  push(chunk: Buffer, out: LogRecord[]): void {
    this.out = out;
    this.splitter.push(chunk);
  }

  end(out: LogRecord[]): void {
    this.out = out;
    this.splitter.end();
    this.finish();
  }

  /** The input ended: emit or report whatever is still pending. */
  protected abstract finish(): void;

  abstract block(buf: Buffer, start: number, end: number, firstLine: number, flags: number): number;
}
