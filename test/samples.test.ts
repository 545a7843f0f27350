import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../src/model.js';
import { collect, codes, REPO } from './helpers.js';

const SAMPLES = join(REPO, 'samples');
const FENCE = join(SAMPLES, 'cluster-fence');

describe('bundled samples', () => {
  it('read cleanly: three nodes in three formats, merged by time', async () => {
    const { records, diag } = await collect([FENCE]);
    expect(codes(diag)).toEqual([]);
    const byHost = new Map<string, Set<string>>();
    for (const r of records) {
      const set = byHost.get(r.host!) ?? new Set();
      set.add(r.format);
      byHost.set(r.host!, set);
    }
    expect([...byHost.keys()].sort()).toEqual(['pve1', 'pve2', 'pve3']);
    expect(byHost.get('pve1')).toEqual(new Set(['json']));
    expect(byHost.get('pve2')).toEqual(new Set(['short-iso-precise']));
    expect(byHost.get('pve3')).toEqual(new Set(['short-iso']));
    for (let i = 1; i < records.length; i++) expect(records[i]!.ts!).toBeGreaterThanOrEqual(records[i - 1]!.ts!);
  });

  it('show pve3 starting a new boot after it was fenced', async () => {
    const { records } = await collect([FENCE]);
    const boots = records.filter((r) => r.newBoot);
    expect(boots.map((r) => r.host)).toEqual(['pve3']);
    const before = records.filter((r) => r.host === 'pve3' && r.ts! < boots[0]!.ts!).at(-1)!;
    // Nothing was logged during the reset: a gap of minutes, not a shutdown sequence.
    expect((boots[0]!.ts! - before.ts!) / 1e6).toBeGreaterThan(60);
    expect(records.some((r) => r.host === 'pve3' && /watchdog expired/.test(r.message))).toBe(true);
  });
});

// ---- the multi-node scenarios (see samples/<dir>/README.md for the stories) ----

/** One input file: the host its records must carry and the format ingest must detect. */
type Expect = [file: string, host: string, format: string];

/** Host and format sets per input file (by base name). */
function perFile(records: LogRecord[]): Map<string, { hosts: Set<string | null>; formats: Set<string> }> {
  const m = new Map<string, { hosts: Set<string | null>; formats: Set<string> }>();
  for (const r of records) {
    const f = basename(r.input);
    const e = m.get(f) ?? { hosts: new Set(), formats: new Set() };
    e.hosts.add(r.host);
    e.formats.add(r.format);
    m.set(f, e);
  }
  return m;
}

/** Every record whose message contains text, as "host" strings. */
function hostsWith(records: LogRecord[], text: string | RegExp): (string | null)[] {
  return records.filter((r) => (typeof text === 'string' ? r.message.includes(text) : text.test(r.message))).map((r) => r.host);
}

/** Local time (Europe/Berlin, given offset) of a record, "HH:MM:SS". */
function localHms(r: LogRecord, offsetMin: number): string {
  return new Date(r.ts! / 1000 + offsetMin * 60_000).toISOString().slice(11, 19);
}

/** Ingest a scenario and check what every scenario must satisfy. */
async function readScenario(dir: string, files: Expect[], opts: Parameters<typeof collect>[1] = {}): Promise<LogRecord[]> {
  const { records, diag } = await collect([join(SAMPLES, dir)], opts);
  expect(codes(diag)).toEqual([]);
  const got = perFile(records);
  for (const [file, host, format] of files) {
    expect(got.get(file), file).toEqual({ hosts: new Set([host]), formats: new Set([format]) });
  }
  const timed = records.filter((r) => r.ts !== null);
  for (let i = 1; i < timed.length; i++) expect(timed[i]!.ts!).toBeGreaterThanOrEqual(timed[i - 1]!.ts!);
  return records;
}

