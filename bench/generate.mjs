#!/usr/bin/env node
// Benchmark corpus generator: realistic Proxmox VE node logs in two formats.
//
//   node bench/generate.mjs                 # bench/.corpus/corpus.short + corpus.json, 1 GiB each
//   node bench/generate.mjs --size 100m     # 100 MiB each
//   node bench/generate.mjs --size 1g --formats short --out /tmp/c --name big --force
//
// corpus.short : `journalctl -m -o short` of three nodes (journald `-m` merges the files and
//                prints no boot separators), zero-padded day, no year.
// corpus.json  : `journalctl -m -o json` of the same kind of entries, compact JSON lines with
//                the fields journald records per transport, keys in hash-table order.
//
// About 4 % of the lines are diagnostic messages worded exactly as in
// /work/shared/reference/message-catalog.md (token loss, KNET link down/up, membership,
// quorum, pmxcfs CPG failures, HA lock loss, fencing, watchdog, task errors, RBD/Ceph,
// cfs-lock timeouts, guest locks, storage offline, replication errors, ...); the rest is the
// usual noise of a PVE 8 node. Time increases monotonically across the file.
//
// Each file is written to exactly the requested number of bytes (complete lines, the last few
// lines are sized to fit). A `<file>.meta.json` sidecar records what was generated; when the
// file already has the requested size and its sidecar matches this generator version and seed,
// generation is skipped (use --force to regenerate).
//
// Deterministic (seeded xorshift PRNG), no dependencies, writes in 8 MiB chunks.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VERSION = 2;

/* ------------------------------------------------------------------------------------------
 * CLI
 * ---------------------------------------------------------------------------------------- */

export function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)?$/i.exec(String(s).trim());
  if (!m) throw new Error(`bad size '${s}' (examples: 100m, 1g, 5000000)`);
  const mult = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * mult);
}

