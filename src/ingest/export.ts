// Streaming parser for `journalctl -o export` byte streams (Journal Export Format): turns
// NAME=value lines and length-framed binary fields into one LogRecord per entry, holding at
// most one field (capped at maxLineBytes) in memory however large the input.
import { isUtf8 } from 'node:buffer';
import { makeRecord, RecordFlag, type LogRecord } from '../model.js';
import type { ByteParser, ParseContext } from './parser.js';

const NL = 0x0a;
const CR = 0x0d;
const EQ = 0x3d;
const NAME_MAX = 64;
/** Lengths above this cannot come from journald (its importer stops at 768 MiB): corruption. */
const ABSURD_LENGTH = 2 ** 30;
const CR_BYTE = Buffer.from([CR]);

// Where the byte stream is: inside a line, discarding the rest of an overlong line, or in the
// three parts of a binary field (length, data, terminating newline, or the CR of a CRLF one).
const S_LINE = 0;
const S_SKIP_LINE = 1;
const S_LEN = 2;
const S_DATA = 3;
const S_DATA_NL = 4;
const S_DATA_CR = 5;

// The only fields ever decoded. Each id is also its bit in `seen` (first value wins).
const F_CURSOR = 0;
const F_REALTIME = 1;
const F_MONOTONIC = 2;
const F_SOURCE_REALTIME = 3;
const F_HOSTNAME = 4;
const F_IDENT = 5;
const F_COMM = 6;
const F_PID = 7;
const F_SYSLOG_PID = 8;
const F_UNIT = 9;
const F_PRIORITY = 10;
const F_FACILITY = 11;
const F_BOOT_ID = 12;
const F_MESSAGE = 13;
/** A valid name we do not map (kept for counting only). */
const F_OTHER = -1;
/** A name that breaks the NAME grammar. */
const F_INVALID = -2;

const KNOWN_NAMES: readonly string[] = [
  '__CURSOR',
  '__REALTIME_TIMESTAMP',
  '__MONOTONIC_TIMESTAMP',
  '_SOURCE_REALTIME_TIMESTAMP',
  '_HOSTNAME',
  'SYSLOG_IDENTIFIER',
  '_COMM',
  '_PID',
  'SYSLOG_PID',
  '_SYSTEMD_UNIT',
  'PRIORITY',
  'SYSLOG_FACILITY',
  '_BOOT_ID',
  'MESSAGE',
];
// Names are validated and recognised in one pass by a small automaton over the NAME alphabet:
// a trie of the known names, plus a state for "valid but not ours" and a dead state for
// "invalid". One table lookup per byte, and no second comparison against the known names.
const CLS_INVALID = 37;
const CLASS_COUNT = 38;
/** Byte to alphabet class: A-Z 0-25, 0-9 26-35, '_' 36, anything else CLS_INVALID. */
const NAME_CLASS = new Uint8Array(256).fill(CLS_INVALID);
for (let c = 0x41; c <= 0x5a; c++) NAME_CLASS[c] = c - 0x41;
for (let c = 0x30; c <= 0x39; c++) NAME_CLASS[c] = 26 + c - 0x30;
NAME_CLASS[0x5f] = 36;
const ST_START = 0;
const ST_INVALID = 1;
const ST_OTHER = 2;
const { NAME_NEXT, NAME_ACCEPT } = (() => {
  const children: Map<number, number>[] = [new Map(), new Map(), new Map()];
  const accept: number[] = [-1, -1, -1];
  KNOWN_NAMES.forEach((name, id) => {
    let st = ST_START;
    for (const ch of name) {
      const cls = NAME_CLASS[ch.charCodeAt(0)];
      let next = children[st].get(cls);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        accept.push(-1);
        children[st].set(cls, next);
      }
      st = next;
    }
    accept[st] = id;
  });
  const next = new Int16Array(children.length * CLASS_COUNT);
  for (let st = 0; st < children.length; st++) {
    for (let cls = 0; cls < CLASS_COUNT; cls++) {
      let to: number;
      if (st === ST_INVALID || cls === CLS_INVALID || (st === ST_START && cls >= 26 && cls <= 35)) to = ST_INVALID;
      else to = children[st].get(cls) ?? ST_OTHER;
      next[st * CLASS_COUNT + cls] = to;
    }
  }
  return { NAME_NEXT: next, NAME_ACCEPT: Int8Array.from(accept) };
})();