describe('sample rbd-keyring-drift', () => {
  const TASKLOG = join(SAMPLES, 'rbd-keyring-drift', 'pve2-task-qmstart-101.log');
  const read = () => readScenario('rbd-keyring-drift', [
    ['pve1.export', 'pve1', 'export'],
    ['pve2.syslog', 'pve2', 'short-iso-precise'],
  ], { hostByInput: new Map([[TASKLOG, 'pve2']]) });

  it('reads two standalone hosts (export, rsyslog) and a pasted task log', async () => {
    const records = await read();
    // The task log's own lines carry no time: they keep their order and take --host.
    const task = records.filter((r) => basename(r.input) === 'pve2-task-qmstart-101.log' && r.ts === null);
    expect(task.map((r) => [r.host, r.format])).toEqual([['pve2', 'untimed'], ['pve2', 'untimed']]);
    expect(task.at(-1)!.message).toBe('TASK ERROR: start failed: QEMU exited with code 1');
    // The Ceph client lines in it carry their own time stamp (2026-01-20T21:58:13.007+0100).
    expect(records.filter((r) => /handle_auth_bad_method server allowed_methods \[2\] but i only support \[2\]/.test(r.message))
      .map((r) => r.ts)).toEqual([Date.UTC(2026, 0, 20, 20, 58, 13, 7) * 1000, Date.UTC(2026, 0, 20, 20, 58, 13, 7) * 1000,
      Date.UTC(2026, 0, 20, 20, 58, 13, 8) * 1000]);
  });

  it('shows the failing start on pve2 only and a working start of the same storage on pve1', async () => {
    const records = await read();
    expect(hostsWith(records, 'rbd:vm-pool/vm-101-disk-0:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/ceph-vm.keyring'))
      .toEqual(['pve2']);
    expect(hostsWith(records, /: error connecting: Permission denied$/)).toEqual(['pve2']);
    expect(hostsWith(records, /^start failed: QEMU exited with code 1$/)).toEqual(['pve2', 'pve2']);
    expect(hostsWith(records, /^<root@pam> end task UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:101:root@pam: start failed: QEMU exited with code 1$/))
      .toEqual(['pve2', 'pve2']);
    const rados = records.filter((r) => r.message === 'rados_connect failed - Permission denied');
    expect(new Set(rados.map((r) => r.host))).toEqual(new Set(['pve2']));
    expect(rados.length).toBeGreaterThan(150);
    // after the keyring was copied over (22:17:04) pvestatd is quiet and VM 101 starts
    expect(localHms(rados.at(-1)!, 60) < '22:17:04').toBe(true);
    expect(hostsWith(records, /^<root@pam> end task UPID:pve2:[0-9A-F:]+:qmstart:101:root@pam: OK$/)).toEqual(['pve2']);
    expect(hostsWith(records, /^<root@pam> end task UPID:pve1:[0-9A-F:]+:qmstart:110:root@pam: OK$/)).toEqual(['pve1']);
    expect(records.filter((r) => r.host === 'pve1' && r.ident === 'pvestatd')).toEqual([]);
  });
});

