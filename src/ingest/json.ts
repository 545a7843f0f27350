// Parses journalctl's JSON family: json (one object per line), json-seq (RFC 7464 record
// separators), json-sse ("data: " framing) and json-pretty (tab-indented, concatenated objects).
// Values follow journalctl's encoding: strings, byte arrays for binary values, null for values
// over 4096 bytes, and arrays for fields that occur more than once.
import { isAscii, isUtf8 } from 'node:buffer';
import { makeRecord, RecordFlag, type InputFormat, type LogRecord } from '../model.js';
import type { ParseContext } from './parser.js';
import { LineParser } from './lines.js';

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

/** A journal timestamp field (microseconds since the epoch), or null. */
function timestamp(text: string | null | undefined): number | null {
  const n = text == null ? NaN : Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

function intOrNull(v: JsonValue | undefined, max: number): number | null {
  const t = decodeValue(v).text;
  if (t === null || t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

export class JsonParser extends LineParser {
  private readonly bootByHost = new Map<string, string>();
  private readonly fields = new WantedFields();
  /** json-pretty: the lines of the object being collected, and where it started. */
  private pretty: string[] | null = null;
  private prettyLine = 0;
  private omittedReported = false;

  constructor(
    ctx: ParseContext,
    private readonly format: InputFormat = 'json',
  ) {
    super(ctx);
  }

  protected finish(): void {
    if (this.pretty) {
      this.bad(this.prettyLine, 'json-truncated', 'input ended inside a json-pretty object; skipped');
      this.pretty = null;
    }
  }

  block(buf: Buffer, start: number, end: number, firstLine: number, flags: number): number {
    // ASCII (journalctl output mostly is) decodes to the same string as latin1, at half the cost.
    const text = isAscii(buf.subarray(start, end)) ? buf.toString('latin1', start, end) : buf.toString('utf8', start, end);
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
    if (this.scan(text, start, end)) {
      const f = this.fields;
      const filter = this.ctx.messageFilter;
      if (filter != null && typeof f.MESSAGE === 'string' && !filter.text(f.MESSAGE) && !this.newBootFor(f._HOSTNAME, f._BOOT_ID)) {
        // No pattern can match: time, host and place are all a command that asked for stubs uses.
        const ts = timestamp(f._SOURCE_REALTIME_TIMESTAMP ?? f.__REALTIME_TIMESTAMP);
        this.out.push(makeRecord(ts, ts === null ? 'none' : 'us', f._HOSTNAME ?? this.ctx.defaultHost, null, null, null, null, null, null, false, null, '', this.format, this.ctx.input, lineNo, null, null, flags | RecordFlag.unmatched));
        return;
      }
      this.out.push(this.toRecord(f as unknown as JournalObject, lineNo, flags, f.hasMessage));
      return;
    }
    this.parseObject(start === 0 && end === text.length ? text : text.slice(start, end), lineNo, flags);
  }

  /**
   * Fast path for journalctl's compact one-line JSON: walk the top-level members, keep only
   * the fields a record needs, and skip the rest without building them. Anything unusual
   * (escapes in a kept value, arrays, nesting, a damaged line) returns false and the line
   * goes through JSON.parse, which also produces the error message for invalid JSON.
   */
  private scan(text: string, start: number, end: number): boolean {
    const f = this.fields;
    f.reset();
    if (text.charCodeAt(end - 1) !== 125) return false;
    let pos = start + 1;
    if (text.charCodeAt(pos) === 125) return pos === end - 1;
    while (true) {
      if (text.charCodeAt(pos) !== 34) return false;
      const keyStart = pos + 1;
      const keyEnd = text.indexOf('"', keyStart);
      if (keyEnd < 0 || keyEnd >= end || text.charCodeAt(keyEnd + 1) !== 58) return false;
      const slot = wantedSlot(text, keyStart, keyEnd - keyStart);
      let v = keyEnd + 2;
      const c = text.charCodeAt(v);
      let value: string | null;
      if (c === 34) {
        let q = text.indexOf('"', v + 1);
        while (q >= 0 && q < end && text.charCodeAt(q - 1) === 92 && isEscaped(text, q)) q = text.indexOf('"', q + 1);
        if (q < 0 || q >= end) return false;
        if (slot >= 0) {
          value = text.slice(v + 1, q);
          // Escaped text in a kept value: let JSON.parse unescape it.
          if (value.indexOf('\\') >= 0) return false;
        } else value = null;
        v = q + 1;
      } else if (c === 110 && text.startsWith('null', v)) {
        value = null;
        v += 4;
      } else {
        return false; // arrays (binary or repeated values) and anything else
      }
      if (slot >= 0) f.set(slot, value);
      const sep = text.charCodeAt(v);
      if (sep === 44) pos = v + 1;
      else return sep === 125 && v === end - 1;
    }
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
    this.out.push(this.toRecord(o, lineNo, flags, 'MESSAGE' in o));
  }

  private toRecord(o: JournalObject, lineNo: number, lineFlags: number, hasMessage: boolean): LogRecord {
    let flags = lineFlags;
    const ts = timestamp(decodeValue(o._SOURCE_REALTIME_TIMESTAMP ?? o.__REALTIME_TIMESTAMP).text);
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
      if (hasMessage) {
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
    const mono = Number.isFinite(monotonic) ? monotonic : null;
    return makeRecord(ts, ts === null ? 'none' : 'us', host, ident, pid, unit, priority, facility, bootId, newBoot, mono, message, this.format, this.ctx.input, lineNo, null, cursor, flags);
  }

  /** Would a record of this host with this boot id start a new boot (or be the host's first)? Then it is never a stub. */
  private newBootFor(hostField: string | null | undefined, bootId: string | null | undefined): boolean {
    if (bootId == null) return false;
    return this.bootByHost.get(hostField ?? this.ctx.defaultHost ?? '') !== bootId;
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

/** The journal fields a record is built from, in one fixed-shape object reused per line. */
class WantedFields {
  MESSAGE: string | null | undefined = undefined;
  PRIORITY: string | null | undefined = undefined;
  SYSLOG_FACILITY: string | null | undefined = undefined;
  SYSLOG_IDENTIFIER: string | null | undefined = undefined;
  SYSLOG_PID: string | null | undefined = undefined;
  _PID: string | null | undefined = undefined;
  _COMM: string | null | undefined = undefined;
  _HOSTNAME: string | null | undefined = undefined;
  _BOOT_ID: string | null | undefined = undefined;
  _SYSTEMD_UNIT: string | null | undefined = undefined;
  __CURSOR: string | null | undefined = undefined;
  __REALTIME_TIMESTAMP: string | null | undefined = undefined;
  __MONOTONIC_TIMESTAMP: string | null | undefined = undefined;
  _SOURCE_REALTIME_TIMESTAMP: string | null | undefined = undefined;
  hasMessage = false;

  reset(): void {
    this.MESSAGE = this.PRIORITY = this.SYSLOG_FACILITY = this.SYSLOG_IDENTIFIER = undefined;
    this.SYSLOG_PID = this._PID = this._COMM = this._HOSTNAME = this._BOOT_ID = undefined;
    this._SYSTEMD_UNIT = this.__CURSOR = this.__REALTIME_TIMESTAMP = undefined;
    this.__MONOTONIC_TIMESTAMP = this._SOURCE_REALTIME_TIMESTAMP = undefined;
    this.hasMessage = false;
  }

  set(slot: number, value: string | null): void {
    // Repeated keys cannot occur in journalctl output (repeats become arrays); first wins.
    switch (slot) {
      case 0: if (this.MESSAGE === undefined) { this.MESSAGE = value; this.hasMessage = true; } break;
      case 1: this.PRIORITY ??= value; break;
      case 2: this.SYSLOG_FACILITY ??= value; break;
      case 3: this.SYSLOG_IDENTIFIER ??= value; break;
      case 4: this.SYSLOG_PID ??= value; break;
      case 5: this._PID ??= value; break;
      case 6: this._COMM ??= value; break;
      case 7: this._HOSTNAME ??= value; break;
      case 8: this._BOOT_ID ??= value; break;
      case 9: this._SYSTEMD_UNIT ??= value; break;
      case 10: this.__CURSOR ??= value; break;
      case 11: this.__REALTIME_TIMESTAMP ??= value; break;
      case 12: this.__MONOTONIC_TIMESTAMP ??= value; break;
      case 13: this._SOURCE_REALTIME_TIMESTAMP ??= value; break;
    }
  }
}

/** Index in WANTED of the key text[start, start+len), or -1: length first, then the text. */
function wantedSlot(text: string, start: number, len: number): number {
  switch (len) {
    case 7: return text.startsWith('MESSAGE', start) ? 0 : -1;
    case 8:
      if (text.startsWith('PRIORITY', start)) return 1;
      if (text.startsWith('_BOOT_ID', start)) return 8;
      return text.startsWith('__CURSOR', start) ? 10 : -1;
    case 15: return text.startsWith('SYSLOG_FACILITY', start) ? 2 : -1;
    case 17: return text.startsWith('SYSLOG_IDENTIFIER', start) ? 3 : -1;
    case 10: return text.startsWith('SYSLOG_PID', start) ? 4 : -1;
    case 4: return text.startsWith('_PID', start) ? 5 : -1;
    case 5: return text.startsWith('_COMM', start) ? 6 : -1;
    case 9: return text.startsWith('_HOSTNAME', start) ? 7 : -1;
    case 13: return text.startsWith('_SYSTEMD_UNIT', start) ? 9 : -1;
    case 20: return text.startsWith('__REALTIME_TIMESTAMP', start) ? 11 : -1;
    case 21: return text.startsWith('__MONOTONIC_TIMESTAMP', start) ? 12 : -1;
    case 26: return text.startsWith('_SOURCE_REALTIME_TIMESTAMP', start) ? 13 : -1;
    default: return -1;
  }
}

/** Is the quote at q escaped (an odd number of backslashes before it)? */
function isEscaped(text: string, q: number): boolean {
  let n = 0;
  while (text.charCodeAt(q - 1 - n) === 92) n++;
  return n % 2 === 1;
}
