import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordFlag } from '../../src/model.js';
import { collect, collectBytes, codes, FIXTURES } from '../helpers.js';

const J = join(FIXTURES, 'journal');
const S = join(FIXTURES, 'syslog');

interface Expected {
  realtime_us: number;
  source_realtime_us: number | null;
  host: string;
  ident: string | null;
  pid: number | null;
  text_ident: string;
  text_time_us: number;
  message: string | null;
  binary: boolean;
  boot_id: string;
}
const expected: Expected[] = JSON.parse(readFileSync(join(J, 'crafted.expected.json'), 'utf8')).entries;

const BERLIN = { tz: 'Europe/Berlin', year: 2023 };

describe('journalctl text modes (real journalctl 252 output of the crafted journal)', () => {
  const modes: Array<[string, object, 'us' | 's']> = [
    ['crafted.short.txt', BERLIN, 's'],
    ['crafted.short-precise.txt', BERLIN, 'us'],
    ['crafted.short-iso.txt', {}, 's'],
    ['crafted.short-iso-precise.txt', {}, 'us'],
    ['crafted.short-full.txt', {}, 's'],
    ['crafted.short-unix.txt', {}, 'us'],
    ['crafted.short.de.txt', BERLIN, 's'],
    ['crafted.short.fr.txt', BERLIN, 's'],
    ['crafted.short.C.txt', BERLIN, 's'],
    ['crafted.short.utc.txt', { tz: 'UTC', year: 2023 }, 's'],
    ['crafted.short-iso.utc.txt', {}, 's'],
    ['crafted.short-full.utc.txt', {}, 's'],
    ['v247.short.txt', { tz: 'Europe/Berlin' }, 's'],
  ];
  for (const [file, opts, precision] of modes) {
    it(`reads ${file} with the times, hosts, identifiers and pids journalctl printed`, async () => {
      const { records, diag } = await collect([join(J, file)], opts);
      expect(codes(diag)).toEqual([]);
      expect(records).toHaveLength(expected.length);
      records.forEach((r, i) => {
        const e = expected[i]!;
        const want = precision === 's' ? Math.floor(e.text_time_us / 1e6) * 1e6 : e.text_time_us;
        expect(r.ts, `${file} record ${i}`).toBe(want);
        expect(r.host).toBe('pve1');
        expect(r.ident).toBe(e.text_ident);
        expect(r.pid).toBe(e.pid);
        expect(r.line).toBeGreaterThan(0);
      });
    });
  }

  it('keeps message text identical to the journal for printable messages', async () => {
    const { records } = await collect([join(J, 'crafted.short-iso-precise.txt')]);
    records.forEach((r, i) => {
      const e = expected[i]!;
      if (e.binary || e.message === null || e.message.includes('\t') || /\x1b/.test(e.message)) return;
      expect(r.message).toBe(e.message.replace(/\n$/, ''));
    });
  });

  it('joins indented continuation lines into one multi-line message', async () => {
    const { records } = await collect([join(J, 'crafted.short.txt')], BERLIN);
    const multi = records.find((r) => r.pid === 10779)!;
    expect(multi.message.split('\n')).toHaveLength(3);
    expect(multi.message.startsWith('start failed: QEMU exited with code 1\nkvm: -drive file=')).toBe(true);
    expect(multi.message.endsWith('\nTASK ERROR: start failed')).toBe(true);
  });

  it('flags "[nB blob data]" placeholders as blob', async () => {
    const { records } = await collect([join(J, 'crafted.short.txt')], BERLIN);
    const blobs = records.filter((r) => r.flags & RecordFlag.blob);
    expect(blobs.map((r) => r.message)).toEqual(['[30B blob data]', '[147B blob data]', '[46B blob data]']);
  });

  it('turns "-- Boot <id> --" into a boot boundary for the host that follows', async () => {
    const { records } = await collect([join(J, 'crafted.short.txt')], BERLIN);
    const firstOfBoot = records.findIndex((r) => r.message.startsWith('Linux version'));
    expect(records[firstOfBoot]!.newBoot).toBe(true);
    expect(records[firstOfBoot]!.bootId).toBe(expected[firstOfBoot]!.boot_id);
    expect(records.filter((r) => r.newBoot)).toHaveLength(1);
    // Entries before the first separator are not named by any separator.
    expect(records[0]!.bootId).toBeNull();
    expect(records.at(-1)!.bootId).toBe(expected.at(-1)!.boot_id);
  });

  it('does not take separators between interleaved hosts for reboots', async () => {
    const { records } = await collect([join(J, 'merged.short-iso.txt')]);
    const truth = readFileSync(join(J, 'merged.json.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(records).toHaveLength(truth.length);
    expect(records.filter((r) => r.newBoot).map((r) => r.host)).toEqual(['pve1']);
    records.forEach((r, i) => {
      expect(r.host).toBe(truth[i]!._HOSTNAME);
      if (r.bootId !== null) expect(r.bootId).toBe(truth[i]!._BOOT_ID);
    });
    // Only the leading run of the first host is unnamed; every later record knows its boot.
    const firstNamed = records.findIndex((r) => r.bootId !== null);
    expect(records.slice(firstNamed).every((r) => r.bootId !== null)).toBe(true);
  });

  it('reads the v241 "-- Logs begin at" header for the year and "-- Reboot --" as a new boot', async () => {
    const { records } = await collect([join(J, 'v241.short.txt')], { tz: 'Europe/Berlin' });
    expect(records[0]!.ts).toBe(1700000000000000);
    const reboot = records.filter((r) => r.newBoot);
    expect(reboot).toHaveLength(1);
    expect(reboot[0]!.message).toMatch(/^Linux version/);
    expect(reboot[0]!.bootId).toBe('reboot-1');
  });

  it('reads v257 short-iso offsets with a colon across a DST change', async () => {
    const { records } = await collect([join(J, 'v257.short-iso.txt')]);
    const truth = readFileSync(join(J, 'dst.json.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(records.map((r) => r.ts! / 1e6)).toEqual(
      truth.map((t) => Math.floor(Number(t._SOURCE_REALTIME_TIMESTAMP ?? t.__REALTIME_TIMESTAMP) / 1e6)),
    );
  });

  it('reads German and French month names across the October DST change', async () => {
    const truth = readFileSync(join(J, 'dst.json.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => Math.floor(Number((JSON.parse(l) as Record<string, string>).__REALTIME_TIMESTAMP) / 1e6) * 1e6);
    for (const f of ['dst.short.de.txt', 'dst.short.fr.txt']) {
      const text = readFileSync(join(J, f), 'utf8');
      expect(text).toMatch(/^(Okt|oct\.) /m);
      const { records } = await collect([join(J, f)], { tz: 'Europe/Berlin', year: 2023 });
      expect(records.map((r) => r.ts)).toEqual(truth);
    }
  });

  it('reads month names of the locales seen in pasted logs (Mai, Dez, déc., 9 月, 9月)', async () => {
    const lines = [
      ['Mai 20 10:00:00', 4, 20],
      ['Dez 24 18:00:00', 11, 24],
      ['déc. 24 18:00:01', 11, 24],
      ['févr. 3 08:00:00', 1, 3],
      ['9 月 24 04:07:18', 8, 24],
      ['9月 24 04:07:19', 8, 24],
      ['12月  1 00:00:00', 11, 1],
    ] as const;
    for (const [stamp, month, day] of lines) {
      const { records, diag } = await collectBytes(`${stamp} pve1 pvedaemon[1523]: hello\n`, { year: 2025, tz: 'UTC' });
      expect(codes(diag), stamp).toEqual([]);
      const d = new Date(records[0]!.ts! / 1000);
      expect([d.getUTCMonth(), d.getUTCDate()], stamp).toEqual([month, day]);
      expect(records[0]).toMatchObject({ host: 'pve1', ident: 'pvedaemon', pid: 1523, message: 'hello' });
    }
  });

  it('keeps short-monotonic records untimed with their time since boot', async () => {
    const { records } = await collect([join(J, 'crafted.short-monotonic.txt')]);
    expect(records).toHaveLength(expected.length);
    expect(records.every((r) => r.ts === null && r.precision === 'none')).toBe(true);
    expect(records[0]!.monotonic).toBe(123456787778);
    expect(records[0]!.format).toBe('short-monotonic');
  });

  it('skips "-- No entries --" without a diagnostic', async () => {
    const { records, diag } = await collect([join(J, 'crafted.no-entries.short.txt'), join(J, 'v247.no-entries.short.txt')]);
    expect(records).toHaveLength(0);
    expect(codes(diag)).toEqual([]);
  });
});

describe('rsyslog files (real rsyslogd 8.2302 output)', () => {
  it('reads RFC 3164 traditional lines with space-padded days', async () => {
    const { records, diag } = await collect([join(S, 'traditional.log')], { tz: 'Europe/Berlin', year: 2023 });
    expect(records[0]).toMatchObject({
      ts: Date.UTC(2023, 10, 2, 2, 4, 5) * 1000,
      precision: 's',
      host: 'pve1',
      ident: 'corosync',
      pid: 1342,
      message: '[KNET  ] link: host: 2 link: 0 is down',
      format: 'rfc3164',
    });
    expect(records.find((r) => r.ident === 'kernel')!.message).toMatch(/^\[12345\.678901\] /);
    const bad = records.find((r) => r.message.startsWith("storage 'nas-"))!;
    expect(bad.flags & RecordFlag.invalidUtf8).toBeTruthy();
    expect(codes(diag)).toEqual(['invalid-utf8']);
  });

  it('reads RFC 3339 lines with and without fractions, and the same messages as the traditional file', async () => {
    const trad = await collect([join(S, 'traditional.log')], { tz: 'Europe/Berlin', year: 2023 });
    const iso = await collect([join(S, 'rfc3339.log')]);
    expect(iso.records).toHaveLength(trad.records.length);
    iso.records.forEach((r, i) => {
      const t = trad.records[i]!;
      expect(Math.floor(r.ts! / 1e6) * 1e6).toBe(t.ts);
      expect([r.host, r.ident, r.pid, r.message]).toEqual([t.host, t.ident, t.pid, t.message]);
    });
    expect(iso.records[0]!.precision).toBe('us');
    expect(iso.records.some((r) => r.precision === 's')).toBe(true);
  });

  it('reads RFC 5424 with priority, facility and structured data', async () => {
    const iso = await collect([join(S, 'rfc3339.log')]);
    const { records } = await collect([join(S, 'rfc5424.log')]);
    expect(records).toHaveLength(iso.records.length);
    expect(records[0]).toMatchObject({ priority: 6, facility: 3, ident: 'corosync', pid: 1342, format: 'rfc5424' });
    records.forEach((r, i) => {
      expect(r.ts).toBe(iso.records[i]!.ts);
      expect(r.message).toBe(iso.records[i]!.message);
    });
  });

  it('switches format per line in a file upgraded from traditional to RFC 3339', async () => {
    const { records } = await collect([join(S, 'upgrade-mixed.log')], { tz: 'Europe/Berlin', year: 2023 });
    expect(records.map((r) => r.format)).toEqual([
      ...Array(6).fill('rfc3164'),
      ...Array(5).fill('short-iso-precise'),
      'short-iso',
    ]);
    for (let i = 1; i < records.length; i++) expect(records[i]!.ts!).toBeGreaterThanOrEqual(records[i - 1]!.ts!);
  });

  it('reads a rotated set from a directory oldest first, through gzip, zstd and xz', async () => {
    const { records, diag, stats } = await collect([join(S, 'rotated')]);
    expect(codes(diag)).toEqual([]);
    expect(stats.files).toBe(6);
    expect(records).toHaveLength(27);
    const order = [...new Set(records.map((r) => r.input.replace(/.*rotated\//, '')))];
    expect(order).toEqual(['syslog.5.xz', 'syslog.4.zst', 'syslog.3.gz', 'syslog.2.gz', 'syslog.1', 'syslog']);
    for (let i = 1; i < records.length; i++) expect(records[i]!.ts!).toBeGreaterThan(records[i - 1]!.ts!);
  });
});

describe('pasted excerpts and other text', () => {
  it('keeps lines without any timestamp, in order, marked untimed', async () => {
    const { records, diag } = await collect([join(FIXTURES, 'published', 'quorum-flap-pve5-untimed.log')], {
      defaultHost: 'pve5',
    });
    expect(codes(diag)).toEqual([]);
    expect(records).toHaveLength(152);
    expect(records.every((r) => r.ts === null && r.format === 'untimed' && r.host === 'pve5')).toBe(true);
    expect(records[0]).toMatchObject({ ident: 'systemd', pid: 1 });
    const token = records.find((r) => r.message.includes('Token has not been received'))!;
    expect(token).toMatchObject({ ident: 'corosync', pid: 3813, message: '  [TOTEM ] Token has not been received in 5266 ms ' });
    expect(records.map((r) => r.line)).toEqual(records.map((_, i) => i + 1));
  });

  it('reads the published excerpts with their hosts', async () => {
    const { records } = await collect([join(FIXTURES, 'published', 'rbd-error-opening-pve3.log')], { year: 2024, tz: 'UTC' });
    expect(records.map((r) => [r.host, r.ident, r.pid])).toEqual([
      ['pve3', 'pvedaemon', 2211],
      ['pve3', 'pvedaemon', 1032],
      ['pve3', 'pvedaemon', 1032],
    ]);
    expect(records[2]!.ts).toBe(Date.UTC(2024, 11, 26, 10, 50, 15) * 1000);
  });

  it('moves to the next year when December turns into January', async () => {
    const text = 'Dec 31 23:59:58 pve1 a[1]: one\nJan  1 00:00:01 pve1 a[1]: two\nJan  1 00:00:02 pve1 a[1]: three\n';
    const { records } = await collectBytes(text, { year: 2025, tz: 'UTC' });
    expect(records.map((r) => new Date(r.ts! / 1000).toISOString())).toEqual([
      '2025-12-31T23:59:58.000Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
    ]);
  });

  it('reads wall-clock stamps in the --tz zone', async () => {
    const line = 'Jul  4 10:15:01 pve1 CRON[1]: x\n';
    const ny = await collectBytes(line, { year: 2025, tz: 'America/New_York' });
    const tokyo = await collectBytes(line, { year: 2025, tz: 'Asia/Tokyo' });
    expect(ny.records[0]!.ts).toBe(Date.UTC(2025, 6, 4, 14, 15, 1) * 1000);
    expect(tokyo.records[0]!.ts).toBe(Date.UTC(2025, 6, 4, 1, 15, 1) * 1000);
  });

  it('takes the year from the file date when no --year is given', async () => {
    // The stdin reference time is "now" (31 Dec 2025 in the helper): a May line is this year.
    const { records } = await collectBytes('May 20 10:00:00 pve1 a[1]: x\n', { tz: 'UTC' });
    expect(new Date(records[0]!.ts! / 1000).getUTCFullYear()).toBe(2025);
  });

  it('reads an identifier that journald cut to 15 bytes with a space in it', async () => {
    const { records } = await collect([join(J, 'crafted.short.txt')], BERLIN);
    expect(records.find((r) => r.message === 'worker exit')).toMatchObject({ ident: 'pvedaemon worke', pid: 1524 });
  });

  it('strips terminal colour codes from pasted journalctl output', async () => {
    const { records } = await collectBytes('\x1b[0;1;31mDec 25 12:00:58 pve1 corosync[1732]: [MAIN  ] oops\x1b[0m\n', {
      year: 2025,
      tz: 'UTC',
    });
    expect(records[0]).toMatchObject({ host: 'pve1', ident: 'corosync', message: '[MAIN  ] oops' });
  });
});

describe('Ceph log lines', () => {
  it('take "<time> <thread id> <level>" as Ceph, not the thread id as a host', async () => {
    const { records, diag } = await collectBytes(
      `2026-01-20T21:58:13.007+0100 7f3c2effd6c0 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]
2026-01-20T21:58:13.010+0100 7f3c2effd6c0  0 auth: unable to find a keyring on /etc/pve/priv/ceph/ceph-vm.keyring: (2) No such file or directory
2026-01-20T21:58:14+0100 pve2 pvedaemon[1468]: <root@pam> starting task UPID:pve2:00001234:0002A1C4:696FEB46:qmstart:101:root@pam:
`,
      { hostByInput: new Map([['<stdin>', 'pve2']]) },
    );
    expect(diag.collected).toEqual([]);
    expect(records.map((r) => [r.host, r.ident, r.message.slice(0, 20)])).toEqual([
      ['pve2', null, 'monclient(hunting): '],
      ['pve2', null, 'auth: unable to find'],
      ['pve2', 'pvedaemon', '<root@pam> starting '],
    ]);
    expect(records[0]!.ts).toBe(Date.UTC(2026, 0, 20, 20, 58, 13, 7) * 1000);
  });
});