describe('sample cmap-config-error', () => {
  const read = () => readScenario('cmap-config-error', [
    ['pve1.json', 'pve1', 'json'],
    ['pve2.syslog', 'pve2', 'short-iso-precise'],
    ['pve3.log', 'pve3', 'short-iso'],
  ]);

  it('has the config error, the exit status and the client-API failures on pve3 only', async () => {
    const records = await read();
    expect(hostsWith(records, '[MAIN  ] parse error in config: No valid name found for local host')).toEqual(['pve3']);
    expect(hostsWith(records, '[MAIN  ] Corosync Cluster Engine exiting with status 8 at main.c:1456.')).toEqual(['pve3']);
    expect(hostsWith(records, 'corosync.service: Main process exited, code=exited, status=8/n/a')).toEqual(['pve3']);
    expect(hostsWith(records, /^Cannot initialize CMAP service$/)).toEqual(['pve3']);
    const cmap = records.filter((r) => r.message === '[confdb] crit: cmap_initialize failed: 2');
    expect(new Set(cmap.map((r) => r.host))).toEqual(new Set(['pve3']));
    expect(cmap.length).toBeGreaterThan(40);
    expect(hostsWith(records, '[status] notice: node lost quorum')).toEqual(['pve3']);
    expect(hostsWith(records, '[status] notice: node has quorum')).toEqual(['pve3']);
  });

  it('shows the refused reload on every node and a clean leave and rejoin on the quorate pair', async () => {
    const records = await read();
    const changed = 'new config has different address for link 0 (addr changed from 10.10.20.13 to 10.10.20.31). Internal value was NOT changed.';
    expect(hostsWith(records, changed).sort()).toEqual(['pve1', 'pve1', 'pve1', 'pve2', 'pve2', 'pve2', 'pve3', 'pve3', 'pve3']);
    expect(hostsWith(records, '[CFG   ] Node 3 was shut down by sysadmin').sort()).toEqual(['pve1', 'pve2', 'pve3']);
    expect(hostsWith(records, '[TOTEM ] A new membership (1.7e) was formed. Members left: 3').sort()).toEqual(['pve1', 'pve2']);
    expect(hostsWith(records, 'Failed to receive the leave message')).toEqual([]);
    expect(hostsWith(records, 'Token has not been received')).toEqual([]);
    expect(hostsWith(records, '[TOTEM ] A new membership (1.86) was formed.').sort()).toEqual(['pve1', 'pve2', 'pve3']);
  });
});