function parseArgs(argv) {
  const o = { size: '1g', formats: ['short', 'json'], out: path.join(HERE, '.corpus'), name: 'corpus', seed: 20251201, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--size' || a.startsWith('--size=')) o.size = val();
    else if (a === '--formats' || a.startsWith('--formats=') || a === '--format' || a.startsWith('--format=')) o.formats = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--out' || a.startsWith('--out=')) o.out = path.resolve(val());
    else if (a === '--name' || a.startsWith('--name=')) o.name = val();
    else if (a === '--seed' || a.startsWith('--seed=')) o.seed = Number(val());
    else if (a === '--force' || a === '-f') o.force = true;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--serial') o.serial = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node bench/generate.mjs [--size 1g|100m|<bytes>] [--formats short,json] [--out dir] [--name corpus] [--seed n] [--force] [--serial] [--quiet]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const f of o.formats) if (f !== 'short' && f !== 'json') throw new Error(`unknown format '${f}' (short, json)`);
  o.bytes = parseSize(o.size);
  if (o.bytes < 64 * 1024) throw new Error('size must be at least 64k');
  return o;
}

/* ------------------------------------------------------------------------------------------
 * PRNG (xorshift128, fast and good enough for log noise)
 * ---------------------------------------------------------------------------------------- */

class Rng {
  constructor(seed) {
    let s = (seed >>> 0) || 1;
    const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
    this.x = next(); this.y = next(); this.z = next(); this.w = next();
  }
  u32() {
    const t = this.x ^ (this.x << 11);
    this.x = this.y; this.y = this.z; this.z = this.w;
    this.w = (this.w ^ (this.w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return this.w;
  }
  f() { return this.u32() / 4294967296; }
  int(lo, hi) { return lo + Math.floor(this.f() * (hi - lo + 1)); }
  pick(a) { return a[Math.floor(this.f() * a.length)]; }
  chance(p) { return this.f() < p; }
  hex(n) {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.length === n ? s : s.slice(0, n);
  }
  b64(n) {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    for (let i = 0; i < n; i++) s += A[this.u32() & 63];
    return s;
  }
}

/* ------------------------------------------------------------------------------------------
 * Time
 * ---------------------------------------------------------------------------------------- */

const SEC = 1_000_000;
const MS = 1000;
const OFFSET_US = 3600 * SEC; // Europe/Berlin in December: +01:00
const START_US = Date.UTC(2025, 11, 1, 0, 0, 0) * 1000 - OFFSET_US; // 2025-12-01T00:00:00+01:00
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => (n < 10 ? `0${n}` : `${n}`);

/** journalctl short timestamp "Dec 01 00:00:00", cached per second. */
class ShortClock {
  constructor() { this.sec = -1; this.str = ''; }
  fmt(us) {
    const sec = Math.floor(us / SEC);
    if (sec !== this.sec) {
      this.sec = sec;
      const d = new Date(sec * 1000 + OFFSET_US / 1000);
      this.str = `${MON[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      this.syslogTs = `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} `;
      this.iso = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    }
    return this.str;
  }
}

/* ------------------------------------------------------------------------------------------
 * Hosts and process profiles
 * ---------------------------------------------------------------------------------------- */

const CAP_ROOT = '1ffffffffff';
const HOSTS = [
  { name: 'pve1', nodeid: 1, ip: '10.10.10.11', ring: '10.10.20.11', pmxcfs: 1234, corosync: 1389 },
  { name: 'pve2', nodeid: 2, ip: '10.10.10.12', ring: '10.10.20.12', pmxcfs: 1301, corosync: 1422 },
  { name: 'pve3', nodeid: 3, ip: '10.10.10.13', ring: '10.10.20.13', pmxcfs: 1288, corosync: 1407 },
];

function profiles(h) {
  const sys = (unit) => ({ unit, slice: 'system.slice', cgroup: `/system.slice/${unit}` });
  const P = (ident, comm, exe, cmdline, unit, x = {}) => ({ ident, comm, exe, cmdline, transport: 'syslog', fac: 3, uid: 0, gid: 0, cap: CAP_ROOT, ...sys(unit), ...x });
  const perl = (ident, cmdline, unit, x = {}) => P(ident, cmdline.slice(0, 15), '/usr/bin/perl', cmdline, unit, x);
  return {
    kernel: { ident: 'kernel', transport: 'kernel', fac: 0 },
    systemd: P('systemd', 'systemd', '/usr/lib/systemd/systemd', '/sbin/init', 'init.scope', { transport: 'journal', slice: '-.slice', cgroup: '/init.scope' }),
    logind: P('systemd-logind', 'systemd-logind', '/usr/lib/systemd/systemd-logind', '/lib/systemd/systemd-logind', 'systemd-logind.service', { transport: 'journal', fac: 4, cap: '24420204402' }),
    journald: P('systemd-journald', 'systemd-journal', '/usr/lib/systemd/systemd-journald', '/lib/systemd/systemd-journald', 'systemd-journald.service', { transport: 'driver', cap: '25402800cf' }),
    corosync: P('corosync', 'corosync', '/usr/sbin/corosync', '/usr/sbin/corosync -f', 'corosync.service'),
    pmxcfs: P('pmxcfs', 'pmxcfs', '/usr/bin/pmxcfs', '/usr/bin/pmxcfs', 'pve-cluster.service'),
    pvedaemon: perl('pvedaemon', 'pvedaemon', 'pvedaemon.service'),
    pvedaemonW: perl('pvedaemon', 'pvedaemon worker', 'pvedaemon.service'),
    pvedaemonT: perl('pvedaemon', `task UPID:${h.name}:`, 'pvedaemon.service'),
    pveproxy: perl('pveproxy', 'pveproxy', 'pveproxy.service', { uid: 33, gid: 33, cap: '0' }),
    pveproxyW: perl('pveproxy', 'pveproxy worker', 'pveproxy.service', { uid: 33, gid: 33, cap: '0' }),
    pvestatd: perl('pvestatd', 'pvestatd', 'pvestatd.service'),
    pvescheduler: perl('pvescheduler', 'pvescheduler', 'pvescheduler.service'),
    pveschedulerT: perl('pvescheduler', `task UPID:${h.name}:`, 'pvescheduler.service'),
    lrm: perl('pve-ha-lrm', 'pve-ha-lrm', 'pve-ha-lrm.service'),
    lrmT: perl('pve-ha-lrm', `task UPID:${h.name}:`, 'pve-ha-lrm.service'),
    crm: perl('pve-ha-crm', 'pve-ha-crm', 'pve-ha-crm.service'),
    wdmux: P('watchdog-mux', 'watchdog-mux', '/usr/sbin/watchdog-mux', '/usr/sbin/watchdog-mux', 'watchdog-mux.service', { transport: 'stdout' }),
    qmeventd: P('qmeventd', 'qmeventd', '/usr/sbin/qmeventd', '/usr/sbin/qmeventd /var/run/qmeventd.sock', 'qmeventd.service', { transport: 'stdout' }),
    cron: P('CRON', 'cron', '/usr/sbin/cron', '/usr/sbin/cron -f', 'cron.service', { fac: 9 }),
    cronPam: P('CRON', 'cron', '/usr/sbin/cron', '/usr/sbin/cron -f', 'cron.service', { fac: 10 }),
    sshd: P('sshd', 'sshd', '/usr/sbin/sshd', 'sshd: root [priv]', 'ssh.service', { fac: 4 }),
    sshdPam: P('sshd', 'sshd', '/usr/sbin/sshd', 'sshd: root [priv]', 'ssh.service', { fac: 10 }),
    qmgr: P('postfix/qmgr', 'qmgr', '/usr/lib/postfix/sbin/qmgr', 'qmgr -l -t unix -u', 'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
    pickup: P('postfix/pickup', 'pickup', '/usr/lib/postfix/sbin/pickup', 'pickup -l -t unix -u -c', 'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
    cleanup: P('postfix/cleanup', 'cleanup', '/usr/lib/postfix/sbin/cleanup', 'cleanup -z -t unix -u -c', 'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
    smtp: P('postfix/smtp', 'smtp', '/usr/lib/postfix/sbin/smtp', 'smtp -t unix -u -c', 'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
    chronyd: P('chronyd', 'chronyd', '/usr/sbin/chronyd', '/usr/sbin/chronyd -F 1', 'chrony.service', { uid: 100, gid: 107, cap: '2000400' }),
    smartd: P('smartd', 'smartd', '/usr/sbin/smartd', '/usr/sbin/smartd -n', 'smartmontools.service'),
    zed: P('zed', 'logger', '/usr/bin/logger', 'logger -p daemon.notice -t zed', 'zfs-zed.service'),
    zfsSnap: P('zfs-auto-snap', 'logger', '/usr/bin/logger', 'logger -t zfs-auto-snap -p daemon.notice', 'cron.service'),
    rrdcached: P('rrdcached', 'rrdcached', '/usr/bin/rrdcached', '/usr/bin/rrdcached -B -b /var/lib/rrdcached/db/ -j /var/lib/rrdcached/journal/ -p /var/run/rrdcached.pid -l unix:/var/run/rrdcached.sock', 'rrdcached.service'),
    qm: perl('qm', '/usr/bin/perl /usr/sbin/qm', 'session-1.scope', { slice: 'user-0.slice', cgroup: '/user.slice/user-0.slice/session-1.scope' }),
    pvesr: perl('pvescheduler', 'pvescheduler', 'pvescheduler.service'),
  };
}

class Host {
  constructor(cfg, rng, idx) {
    Object.assign(this, cfg);
    this.rng = rng;
    this.boot = rng.hex(32);
    this.machine = rng.hex(32);
    this.seqId = rng.hex(32);
    this.seq = 0x100000 + rng.int(0, 0xfffff);
    this.bootStart = START_US - (9 + idx) * 86400 * SEC - rng.int(0, 3600) * SEC;
    this.pidNext = 1_400_000 + idx * 61_237;
    this.pid = {
      pveproxy: 1491 + idx * 9, pvedaemon: 1468 + idx * 7, pvestatd: 1405 + idx * 11, pvescheduler: 1519 + idx * 5,
      lrm: 1507 + idx * 6, crm: 1482 + idx * 8, wdmux: 858, qmeventd: 861, smartd: 866, chronyd: 871, cron: 905,
      logind: 812, journald: 412, qmgr: 1305, pickup: 1_100_000 + idx * 1117, rrdcached: 1190,
    };
    this.proxyWorkers = [this.newPid(), this.newPid(), this.newPid()];
    this.daemonWorkers = [this.newPid(), this.newPid(), this.newPid()];
    this.session = 100 + idx * 37;
    this.P = profiles(cfg);
  }
  newPid() {
    this.pidNext += 1 + (this.rng.u32() % 180);
    if (this.pidNext > 4_190_000) this.pidNext = 3000;
    return this.pidNext;
  }
  ticks(us) { return Math.floor((us - this.bootStart) / 10000); }
}

const hex8 = (n) => n.toString(16).toUpperCase().padStart(8, '0');

/* ------------------------------------------------------------------------------------------
 * Message sources. Each emits one or more lines through out(h, profileKey, pid, prio, msg, dtUs).
 * ---------------------------------------------------------------------------------------- */

const cs = (tag, text) => `  [${tag.padEnd(6)}] ${text}`; // corosync MESSAGE (see samples/README.md)
const VMIDS = [100, 101, 102, 103, 104, 105, 106, 107, 110, 111, 120, 121, 130, 200, 201, 202];
const CTIDS = [300, 301, 302, 310];
const STORAGES = ['local-zfs', 'backup-nfs', 'vmdata', 'ceph-vm', 'nas-iso', 'san-lvm'];
const UNITS = [
  ['logrotate.service', 'Rotate log files'],
  ['man-db.service', 'Daily man-db regeneration'],
  ['apt-daily.service', 'Daily apt download activities'],
  ['apt-daily-upgrade.service', 'Daily apt upgrade and clean activities'],
  ['systemd-tmpfiles-clean.service', 'Cleanup of Temporary Directories'],
  ['pve-daily-update.service', 'Daily PVE download activities'],
  ['dpkg-db-backup.service', 'Daily dpkg database backup service'],
  ['e2scrub_all.service', 'Online ext4 Metadata Check for All Filesystems'],
  ['fstrim.service', 'Discard unused blocks on filesystems from /etc/fstab'],
  ['proxmox-boot-cleanup.service', 'Clean up bootloader next-boot setting'],
];
const POOL = ['162.159.200.1', '162.159.200.123', '185.232.69.65', '94.130.49.186', '78.46.102.180', '213.209.109.44', '5.9.121.16'];
const CRON_CMDS = [
  'which zfs-auto-snapshot > /dev/null || exit 0 ; zfs-auto-snapshot --quiet --syslog --label=frequent --keep=4 //',
  'cd / && run-parts --report /etc/cron.hourly',
  'command -v debian-sa1 > /dev/null && debian-sa1 1 1',
  '/usr/local/bin/pve-exporter-textfile.sh > /var/lib/node_exporter/pve.prom.$$ && mv /var/lib/node_exporter/pve.prom.$$ /var/lib/node_exporter/pve.prom',
  'if [ $(date +\\%w) -eq 0 ] && [ -x /usr/lib/zfs-linux/scrub ]; then /usr/lib/zfs-linux/scrub; fi',
];

function makeSources(G) {
  const r = G.rng;
  const hostsOther = (h) => G.hosts.filter((x) => x !== h);
  const receivedLog = (h) => {
    for (const o of hostsOther(h)) G.out(o, 'pmxcfs', o.pmxcfs, 5, '[status] notice: received log', r.int(2, 40) * MS);
  };
  const upid = (h, pid, type, id, user = 'root@pam') =>
    `UPID:${h.name}:${hex8(pid)}:${hex8(h.ticks(G.t))}:${hex8(Math.floor(G.t / SEC))}:${type}:${id}:${user}:`;
  const taskTypes = [['vncproxy', 'vm'], ['qmstart', 'vm'], ['qmshutdown', 'vm'], ['qmsnapshot', 'vm'], ['qmigrate', 'vm'],
    ['vzdump', 'vm'], ['qmconfig', 'vm'], ['vzstart', 'ct'], ['vzshutdown', 'ct'], ['imgcopy', ''], ['aptupdate', ''], ['spiceproxy', 'vm']];

  // ---------------- noise ----------------
  const noise = [
    [14, (h) => { // pveproxy worker recycling
      const i = r.int(0, 2); const old = h.proxyWorkers[i]; const nw = h.newPid(); h.proxyWorkers[i] = nw;
      G.out(h, 'pveproxyW', old, 6, 'worker exit', 0);
      G.out(h, 'pveproxy', h.pid.pveproxy, 6, `worker ${old} finished`, r.int(1, 4) * MS);
      G.out(h, 'pveproxy', h.pid.pveproxy, 6, 'starting 1 worker(s)', r.int(0, 2) * MS);
      G.out(h, 'pveproxy', h.pid.pveproxy, 6, `worker ${nw} started`, r.int(1, 4) * MS);
    }],
    [3, (h) => { // pvedaemon worker recycling
      const i = r.int(0, 2); const old = h.daemonWorkers[i]; const nw = h.newPid(); h.daemonWorkers[i] = nw;
      G.out(h, 'pvedaemonW', old, 6, 'worker exit', 0);
      G.out(h, 'pvedaemon', h.pid.pvedaemon, 6, `worker ${old} finished`, r.int(1, 4) * MS);
      G.out(h, 'pvedaemon', h.pid.pvedaemon, 6, 'starting 1 worker(s)', r.int(0, 2) * MS);
      G.out(h, 'pvedaemon', h.pid.pvedaemon, 6, `worker ${nw} started`, r.int(1, 4) * MS);
    }],
    [8, (h) => { // API logins (exporter, GUI)
      const user = r.pick(['prometheus@pve', 'prometheus@pve', 'root@pam', 'monitoring@pve', 'admin@pve', 'zabbix@pve']);
      G.out(h, 'pvedaemonW', r.pick(h.daemonWorkers), 6, `<root@pam> successful auth for user '${user}'`, 0);
      receivedLog(h);
    }],
    [5, (h) => { // a task, started and finished
      const [type, kind] = r.pick(taskTypes);
      const id = kind === 'vm' ? String(r.pick(VMIDS)) : kind === 'ct' ? String(r.pick(CTIDS)) : '';
      const parent = r.pick(h.daemonWorkers);
      const w = h.newPid();
      const u = upid(h, w, type, id, r.chance(0.8) ? 'root@pam' : 'admin@pve');
      const user = u.slice(u.lastIndexOf(':', u.length - 2) + 1, -1);
      G.out(h, 'pvedaemonW', parent, 6, `<${user}> starting task ${u}`, 0);
      receivedLog(h);
      if (type === 'qmstart') G.out(h, 'pvedaemonT', w, 6, `start VM ${id}: ${u}`, r.int(5, 40) * MS);
      else if (type === 'vncproxy') G.out(h, 'pvedaemonT', w, 6, `starting vnc proxy ${u}`, r.int(5, 40) * MS);
      else if (type === 'qmshutdown') G.out(h, 'pvedaemonT', w, 6, `shutdown VM ${id}: ${u}`, r.int(5, 40) * MS);
      else if (type === 'vzstart') G.out(h, 'pvedaemonT', w, 6, `starting CT ${id}: ${u}`, r.int(5, 40) * MS);
      G.out(h, 'pvedaemonW', parent, 6, `<${user}> end task ${u} OK`, r.int(300, 9000) * MS);
      receivedLog(h);
    }],
    [2, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 5, '[status] notice: received log', 0); }],
    [1, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 5, `[${r.pick(['dcdb', 'status'])}] notice: data verification successful`, 0); }],
    [12, (h) => { // cron session
      const pid = h.newPid();
      G.out(h, 'cronPam', pid, 6, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', 0);
      G.out(h, 'cron', pid + 1, 6, `(root) CMD (${r.pick(CRON_CMDS)})`, r.int(1, 3) * MS);
      if (r.chance(0.5)) {
        const t = new Date((G.t + OFFSET_US) / 1000);
        const label = r.pick(['frequent', 'frequent', 'hourly']);
        const n = r.int(5, 12);
        G.out(h, 'zfsSnap', pid + 2, 5, `@zfs-auto-snap_${label}-${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}-${p2(t.getUTCHours())}${p2(t.getUTCMinutes())}, ${n} created, ${n} destroyed, 0 warnings.`, r.int(500, 2500) * MS);
      }
      G.out(h, 'cronPam', pid, 6, 'pam_unix(cron:session): session closed for user root', r.int(20, 900) * MS);
    }],
    [6, (h) => { // systemd service run
      const [unit, desc] = r.pick(UNITS);
      G.out(h, 'systemd', 1, 6, `Starting ${unit} - ${desc}...`, 0);
      G.out(h, 'systemd', 1, 6, `${unit}: Deactivated successfully.`, r.int(30, 6000) * MS);
      G.out(h, 'systemd', 1, 6, `Finished ${unit} - ${desc}.`, r.int(0, 2) * MS);
      if (r.chance(0.6)) G.out(h, 'systemd', 1, 6, `${unit}: Consumed ${r.int(1, 5)}.${r.int(100, 999)}s CPU time.`, 1);
    }],
    [4, (h) => { // ssh session
      const pid = h.newPid(); const sid = ++h.session; const port = r.int(32768, 60999);
      const ip = r.pick(['10.10.10.100', '10.10.10.50', '10.10.10.11', '10.10.10.12', '10.10.10.13']);
      G.out(h, 'sshd', pid, 6, `Accepted publickey for root from ${ip} port ${port} ssh2: ${r.pick(['RSA', 'ED25519'])} SHA256:${r.b64(43)}`, 0);
      G.out(h, 'sshdPam', pid, 6, 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)', r.int(5, 20) * MS);
      G.out(h, 'logind', h.pid.logind, 6, `New session ${sid} of user root.`, r.int(1, 5) * MS);
      G.out(h, 'systemd', 1, 6, `Started session-${sid}.scope - Session ${sid} of User root.`, r.int(1, 5) * MS);
      G.out(h, 'sshd', pid, 6, `Received disconnect from ${ip} port ${port}:11: disconnected by user`, r.int(1, 600) * SEC);
      G.out(h, 'sshd', pid, 6, `Disconnected from user root ${ip} port ${port}`, 200);
      G.out(h, 'sshdPam', pid, 6, 'pam_unix(sshd:session): session closed for user root', r.int(1, 4) * MS);
      G.out(h, 'systemd', 1, 6, `session-${sid}.scope: Deactivated successfully.`, r.int(1, 5) * MS);
      G.out(h, 'logind', h.pid.logind, 6, `Session ${sid} logged out. Waiting for processes to exit.`, 1 * MS);
      G.out(h, 'logind', h.pid.logind, 6, `Removed session ${sid}.`, r.int(1, 5) * MS);
    }],
    [2, (h) => { // a guest NIC joins the bridge
      const vm = r.pick(VMIDS); const port = r.int(2, 9);
      G.out(h, 'systemd', 1, 6, `Started ${vm}.scope.`, 0);
      G.out(h, 'kernel', 0, 6, `tap${vm}i0: entered promiscuous mode`, r.int(200, 600) * MS);
      G.out(h, 'kernel', 0, 6, `vmbr0: port ${port}(tap${vm}i0) entered blocking state`, 300);
      G.out(h, 'kernel', 0, 6, `vmbr0: port ${port}(tap${vm}i0) entered disabled state`, 300);
      G.out(h, 'kernel', 0, 6, `tap${vm}i0: entered allmulticast mode`, 300);
      G.out(h, 'kernel', 0, 6, `vmbr0: port ${port}(tap${vm}i0) entered blocking state`, 300);
      G.out(h, 'kernel', 0, 6, `vmbr0: port ${port}(tap${vm}i0) entered forwarding state`, 300);
    }],
    [2, (h) => { // guest stops
      const vm = r.pick(VMIDS); const port = r.int(2, 9);
      G.out(h, 'kernel', 0, 6, `tap${vm}i0: left allmulticast mode`, 0);
      G.out(h, 'kernel', 0, 6, `vmbr0: port ${port}(tap${vm}i0) entered disabled state`, 400);
      G.out(h, 'qmeventd', h.pid.qmeventd, 6, `Starting cleanup for ${vm}`, r.int(10, 90) * MS);
      G.out(h, 'qmeventd', h.pid.qmeventd, 6, `Finished cleanup for ${vm}`, r.int(50, 300) * MS);
      G.out(h, 'systemd', 1, 6, `${vm}.scope: Deactivated successfully.`, r.int(1, 50) * MS);
      G.out(h, 'systemd', 1, 6, `${vm}.scope: Consumed ${r.int(1, 59)}min ${r.int(0, 59)}.${r.int(100, 999)}s CPU time.`, 1);
    }],
    [3, (h) => { // AppArmor audit from a container (long line)
      const ct = r.pick(CTIDS);
      G.out(h, 'kernel', 0, 5, `audit: type=1400 audit(${Math.floor(G.t / SEC)}.${r.int(100, 999)}:${r.int(100, 99999)}): apparmor="DENIED" operation="mount" class="mount" info="failed flags match" error=-13 profile="lxc-${ct}_</var/lib/lxc>" name="/run/systemd/mount-rootfs/" pid=${h.newPid()} comm="(sd-mkdcreds)" flags="ro, nosuid, nodev, noexec, remount, bind"`, 0);
    }],
    [3, (h) => { // postfix mail
      const q = r.hex(10).toUpperCase();
      G.out(h, 'pickup', h.pid.pickup, 6, `${q}: uid=0 from=<root>`, 0);
      G.out(h, 'cleanup', h.newPid(), 6, `${q}: message-id=<${Math.floor(G.t / SEC)}.${q}@${h.name}.prod.example.lan>`, 3 * MS);
      G.out(h, 'qmgr', h.pid.qmgr, 6, `${q}: from=<root@${h.name}.prod.example.lan>, size=${r.int(900, 12000)}, nrcpt=1 (queue active)`, 3 * MS);
      G.out(h, 'smtp', h.newPid(), 6, `${q}: to=<ops@example.com>, relay=smtp.prod.example.lan[10.10.10.25]:25, delay=0.${r.int(10, 99)}, delays=0.0${r.int(1, 9)}/0.01/0.${r.int(10, 40)}/0.${r.int(10, 40)}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4d${r.b64(10).replace(/[+/]/g, 'x')})`, r.int(100, 500) * MS);
      G.out(h, 'qmgr', h.pid.qmgr, 6, `${q}: removed`, 2 * MS);
    }],
    [1, (h) => {
      if (r.chance(0.5)) G.out(h, 'chronyd', h.pid.chronyd, 6, `Selected source ${r.pick(POOL)} (2.debian.pool.ntp.org)`, 0);
      else G.out(h, 'chronyd', h.pid.chronyd, 6, `Source ${r.pick(POOL)} replaced with ${r.pick(POOL)} (2.debian.pool.ntp.org)`, 0);
    }],
    [3, (h) => {
      const c = r.int(64, 72);
      G.out(h, 'smartd', h.pid.smartd, 6, `Device: /dev/sd${r.pick(['a', 'b', 'c', 'd'])} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${c} to ${c + (r.chance(0.5) ? 1 : -1)}`, 0);
    }],
    [2, (h) => { G.out(h, 'pvestatd', h.pid.pvestatd, 6, `status update time (${r.int(5, 9)}.${r.int(100, 999)} seconds)`, 0); }],
    [2, (h) => { // backup job progress
      const w = h.newPid(); const vm = r.pick(VMIDS);
      G.out(h, 'pveschedulerT', w, 6, `INFO: Starting Backup of VM ${vm} (qemu)`, 0);
      G.out(h, 'pveschedulerT', w, 6, `INFO: Finished Backup of VM ${vm} (00:0${r.int(1, 9)}:${p2(r.int(0, 59))})`, r.int(60, 500) * SEC / 100);
    }],
    [2, (h) => { G.out(h, 'pveproxyW', r.pick(h.proxyWorkers), 6, 'proxy detected vanished client connection', 0); }],
    [1, (h) => {
      const vm = r.pick(VMIDS);
      G.out(h, 'pvedaemonW', r.pick(h.daemonWorkers), 6, `<root@pam> update VM ${vm}: -${r.pick(['memory 8192', 'cores 4', 'delete unused0', 'onboot 1', 'net0 virtio=BC:24:11:5A:0E:66,bridge=vmbr0,firewall=1', 'description migrated from old host'])}`, 0);
      receivedLog(h);
    }],
    [1, (h) => {
      const vm = r.pick(VMIDS); const ts = Math.floor(G.t / SEC);
      G.out(h, 'rrdcached', h.pid.rrdcached, 3, `queue_thread_main: rrd_update_r (/var/lib/rrdcached/db/pve2-vm/${vm}) failed with status -1. (/var/lib/rrdcached/db/pve2-vm/${vm}: illegal attempt to update using time ${ts} when last update time is ${ts} (minimum one second step))`, 0);
    }],
    [1, (h) => { G.out(h, 'zed', h.newPid(), 5, `eid=${r.int(10, 999)} class=${r.pick(['scrub_start', 'scrub_finish', 'history_event', 'config_sync', 'trim_start', 'trim_finish'])} pool='${r.pick(['rpool', 'tank'])}'`, 0); }],
    [1, (h) => { G.out(h, 'journald', h.pid.journald, 6, `Suppressed ${r.int(50, 4000)} messages from ${r.pick(['pve-cluster.service', 'pvedaemon.service', 'corosync.service'])}`, 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 6, cs('KNET', `pmtud: Global data MTU changed to: ${r.pick([1397, 1397, 8885])}`), 0); }],
  ];

  // ---------------- diagnostic messages (catalog wording) ----------------
  const peer = (h) => r.pick(hostsOther(h));
  const ring = () => `${r.int(1, 3)}.${r.int(0x10, 0x3fff).toString(16)}`;
  const node = (h) => h.name;
  const vm = () => r.pick(VMIDS);
  const diag = [
    [6, (h) => { // token warning
      G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `Token has not been received in ${r.pick([2737, 2737, 2744, 2761, 3225, 4500, 5266, 12169])} ms`), 0);
    }],
    [5, (h) => { // link flap
      const p = peer(h);
      G.out(h, 'corosync', h.corosync, 6, cs('KNET', `link: host: ${p.nodeid} link: 0 is down`), 0);
      G.out(h, 'corosync', h.corosync, 6, cs('KNET', `host: host: ${p.nodeid} (passive) best link: 0 (pri: 1)`), 100);
      G.out(h, 'corosync', h.corosync, 4, cs('KNET', `host: host: ${p.nodeid} has no active links`), 100);
      G.out(h, 'corosync', h.corosync, 6, cs('KNET', `rx: host: ${p.nodeid} link: 0 is up`), r.int(500, 9000) * MS);
      G.out(h, 'corosync', h.corosync, 6, cs('KNET', `host: host: ${p.nodeid} (passive) best link: 0 (pri: 1)`), 100);
    }],
    [3, (h) => { // token loss and new membership, quorate side
      const p = peer(h);
      const others = G.hosts.filter((x) => x !== p).map((x) => x.nodeid).join(' ');
      const rid = ring();
      G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', 'A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.'), 0);
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', `Sync members[2]: ${others}`), 4380 * MS);
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', `Sync left[1]: ${p.nodeid}`), 200);
      G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `A new membership (${rid}) was formed. Members left: ${p.nodeid}`), 200);
      G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `Failed to receive the leave message. failed: ${p.nodeid}`), 200);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, `[dcdb] notice: members: ${G.hosts.filter((x) => x !== p).map((x) => `${x.nodeid}/${x.pmxcfs}`).join(', ')}`, 400);
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', `Members[2]: ${others}`), 400);
      G.out(h, 'corosync', h.corosync, 5, cs('MAIN', 'Completed service synchronization, ready to provide service.'), 300);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, '[dcdb] notice: starting data syncronisation', 300);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, '[dcdb] notice: received all states', 300);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, '[dcdb] notice: all data is up to date', 300);
    }],
    [3, (h) => { // quorum loss on an isolated node
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', `Sync members[1]: ${h.nodeid}`), 0);
      G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `A new membership (${h.nodeid}.${r.int(0x10, 0x3fff).toString(16)}) was formed. Members left: ${G.hosts.filter((x) => x !== h).map((x) => x.nodeid).join(' ')}`), 200);
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', 'This node is within the non-primary component and will NOT provide any services.'), 300);
      G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', `Members[1]: ${h.nodeid}`), 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, '[status] notice: node lost quorum', 400);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, '[dcdb] crit: received write while not quorate - trigger resync', 300);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, '[dcdb] crit: leaving CPG group', 100);
      for (let i = 0, n = r.int(2, 12); i < n; i++) G.out(h, 'pmxcfs', h.pmxcfs, 2, '[dcdb] crit: cpg_send_message failed: 9', r.int(50, 2500) * MS);
      G.out(h, 'lrm', h.pid.lrm, 3, `lost lock 'ha_agent_${node(h)}_lock - cfs lock update failed - Permission denied`, r.int(1, 9) * SEC);
      G.out(h, 'lrm', h.pid.lrm, 6, 'status change active => lost_agent_lock', 2 * MS);
      if (r.chance(0.4)) {
        G.out(h, 'wdmux', h.pid.wdmux, 6, 'client watchdog expired - disable watchdog updates', 60 * SEC);
      } else {
        G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', 'This node is within the primary component and will provide service.'), r.int(5, 40) * SEC);
        G.out(h, 'corosync', h.corosync, 5, cs('QUORUM', 'Members[3]: 1 2 3'), 100);
        G.out(h, 'pmxcfs', h.pmxcfs, 5, '[status] notice: node has quorum', 300);
        G.out(h, 'lrm', h.pid.lrm, 6, `successfully acquired lock 'ha_agent_${node(h)}_lock'`, r.int(1, 9) * SEC);
        G.out(h, 'lrm', h.pid.lrm, 6, 'status change lost_agent_lock => active', 2 * MS);
      }
    }],
    [2, (h) => { // CRM fencing sequence
      const p = peer(h); const v = vm(); const sid = `vm:${v}`;
      G.out(h, 'crm', h.pid.crm, 6, `node '${p.name}': state changed from 'online' => 'unknown'`, 0);
      G.out(h, 'crm', h.pid.crm, 6, `service '${sid}': state changed from 'started' to 'fence'`, 60 * SEC);
      G.out(h, 'crm', h.pid.crm, 6, `node '${p.name}': state changed from 'unknown' => 'fence'`, 1 * MS);
      G.out(h, 'crm', h.pid.crm, 6, `fencing: acknowledged - got agent lock for node '${p.name}'`, 70 * SEC);
      G.out(h, 'crm', h.pid.crm, 6, `node '${p.name}': state changed from 'fence' => 'unknown'`, 1 * MS);
      G.out(h, 'crm', h.pid.crm, 6, `service '${sid}': state changed from 'fence' to 'recovery'`, 1 * MS);
      G.out(h, 'crm', h.pid.crm, 6, `recover service '${sid}' from fenced node '${p.name}' to node '${h.name}'`, 1 * MS);
      G.out(h, 'crm', h.pid.crm, 6, `service '${sid}': state changed from 'recovery' to 'started'  (node = ${h.name})`, 1 * MS);
    }],
    [1, (h) => { G.out(h, 'crm', h.pid.crm, 3, "lost lock 'ha_manager_lock - cfs lock update failed - Device or resource busy", 0); G.out(h, 'crm', h.pid.crm, 6, 'status change master => lost_manager_lock', 2 * MS); }],
    [1, (h) => { G.out(h, 'lrm', h.pid.lrm, 3, 'node need to be fenced - releasing agent_lock', 0); }],
    [1, (h) => { G.out(h, 'wdmux', h.pid.wdmux, 6, 'client did not stop watchdog - disable watchdog updates', 0); }],
    [1, (h) => { G.out(h, 'lrm', h.pid.lrm, 4, `loop take too long (${r.int(31, 95)} seconds)`, 0); }],
    [2, (h) => { G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `Retransmit List: ${Array.from({ length: r.int(1, 6) }, () => r.int(0x100, 0xfff).toString(16)).join(' ')} `), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 5, cs('TOTEM', `Process pause detected for ${r.int(3000, 9000)} ms, flushing membership messages.`), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 4, cs('MAIN', `Corosync main process was not scheduled (@${Math.floor(G.t / 1000)}) for ${r.int(3000, 9000)}.${r.int(1000, 9999)} ms (threshold is 2920.0000 ms). Consider token timeout increase.`), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 4, cs('MAIN', 'Totem is unable to form a cluster because of an operating system or network fault (reason: totem is continuously in gather state). The most common cause of this message is that the local firewall is configured improperly.'), 0); }],
    [1, (h) => { // config error at start
      G.out(h, 'corosync', h.corosync, 3, cs('MAIN', 'parse error in config: No valid name found for local host'), 0);
      G.out(h, 'corosync', h.corosync, 3, cs('MAIN', `Corosync Cluster Engine exiting with status 8 at main.c:${r.pick([1443, 1591, 1835])}.`), 1 * MS);
    }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 3, `parser error: /etc/corosync/corosync.conf:${r.int(10, 60)}: Missing closing brace`, 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 5, cs('VOTEQ', `Waiting for all cluster members. Current votes: 1 expected_votes: ${G.hosts.length}`), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 5, cs('CFG', `Node ${peer(h).nodeid} was shut down by sysadmin`), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 6, cs('KNET', `pmtud: PMTUD link change for host: ${peer(h).nodeid} link: 0 from 469 to ${r.pick([1397, 8885])}`), 0); }],
    [1, (h) => {
      const p = peer(h);
      G.out(h, 'corosync', h.corosync, 4, cs('KNET', `pmtud: possible MTU misconfiguration detected. kernel is reporting MTU: 9000 bytes for host ${p.nodeid} link 0 but the other node is not acknowledging packets of this size. `), 0);
      G.out(h, 'corosync', h.corosync, 4, cs('KNET', 'pmtud: This can be caused by this node interface MTU too big or a network device that does not support or has been misconfigured to manage MTU of this size, or packet loss. knet will continue to run but performances might be affected.'), 10);
    }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 4, cs('KNET', `rx: Packet rejected from 10.10.20.${r.int(50, 250)}:5405`), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 3, cs('TOTEM', 'FAILED TO RECEIVE'), 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 3, cs('KNET', `rx: Unable to decrypt packet from ${peer(h).ring}:5405 (size ${r.int(90, 1400)})!`), 0); }],
    [1, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 2, `[dcdb] crit: wrong checksum ${r.hex(16).toUpperCase()} != ${r.hex(16).toUpperCase()} - restarting`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `${new Date((G.t + OFFSET_US) / 1000).toISOString().slice(0, 23)}+0100 7f${r.hex(10)} -1 auth: failed to load /etc/pve/priv/ceph/vmdata.keyring: (13) Permission denied`, 0); }],
    [1, (h) => { G.out(h, 'corosync', h.corosync, 3, cs('CMAP', `Received config version (${r.int(5, 9)}) is different than my config version (${r.int(2, 4)})! Exiting`), 0); }],
    [2, (h) => { // pmxcfs started before corosync / corosync gone
      G.out(h, 'pmxcfs', h.pmxcfs, 2, '[quorum] crit: quorum_initialize failed: 2', 0);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, "[quorum] crit: can't initialize service", 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, '[confdb] crit: cmap_initialize failed: 2', 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, "[confdb] crit: can't initialize service", 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 5, '[dcdb] notice: start cluster connection', 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, '[dcdb] crit: cpg_initialize failed: 2', 100);
      G.out(h, 'pmxcfs', h.pmxcfs, 2, "[dcdb] crit: can't initialize service", 100);
    }],
    [1, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 2, '[dcdb] crit: cpg_join failed: 14', 0); G.out(h, 'pmxcfs', h.pmxcfs, 2, "[dcdb] crit: can't initialize service", 50); }],
    [1, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 5, `[${r.pick(['dcdb', 'status'])}] notice: cpg_send_message retried ${r.int(2, 100)} times`, 0); }],
    [1, (h) => { G.out(h, 'pmxcfs', h.pmxcfs, 2, `[main] crit: Unable to resolve node name '${h.name}' to a non-loopback IP address - missing entry in '/etc/hosts' or DNS?`, 0); }],
    [2, (h) => { // VM start fails on RBD
      const v = vm(); const w = h.newPid();
      const u = upid(h, w, 'qmstart', String(v));
      const parent = r.pick(h.daemonWorkers);
      G.out(h, 'pvedaemonW', parent, 6, `<root@pam> starting task ${u}`, 0);
      G.out(h, 'pvedaemonT', w, 6, `start VM ${v}: ${u}`, 20 * MS);
      if (r.chance(0.5)) {
        G.out(h, 'pvedaemonT', w, 3, `kvm: -drive file=rbd:vmdata/vm-${v}-disk-0:conf=/etc/pve/ceph.conf:id=pve:keyring=/etc/pve/priv/ceph/vmdata.keyring,if=none,id=drive-scsi0,format=raw,cache=none,aio=io_uring,detect-zeroes=on: error connecting: ${r.pick(['Permission denied', 'Connection timed out', 'No such file or directory'])}`, r.int(1, 5) * SEC);
      } else {
        G.out(h, 'pvedaemonT', w, 3, `kvm: -drive file=rbd:vmdata/vm-${v}-disk-0:conf=/etc/pve/ceph.conf:id=pve:keyring=/etc/pve/priv/ceph/vmdata.keyring,if=none,id=drive-scsi0,format=raw,cache=none,aio=io_uring,detect-zeroes=on: error opening pool vmdata: No such file or directory`, r.int(1, 5) * SEC);
      }
      G.out(h, 'pvedaemonT', w, 3, 'start failed: QEMU exited with code 1', 50 * MS);
      G.out(h, 'pvedaemonW', parent, 3, `<root@pam> end task ${u} start failed: QEMU exited with code 1`, 10 * MS);
    }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `rbd error: rbd: listing images failed: (${r.pick(['13) Permission denied', '110) Connection timed out', '2) No such file or directory'])}`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `${new Date((G.t + OFFSET_US) / 1000).toISOString().slice(0, 23)}+0100 7f${r.hex(10)} -1 auth: unable to find a keyring on /etc/pve/priv/ceph/vmdata.keyring: (2) No such file or directory`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `${new Date((G.t + OFFSET_US) / 1000).toISOString().slice(0, 23)}+0100 7f${r.hex(10)} -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [${r.pick(['2', '1', '2,1'])}]`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `${new Date((G.t + OFFSET_US) / 1000).toISOString().slice(0, 23)}+0100 7f${r.hex(10)} 0 monclient(hunting): authenticate timed out after ${r.pick([60, 300])}`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `librados: client.${r.pick(['admin', 'pve'])} authentication error (110) Connection timed out`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, '[errno 110] RADOS timed out (error connecting to the cluster)', 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, "rbd: error opening pool 'vmdata': (2) No such file or directory", 0); }],
    [2, (h) => { G.out(h, 'pvestatd', h.pid.pvestatd, 4, `rados_connect failed - ${r.pick(['Permission denied', 'Connection timed out', 'No such file or directory'])}`, 0); }],
    [3, (h) => { G.out(h, 'pvestatd', h.pid.pvestatd, 4, `storage '${r.pick(['backup-nfs', 'nas-iso', 'san-lvm'])}' is not online`, 0); }],
    [1, (h) => { G.out(h, 'pvestatd', h.pid.pvestatd, 4, `could not get usage stats for pool '${r.pick(['vmdata', 'ceph-vm'])}'`, 0); }],
    [2, (h) => { const v = vm(); G.out(h, 'pvestatd', h.pid.pvestatd, 3, `VM ${v} qmp command failed - VM ${v} qmp command 'query-proxmox-support' failed - ${r.pick(['got timeout', `unable to connect to VM ${v} qmp socket - timeout after 51 retries`])}`, 0); }],
    [2, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `can't lock file '/var/lock/qemu-server/lock-${vm()}.conf' - got timeout`, 0); }],
    [2, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, `${r.chance(0.8) ? 'VM' : 'CT'} is locked (${r.pick(['backup', 'migrate', 'snapshot', 'clone', 'rollback'])})`, 0); }],
    [2, (h) => {
      const w = h.newPid();
      G.out(h, 'pvesr', w, 3, "replication: cfs-lock 'file-replication_cfg' error: got lock request timeout", 0);
      G.out(h, 'pvesr', w + 1, 3, `jobs: cfs-lock 'file-jobs_cfg' error: ${r.pick(['got lock request timeout', 'no quorum!'])}`, 10 * MS);
    }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 6, `trying to acquire cfs lock 'storage-${r.pick(STORAGES)}' ...`, 0); }],
    [1, (h) => { G.out(h, 'pvedaemonT', h.newPid(), 3, 'cluster not ready - no quorum?', 0); }],
    [2, (h) => {
      const v = vm();
      G.out(h, 'pvesr', h.pid.pvescheduler, 4, `${v}-0: got unexpected replication job error - command 'zfs snapshot rpool/data/vm-${v}-disk-0@__replicate_${v}-0_${Math.floor(G.t / SEC)}__' failed: got timeout`, 0);
    }],
    [1, (h) => { G.out(h, 'pveschedulerT', h.newPid(), 3, `${vm()}-0: end replication job with error: command 'set -o pipefail && pvesm export local-zfs:vm-${vm()}-disk-0 zfs - -with-snapshots 1 -snapshot __replicate_${vm()}-0_${Math.floor(G.t / SEC)}__ | /usr/bin/ssh -e none -o 'BatchMode=yes' -o 'HostKeyAlias=pve2' root@10.10.10.12 -- pvesm import local-zfs:vm-${vm()}-disk-0 zfs - -with-snapshots 1 -snapshot __replicate_${vm()}-0_${Math.floor(G.t / SEC)}__ -allow-rename 0' failed: exit code 255`, 0); }],
    [1, (h) => {
      const step = `${r.int(1, 4)}.${r.int(100000, 999999)}`;
      G.out(h, 'chronyd', h.pid.chronyd, 4, `System clock wrong by ${step} seconds`, 0);
      G.out(h, 'chronyd', h.pid.chronyd, 4, `System clock was stepped by ${step} seconds`, 1 * MS);
      G.out(h, 'systemd', 1, 6, 'Time has been changed', 2 * MS);
    }],
    [1, (h) => { G.out(h, 'pvedaemonW', r.pick(h.daemonWorkers), 3, `authentication failure; rhost=::ffff:10.10.10.${r.int(20, 250)} user=root@pam msg=Authentication failure`, 0); }],
    [1, (h) => { G.out(h, 'pvestatd', h.pid.pvestatd, 3, 'ipcc_send_rec[1] failed: Connection refused', 0); }],
  ];
  return { noise: table(noise), diag: table(diag) };
}

