import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/match/matcher.js';
import type { MatchEvent } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { collect, FIXTURES } from '../helpers.js';

// Real published excerpts (test/fixtures/published): every line that carries meaning yields
// the right event with the right captures; the noise lines yield none.
const matcher = new Matcher(loadPatterns([]));
const P = join(FIXTURES, 'published');

async function eventsByLine(file: string): Promise<Map<number, MatchEvent[]>> {
  const { records } = await collect([join(P, file)], { year: 2024, tz: 'UTC', defaultHost: 'pve5' });
  const byLine = new Map<number, MatchEvent[]>();
  for (const r of records) {
    const out: MatchEvent[] = [];
    matcher.match(r, out);
    byLine.set(r.line!, out);
  }
  return byLine;
}

const only = (m: Map<number, MatchEvent[]>, line: number): MatchEvent => {
  const evs = m.get(line) ?? [];
  expect(evs.map((e) => e.ruleId), `line ${line}`).toHaveLength(1);
  return evs[0]!;
};

describe('published excerpts', () => {
  it('corosync config error: parsing, the (quoted) nodeid error, exit status 8', async () => {
    const m = await eventsByLine('corosync-config-error-pve1.log');
    expect(only(m, 1)).toMatchObject({ ruleId: 'corosync.main.seed_parsing_config', captures: { file: '/etc/corosync/corosync.conf' } });
    expect(only(m, 2)).toMatchObject({ ruleId: 'corosync.main.seed_no_valid_name_for_nodeid', captures: { nodeid: 1 } });
    expect(only(m, 3)).toMatchObject({ ruleId: 'corosync.main.exit_status', severity: 'critical', captures: { status: 8, file: 'main.c', line: 1835 } });
  });

  it('pmxcfs cpg_initialize retry: cs_error 2 decoded as CS_ERR_LIBRARY', async () => {
    const m = await eventsByLine('pmxcfs-cpg-init-retry-pve1.log');
    const ev = only(m, 1);
    expect(ev).toMatchObject({ ruleId: 'pmxcfs.cpg_initialize_failed', captures: { code: { code: 2, name: 'CS_ERR_LIBRARY' } } });
    expect(ev.annotations.cs_error).toMatchObject({ code: 2, name: 'CS_ERR_LIBRARY' });
    expect(ev.summary).toContain('2 (CS_ERR_LIBRARY)');
    expect(only(m, 2)).toMatchObject({ ruleId: 'pmxcfs.retrying', captures: { seconds: 1 } });
    expect(only(m, 3)).toMatchObject({ ruleId: 'pmxcfs.node_ip_resolved', captures: { node: 'pve1', ip: '172.16.20.11' } });
  });

  it('corosync partition: processor failed, link down, one member, non-primary', async () => {
    const m = await eventsByLine('corosync-partition-pve1.log');
    expect(only(m, 1).ruleId).toBe('corosync.totem.processor_failed');
    expect(only(m, 2)).toMatchObject({ ruleId: 'corosync.knet.link_down', layer: 'link', captures: { host_id: 2, link: 0 } });
    expect(only(m, 3)).toMatchObject({ ruleId: 'corosync.quorum.members', captures: { count: 1, members: [1] } });
    expect(only(m, 4)).toMatchObject({ ruleId: 'corosync.quorum.non_primary', layer: 'quorum' });
  });

  it('RBD error opening: task UPID, kvm command with pool/image/client/keyring/conf, errno 13', async () => {
    const m = await eventsByLine('rbd-error-opening-pve3.log');
    const start = only(m, 1);
    expect(start.ruleId).toBe('task.start');
    expect(start.annotations.upid).toMatchObject({ node: 'pve3', pid: 0x8a1b, type: 'qmstart', id: '101', user: 'root@pam', starttime: 0x676d7f46 });
    expect(start.annotations.vmids).toEqual([101]);
    expect(only(m, 2)).toMatchObject({
      ruleId: 'qemu.rbd.kvm_command_failed',
      captures: { vmid: 101, pool: 'vmdata', image: 'vm-101-disk-0', client: 'pve', keyring: '/etc/ceph/ceph.client.pve.keyring', conf: '/etc/pve/ceph.conf' },
    });
    const opening = only(m, 3);
    expect(opening).toMatchObject({ ruleId: 'qemu.rbd.start_failed_error_opening', captures: { pool: 'vmdata', image: 'vm-101-disk-0', errno: 13 } });
    expect(opening.annotations.errno).toEqual({ code: 13, name: 'EACCES', message: 'Permission denied' });
  });

  it('quorum flap on pve5 (untimed excerpt): every meaningful line, one by one', async () => {
    const m = await eventsByLine('quorum-flap-pve5-untimed.log');
    const got: Record<number, string> = {};
    for (const [line, evs] of m) if (evs.length) got[line] = evs.map((e) => e.ruleId).join(' + ');
    expect(got).toEqual(QUORUM_FLAP);
    // Noise: rsyslog/logrotate, worker churn, AnyEvent errors, inotify, vanished client.
    for (const line of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18, 19, 135]) expect(m.get(line), `line ${line}`).toEqual([]);
    expect(only(m, 32).captures).toEqual({ ms: 19848 });
    expect(only(m, 35).captures).toMatchObject({ ring_id: { rep: '5', seq: 0x13620, format: 'hex' }, left: [1, 3, 4, 8] });
    expect(only(m, 36).captures).toEqual({ failed: [1, 3, 4, 8] });
    expect(only(m, 45).captures).toMatchObject({ lock: 'ha_agent_pve5_lock', node: 'pve5' });
    expect(only(m, 50).captures.members).toHaveLength(5);
    expect(only(m, 59).annotations.cs_error).toMatchObject({ code: 14, name: 'CS_ERR_EXIST' });
    expect(only(m, 97).captures).toEqual({ seqs: [0xb, 0xe] });
    // The 26 identical cpg_send_message lines share one fingerprint: a later stage collapses them.
    const storm = [...m.values()].flat().filter((e) => e.ruleId === 'pmxcfs.cpg_send_message_failed');
    expect(storm).toHaveLength(28);
    expect(new Set(storm.map((e) => e.fingerprint)).size).toBe(1);
  });
});