describe('sample guest-lock-stuck', () => {
  const read = () => readScenario('guest-lock-stuck', [
    ['pve1.syslog', 'pve1', 'short-iso-precise'],
    ['pve2.log', 'pve2', 'short'],
  ], { year: 2026 });

  it('keeps the lock story on pve2: killed backup, refused actions, lock timeout, start after qm unlock', async () => {
    const records = await read();
    const vzdumpEnd = records.filter((r) => /^<root@pam> end task UPID:pve2:[0-9A-F:]+:vzdump::root@pam: unexpected status$/.test(r.message));
    expect(vzdumpEnd.map((r) => [r.host, localHms(r, 60)])).toEqual([['pve2', '06:52:14']]);
    expect(hostsWith(records, /^VM is locked \(backup\)$/)).toEqual(['pve2', 'pve2']);
    expect(hostsWith(records, /^can't lock file '\/var\/lock\/qemu-server\/lock-105\.conf' - got timeout$/)).toEqual(['pve2']);
    expect(hostsWith(records, 'VM quit/powerdown failed - got timeout')).toEqual(['pve2', 'pve2']);
    expect(hostsWith(records, /^<root@pam> end task UPID:pve2:[0-9A-F:]+:qmigrate:105:root@pam: migration aborted$/)).toEqual(['pve2']);
    const starts = records.filter((r) => /^<root@pam> end task UPID:pve2:[0-9A-F:]+:qmstart:105:root@pam: /.test(r.message));
    expect(starts.map((r) => r.message.replace(/^.*root@pam: /, ''))).toEqual(['VM is locked (backup)', 'OK']);
    // yearless journalctl -o short: the year comes from --year
    expect(new Date(starts[0]!.ts! / 1000).getUTCFullYear()).toBe(2026);
  });
});

describe('sample cfs-lock-quorum', () => {
  const read = () => readScenario('cfs-lock-quorum', [
    ['pve1.syslog', 'pve1', 'short-iso-precise'],
    ['pve2.export', 'pve2', 'export'],
    ['pve3.log', 'pve3', 'short'],
  ], { year: 2026 });

  it('has pve2 alone in a non-primary component and the quorate pair timing out on the cfs lock', async () => {
    const records = await read();
    expect(hostsWith(records, /NIC Link is Down$/)).toEqual(['pve2', 'pve2', 'pve2']);
    expect(hostsWith(records, '[QUORUM] This node is within the non-primary component')).toEqual(['pve2']);
    expect(hostsWith(records, '[status] notice: node lost quorum')).toEqual(['pve2']);
    expect(hostsWith(records, '[status] notice: node has quorum')).toEqual(['pve2']);
    expect(hostsWith(records, '[status] crit: cpg_send_message failed: 6').sort()).toEqual(['pve1', 'pve2']);
    expect(hostsWith(records, "replication: cfs-lock 'file-replication_cfg' error: got lock request timeout").sort()).toEqual(['pve1', 'pve3']);
    expect(hostsWith(records, "replication: cfs-lock 'file-replication_cfg' error: no quorum!")).toEqual(['pve2']);
    expect(hostsWith(records, /^<ci@pve!terraform> end task UPID:pve1:[0-9A-F:]+:qmdestroy:9003:ci@pve!terraform: cfs-lock 'file-replication_cfg' error: got lock request timeout$/))
      .toEqual(['pve1']);
    // the same membership change, seen from both sides of the cut and at the rejoin
    expect(hostsWith(records, /A new membership \([12]\.9c\) was formed/).sort()).toEqual(['pve1', 'pve2', 'pve3']);
    expect(hostsWith(records, 'A new membership (1.a0) was formed').sort()).toEqual(['pve1', 'pve2', 'pve3']);
    // CEST: the quorum loss is at 02:14:18 local (00:14:18 UTC)
    const lost = records.find((r) => r.message === '[status] notice: node lost quorum')!;
    expect(localHms(lost, 120)).toBe('02:14:18');
  });
});

describe('sample planned-reboot', () => {
  const read = () => readScenario('planned-reboot', [
    ['pve1.json', 'pve1', 'json'],
    ['pve2.export', 'pve2', 'export'],
    ['pve3.log', 'pve3', 'short-iso'],
  ]);

  it('has a full shutdown sequence on pve3 before its new boot, and no unclean end', async () => {
    const records = await read();
    const boots = records.filter((r) => r.newBoot);
    expect(boots.map((r) => r.host)).toEqual(['pve3']);
    const before = records.filter((r) => r.host === 'pve3' && r.ts! < boots[0]!.ts!);
    const tail = before.slice(-12).map((r) => r.message);
    expect(tail).toContain('Reached target reboot.target - System Reboot.');
    expect(tail).toContain('Shutting down.');
    expect(before.at(-1)!.message).toBe('Journal stopped');
    expect(before.some((r) => r.message === 'Stopping pve-ha-lrm.service - PVE Local HA Resource Manager Daemon...')).toBe(true);
    expect(before.some((r) => r.message === 'Stopping corosync.service - Corosync Cluster Engine...')).toBe(true);
    expect(before.some((r) => r.message === '[main] notice: exit proxmox configuration filesystem (0)')).toBe(true);
    expect(boots[0]!.message).toMatch(/^Linux version 6\.8\.12-12-pve /);
    expect(hostsWith(records, 'corrupted or uncleanly shut down')).toEqual([]);
    expect(hostsWith(records, 'watchdog expired')).toEqual([]);
  });

  it('shows a clean leave on pve1 and pve2 that keep quorum', async () => {
    const records = await read();
    expect(hostsWith(records, '[CFG   ] Node 3 was shut down by sysadmin').sort()).toEqual(['pve1', 'pve2', 'pve3']);
    expect(hostsWith(records, '[TOTEM ] A new membership (1.ce) was formed. Members left: 3').sort()).toEqual(['pve1', 'pve2']);
    expect(hostsWith(records, 'Failed to receive the leave message')).toEqual([]);
    expect(hostsWith(records, 'non-primary component')).toEqual([]);
    expect(hostsWith(records, '[status] notice: node lost quorum')).toEqual(['pve3']);
    expect(hostsWith(records, '[TOTEM ] A new membership (1.d6) was formed.').sort()).toEqual(['pve1', 'pve2', 'pve3']);
  });
});
