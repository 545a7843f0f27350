// Parses journalctl's JSON family: json (one object per line), json-seq (RFC 7464 record
// separators), json-sse ("data: " framing) and json-pretty (tab-indented, concatenated objects).
// Values follow journalctl's encoding: strings, byte arrays for binary values, null for values
// over 4096 bytes, and arrays for fields that occur more than once.
import { isUtf8 } from 'node:buffer';
import { RecordFlag, type InputFormat, type LogRecord } from '../model.js';
import type { ByteParser, ParseContext } from './parser.js';
import { LineSplitter, type LineBlockSink } from './lines.js';

type JsonValue = string | number[] | null | Array<string | number[] | null>;
type JournalObject = Record<string, JsonValue | undefined>;

/** Decoded value of a field plus what decoding it involved. */
interface Decoded {
  text: string | null;
  flags: number;
}
const decoded: Decoded = { text: null, flags: 0 };

/** Decode one journalctl JSON value into `decoded` (first value of a multi-valued field). */
function decodeValue(v: JsonValue | undefined): Decoded {
  decoded.flags = 0;
  if (typeof v === 'string' || v === undefined || v === null) {
    decoded.text = v ?? null;
    return decoded;
  }
  if (!Array.isArray(v) || v.length === 0) {
    decoded.text = Array.isArray(v) ? '' : String(v);
    return decoded;
  }
  // An array of numbers is one binary value; anything else is a multi-valued field.
  if (typeof v[0] === 'number') return decodeBytes(v as number[]);
  return decodeValue(v[0] as JsonValue);
}

function decodeBytes(bytes: number[]): Decoded {
  const buf = Buffer.from(bytes);
  const text = buf.toString('utf8');
  decoded.flags = RecordFlag.binary;
  if (!isUtf8(buf)) decoded.flags |= RecordFlag.invalidUtf8;
  decoded.text = text;
  return decoded;
}

