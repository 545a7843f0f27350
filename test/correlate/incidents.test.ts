import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/correlate/engine.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { incidentDocument } from '../../src/sinks/incident.js';
import { collect, collectBytes, FIXTURES, REPO } from '../helpers.js';
import { globOf, globRegex, IncidentRule } from '../../src/correlate/rules.js';
import { incidentsOf as analyze, rules } from './analyze.js';

const types = (incs: Incident[]): string[] => [...new Set(incs.map((i) => i.type))].sort();
const local = (us: number | null): string => (us === null ? 'null' : new Date(us / 1000 + 3600_000).toISOString().slice(11, 19));

async function text(lines: string, year = 2025): Promise<Incident[]> {
  const { records, diag } = await collectBytes(lines, { year, tz: 'Europe/Berlin' });
  expect(diag.collected).toEqual([]);
  return analyze(records);
}

describe('the cluster-fence sample', async () => {
  const { records } = await collect([join(REPO, 'samples', 'cluster-fence')], { tz: 'Europe/Berlin' });
  const incs = analyze(records);
  const one = (type: string): Incident => {
    const found = incs.filter((i) => i.type === type);
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };

  it('yields the chain from the link up to the fence, and nothing for the boot-time CMAP retries', () => {
    expect(types(incs)).toEqual(['fencing-reboot', 'ha-lock-loss', 'link-instability', 'membership-churn', 'pmxcfs-cpg-failure', 'quorum-loss']);
  });

  it('puts quorum loss on pve3 alone, from its non-primary line to the primary one', () => {
    const q = one('quorum-loss');
    expect(q.nodes).toEqual(['pve3']);
    expect(q.scope).toBe('node');
    expect(local(q.start)).toBe('03:10:16');
    expect(q.open).toBe(false);
    expect(q.entries.find((e) => e.phase === 'onset')!.ruleId).toBe('corosync.quorum.non_primary');
    expect(q.entries.some((e) => e.phase === 'recovery')).toBe(true);
    // The lowest failing layer is below quorum: the NIC or the knet link, with its line.
    expect(['host', 'link']).toContain(q.rootCause.layer);
    expect(q.rootCause.evidence[0]!.file).toMatch(/pve3\.log$/);
    expect(q.rootCause.confidence).toBe('high');
  });

  it('reports the fence of pve3 from both sides, with the reset gap', () => {
    const f = one('fencing-reboot');
    expect(f.subjects).toEqual(['pve3']);
    expect(f.nodes).toEqual(['pve1', 'pve3']);
    expect(f.scope).toBe('cluster');
    const ids = f.entries.map((e) => e.ruleId);
    expect(ids).toContain('ha.crm.fencing_acknowledged');
    expect(ids).toContain('ha.crm.recover_service');
    expect(ids).toContain('watchdog.client_expired');
    expect(ids).toContain('pvelens.first_line_after_boot');
    const gap = f.details.gap_us as number;
    expect(gap / 1e6).toBeGreaterThan(120);
    expect(gap / 1e6).toBeLessThan(200);
    expect(f.rootCause.text).toMatch(/^pve3 lost its corosync link/);
    expect(f.gaps.some((g) => g.host === 'pve3')).toBe(true);
    expect(f.nextChecks[0]).toContain('On pve3:');
  });

  it('collapses the cpg_send_message storm into one entry with its count', () => {
    const p = one('pmxcfs-cpg-failure');
    const storm = p.entries.find((e) => e.ruleId === 'pmxcfs.cpg_send_message_failed')!;
    expect(storm.count).toBeGreaterThan(3);
    expect(storm.last! - storm.first!).toBeGreaterThan(0);
  });

  it('tells the sides of the partition and estimates the clock skew from shared ring ids', () => {
    expect(one('quorum-loss').details.partition).toEqual({ pve1: [1, 2], pve2: [1, 2], pve3: [3] });
    // The generator runs pve2 0.213 s ahead of pve1 and pve3 0.347 s behind.
    const skew = one('link-instability').details.clock_skew_ms as Record<string, number | string>;
    expect(skew.reference).toBe('pve1');
    expect(Math.abs((skew.pve2 as number) - 213)).toBeLessThan(60);
    expect(Math.abs((skew.pve3 as number) + 347)).toBeLessThan(100);
  });

  it('sees the link failure from both ends as one cluster incident', () => {
    const l = one('link-instability');
    expect(l.nodes).toEqual(['pve1', 'pve2', 'pve3']);
  });

  it('gives the same ids and documents on every run', async () => {
    const again = analyze((await collect([join(REPO, 'samples', 'cluster-fence')], { tz: 'Europe/Berlin' })).records);
    expect(again.map((i) => JSON.stringify(incidentDocument(i)))).toEqual(incs.map((i) => JSON.stringify(incidentDocument(i))));
  });

  it('gives byte-identical documents whatever the chunks a pipe delivers', async () => {
    const bytes = readFileSync(join(REPO, 'samples', 'cluster-fence', 'pve3.log'));
    const docs = async (chunk: number): Promise<string> => {
      const { records } = await collectBytes(bytes, { tz: 'Europe/Berlin' }, chunk);
      return analyze(records).map((i) => JSON.stringify(incidentDocument(i))).join('\n');
    };
    const whole = await docs(0);
    expect(whole).toContain('"type":"fencing-reboot"');
    for (const chunk of [7, 333, 4096, 65536]) expect(await docs(chunk), `chunks of ${chunk}`).toBe(whole);
  });
});

