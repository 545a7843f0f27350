// One fixture per incident type that must produce it (type, nodes, start, end, root cause), and
// variants that must not: the event out of its window, in the wrong order, on the wrong node.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/correlate/engine.js';
import { collectBytes } from '../helpers.js';
import { incidentsOf } from './analyze.js';

async function analyze(lines: string): Promise<Incident[]> {
  const { records, diag } = await collectBytes(lines.replace(/^\s+/gm, '') + '\n', { year: 2025, tz: 'Europe/Berlin' });
  expect(diag.collected).toEqual([]);
  return incidentsOf(records);
}

const hms = (us: number | null): string | null => (us === null ? null : new Date(us / 1000 + 3600_000).toISOString().slice(11, 19));

interface Expect {
  type: string;
  nodes: string[];
  start: string;
  end: string;
  cause: RegExp;
}

async function expectIncident(lines: string, e: Expect): Promise<Incident> {
  const incs = await analyze(lines);
  const found = incs.filter((i) => i.type === e.type);
  expect(found, `${e.type} in ${incs.map((i) => i.type).join(', ')}`).toHaveLength(1);
  const inc = found[0]!;
  expect(inc.subjects).toEqual(e.nodes);
  expect(hms(inc.start)).toBe(e.start);
  expect(hms(inc.end)).toBe(e.end);
  expect(inc.rootCause.text).toMatch(e.cause);
  expect(inc.evidence.length).toBeGreaterThan(0);
  expect(inc.nextChecks.length).toBeGreaterThan(1);
  return inc;
}

const TOKEN = (t: string, ms: number, host = 'pve1'): string => `Dec 14 ${t} ${host} corosync[1389]:   [TOTEM ] Token has not been received in ${ms} ms `;

