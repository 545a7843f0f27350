// Behaviour of the `journalctl -o export` push parser: field mapping, the real byte samples from
// journalctl 252, chunking at any byte, every kind of damaged input, and bounded memory.
import { describe, expect, it } from 'vitest';
import { ExportParser } from '../../src/ingest/export.js';
import type { ParseContext } from '../../src/ingest/parser.js';
import { emptyRecord, RecordFlag, type Diagnostic, type LogRecord } from '../../src/model.js';
import { prng } from '../helpers.js';

const LF = Buffer.from('\n');

/** `NAME=value\n` */
function text(name: string, value: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${name}=`), Buffer.from(value), LF]);
}

/** `NAME\n` + 64-bit LE length + data + `\n`; `length` overrides the real length to corrupt it. */
function bin(name: string, data: string | Buffer, length?: bigint): Buffer {
  const bytes = Buffer.from(data);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(length ?? BigInt(bytes.length));
  return Buffer.concat([Buffer.from(`${name}\n`), len, bytes, LF]);
}

/** Fields followed by the blank line that ends an entry. */
function entry(...fields: Buffer[]): Buffer {
  return Buffer.concat([...fields, LF]);
}

function hex(dump: string): Buffer {
  return Buffer.from(dump.replace(/\s+/g, ''), 'hex');
}

interface Result {
  records: LogRecord[];
  diags: Diagnostic[];
}

function context(diags: Diagnostic[], over: Partial<ParseContext> = {}): ParseContext {
  return {
    input: 'test.export',
    diag: { report: (d) => diags.push(d) },
    time: undefined as never, // the export format carries UTC microseconds; no time context needed
    defaultHost: null,
    maxLineBytes: 1 << 20,
    ...over,
  };
}

/** Feeds `stream` cut into pieces of the given sizes (the rest in one piece). */
function parse(stream: Buffer, sizes: number[] = [], over: Partial<ParseContext> = {}): Result {
  const diags: Diagnostic[] = [];
  const parser = new ExportParser(context(diags, over));
  const records: LogRecord[] = [];
  let pos = 0;
  for (const n of sizes) {
    if (pos >= stream.length) break;
    parser.push(stream.subarray(pos, pos + n), records);
    pos += n;
  }
  if (pos < stream.length) parser.push(stream.subarray(pos), records);
  parser.end(records);
  return { records, diags };
}


function randomSizes(rand: () => number, total: number, min: number, max: number): number[] {
  const sizes: number[] = [];
  for (let n = 0; n < total; ) {
    const k = min + Math.floor(rand() * (max - min + 1));
    sizes.push(k);
    n += k;
  }
  return sizes;
}

// ---- the real samples from the reference (journalctl 252, crafted journal) ----

const CURSOR2 =
  's=f0e192b0ffc44f8692947e0031f8bc14;i=2;b=1111aaaa2222bbbb3333cccc4444dddd;m=5b8d80;t=60a24182d82bb;x=4601df917666d16d';
const BOOT1 = '1111aaaa2222bbbb3333cccc4444dddd';
const BOOT2 = '5555eeee6666ffff7777000088889999';

/** The plain entry of §1.6 with its multi-line MESSAGE, bytes taken from the hexdump. */
const SAMPLE_ENTRY = Buffer.concat([
  text('__CURSOR', CURSOR2),
  text('__REALTIME_TIMESTAMP', '1700000001000123'),
  text('__MONOTONIC_TIMESTAMP', '6000000'),
  text('_BOOT_ID', BOOT1),
  text('_MACHINE_ID', '0123456789abcdef0123456789abcdef'),
  text('_HOSTNAME', 'pve1'),
  text('_TRANSPORT', 'journal'),
  text('SYSLOG_FACILITY', '3'),
  text('PRIORITY', '3'),
  text('SYSLOG_IDENTIFIER', 'pveproxy'),
  text('_PID', '2345'),
  text('_SYSTEMD_UNIT', 'pveproxy.service'),
  hex(`4d45 5353 4147 450a 1c00 0000 0000 0000
       6c69 6e65 206f 6e65 0a6c 696e 6520 7477
       6f0a 6c69 6e65 2074 6872 6565 0a0a`),
]);

function header(seq: number, host = 'pve1', boot = BOOT1): Buffer {
  return Buffer.concat([
    text('__CURSOR', `s=f0e192b0ffc44f8692947e0031f8bc14;i=${seq.toString(16)};b=${boot};m=1;t=2;x=3`),
    text('__REALTIME_TIMESTAMP', String(1700000000000000 + seq * 1000)),
    text('__MONOTONIC_TIMESTAMP', String(seq * 100)),
    text('_BOOT_ID', boot),
    text('_HOSTNAME', host),
  ]);
}

// The other values journalctl forced into binary framing (hexdumps of §1.6; the C1 sample's
// hexdump stops after 16 of its 18 bytes, the last two are filled in).
const BAD_UTF8 = hex('4d45 5353 4147 450a 0f00 0000 0000 0000 6261 6420 7574 6638 20ff fe20 656e 640a');
const ANSI_TAB = hex(`4d45 5353 4147 450a 1400 0000 0000 0000 1b5b 3331 6d72 6564 1b5b 306d 2061 6e64
                      0974 6162 0a`);
const CARRIAGE = hex('4d45 5353 4147 450a 0f00 0000 0000 0000 6361 7272 6961 6765 0d72 6574 7572 6e0a');
const C1 = Buffer.concat([
  hex('4d45 5353 4147 450a 1200 0000 0000 0000 6331 2063 6f6e 7472 6f6c 20c2 8520 6865'),
  Buffer.from('re\n'),
]);
const SYSLOG_RAW = hex(`5359 534c 4f47 5f52 4157 0a3c 0000 0000 0000 003c 3238 3e4f 6374 2032 3420 3030
                        3a30 303a 3033 2072 7063 2e69 646d 6170 645b 3430 325d 3a20 5365 7474 696e 6720
                        6c6f 6720 6c65 7665 6c20 746f 2030 0a0a`);
/** The last entry of the stream: value with its own trailing newline, then two more. */
const ENDS_WITH_NEWLINE = hex(`4d45 5353 4147 450a 1200 0000 0000 0000 656e 6473 2077 6974 6820 6e65 776c 696e
                               650a 0a0a`);

/** Every real sample in one stream, ending with the three-0a entry. */
const SAMPLE_STREAM = Buffer.concat([
  SAMPLE_ENTRY,
  entry(header(3), BAD_UTF8),
  entry(header(4), ANSI_TAB),
  entry(header(5), CARRIAGE),
  entry(header(6), C1),
  entry(header(7), SYSLOG_RAW, text('_PID', '402'), text('MESSAGE', 'Setting log level to 0')),
  header(8),
  ENDS_WITH_NEWLINE,
]);

describe('ExportParser: well-formed streams', () => {
  it('maps the fields of the real journalctl entry onto a record in emptyRecord key order', () => {
    const { records, diags } = parse(SAMPLE_ENTRY);
    expect(diags).toEqual([]);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(Object.keys(r)).toEqual(Object.keys(emptyRecord('x', 'export')));
    expect(r).toEqual({
      ts: 1700000001000123,
      precision: 'us',
      host: 'pve1',
      ident: 'pveproxy',
      pid: 2345,
      unit: 'pveproxy.service',
      priority: 3,
      facility: 3,
      bootId: BOOT1,
      newBoot: false,
      monotonic: 6000000,
      message: 'line one\nline two\nline three',
      format: 'export',
      input: 'test.export',
      line: null,
      offset: 0,
      cursor: CURSOR2,
      flags: RecordFlag.binary,
    });
  });

  it('decodes the binary-framed samples: invalid UTF-8, ESC, CR, C1, SYSLOG_RAW, trailing newline', () => {
    const { records, diags } = parse(SAMPLE_STREAM);
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.message, r.flags])).toEqual([
      ['line one\nline two\nline three', RecordFlag.binary],
      ['bad utf8 \uFFFD\uFFFD end', RecordFlag.binary | RecordFlag.invalidUtf8],
      ['\x1b[31mred\x1b[0m and\ttab', RecordFlag.binary],
      ['carriage\rreturn', RecordFlag.binary],
      ['c1 control \u0085 here', RecordFlag.binary],
      ['Setting log level to 0', 0],
      ['ends with newline', RecordFlag.binary],
    ]);
    // each record starts where its __CURSOR line starts
    let expected = 0;
    for (const r of records) {
      expect(SAMPLE_STREAM.subarray(r.offset!, r.offset! + 9).toString()).toBe('__CURSOR=');
      expect(r.offset!).toBeGreaterThanOrEqual(expected);
      expected = r.offset! + 1;
    }
    expect(SAMPLE_STREAM.subarray(-3)).toEqual(Buffer.from('\n\n\n'));
  });

  it('gives identical records and diagnostics for every split of the stream into two chunks', () => {
    const whole = parse(SAMPLE_STREAM);
    for (let at = 1; at < SAMPLE_STREAM.length; at++) {
      expect(parse(SAMPLE_STREAM, [at]), `split at byte ${at}`).toEqual(whole);
    }
  });

  it('gives identical results for random chunkings of 1-7 bytes', () => {
    const whole = parse(SAMPLE_STREAM);
    const rand = prng(42);
    for (let round = 0; round < 200; round++) {
      const sizes = randomSizes(rand, SAMPLE_STREAM.length, 1, 7);
      expect(parse(SAMPLE_STREAM, sizes), `round ${round}: ${sizes.join(',')}`).toEqual(whole);
    }
  });

  it('copies what it keeps, so the caller may reuse the chunk buffer', () => {
    const whole = parse(SAMPLE_STREAM);
    const diags: Diagnostic[] = [];
    const parser = new ExportParser(context(diags));
    const records: LogRecord[] = [];
    const scratch = Buffer.alloc(5);
    for (let pos = 0; pos < SAMPLE_STREAM.length; pos += scratch.length) {
      const n = SAMPLE_STREAM.copy(scratch, 0, pos, pos + scratch.length);
      parser.push(scratch.subarray(0, n), records);
      scratch.fill(0x41); // scribble over it as a reader reusing its buffer would
    }
    parser.end(records);
    expect({ records, diags }).toEqual(whole);
  });

  it('reads v257 header lines (__SEQNUM, __SEQNUM_ID) as metadata', () => {
    const stream = entry(
      text('__CURSOR', 's=f0e192b0ffc44f8692947e0031f8bc14;i=f;b=5555;m=44aa20;t=60a2418f3e63a;x=d9'),
      text('__REALTIME_TIMESTAMP', '1700000014001722'),
      text('__MONOTONIC_TIMESTAMP', '4500000'),
      text('__SEQNUM', '15'),
      text('__SEQNUM_ID', 'f0e192b0ffc44f8692947e0031f8bc14'),
      text('_BOOT_ID', BOOT2),
      text('_MACHINE_ID', '0123456789abcdef0123456789abcdef'),
      text('MESSAGE', 'hello'),
    );
    const { records, diags } = parse(stream);
    expect(diags).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ ts: 1700000014001722, monotonic: 4500000, bootId: BOOT2, message: 'hello' });
  });

  it('accepts entries without any __ fields, like a single binary MESSAGE', () => {
    const { records, diags } = parse(entry(bin('MESSAGE', 'only a message\n')), [], { defaultHost: 'pve9' });
    expect(diags).toEqual([]);
    expect(records).toEqual([
      {
        ...emptyRecord('test.export', 'export'),
        host: 'pve9',
        message: 'only a message',
        offset: 0,
        flags: RecordFlag.binary,
      },
    ]);
  });

  it('takes the first value of multi-valued fields', () => {
    const stream = entry(
      header(1),
      text('_UDEV_DEVLINK', '/dev/disk/by-id/a'),
      text('_UDEV_DEVLINK', '/dev/disk/by-id/b'),
      bin('COREDUMP_PROC_CGROUP', '0::/a\n'),
      bin('COREDUMP_PROC_CGROUP', '0::/b\n'),
      text('_PID', '10'),
      text('_PID', '20'),
      bin('MESSAGE', 'first\n'),
      text('MESSAGE', 'second'),
      text('_HOSTNAME', 'other'),
    );
    const { records, diags } = parse(stream);
    expect(diags).toEqual([]);
    expect(records[0]).toMatchObject({ pid: 10, message: 'first', host: 'pve1', flags: RecordFlag.binary });
  });

  it('prefers a numeric _SOURCE_REALTIME_TIMESTAMP and falls back for ident, pid and host', () => {
    const stream = Buffer.concat([
      entry(
        text('__REALTIME_TIMESTAMP', '1700000000000002'),
        text('_SOURCE_REALTIME_TIMESTAMP', '1700000000000001'),
        text('_COMM', 'pvedaemon worke'),
        text('SYSLOG_PID', '77'),
        text('MESSAGE', 'a'),
      ),
      entry(
        text('__REALTIME_TIMESTAMP', '1700000000000002'),
        text('_SOURCE_REALTIME_TIMESTAMP', 'soon'),
        text('SYSLOG_IDENTIFIER', 'pvedaemon'),
        text('_COMM', 'pvedaemon worke'),
        text('_PID', 'x'),
        text('SYSLOG_PID', '78'),
        text('_HOSTNAME', 'pve2'),
        text('MESSAGE', 'b'),
      ),
      entry(text('__REALTIME_TIMESTAMP', '17e15'), text('MESSAGE', 'c')),
    ]);
    const { records } = parse(stream, [], { defaultHost: 'fallback' });
    expect(records.map((r) => [r.ts, r.precision, r.ident, r.pid, r.host])).toEqual([
      [1700000000000001, 'us', 'pvedaemon worke', 77, 'fallback'],
      [1700000000000002, 'us', 'pvedaemon', 78, 'pve2'],
      [null, 'none', null, null, 'fallback'],
    ]);
  });

  it('reads the unit only from _SYSTEMD_UNIT and rejects out-of-range PRIORITY and SYSLOG_FACILITY', () => {
    const stream = Buffer.concat([
      entry(text('UNIT', 'foo.service'), text('PRIORITY', '8'), text('SYSLOG_FACILITY', '24'), text('MESSAGE', 'a')),
      entry(text('PRIORITY', '7'), text('SYSLOG_FACILITY', '23'), text('MESSAGE', 'b')),
      entry(text('PRIORITY', ' 3'), text('SYSLOG_FACILITY', '-1'), text('MESSAGE', 'c')),
    ]);
    const { records } = parse(stream);
    expect(records.map((r) => [r.unit, r.priority, r.facility])).toEqual([
      [null, null, null],
      [null, 7, 23],
      [null, null, null],
    ]);
  });

  it('sets newBoot when a host\'s boot id changes, not when hosts interleave', () => {
    const msg = text('MESSAGE', 'm');
    const stream = Buffer.concat([
      entry(header(1, 'pve1', BOOT1), msg),
      entry(header(2, 'pve2', BOOT2), msg),
      entry(header(3, 'pve1', BOOT1), msg),
      entry(text('_HOSTNAME', 'pve1'), msg), // no boot id: says nothing about a reboot
      entry(header(4, 'pve1', BOOT2), msg),
      entry(header(5, 'pve2', BOOT2), msg),
      entry(header(6, 'pve1', BOOT2), msg),
    ]);
    expect(parse(stream).records.map((r) => r.newBoot)).toEqual([false, false, false, false, true, false, false]);
  });

  it('ignores extra blank lines and emits the last entry when the final blank line is missing', () => {
    const first = entry(text('MESSAGE', 'one'));
    const stream = Buffer.concat([LF, LF, first, LF, LF, text('MESSAGE', 'two'), text('PRIORITY', '5')]);
    const { records, diags } = parse(stream);
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.message, r.offset, r.priority])).toEqual([
      ['one', 2, null],
      ['two', 2 + first.length + 2, 5],
    ]);
  });

  it('keeps an entry without MESSAGE with an empty message and reports it', () => {
    const first = entry(header(1));
    const { records, diags } = parse(Buffer.concat([first, entry(header(2), text('MESSAGE', 'x'))]));
    expect(records.map((r) => [r.message, r.flags])).toEqual([
      ['', 0],
      ['x', 0],
    ]);
    expect(diags).toMatchObject([{ kind: 'warning', code: 'export-no-message', offset: 0, line: null }]);
  });

  it('starts a new entry at a __CURSOR line that lacks the blank line before it', () => {
    const a = Buffer.concat([header(1), text('MESSAGE', 'cut by head -n')]);
    const { records, diags } = parse(Buffer.concat([a, entry(header(2), text('MESSAGE', 'next dump'))]));
    expect(records.map((r) => [r.message, r.offset])).toEqual([
      ['cut by head -n', 0],
      ['next dump', a.length],
    ]);
    expect(diags).toMatchObject([{ kind: 'warning', code: 'export-missing-separator', offset: a.length }]);
  });

  it('keeps NUL bytes and a zero-length value inside binary data', () => {
    const { records, diags } = parse(
      Buffer.concat([entry(bin('MESSAGE', 'a\0b\n\nc')), entry(bin('MESSAGE', ''), bin('SYSLOG_IDENTIFIER', ''))]),
    );
    expect(diags).toEqual([]);
    expect(records.map((r) => [r.message, r.ident])).toEqual([
      ['a\0b\n\nc', null],
      ['', ''],
    ]);
  });
});

describe('ExportParser: damaged input', () => {
  const good = (n: number): Buffer => entry(header(n), text('MESSAGE', `good ${n}`));
  const messages = (r: Result): string[] => r.records.map((x) => x.message);

  it('reports a binary MESSAGE that runs past the end of input and drops that entry', () => {
    const before = Buffer.concat([good(1), header(2)]);
    const stream = Buffer.concat([before, bin('MESSAGE', 'short').subarray(0, 8 + 8 + 3)]);
    const r = parse(stream);
    expect(messages(r)).toEqual(['good 1']);
    expect(r.diags).toEqual([
      expect.objectContaining({ kind: 'skipped', code: 'export-truncated-binary', offset: before.length, line: null }),
    ]);
  });

  it('finds the entries a corrupt length swallowed when it runs past the end of input', () => {
    const before = Buffer.concat([good(1), header(2)]);
    const swallowed = Buffer.concat([good(3), good(4)]);
    const stream = Buffer.concat([before, bin('MESSAGE', 'x', 5000n).subarray(0, -1), LF, swallowed]);
    const r = parse(stream);
    expect(messages(r)).toEqual(['good 1', 'good 3', 'good 4']);
    expect(r.diags).toMatchObject([{ kind: 'skipped', code: 'export-truncated-binary', offset: before.length }]);
  });

  it('cuts a MESSAGE longer than maxLineBytes, flags it truncated, and drops other long fields', () => {
    const max = 16;
    const short = (n: number): Buffer => Buffer.concat([text('_HOSTNAME', 'pve1'), text('_PID', String(n))]);
    const start = Buffer.concat([short(1), bin('_CMDLINE', 'x'.repeat(40))]);
    const second = Buffer.concat([start, bin('MESSAGE', 'abcdefghijklmnopqrstuvwxyz'), LF]);
    const stream = Buffer.concat([
      second,
      // 'é' (c3 a9) straddles the limit: the cut keeps whole characters
      entry(short(2), bin('MESSAGE', 'fifteen bytes..é and more')),
      entry(short(3), text('MESSAGE', 'fits')),
    ]);
    const r = parse(stream, [], { maxLineBytes: max });
    expect(r.records.map((x) => [x.message, x.flags, x.pid])).toEqual([
      ['abcdefghijklmnop', RecordFlag.binary | RecordFlag.truncated, 1],
      ['fifteen bytes..', RecordFlag.binary | RecordFlag.truncated, 2],
      ['fits', 0, 3],
    ]);
    expect(r.diags).toMatchObject([
      { kind: 'warning', code: 'export-field-too-long', offset: short(1).length },
      { kind: 'warning', code: 'export-field-too-long', offset: start.length },
      { kind: 'warning', code: 'export-field-too-long', offset: second.length + short(2).length },
    ]);
  });

  it('skips the entry on a length of 2^53 or more, or over 1 GiB, and parses what follows', () => {
    for (const length of [2n ** 53n, 2n ** 64n - 1n, 2n ** 30n + 1n]) {
      const before = Buffer.concat([good(1), header(2)]);
      const stream = Buffer.concat([before, bin('MESSAGE', 'hello', length), text('_PID', '1'), LF, good(3)]);
      const r = parse(stream);
      expect(messages(r), `length ${length}`).toEqual(['good 1', 'good 3']);
      expect(r.diags).toMatchObject([{ kind: 'skipped', code: 'export-bad-length', offset: before.length }]);
    }
  });

  it('skips an entry whose binary data is not followed by a newline and resynchronises', () => {
    const before = Buffer.concat([good(1), header(2)]);
    // too short a length: the byte after the data is 'X', not LF
    const shortLen = Buffer.concat([before, bin('MESSAGE', 'hello world\n', 5n), text('_PID', '1'), LF, good(3)]);
    const r = parse(shortLen);
    expect(messages(r)).toEqual(['good 1', 'good 3']);
    expect(r.diags).toMatchObject([{ kind: 'skipped', code: 'export-bad-framing', offset: before.length }]);

    // too long a length: the data swallows the next entries, which are found again
    const longLen = Buffer.concat([before, bin('MESSAGE', 'hi', 40n), LF, good(3), good(4), good(5)]);
    const r2 = parse(longLen);
    expect(messages(r2)).toEqual(['good 1', 'good 3', 'good 4', 'good 5']);
    expect(r2.diags).toMatchObject([{ kind: 'skipped', code: 'export-bad-framing', offset: before.length }]);
  });

  it('resynchronises at a blank line followed by a field in streams without cursors', () => {
    const first = entry(text('MESSAGE', 'one'));
    // length 2 of 'two\n\nlines': the byte after "tw" is not LF
    const broken = entry(bin('MESSAGE', 'two\n\nlines', 2n), text('_PID', '5'));
    const r = parse(Buffer.concat([first, broken, entry(text('MESSAGE', 'three'))]));
    expect(messages(r)).toEqual(['one', 'three']);
    expect(r.diags.map((d) => [d.code, d.offset])).toEqual([['export-bad-framing', first.length]]);

    // The blank line inside the data can end the resync early when a valid name follows it;
    // the bogus field that opens is then caught by its length.
    const misleading = entry(bin('MESSAGE', 'two\n\nLINES', 2n), text('_PID', '5'), text('PRIORITY', '3'));
    const r2 = parse(Buffer.concat([first, misleading, entry(text('MESSAGE', 'three'))]));
    expect(messages(r2)).toEqual(['one', 'three']);
    expect(r2.diags.map((d) => [d.code, d.offset])).toEqual([
      ['export-bad-framing', first.length],
      ['export-bad-length', first.length + 8 + 8 + 5],
    ]);
  });

  it('skips fields with invalid names, reporting once per entry, and keeps the entry', () => {
    const names = ['lower', '1LEADING_DIGIT', 'A'.repeat(65), '', 'WITH SPACE', 'DASH-ED'];
    const bad = names.map((n) => text(n, 'v'));
    const e1 = entry(header(1), ...bad, bin('bad name', 'data\nwith\n\nlines\n'), text('MESSAGE', 'kept'));
    const e2 = entry(header(2), text('MESSAGE', 'second'), text('ok_not', 'x'));
    const r = parse(Buffer.concat([e1, e2, good(3)]));
    expect(messages(r)).toEqual(['kept', 'second', 'good 3']);
    expect(r.records[0]!.ts).toBe(1700000000001000);
    expect(r.diags).toMatchObject([
      { kind: 'warning', code: 'export-bad-field-name', offset: header(1).length },
      { kind: 'warning', code: 'export-bad-field-name', offset: e1.length + header(2).length + text('MESSAGE', 'second').length },
    ]);
    // a 64-character name is still valid
    expect(parse(entry(text('A'.repeat(64), 'v'), text('MESSAGE', 'm'))).diags).toEqual([]);
  });

  it('streams past a text line longer than maxLineBytes without buffering it', () => {
    const max = 32;
    const long = 'y'.repeat(500);
    const e1 = entry(header(1), text('_CMDLINE', long), text('MESSAGE', `${'€'.repeat(11)}${long}`));
    const e2 = entry(Buffer.from(`${'z'.repeat(200)}\n`), text('MESSAGE', 'after garbage'));
    const stream = Buffer.concat([e1, e2, good(3)]);
    const whole = parse(stream, [], { maxLineBytes: max });
    expect(whole.records.map((x) => [x.message, x.flags])).toEqual([
      ['€'.repeat(10), RecordFlag.truncated], // 30 of 32 bytes: the 11th € would be torn
      ['after garbage', 0],
      ['good 3', 0],
    ]);
    const cmdline = header(1).length;
    const msgLine = cmdline + text('_CMDLINE', long).length;
    expect(whole.diags).toMatchObject([
      { kind: 'warning', code: 'export-field-too-long', offset: expect.any(Number) }, // __CURSOR
      { kind: 'warning', code: 'export-field-too-long', offset: cmdline },
      { kind: 'warning', code: 'export-field-too-long', offset: msgLine },
      { kind: 'warning', code: 'export-line-too-long', offset: e1.length },
      { kind: 'warning', code: 'export-field-too-long', offset: expect.any(Number) }, // good 3's __CURSOR
    ]);
    for (let at = 1; at < stream.length; at += 7) {
      expect(parse(stream, [at, 3, 50, 1], { maxLineBytes: max }), `split at ${at}`).toEqual(whole);
    }
  });

  it('strips CR from CRLF lines and warns once per input at the first CR', () => {
    const crlf = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    const first = crlf(entry(header(1), text('MESSAGE', 'one')));
    // data without LF survives (its terminator became CRLF); data with LF no longer fits its length
    const second = Buffer.concat([crlf(header(2)), bin('MESSAGE', 'no newline').subarray(0, -1), Buffer.from('\r\n\r\n')]);
    // (9 bytes: a length of 10 would itself contain an LF and be mangled into 0x0a0d)
    const third = crlf(entry(header(3), bin('MESSAGE', 'two\nlines')));
    const stream = Buffer.concat([first, second, third, crlf(good(4))]);
    const r = parse(stream);
    expect(r.records.map((x) => [x.message, x.host, x.cursor?.endsWith('x=3')])).toEqual([
      ['one', 'pve1', true],
      ['no newline', 'pve1', true],
      ['good 4', 'pve1', true],
    ]);
    expect(r.diags).toMatchObject([
      { kind: 'warning', code: 'export-crlf', offset: first.indexOf('\r') },
      { kind: 'skipped', code: 'export-bad-framing', offset: first.length + second.length + crlf(header(3)).length },
    ]);
    for (let at = 1; at < stream.length; at++) expect(parse(stream, [at])).toEqual(r);
  });

  it('reports an entry cut off at the end of input; keeps it only if its MESSAGE arrived', () => {
    const before = Buffer.concat([good(1), header(2)]);
    const inLine = parse(Buffer.concat([before, Buffer.from('MESSAGE=cut in the mid')]));
    expect(messages(inLine)).toEqual(['good 1']);
    expect(inLine.diags).toMatchObject([{ kind: 'skipped', code: 'export-truncated-entry', offset: before.length }]);

    const afterMessage = parse(Buffer.concat([before, Buffer.from('MESSAGE=complete\n_PID=12')]));
    expect(messages(afterMessage)).toEqual(['good 1', 'complete']);
    expect(afterMessage.records[1]!.host).toBe('pve1');
    expect(afterMessage.diags).toMatchObject([{ kind: 'skipped', code: 'export-truncated-entry' }]);

    const inLength = parse(Buffer.concat([before, bin('MESSAGE', 'abc').subarray(0, 11)]));
    expect(messages(inLength)).toEqual(['good 1']);
    expect(inLength.diags).toMatchObject([{ kind: 'skipped', code: 'export-truncated-entry', offset: before.length }]);

    // only the field's terminator is missing: nothing was lost
    const atTerminator = parse(Buffer.concat([before, bin('MESSAGE', 'whole\n').subarray(0, -1)]));
    expect(messages(atTerminator)).toEqual(['good 1', 'whole']);
    expect(atTerminator.diags).toEqual([]);
  });

  it('never throws and stays chunking-independent on mutated and random bytes', () => {
    const rand = prng(7);
    const base = Buffer.concat([SAMPLE_STREAM, good(20), entry(header(21), bin('MESSAGE', 'x'.repeat(100)))]);
    for (let round = 0; round < 300; round++) {
      let stream: Buffer;
      if (round % 10 === 9) {
        stream = Buffer.from(Array.from({ length: 300 }, () => Math.floor(rand() * 256)));
      } else {
        const bytes = [...base];
        const edits = 1 + Math.floor(rand() * 4);
        for (let k = 0; k < edits; k++) {
          const at = Math.floor(rand() * bytes.length);
          const op = rand();
          const pick = [0x0a, 0x0d, 0x3d, 0x00, 0xff, 0x41, Math.floor(rand() * 256)];
          const value = pick[Math.floor(rand() * pick.length)]!;
          if (op < 0.4) bytes[at] = value;
          else if (op < 0.7) bytes.splice(at, 1);
          else bytes.splice(at, 0, value);
        }
        stream = Buffer.from(bytes);
      }
      const max = [24, 1 << 20, 7, 64, 0][round % 5]!;
      const whole = parse(stream, [], { maxLineBytes: max });
      for (const r of whole.records) expect(Object.keys(r)).toEqual(Object.keys(emptyRecord('x', 'export')));
      const sizes = randomSizes(rand, stream.length, 1, 7);
      expect(parse(stream, sizes, { maxLineBytes: max }), `round ${round}`).toEqual(whole);
    }
  });
});

describe('ExportParser: memory', () => {
  const MB = 1 << 20;
  const CHUNK = 64 * 1024;

  /** Streams a 50 MB MESSAGE value (binary or text framing) in 64 KiB pieces through one buffer. */
  function streamHuge(binary: boolean): { result: Result; growth: number } {
    const diags: Diagnostic[] = [];
    const parser = new ExportParser(context(diags, { maxLineBytes: MB }));
    const records: LogRecord[] = [];
    const size = 50 * MB;
    const head = binary ? bin('MESSAGE', '').subarray(0, -1) : Buffer.from('MESSAGE=');
    if (binary) head.writeBigUInt64LE(BigInt(size), 8);
    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = used();
    let peak = before;
    parser.push(header(1), records);
    parser.push(head, records);
    const scratch = Buffer.alloc(CHUNK, 0x61);
    for (let sent = 0, i = 0; sent < size; sent += CHUNK, i++) {
      parser.push(scratch.subarray(0, Math.min(CHUNK, size - sent)), records);
      scratch.fill(0x61 + (i % 26)); // a different letter per chunk, written into the same buffer
      if (i % 64 === 0) peak = Math.max(peak, used());
    }
    parser.push(Buffer.from('\n\n'), records);
    parser.push(good(2), records);
    parser.end(records);
    peak = Math.max(peak, used());
    return { result: { records, diags }, growth: peak - before };
  }
  const good = (n: number): Buffer => entry(header(n), text('MESSAGE', `good ${n}`));

  for (const binary of [true, false]) {
    it(`keeps memory bounded for a 50 MB ${binary ? 'binary' : 'text'} MESSAGE and yields a truncated record`, () => {
      const { result, growth } = streamHuge(binary);
      expect(result.records).toHaveLength(2);
      const huge = result.records[0]!;
      expect(huge.message.length).toBe(MB);
      expect(huge.message.startsWith('aaaa')).toBe(true);
      expect(huge.flags).toBe((binary ? RecordFlag.binary : 0) | RecordFlag.truncated);
      expect(result.records[1]!.message).toBe('good 2');
      expect(result.diags).toMatchObject([
        { kind: 'warning', code: 'export-field-too-long', offset: header(1).length },
      ]);
      expect(growth).toBeLessThan(16 * MB);
    });
  }
});