function intOrNull(v: JsonValue | undefined, max: number): number | null {
  const t = decodeValue(v).text;
  if (t === null || t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

export class JsonParser implements ByteParser, LineBlockSink {
  private readonly splitter: LineSplitter;
  private out: LogRecord[] = [];
  private readonly bootByHost = new Map<string, string>();
  /** json-pretty: the lines of the object being collected, and where it started. */
  private pretty: string[] | null = null;
  private prettyLine = 0;
  private omittedReported = false;

  constructor(
    private readonly ctx: ParseContext,
    private readonly format: InputFormat = 'json',
  ) {
    this.splitter = new LineSplitter(this, ctx.input, ctx.diag, ctx.maxLineBytes);
  }

  push(chunk: Buffer, out: LogRecord[]): void {
    this.out = out;
    this.splitter.push(chunk);
  }

  end(out: LogRecord[]): void {
    this.out = out;
    this.splitter.end();
    if (this.pretty) {
      this.bad(this.prettyLine, 'json-truncated', 'input ended inside a json-pretty object; skipped');
      this.pretty = null;
    }
  }

  block(buf: Buffer, start: number, end: number, firstLine: number, flags: number): number {
    const text = buf.toString('utf8', start, end);
    let pos = 0;
    let lineNo = firstLine;
    const len = text.length;
    while (true) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      this.parseLine(text, pos, nl, lineNo, flags);
      lineNo++;
      if (nl >= len) break;
      pos = nl + 1;
    }
    return lineNo - firstLine;
  }

  private parseLine(text: string, start: number, end: number, lineNo: number, flags: number): void {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end === start) return;
    let c = text.charCodeAt(start);
    if (this.pretty) {
      const line = text.slice(start, end);
      this.pretty.push(line);
      if (line === '}') {
        const body = this.pretty.join('\n');
        this.pretty = null;
        this.parseObject(body, this.prettyLine, flags);
      }
      return;
    }
    if (c === 0x1e) c = text.charCodeAt(++start); // json-seq record separator
    else if (c === 100 && text.startsWith('data: ', start)) c = text.charCodeAt((start += 6)); // json-sse
    if (c === 123 && end - start === 1) {
      this.pretty = ['{'];
      this.prettyLine = lineNo;
      return;
    }
    if (c !== 123) {
      if (end - start > 0 && text.slice(start, end).trim() === '') return;
      this.bad(lineNo, 'invalid-json', `not a JSON object: ${preview(text.slice(start, end))}`);
      return;
    }
    this.parseObject(start === 0 && end === text.length ? text : text.slice(start, end), lineNo, flags);
  }

  private parseObject(body: string, lineNo: number, flags: number): void {
    let o: JournalObject;
    try {
      o = JSON.parse(body) as JournalObject;
    } catch (e) {
      this.bad(lineNo, 'invalid-json', `invalid JSON (${(e as Error).message}); skipped`);
      return;
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      this.bad(lineNo, 'invalid-json', 'JSON value is not an object; skipped');
      return;
    }
    this.out.push(this.toRecord(o, lineNo, flags));
  }

  private toRecord(o: JournalObject, lineNo: number, lineFlags: number): LogRecord {
    let flags = lineFlags;
    const tsText = decodeValue(o._SOURCE_REALTIME_TIMESTAMP ?? o.__REALTIME_TIMESTAMP).text;
    const tsNum = tsText === null ? NaN : Number(tsText);
    const ts = Number.isSafeInteger(tsNum) ? tsNum : null;
    const host = decodeValue(o._HOSTNAME).text ?? this.ctx.defaultHost;
    const ident = decodeValue(o.SYSLOG_IDENTIFIER).text ?? decodeValue(o._COMM).text;
    const pid = intOrNull(o._PID, 0x7fffffff) ?? intOrNull(o.SYSLOG_PID, 0x7fffffff);
    const unit = decodeValue(o._SYSTEMD_UNIT).text;
    const priority = intOrNull(o.PRIORITY, 7);
    const facility = intOrNull(o.SYSLOG_FACILITY, 23);
    const bootId = decodeValue(o._BOOT_ID).text;
    const monoText = decodeValue(o.__MONOTONIC_TIMESTAMP).text;
    const monotonic = monoText === null || monoText === '' ? null : Number(monoText);
    const cursor = decodeValue(o.__CURSOR).text;
    const msg = decodeValue(o.MESSAGE);
    let message = msg.text;
    flags |= msg.flags;
    if (message === null) {
      message = '';
      if ('MESSAGE' in o) {
        flags |= RecordFlag.messageOmitted;
        this.reportOmitted(lineNo);
      }
    } else if (message.length > 0 && message.charCodeAt(message.length - 1) === 10) {
      message = message.slice(0, -1);
    }
    let newBoot = false;
    if (bootId !== null) {
      const key = host ?? '';
      const prev = this.bootByHost.get(key);
      if (prev !== bootId) {
        newBoot = prev !== undefined;
        this.bootByHost.set(key, bootId);
      }
    }
    return {
      ts,
      precision: ts === null ? 'none' : 'us',
      host,
      ident,
      pid,
      unit,
      priority,
      facility,
      bootId,
      newBoot,
      monotonic: Number.isFinite(monotonic) ? monotonic : null,
      message,
      format: this.format,
      input: this.ctx.input,
      line: lineNo,
      offset: null,
      cursor,
      flags,
    };
  }

  private reportOmitted(lineNo: number): void {
    this.ctx.diag.report({
      input: this.ctx.input,
      line: lineNo,
      offset: null,
      kind: 'warning',
      code: 'json-message-null',
      message: this.omittedReported
        ? 'MESSAGE is null (over 4096 bytes)'
        : 'MESSAGE is null: journalctl omits values over 4096 bytes unless run with --all; record kept without text',
    });
    this.omittedReported = true;
  }

  private bad(line: number, code: string, message: string): void {
    this.ctx.diag.report({ input: this.ctx.input, line, offset: null, kind: 'skipped', code, message });
  }
}

function preview(s: string): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify((s.length > 60 ? s.slice(0, 60) + '…' : s).replace(/[\x00-\x1f]/g, '.'));
}