/** Weighted choice table (1024 slots). */
function table(entries) {
  const total = entries.reduce((s, e) => s + e[0], 0);
  const slots = new Array(1024);
  let k = 0;
  for (const [w, fn] of entries) {
    const n = Math.round((w / total) * 1024);
    for (let i = 0; i < n && k < 1024; i++) slots[k++] = fn;
  }
  while (k < 1024) slots[k++] = entries[entries.length - 1][1];
  return slots;
}

/* ------------------------------------------------------------------------------------------
 * Line writers
 * ---------------------------------------------------------------------------------------- */

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

// Dynamic JSON slots
const D_CURSOR = 1, D_RT = 2, D_MONO = 3, D_MSG = 4, D_PRIO = 5, D_PID = 6, D_SPID = 7, D_STS = 8, D_SRT = 9, D_SMONO = 10;

/** Compile a (host, profile) pair into JSON segments: static strings interleaved with slot ids. */
function compileJson(h, d, salt) {
  const f = {
    __CURSOR: D_CURSOR, __REALTIME_TIMESTAMP: D_RT, __MONOTONIC_TIMESTAMP: D_MONO, _BOOT_ID: h.boot, _MACHINE_ID: h.machine,
    _HOSTNAME: h.name, _TRANSPORT: d.transport, PRIORITY: D_PRIO, SYSLOG_FACILITY: String(d.fac), SYSLOG_IDENTIFIER: d.ident, MESSAGE: D_MSG,
  };
  if (d.transport === 'kernel') {
    f._SOURCE_MONOTONIC_TIMESTAMP = D_SMONO;
  } else {
    Object.assign(f, { _PID: D_PID, _UID: String(d.uid), _GID: String(d.gid), _COMM: d.comm, _EXE: d.exe, _CMDLINE: d.cmdline,
      _CAP_EFFECTIVE: d.cap, _SYSTEMD_CGROUP: d.cgroup, _SYSTEMD_UNIT: d.unit, _SYSTEMD_SLICE: d.slice });
    if (d.slice === 'user-0.slice') { f._SYSTEMD_OWNER_UID = '0'; f._AUDIT_LOGINUID = '0'; f._AUDIT_SESSION = '1'; }
    else f._SYSTEMD_INVOCATION_ID = new Rng(fnv1a(`${h.boot}:${d.unit}`)).hex(32);
    if (d.transport === 'syslog') {
      if (d.comm !== 'logger') f.SYSLOG_PID = D_SPID;
      f.SYSLOG_TIMESTAMP = D_STS;
    } else if (d.transport === 'journal') {
      f._SOURCE_REALTIME_TIMESTAMP = D_SRT;
      f.CODE_FILE = d.ident === 'systemd' ? 'src/core/unit.c' : 'src/login/logind-session.c';
      f.CODE_LINE = d.ident === 'systemd' ? '5553' : '791';
      f.CODE_FUNC = d.ident === 'systemd' ? 'unit_log_success' : 'session_start';
    } else if (d.transport === 'stdout') {
      f._STREAM_ID = new Rng(fnv1a(`${h.boot}:${d.unit}:stream`)).hex(32);
    }
  }
  const keys = Object.keys(f).sort((a, b) => fnv1a(`${salt}:${a}`) - fnv1a(`${salt}:${b}`));
  const segs = [];
  let cur = '{';
  keys.forEach((k, i) => {
    cur += `${i ? ',' : ''}${JSON.stringify(k)}:`;
    const v = f[k];
    if (typeof v === 'number') {
      if (v !== D_MSG) cur += '"';
      segs.push(cur, v);
      cur = v !== D_MSG ? '"' : '';
    } else cur += JSON.stringify(v);
  });
  cur += '}\n';
  segs.push(cur);
  return segs;
}

