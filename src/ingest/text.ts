// Parses the human text forms line by line: journalctl's short* modes and rsyslog's file
// formats (RFC 3164, RFC 3339, RFC 5424), plus pasted lines with no timestamp at all. The
// format is recognised per line, because one syslog file can switch format mid-way (a PVE 7→8
// upgrade) and pasted excerpts mix forms. Common shapes take hand-written fast paths.
import { isAscii } from 'node:buffer';
import { RecordFlag, type InputFormat, type LogRecord } from '../model.js';
import { monthIndex, MONTH_TOKEN_SOURCE } from '../time/months.js';
import { zoneAbbreviationOffset } from '../time/zone.js';
import { own } from '../strings.js';
import { LineParser } from './lines.js';
import type { MessageFilter } from './parser.js';

const ENGLISH_MONTHS = new Map<number, number>();
['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].forEach((m, i) =>
  ENGLISH_MONTHS.set((m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i),
);
const WEEKDAYS = new Set<number>();
['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].forEach((d) =>
  WEEKDAYS.add((d.charCodeAt(0) << 16) | (d.charCodeAt(1) << 8) | d.charCodeAt(2)),
);

/** Localised `short` stamps ("Okt 24", "déc. 2", "9 月 24"): the slow path. */
const LOCALISED_SHORT = new RegExp(
  `^(${MONTH_TOKEN_SOURCE})\\s+(\\d{1,2})日?\\s(\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))? `,
);
const HEADER_YEAR = /^-- (?:Logs begin at|Journal begins at) \S+ (\d{4})-\d\d-\d\d /;
const SPACED_TAG = /^([^[\]: ][^[\]:]{0,62}?)\[(\d{1,10})\]: ?/;
const BOOT_LINE = /^-- Boot ([0-9a-f]{32}) --$/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Value of a decimal digit at i, or -1. */
function dig(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}
function two(s: string, i: number): number {
  const a = dig(s, i);
  const b = dig(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Microseconds from a fraction of `n` digits starting at i (n ≤ 9). */
function fractionMicros(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < 6; k++) v = v * 10 + (k < n ? s.charCodeAt(i + k) - 48 : 0);
  return v;
}

/** Do bytes [start, end) spell the ASCII string s? */
function sameBytes(b: Buffer, start: number, end: number, s: string): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

function digitsAt(b: Buffer, p: number, n: number): boolean {
  for (let i = p; i < p + n; i++) {
    const c = b[i];
    if (c === undefined || c < 48 || c > 57) return false;
  }
  return true;
}

function precisionOf(digits: number): LogRecord['precision'] {
  return digits === 0 ? 's' : digits <= 3 ? 'ms' : 'us';
}

/** Scratch result of parsing a timestamp: where the rest of the line starts. */
interface Stamp {
  ts: number | null;
  precision: LogRecord['precision'];
  monotonic: number | null;
  next: number;
  format: InputFormat;
}

/** "7f3c2effd6c0 -1 " after a timestamp: a Ceph log line's thread id and debug level. */
const CEPH_THREAD_LEVEL = /^[0-9a-f]{8,16} +-?\d{1,2} /;

export class TextParser extends LineParser {
  private pending: LogRecord | null = null;
  /** Column where the pending record's message starts; continuation lines are indented to it. */
  private pendingIndent = 0;
  private readonly stamp: Stamp = { ts: null, precision: 'none', monotonic: null, next: 0, format: 'short' };
  private readonly bootByHost = new Map<string, string>();
  private separatorBoot: string | null = null;
  private separatorPrevHost: string | null | undefined = undefined;
  private lastHost: string | null = null;
  private rebootCount = 0;
  private spacePaddedDays = false;
  /** Lines that were recognised as log lines, and lines that were not (for format sniffing). */
  recognised = 0;
  unrecognised = 0;
  // Per-hour cache for stamps that carry their own offset (ISO / RFC 3339 / RFC 5424).
  private isoKey = -1;
  private shortHourKey = -1;
  private shortHourBase = 0;
  private shortLast = -Infinity;
  private isoBaseMs = 0;

  protected finish(): void {
    this.flushPending();
  }

  block(buf: Buffer, start: number, end: number, firstLine: number, flags: number): number {
    let lineNo = firstLine;
    if (flags === 0 && isAscii(buf.subarray(start, end))) {
      // ASCII: byte offsets are string offsets, so structure is read from the bytes (much
      // cheaper than charCodeAt) and fields are slices of one decoded block string.
      const text = buf.toString('latin1', start, end);
      const filter = this.ctx.messageFilter ?? null;
      let pos = start;
      while (true) {
        // String indexOf is a V8 builtin; Buffer#indexOf pays for a trip into C++ per call.
        let nl = text.indexOf('\n', pos - start) + start;
        if (nl < start) nl = end;
        // A line may become a stub only when the next line is seen not to continue it.
        const stub = filter !== null && nl < end && buf[nl + 1] !== 32 ? filter : null;
        if (!this.fastLine(buf, pos, nl, text, start, lineNo, stub)) {
          this.parseLine(text.slice(pos - start, nl - start), lineNo, 0);
        }
        lineNo++;
        if (nl >= end) break;
        pos = nl + 1;
      }
      return lineNo - firstLine;
    }
    const text = buf.toString('utf8', start, end);
    let pos = 0;
    const len = text.length;
    while (true) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      this.parseLine(nl - pos === len ? text : text.slice(pos, nl), lineNo, flags);
      lineNo++;
      if (nl >= len) break;
      pos = nl + 1;
    }
    return lineNo - firstLine;
  }

  /**
   * The common shapes on raw bytes: "Mmm dd hh:mm:ss host ident[pid]: msg" and
   * "YYYY-MM-DDThh:mm:ss[.f]±hh:mm host ident[pid]: msg". Anything else returns false and
   * goes through the general string parser.
   */
  private fastLine(buf: Buffer, s: number, e: number, text: string, base: number, lineNo: number, stub: MessageFilter | null): boolean {
    if (buf[e - 1] === 13) e--;
    if (e - s < 20) return false;
    const c0 = buf[s]!;
    const st = this.stamp;
    let p: number;
    if (c0 >= 48 && c0 <= 57) {
      if (buf[s + 4] !== 45 || !this.isoBytes(buf, s)) return false;
      p = st.next;
    } else {
      if (buf[s + 3] !== 32) return false;
      const month = ENGLISH_MONTHS.get((c0 << 16) | (buf[s + 1]! << 8) | buf[s + 2]!);
      if (month === undefined || !this.shortBytes(buf, s + 4, month)) return false;
      p = st.next;
    }
    // Host column, then "ident[pid]:" or "ident:". Offsets in `text` are byte offsets - base.
    // Short tokens are scanned byte by byte: cheaper here than calls into string builtins.
    let sp = p;
    while (sp < e && buf[sp] !== 32) {
      if (buf[sp] === 91) return false;
      sp++;
    }
    if (sp >= e || sp === p || buf[sp - 1] === 58) return false;
    // Hosts and identifiers repeat line after line (hosts interleave in a merged journal): reuse
    // the string instead of a new slice.
    const host = this.intern(buf, text, p, sp, base);
    const tagAt = sp + 1;
    sp = tagAt;
    while (sp < e && buf[sp] !== 32) sp++;
    const tagEnd = sp;
    if (buf[tagEnd - 1] !== 58) return false;
    let identEnd: number;
    let pid: number | null = null;
    if (buf[tagEnd - 2] === 93) {
      // "ident[1234]:" — walk back over the pid digits to the "[".
      let i = tagEnd - 3;
      let n = 0;
      let scale = 1;
      while (i > tagAt && buf[i]! >= 48 && buf[i]! <= 57) {
        n += (buf[i]! - 48) * scale;
        scale *= 10;
        i--;
      }
      if (buf[i] !== 91 || i === tagEnd - 3 || tagEnd - 3 - i > 10) return false;
      identEnd = i;
      pid = n;
    } else identEnd = tagEnd - 1;
    for (let i = tagAt; i < identEnd; i++) if (buf[i] === 91) return false;
    const msgStart = tagEnd + 1 < e ? tagEnd + 1 : e;
    if (stub !== null && this.separatorPrevHost === undefined && !stub.bytes(buf, msgStart, e)) {
      this.emitStub(host, lineNo);
      return true;
    }
    const ident = this.intern(buf, text, tagAt, identEnd, base);
    this.emitRecord(host, ident, pid, null, null, text.slice(msgStart - base, e - base), lineNo, 0, msgStart - s);
    return true;
  }

  /** Recent host and identifier strings, by a hash of their bytes; they own their characters. */
  private readonly internCache: string[] = new Array<string>(256).fill('');

  private intern(buf: Buffer, text: string, start: number, end: number, base: number): string {
    const len = end - start;
    const slot = (len * 31 + buf[start]! * 7 + buf[end - 1]!) & 255;
    const cached = this.internCache[slot];
    if (sameBytes(buf, start, end, cached)) return cached;
    const fresh = own(text.slice(start - base, end - base));
    this.internCache[slot] = fresh;
    return fresh;
  }

  /** Byte version of parseShort (English month already matched; day at p). */
  private shortBytes(b: Buffer, p: number, month: number): boolean {
    const d0 = b[p]!;
    let day: number;
    if (d0 === 32) {
      day = b[p + 1]! - 48;
      this.spacePaddedDays = true;
    } else day = (d0 - 48) * 10 + b[p + 1]! - 48;
    const h = (b[p + 3]! - 48) * 10 + b[p + 4]! - 48;
    const mi = (b[p + 6]! - 48) * 10 + b[p + 7]! - 48;
    const sec = (b[p + 9]! - 48) * 10 + b[p + 10]! - 48;
    if (b[p + 2] !== 32 || b[p + 5] !== 58 || b[p + 8] !== 58) return false;
    if (!(day >= 1 && day <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60)) return false;
    if (!digitsAt(b, p + 3, 2) || !digitsAt(b, p + 6, 2) || !digitsAt(b, p + 9, 2)) return false;
    if (b[p + 11] !== 32) return false; // fractions take the string path
    const st = this.stamp;
    // Consecutive lines share their hour: reuse its start unless time would step back (a
    // year rollover or the repeated DST hour, which the time context resolves).
    const hourKey = (month * 32 + day) * 24 + h;
    const within = (mi * 60 + (sec > 59 ? 59 : sec)) * 1_000_000;
    if (hourKey === this.shortHourKey && this.shortHourBase + within >= this.shortLast) {
      st.ts = this.shortHourBase + within;
    } else {
      st.ts = this.ctx.time.yearlessToMicros(month, day, h, mi, sec > 59 ? 59 : sec, 0);
      this.shortHourKey = hourKey;
      this.shortHourBase = st.ts - within;
    }
    this.shortLast = st.ts;
    st.precision = 's';
    st.monotonic = null;
    st.next = p + 12;
    st.format = this.spacePaddedDays ? 'rfc3164' : 'short';
    return true;
  }

  /** Byte version of parseIso for stamps with an explicit offset (or Z). */
  private isoBytes(b: Buffer, p: number): boolean {
    if (!digitsAt(b, p, 4) || !digitsAt(b, p + 5, 2) || !digitsAt(b, p + 8, 2) || b[p + 7] !== 45 || b[p + 10] !== 84) return false;
    if (!digitsAt(b, p + 11, 2) || !digitsAt(b, p + 14, 2) || !digitsAt(b, p + 17, 2) || b[p + 13] !== 58 || b[p + 16] !== 58) return false;
    const y = (b[p]! - 48) * 1000 + (b[p + 1]! - 48) * 100 + (b[p + 2]! - 48) * 10 + b[p + 3]! - 48;
    const mo = (b[p + 5]! - 48) * 10 + b[p + 6]! - 48;
    const d = (b[p + 8]! - 48) * 10 + b[p + 9]! - 48;
    const h = (b[p + 11]! - 48) * 10 + b[p + 12]! - 48;
    const mi = (b[p + 14]! - 48) * 10 + b[p + 15]! - 48;
    let sec = (b[p + 17]! - 48) * 10 + b[p + 18]! - 48;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
    if (sec > 59) sec = 59;
    let q = p + 19;
    let digits = 0;
    let micros = 0;
    if (b[q] === 46) {
      q++;
      while (digits < 9 && b[q + digits]! >= 48 && b[q + digits]! <= 57) {
        if (digits < 6) micros = micros * 10 + b[q + digits]! - 48;
        digits++;
      }
      if (digits === 0) return false;
      for (let k = digits; k < 6; k++) micros *= 10;
      q += digits;
    }
    let offsetMin: number;
    const z = b[q];
    if (z === 90) {
      offsetMin = 0;
      q++;
    } else if (z === 43 || z === 45) {
      if (!digitsAt(b, q + 1, 2)) return false;
      const oh = (b[q + 1]! - 48) * 10 + b[q + 2]! - 48;
      let om: number;
      if (b[q + 3] === 58 && digitsAt(b, q + 4, 2)) {
        om = (b[q + 4]! - 48) * 10 + b[q + 5]! - 48;
        q += 6;
      } else if (digitsAt(b, q + 3, 2)) {
        om = (b[q + 3]! - 48) * 10 + b[q + 4]! - 48;
        q += 5;
      } else return false;
      offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else return false;
    if (b[q] !== 32) return false;
    const key = ((y * 16 + mo) * 32 + d) * 24 + h;
    if (key !== this.isoKey) {
      this.isoKey = key;
      this.isoBaseMs = Date.UTC(y, mo - 1, d, h);
    }
    const st = this.stamp;
    st.ts = (this.isoBaseMs + (mi * 60 + sec) * 1000 - offsetMin * 60000) * 1000 + micros;
    st.precision = precisionOf(digits);
    st.monotonic = null;
    st.next = q + 1;
    st.format = digits ? 'short-iso-precise' : 'short-iso';
    return true;
  }

  private flushPending(): void {
    if (this.pending) {
      this.out.push(this.pending);
      this.pending = null;
    }
  }

  private parseLine(raw: string, lineNo: number, flags: number): void {
    let line = raw;
    let end = line.length;
    if (end > 0 && line.charCodeAt(end - 1) === 13) line = line.slice(0, --end);
    if (end === 0) return;
    const c0 = line.charCodeAt(0);

    // An indented line continues the previous record's message (journalctl multi-line output).
    if (c0 === 32 && this.pending && this.pendingIndent > 0 && this.isContinuation(line)) {
      this.pending.message += '\n' + line.slice(this.pendingIndent);
      return;
    }
    if (c0 === 45 && line.startsWith('-- ')) {
      if (this.parseSeparator(line)) return;
    }
    if (c0 === 27) {
      // Terminal copy with colour codes: strip them and parse what is left.
      this.parseLine(line.replace(ANSI, ''), lineNo, flags);
      return;
    }

    const st = this.stamp;
    if (!this.parseStamp(line, c0)) {
      // No timestamp: a pasted line such as "corosync[3813]:   [TOTEM ] ...".
      st.ts = null;
      st.precision = 'none';
      st.monotonic = null;
      st.next = 0;
      st.format = 'untimed';
      if (!this.parseRest(line, 0, lineNo, flags, true)) {
        // Neither a stamp nor an "ident[pid]:" tag: a task-log line ("TASK ERROR: …"), a Ceph
        // client's stderr, or a line of a pasted excerpt. Kept whole, untimed, without an
        // identifier, so patterns for such text can still match it. (A file made only of such
        // lines is refused as not-a-log by the format probe, which counts them.)
        this.unrecognised++;
        this.emitRecord(this.ctx.defaultHost, null, null, null, null, line, lineNo, flags, 0);
        this.recognised--;
      }
      return;
    }
    this.parseRest(line, st.next, lineNo, flags, false);
  }

  private isContinuation(line: string): boolean {
    const n = this.pendingIndent;
    if (line.length <= n) return false;
    for (let i = 1; i < n; i++) if (line.charCodeAt(i) !== 32) return false;
    return true;
  }

  /** `-- Boot … --`, `-- Reboot --`, headers, `-- No entries --`. Returns false for other text. */
  private parseSeparator(line: string): boolean {
    const known = this.separator(line);
    if (known) this.recognised++;
    return known;
  }

  private separator(line: string): boolean {
    const boot = BOOT_LINE.exec(line);
    if (boot) {
      this.flushPending();
      this.separatorBoot = boot[1]!;
      this.separatorPrevHost = this.lastHost;
      return true;
    }
    if (line === '-- Reboot --') {
      this.flushPending();
      this.separatorBoot = null;
      this.separatorPrevHost = this.lastHost;
      return true;
    }
    const header = HEADER_YEAR.exec(line);
    if (header) {
      this.ctx.time.years.hintYear(Number(header[1]));
      return true;
    }
    if (line === '-- No entries --' || line.startsWith('-- cursor: ')) return true;
    return false;
  }

  /** Recognise the timestamp at the start of the line; fills this.stamp. */
  private parseStamp(line: string, c0: number): boolean {
    const st = this.stamp;
    if (c0 >= 48 && c0 <= 57) {
      if (line.charCodeAt(4) === 45) return this.parseIso(line, 0, st);
      return this.parseUnix(line, st) || this.parseLocalised(line, st);
    }
    if (c0 === 60) return this.parsePri(line, st);
    if (c0 === 91) return this.parseMonotonic(line, st);
    if (c0 === 32 && line.charCodeAt(1) >= 48 && line.charCodeAt(1) <= 57) {
      return this.parseUnix(line, st) || this.parseLocalised(line, st);
    }
    if (line.length > 15 && line.charCodeAt(3) === 32) {
      const key = (c0 << 16) | (line.charCodeAt(1) << 8) | line.charCodeAt(2);
      const month = ENGLISH_MONTHS.get(key);
      if (month !== undefined && this.parseShort(line, month, 4, st)) return true;
      if (WEEKDAYS.has(key) && this.parseFull(line, st)) return true;
    }
    return this.parseLocalised(line, st);
  }

  /** "Nov 14 23:13:20[.ffffff] " with the day at `p` (zero- or space-padded). */
  private parseShort(line: string, month: number, p: number, st: Stamp): boolean {
    let day: number;
    const d0 = line.charCodeAt(p);
    if (d0 === 32) {
      day = dig(line, p + 1);
      if (day < 0) return false;
      this.spacePaddedDays = true;
    } else {
      day = two(line, p);
    }
    if (day < 1 || day > 31 || line.charCodeAt(p + 2) !== 32) return false;
    const h = two(line, p + 3);
    const mi = two(line, p + 6);
    const s = two(line, p + 9);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
    if (line.charCodeAt(p + 5) !== 58 || line.charCodeAt(p + 8) !== 58) return false;
    let q = p + 11;
    let digits = 0;
    if (line.charCodeAt(q) === 46) {
      q++;
      while (dig(line, q + digits) >= 0) digits++;
      if (digits === 0 || digits > 9) return false;
    }
    const sep = line.charCodeAt(q + digits);
    if (sep !== 32 && !Number.isNaN(sep)) return false;
    const micros = digits ? fractionMicros(line, q, digits) : 0;
    st.ts = this.ctx.time.yearlessToMicros(month, day, h, mi, s > 59 ? 59 : s, micros);
    st.precision = precisionOf(digits);
    st.monotonic = null;
    st.next = q + digits + 1;
    st.format = digits ? 'short-precise' : this.spacePaddedDays ? 'rfc3164' : 'short';
    return true;
  }

  /** ISO 8601 / RFC 3339 at `p`: 2023-11-14T23:13:20[.ffffff](Z|+0100|+01:00|+01) */
  private parseIso(line: string, p: number, st: Stamp): boolean {
    const y = two(line, p) * 100 + two(line, p + 2);
    const mo = two(line, p + 5);
    const d = two(line, p + 8);
    const t = line.charCodeAt(p + 10);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || (t !== 84 && t !== 32)) return false;
    if (line.charCodeAt(p + 7) !== 45) return false;
    const h = two(line, p + 11);
    const mi = two(line, p + 14);
    const s = two(line, p + 17);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
    let q = p + 19;
    let digits = 0;
    if (line.charCodeAt(q) === 46 || line.charCodeAt(q) === 44) {
      q++;
      while (dig(line, q + digits) >= 0) digits++;
      if (digits === 0 || digits > 9) return false;
    }
    const micros = digits ? fractionMicros(line, q, digits) : 0;
    q += digits;
    const z = line.charCodeAt(q);
    let offsetMin: number;
    if (z === 90) {
      offsetMin = 0;
      q++;
    } else if (z === 43 || z === 45) {
      const oh = two(line, q + 1);
      if (oh < 0) return false;
      let om = 0;
      if (line.charCodeAt(q + 3) === 58) {
        om = two(line, q + 4);
        q += 6;
      } else if (dig(line, q + 3) >= 0) {
        om = two(line, q + 3);
        q += 5;
      } else q += 3;
      if (om < 0 || oh > 18) return false;
      offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (z === 32 && t === 84) {
      return false;
    } else {
      // No offset: a wall-clock time in the --tz zone.
      offsetMin = NaN;
    }
    const after = line.charCodeAt(q);
    if (after !== 32 && !Number.isNaN(after)) return false;
    if (Number.isNaN(offsetMin)) {
      st.ts = this.ctx.time.wallToMicros(y, mo - 1, d, h, mi, s > 59 ? 59 : s, micros);
    } else {
      const key = ((y * 16 + mo) * 32 + d) * 24 + h;
      if (key !== this.isoKey) {
        this.isoKey = key;
        this.isoBaseMs = Date.UTC(y, mo - 1, d, h);
      }
      const ms = this.isoBaseMs + (mi * 60 + (s > 59 ? 59 : s)) * 1000 - offsetMin * 60000;
      st.ts = ms * 1000 + micros;
    }
    st.precision = precisionOf(digits);
    st.monotonic = null;
    st.next = q + 1;
    st.format = digits ? 'short-iso-precise' : 'short-iso';
    return true;
  }

  /** short-full: "Tue 2023-11-14 23:13:20 CET host ident: msg" (zone may be missing). */
  private parseFull(line: string, st: Stamp): boolean {
    if (line.charCodeAt(3) !== 32 || line.charCodeAt(8) !== 45) return false;
    const y = two(line, 4) * 100 + two(line, 6);
    const mo = two(line, 9);
    const d = two(line, 12);
    const h = two(line, 15);
    const mi = two(line, 18);
    const s = two(line, 21);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return false;
    let q = 23;
    let digits = 0;
    if (line.charCodeAt(q) === 46) {
      q++;
      while (dig(line, q + digits) >= 0) digits++;
    }
    const micros = digits ? fractionMicros(line, q, digits) : 0;
    q += digits;
    if (line.charCodeAt(q) !== 32) return false;
    q++;
    const sp = line.indexOf(' ', q);
    const token = sp < 0 ? '' : line.slice(q, sp);
    let offset: number | null = null;
    if (/^(?:[A-Z]{2,6}|[+-]\d\d(?::?\d\d)?)$/.test(token)) {
      offset = zoneAbbreviationOffset(token);
      q = sp + 1;
    }
    const sec = s > 59 ? 59 : s;
    st.ts =
      offset === null
        ? this.ctx.time.wallToMicros(y, mo - 1, d, h, mi, sec, micros)
        : (Date.UTC(y, mo - 1, d, h, mi, sec) - offset * 60000) * 1000 + micros;
    st.precision = precisionOf(digits);
    st.monotonic = null;
    st.next = q;
    st.format = 'short-full';
    return true;
  }

  /** short-unix: "1700000000.000000 host ident: msg". */
  private parseUnix(line: string, st: Stamp): boolean {
    let p = line.charCodeAt(0) === 32 ? 1 : 0;
    const start = p;
    let secs = 0;
    while (dig(line, p) >= 0) secs = secs * 10 + dig(line, p++);
    const intDigits = p - start;
    if (intDigits < 9 || intDigits > 11 || line.charCodeAt(p) !== 46) return false;
    p++;
    let digits = 0;
    while (dig(line, p + digits) >= 0) digits++;
    if (digits === 0 || digits > 9 || line.charCodeAt(p + digits) !== 32) return false;
    st.ts = secs * 1_000_000 + fractionMicros(line, p, digits);
    st.precision = precisionOf(digits);
    st.monotonic = null;
    st.next = p + digits + 1;
    st.format = 'short-unix';
    return true;
  }

  /** short-monotonic / short-delta: "[    5.000000] host ident: msg" — time since boot only. */
  private parseMonotonic(line: string, st: Stamp): boolean {
    const m = /^\[ *(\d+)\.(\d{6})(?: <[ \d.]+[ *]>| {16})?\] /.exec(line);
    if (!m) return false;
    st.ts = null;
    st.precision = 'none';
    st.monotonic = Number(m[1]) * 1_000_000 + Number(m[2]);
    st.next = m[0].length;
    st.format = 'short-monotonic';
    return true;
  }

  /** "<PRI>1 …" (RFC 5424) or "<PRI>Mmm dd hh:mm:ss …" (RFC 3164 with priority). */
  private parsePri(line: string, st: Stamp): boolean {
    const close = line.indexOf('>');
    if (close < 2 || close > 4) return false;
    const pri = Number(line.slice(1, close));
    if (!Number.isInteger(pri) || pri < 0 || pri > 191) return false;
    this.pri = pri;
    if (line.charCodeAt(close + 1) === 49 && line.charCodeAt(close + 2) === 32) {
      return this.parse5424(line, close + 3, st);
    }
    const rest = line.slice(close + 1);
    const key = (rest.charCodeAt(0) << 16) | (rest.charCodeAt(1) << 8) | rest.charCodeAt(2);
    const month = ENGLISH_MONTHS.get(key);
    if (month === undefined || !this.parseShort(line, month, close + 5, st)) {
      this.pri = -1;
      return false;
    }
    return true;
  }
  private pri = -1;
  private rfc5424: { host: string | null; app: string | null; pid: number | null; msgStart: number } | null = null;

  private parse5424(line: string, p: number, st: Stamp): boolean {
    // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
    let q = p;
    if (line.charCodeAt(q) === 45) {
      st.ts = null;
      st.precision = 'none';
      q += 2;
    } else {
      if (!this.parseIso(line, q, st)) return false;
      q = st.next;
    }
    const fields: string[] = [];
    for (let i = 0; i < 4; i++) {
      const sp = line.indexOf(' ', q);
      if (sp < 0) return false;
      fields.push(line.slice(q, sp));
      q = sp + 1;
    }
    // Structured data: "-" or one or more [id k="v" …] blocks with \" \\ \] escapes.
    if (line.charCodeAt(q) === 45) q++;
    else {
      while (line.charCodeAt(q) === 91) {
        q++;
        while (q < line.length && line.charCodeAt(q) !== 93) q += line.charCodeAt(q) === 92 ? 2 : 1;
        if (q >= line.length) return false;
        q++;
      }
    }
    if (q < line.length && line.charCodeAt(q) === 32) q++;
    // A legacy message relayed by rsyslog keeps its own leading space: drop that one space.
    if (line.charCodeAt(q) === 32) q++;
    if (line.charCodeAt(q) === 0xfeff) q++;
    const nil = (v: string | undefined): string | null => (v === undefined || v === '-' ? null : v);
    const procid = nil(fields[2]);
    this.rfc5424 = {
      host: nil(fields[0]),
      app: nil(fields[1]),
      pid: procid !== null && /^\d+$/.test(procid) ? Number(procid) : null,
      msgStart: q,
    };
    st.format = 'rfc5424';
    st.monotonic = null;
    st.next = q;
    return true;
  }

  /** Localised month names ("Okt 24 …", "déc. 2 …", "9月 24 …"). */
  private parseLocalised(line: string, st: Stamp): boolean {
    const m = LOCALISED_SHORT.exec(line);
    if (!m) return false;
    const month = monthIndex(m[1]!.trim());
    if (month < 0) return false;
    const day = Number(m[2]);
    const h = Number(m[3]);
    const mi = Number(m[4]);
    const s = Math.min(Number(m[5]), 59);
    const frac = m[6] ?? '';
    if (day < 1 || day > 31 || h > 23 || mi > 59) return false;
    st.ts = this.ctx.time.yearlessToMicros(month, day, h, mi, s, frac ? fractionMicros(frac, 0, frac.length) : 0);
    st.precision = precisionOf(frac.length);
    st.monotonic = null;
    st.next = m[0].length;
    st.format = frac ? 'short-precise' : 'short';
    return true;
  }

  /**
   * Host, tag and message after the timestamp. `untimed` lines have no host column unless the
   * first token is followed by a proper "ident[pid]:" tag. Returns false if nothing fits.
   */
  private parseRest(line: string, p: number, lineNo: number, flags: number, untimed: boolean): boolean {
    const st = this.stamp;
    let host: string | null = this.ctx.defaultHost;
    let ident: string | null = null;
    let pid: number | null = null;
    let msgStart: number;
    let facility: number | null = null;
    let priority: number | null = null;

    if (this.pri >= 0) {
      facility = this.pri >> 3;
      priority = this.pri & 7;
      this.pri = -1;
    }
    const r5424 = this.rfc5424;
    if (r5424) {
      this.rfc5424 = null;
      host = r5424.host ?? host;
      ident = r5424.app;
      pid = r5424.pid;
      msgStart = r5424.msgStart;
    } else {
      let tagAt = p;
      const sp = line.indexOf(' ', p);
      const tokenEnd = sp < 0 ? line.length : sp;
      // Is the first token a host name or already the tag? Tags carry "[" or end in ":".
      const bracket = line.indexOf('[', p);
      const isTag = (bracket >= 0 && bracket < tokenEnd) || line.charCodeAt(tokenEnd - 1) === 58;
      const ceph = !isTag && sp > 0 ? CEPH_THREAD_LEVEL.exec(line.slice(p, p + 40)) : null;
      if (ceph) {
        // A Ceph client/daemon log line ("<time> <thread id> <level> msg", in task logs and
        // stderr captures): the hex thread id is not a host name. No host, no identifier.
        const message = line.slice(p + ceph[0].length);
        this.emitRecord(host, null, null, priority, facility, message, lineNo, flags, untimed ? 0 : p + ceph[0].length);
        return true;
      }
      if (!isTag) {
        if (untimed && !this.looksLikeTag(line, tokenEnd + 1)) return false;
        if (sp < 0) {
          if (untimed) return false;
          host = line.slice(p);
          tagAt = line.length;
        } else {
          host = line.slice(p, sp);
          tagAt = sp + 1;
        }
      }
      // Tag: ident[pid]: or ident: — or nothing (rsyslog "-- MARK --" style lines).
      msgStart = tagAt;
      const len = line.length;
      const sp2 = line.indexOf(' ', tagAt);
      const tagEnd = sp2 < 0 ? len : sp2;
      const last = line.charCodeAt(tagEnd - 1);
      if (last === 58 && line.charCodeAt(tagEnd - 2) === 93) {
        // Fast path "ident[1234]:" — the shape of nearly every line.
        const open = line.lastIndexOf('[', tagEnd - 3);
        let n = 0;
        let ok = open > tagAt && tagEnd - 3 - open <= 10;
        for (let i = open + 1; ok && i < tagEnd - 2; i++) {
          const d = line.charCodeAt(i) - 48;
          if (d < 0 || d > 9) ok = false;
          else n = n * 10 + d;
        }
        if (ok && open + 1 < tagEnd - 2 && line.indexOf('[', tagAt) === open) {
          ident = line.slice(tagAt, open);
          pid = n;
          msgStart = tagEnd + 1;
        } else {
          const t = this.parseTagSlow(line, tagAt, untimed);
          if (t === false) return false;
          ({ ident, pid, msgStart } = t);
        }
      } else if (last === 58 && line.indexOf('[', tagAt) < 0 || (last === 58 && line.indexOf('[', tagAt) > tagEnd)) {
        ident = line.slice(tagAt, tagEnd - 1);
        msgStart = tagEnd + 1;
      } else {
        const t = this.parseTagSlow(line, tagAt, untimed);
        if (t === false) return false;
        ({ ident, pid, msgStart } = t);
      }
      if (msgStart > len) msgStart = len;
      if (untimed && ident === null) return false;
    }

    const message = msgStart >= line.length ? '' : line.slice(msgStart);
    this.emitRecord(host, ident, pid, priority, facility, message, lineNo, flags, st.format === 'rfc5424' || untimed ? 0 : msgStart);
    return true;
  }

  /** Finish a record from the parsed parts (this.stamp holds its time); it stays pending for continuations. */
  private emitRecord(
    host: string | null,
    ident: string | null,
    pid: number | null,
    priority: number | null,
    facility: number | null,
    message: string,
    lineNo: number,
    flags: number,
    indent: number,
  ): void {
    let recFlags = flags;
    if (message.charCodeAt(0) === 91 && message.charCodeAt(message.length - 1) === 93 && message.endsWith(' blob data]')) {
      recFlags |= RecordFlag.blob;
    }

    // Boot bookkeeping: a separator line belongs to the host whose entry follows it.
    let bootId: string | null;
    let newBoot = false;
    if (this.separatorPrevHost !== undefined) {
      const hostKey = host ?? '';
      const prevBoot = this.bootByHost.get(hostKey);
      const sameHost = this.separatorPrevHost === host;
      if (this.separatorBoot !== null) {
        bootId = this.separatorBoot;
        newBoot = sameHost || (prevBoot !== undefined && prevBoot !== bootId);
      } else if (sameHost) {
        // 241's "-- Reboot --" names no boot: number the boots of this input instead.
        bootId = `reboot-${++this.rebootCount}`;
        newBoot = true;
      } else {
        bootId = prevBoot ?? null;
      }
      if (bootId !== null) this.bootByHost.set(hostKey, bootId);
      this.separatorPrevHost = undefined;
      this.separatorBoot = null;
    } else {
      bootId = this.bootByHost.size === 0 ? null : (this.bootByHost.get(host ?? '') ?? null);
    }
    this.lastHost = host;
    this.recognised++;

    this.flushPending();
    // with-unit mode prints the unit in the identifier column (checked cheaply: last char 'e').
    const unitLike = ident !== null && ident.charCodeAt(ident.length - 1) === 101 && ident.endsWith('.service') ? ident : null;
    this.pending = this.record(host, ident, pid, unitLike, priority, facility, bootId, newBoot, message, lineNo, recFlags);
    this.pendingIndent = indent;
  }

  /**
   * A record timed by this.stamp, full or stub. The literal keeps makeRecord()'s key order (one
   * shape for all formats) but is written out here: calling makeRecord() from this, the hottest
   * record site, measured 20-30 % slower in the parse-and-match loop.
   */
  private record(
    host: string | null,
    ident: string | null,
    pid: number | null,
    unit: string | null,
    priority: number | null,
    facility: number | null,
    bootId: string | null,
    newBoot: boolean,
    message: string,
    line: number,
    flags: number,
  ): LogRecord {
    const st = this.stamp;
    return {
      ts: st.ts,
      precision: st.precision,
      host,
      ident,
      pid,
      unit,
      priority,
      facility,
      bootId,
      newBoot,
      monotonic: st.monotonic,
      message,
      format: st.format,
      input: this.ctx.input,
      line,
      offset: null,
      cursor: null,
      flags,
    };
  }

  /**
   * A line no pattern can match, for a command that asked for stubs (ParseContext.messageFilter):
   * counted and timed like a record, with the state a record updates (last host, pending
   * record), but without identifier, message or boot fields.
   */
  private emitStub(host: string, lineNo: number): void {
    this.lastHost = host;
    this.recognised++;
    this.flushPending();
    this.out.push(this.record(host, null, null, null, null, null, null, false, '', lineNo, RecordFlag.unmatched));
  }

  /** Tags the fast path does not cover: spaces in the ident, no colon (RFC 5424 origin), none. */
  private parseTagSlow(
    line: string,
    tagAt: number,
    untimed: boolean,
  ): { ident: string | null; pid: number | null; msgStart: number } | false {
    let ident: string | null = null;
    let pid: number | null = null;
    let msgStart = tagAt;
    for (let i = tagAt; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 91) {
        const close = line.indexOf(']', i);
        if (close < 0) break;
        const digits = line.slice(i + 1, close);
        if (!/^\d{1,10}$/.test(digits)) break;
        ident = line.slice(tagAt, i);
        pid = Number(digits);
        let q = close + 1;
        if (line.charCodeAt(q) === 58) q++;
        else if (untimed) return false;
        if (line.charCodeAt(q) === 32) q++;
        msgStart = q;
        break;
      }
      if (c === 58) {
        const n = line.charCodeAt(i + 1);
        if (n === 32 || i + 1 === line.length) {
          ident = line.slice(tagAt, i);
          msgStart = Math.min(i + 2, line.length);
          break;
        }
      } else if (c === 32) {
        // journald's _COMM is cut at 15 bytes and may contain a space ("pvedaemon worke[1524]:").
        const spaced = SPACED_TAG.exec(line.slice(tagAt, tagAt + 80));
        if (spaced) {
          ident = spaced[1]!;
          pid = Number(spaced[2]);
          msgStart = tagAt + spaced[0].length;
        }
        break;
      }
    }
    return { ident, pid, msgStart };
  }

  /** Does an "ident[pid]:" tag start at p? Used to accept "host ident[pid]: msg" excerpts. */
  private looksLikeTag(line: string, p: number): boolean {
    const sp = line.indexOf(' ', p);
    const token = sp < 0 ? line.slice(p) : line.slice(p, sp);
    return /^[^\s[\]:]+\[\d+\]:$/.test(token);
  }
}