/** Strict unsigned decimal, as journald writes numbers; -1 when not a safe integer. */
function parseDecimal(b: Buffer, s: number, e: number): number {
  const n = e - s;
  if (n === 0 || n > 16) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/**
 * Where to cut so that no UTF-8 sequence is split: `end` is the first byte dropped (it must be
 * readable). Backs off to the lead byte of a sequence the cut would tear; leaves invalid data
 * alone, the decoder will flag it anyway.
 */
function utf8CutEnd(b: Buffer, s: number, end: number): number {
  let k = end;
  while (k > s && end - k < 3 && (b[k] & 0xc0) === 0x80) k--;
  return (b[k] & 0xc0) === 0x80 ? end : k;
}

export class ExportParser implements ByteParser {
  private readonly input: string;
  private readonly max: number;
  /** A line may be this long before it is treated as overlong: name, '=', value, CR. */
  private readonly lineCap: number;

  private state = S_LINE;
  /** Stream offset of the next chunk's first byte. */
  private consumed = 0;
  /**
   * After an error: skip lines until `__CURSOR=`, or, in streams that carry no cursors, until a
   * blank line followed by a field. Streams from journalctl open every entry with a cursor,
   * and there the blank line is no use: a binary value ending in LF, plus its terminator,
   * looks like one.
   */
  private resyncing = false;
  private afterBlank = false;
  private sawCursor = false;
  /** Stream bytes before this offset have already been rescanned after a framing error. */
  private floor = 0;
  private crlf = false;

  // A line that spans chunks is gathered here (never beyond lineCap bytes).
  private lineBuf: Buffer = Buffer.alloc(0);
  private lineLen = 0;
  private lineOffset = 0;

  // The binary field being read.
  private fieldId = F_OTHER;
  /** For diagnostics only; binary headers are rare, so naming each costs nothing. */
  private fieldName = '';
  private fieldStart = 0;
  private readonly lenBuf = Buffer.alloc(8);
  private lenFill = 0;
  private dataLen = 0;
  private dataRemaining = 0;
  private dataStart = 0;
  private dataTooLong = false;
  private dataBuf: Buffer | null = null;
  private dataFill = 0;

  // Results of scanName (kept as fields to avoid allocating a tuple per line).
  private scanEq = -1;
  private scanId = F_OTHER;

  // The entry being assembled.
  private entryStarted = false;
  private entryOffset = 0;
  private fieldCount = 0;
  private badNameReported = false;
  /** The input ended inside one of its fields (already reported; no second diagnostic). */
  private entryCut = false;
  private seen = 0;
  private cursor: string | null = null;
  private realtime = -1;
  private monotonic = -1;
  private sourceRealtime = -1;
  private hostname: string | null = null;
  private ident: string | null = null;
  private comm: string | null = null;
  private pid = -1;
  private syslogPid = -1;
  private unit: string | null = null;
  private priority = -1;
  private facility = -1;
  private bootId: string | null = null;
  private message: string | null = null;
  private messageFlags = 0;

  /** Last boot id per host, to tell a reboot from interleaved hosts. */
  private readonly lastBoot = new Map<string | null, string>();

  constructor(private readonly ctx: ParseContext) {
    this.input = ctx.input;
    this.max = Math.max(0, Math.floor(ctx.maxLineBytes));
    this.lineCap = this.max + NAME_MAX + 2;
  }

  push(chunk: Buffer, out: LogRecord[]): void {
    if (chunk.length === 0) return;
    const base = this.consumed;
    this.consumed += chunk.length;
    this.feed(chunk, base, out);
  }

  end(out: LogRecord[]): void {
    for (;;) {
      let rescanBuf: Buffer | null = null;
      let rescanOffset = 0;
      const cutInsideField = !this.resyncing;
      switch (this.state) {
        case S_LINE:
          if (this.lineLen > 0) {
            const n = this.lineLen;
            this.lineLen = 0;
            if (n === 1 && this.lineBuf[0] === CR) {
              // a CRLF stream cut between CR and LF: the line was blank
              this.handleLine(this.lineBuf, 0, 0, this.lineOffset, out);
            } else if (cutInsideField) {
              this.reportCut(this.lineOffset, 'export-truncated-entry',
                'input ends inside a field line; the partial field was dropped');
            }
          }
          break;
        case S_SKIP_LINE:
          if (cutInsideField) {
            this.reportCut(this.lineOffset, 'export-truncated-entry',
              'input ends inside an overlong field line');
          }
          break;
        case S_LEN:
          this.reportCut(this.fieldStart, 'export-truncated-entry',
            'input ends inside the length of a binary field; the field was dropped');
          break;
        case S_DATA:
          this.reportCut(this.fieldStart, 'export-truncated-binary',
            `binary ${this.fieldName} field length ${this.dataLen} runs past the end of input ` +
              `(${this.dataLen - this.dataRemaining} bytes present); the field was dropped`);
          // A corrupt length may have swallowed whole entries: look for them in what was kept.
          if (!this.dataTooLong && this.dataBuf !== null) {
            rescanBuf = this.dataBuf.subarray(0, this.dataFill);
            rescanOffset = this.dataStart;
          }
          break;
        case S_DATA_NL:
        case S_DATA_CR:
          // all data arrived, only the terminator is missing: nothing was lost
          this.completeBinary(this.dataBuf!, 0, this.dataFill);
          break;
      }
      this.state = S_LINE;
      this.dataBuf = null;
      this.lineLen = 0;
      if (this.entryStarted) this.finishEntry(out);
      if (rescanBuf === null) break;
      this.resyncing = true;
      this.afterBlank = false;
      if (!this.rescan(rescanBuf, rescanOffset, out)) break;
    }
    this.resyncing = false;
    this.afterBlank = false;
  }

  /** Runs the state machine over `b`, whose first byte is at stream offset `base`. */
  private feed(b: Buffer, base: number, out: LogRecord[]): void {
    const end = b.length;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case S_LINE: {
          const nl = b.indexOf(NL, pos);
          if (this.lineLen === 0) {
            const lineOff = base + pos;
            if (nl < 0) {
              this.lineOffset = lineOff;
              if (end - pos > this.lineCap) {
                this.overlongLine(b, pos, lineOff);
                this.state = S_SKIP_LINE;
              } else {
                this.appendLine(b, pos, end);
              }
              pos = end;
              break;
            }
            if (nl - pos > this.lineCap) {
              this.lineOffset = lineOff;
              this.overlongLine(b, pos, lineOff);
            } else {
              let e = nl;
              if (e > pos && b[e - 1] === CR) this.sawCR(base + --e);
              this.handleLine(b, pos, e, lineOff, out);
            }
            pos = nl + 1;
            break;
          }
          // continuing a line that began in an earlier chunk
          const stop = nl < 0 ? end : nl;
          if (this.lineLen + (stop - pos) > this.lineCap) {
            this.appendLine(b, pos, pos + (this.lineCap - this.lineLen));
            this.lineLen = 0;
            this.overlongLine(this.lineBuf, 0, this.lineOffset);
            if (nl < 0) {
              this.state = S_SKIP_LINE;
              pos = end;
            } else {
              pos = nl + 1;
            }
            break;
          }
          this.appendLine(b, pos, stop);
          if (nl < 0) {
            pos = end;
            break;
          }
          pos = nl + 1;
          let e = this.lineLen;
          this.lineLen = 0;
          if (e > 0 && this.lineBuf[e - 1] === CR) this.sawCR(this.lineOffset + --e);
          this.handleLine(this.lineBuf, 0, e, this.lineOffset, out);
          break;
        }

        case S_SKIP_LINE: {
          const nl = b.indexOf(NL, pos);
          if (nl < 0) {
            pos = end;
          } else {
            pos = nl + 1;
            this.state = S_LINE;
          }
          break;
        }

        case S_LEN: {
          let lo: number;
          let hi: number;
          if (this.lenFill === 0 && end - pos >= 8) {
            lo = b.readUInt32LE(pos);
            hi = b.readUInt32LE(pos + 4);
            pos += 8;
          } else {
            const n = Math.min(8 - this.lenFill, end - pos);
            b.copy(this.lenBuf, this.lenFill, pos, pos + n);
            this.lenFill += n;
            pos += n;
            if (this.lenFill < 8) break;
            lo = this.lenBuf.readUInt32LE(0);
            hi = this.lenBuf.readUInt32LE(4);
          }
          this.startData(lo, hi, base + pos);
          break;
        }

        case S_DATA: {
          const len = this.dataLen;
          if (this.dataBuf === null && len <= this.max && end - pos > len) {
            // The usual case: data and terminator are in this buffer, so decode in place.
            const dEnd = pos + len;
            const t = b[dEnd];
            if (t === NL) {
              this.completeBinary(b, pos, dEnd);
              this.state = S_LINE;
              pos = dEnd + 1;
              break;
            }
            if (t === CR && this.crlf) {
              if (dEnd + 1 === end) {
                // cannot tell yet whether LF follows: take the general path below
              } else if (b[dEnd + 1] === NL) {
                this.completeBinary(b, pos, dEnd);
                this.state = S_LINE;
                pos = dEnd + 2;
                break;
              } else {
                pos = this.framingErrorInPlace(pos, dEnd, base, dEnd + 1);
                break;
              }
            } else {
              pos = this.framingErrorInPlace(pos, dEnd, base, dEnd);
              break;
            }
          }
          if (this.dataBuf === null) {
            let cap = len;
            if (this.dataTooLong) {
              // only the first MESSAGE is kept (cut); one extra byte lets the cut respect UTF-8
              cap = this.fieldId === F_MESSAGE && (this.seen & (1 << F_MESSAGE)) === 0 ? this.max + 1 : 0;
            }
            this.dataBuf = Buffer.allocUnsafe(cap);
            this.dataFill = 0;
          }
          const n = Math.min(this.dataRemaining, end - pos);
          const room = this.dataBuf.length - this.dataFill;
          if (room > 0) {
            const c = Math.min(room, n);
            b.copy(this.dataBuf, this.dataFill, pos, pos + c);
            this.dataFill += c;
          }
          this.dataRemaining -= n;
          pos += n;
          if (this.dataRemaining === 0) this.state = S_DATA_NL;
          break;
        }

        case S_DATA_NL: {
          const t = b[pos];
          if (t === NL) {
            pos++;
            this.completeBinary(this.dataBuf!, 0, this.dataFill);
            this.dataBuf = null;
            this.state = S_LINE;
          } else if (t === CR && this.crlf) {
            pos++;
            this.state = S_DATA_CR;
          } else {
            this.framingError(false, out);
          }
          break;
        }

        case S_DATA_CR: {
          if (b[pos] === NL) {
            pos++;
            this.completeBinary(this.dataBuf!, 0, this.dataFill);
            this.dataBuf = null;
            this.state = S_LINE;
          } else {
            this.framingError(true, out);
          }
          break;
        }
      }
    }
  }

  private appendLine(b: Buffer, s: number, e: number): void {
    const need = this.lineLen + (e - s);
    if (need > this.lineBuf.length) {
      let size = Math.max(256, this.lineBuf.length * 2);
      while (size < need) size *= 2;
      const grown = Buffer.allocUnsafe(Math.min(size, Math.max(need, this.lineCap)));
      this.lineBuf.copy(grown, 0, 0, this.lineLen);
      this.lineBuf = grown;
    }
    b.copy(this.lineBuf, this.lineLen, s, e);
    this.lineLen = need;
  }

  /**
   * Validates the name at the start of a line and finds its '=' in the same pass. Sets scanEq
   * (index of the first '=', or -1 for a binary field header) and scanId.
   */
  private scanName(b: Buffer, s: number, e: number): void {
    const lim = Math.min(e, s + NAME_MAX + 1);
    let st = ST_START;
    let i = s;
    for (; i < lim; i++) {
      const c = b[i];
      if (c === EQ) break;
      st = NAME_NEXT[st * CLASS_COUNT + NAME_CLASS[c]];
    }
    const nameEnd = i;
    if (i < lim) {
      this.scanEq = i;
    } else if (lim === e) {
      this.scanEq = -1;
    } else {
      // longer than any valid name: only matters whether it is a text line at all
      const rel = b.subarray(lim, e).indexOf(EQ);
      this.scanEq = rel < 0 ? -1 : lim + rel;
      st = ST_INVALID;
    }
    if (st === ST_INVALID || nameEnd === s || nameEnd - s > NAME_MAX) this.scanId = F_INVALID;
    else this.scanId = NAME_ACCEPT[st] >= 0 ? NAME_ACCEPT[st] : F_OTHER;
  }

  /** One complete line [s, e) without its LF (and CR). */
  private handleLine(b: Buffer, s: number, e: number, off: number, out: LogRecord[]): void {
    if (s === e) {
      if (this.resyncing) this.afterBlank = true;
      else if (this.entryStarted) this.finishEntry(out);
      return;
    }
    this.scanName(b, s, e);
    const eq = this.scanEq;
    const id = this.scanId;
    if (this.resyncing) {
      if ((eq >= 0 && id === F_CURSOR) || (this.afterBlank && !this.sawCursor && id !== F_INVALID)) {
        this.resyncing = false;
        this.afterBlank = false;
      } else {
        this.afterBlank = false;
        return;
      }
    }
    if (
      this.entryStarted &&
      eq >= 0 &&
      (id === F_CURSOR || (id === F_REALTIME && (this.seen & (1 << F_REALTIME)) !== 0))
    ) {
      // Entries always open with these; seeing one again means the blank line was lost
      // (dumps concatenated after `head`, or blank lines stripped).
      this.report(off, 'warning', 'export-missing-separator',
        `${KNOWN_NAMES[id]} inside an entry without a preceding blank line; starting a new entry`);
      this.finishEntry(out);
    }
    if (id === F_CURSOR) this.sawCursor = true;
    if (!this.entryStarted) this.startEntry(off);
    if (id === F_INVALID) this.badName(off);
    if (eq < 0) {
      // binary field header: length, data and LF follow
      this.fieldId = id;
      this.fieldName = id >= 0 ? KNOWN_NAMES[id] : b.toString('latin1', s, Math.min(e, s + NAME_MAX));
      this.fieldStart = off;
      this.lenFill = 0;
      this.state = S_LEN;
      return;
    }
    if (id === F_INVALID) return;
    this.fieldCount++;
    if (id === F_OTHER) return;
    const vs = eq + 1;
    if (e - vs > this.max) {
      this.fieldTooLong(id, b.toString('latin1', s, eq), b, vs, off, `${e - vs}-byte`);
      return;
    }
    this.setField(id, b, vs, e, false, false);
  }

  /**
   * A line longer than lineCap; only its first lineCap bytes are at b[s..]. Its value is over
   * the limit whatever the name, so it is cut (MESSAGE) or dropped; the rest streams past.
   */
  private overlongLine(b: Buffer, s: number, off: number): void {
    if (this.resyncing) {
      this.afterBlank = false;
      return;
    }
    this.scanName(b, s, s + this.lineCap);
    const eq = this.scanEq;
    const id = this.scanId;
    if (eq < 0) {
      this.report(off, 'warning', 'export-line-too-long',
        `line without '=' longer than ${this.lineCap} bytes; skipped`);
      return;
    }
    if (!this.entryStarted) this.startEntry(off);
    if (id === F_INVALID) {
      this.badName(off);
      return;
    }
    this.fieldCount++;
    this.fieldTooLong(id, b.toString('latin1', s, eq), b, eq + 1, off, 'overlong');
  }

  /** b[vs .. vs+max] (one byte past the limit) must be readable. */
  private fieldTooLong(id: number, name: string, b: Buffer, vs: number, off: number, what: string): void {
    const keep = id === F_MESSAGE && (this.seen & (1 << F_MESSAGE)) === 0;
    this.report(off, 'warning', 'export-field-too-long',
      `${what} ${name} value exceeds ${this.max} bytes; ` + (keep ? `cut to ${this.max} bytes` : 'dropped'));
    if (keep) this.setField(F_MESSAGE, b, vs, vs + this.max, false, true);
  }

  private startData(lo: number, hi: number, dataOffset: number): void {
    // hi >= 2^21 means the 64-bit length is at least 2^53
    if (hi >= 0x200000 || hi * 0x100000000 + lo > ABSURD_LENGTH) {
      const len = hi >= 0x200000 ? '>= 2^53' : String(hi * 0x100000000 + lo);
      this.report(this.fieldStart, 'skipped', 'export-bad-length',
        `binary ${this.fieldName} field length ${len} is not plausible; entry skipped`);
      this.abandonEntry();
      this.resyncing = true;
      this.afterBlank = false;
      this.state = S_LINE;
      return;
    }
    const len = hi * 0x100000000 + lo;
    this.dataLen = len;
    this.dataRemaining = len;
    this.dataStart = dataOffset;
    this.dataTooLong = len > this.max;
    this.dataBuf = null;
    this.dataFill = 0;
    this.state = S_DATA;
    if (this.dataTooLong && this.fieldId !== F_INVALID) {
      const keep = this.fieldId === F_MESSAGE && (this.seen & (1 << F_MESSAGE)) === 0;
      this.report(this.fieldStart, 'warning', 'export-field-too-long',
        `binary ${this.fieldName} value of ${len} bytes exceeds ${this.max} bytes; ` +
          (keep ? `cut to ${this.max} bytes` : 'dropped'));
    }
  }

  /** A binary field's data arrived whole (or, when too long, its kept prefix). */
  private completeBinary(b: Buffer, s: number, e: number): void {
    const id = this.fieldId;
    if (id === F_INVALID) return;
    this.fieldCount++;
    if (id < 0) return;
    if (!this.dataTooLong) this.setField(id, b, s, e, true, false);
    else if (e - s > this.max) this.setField(id, b, s, s + this.max, true, true);
  }

  /**
   * The byte after the data of a field in this buffer is not LF. Rewinds to the data's start
   * (or the rescan floor) so entries a bogus length swallowed are found again. Returns the
   * position to continue from.
   */
  private framingErrorInPlace(dataPos: number, dEnd: number, base: number, failPos: number): number {
    this.reportBadFraming(base + failPos);
    this.abandonEntry();
    this.resyncing = true;
    this.afterBlank = false;
    const from = Math.max(dataPos, this.floor - base);
    this.floor = Math.max(this.floor, base + dEnd);
    this.state = S_LINE;
    return from;
  }

  /** Same as framingErrorInPlace for data that spanned chunks and was kept in dataBuf. */
  private framingError(afterCR: boolean, out: LogRecord[]): void {
    const dataEnd = this.dataStart + this.dataLen;
    this.reportBadFraming(dataEnd + (afterCR ? 1 : 0));
    this.abandonEntry();
    this.resyncing = true;
    this.afterBlank = false;
    this.state = S_LINE;
    const kept = this.dataTooLong ? null : this.dataBuf;
    this.dataBuf = null;
    if (kept !== null) this.rescan(kept, this.dataStart, out);
    else this.floor = Math.max(this.floor, dataEnd);
    if (afterCR) this.feed(CR_BYTE, dataEnd, out);
  }

  private reportBadFraming(at: number): void {
    this.report(this.fieldStart, 'skipped', 'export-bad-framing',
      `binary ${this.fieldName} field of ${this.dataLen} bytes is not followed by a newline (byte ${at}); entry skipped`);
  }

  /**
   * Re-reads kept bytes (data of a field whose framing failed) in resync mode. Each stream
   * byte is rescanned at most once, which keeps hostile input linear. Returns whether
   * anything was fed.
   */
  private rescan(buf: Buffer, offset: number, out: LogRecord[]): boolean {
    const endOff = offset + buf.length;
    const from = Math.max(offset, this.floor);
    this.floor = Math.max(this.floor, endOff);
    if (from >= endOff) return false;
    this.feed(buf.subarray(from - offset), from, out);
    return true;
  }

  private sawCR(at: number): void {
    if (this.crlf) return;
    this.crlf = true;
    this.report(at, 'warning', 'export-crlf',
      'CRLF line endings (the stream went through a text conversion); CR removed, binary lengths may no longer match');
  }

  private badName(off: number): void {
    if (this.badNameReported) return;
    this.badNameReported = true;
    this.report(off, 'warning', 'export-bad-field-name',
      'invalid field name (not 1-64 of A-Z, 0-9, _ without a leading digit); field skipped');
  }

  private setField(id: number, b: Buffer, s: number, e: number, binary: boolean, truncated: boolean): void {
    const bit = 1 << id;
    if ((this.seen & bit) !== 0) return;
    this.seen |= bit;
    switch (id) {
      case F_CURSOR:
        this.cursor = b.toString('utf8', s, e);
        break;
      case F_REALTIME:
        this.realtime = parseDecimal(b, s, e);
        break;
      case F_MONOTONIC:
        this.monotonic = parseDecimal(b, s, e);
        break;
      case F_SOURCE_REALTIME:
        this.sourceRealtime = parseDecimal(b, s, e);
        break;
      case F_HOSTNAME:
        this.hostname = b.toString('utf8', s, e);
        break;
      case F_IDENT:
        this.ident = b.toString('utf8', s, e);
        break;
      case F_COMM:
        this.comm = b.toString('utf8', s, e);
        break;
      case F_PID:
        this.pid = parseDecimal(b, s, e);
        break;
      case F_SYSLOG_PID:
        this.syslogPid = parseDecimal(b, s, e);
        break;
      case F_UNIT:
        this.unit = b.toString('utf8', s, e);
        break;
      case F_PRIORITY: {
        const v = parseDecimal(b, s, e);
        this.priority = v <= 7 ? v : -1;
        break;
      }
      case F_FACILITY: {
        const v = parseDecimal(b, s, e);
        this.facility = v <= 23 ? v : -1;
        break;
      }
      case F_BOOT_ID:
        this.bootId = b.toString('utf8', s, e);
        break;
      case F_MESSAGE:
        this.setMessage(b, s, e, binary, truncated);
        break;
    }
  }

  private setMessage(b: Buffer, s: number, e: number, binary: boolean, truncated: boolean): void {
    let flags = binary ? RecordFlag.binary : 0;
    let end = e;
    if (truncated) {
      end = utf8CutEnd(b, s, e);
      flags |= RecordFlag.truncated;
    } else if (end > s && b[end - 1] === NL) {
      // journald keeps a logged trailing newline; journalctl's text modes do not show it
      end--;
    }
    const text = b.toString('utf8', s, end);
    // U+FFFD in the output is either a replacement or a genuine U+FFFD: ask only then
    if (text.includes('\uFFFD') && !isUtf8(b.subarray(s, end))) {
      flags |= RecordFlag.invalidUtf8 | RecordFlag.binary;
    }
    this.message = text;
    this.messageFlags = flags;
  }

  private startEntry(off: number): void {
    this.entryStarted = true;
    this.entryOffset = off;
  }

  private finishEntry(out: LogRecord[]): void {
    // An entry cut off before its MESSAGE arrived says nothing useful: it is dropped (the cut
    // was reported as skipped). One cut after its MESSAGE keeps what it has.
    if (this.fieldCount > 0 && !(this.entryCut && this.message === null)) out.push(this.buildRecord());
    this.abandonEntry();
  }

  private buildRecord(): LogRecord {
    const host = this.hostname ?? this.ctx.defaultHost;
    const ts = this.sourceRealtime >= 0 ? this.sourceRealtime : this.realtime >= 0 ? this.realtime : null;
    const bootId = this.bootId;
    let newBoot = false;
    if (bootId !== null) {
      const last = this.lastBoot.get(host);
      if (last !== bootId) {
        newBoot = last !== undefined;
        this.lastBoot.set(host, bootId);
      }
    }
    let message = this.message;
    if (message === null) {
      message = '';
      if (!this.entryCut) this.report(this.entryOffset, 'warning', 'export-no-message', 'entry has no MESSAGE field');
    }
    const pid = this.pid >= 0 ? this.pid : this.syslogPid >= 0 ? this.syslogPid : null;
    return makeRecord(
      ts,
      ts === null ? 'none' : 'us',
      host,
      this.ident ?? this.comm,
      pid,
      this.unit,
      this.priority >= 0 ? this.priority : null,
      this.facility >= 0 ? this.facility : null,
      bootId,
      newBoot,
      this.monotonic >= 0 ? this.monotonic : null,
      message,
      'export',
      this.input,
      null,
      this.entryOffset,
      this.cursor,
      this.messageFlags,
    );
  }

  /** Forgets the entry being assembled (emitted already, or skipped after an error). */
  private abandonEntry(): void {
    this.entryStarted = false;
    this.fieldCount = 0;
    this.badNameReported = false;
    this.entryCut = false;
    this.seen = 0;
    this.cursor = null;
    this.realtime = -1;
    this.monotonic = -1;
    this.sourceRealtime = -1;
    this.hostname = null;
    this.ident = null;
    this.comm = null;
    this.pid = -1;
    this.syslogPid = -1;
    this.unit = null;
    this.priority = -1;
    this.facility = -1;
    this.bootId = null;
    this.message = null;
    this.messageFlags = 0;
  }

  private reportCut(offset: number, code: string, message: string): void {
    this.entryCut = true;
    this.report(offset, 'skipped', code, message);
  }

  private report(offset: number, kind: 'skipped' | 'warning', code: string, message: string): void {
    this.ctx.diag.report({ input: this.input, line: null, offset, kind, code, message });
  }
}
