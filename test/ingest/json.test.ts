import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordFlag } from '../../src/model.js';
import { collect, collectBytes, codes, FIXTURES } from '../helpers.js';

const J = join(FIXTURES, 'journal');

interface Expected {
  realtime_us: number;
  source_realtime_us: number | null;
  host: string;
  ident: string | null;
  comm: string | null;
  pid: number | null;
  unit: string | null;
  priority: number | null;
  facility: number | null;
  message: string | null;
  message_bytes: number;
  binary: boolean;
  boot_id: string;
}
const expected: Expected[] = JSON.parse(readFileSync(join(J, 'crafted.expected.json'), 'utf8')).entries;

describe('journalctl JSON family and export (real journalctl 252 output)', () => {
  const forms = [
    'crafted.json.txt',
    'crafted.json.all.txt',
    'crafted.json-seq.txt',
    'crafted.json-sse.txt',
    'crafted.json-pretty.txt',
    'crafted.export.out',
    'crafted.export',
  ];
  for (const file of forms) {
    it(`reads ${file} with every field of every entry`, async () => {
      const { records } = await collect([join(J, file)]);
      expect(records).toHaveLength(expected.length);
      records.forEach((r, i) => {
        const e = expected[i]!;
        expect(r.ts, `${file} #${i}`).toBe(e.source_realtime_us ?? e.realtime_us);
        expect(r.precision).toBe('us');
        expect(r.host).toBe(e.host);
        expect(r.ident).toBe(e.ident ?? e.comm);
        expect(r.pid).toBe(e.pid);
        expect(r.unit).toBe(e.unit);
        expect(r.priority).toBe(e.priority);
        expect(r.facility).toBe(e.facility);
        expect(r.bootId).toBe(e.boot_id);
        if (e.message !== null && e.message_bytes < 4088 - 8) expect(r.message).toBe(e.message.replace(/\n$/, ''));
        if (file.includes('export')) expect(r.cursor === null || r.cursor.startsWith('s=')).toBe(true);
      });
      expect(records.filter((r) => r.newBoot)).toHaveLength(1);
    });
  }

  it('keeps a 5000-byte message with --all and flags it as omitted without', async () => {
    const all = await collect([join(J, 'crafted.json.all.txt')]);
    const cut = await collect([join(J, 'crafted.json.txt')]);
    const i = expected.findIndex((e) => e.message_bytes >= 5000);
    expect(all.records[i]!.message.length).toBe(expected[i]!.message_bytes);
    expect(cut.records[i]!.message).toBe('');
    expect(cut.records[i]!.flags & RecordFlag.messageOmitted).toBeTruthy();
    expect(codes(cut.diag)).toEqual(['json-message-null']);
    expect(cut.diag.collected[0]!.line).toBe(i + 1);
  });

  it('decodes byte-array values and marks invalid UTF-8', async () => {
    const { records } = await collect([join(J, 'crafted.json.txt')]);
    const binaries = records.filter((r) => r.flags & RecordFlag.binary);
    const arrays = readFileSync(join(J, 'crafted.json.txt'), 'utf8').split('\n').filter((l) => l.includes('"MESSAGE":['));
    expect(binaries.length).toBe(arrays.length);
    expect(arrays.length).toBeGreaterThan(2);
    // Export frames newlines as binary too, so it has more binary values than JSON.
    const exp = await collect([join(J, 'crafted.export.out')]);
    expect(exp.records.filter((r) => r.flags & RecordFlag.binary).length).toBe(expected.filter((e) => e.binary).length);
    expect(records.some((r) => r.flags & RecordFlag.invalidUtf8)).toBe(true);
  });

  it('takes the first value of a repeated field and accepts mixed arrays', async () => {
    const line = JSON.stringify({
      __REALTIME_TIMESTAMP: '1700000000000000',
      _HOSTNAME: 'pve1',
      SYSLOG_IDENTIFIER: ['pvedaemon', 'other'],
      MESSAGE: [[104, 105], 'x', null],
    });
    const { records } = await collectBytes(line + '\n');
    expect(records[0]).toMatchObject({ ident: 'pvedaemon', message: 'hi', host: 'pve1' });
  });

  it('reads journalctl 257 lines with __SEQNUM fields', async () => {
    const line =
      '{"__REALTIME_TIMESTAMP":"1700000014001722","__SEQNUM":"15","_MACHINE_ID":"0123456789abcdef0123456789abcdef","_TRANSPORT":"journal","_HOSTNAME":"pve1","SYSLOG_FACILITY":"3","__SEQNUM_ID":"f0e192b0ffc44f8692947e0031f8bc14","_BOOT_ID":"5555eeee6666ffff7777000088889999","MESSAGE":"ends with newline\\n","PRIORITY":"6","SYSLOG_IDENTIFIER":"trailingnl","__CURSOR":"s=f0e1;i=f","__MONOTONIC_TIMESTAMP":"4500000"}';
    const { records } = await collectBytes(line + '\n');
    expect(records[0]).toMatchObject({
      ts: 1700000014001722,
      host: 'pve1',
      ident: 'trailingnl',
      priority: 6,
      facility: 3,
      message: 'ends with newline',
      monotonic: 4500000,
      cursor: 's=f0e1;i=f',
      format: 'json',
    });
  });
});