function makeWriter(format, G, salt) {
  const clock = new ShortClock();
  if (format === 'short') {
    return (h, key, pid, prio, msg, t) => {
      const ts = clock.fmt(t);
      const d = h.P[key];
      return d.transport === 'kernel' ? `${ts} ${h.name} kernel: ${msg}\n` : `${ts} ${h.name} ${d.ident}[${pid}]: ${msg}\n`;
    };
  }
  const cache = new Map();
  return (h, key, pid, prio, msg, t) => {
    const ck = `${h.name}/${key}`;
    let segs = cache.get(ck);
    if (!segs) { segs = compileJson(h, h.P[key], salt); cache.set(ck, segs); }
    clock.fmt(t);
    const rt = t;
    const mono = rt - h.bootStart;
    let s = '';
    for (let i = 0; i < segs.length; i++) {
      const v = segs[i];
      if (typeof v === 'string') { s += v; continue; }
      switch (v) {
        case D_CURSOR: s += `s=${h.seqId};i=${(h.seq++).toString(16)};b=${h.boot};m=${mono.toString(16)};t=${rt.toString(16)};x=${G.rng.u32().toString(16).padStart(8, '0')}${G.rng.u32().toString(16).padStart(8, '0')}`; break;
        case D_RT: s += rt; break;
        case D_MONO: s += mono; break;
        case D_MSG: s += JSON.stringify(msg); break;
        case D_PRIO: s += prio; break;
        case D_PID: case D_SPID: s += pid; break;
        case D_STS: s += clock.syslogTs; break;
        case D_SRT: s += rt - 40; break;
        case D_SMONO: s += mono - 1500; break;
        default: break;
      }
    }
    return s;
  };
}