describe('published excerpts', () => {
  it('seed 001: the untimed quorum flap of hv2/pve5 yields quorum loss, the CPG failure and the HA lock loss', async () => {
    const { records } = await collect([join(FIXTURES, 'published', 'quorum-flap-pve5-untimed.log')]);
    const incs = analyze(records);
    for (const t of ['quorum-loss', 'pmxcfs-cpg-failure', 'ha-lock-loss']) expect(types(incs)).toContain(t);
    const q = incs.find((i) => i.type === 'quorum-loss')!;
    expect(q.start).toBeNull();
    expect(q.entries.some((e) => e.ruleId === 'corosync.quorum.primary' || e.ruleId === 'pmxcfs.quorum_regained')).toBe(true);
  });

  it('seed 000: the RBD start failure, with errno 13, VMID 101, pool, client, keyring and conf', async () => {
    const { records } = await collect([join(FIXTURES, 'published', 'rbd-error-opening-pve3.log')], { year: 2025 });
    const incs = analyze(records);
    expect(types(incs)).toEqual(['rbd-error-opening']);
    const r = incs[0]!;
    expect(r.key).toEqual({ vmid: '101' });
    expect(r.details).toMatchObject({ errno: 13, vmid: 101, pool: 'vmdata', image: 'vm-101-disk-0', client: 'pve', conf: '/etc/pve/ceph.conf' });
    expect(r.details.diagnosis).toMatch(/^permission denied/);
    expect(r.rootCause.text).toContain('vmdata/vm-101-disk-0');
  });
});