const QUORUM_FLAP: Record<number, string> = {
  13: 'corosync.knet.link_down',
  14: 'corosync.knet.best_link',
  15: 'corosync.knet.no_active_links',
  16: 'corosync.knet.link_up',
  17: 'corosync.knet.best_link',
  20: 'corosync.totem.token_timeout',
  21: 'corosync.knet.link_down',
  22: 'corosync.knet.link_down',
  23: 'corosync.knet.best_link',
  24: 'corosync.knet.no_active_links',
  25: 'corosync.knet.best_link',
  26: 'corosync.knet.no_active_links',
  27: 'corosync.totem.token_timeout',
  28: 'corosync.knet.link_up',
  29: 'corosync.knet.best_link',
  30: 'corosync.knet.link_up',
  31: 'corosync.knet.best_link',
  32: 'corosync.totem.token_timeout',
  33: 'corosync.quorum.sync_members',
  34: 'corosync.quorum.sync_left',
  35: 'corosync.totem.membership_left',
  36: 'corosync.totem.leave_message_missing',
  37: 'pmxcfs.members',
  38: 'pmxcfs.members',
  39: 'corosync.quorum.non_primary',
  40: 'corosync.quorum.members',
  41: 'corosync.main.sync_completed',
  42: 'pmxcfs.quorum_lost',
  43: 'pmxcfs.write_not_quorate',
  44: 'pmxcfs.leave_cpg',
  45: 'ha.lrm.agent_lock_lost',
  46: 'ha.lrm.lost_agent_lock',
  47: 'corosync.quorum.sync_members',
  48: 'corosync.quorum.sync_joined',
  49: 'corosync.totem.membership_joined',
  50: 'pmxcfs.members',
  51: 'pmxcfs.sync_start',
  52: 'corosync.quorum.primary',
  53: 'corosync.quorum.members',
  54: 'corosync.main.sync_completed',
  55: 'pmxcfs.quorum_regained',
  56: 'pmxcfs.sync_request',
  57: 'pmxcfs.sync_request',
  58: 'pmxcfs.start_cluster_connection',
  59: 'pmxcfs.cpg_join_failed',
  60: 'pmxcfs.service_init_failed',
  61: 'ha.crm.manager_lock_lost',
  62: 'ha.crm.lost_manager_lock',
  63: 'ha.watchdog_closed',
  64: 'ha.crm.status_change',
  65: 'pmxcfs.cpg_send_message_failed',
  66: 'pmxcfs.cpg_send_message_failed',
  67: 'pmxcfs.cpg_send_message_failed',
  68: 'pmxcfs.cpg_send_message_failed',
  69: 'pmxcfs.cpg_send_message_failed',
  70: 'pmxcfs.cpg_send_message_failed',
  71: 'pmxcfs.cpg_send_message_failed',
  72: 'pmxcfs.cpg_send_message_failed',
  73: 'pmxcfs.cpg_send_message_failed',
  74: 'pmxcfs.cpg_send_message_failed',
  75: 'pmxcfs.cpg_send_message_failed',
  76: 'pmxcfs.cpg_send_message_failed',
  77: 'pmxcfs.cpg_send_message_failed',
  78: 'pmxcfs.cpg_send_message_failed',
  79: 'pmxcfs.cpg_send_message_failed',
  80: 'pmxcfs.cpg_send_message_failed',
  81: 'pmxcfs.cpg_send_message_failed',
  82: 'pmxcfs.cpg_send_message_failed',
  83: 'pmxcfs.cpg_send_message_failed',
  84: 'pmxcfs.cpg_send_message_failed',
  85: 'pmxcfs.cpg_send_message_failed',
  86: 'pmxcfs.cpg_send_message_failed',
  87: 'pmxcfs.cpg_send_message_failed',
  88: 'pmxcfs.cpg_send_message_failed',
  89: 'ha.crm.status_change',
  90: 'pmxcfs.cpg_send_message_failed',
  91: 'pmxcfs.cpg_send_message_failed',
  92: 'replication.cfs_lock_timeout',
  93: 'corosync.totem.token_timeout',
  94: 'pmxcfs.cpg_send_message_failed',
  95: 'pmxcfs.cpg_send_message_failed',
  96: 'corosync.totem.token_timeout',
  97: 'corosync.totem.retransmit',
  98: 'corosync.knet.link_down',
  99: 'corosync.knet.best_link',
  100: 'corosync.knet.no_active_links',
  101: 'corosync.knet.link_up',
  102: 'corosync.knet.best_link',
  103: 'pmxcfs.all_states',
  104: 'corosync.quorum.sync_members',
  105: 'corosync.totem.membership_same',
  106: 'corosync.quorum.members',
  107: 'corosync.main.sync_completed',
  108: 'pmxcfs.cpg_send_message_retried',
  109: 'pmxcfs.sync_done',
  110: 'pmxcfs.deliver_queue',
  111: 'pmxcfs.members',
  112: 'pmxcfs.sync_start',
  113: 'pmxcfs.sync_request',
  114: 'pmxcfs.all_states',
  115: 'pmxcfs.leader',
  116: 'pmxcfs.synced_members',
  117: 'pmxcfs.waiting_for_leader',
  118: 'pmxcfs.deliver_queue',
  119: 'pmxcfs.update_complete',
  120: 'pmxcfs.sync_done',
  121: 'pmxcfs.deliver_queue',
  122: 'ha.lrm.agent_lock_acquired',
  123: 'ha.crm.manager_lock_acquired',
  124: 'ha.lrm.status_change',
  125: 'ha.watchdog_active',
  126: 'ha.crm.became_master',
  127: 'corosync.totem.token_timeout',
  128: 'corosync.totem.token_timeout',
  129: 'corosync.quorum.sync_members',
  130: 'corosync.totem.membership_same',
  131: 'corosync.quorum.members',
  132: 'corosync.main.sync_completed',
  133: 'lock.cfs_lock_timeout',
  134: 'replication.cfs_lock_timeout',
  136: 'corosync.totem.token_timeout',
  137: 'corosync.totem.token_timeout',
  138: 'corosync.quorum.sync_members',
  139: 'corosync.totem.membership_same',
  140: 'corosync.quorum.members',
  141: 'corosync.main.sync_completed',
  142: 'corosync.totem.token_timeout',
  143: 'corosync.knet.link_down',
  144: 'corosync.knet.best_link',
  145: 'corosync.knet.no_active_links',
  146: 'corosync.totem.token_timeout',
  147: 'corosync.knet.link_up',
  148: 'corosync.knet.best_link',
  149: 'corosync.quorum.sync_members',
  150: 'corosync.totem.membership_same',
  151: 'corosync.quorum.members',
  152: 'corosync.main.sync_completed',
};
