import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

const BIN = join(REPO, 'bin', 'pvelens.js');
const tmp = mkdtempSync(join(tmpdir(), 'pvelens-events-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const USER_PATTERN = `
subsystem: site
identifiers: [myapp]
patterns:
  - id: site.backup_failed
    summary: backup of {what} failed
    regex: 'backup of (?<what>\\S+) failed$'
    severity: error
    category: process
    action: site-backup-failed
    layer: management
    examples:
      - message: 'backup of /etc failed'
        captures: { what: /etc }
`;

describe('pvelens events', () => {
  it('prints ECS event documents for the samples: rule, category, captures, decoded codes', () => {
    const r = run(['events', '-o', 'json', join(REPO, 'samples', 'cluster-fence')]);
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.length).toBeGreaterThan(100);
    const nonPrimary = docs.find((d) => d.rule.id === 'corosync.quorum.non_primary');
    expect(nonPrimary).toMatchObject({ host: { name: 'pve3' }, event: { kind: 'event', category: ['host'], action: 'quorum-lost', severity: 3 }, pvelens: { layer: 'quorum' } });
    const cpg = docs.find((d) => d.rule.id === 'pmxcfs.cpg_send_message_failed');
    expect(cpg.pvelens.annotations.cs_error).toMatchObject({ code: 9, name: 'CS_ERR_BAD_HANDLE' });
    expect(cpg.pvelens.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const fence = docs.find((d) => d.rule.id === 'ha.crm.fencing_acknowledged');
    expect(fence.pvelens.captures).toMatchObject({ node: 'pve3' });
    expect(r.stderr).toMatch(/\d+ events from \d+ patterns/);
  });

  it('loads a user pattern directory with --patterns', () => {
    const dir = join(tmp, 'good');
    mkdirSync(dir);
    writeFileSync(join(dir, 'site.yaml'), USER_PATTERN);
    const r = run(['events', '--patterns', dir, '-'], 'Dec 14 03:10:12 pve1 myapp[42]: backup of /var/lib/vz failed\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/error +site\.backup_failed: backup of \/var\/lib\/vz failed/);
  });

  it('stops with the file, the pattern and the reason on a broken user pattern', () => {
    const dir = join(tmp, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'site.yaml'), USER_PATTERN.replace("'backup of (?<what>\\S+) failed$'", () => "'backup of (?<what>(\\w+)+)+ failed$'"));
    const r = run(['events', '--patterns', dir, '-'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'site.yaml')}: pattern site.backup_failed: regex can backtrack catastrophically`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('pvelens patterns', () => {
  it('tests a user file and fails clearly on a failing example', () => {
    const dir = join(tmp, 'failing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'site.yaml'), USER_PATTERN.replace('captures: { what: /etc }', 'captures: { what: /usr }'));
    const r = run(['patterns', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL ${join(dir, 'site.yaml')}: site.backup_failed: example "backup of /etc failed": capture what: expected "/usr", got "/etc"`);
    expect(r.stdout).toMatch(/1 patterns, 1 examples and near-misses, 1 failed/);
  });

  it('lists the shipped library', () => {
    const r = run(['patterns', 'list']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.find((l) => l.startsWith('corosync.totem.token_timeout'))).toMatch(/corosync +warning/);
  });
});