describe('what must not become an incident', () => {
  it('a single token warning', async () => {
    expect(await text('Dec 14 03:00:00 pve1 corosync[1389]:   [TOTEM ] Token has not been received in 2737 ms \n')).toEqual([]);
  });

  it('a planned reboot with its shutdown sequence', async () => {
    const incs = await text(`Dec 14 03:00:00 pve3 systemd[1]: Stopping pve-guests.service - PVE guests...
Dec 14 03:00:05 pve3 systemd[1]: Reached target shutdown.target - System Shutdown.
Dec 14 03:00:06 pve3 systemd[1]: Reached target final.target - Late Shutdown Services.
Dec 14 03:02:00 pve3 kernel: Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) ()
`);
    expect(incs).toEqual([]);
  });

  it('but a reboot without one is unclean, and with an expired watchdog before it, a fence', async () => {
    const boot = 'Dec 14 03:05:00 pve3 kernel: Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) ()\n';
    const plain = await text('Dec 14 03:00:00 pve3 pvestatd[1450]: status update time (5.012 seconds)\n' + boot);
    expect(types(plain)).toEqual(['unclean-reboot']);
    expect((plain[0]!.details.gap_us as number) / 1e6).toBe(300);
    const fenced = await text('Dec 14 03:00:00 pve3 watchdog-mux[858]: client watchdog expired - disable watchdog updates\n' + boot);
    expect(types(fenced)).toEqual(['fencing-reboot']);
    expect(fenced[0]!.subjects).toEqual(['pve3']);
  });

  it('a link-down long before the quorum loss is not its precursor', async () => {
    const incs = await text(`Dec 14 02:40:00 pve3 corosync[1407]:   [KNET  ] link: host: 1 link: 0 is down
Dec 14 02:40:03 pve3 corosync[1407]:   [KNET  ] rx: host: 1 link: 0 is up
Dec 14 03:00:00 pve3 corosync[1407]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.
`);
    const q = incs.find((i) => i.type === 'quorum-loss')!;
    expect(q.entries.map((e) => e.phase)).toEqual(['onset']);
    expect(q.open).toBe(true);
    expect(q.rootCause.layer).toBe('quorum');
  });

  it('a recovery line before any onset, or the right event on another VM, does not close anything', async () => {
    const incs = await text(`Dec 14 03:00:00 pve1 pvedaemon[1468]: VM 105 is locked (backup)
Dec 14 03:01:00 pve1 pvedaemon[1468]: <root@pam> end task UPID:pve1:00001234:0002A1C4:693E1A2C:qmstart:106:root@pam: OK
`);
    const g = incs.find((i) => i.type === 'guest-lock-stuck')!;
    expect(g.key).toEqual({ vmid: '105' });
    expect(g.entries.map((e) => e.phase)).toEqual(['onset']);
    expect(g.open).toBe(true);
  });

  it('cfs-lock timeouts inside a quorum loss join it instead of standing alone', async () => {
    const incs = await text(`Dec 14 03:00:00 pve2 corosync[1422]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.
Dec 14 03:00:30 pve2 pvescheduler[1519]: replication: cfs-lock 'file-replication_cfg' error: got lock request timeout
Dec 14 03:02:00 pve2 corosync[1422]:   [QUORUM] This node is within the primary component and will provide service.
Dec 14 03:30:00 pve2 pvescheduler[1519]: replication: cfs-lock 'file-replication_cfg' error: got lock request timeout
`);
    expect(types(incs)).toEqual(['cfs-lock-timeout', 'quorum-loss']);
    const q = incs.find((i) => i.type === 'quorum-loss')!;
    expect(q.entries.map((e) => e.ruleId)).toContain('replication.cfs_lock_timeout');
    expect(local(incs.find((i) => i.type === 'cfs-lock-timeout')!.start)).toBe('03:30:00');
  });
});

describe('the rule files', () => {
  it('name only pattern ids that exist, and conditions only on captures those patterns have', () => {
    const patterns = loadPatterns([]);
    for (const r of rules) {
      const globs = [...r.onset, ...r.impact, ...r.recovery, ...(r.precursors?.events ?? []), ...r.or_requires, ...r.suppressed_by, ...r.shutdown, ...r.going_down, ...r.startup, ...r.fence_evidence, ...r.causes.flatMap((c) => c.when)];
      for (const g of globs) {
        const re = globRegex([globOf(g)]);
        const hits = patterns.filter((p) => re.test(p.id));
        expect(hits.length, `${r.type}: ${globOf(g)}`).toBeGreaterThan(0);
        if (typeof g !== 'string') for (const k of Object.keys(g.where)) expect(hits.every((p) => k in p.captureTypes), `${r.type}: ${g.id} has no capture ${k}`).toBe(true);
      }
    }
  });

  it('reject a capture condition that is not a regular expression, or names no capture', () => {
    const base = { type: 'ceph-auth-failure', title: 't', severity: 'error', layer: 'storage', next_checks: ['x'] };
    expect(IncidentRule.safeParse({ ...base, onset: [{ id: 'storage.rados_connect_failed', where: { reason: 'Permission denied' } }] }).success).toBe(true);
    expect(IncidentRule.safeParse({ ...base, onset: [{ id: 'storage.rados_connect_failed', where: { reason: '(unclosed' } }] }).success).toBe(false);
    expect(IncidentRule.safeParse({ ...base, onset: [{ id: 'storage.rados_connect_failed', where: {} }] }).success).toBe(false);
    expect(IncidentRule.safeParse({ ...base, onset: [{ id: 'storage.rados_connect_failed', when: { reason: 'x' } }] }).success).toBe(false);
  });

  it('cover every incident type once', () => {
    expect(rules.map((r) => r.type).sort()).toEqual([...new Set(rules.map((r) => r.type))].sort());
    expect(rules).toHaveLength(17);
  });
});

