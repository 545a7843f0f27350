import { mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { RecordFlag } from '../../src/model.js';
import { collect, collectBytes, codes, FIXTURES } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'pvelens-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const good = (n: number, host = 'pve1'): string =>
  Array.from({ length: n }, (_, i) => `2025-12-14T03:10:${String(i).padStart(2, '0')}+01:00 ${host} pmxcfs[1187]: [status] notice: line ${i}\n`).join('');

describe('bad input is reported with its place, and the rest is read', () => {
  it('skips invalid JSON lines by line number and reads the others', async () => {
    const ok = (i: number): string => JSON.stringify({ __REALTIME_TIMESTAMP: String(1700000000000000 + i), _HOSTNAME: 'pve1', MESSAGE: `m${i}` });
    const text = [ok(1), '{"MESSAGE": "cut off', ok(2), '{not json}', ok(3), ''].join('\n');
    const { records, diag } = await collectBytes(text);
    expect(records.map((r) => r.message)).toEqual(['m1', 'm2', 'm3']);
    expect(diag.collected.map((d) => [d.code, d.line, d.kind])).toEqual([
      ['invalid-json', 2, 'skipped'],
      ['invalid-json', 4, 'skipped'],
    ]);
    expect(diag.skipped).toBe(2);
  });

  it('replaces invalid UTF-8 and says on which line', async () => {
    const bytes = Buffer.concat([Buffer.from(good(1)), Buffer.from('2025-12-14T03:11:00+01:00 pve1 x[1]: bad \xff\xfe end\n', 'latin1'), Buffer.from(good(1))]);
    const { records, diag } = await collectBytes(bytes);
    expect(records).toHaveLength(3);
    expect(records[1]!.message).toBe('bad \ufffd\ufffd end');
    expect(records[1]!.flags & RecordFlag.invalidUtf8).toBeTruthy();
    expect(diag.collected.map((d) => [d.code, d.line])).toEqual([['invalid-utf8', 2]]);
  });

  it('removes NUL bytes left by a crash and keeps the line', async () => {
    const bytes = Buffer.concat([Buffer.from(good(2)), Buffer.alloc(4096), Buffer.from(good(1))]);
    const { records, diag } = await collectBytes(bytes);
    expect(records).toHaveLength(3);
    expect(records[2]!.flags & RecordFlag.nulRemoved).toBeTruthy();
    expect(records[2]!.message).toBe('[status] notice: line 0');
    expect(diag.collected.map((d) => [d.code, d.line, d.kind])).toEqual([['nul-bytes', 3, 'warning']]);
  });

  it('skips a 50 MB line without holding it in memory', async () => {
    const path = join(tmp, 'huge.log');
    const fd = openSync(path, 'w');
    writeSync(fd, good(3));
    writeSync(fd, '2025-12-14T03:12:00+01:00 pve1 x[1]: ');
    const block = Buffer.alloc(1 << 20, 'A');
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    writeSync(fd, '\n' + good(2));
    closeSync(fd);
    const before = process.memoryUsage();
    let peak = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }, 5);
    const { records, diag } = await collect([path]);
    clearInterval(timer);
    expect(records).toHaveLength(5);
    expect(diag.collected.map((d) => [d.code, d.line, d.kind])).toEqual([['line-too-long', 4, 'skipped']]);
    expect(diag.collected[0]!.message).toContain(`${50 * (1 << 20) + 37} bytes`);
    expect(records[3]!.line).toBe(5);
    expect(peak).toBeLessThan(24 << 20);
  });

  it('reads what a truncated .gz holds and reports where it broke', async () => {
    const full = gzipSync(Buffer.from(good(40)));
    const path = join(tmp, 'syslog.2.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length * 0.6)));
    const { records, diag } = await collect([path]);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(40);
    const damaged = diag.collected.find((d) => d.code === 'gzip-damaged')!;
    expect(damaged).toMatchObject({ kind: 'skipped', input: path });
    expect(damaged.offset).toBeGreaterThan(0);
    // Besides that, at most the line the damage cut in half is reported.
    expect(diag.collected.length).toBeLessThanOrEqual(2);
  });

  it('refuses a file that is not a log at all, and reads the other inputs', async () => {
    const png = join(tmp, 'picture.png');
    writeFileSync(png, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256))]));
    const prose = join(tmp, 'notes.txt');
    writeFileSync(prose, 'Shopping list\n\nmilk and eggs\nthe quick brown fox jumps over the lazy dog\nend of file here\n');
    const log = join(tmp, 'ok.log');
    writeFileSync(log, good(2));
    const { records, diag } = await collect([png, prose, log]);
    expect(records).toHaveLength(2);
    expect(diag.collected.map((d) => [d.input, d.code, d.kind])).toEqual([
      [png, 'not-a-log', 'fatal'],
      [prose, 'not-a-log', 'fatal'],
    ]);
  });

  it('names a raw .journal file and the command that converts it', async () => {
    const path = join(tmp, 'system.journal');
    writeFileSync(path, Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(256)]));
    const { diag } = await collect([path]);
    expect(diag.collected[0]).toMatchObject({ code: 'journal-file', kind: 'fatal' });
    expect(diag.collected[0]!.message).toContain(`journalctl --file=${path} -o export`);
  });

  it('reports a missing input and reads the rest', async () => {
    const log = join(tmp, 'present.log');
    writeFileSync(log, good(1));
    const { records, diag } = await collect([join(tmp, 'absent.log'), log]);
    expect(records).toHaveLength(1);
    expect(diag.collected[0]).toMatchObject({ code: 'unreadable', kind: 'fatal', message: 'no such file or directory' });
  });

  it('skips an export entry whose binary length runs past the end, keeping earlier entries', async () => {
    const entry = (msg: string): string => `__REALTIME_TIMESTAMP=1700000000000000\n_HOSTNAME=pve1\nMESSAGE=${msg}\n\n`;
    const len = Buffer.alloc(8);
    len.writeUInt32LE(1000, 0);
    const bytes = Buffer.concat([Buffer.from(entry('one') + entry('two')), Buffer.from('__REALTIME_TIMESTAMP=1700000000000001\nMESSAGE\n'), len, Buffer.from('short')]);
    const { records, diag } = await collectBytes(bytes, {}, 7);
    expect(records.map((r) => r.message)).toEqual(['one', 'two']);
    expect(codes(diag)).toContain('export-truncated-binary');
    expect(diag.collected.find((d) => d.code === 'export-truncated-binary')!.offset).toBeGreaterThan(0);
  });

  it('reads the published real-world excerpts without a single diagnostic', async () => {
    const { records, diag } = await collect([join(FIXTURES, 'published')], { year: 2024, tz: 'UTC' });
    expect(codes(diag)).toEqual([]);
    const lines = ['corosync-config-error-pve1.log', 'corosync-partition-pve1.log', 'pmxcfs-cpg-init-retry-pve1.log', 'quorum-flap-pve5-untimed.log', 'rbd-error-opening-pve3.log']
      .map((f) => readFileSync(join(FIXTURES, 'published', f), 'utf8').trim().split('\n').length)
      .reduce((a, b) => a + b, 0);
    expect(records).toHaveLength(lines);
  });
});