/* ------------------------------------------------------------------------------------------
 * Generation
 * ---------------------------------------------------------------------------------------- */

const CHUNK = 8 * 1024 * 1024;

/**
 * Writes exactly `target` bytes of `format` to `file`. Returns statistics.
 */
export function generate({ file, format, target, seed }) {
  const rng = new Rng(seed ^ (format === 'json' ? 0x9e3779b9 : 0));
  const G = { rng, t: START_US, hosts: [] };
  const hostRng = new Rng(seed);
  G.hosts = HOSTS.map((c, i) => new Host(c, hostRng, i));
  const write = makeWriter(format, G, `pvelens-bench-${seed}`);
  const meanStep = format === 'json' ? 1.0 * SEC : 0.15 * SEC; // 1 GiB covers ~10 days (short) / ~2 weeks (json)
  const diagShare = 0.05; // share of sources that are diagnostic (gives ~4 % of the lines)

  // Sources queue lines with relative delays (a login's disconnect comes minutes later); a
  // min-heap ordered by (time, sequence) releases them in time order, so time never goes back.
  const heap = []; // entries: [t, seq, h, key, pid, prio, msg]
  const less = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const push = (e) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      const x = heap[i]; heap[i] = heap[p]; heap[p] = x;
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r2 = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r2 < heap.length && less(heap[r2], heap[m])) m = r2;
        if (m === i) break;
        const x = heap[i]; heap[i] = heap[m]; heap[m] = x;
        i = m;
      }
    }
    return top;
  };
  let seqNo = 0;
  let cursorT = 0;
  let srcStart = 0;
  let diagSource = false;
  let diagLines = 0;
  let done = false;
  const writeOne = (h, key, pid, prio, msg, t, isDiag) => {
    if (done) return;
    const line = write(h, key, pid, prio, msg, t);
    if (written + line.length > target - reserve) { done = true; return; }
    emit(line);
    if (isDiag) diagLines++;
  };
  const drain = (t) => {
    while (heap.length && heap[0][0] <= t) {
      const p = pop();
      writeOne(p[2], p[3], p[4], p[5], p[6], p[0], p[7]);
    }
  };
  G.out = (h, key, pid, prio, msg, dt) => {
    cursorT += dt;
    if (cursorT - srcStart < SEC) {
      // the common case: written right away (after anything queued that is due first)
      if (heap.length && heap[0][0] <= cursorT) drain(cursorT);
      if (cursorT > G.t) G.t = cursorT;
      writeOne(h, key, pid, prio, msg, cursorT, diagSource);
    } else {
      push([cursorT, seqNo++, h, key, pid, prio, msg, diagSource]);
    }
  };
  const { noise, diag } = makeSources(G);

  const fd = fs.openSync(file, 'w');
  // Lines go straight into one reusable buffer (content is ASCII, so latin1 == UTF-8 and
  // string length == byte length); keeping no strings around keeps the GC out of the way.
  const buf = Buffer.allocUnsafe(CHUNK + 256 * 1024);
  let off = 0;
  let written = 0;
  let lines = 0;
  const reserve = (format === 'json' ? 1800 : 320) * 4;

  const flush = () => {
    let p = 0;
    while (p < off) p += fs.writeSync(fd, buf, p, off - p);
    off = 0;
  };
  const emit = (line) => {
    off += buf.latin1Write(line, off);
    written += line.length;
    lines++;
    if (off >= CHUNK) flush();
  };

  while (!done) {
    const h = G.hosts[rng.u32() % 3];
    G.t += Math.floor(-Math.log(1 - rng.f()) * meanStep);
    drain(G.t);
    cursorT = srcStart = G.t;
    diagSource = rng.f() < diagShare;
    (diagSource ? diag : noise)[rng.u32() & 1023](h);
  }
  // Fill the rest exactly with a few CRON lines whose command is padded to the right length.
  const h = G.hosts[0];
  const core = '(root) CMD (/usr/local/bin/health-check --tag ';
  let remaining = target - written;
  let n = Math.max(1, Math.floor(remaining / (format === 'json' ? 1100 : 180)));
  while (n > 0) {
    const len = n === 1 ? remaining : Math.floor(remaining / n);
    G.t += 1000;
    const pid = h.newPid();
    const seq = h.seq;
    const l0 = write(h, 'cron', pid, 6, `${core})`, G.t).length;
    h.seq = seq; // the measuring call must not consume a sequence number
    let tag = '';
    for (let i = l0; i < len; i++) tag += 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.u32() % 36];
    const line = write(h, 'cron', pid, 6, `${core}${tag})`, G.t);
    if (line.length !== len) throw new Error(`filler line is ${line.length} bytes, wanted ${len}`);
    emit(line);
    remaining -= len;
    n--;
  }
  flush();
  fs.closeSync(fd);
  if (written !== target) throw new Error(`wrote ${written} bytes, wanted ${target}`);
  return { bytes: written, lines, diagLines, firstTime: new Date(START_US / 1000).toISOString(), lastTime: new Date(G.t / 1000).toISOString() };
}