describe('the scenario samples give the incidents their READMEs expect', () => {
  const cases: Array<{ dir: string; host?: Record<string, string>; want: string[] }> = [
    { dir: 'cfs-lock-quorum', want: ['link-instability', 'membership-churn', 'pmxcfs-cpg-failure', 'quorum-loss'] },
    { dir: 'cmap-config-error', want: ['cmap-unavailable', 'corosync-config-error', 'pmxcfs-cpg-failure', 'quorum-loss'] },
    { dir: 'guest-lock-stuck', want: ['guest-lock-stuck'] },
    { dir: 'planned-reboot', want: [] },
    { dir: 'rbd-keyring-drift', host: { 'pve2-task-qmstart-101.log': 'pve2' }, want: ['ceph-auth-failure', 'rbd-error-opening'] },
  ];
  for (const c of cases) {
    it(`${c.dir}: ${c.want.join(', ') || 'no incident'}`, async () => {
      const dir = join(REPO, 'samples', c.dir);
      const hostByInput = new Map(Object.entries(c.host ?? {}).map(([f, h]) => [join(dir, f), h]));
      const { records } = await collect([dir], { tz: 'Europe/Berlin', hostByInput });
      expect(types(analyze(records))).toEqual(c.want);
    });
  }

  it('cfs-lock-quorum: the lock timeouts of the quorate nodes join pve2\'s quorum loss', async () => {
    const { records } = await collect([join(REPO, 'samples', 'cfs-lock-quorum')], { tz: 'Europe/Berlin' });
    const q = analyze(records).find((i) => i.type === 'quorum-loss')!;
    expect(q.subjects).toEqual(['pve2']);
    // April: CEST, +02:00.
    expect(new Date(q.start! / 1000).toISOString().slice(11, 19)).toBe('00:14:18');
    expect(new Date(q.end! / 1000).toISOString().slice(11, 19)).toBe('00:16:05');
    expect(q.entries.filter((e) => e.ruleId.includes('cfs_lock')).map((e) => e.host).sort()).toEqual(expect.arrayContaining(['pve1', 'pve3']));
  });

  it('cmap-config-error: systemd\'s lines on corosync\'s exit join the config error', async () => {
    const { records } = await collect([join(REPO, 'samples', 'cmap-config-error')], { tz: 'Europe/Berlin' });
    const cfg = analyze(records).find((i) => i.type === 'corosync-config-error')!;
    expect(cfg.entries.filter((e) => e.ruleId.startsWith('systemd.unit.')).map((e) => [e.phase, e.ruleId, e.host])).toEqual([
      ['impact', 'systemd.unit.main_process_exited', 'pve3'],
      ['impact', 'systemd.unit.failed_result', 'pve3'],
      ['impact', 'systemd.unit.failed_to_start', 'pve3'],
    ]);
  });

  it('guest-lock-stuck: the aborted migration of the locked guest is part of it', async () => {
    const { records } = await collect([join(REPO, 'samples', 'guest-lock-stuck')], { tz: 'Europe/Berlin', year: 2026 });
    const g = analyze(records).find((i) => i.type === 'guest-lock-stuck')!;
    expect(g.entries.filter((e) => e.ruleId === 'task.migration_aborted').map((e) => [e.phase, e.host, local(e.first)])).toEqual([['impact', 'pve2', '07:03:03']]);
  });

  it('cmap-config-error: every incident names the refused configuration as the cause', async () => {
    const { records } = await collect([join(REPO, 'samples', 'cmap-config-error')], { tz: 'Europe/Berlin' });
    for (const inc of analyze(records)) expect(inc.rootCause.ruleId, inc.type).toMatch(/^corosync\.main\.config_/);
  });
});