describe('each incident type from a fixture', () => {
  it('time-jump: a chrony step, and the token timeout right after it joins', async () => {
    const inc = await expectIncident(
      `Dec 14 03:00:00 pve2 chronyd[871]: System clock wrong by -4.512 seconds
       Dec 14 03:00:00 pve2 chronyd[871]: System clock was stepped by -4.512 seconds
       ${TOKEN('03:00:02', 3000, 'pve2')}`,
      { type: 'time-jump', nodes: ['pve2'], start: '03:00:00', end: '03:00:02', cause: /clock of pve2 was stepped/ },
    );
    expect(inc.entries.map((e) => e.ruleId)).toContain('corosync.totem.token_timeout');
  });

  it('membership-churn needs more than one token warning; a starved corosync points at the host', async () => {
    await expectIncident(
      `${TOKEN('03:00:00', 2737)}
       ${TOKEN('03:00:05', 2900)}
       Dec 14 03:00:06 pve1 corosync[1389]:   [TOTEM ] Process pause detected for 5873 ms, flushing membership messages.`,
      { type: 'membership-churn', nodes: ['pve1'], start: '03:00:00', end: '03:00:06', cause: /not scheduled in time/ },
    );
    // Two warnings far apart are two isolated warnings, not churn.
    expect(await analyze(`${TOKEN('03:00:00', 2737)}\n${TOKEN('03:30:00', 2737)}`)).toEqual([]);
  });

  it('membership-churn is not a clean leave announced by the sysadmin shutdown, before or after', async () => {
    const churn = `${TOKEN('03:00:00', 2737)}
      Dec 14 03:00:01 pve1 corosync[1389]:   [TOTEM ] A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.`;
    const cfg = 'Dec 14 03:00:00 pve1 corosync[1389]:   [CFG   ] Node 2 was shut down by sysadmin';
    expect((await analyze(churn)).map((i) => i.type)).toEqual(['membership-churn']);
    expect(await analyze(`${churn}\n${cfg}`)).toEqual([]);
    expect(await analyze(`${cfg}\n${churn}`)).toEqual([]);
  });

  it('corosync-config-error, and cmap-unavailable on its clients blames the config', async () => {
    const lines = `Dec 14 03:20:41 pve1 corosync[5121]:   [MAIN  ] parse error in config: No valid name found for local host
      Dec 14 03:20:41 pve1 corosync[5121]:   [MAIN  ] Corosync Cluster Engine exiting with status 8 at main.c:1417.
      Dec 14 03:20:42 pve1 pmxcfs[1187]: [confdb] crit: cmap_initialize failed: 2
      Dec 14 03:20:42 pve1 pmxcfs[1187]: [quorum] crit: quorum_initialize failed: 2`;
    await expectIncident(lines, { type: 'corosync-config-error', nodes: ['pve1'], start: '03:20:41', end: '03:20:41', cause: /found no nodelist entry for itself/ });
    const cmap = await expectIncident(lines, { type: 'cmap-unavailable', nodes: ['pve1'], start: '03:20:42', end: '03:20:42', cause: /refused its configuration/ });
    expect(cmap.entries[0]!.phase).toBe('precursor');
  });

  it('cmap-unavailable without a corosync exit in its window says the input does not show why', async () => {
    await expectIncident(
      `Dec 14 02:00:00 pve1 corosync[5121]:   [MAIN  ] Corosync Cluster Engine exiting with status 8 at main.c:1417.
       Dec 14 03:20:42 pve1 pmxcfs[1187]: [confdb] crit: cmap_initialize failed: 2`,
      { type: 'cmap-unavailable', nodes: ['pve1'], start: '03:20:42', end: '03:20:42', cause: /does not show why/ },
    );
  });

  it('systemd\'s report of corosync dying strengthens corosync-config-error and explains cmap-unavailable when corosync\'s own lines are missing', async () => {
    const SYSTEMD = `Dec 14 03:20:41 pve1 systemd[1]: corosync.service: Main process exited, code=exited, status=8/n/a
      Dec 14 03:20:41 pve1 systemd[1]: corosync.service: Failed with result 'exit-code'.
      Dec 14 03:20:41 pve1 systemd[1]: Failed to start corosync.service - Corosync Cluster Engine.`;
    const cfg = await expectIncident(
      `Dec 14 03:20:41 pve1 corosync[5121]:   [MAIN  ] parse error in config: No valid name found for local host
       ${SYSTEMD}`,
      { type: 'corosync-config-error', nodes: ['pve1'], start: '03:20:41', end: '03:20:41', cause: /found no nodelist entry for itself/ },
    );
    expect(cfg.entries.map((e) => `${e.phase} ${e.ruleId}`)).toEqual([
      'onset corosync.main.config_no_local_node',
      'impact systemd.unit.main_process_exited',
      'impact systemd.unit.failed_result',
      'impact systemd.unit.failed_to_start',
    ]);
    expect(cfg.rootCause.ruleId).toMatch(/^corosync\.main\./);
    // Only systemd saw corosync die: cmap-unavailable names that instead of "does not show why".
    const cmap = await expectIncident(
      `${SYSTEMD}
       Dec 14 03:20:42 pve1 pmxcfs[1187]: [confdb] crit: cmap_initialize failed: 2`,
      { type: 'cmap-unavailable', nodes: ['pve1'], start: '03:20:42', end: '03:20:42', cause: /corosync on pve1 died or failed to start/ },
    );
    expect(cmap.entries.filter((e) => e.phase === 'precursor').map((e) => e.ruleId)).toEqual(['systemd.unit.main_process_exited', 'systemd.unit.failed_result', 'systemd.unit.failed_to_start']);
    // The old wording (systemd < 249: the description alone) counts too; another unit failing does not.
    const old = await analyze(`Dec 14 03:20:41 pve1 systemd[1]: Failed to start Corosync Cluster Engine.
      Dec 14 03:20:42 pve1 pmxcfs[1187]: [confdb] crit: cmap_initialize failed: 2`);
    expect(old.find((i) => i.type === 'cmap-unavailable')!.rootCause.text).toMatch(/died or failed to start \(systemd failed to start Corosync Cluster Engine\)/);
    const other = await analyze(`Dec 14 03:20:41 pve1 systemd[1]: cluster-health.service: Main process exited, code=exited, status=1/FAILURE
      Dec 14 03:20:41 pve1 systemd[1]: cluster-health.service: Failed with result 'exit-code'.
      Dec 14 03:20:41 pve1 systemd[1]: Failed to start cluster-health.service - Cluster health check.
      Dec 14 03:20:42 pve1 pmxcfs[1187]: [confdb] crit: cmap_initialize failed: 2`);
    expect(other.map((i) => [i.type, i.entries.length, /does not show why/.test(i.rootCause.text)])).toEqual([['cmap-unavailable', 1, true]]);
  });

  it('ha-lock-loss, ended by the lock coming back', async () => {
    const inc = await expectIncident(
      `Dec 14 03:10:16 pve3 corosync[1407]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.
       Dec 14 03:10:23 pve3 pve-ha-lrm[1519]: lost lock 'ha_agent_pve3_lock - cfs lock update failed - Permission denied
       Dec 14 03:10:23 pve3 pve-ha-lrm[1519]: status change active => lost_agent_lock
       Dec 14 03:10:50 pve3 pve-ha-lrm[1519]: successfully acquired lock 'ha_agent_pve3_lock'`,
      { type: 'ha-lock-loss', nodes: ['pve3'], start: '03:10:23', end: '03:10:50', cause: /pve3 lost quorum/ },
    );
    expect(inc.open).toBe(false);
  });

  it('fencing-reboot from the CRM alone (no lines from the fenced node), on the fenced node', async () => {
    const inc = await expectIncident(
      `Dec 14 03:11:12 pve1 pve-ha-crm[1482]: node 'pve3': state changed from 'unknown' => 'fence'
       Dec 14 03:12:12 pve1 pve-ha-crm[1482]: fencing: acknowledged - got agent lock for node 'pve3'
       Dec 14 03:12:12 pve1 pve-ha-crm[1482]: recover service 'vm:102' from fenced node 'pve3' to node 'pve1'`,
      { type: 'fencing-reboot', nodes: ['pve3'], start: '03:11:12', end: '03:12:12', cause: /pve3 was fenced/ },
    );
    expect(inc.nodes).toEqual(['pve1', 'pve3']);
  });

  it('cfs-lock-timeout on its own', async () => {
    await expectIncident(
      `Dec 14 04:00:00 pve2 pvescheduler[1519]: replication: cfs-lock 'file-replication_cfg' error: got lock request timeout
       Dec 14 04:01:00 pve2 pvescheduler[1519]: replication: cfs-lock 'file-replication_cfg' error: got lock request timeout`,
      { type: 'cfs-lock-timeout', nodes: ['pve2'], start: '04:00:00', end: '04:01:00', cause: /timed out waiting for a lock/ },
    );
  });

  it('ceph-auth-failure and ceph-mon-unreachable from client lines', async () => {
    await expectIncident(
      `Dec 14 03:15:02 pve1 pvestatd[1450]: auth: unable to find a keyring on /etc/pve/priv/ceph/ceph-rbd.keyring: (2) No such file or directory`,
      { type: 'ceph-auth-failure', nodes: ['pve1'], start: '03:15:02', end: '03:15:02', cause: /could not authenticate/ },
    );
    await expectIncident(
      `Dec 14 03:15:02 pve1 pvestatd[1450]: monclient(hunting): authenticate timed out after 60`,
      { type: 'ceph-mon-unreachable', nodes: ['pve1'], start: '03:15:02', end: '03:15:02', cause: /could not reach the monitors/ },
    );
  });

  it('rados_connect failures go by their reason: refused is authentication, timed out is the monitors, other reasons open nothing', async () => {
    const rados = (reason: string, host = 'pve2'): string =>
      [0, 10, 20].map((s) => `Dec 14 03:15:${String(s).padStart(2, '0')} ${host} pvestatd[1377]: rados_connect failed - ${reason}`).join('\n');
    const auth = await expectIncident(rados('Permission denied'), { type: 'ceph-auth-failure', nodes: ['pve2'], start: '03:15:00', end: '03:15:20', cause: /could not authenticate \(librados could not connect to the Ceph cluster: Permission denied\)/ });
    expect(auth.entries.map((e) => [e.phase, e.ruleId, e.count])).toEqual([['onset', 'storage.rados_connect_failed', 3]]);
    expect((await analyze(rados('Permission denied'))).map((i) => i.type)).toEqual(['ceph-auth-failure']);
    await expectIncident(rados('No such file or directory'), { type: 'ceph-auth-failure', nodes: ['pve2'], start: '03:15:00', end: '03:15:20', cause: /could not authenticate/ });
    const mon = await expectIncident(rados('Connection timed out', 'pve3'), { type: 'ceph-mon-unreachable', nodes: ['pve3'], start: '03:15:00', end: '03:15:20', cause: /could not reach the monitors/ });
    expect((await analyze(rados('Connection timed out'))).map((i) => i.type)).toEqual(['ceph-mon-unreachable']);
    expect(mon.entries.map((e) => e.ruleId)).toEqual(['storage.rados_connect_failed']);
    // A reason that says neither is not evidence for either.
    expect(await analyze(rados('Input/output error'))).toEqual([]);
    // The rbd CLI's errno decides the same way.
    expect((await analyze('Dec 14 03:15:00 pve1 pvedaemon[1468]: rbd: listing images failed: (110) Connection timed out')).map((i) => i.type)).toEqual(['ceph-mon-unreachable']);
    // Once open, the incident takes the same line with any reason as impact.
    const mixed = await analyze(`${rados('Permission denied')}\nDec 14 03:15:30 pve2 pvestatd[1377]: rados_connect failed - Input/output error`);
    expect(mixed.map((i) => [i.type, i.entries.map((e) => e.phase).join(',')])).toEqual([['ceph-auth-failure', 'onset,impact']]);
  });

  it('guest-lock-stuck per VMID, ended by a successful task on that guest only', async () => {
    const inc = await expectIncident(
      `Dec 14 08:00:00 pve1 pvedaemon[1468]: VM 105 is locked (backup)
       Dec 14 08:05:00 pve1 pvedaemon[1468]: can't lock file '/var/lock/qemu-server/lock-105.conf' - got timeout
       Dec 14 08:06:00 pve1 pvedaemon[1468]: <root@pam> end task UPID:pve1:00001234:0002A1C4:693E1A2C:qmstart:106:root@pam: OK
       Dec 14 08:10:00 pve1 pvedaemon[1468]: <root@pam> end task UPID:pve1:00001235:0002A1C4:693E1B58:qmstart:105:root@pam: OK`,
      { type: 'guest-lock-stuck', nodes: ['pve1'], start: '08:00:00', end: '08:10:00', cause: /Guest 105 on pve1 carries a "backup" lock/ },
    );
    expect(inc.key).toEqual({ vmid: '105' });
    expect(inc.nextChecks).toContain('qm unlock 105 (or pct unlock 105) once nothing holds it');
  });

  it('storage-offline per storage, repeats counted', async () => {
    const incs = await analyze(`Dec 14 03:10:20 pve1 pvestatd[1450]: storage 'nfs-backup' is not online
      Dec 14 03:10:30 pve1 pvestatd[1450]: storage 'nfs-iso' is not online
      Dec 14 03:10:30 pve1 pvestatd[1450]: storage 'nfs-backup' is not online`);
    const off = incs.filter((i) => i.type === 'storage-offline');
    expect(off.map((i) => i.key.storage).sort()).toEqual(['nfs-backup', 'nfs-iso']);
    expect(off.find((i) => i.key.storage === 'nfs-backup')!.entries[0]!.count).toBe(2);
  });

  it('replication-failure per job', async () => {
    await expectIncident(
      `Dec 14 05:00:00 pve2 pvescheduler[1519]: 100-0: got unexpected replication job error - command 'zfs snapshot rpool/data/vm-100-disk-0@__replicate_100-0_1702519200__' failed: got timeout`,
      { type: 'replication-failure', nodes: ['pve2'], start: '05:00:00', end: '05:00:00', cause: /Replication job 100-0 on pve2 failed/ },
    );
  });

  it('quorum loss on two nodes at once is one cluster incident; minutes apart, two', async () => {
    const np = (t: string, h: string): string => `Dec 14 ${t} ${h} corosync[1407]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.`;
    const together = (await analyze(`${np('03:00:00', 'pve2')}\n${np('03:00:01', 'pve3')}`)).filter((i) => i.type === 'quorum-loss');
    expect(together.map((i) => i.nodes)).toEqual([['pve2', 'pve3']]);
    expect(together[0]!.scope).toBe('cluster');
    const apart = (await analyze(`${np('03:00:00', 'pve2')}\n${np('03:05:00', 'pve3')}`)).filter((i) => i.type === 'quorum-loss');
    expect(apart.map((i) => i.nodes)).toEqual([['pve2'], ['pve3']]);
  });

  it('fence evidence on one node does not make another node\'s reset a fence (wrong node)', async () => {
    const incs = await analyze(`Dec 14 03:00:00 pve3 watchdog-mux[858]: client watchdog expired - disable watchdog updates
      Dec 14 03:00:00 pve2 pvestatd[1450]: status update time (5.012 seconds)
      Dec 14 03:05:00 pve2 kernel: Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) ()`);
    expect(incs.map((i) => [i.type, i.subjects])).toEqual([['unclean-reboot', ['pve2']]]);
  });

  it('a recovery before the onset does not end it (wrong order)', async () => {
    const incs = await analyze(`Dec 14 03:00:00 pve3 corosync[1407]:   [QUORUM] This node is within the primary component and will provide service.
      Dec 14 03:00:10 pve3 corosync[1407]:   [QUORUM] This node is within the non-primary component and will NOT provide any services.`);
    const q = incs.find((i) => i.type === 'quorum-loss')!;
    expect(q.open).toBe(true);
    expect(q.entries.map((e) => e.phase)).toEqual(['onset']);
  });
});
