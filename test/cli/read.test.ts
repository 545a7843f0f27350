import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO } from '../helpers.js';

const BIN = join(REPO, 'bin', 'pvelens.js');
const tmp = mkdtempSync(join(tmpdir(), 'pvelens-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: string | Buffer): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the installed command', () => {
  it('runs through its shebang, with its V8 flags accepted by this Node', () => {
    // As `npm link` / a global install runs it: the file itself, `env -S node <flags>`.
    const r = spawnSync(BIN, ['read', '-o', 'json', '-'], {
      input: 'Dec  1 03:10:00 pve1 corosync[1234]:   [KNET  ] link: host: 2 link: 0 is down\n',
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    });
    expect(r.stderr).not.toMatch(/bad option|unrecognized|not allowed/i);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.host.name).toBe('pve1');
    expect(doc.message).toBe('  [KNET  ] link: host: 2 link: 0 is down');
  });
});

describe('pvelens read', () => {
  it('prints ECS documents as NDJSON, merged by time across inputs', () => {
    const r = run(['read', '-o', 'json', '--tz', 'Europe/Berlin', '--year', '2023', join(FIXTURES, 'journal', 'crafted.json.all.txt'), join(FIXTURES, 'journal', 'pve2.export.out')]);
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs).toHaveLength(33 + 11);
    const times = docs.map((d) => Date.parse(d['@timestamp']));
    const hosts = new Set(docs.map((d) => d.host.name));
    expect(hosts).toEqual(new Set(['pve1', 'pve2']));
    // Interleaved: some pve2 record comes between two pve1 records.
    const firstPve2 = docs.findIndex((d) => d.host.name === 'pve2');
    expect(docs.slice(firstPve2).some((d) => d.host.name === 'pve1')).toBe(true);
    const coro = docs.find((d) => d.log.syslog?.appname === 'corosync' && d.host.name === 'pve1');
    expect(coro).toMatchObject({
      host: { name: 'pve1' },
      process: { pid: 1342 },
      systemd: { unit: 'corosync.service' },
      log: { syslog: { appname: 'corosync', priority: expect.any(Number), facility: { code: 3 } } },
      pvelens: { format: 'json', source: { line: expect.any(Number), cursor: expect.stringMatching(/^s=/) }, time: { precision: 'us' } },
    });
    expect(times.filter((t) => Number.isNaN(t))).toHaveLength(0);
    expect(r.stderr).toMatch(/^pvelens: 44 records from 2 files/m);
  });

  it('reads stdin and prints text in the --tz zone', () => {
    const r = run(['read', '--tz', 'Asia/Tokyo', '-'], '2025-12-14T03:10:12.5+01:00 pve2 corosync[1301]: [TOTEM ] hello\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2025-12-14T11:10:12.500000+09:00 pve2 corosync[1301]: [TOTEM ] hello\n');
  });

  it('filters with --since/--until in journalctl and natural forms', () => {
    const lines = ['10:00:00', '11:00:00', '12:00:00', '13:00:00'].map((t) => `2025-12-14T${t}+00:00 pve1 a[1]: at ${t}`).join('\n') + '\n';
    const r = run(['read', '--tz', 'UTC', '--since', '2025-12-14 11:00', '--until', '2025-12-14 12:00:00', '-'], lines);
    expect(r.stdout.trim().split('\n').map((l) => l.split(': ')[1])).toEqual(['at 11:00:00', 'at 12:00:00']);
    const all = run(['read', '--since', '2 hours ago', '-q', '-'], lines);
    expect(all.stdout).toBe('');
  });

  it('counts records without printing them (--count, --stats)', () => {
    const r = run(['read', '--count', '--stats', join(FIXTURES, 'syslog', 'rotated')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('27\n');
    const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('pvelens-stats '))!.slice(14));
    expect(stats).toMatchObject({ records: 27, bytesRead: expect.any(Number), maxRssKb: expect.any(Number) });
  });

  it('exits 3 when input was skipped, with one diagnostic line per problem and no stack trace', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"MESSAGE":"ok","__REALTIME_TIMESTAMP":"1700000000000000"}\n{broken\n');
    const r = run(['read', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`pvelens: ${bad}:2: invalid JSON`);
    expect(r.stderr).toMatch(/1 skipped: invalid-json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 when an input cannot be read at all', () => {
    const r = run(['read', join(tmp, 'nope.log')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('nope.log: no such file or directory');
  });

  it('exits 2 on usage errors with a plain message', () => {
    expect(run(['read', '--tz', 'Mars/Olympus', '-'], '').code).toBe(2);
    const since = run(['read', '--since', 'when pigs fly', '-'], '');
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since');
    expect(run(['read', '--output', 'xml', '-'], '').code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});