describe('untimed lines between timed ones', () => {
  // A pasted task log: the Ceph client stamps its lines, QEMU and the task do not.
  const TASK = `2026-01-20T21:58:13.007+0100 7f3c2effd6c0 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]
kvm: -drive file=rbd:vm-pool/vm-101-disk-0:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/ceph-vm.keyring,if=none,id=drive-scsi0,cache=writeback,format=raw,aio=io_uring,detect-zeroes=on: error connecting: Permission denied
TASK ERROR: start failed: QEMU exited with code 1
`;

  it('are correlated at the time of the timed line before them in their input, and keep no time of their own', async () => {
    const { records } = await collectBytes(TASK, { tz: 'Europe/Berlin', defaultHost: 'pve2' });
    expect(records.map((r) => r.ts === null)).toEqual([false, true, true]);
    const rbd = analyze(records).find((i) => i.type === 'rbd-error-opening')!;
    expect(local(rbd.start)).toBe('21:58:13');
    expect(rbd.start).toBe(records[0]!.ts);
    expect(rbd.subjects).toEqual(['pve2']);
    const onset = rbd.entries.find((e) => e.phase === 'onset')!;
    expect([onset.ruleId, onset.first, onset.placed, onset.ref.ts, onset.ref.line]).toEqual(['qemu.rbd.error_connecting', records[0]!.ts, true, null, 2]);
    // The documents show the line as it was: no time in its source reference.
    const doc = incidentDocument(rbd).pvelens as { incident: { events: Array<{ rule_id: string; first?: string; source: Record<string, unknown> }> } };
    const ev = doc.incident.events.find((e) => e.rule_id === 'qemu.rbd.error_connecting')!;
    expect(ev.first).toBe('2026-01-20T20:58:13.007000Z');
    expect(ev.source['@timestamp']).toBeUndefined();
    // The records themselves are untouched.
    expect(records[1]!.ts).toBeNull();
  });

  it('join windows by that time: a recovery within idle_close ends the incident, one after it does not', async () => {
    const run = async (end: string): Promise<Incident> => {
      const dir = mkdtempSync(join(tmpdir(), 'pvelens-untimed-'));
      writeFileSync(join(dir, 'task.log'), TASK);
      writeFileSync(join(dir, 'pve2.syslog'), `2026-01-20T${end}.268618+01:00 pve2 pvedaemon[1241]: <root@pam> end task UPID:pve2:0012F767:0B76CF28:696FF131:qmstart:101:root@pam: OK\n`);
      const { records } = await collect([dir], { tz: 'Europe/Berlin', hostByInput: new Map([[join(dir, 'task.log'), 'pve2']]) });
      return analyze(records).find((i) => i.type === 'rbd-error-opening')!;
    };
    const soon = await run('22:08:43');
    expect([local(soon.start), local(soon.end), soon.open]).toEqual(['21:58:13', '22:08:43', false]);
    expect(soon.entries.map((e) => e.phase)).toEqual(['onset', 'impact', 'recovery']);
    // Untimed, the incident could never time out and would take a start 20 minutes later as its end.
    const late = await run('22:18:43');
    expect([local(late.start), local(late.end), late.open]).toEqual(['21:58:13', '21:58:13', false]);
    expect(late.entries.map((e) => e.phase)).toEqual(['onset', 'impact']);
  });

  it('stay untimed when nothing timed came before them in their input', async () => {
    const { records } = await collectBytes(TASK.split('\n').slice(1).join('\n'), { tz: 'Europe/Berlin', defaultHost: 'pve2' });
    const rbd = analyze(records).find((i) => i.type === 'rbd-error-opening')!;
    expect(rbd.start).toBeNull();
    expect(rbd.entries.every((e) => e.first === null && !e.placed)).toBe(true);
  });
});