function metaPath(file) { return `${file}.meta.json`; }

/** True when `file` exists with exactly `target` bytes and a matching sidecar. */
export function isFresh(file, target, seed) {
  try {
    const st = fs.statSync(file);
    if (st.size !== target) return false;
    const m = JSON.parse(fs.readFileSync(metaPath(file), 'utf8'));
    return m.version === VERSION && m.seed === seed && m.bytes === target;
  } catch {
    return false;
  }
}

/** Generate one file (in this thread) and write its sidecar. */
function build(file, format, bytes, seed) {
  const t0 = process.hrtime.bigint();
  const tmp = `${file}.tmp`;
  const st = generate({ file: tmp, format, target: bytes, seed });
  fs.renameSync(tmp, file);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const meta = { version: VERSION, seed, format, ...st, seconds: Number(secs.toFixed(3)), generatedAt: new Date().toISOString() };
  fs.writeFileSync(metaPath(file), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

function buildInWorker(file, format, bytes, seed) {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { pvelensBenchGenerate: { file, format, bytes, seed } } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`generator worker for ${format} exited with code ${code}`)); });
  });
}

/**
 * Make sure `<out>/<name>.<format>` exists with exactly `bytes` bytes for every format.
 * Stale files are regenerated, several formats in parallel worker threads.
 * Returns { short: path, json: path }.
 */