describe('the rbd-keyring-drift sample (see its README)', async () => {
  const dir = join(REPO, 'samples', 'rbd-keyring-drift');
  const { records } = await collect([dir], { tz: 'Europe/Berlin', hostByInput: new Map([[join(dir, 'pve2-task-qmstart-101.log'), 'pve2']]) });
  const incs = analyze(records);
  const ms = (us: number | null): string => (us === null ? 'null' : new Date(us / 1000 + 3600_000).toISOString().slice(11, 23));

  it('opens ceph-auth-failure with pvestatd\'s first refused connect at 21:45:03, ending with its last at 22:16:59.785', () => {
    const a = incs.filter((i) => i.type === 'ceph-auth-failure');
    expect(a).toHaveLength(1);
    expect(a[0]!.subjects).toEqual(['pve2']);
    expect([ms(a[0]!.start), ms(a[0]!.end)]).toEqual(['21:45:03.401', '22:16:59.785']);
    const onset = a[0]!.entries[0]!;
    expect([onset.phase, onset.ruleId, onset.captures.reason, onset.count]).toEqual(['onset', 'storage.rados_connect_failed', 'Permission denied', 192]);
    expect(a[0]!.entries.map((e) => e.ruleId)).toContain('ceph.monclient.auth_bad_method');
    expect(incs.map((i) => i.type)).not.toContain('ceph-mon-unreachable');
  });

  it('puts the rbd failure at the task log\'s place (21:58:13.008), ends it with the start at 22:18:43.268, and names pve1 where the storage works', () => {
    const r = incs.filter((i) => i.type === 'rbd-error-opening');
    expect(r).toHaveLength(1);
    const inc = r[0]!;
    expect(inc.subjects).toEqual(['pve2']);
    expect([ms(inc.start), ms(inc.end), inc.open]).toEqual(['21:58:13.008', '22:18:43.268', false]);
    expect(inc.entries.filter((e) => e.ruleId === 'task.end_error').map((e) => ms(e.first))).toEqual(['21:58:13.305', '22:01:38.808']);
    expect(inc.details).toMatchObject({ vmid: 101, pool: 'vm-pool', image: 'vm-101-disk-0', client: 'admin', keyring: '/etc/pve/priv/ceph/ceph-vm.keyring', conf: '/etc/pve/ceph.conf', storage: 'ceph-vm', worked_on: ['pve1'] });
    expect(inc.details.worked_evidence).toEqual([expect.stringMatching(/^pve1: VM 110, on the same storage ceph-vm, started \(.*pve1\.export:@\d+\)$/)]);
    expect(inc.rootCause.ruleId).toBe('qemu.rbd.error_connecting');
    expect(inc.rootCause.text).toMatch(/permission denied.*the same storage works on pve1, so the difference is local to pve2/);
  });
});

describe('the same storage working elsewhere', () => {
  const FAIL = `2026-01-20T21:58:13.008+01:00 pve2 pvedaemon[1241]: kvm: -drive file=rbd:vm-pool/vm-101-disk-0:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/ceph-vm.keyring,if=none,id=drive-scsi0: error connecting: Permission denied`;
  const START_110 = `2026-01-20T22:08:04.732+01:00 pve1 qm[945400]: <root@pam> end task UPID:pve1:000E6DA8:0983EBDE:696FEEB2:qmstart:110:root@pam: OK`;
  const worked = async (...lines: string[]): Promise<unknown> => {
    const incs = await text(lines.sort().join('\n') + '\n');
    return incs.find((i) => i.type === 'rbd-error-opening')!.details.worked_on;
  };
  const update = (params: string): string => `2026-01-20T22:07:18.395+01:00 pve1 qm[945189]: <root@pam> update VM 110: ${params}`;

  it('needs the input to tie the other guest to the storage', async () => {
    expect(await worked(FAIL, START_110)).toBeUndefined();
    expect(await worked(FAIL, update('-scsi0 ceph-vm:4,iothread=on'), START_110)).toEqual(['pve1']);
    expect(await worked(FAIL, update('-memory 4096 -virtio1 ceph-vm:vm-110-disk-1,cache=writeback'), START_110)).toEqual(['pve1']);
    expect(await worked(FAIL, update('-scsi0 local-lvm:4'), START_110)).toBeUndefined();
    expect(await worked(FAIL, update('-ide2 ceph-vm:iso/x.iso,media=cdrom'), START_110)).toBeUndefined();
  });

  it('counts the same guest started on another node, but not on the failing one', async () => {
    const ok101 = (node: string): string => `2026-01-20T22:05:00.000+01:00 ${node} pvedaemon[1241]: <root@pam> end task UPID:${node}:000E6DA8:0983EBDE:696FEEB2:qmstart:101:root@pam: OK`;
    expect(await worked(FAIL, ok101('pve3'))).toEqual(['pve3']);
    expect(await worked(FAIL, ok101('pve2'))).toBeUndefined();
  });

  it('remembers a bounded number of guests', async () => {
    const { Correlator } = await import('../../src/correlate/engine.js');
    const c = new Correlator(rules);
    const { records } = await collectBytes(
      Array.from({ length: 6000 }, (_, i) => `2026-01-20T22:00:00.000+01:00 pve1 qm[1]: <root@pam> end task UPID:pve1:000E6DA8:0983EBDE:696FEEB2:qmstart:${1000 + i}:root@pam: OK`).join('\n') + '\n',
      { tz: 'Europe/Berlin' },
    );
    const { Matcher } = await import('../../src/match/matcher.js');
    const m = new Matcher(loadPatterns([]));
    for (const r of records) {
      const evs: import('../../src/model.js').MatchEvent[] = [];
      m.match(r, evs);
      c.push(r, evs);
    }
    expect((c as unknown as { startedOk: Map<number, unknown> }).startedOk.size).toBe(4096);
  });
});