export async function ensureCorpus({ out, name, formats, bytes, seed, force, quiet, serial }) {
  fs.mkdirSync(out, { recursive: true });
  const result = {};
  const todo = [];
  for (const format of formats) {
    const file = path.join(out, `${name}.${format}`);
    result[format] = file;
    if (!force && isFresh(file, bytes, seed)) {
      if (!quiet) process.stderr.write(`${path.relative(process.cwd(), file)}: up to date (${bytes} bytes)\n`);
    } else todo.push([file, format]);
  }
  const report = (file, m) => {
    if (quiet) return;
    process.stderr.write(`${path.relative(process.cwd(), file)}: ${m.bytes} bytes, ${m.lines} lines, ${(100 * m.diagLines / m.lines).toFixed(1)} % diagnostic, generated in ${m.seconds.toFixed(1)} s (${(m.bytes / 2 ** 20 / m.seconds).toFixed(0)} MiB/s)\n`);
  };
  const t0 = process.hrtime.bigint();
  if (todo.length > 1 && !serial) {
    if (!quiet) process.stderr.write(`generating ${todo.map(([f]) => path.basename(f)).join(' and ')} (${bytes} bytes each) in parallel...\n`);
    const metas = await Promise.all(todo.map(([file, format]) => buildInWorker(file, format, bytes, seed)));
    todo.forEach(([file], i) => report(file, metas[i]));
  } else {
    for (const [file, format] of todo) report(file, build(file, format, bytes, seed));
  }
  if (todo.length && !quiet) process.stderr.write(`corpus ready in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s\n`);
  return result;
}

if (!isMainThread && workerData && workerData.pvelensBenchGenerate) {
  const { file, format, bytes, seed } = workerData.pvelensBenchGenerate;
  parentPort.postMessage(build(file, format, bytes, seed));
}

if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await ensureCorpus(parseArgs(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`bench/generate.mjs: ${e.message}\n`);
    process.exit(2);
  }
}