describe('incidents handed out as they become final', () => {
  /** A day of pve3 losing quorum for two minutes every 20 minutes; optionally a Ceph refusal every 10 minutes all day long. */
  function day(withAllDayIncident: boolean): string {
    const t0 = Date.UTC(2026, 0, 20, 0, 0, 0);
    const at = (min: number, sec = 0): string => new Date(t0 + min * 60e3 + sec * 1e3).toISOString().replace('.000Z', '+00:00');
    const lines: string[] = [];
    for (let m = 0; m < 24 * 60; m += 10) {
      if (m % 20 === 0) {
        lines.push(`${at(m)} pve3 pmxcfs[1288]: [status] notice: node lost quorum`);
        lines.push(`${at(m + 2)} pve3 pmxcfs[1288]: [status] notice: node has quorum`);
      }
      if (withAllDayIncident) lines.push(`${at(m, 30)} pve2 pvestatd[1377]: rados_connect failed - Permission denied`);
    }
    return lines.sort((a, b) => (a < b ? -1 : 1)).join('\n') + '\n';
  }

  async function stream(text: string): Promise<{ takenBeforeEnd: number; atEnd: Incident[]; all: Incident[] }> {
    const { records } = await collectBytes(text, { tz: 'UTC' });
    const { Analysis } = await import('../../src/correlate/analysis.js');
    const { Matcher } = await import('../../src/match/matcher.js');
    const a = new Analysis(new Matcher(loadPatterns([])), rules, false);
    const taken: Incident[] = [];
    for (const r of records) taken.push(...a.feed(r));
    const atEnd = a.end();
    return { takenBeforeEnd: taken.length, atEnd, all: [...taken, ...atEnd] };
  }

  it('releases closed incidents during the input, in order of their start', async () => {
    const text = day(false);
    const { takenBeforeEnd, atEnd, all } = await stream(text);
    const quorum = all.filter((i) => i.type === 'quorum-loss');
    expect(quorum).toHaveLength(72);
    expect(takenBeforeEnd).toBeGreaterThanOrEqual(70); // all but the last one or two, whose horizon is not past yet
    expect(atEnd.length).toBeLessThanOrEqual(2);
    expect(all.map((i) => i.start)).toEqual([...all.map((i) => i.start)].sort((a, b) => a! - b!));
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
  });

  it('holds at most a bounded number back while an incident stays open all day', async () => {
    const { takenBeforeEnd, atEnd, all } = await stream(day(true));
    const ceph = all.filter((i) => i.type === 'ceph-auth-failure');
    expect(ceph).toHaveLength(1);
    expect(ceph[0]!.start).toBe(Date.UTC(2026, 0, 20, 0, 0, 30) * 1000);
    expect(all.filter((i) => i.type === 'quorum-loss')).toHaveLength(72);
    // the quorum losses start after the open Ceph incident, yet at most 64 wait for it
    expect(takenBeforeEnd).toBeGreaterThanOrEqual(72 - 64);
    expect(atEnd.length).toBeLessThanOrEqual(64 + 1);
  });
});
