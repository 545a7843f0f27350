#!/usr/bin/env node
// Deterministic generator for the sample logs in samples/.
//
//   node samples/generate.mjs            (re)writes every sample file
//
// Plain Node ESM, no dependencies, seeded PRNG: the same script always produces the same bytes.
// Wording follows /work/shared/reference/message-catalog.md (corosync 3.1.9, libknet 1.x,
// pve-cluster 8.x with numeric cs_error_t codes, pve-ha-manager 4.x wording, systemd 252).
//
// The story (cluster "prod", PVE 8, Europe/Berlin, night of 13/14 December 2025) is described
// in samples/cluster-fence/README.md. Keep that file in sync when changing the script.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/* ------------------------------------------------------------------------------------------
 * Deterministic randomness
 * ---------------------------------------------------------------------------------------- */

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Rng {
  constructor(seed) {
    const s = String(seed);
    this.a = fnv1a(`a:${s}`) | 0;
    this.b = fnv1a(`b:${s}`) | 0;
    this.c = fnv1a(`c:${s}`) | 0;
    this.d = fnv1a(`d:${s}`) | 0;
    for (let i = 0; i < 20; i++) this.u32();
  }
  u32() {
    // sfc32
    let { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return t >>> 0;
  }
  float() { return this.u32() / 4294967296; }
  int(lo, hi) { return lo + Math.floor(this.float() * (hi - lo + 1)); }
  pick(arr) { return arr[Math.floor(this.float() * arr.length)]; }
  chance(p) { return this.float() < p; }
  exp(mean) { return -Math.log(1 - this.float()) * mean; }
  hex(n) {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  b64(n) {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    for (let i = 0; i < n; i++) s += A[this.u32() & 63];
    return s;
  }
}

/** Deterministic hex string derived from a label (independent of call order). */
const hhex = (label, n) => new Rng(`hhex:${label}`).hex(n);

/* ------------------------------------------------------------------------------------------
 * Time (Europe/Berlin in December = CET = UTC+01:00, no DST change in the window)
 * All times are integer microseconds since the epoch.
 * ---------------------------------------------------------------------------------------- */

const OFFSET_MIN = 60;
const SEC = 1_000_000;
const MIN = 60 * SEC;
const MS = 1000;

function T(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - OFFSET_MIN * 60000;
  return ms * 1000 + (m[7] ? Number(m[7].padEnd(6, '0')) : 0);
}
/** Time on the night's second day (2025-12-14), local time. */
const D14 = (hms) => T(`2025-12-14T${hms}`);
const D13 = (hms) => T(`2025-12-13T${hms}`);

const pad = (n, w = 2) => String(n).padStart(w, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function civil(us) {
  return new Date(Math.floor(us / 1000) + OFFSET_MIN * 60000);
}
function isoLocal(us) {
  const d = civil(us);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const frac6 = (us) => pad(((us % SEC) + SEC) % SEC, 6);
const fmtShortIso = (us) => `${isoLocal(us)}+0100`; // journalctl 252 short-iso
const fmtRfc3339 = (us) => `${isoLocal(us)}.${frac6(us)}+01:00`; // rsyslog RSYSLOG_FileFormat
function fmtSyslogTs(us) {
  // glibc syslog(3) / Sys::Syslog header time ("%h %e %T"), as journald keeps it in SYSLOG_TIMESTAMP
  const d = civil(us);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} `;
}
function hhmm(us) {
  const d = civil(us);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}
const hex8 = (n) => n.toString(16).toUpperCase().padStart(8, '0');

/* ------------------------------------------------------------------------------------------
 * Constants of the story
 * ---------------------------------------------------------------------------------------- */

const START = D13('22:00:00');
const END = D14('06:00:00');
const CLUSTER = 'prod';
const DOMAIN = 'prod.example.lan';

// corosync MESSAGE= begins with two spaces before the bracketed tag. Published journalctl
// excerpts show "corosync[1789]:   [TOTEM ] ..." (three spaces after the colon) and the text
// modes print exactly one space after "ident[pid]:", so MESSAGE carries the other two. The same
// MESSAGE is used for every format so JSON and text agree.
const COROSYNC_LEAD = '  ';
const cs = (tag, text) => `${COROSYNC_LEAD}[${tag.padEnd(6).slice(0, 6)}] ${text}`;

const PRIO = { emerg: 0, alert: 1, crit: 2, error: 3, err: 3, warning: 4, notice: 5, info: 6, debug: 7 };

const CAP_ROOT = '1ffffffffff';

// SSH key fingerprints (stable per key)
const FP = {
  admin: new Rng('fp:admin').b64(43),
  backup: new Rng('fp:backup').b64(43),
  pve1root: new Rng('fp:pve1-root').b64(43),
};

/* ------------------------------------------------------------------------------------------
 * Hosts, boots, daemons
 * ---------------------------------------------------------------------------------------- */

class Boot {
  constructor(host, o) {
    this.host = host;
    this.id = o.id;
    this.kstart = o.kstart + host.skew; // kernel start, host-local time
    this.end = o.end === undefined ? Infinity : o.end + host.skew;
    this.pidBase = o.pidBase;
    this.pidRate = o.pidRate; // new PIDs per second
    this.pidT0 = o.pidT0 === undefined ? this.kstart : o.pidT0 + host.skew;
    this.usedPids = new Set();
    this.pids = o.pids;
    this.nextSession = o.firstSession;
    this.userMgrPid = null;
    this.rng = new Rng(`boot:${o.id}`);
    this.d = makeDaemons(host, this);
  }
  contains(t) { return t >= this.kstart && t < this.end; }
  /** A fresh PID for a process started at true time t; grows with time like a real pid counter. */
  newPid(tTrue) {
    const t = tTrue + this.host.skew;
    let p = this.pidBase + Math.floor(((t - this.pidT0) / SEC) * this.pidRate) + this.rng.int(0, 12);
    while (this.usedPids.has(p)) p++;
    this.usedPids.add(p);
    return p;
  }
  /** PID of a process forked right after parentPid. */
  childPid(parentPid) {
    let p = parentPid + 1;
    while (this.usedPids.has(p)) p++;
    this.usedPids.add(p);
    return p;
  }
  /** Clock ticks (USER_HZ=100) since boot, the UPID "pstart" field. */
  ticks(tTrue) { return Math.floor((tTrue + this.host.skew - this.kstart) / 10000); }
}

class Host {
  constructor(name, o) {
    Object.assign(this, o);
    this.name = name;
    this.events = [];
    this.boots = [];
    this.n = 0;
    this.rng = new Rng(`host:${name}`);
  }
  addBoot(o) {
    const b = new Boot(this, o);
    this.boots.push(b);
    return b;
  }
  bootAtTrue(tTrue) {
    const t = tTrue + this.skew;
    return this.boots.find((b) => b.contains(t)) || null;
  }
  /**
   * Log one line. tTrue is true (reference) time; the host's clock skew is applied here.
   * d is a daemon/process description (see makeDaemons). Lines that fall into a time where the
   * host was down are dropped: a crashed node simply stops logging.
   */
  add(tTrue, d, msg, o = {}) {
    const t = Math.round(tTrue + this.skew);
    const boot = this.boots.find((b) => b.contains(t));
    if (!boot) return false;
    if (d.boot && d.boot !== boot) return false; // process belongs to another boot
    const prio = o.prio ?? d.prio ?? 6;
    const fac = o.fac ?? d.fac ?? 3;
    this.events.push({ t, boot, d, msg, prio, fac, extra: o.extra || null, n: this.n++ });
    return true;
  }
  sorted() {
    return this.events.slice().sort((a, b) => a.t - b.t || a.n - b.n);
  }
}

/** Process descriptions for one boot of one host. Everything the renderers need. */
function makeDaemons(h, B) {
  const p = B.pids;
  const sys = (unit) => ({ unit, slice: 'system.slice', cgroup: `/system.slice/${unit}` });
  const base = (ident, pid, comm, exe, cmdline, unit, extra = {}) => ({
    boot: B,
    ident, pid, comm, exe, cmdline,
    transport: 'syslog', fac: 3, uid: 0, gid: 0, cap: CAP_ROOT,
    ...sys(unit),
    ...extra,
  });
  const perl = (ident, pid, cmdline, unit, extra = {}) =>
    base(ident, pid, cmdline.slice(0, 15), '/usr/bin/perl', cmdline, unit, extra);
  return {
    kernel: { boot: B, ident: 'kernel', transport: 'kernel', fac: 0 },
    systemd: base('systemd', 1, 'systemd', '/usr/lib/systemd/systemd', '/sbin/init', 'init.scope', {
      transport: 'journal', slice: '-.slice', cgroup: '/init.scope',
    }),
    journald: base('systemd-journald', p.journald, 'systemd-journal', '/usr/lib/systemd/systemd-journald',
      '/lib/systemd/systemd-journald', 'systemd-journald.service', { transport: 'driver', cap: '25402800cf' }),
    logind: base('systemd-logind', p.logind, 'systemd-logind', '/usr/lib/systemd/systemd-logind',
      '/lib/systemd/systemd-logind', 'systemd-logind.service', { transport: 'journal', fac: 4, cap: '24420204402' }),
    corosync: base('corosync', p.corosync, 'corosync', '/usr/sbin/corosync', '/usr/sbin/corosync -f', 'corosync.service'),
    pmxcfs: base('pmxcfs', p.pmxcfs, 'pmxcfs', '/usr/bin/pmxcfs', '/usr/bin/pmxcfs', 'pve-cluster.service'),
    pvedaemon: perl('pvedaemon', p.pvedaemon, 'pvedaemon', 'pvedaemon.service'),
    pveproxy: perl('pveproxy', p.pveproxy, 'pveproxy', 'pveproxy.service', { uid: 33, gid: 33, cap: '0' }),
    spiceproxy: perl('spiceproxy', p.spiceproxy, 'spiceproxy', 'spiceproxy.service', { uid: 33, gid: 33, cap: '0' }),
    pvestatd: perl('pvestatd', p.pvestatd, 'pvestatd', 'pvestatd.service'),
    pvescheduler: perl('pvescheduler', p.pvescheduler, 'pvescheduler', 'pvescheduler.service'),
    pvefw: perl('pve-firewall', p.pvefw, 'pve-firewall', 'pve-firewall.service'),
    lrm: perl('pve-ha-lrm', p.lrm, 'pve-ha-lrm', 'pve-ha-lrm.service'),
    crm: perl('pve-ha-crm', p.crm, 'pve-ha-crm', 'pve-ha-crm.service'),
    wdmux: base('watchdog-mux', p.wdmux, 'watchdog-mux', '/usr/sbin/watchdog-mux', '/usr/sbin/watchdog-mux',
      'watchdog-mux.service', { transport: 'stdout', prio: 6 }),
    qmeventd: base('qmeventd', p.qmeventd, 'qmeventd', '/usr/sbin/qmeventd', '/usr/sbin/qmeventd /var/run/qmeventd.sock',
      'qmeventd.service', { transport: 'stdout' }),
    cron: base('CRON', p.cron, 'cron', '/usr/sbin/cron', '/usr/sbin/cron -f', 'cron.service', { fac: 9 }),
    sshd: base('sshd', p.sshd, 'sshd', '/usr/sbin/sshd', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
      'ssh.service', { fac: 4 }),
    chronyd: base('chronyd', p.chronyd, 'chronyd', '/usr/sbin/chronyd', '/usr/sbin/chronyd -F 1', 'chrony.service',
      { uid: 100, gid: 107, cap: '2000400' }),
    smartd: base('smartd', p.smartd, 'smartd', '/usr/sbin/smartd', '/usr/sbin/smartd -n', 'smartmontools.service'),
    zedLogger: (pid) => base('zed', pid, 'logger', '/usr/bin/logger', 'logger -p daemon.notice -t zed', 'zfs-zed.service',
      { noSyslogPid: true }),
    qmgr: base('postfix/qmgr', p.qmgr, 'qmgr', '/usr/lib/postfix/sbin/qmgr', 'qmgr -l -t unix -u', 'postfix@-.service',
      { fac: 2, uid: 107, gid: 114, cap: '0' }),
    pickup: base('postfix/pickup', p.pickup, 'pickup', '/usr/lib/postfix/sbin/pickup', 'pickup -l -t unix -u -c',
      'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
    postfix: (prog, pid) => base(`postfix/${prog}`, pid, prog, `/usr/lib/postfix/sbin/${prog}`, `${prog} -t unix -u -c`,
      'postfix@-.service', { fac: 2, uid: 107, gid: 114, cap: '0' }),
  };
}

/** A child process of daemon d (same identifier, own PID, optional process title). */
function child(d, pid, cmdline) {
  const c = { ...d, pid };
  if (cmdline) {
    c.cmdline = cmdline;
    c.comm = cmdline.slice(0, 15);
  }
  return c;
}
/** A task worker: PVE sets the process title to "task <UPID>". */
const taskWorker = (d, pid, upid) => child(d, pid, `task ${upid}`);

function upid(h, B, pid, tTrue, type, id, user = 'root@pam') {
  const tLocal = tTrue + h.skew;
  return `UPID:${h.name}:${hex8(pid)}:${hex8(B.ticks(tTrue))}:${hex8(Math.floor(tLocal / SEC))}:${type}:${id}:${user}:`;
}

/* ---- systemd (PID 1) journald fields, for the JSON rendering ---- */
const SD_IDS = {
  starting: ['7d4958e842da4a758f6c1cdc7b36dcc5', 'src/core/job.c', 'job_emit_start_message', 581],
  started: ['39f53479d3a045ac8e11786248231fbf', 'src/core/job.c', 'job_emit_done_message', 768],
  success: ['7ad2d189f7e94e70a38c781354912448', 'src/core/unit.c', 'unit_log_success', 5553],
  resources: ['ae8f7b866b0347b9af31fe1c80b127c0', 'src/core/unit.c', 'unit_log_resources', 2426],
  stopping: ['de5b426a63be47a7b6ac3eaac82e2f6f', 'src/core/job.c', 'job_emit_start_message', 581],
  stopped: ['9d1aaa27d60140bd96365438aad20286', 'src/core/job.c', 'job_emit_done_message', 768],
};
function sdx(B, unit, kind) {
  const [id, file, func, line] = SD_IDS[kind];
  const x = { MESSAGE_ID: id, UNIT: unit, CODE_FILE: file, CODE_FUNC: func, CODE_LINE: String(line) };
  x.INVOCATION_ID = hhex(`${B.id}:${unit}`, 32);
  if (kind === 'starting' || kind === 'started') { x.JOB_TYPE = 'start'; }
  if (kind === 'stopping' || kind === 'stopped') { x.JOB_TYPE = 'stop'; }
  if (kind === 'started' || kind === 'stopped') x.JOB_RESULT = 'done';
  return x;
}

/** systemd running a oneshot/simple service to completion. body(t) may log in between. */
function serviceRun(h, B, t, unit, desc, durUs, cpu, body) {
  const S = B.d.systemd;
  h.add(t, S, `Starting ${unit} - ${desc}...`, { extra: sdx(B, unit, 'starting') });
  if (body) body(t + 20 * MS);
  const te = t + durUs;
  h.add(te, S, `${unit}: Deactivated successfully.`, { extra: sdx(B, unit, 'success') });
  h.add(te + 400, S, `Finished ${unit} - ${desc}.`, { extra: sdx(B, unit, 'started') });
  if (cpu) h.add(te + 700, S, `${unit}: Consumed ${cpu} CPU time.`, { extra: sdx(B, unit, 'resources') });
}

/* ------------------------------------------------------------------------------------------
 * Cluster-wide helpers
 * ---------------------------------------------------------------------------------------- */

const hosts = {};
const cluster = {
  // pmxcfs partitions over (true) time: pve3 is cut off from 03:10:16.94 until it rejoins.
  isolated3From: D14('03:10:16.940'),
  isolated3To: D14('03:14:18.640'),
  sameCfs(a, b, t) {
    if (a === b) return true;
    if (a !== 'pve3' && b !== 'pve3') return true;
    return !(t >= this.isolated3From && t < this.isolated3To);
  },
  /** Every log_cluster_msg (task start/end, auth) is merged into the cluster log on the other nodes. */
  clusterLog(origin, tTrue) {
    for (const name of Object.keys(hosts)) {
      if (name === origin) continue;
      if (!this.sameCfs(origin, name, tTrue)) continue;
      const h = hosts[name];
      const B = h.bootAtTrue(tTrue);
      if (!B) continue;
      h.add(tTrue + h.rng.int(3 * MS, 38 * MS), B.d.pmxcfs, '[status] notice: received log', { prio: 5 });
    }
  },
};

/** Task bookkeeping as written by PVE::RESTEnvironment (starting/end task). */
function task(h, B, parent, tStart, tEnd, type, id, opts = {}) {
  const wpid = opts.workerPid ?? B.newPid(tStart);
  const u = upid(h, B, wpid, tStart, type, id, opts.user);
  h.add(tStart, parent, `<${opts.user || 'root@pam'}> starting task ${u}`);
  cluster.clusterLog(h.name, tStart);
  const w = taskWorker(parent, wpid, u);
  if (opts.body) opts.body(w, u);
  const status = opts.status || 'OK';
  h.add(tEnd, parent, `<${opts.user || 'root@pam'}> end task ${u} ${status}`, { prio: status === 'OK' ? 6 : 3 });
  cluster.clusterLog(h.name, tEnd);
  return u;
}

/** A mail handed to postfix and relayed to the admin mailbox. */
function mail(h, B, t, size) {
  const r = h.rng;
  const D = B.d;
  const qid = r.hex(10).toUpperCase();
  const cleanup = B.newPid(t);
  const smtp = cleanup + r.int(1, 4);
  const msgId = `${isoLocal(t).replace(/[-T:]/g, '')}.${qid}@${h.name}.${DOMAIN}`;
  h.add(t, D.pickup, `${qid}: uid=0 from=<root>`, { fac: 2 });
  h.add(t + 3 * MS, D.postfix('cleanup', cleanup), `${qid}: message-id=<${msgId}>`, { fac: 2 });
  h.add(t + 6 * MS, D.qmgr, `${qid}: from=<root@${h.name}.${DOMAIN}>, size=${size}, nrcpt=1 (queue active)`, { fac: 2 });
  const d1 = r.int(2, 9) / 100, d2 = r.int(1, 3) / 100, d3 = r.int(5, 30) / 100, d4 = r.int(4, 20) / 100;
  const total = (d1 + d2 + d3 + d4).toFixed(2);
  const tSent = t + Math.round(Number(total) * SEC);
  h.add(tSent, D.postfix('smtp', smtp),
    `${qid}: to=<ops@example.com>, relay=smtp.${DOMAIN}[10.10.10.25]:25, delay=${total}, delays=${d1.toFixed(2)}/${d2.toFixed(2)}/${d3.toFixed(2)}/${d4.toFixed(2)}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4d${r.b64(10).replace(/[+/]/g, 'x')})`,
    { fac: 2 });
  h.add(tSent + 2 * MS, D.qmgr, `${qid}: removed`, { fac: 2 });
}

/** An SSH login as root, including the user manager coming and going. */
function sshSession(h, B, t0, t1, fromIp, keyType, fp, opts = {}) {
  const r = h.rng;
  const D = B.d;
  const S = D.systemd;
  const pid = B.newPid(t0);
  const port = r.int(32768, 60999);
  const sid = B.nextSession++;
  const priv = child(D.sshd, pid, 'sshd: root [priv]');
  h.add(t0, priv, `Accepted publickey for root from ${fromIp} port ${port} ssh2: ${keyType} SHA256:${fp}`, { fac: 4 });
  h.add(t0 + 11 * MS, priv, 'pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)', { fac: 10 });
  h.add(t0 + 14 * MS, D.logind, `New session ${sid} of user root.`, {
    fac: 4,
    extra: { MESSAGE_ID: '8d45620c1a4348dbb17410da57c60c66', SESSION_ID: String(sid), USER_ID: 'root', LEADER: String(pid),
      CODE_FILE: 'src/login/logind-session.c', CODE_FUNC: 'session_start', CODE_LINE: '791' },
  });
  let tu = t0 + 16 * MS;
  const userMgr = B.userMgrPid === null;
  if (userMgr) {
    B.userMgrPid = B.newPid(tu);
    h.add(tu, S, 'Created slice user-0.slice - User Slice of UID 0.', { extra: sdx(B, 'user-0.slice', 'started') });
    h.add(tu + 1 * MS, S, 'Starting user-runtime-dir@0.service - User Runtime Directory /run/user/0...', { extra: sdx(B, 'user-runtime-dir@0.service', 'starting') });
    h.add(tu + 9 * MS, S, 'Finished user-runtime-dir@0.service - User Runtime Directory /run/user/0.', { extra: sdx(B, 'user-runtime-dir@0.service', 'started') });
    h.add(tu + 11 * MS, S, 'Starting user@0.service - User Manager for UID 0...', { extra: sdx(B, 'user@0.service', 'starting') });
    const um = { ...S, pid: B.userMgrPid, cmdline: '/lib/systemd/systemd --user', unit: 'user@0.service',
      slice: 'user-0.slice', cgroup: '/user.slice/user-0.slice/user@0.service/init.scope' };
    h.add(tu + 60 * MS, um, 'Queued start job for default target default.target.');
    h.add(tu + 71 * MS, um, 'Reached target default.target - Main User Target.');
    h.add(tu + 72 * MS, um, `Startup finished in ${r.int(80, 140)}ms.`);
    h.add(tu + 74 * MS, S, 'Started user@0.service - User Manager for UID 0.', { extra: sdx(B, 'user@0.service', 'started') });
    tu += 75 * MS;
  }
  h.add(tu + 1 * MS, S, `Started session-${sid}.scope - Session ${sid} of User root.`, { extra: sdx(B, `session-${sid}.scope`, 'started') });
  if (opts.body) opts.body({ sid, pid });
  const scoped = { ...priv, unit: `session-${sid}.scope`, slice: 'user-0.slice',
    cgroup: `/user.slice/user-0.slice/session-${sid}.scope` };
  h.add(t1, scoped, `Received disconnect from ${fromIp} port ${port}:11: disconnected by user`, { fac: 4 });
  h.add(t1 + 200, scoped, `Disconnected from user root ${fromIp} port ${port}`, { fac: 4 });
  h.add(t1 + 2 * MS, scoped, 'pam_unix(sshd:session): session closed for user root', { fac: 10 });
  h.add(t1 + 5 * MS, S, `session-${sid}.scope: Deactivated successfully.`, { extra: sdx(B, `session-${sid}.scope`, 'success') });
  h.add(t1 + 6 * MS, D.logind, `Session ${sid} logged out. Waiting for processes to exit.`, { fac: 4 });
  h.add(t1 + 9 * MS, D.logind, `Removed session ${sid}.`, { fac: 4, extra: { MESSAGE_ID: '3354939424b4456d9802ca8333ed424a', SESSION_ID: String(sid), USER_ID: 'root' } });
  if (!opts.keepUserMgr) {
    const ts = t1 + 10 * SEC + r.int(5, 60) * MS;
    h.add(ts, S, 'Stopping user@0.service - User Manager for UID 0...', { extra: sdx(B, 'user@0.service', 'stopping') });
    h.add(ts + 40 * MS, S, 'user@0.service: Deactivated successfully.', { extra: sdx(B, 'user@0.service', 'success') });
    h.add(ts + 41 * MS, S, 'Stopped user@0.service - User Manager for UID 0.', { extra: sdx(B, 'user@0.service', 'stopped') });
    h.add(ts + 44 * MS, S, 'Stopping user-runtime-dir@0.service - User Runtime Directory /run/user/0...', { extra: sdx(B, 'user-runtime-dir@0.service', 'stopping') });
    h.add(ts + 52 * MS, S, 'user-runtime-dir@0.service: Deactivated successfully.', { extra: sdx(B, 'user-runtime-dir@0.service', 'success') });
    h.add(ts + 53 * MS, S, 'Stopped user-runtime-dir@0.service - User Runtime Directory /run/user/0.', { extra: sdx(B, 'user-runtime-dir@0.service', 'stopped') });
    h.add(ts + 55 * MS, S, 'Removed slice user-0.slice - User Slice of UID 0.', { extra: sdx(B, 'user-0.slice', 'stopped') });
    B.userMgrPid = null;
  }
}

/* ------------------------------------------------------------------------------------------
 * Background noise (per boot segment)
 * ---------------------------------------------------------------------------------------- */

/** pveproxy/pvedaemon/spiceproxy worker recycling. Returns the worker-pid history. */
function workerChurn(h, B, master, workerTitle, initial, from, to, meanS) {
  const r = h.rng;
  const list = initial.slice();
  const history = [{ t: -Infinity, list: list.slice() }];
  let t = from + r.exp(meanS * SEC);
  while (t < to) {
    const i = r.int(0, list.length - 1);
    const old = list[i];
    h.add(t, child(master, old, workerTitle), 'worker exit');
    const t2 = t + r.int(900, 3500);
    h.add(t2, master, `worker ${old} finished`);
    h.add(t2 + r.int(300, 1500), master, 'starting 1 worker(s)');
    const np = B.newPid(t2 + 2 * MS);
    h.add(t2 + r.int(1600, 4000), master, `worker ${np} started`);
    list[i] = np;
    history.push({ t: t2 + 5 * MS, list: list.slice() });
    t += r.exp(meanS * SEC);
  }
  return (tq) => {
    let cur = history[0].list;
    for (const e of history) if (e.t <= tq) cur = e.list; else break;
    return cur;
  };
}

function cronSession(h, B, t, cmd, body) {
  const r = h.rng;
  const D = B.d;
  const pid = B.newPid(t);
  h.add(t, child(D.cron, pid), 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', { fac: 10 });
  h.add(t + r.int(600, 2500), child(D.cron, pid + 1), `(root) CMD (${cmd})`, { fac: 9 });
  const dur = body ? body(t + 30 * MS, pid + 2) : r.int(40, 400) * MS;
  h.add(t + dur + r.int(2, 20) * MS, child(D.cron, pid), 'pam_unix(cron:session): session closed for user root', { fac: 10 });
}

function zfsAutoSnap(h, B, t, pid, label, datasets) {
  const d = { ...B.d.cron, ident: 'zfs-auto-snap', pid, comm: 'logger', exe: '/usr/bin/logger',
    cmdline: 'logger -t zfs-auto-snap -p daemon.notice', fac: 3, noSyslogPid: true };
  const dur = h.rng.int(700, 2600) * MS;
  h.add(t + dur, d, `@zfs-auto-snap_${label}-${hhmm(t + h.skew)}, ${datasets} created, ${datasets} destroyed, 0 warnings.`, { prio: 5 });
  return dur + 40 * MS;
}

const SNAP_CMD_FREQ = 'which zfs-auto-snapshot > /dev/null || exit 0 ; zfs-auto-snapshot --quiet --syslog --label=frequent --keep=4 //';
const CRON_HOURLY = 'cd / && run-parts --report /etc/cron.hourly';
const ZFS_SCRUB_CMD = 'if [ $(date +\\%w) -eq 0 ] && [ -x /usr/lib/zfs-linux/scrub ]; then /usr/lib/zfs-linux/scrub; fi';

function noise(h, B, from, to, cfg) {
  const r = h.rng;
  const D = B.d;
  if (to <= from) return;

  // Worker recycling: pveproxy workers are recycled after a number of requests, so the API
  // poller keeps them churning all night. pvedaemon less so.
  workerChurn(h, B, D.pveproxy, 'pveproxy worker', B.proxyWorkers, from, to, cfg.proxyMeanS);
  const daemonWorkersAt = workerChurn(h, B, D.pvedaemon, 'pvedaemon worker', B.daemonWorkers, from, to, cfg.daemonMeanS);
  B.daemonWorkersAt = daemonWorkersAt;
  if (cfg.spiceChurn) workerChurn(h, B, D.spiceproxy, 'spiceproxy worker', B.spiceWorkers, from, to, 4 * 3600);

  // The metrics exporter logs in every two minutes (ticket auth is logged via the cluster log).
  for (let t = from + r.int(5, 110) * SEC; t < to; t += 120 * SEC + r.int(-1500, 1500) * MS) {
    const w = r.pick(daemonWorkersAt(t));
    h.add(t, child(D.pvedaemon, w, 'pvedaemon worker'), "<root@pam> successful auth for user 'prometheus@pve'");
    cluster.clusterLog(h.name, t);
  }

  // cron: zfs-auto-snapshot every 15 minutes, hourly run-parts (with the hourly snapshot)
  const firstQuarter = Math.ceil((from - START) / (15 * MIN)) * 15 * MIN + START;
  for (let q = firstQuarter; q < to; q += 15 * MIN) {
    const t = q + r.int(300, 900) * MS;
    if (t < from) continue;
    cronSession(h, B, t, SNAP_CMD_FREQ, (tb, pid) => zfsAutoSnap(h, B, tb, pid, 'frequent', cfg.datasets));
  }
  const firstHour = Math.ceil((from - START - 17 * MIN) / (60 * MIN)) * 60 * MIN + START + 17 * MIN;
  for (let hr = firstHour; hr < to; hr += 60 * MIN) {
    const t = hr + r.int(300, 900) * MS;
    if (t < from) continue;
    cronSession(h, B, t, CRON_HOURLY, (tb, pid) => zfsAutoSnap(h, B, tb, pid + 3, 'hourly', cfg.datasets));
  }

  // smartd temperature attribute changes, checked every 30 minutes
  for (let t = B.smartPhase; t < to; t += 30 * MIN) {
    if (t < from) continue;
    for (const [dev, kind] of cfg.disks) {
      if (!r.chance(0.3)) continue;
      const cur = (B.temps[dev] ??= r.int(29, 34));
      const nxt = cur + (r.chance(0.5) ? 1 : -1);
      B.temps[dev] = nxt;
      h.add(t + r.int(1, 900) * MS, D.smartd,
        `Device: ${dev} [${kind}], SMART Usage Attribute: 194 Temperature_Celsius changed from ${cur + 36} to ${nxt + 36}`);
    }
  }

  // chrony reselecting/replacing pool sources once in a while
  const pool = ['162.159.200.1', '162.159.200.123', '185.232.69.65', '94.130.49.186', '78.46.102.180', '213.209.109.44', '5.9.121.16'];
  for (let t = from + r.exp(150 * MIN); t < to; t += r.exp(150 * MIN)) {
    if (r.chance(0.5)) {
      const a = r.pick(pool); let b = r.pick(pool); if (b === a) b = pool[(pool.indexOf(a) + 1) % pool.length];
      h.add(t, D.chronyd, `Source ${a} replaced with ${b} (2.debian.pool.ntp.org)`);
    } else {
      h.add(t, D.chronyd, `Selected source ${r.pick(pool)} (2.debian.pool.ntp.org)`);
    }
  }
}

/* ------------------------------------------------------------------------------------------
 * Build the three hosts
 * ---------------------------------------------------------------------------------------- */

function defineHosts() {
  // Clock skew against true time (chrony keeps them close; all well under 1 s).
  hosts.pve1 = new Host('pve1', { nodeid: 1, mgmtIp: '10.10.10.11', ringIp: '10.10.20.11', skew: 0,
    machineId: hhex('machine:pve1', 32), seqnumId: hhex('seqnum:pve1', 32), seqStart: 0x3a91f2 });
  hosts.pve2 = new Host('pve2', { nodeid: 2, mgmtIp: '10.10.10.12', ringIp: '10.10.20.12', skew: 213_417,
    machineId: hhex('machine:pve2', 32), seqnumId: hhex('seqnum:pve2', 32), seqStart: 0x35c0d1 });
  hosts.pve3 = new Host('pve3', { nodeid: 3, mgmtIp: '10.10.10.13', ringIp: '10.10.20.13', skew: -347_208,
    machineId: hhex('machine:pve3', 32), seqnumId: hhex('seqnum:pve3', 32), seqStart: 0x33e87a });

  const common = (o) => ({ journald: 412, udevd: 437, logind: 812, wdmux: 858, qmeventd: 861, smartd: 866, chronyd: 871,
    cron: 905, sshd: 1012, qmgr: 1305, ...o });

  const mk = (h, o) => {
    const B = h.addBoot(o);
    B.proxyWorkers = o.proxyWorkers;
    B.daemonWorkers = o.daemonWorkers;
    B.spiceWorkers = o.spiceWorkers;
    B.smartPhase = o.smartPhase;
    B.temps = {};
    return B;
  };

  // pve1: up since 28 Nov, CRM master
  mk(hosts.pve1, { id: hhex('boot:pve1:a', 32), kstart: T('2025-11-28T09:14:03.118'), pidBase: 1_745_000, pidRate: 1.31,
    pidT0: T('2025-12-13T12:00:00'), firstSession: 431,
    pids: common({ pmxcfs: 1234, corosync: 1389, pvefw: 1402, pvestatd: 1405, pvedaemon: 1468, crm: 1482, pveproxy: 1491,
      spiceproxy: 1498, lrm: 1507, pvescheduler: 1519, pickup: 1_731_622 }),
    proxyWorkers: [1_741_118, 1_742_960, 1_744_207], daemonWorkers: [1_603_391, 1_655_804, 1_712_530], spiceWorkers: [1_201_377],
    smartPhase: D13('21:44:07.3') });
  // pve2
  mk(hosts.pve2, { id: hhex('boot:pve2:a', 32), kstart: T('2025-11-28T09:31:47.902'), pidBase: 1_688_000, pidRate: 1.27,
    pidT0: T('2025-12-13T12:00:00'), firstSession: 397,
    pids: common({ journald: 409, logind: 809, pmxcfs: 1301, corosync: 1422, pvefw: 1436, pvestatd: 1440, pvedaemon: 1489,
      crm: 1503, pveproxy: 1512, spiceproxy: 1519, lrm: 1526, pvescheduler: 1538, pickup: 1_679_044 }),
    proxyWorkers: [1_683_530, 1_685_411, 1_686_902], daemonWorkers: [1_498_220, 1_577_613, 1_640_095], spiceWorkers: [1_004_268],
    smartPhase: D13('21:51:33.8') });
  // pve3 first boot (ends with the watchdog reset at 03:11:24.2)
  mk(hosts.pve3, { id: hhex('boot:pve3:a', 32), kstart: T('2025-11-28T09:48:12.440'), end: D14('03:11:24.200'),
    pidBase: 1_602_000, pidRate: 1.24, pidT0: T('2025-12-13T12:00:00'), firstSession: 402,
    pids: common({ journald: 415, logind: 815, pmxcfs: 1288, corosync: 1407, pvefw: 1419, pvestatd: 1423, pvedaemon: 1471,
      crm: 1486, pveproxy: 1494, spiceproxy: 1502, lrm: 1511, pvescheduler: 1523, pickup: 1_598_310 }),
    proxyWorkers: [1_597_004, 1_599_380, 1_600_921], daemonWorkers: [1_455_012, 1_530_998, 1_588_471], spiceWorkers: [990_337],
    smartPhase: D13('21:58:02.1') });
  // pve3 second boot: firmware restarts the machine after the reset, kernel starts ~2.5 min later
  mk(hosts.pve3, { id: hhex('boot:pve3:b', 32), kstart: D14('03:13:51.870'), pidBase: 2610, pidRate: 0.95,
    pidT0: D14('03:15:10'), firstSession: 1,
    pids: common({ journald: 398, udevd: 431, logind: 803, wdmux: 846, qmeventd: 850, smartd: 855, chronyd: 861, cron: 889,
      sshd: 1003, qmgr: 1297, pmxcfs: 1276, corosync: 1391, pvefw: 1421, pvestatd: 1430, pvedaemon: 1480, crm: 1489,
      pveproxy: 1497, spiceproxy: 1503, lrm: 1508, pvescheduler: 1530, pickup: 1295 }),
    proxyWorkers: [1498, 1499, 1500], daemonWorkers: [1481, 1482, 1483], spiceWorkers: [1504],
    smartPhase: D14('03:44:20.6') });
}

const HOSTCFG = {
  pve1: { proxyMeanS: 260, daemonMeanS: 2400, spiceChurn: true, datasets: 7,
    disks: [['/dev/sda', 'SAT'], ['/dev/sdb', 'SAT']] },
  pve2: { proxyMeanS: 300, daemonMeanS: 2600, spiceChurn: false, datasets: 8,
    disks: [['/dev/sda', 'SAT'], ['/dev/sdb', 'SAT']] },
  pve3: { proxyMeanS: 300, daemonMeanS: 2600, spiceChurn: false, datasets: 6,
    disks: [['/dev/sda', 'SAT'], ['/dev/sdb', 'SAT']] },
};

/* ------------------------------------------------------------------------------------------
 * Scheduled, node-specific background events (all before or after the incident)
 * ---------------------------------------------------------------------------------------- */

function scheduledEvents() {
  const { pve1, pve2, pve3 } = hosts;
  const p1 = pve1.boots[0], p2 = pve2.boots[0], p3a = pve3.boots[0], p3b = pve3.boots[1];

  // --- daily systemd timers around midnight, on every node
  for (const [h, B, jitter] of [[pve1, p1, 0], [pve2, p2, 411], [pve3, p3a, 977]]) {
    serviceRun(h, B, D14('00:00:00.312') + jitter * MS, 'logrotate.service', 'Rotate log files', 231 * MS, '219ms');
    serviceRun(h, B, D14('00:00:00.318') + jitter * MS, 'dpkg-db-backup.service', 'Daily dpkg database backup service', 96 * MS, null);
  }
  serviceRun(pve1, p1, D13('23:19:42.007'), 'man-db.service', 'Daily man-db regeneration', 1210 * MS, '1.127s');
  serviceRun(pve2, p2, D14('00:47:13.550'), 'man-db.service', 'Daily man-db regeneration', 1314 * MS, '1.203s');
  serviceRun(pve3, p3a, D14('02:05:51.902'), 'man-db.service', 'Daily man-db regeneration', 1188 * MS, '1.098s');
  serviceRun(pve1, p1, D14('04:36:10.433'), 'apt-daily.service', 'Daily apt download activities', 4810 * MS, '2.388s');
  serviceRun(pve2, p2, D13('23:02:55.218'), 'apt-daily.service', 'Daily apt download activities', 5207 * MS, '2.501s');
  serviceRun(pve3, p3b, D14('05:12:37.640'), 'apt-daily.service', 'Daily apt download activities', 4402 * MS, '2.196s');
  serviceRun(pve1, p1, D13('22:31:08.871'), 'systemd-tmpfiles-clean.service', 'Cleanup of Temporary Directories', 38 * MS, null);
  serviceRun(pve2, p2, D13('22:48:51.023'), 'systemd-tmpfiles-clean.service', 'Cleanup of Temporary Directories', 41 * MS, null);
  serviceRun(pve3, p3a, D13('23:05:17.290'), 'systemd-tmpfiles-clean.service', 'Cleanup of Temporary Directories', 35 * MS, null);
  // e2scrub_all.timer fires Sundays at 03:10 on every node: unrelated to the incident, but it
  // lands right on top of it (a realistic red herring).
  for (const [h, B] of [[pve1, p1], [pve2, p2], [pve3, p3a]]) {
    serviceRun(h, B, D14('03:10:00.071'), 'e2scrub_all.service', 'Online ext4 Metadata Check for All Filesystems', 62 * MS, null);
  }
  // pve-daily-update (OnCalendar 01:00 + RandomizedDelaySec 5h): task with UPID
  const daily = (h, B, t) => {
    serviceRun(h, B, t, 'pve-daily-update.service', 'Daily PVE download activities', 7140 * MS, '5.104s', (tb) => {
      const pid = B.newPid(tb);
      const d = { ...B.d.pvedaemon, ident: 'pveupdate', pid, comm: 'pveupdate', cmdline: '/usr/bin/perl /usr/bin/pveupdate',
        unit: 'pve-daily-update.service', cgroup: '/system.slice/pve-daily-update.service' };
      task(h, B, d, tb + 870 * MS, tb + 6620 * MS, 'aptupdate', '', { workerPid: B.childPid(pid) });
    });
  };
  daily(pve1, p1, D14('01:47:22.614'));
  daily(pve2, p2, D14('04:12:05.338'));
  daily(pve3, p3a, D14('02:33:48.019'));

  // --- ZFS scrub, second Sunday of the month (cron.d/zfsutils-linux, 00:24)
  const scrub = [[pve1, p1, 41, 57], [pve2, p2, 44, 63], [pve3, p3a, 39, 51]];
  for (const [h, B, eid, mins] of scrub) {
    const t = D14('00:24:01.105') + h.rng.int(0, 400) * MS;
    cronSession(h, B, t, ZFS_SCRUB_CMD, (tb) => {
      const lp = B.newPid(tb + 200 * MS);
      h.add(tb + 240 * MS, B.d.zedLogger(lp), `eid=${eid} class=scrub_start pool='rpool'`, { prio: 5 });
      return 310 * MS;
    });
    const te = t + mins * MIN + h.rng.int(0, 59) * SEC;
    h.add(te, B.d.zedLogger(B.newPid(te)), `eid=${eid + 1} class=scrub_finish pool='rpool'`, { prio: 5 });
  }

  // --- nightly backup job (pvescheduler, 01:00) on every node, mail at the end
  const backup = (h, B, t0, vms) => {
    const D = B.d;
    const jobPid = B.newPid(t0);
    const job = child(D.pvescheduler, jobPid, 'pvescheduler');
    let t = t0 + 1450 * MS;
    const per = vms.map((vmid) => {
      const mins = h.rng.int(2, 6), secs = h.rng.int(3, 58);
      const s = t; t += (mins * 60 + secs) * SEC + h.rng.int(200, 900) * MS;
      return { vmid, s, e: t, dur: `00:${pad(mins)}:${pad(secs)}` };
    });
    const tEnd = t + 340 * MS;
    task(h, B, job, t0 + 16 * MS, tEnd, 'vzdump', '', {
      workerPid: B.childPid(jobPid),
      body: (w) => {
        h.add(t0 + 1200 * MS, w, "INFO: starting new backup job: vzdump --all 1 --compress zstd --mailnotification always --mode snapshot --notes-template '{{guestname}}' --quiet 1 --storage backup-nfs");
        for (const v of per) {
          h.add(v.s, w, `INFO: Starting Backup of VM ${v.vmid} (qemu)`);
          h.add(v.e, w, `INFO: Finished Backup of VM ${v.vmid} (${v.dur})`);
        }
        h.add(tEnd - 120 * MS, w, 'INFO: Backup job finished successfully');
      },
    });
    mail(h, B, tEnd + 210 * MS, h.rng.int(4900, 9800));
    return per;
  };
  backup(pve1, p1, D14('01:00:00.488'), [100, 101]);
  const b2 = backup(pve2, p2, D14('01:00:00.502'), [103, 104, 105]);
  backup(pve3, p3a, D14('01:00:00.473'), [102]);
  // pve2 is busy during its backup: the status daemon gets slow and one QMP query times out
  const v104 = b2.find((v) => v.vmid === 104);
  pve2.add(v104.s + 41 * SEC + 611 * MS, p2.d.pvestatd,
    "VM 104 qmp command failed - VM 104 qmp command 'query-proxmox-support' failed - got timeout", { prio: 3 });
  pve2.add(v104.s + 43 * SEC + 20 * MS, p2.d.pvestatd, 'status update time (8.447 seconds)', { prio: 6 });
  pve2.add(v104.s + 93 * SEC + 502 * MS, p2.d.pvestatd, 'status update time (6.031 seconds)', { prio: 6 });

  // --- evening admin session on pve1 (GUI + console + snapshot)
  sshSession(pve1, p1, D13('22:41:07.218'), D13('22:58:40.519'), '10.10.10.100', 'ED25519', FP.admin);
  {
    const B = p1, h = pve1, D = B.d;
    const w = (t) => child(D.pvedaemon, h.rng.pick(B.daemonWorkersAt(t)), 'pvedaemon worker');
    h.add(D13('22:43:51.640'), w(D13('22:43:51.640')), "<root@pam> successful auth for user 'root@pam'");
    cluster.clusterLog('pve1', D13('22:43:51.640'));
    task(h, B, w(D13('22:44:30.102')), D13('22:44:30.102'), D13('22:52:07.911'), 'vncproxy', '101', {
      body: (tw, u) => h.add(D13('22:44:30.141'), tw, `starting vnc proxy ${u}`),
    });
    task(h, B, w(D13('22:49:12.337')), D13('22:49:12.337'), D13('22:49:16.904'), 'qmsnapshot', '101');
  }
  // pve2: someone mistypes a password at the GUI
  pve2.add(D13('23:37:16.052'), child(p2.d.pvedaemon, p2.daemonWorkersAt(D13('23:37:16.052'))[1], 'pvedaemon worker'),
    'authentication failure; rhost=::ffff:10.10.10.100 user=root@pam msg=Authentication failure', { prio: 3 });

  // --- config backup server pulls /etc over ssh at 02:30 from every node
  for (const [h, B, off] of [[pve1, p1, 0], [pve2, p2, 14], [pve3, p3a, 29]]) {
    const t0 = D14('02:30:02.000') + off * SEC + h.rng.int(0, 900) * MS;
    sshSession(h, B, t0, t0 + h.rng.int(3, 6) * SEC, '10.10.10.50', 'RSA', FP.backup);
  }

  // pve1 kernel: perf sample rate lowered once
  pve1.add(D14('02:14:55.812'), p1.d.kernel,
    'perf: interrupt took too long (2503 > 2500), lowering kernel.perf_event_max_sample_rate to 79750', { prio: 4 });
}

/* ------------------------------------------------------------------------------------------
 * The incident
 * ---------------------------------------------------------------------------------------- */

function corosyncLine(hname, t, tag, text, prio = 5) {
  const h = hosts[hname];
  const B = h.bootAtTrue(t);
  if (!B) return;
  h.add(t, B.d.corosync, cs(tag, text), { prio });
}
function pmx(hname, t, domain, level, text) {
  const h = hosts[hname];
  const B = h.bootAtTrue(t);
  if (!B) return;
  h.add(t, B.d.pmxcfs, `[${domain}] ${level}: ${text}`, { prio: PRIO[level] });
}
function say(hname, t, key, msg, prio = 6) {
  const h = hosts[hname];
  const B = h.bootAtTrue(t);
  if (!B) return;
  h.add(t, B.d[key], msg, { prio });
}
/** Several lines of one source a few microseconds apart. */
function burst(fn, t, lines, step = 60) {
  lines.forEach((l, i) => fn(t + i * step, l));
}

function knetDown(hname, t, peers) {
  const lines = [];
  for (const p of peers) lines.push([`link: host: ${p} link: 0 is down`, 6]);
  for (const p of peers) {
    lines.push([`host: host: ${p} (passive) best link: 0 (pri: 1)`, 6]);
    lines.push([`host: host: ${p} has no active links`, 4]);
  }
  burst((tt, [m, pr]) => corosyncLine(hname, tt, 'KNET', m, pr), t, lines, 85);
}
function knetUp(hname, t, peers) {
  const lines = [];
  for (const p of peers) {
    lines.push(`rx: host: ${p} link: 0 is up`);
    lines.push(`host: host: ${p} (passive) best link: 0 (pri: 1)`);
  }
  burst((tt, m) => corosyncLine(hname, tt, 'KNET', m, 6), t, lines, 70);
}
function nic(t, up) {
  say('pve3', t, 'kernel', up
    ? 'igb 0000:04:00.1 eno2: igb: eno2 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX'
    : 'igb 0000:04:00.1 eno2: igb: eno2 NIC Link is Down', 6);
}
const tapUp = (hname, t, vmid, port) => {
  const lines = [
    `tap${vmid}i0: entered promiscuous mode`,
    `vmbr0: port ${port}(tap${vmid}i0) entered blocking state`,
    `vmbr0: port ${port}(tap${vmid}i0) entered disabled state`,
    `tap${vmid}i0: entered allmulticast mode`,
    `vmbr0: port ${port}(tap${vmid}i0) entered blocking state`,
    `vmbr0: port ${port}(tap${vmid}i0) entered forwarding state`,
  ];
  burst((tt, m) => say(hname, tt, 'kernel', m, 6), t, lines, 900);
};
const tapDown = (hname, t, vmid, port) => {
  const lines = [
    `tap${vmid}i0: left allmulticast mode`,
    `vmbr0: port ${port}(tap${vmid}i0) entered disabled state`,
  ];
  burst((tt, m) => say(hname, tt, 'kernel', m, 6), t, lines, 700);
};

function incident() {
  const { pve1, pve2, pve3 } = hosts;
  const p1 = pve1.boots[0];
  const p3a = pve3.boots[0], p3b = pve3.boots[1];
  const both = ['pve1', 'pve2'];
  const all = ['pve1', 'pve2', 'pve3'];

  // ---- Flap 1: pve3's corosync NIC (eno2) drops for ~2.7 s; the token is late but survives.
  nic(D14('03:09:41.112'), false);
  knetDown('pve3', D14('03:09:41.934'), [1, 2]);
  knetDown('pve1', D14('03:09:42.287'), [3]);
  knetDown('pve2', D14('03:09:42.301'), [3]);
  nic(D14('03:09:43.806'), true);
  for (const n of all) corosyncLine(n, D14('03:09:44.052') + hosts[n].rng.int(0, 9) * MS, 'TOTEM', 'Token has not been received in 2737 ms');
  knetUp('pve3', D14('03:09:44.618'), [1, 2]);
  knetUp('pve1', D14('03:09:44.655'), [3]);
  knetUp('pve2', D14('03:09:44.671'), [3]);
  corosyncLine('pve1', D14('03:09:44.702'), 'TOTEM', 'Retransmit List: 2c4 2c5 2c6 ');
  corosyncLine('pve2', D14('03:09:44.706'), 'TOTEM', 'Retransmit List: 2c4 2c5 ');

  // ---- Flap 2: again, a little longer.
  nic(D14('03:09:57.403'), false);
  knetDown('pve3', D14('03:09:57.931'), [1, 2]);
  knetDown('pve1', D14('03:09:58.310'), [3]);
  knetDown('pve2', D14('03:09:58.329'), [3]);
  nic(D14('03:09:59.655'), true);
  corosyncLine('pve1', D14('03:10:00.151'), 'TOTEM', 'Token has not been received in 2744 ms');
  corosyncLine('pve2', D14('03:10:00.156'), 'TOTEM', 'Token has not been received in 2744 ms');
  corosyncLine('pve3', D14('03:10:00.149'), 'TOTEM', 'Token has not been received in 2745 ms');
  knetUp('pve3', D14('03:10:00.442'), [1, 2]);
  knetUp('pve1', D14('03:10:00.471'), [3]);
  knetUp('pve2', D14('03:10:00.480'), [3]);
  corosyncLine('pve1', D14('03:10:00.512'), 'TOTEM', 'Retransmit List: 2d1 2d2 2d3 2d4 ');
  corosyncLine('pve2', D14('03:10:00.519'), 'TOTEM', 'Retransmit List: 2d1 2d2 2d3 ');

  // ---- Flap 3: the link goes down for good; token lost, new membership without pve3.
  nic(D14('03:10:08.871'), false);
  knetDown('pve3', D14('03:10:09.402'), [1, 2]);
  knetDown('pve1', D14('03:10:09.788'), [3]);
  knetDown('pve2', D14('03:10:09.804'), [3]);
  corosyncLine('pve1', D14('03:10:11.668'), 'TOTEM', 'Token has not been received in 2761 ms');
  corosyncLine('pve2', D14('03:10:11.671'), 'TOTEM', 'Token has not been received in 2761 ms');
  corosyncLine('pve3', D14('03:10:11.663'), 'TOTEM', 'Token has not been received in 2762 ms');
  for (const n of all) {
    corosyncLine(n, D14('03:10:12.557') + hosts[n].rng.int(0, 6) * MS, 'TOTEM',
      'A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.');
  }

  // pve1 + pve2: the quorate side
  for (const n of both) {
    const t = D14('03:10:16.938') + (n === 'pve2' ? 4 * MS : 0);
    const lines = [
      ['c', 'QUORUM', 'Sync members[2]: 1 2'],
      ['c', 'QUORUM', 'Sync left[1]: 3'],
      ['c', 'TOTEM', 'A new membership (1.5a) was formed. Members left: 3'],
      ['c', 'TOTEM', 'Failed to receive the leave message. failed: 3'],
      ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1234, 2/1301'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[2]: 1 2'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/00000006)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1234/00000006)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1234'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (0) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ];
    burst((tt, l) => (l[0] === 'c' ? corosyncLine(n, tt, l[1], l[2]) : pmx(n, tt, l[1], l[2], l[3])), t, lines, 420);
  }

  // pve3: alone, non-primary component
  {
    const t = D14('03:10:16.941');
    const lines = [
      ['c', 'QUORUM', 'Sync members[1]: 3'],
      ['c', 'QUORUM', 'Sync left[2]: 1 2'],
      ['c', 'TOTEM', 'A new membership (3.5a) was formed. Members left: 1 2'],
      ['c', 'TOTEM', 'Failed to receive the leave message. failed: 1 2'],
      ['p', 'dcdb', 'notice', 'members: 3/1288'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 3/1288'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'This node is within the non-primary component and will NOT provide any services.'],
      ['c', 'QUORUM', 'Members[1]: 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'status', 'notice', 'node lost quorum'],
      ['p', 'dcdb', 'crit', 'received write while not quorate - trigger resync'],
      ['p', 'dcdb', 'crit', 'leaving CPG group'],
      ['p', 'status', 'notice', 'received sync request (epoch 3/1288/0000000B)'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ];
    burst((tt, l) => (l[0] === 'c' ? corosyncLine('pve3', tt, l[1], l[2]) : pmx('pve3', tt, l[1], l[2], l[3])), t, lines, 410);
  }

  // pve3 while isolated: CPG send storm, failed rejoin, HA lock loss, watchdog expiry
  {
    const r = pve3.rng;
    let t = D14('03:10:17.204');
    let n = 0;
    while (t < D14('03:11:24.100')) {
      pmx('pve3', t, 'dcdb', 'crit', 'cpg_send_message failed: 9');
      n++;
      t += r.chance(0.25) ? r.int(40, 200) * MS : r.int(700, 2600) * MS;
    }
    pmx('pve3', D14('03:10:22.311'), 'dcdb', 'notice', 'start cluster connection');
    pmx('pve3', D14('03:10:22.312'), 'dcdb', 'crit', 'cpg_join failed: 14');
    pmx('pve3', D14('03:10:22.313'), 'dcdb', 'crit', "can't initialize service");
    say('pve3', D14('03:10:19.833'), 'crm', 'status change slave => wait_for_quorum');
    say('pve3', D14('03:10:24.107'), 'lrm', "lost lock 'ha_agent_pve3_lock - cfs lock update failed - Permission denied", 3);
    say('pve3', D14('03:10:24.109'), 'lrm', 'status change active => lost_agent_lock');
    const sched = child(p3a.d.pvescheduler, p3a.newPid(D14('03:11:00.118')), 'pvescheduler');
    pve3.add(D14('03:11:10.630'), sched, "replication: cfs-lock 'file-replication_cfg' error: no quorum!", { prio: 3 });
    pve3.add(D14('03:11:10.641'), child(sched, sched.pid + 1), "jobs: cfs-lock 'file-jobs_cfg' error: no quorum!", { prio: 3 });
    say('pve3', D14('03:11:14.208'), 'wdmux', 'client watchdog expired - disable watchdog updates', 6);
    // nothing after 03:11:24.2: the softdog resets the machine (boot A ends there)
  }

  // pve1: the CRM master fences pve3 and recovers vm:102
  {
    const crm = (t, m) => say('pve1', D14(t), 'crm', m);
    crm('03:10:22.904', "node 'pve3': state changed from 'online' => 'unknown'");
    crm('03:11:12.907', "service 'vm:102': state changed from 'started' to 'fence'");
    crm('03:11:12.908', "node 'pve3': state changed from 'unknown' => 'fence'");
    mail(pve1, p1, D14('03:11:13.131'), 1419);
    crm('03:12:22.911', "fencing: acknowledged - got agent lock for node 'pve3'");
    crm('03:12:22.912', "node 'pve3': state changed from 'fence' => 'unknown'");
    crm('03:12:22.913', "service 'vm:102': state changed from 'fence' to 'recovery'");
    crm('03:12:22.915', "recover service 'vm:102' from fenced node 'pve3' to node 'pve1'");
    crm('03:12:22.916', "service 'vm:102': state changed from 'recovery' to 'started'  (node = pve1)");
    mail(pve1, p1, D14('03:12:23.140'), 1388);

    // LRM on pve1 starts the VM
    const D = p1.d;
    const tS = D14('03:12:26.431');
    say('pve1', tS, 'lrm', 'starting service vm:102');
    const agent = child(D.lrm, p1.newPid(tS), 'pve-ha-lrm');
    task(pve1, p1, agent, tS + 38 * MS, D14('03:12:28.107'), 'qmstart', '102', {
      workerPid: p1.childPid(agent.pid),
      body: (w, u) => {
        pve1.add(tS + 61 * MS, w, `start VM 102: ${u}`);
        pve1.add(D14('03:12:26.902'), D.systemd, 'Started 102.scope.', { extra: sdx(p1, '102.scope', 'started') });
        tapUp('pve1', D14('03:12:27.318'), 102, 4);
      },
    });
    say('pve1', D14('03:12:28.163'), 'lrm', 'service status vm:102 started');
  }

  // ---- pve3 boots again (kernel at 03:13:51.9, ~2.5 min after the last journal line)
  bootSequence();

  // Rejoin seen from pve1/pve2
  for (const n of both) {
    const dt = n === 'pve2' ? 9 * MS : 0;
    knetUp(n, D14('03:14:17.871') + dt, [3]);
    corosyncLine(n, D14('03:14:17.871') + dt + 40 * MS, 'KNET', 'link: Resetting MTU for link 0 because host 3 joined', 6);
    corosyncLine(n, D14('03:14:18.102') + dt, 'KNET', 'pmtud: PMTUD link change for host: 3 link: 0 from 469 to 1397', 6);
    const lines = [
      ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
      ['c', 'QUORUM', 'Sync joined[1]: 3'],
      ['c', 'TOTEM', 'A new membership (1.62) was formed. Members joined: 3'],
      ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[3]: 1 2 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/00000007)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1234/00000007)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1234'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (4) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ];
    burst((tt, l) => (l[0] === 'c' ? corosyncLine(n, tt, l[1], l[2]) : pmx(n, tt, l[1], l[2], l[3])), D14('03:14:18.412') + dt, lines, 380);
  }

  // Failback: vm:102 prefers pve3 (HA group prefer-pve3), so the CRM live-migrates it back.
  {
    const crm = (t, m) => say('pve1', D14(t), 'crm', m);
    crm('03:14:32.905', "node 'pve3': state changed from 'unknown' => 'online'");
    crm('03:14:32.907', "migrate service 'vm:102' to node 'pve3' (running)");
    crm('03:14:32.908', "service 'vm:102': state changed from 'started' to 'migrate'  (node = pve1, target = pve3)");
    const D = p1.d;
    const tS = D14('03:14:36.440');
    const agent = child(D.lrm, p1.newPid(tS), 'pve-ha-lrm');
    const wpid = p1.childPid(agent.pid);
    const u = task(pve1, p1, agent, tS + 31 * MS, D14('03:14:59.884'), 'qmigrate', '102', { workerPid: wpid });
    for (const s of ['03:14:41.448', '03:14:46.452', '03:14:51.455', '03:14:56.459']) {
      say('pve1', D14(s), 'lrm', `Task '${u}' still active, waiting`);
    }
    // source side cleanup once the VM runs on pve3
    tapDown('pve1', D14('03:14:58.741'), 102, 4);
    say('pve1', D14('03:14:58.790'), 'qmeventd', 'Starting cleanup for 102');
    say('pve1', D14('03:14:58.932'), 'qmeventd', 'Finished cleanup for 102');
    pve1.add(D14('03:14:59.011'), D.systemd, '102.scope: Deactivated successfully.', { extra: sdx(p1, '102.scope', 'success') });
    pve1.add(D14('03:14:59.012'), D.systemd, '102.scope: Consumed 1min 12.604s CPU time.', { extra: sdx(p1, '102.scope', 'resources') });
    crm('03:15:02.911', "service 'vm:102': state changed from 'migrate' to 'started'  (node = pve3)");

    // target side on pve3: ssh tunnel from pve1, qm start --migratedfrom
    sshSession(pve3, p3b, D14('03:14:37.106'), D14('03:14:59.240'), '10.10.10.11', 'RSA', FP.pve1root, {
      keepUserMgr: true,
      body: ({ sid }) => {
        const qmPid = p3b.newPid(D14('03:14:37.950'));
        const qm = { ...p3b.d.pvedaemon, ident: 'qm', pid: qmPid, comm: 'qm',
          cmdline: '/usr/bin/perl /usr/sbin/qm start 102 --skiplock --migratedfrom pve1 --migration_type secure --stateuri unix --machine pc-i440fx-8.1 --nets net0=virtio=BC:24:11:5A:0E:66,bridge=vmbr0,firewall=0',
          unit: `session-${sid}.scope`, slice: 'user-0.slice', cgroup: `/user.slice/user-0.slice/session-${sid}.scope` };
        task(pve3, p3b, qm, D14('03:14:37.981'), D14('03:14:39.622'), 'qmstart', '102', {
          workerPid: p3b.childPid(qmPid),
          body: (w, uu) => {
            pve3.add(D14('03:14:38.004'), w, `start VM 102: ${uu}`);
            pve3.add(D14('03:14:38.611'), p3b.d.systemd, 'Started 102.scope.', { extra: sdx(p3b, '102.scope', 'started') });
            tapUp('pve3', D14('03:14:38.920'), 102, 2);
          },
        });
      },
    });
    say('pve3', D14('03:15:07.312'), 'lrm', "successfully acquired lock 'ha_agent_pve3_lock'");
    say('pve3', D14('03:15:07.314'), 'lrm', 'watchdog active');
    say('pve3', D14('03:15:07.316'), 'lrm', 'status change wait_for_agent_lock => active');
  }

  // on-call admin looks at pve1 and pve3
  sshSession(pve1, p1, D14('03:19:31.402'), D14('03:41:12.118'), '10.10.10.100', 'ED25519', FP.admin);
  sshSession(pve3, p3b, D14('03:22:10.877'), D14('03:36:48.650'), '10.10.10.100', 'ED25519', FP.admin);
  {
    const B = p1, D = B.d;
    const w = child(D.pvedaemon, B.daemonWorkersAt(D14('03:20:44.190'))[2], 'pvedaemon worker');
    pve1.add(D14('03:20:44.190'), w, "<root@pam> successful auth for user 'root@pam'");
    cluster.clusterLog('pve1', D14('03:20:44.190'));
  }
}

/** pve3's second boot: kernel, systemd, PVE services, cluster join. */
function bootSequence() {
  const h = hosts.pve3;
  const B = h.boots[1];
  const D = B.d;
  const S = D.systemd;
  const r = h.rng;
  const mid = h.machineId;
  let t = D14('03:13:55.402'); // journald in the initrd reads the kernel ring buffer
  const k = [
    'Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4 (2024-11-06T15:04Z) x86_64',
    'Command line: initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs',
    'KERNEL supported cpus:',
    '  Intel GenuineIntel',
    '  AMD AuthenticAMD',
    'BIOS-provided physical RAM map:',
    'BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable',
    'BIOS-e820: [mem 0x0000000000100000-0x000000007a3c4fff] usable',
    'BIOS-e820: [mem 0x0000000100000000-0x000000107fffffff] usable',
    'NX (Execute Disable) protection: active',
    'DMI: Supermicro Super Server/X11SCL-F, BIOS 2.2 11/25/2022',
    'tsc: Detected 3400.000 MHz processor',
    'Kernel command line: initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve root=ZFS=rpool/ROOT/pve-1 boot=zfs',
    'Memory: 65548212K/66970340K available (22528K kernel code, 4364K rwdata, 14740K rodata, 4772K init, 5696K bss, 1421872K reserved, 0K cma-reserved)',
    'smpboot: CPU0: Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz (family: 0x6, model: 0x9e, stepping: 0xa)',
    'smp: Brought up 1 node, 12 CPUs',
    'devtmpfs: initialized',
    'ACPI: Interpreter enabled',
    'PCI: Using configuration type 1 for base access',
    'Freeing unused kernel image (initmem) memory: 4772K',
    'Run /init as init process',
    'igb: Intel(R) Gigabit Ethernet Network Driver',
    'igb: Copyright (c) 2007-2014 Intel Corporation.',
    'igb 0000:04:00.0: added PHC on eth0',
    'igb 0000:04:00.0: Intel(R) Gigabit Ethernet Network Connection',
    'igb 0000:04:00.0: eth0: (PCIe:2.5Gb/s:Width x1) ac:1f:6b:4e:2a:10',
    'igb 0000:04:00.1: added PHC on eth1',
    'igb 0000:04:00.1: eth1: (PCIe:2.5Gb/s:Width x1) ac:1f:6b:4e:2a:11',
    'igb 0000:04:00.0 eno1: renamed from eth0',
    'igb 0000:04:00.1 eno2: renamed from eth1',
    'ahci 0000:00:17.0: AHCI 0001.0301 32 slots 8 ports 6 Gbps 0xff impl SATA mode',
    'ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)',
    'ata2: SATA link up 6.0 Gbps (SStatus 133 SControl 300)',
    'sd 0:0:0:0: [sda] 937703088 512-byte logical blocks: (480 GB/447 GiB)',
    'sd 1:0:0:0: [sdb] 937703088 512-byte logical blocks: (480 GB/447 GiB)',
    'spl: loading out-of-tree module taints kernel.',
    'zfs: module license \'CDDL\' taints kernel.',
    'Disabling lock debugging due to kernel taint',
    'ZFS: Loaded module v2.2.6-pve1, ZFS pool version 5000, ZFS filesystem version 5',
  ];
  burst((tt, m) => h.add(tt, D.kernel, m, { prio: m.startsWith('spl:') || m.startsWith('zfs:') || m.startsWith('Disabling') ? 4 : 6 }), t, k, 37);
  t += k.length * 37 + 200 * MS;
  h.add(t, D.journald, 'Journal started', { prio: 6, extra: { MESSAGE_ID: 'f77379a8490b408bbe5f6940505a777b' } });
  h.add(t + 2 * MS, D.journald, `Runtime Journal (/run/log/journal/${mid}) is 8.0M, max 641.6M, 633.6M free.`,
    { prio: 6, extra: { MESSAGE_ID: 'ec387f577b844b8fa948f33cad9a75e6' } });
  t += 40 * MS;
  const sysBoot = [
    'systemd 252.39-1~deb12u1 running in system mode (+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified)',
    'Detected architecture x86-64.',
    'Hostname set to <pve3>.',
    'Queued start job for default target graphical.target.',
  ];
  burst((tt, m) => h.add(tt, S, m), t + 1100 * MS, sysBoot, 900);
  t += 1500 * MS;

  const unitStart = (tt, unit, desc, kind = 'service', dur = 30 * MS, body) => {
    if (kind === 'target') {
      h.add(tt, S, `Reached target ${unit} - ${desc}.`, { extra: sdx(B, unit, 'started') });
      return tt + 1 * MS;
    }
    h.add(tt, S, `Starting ${unit} - ${desc}...`, { extra: sdx(B, unit, 'starting') });
    if (body) body(tt + 2 * MS);
    const verb = kind === 'oneshot' ? 'Finished' : 'Started';
    h.add(tt + dur, S, `${verb} ${unit} - ${desc}.`, { extra: sdx(B, unit, 'started') });
    return tt + dur + 1 * MS;
  };

  t = unitStart(t, 'systemd-journal-flush.service', 'Flush Journal to Persistent Storage', 'oneshot', 310 * MS, (tt) => {
    h.add(tt + 20 * MS, D.journald, `File /var/log/journal/${mid}/system.journal corrupted or uncleanly shut down, renaming and replacing.`, { prio: 4 });
    h.add(tt + 180 * MS, D.journald, `Time spent on flushing to /var/log/journal/${mid} is 61.828ms for 1206 entries.`, { prio: 6 });
    h.add(tt + 182 * MS, D.journald, `System Journal (/var/log/journal/${mid}) is 1.1G, max 4.0G, 2.8G free.`,
      { prio: 6, extra: { MESSAGE_ID: 'ec387f577b844b8fa948f33cad9a75e6' } });
  });
  t = unitStart(t + 90 * MS, 'zfs-import-cache.service', 'Import ZFS pools by cache file', 'oneshot', 4210 * MS);
  t = unitStart(t, 'zfs-import.target', 'ZFS pool import target', 'target');
  t = unitStart(t + 5 * MS, 'zfs-mount.service', 'Mount ZFS filesystems', 'oneshot', 420 * MS);
  t = unitStart(t, 'local-fs.target', 'Local File Systems', 'target');
  t = unitStart(t + 300 * MS, 'networking.service', 'Network initialization', 'oneshot', 6480 * MS, (tt) => {
    const kl = [
      'vmbr0: port 1(eno1) entered blocking state',
      'vmbr0: port 1(eno1) entered disabled state',
      'igb 0000:04:00.0 eno1: entered allmulticast mode',
      'igb 0000:04:00.0 eno1: entered promiscuous mode',
    ];
    burst((t2, m) => h.add(t2, D.kernel, m), tt + 600 * MS, kl, 1300);
  });
  burst((t2, m) => h.add(t2, D.kernel, m), t + 1100 * MS, [
    'igb 0000:04:00.0 eno1: igb: eno1 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX',
    'vmbr0: port 1(eno1) entered blocking state',
    'vmbr0: port 1(eno1) entered forwarding state',
    'igb 0000:04:00.1 eno2: igb: eno2 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX',
  ], 2100);
  t = unitStart(t, 'network-online.target', 'Network is Online', 'target');
  t = unitStart(t + 20 * MS, 'chrony.service', 'chrony, an NTP client/server', 'service', 160 * MS, (tt) => {
    const c = D.chronyd;
    h.add(tt + 30 * MS, c, 'chronyd version 4.3 starting (+CMDMON +NTP +REFCLOCK +RTC +PRIVDROP +SCFILTER +SIGND +ASYNCDNS +NTS +SECHASH +IPV6 -DEBUG)');
    h.add(tt + 33 * MS, c, 'Frequency -11.204 +/- 0.088 ppm read from /var/lib/chrony/chrony.drift');
    h.add(tt + 34 * MS, c, 'Using right/UTC timezone to obtain leap second data');
    h.add(tt + 36 * MS, c, 'Loaded seccomp filter (level 1)');
  });
  t = unitStart(t + 40 * MS, 'rrdcached.service', 'LSB: start or stop rrdcached', 'service', 70 * MS);
  t = unitStart(t + 10 * MS, 'watchdog-mux.service', 'Proxmox VE watchdog multiplexer', 'service', 8 * MS, (tt) => {
    h.add(tt + 40 * MS, D.kernel, 'softdog: initialized. soft_noboot=0 soft_margin=60 sec soft_panic=0 (nowayout=0)');
    h.add(tt + 41 * MS, D.kernel, 'softdog:              soft_reboot_cmd=<not set> soft_active_on_boot=0');
    h.add(tt + 45 * MS, D.wdmux, "Watchdog driver 'Software Watchdog', version 0");
  });
  // pmxcfs comes up before corosync: the client API init failures are normal at boot
  t = unitStart(t + 60 * MS, 'pve-cluster.service', 'The Proxmox VE cluster filesystem', 'service', 1080 * MS, (tt) => {
    const lines = [
      ['main', 'notice', "resolved node name 'pve3' to '10.10.10.13' for default node IP address"],
      ['main', 'notice', "resolved node name 'pve3' to '10.10.10.13' for default node IP address"],
      ['quorum', 'crit', 'quorum_initialize failed: 2'],
      ['quorum', 'crit', "can't initialize service"],
      ['confdb', 'crit', 'cmap_initialize failed: 2'],
      ['confdb', 'crit', "can't initialize service"],
      ['dcdb', 'notice', 'start cluster connection'],
      ['dcdb', 'crit', 'cpg_initialize failed: 2'],
      ['dcdb', 'crit', "can't initialize service"],
      ['status', 'notice', 'start cluster connection'],
      ['status', 'crit', 'cpg_initialize failed: 2'],
      ['status', 'crit', "can't initialize service"],
    ];
    burst((t2, l) => h.add(t2, D.pmxcfs, `[${l[0]}] ${l[1]}: ${l[2]}`, { prio: PRIO[l[1]] }), tt + 30 * MS, lines, 350);
  });
  const tCoro = t + 15 * MS;
  t = unitStart(tCoro, 'corosync.service', 'Corosync Cluster Engine', 'service', 1560 * MS, (tt) => {
    const lines = [
      ['MAIN', 'Corosync Cluster Engine 3.1.9 starting up', 5],
      ['MAIN', 'Corosync built-in features: dbus monitoring watchdog systemd xmlconf vqsim nozzle snmp pie relro bindnow', 6],
      ['TOTEM', 'Initializing transport (Kronosnet).', 5],
      ['TOTEM', 'totemknet initialized', 6],
      ['KNET', 'common: crypto_nss.so has been loaded from /usr/lib/x86_64-linux-gnu/kronosnet/crypto_nss.so', 6],
      ['SERV', 'Service engine loaded: corosync configuration map access [0]', 5],
      ['QB', 'server name: cmap', 6],
      ['SERV', 'Service engine loaded: corosync configuration service [1]', 5],
      ['QB', 'server name: cfg', 6],
      ['SERV', 'Service engine loaded: corosync cluster closed process group service v1.01 [2]', 5],
      ['QB', 'server name: cpg', 6],
      ['SERV', 'Service engine loaded: corosync profile loading service [4]', 5],
      ['SERV', 'Service engine loaded: corosync resource monitoring service [6]', 5],
      ['WD', 'Watchdog not enabled by configuration', 6],
      ['WD', 'resource load_15min missing a recovery key.', 4],
      ['WD', 'resource memory_used missing a recovery key.', 4],
      ['WD', 'no resources configured.', 6],
      ['SERV', 'Service engine loaded: corosync watchdog service [7]', 5],
      ['QUORUM', 'Using quorum provider corosync_votequorum', 5],
      ['SERV', 'Service engine loaded: corosync vote quorum service v1.0 [5]', 5],
      ['QB', 'server name: votequorum', 6],
      ['SERV', 'Service engine loaded: corosync cluster quorum service v0.1 [3]', 5],
      ['QB', 'server name: quorum', 6],
      ['TOTEM', 'Configuring link 0', 6],
      ['TOTEM', 'Configured link number 0: local addr: 10.10.20.13, port=5405', 6],
      ['KNET', 'link: Resetting MTU for link 0 because host 3 joined', 6],
      ['KNET', 'host: host: 1 (passive) best link: 0 (pri: 1)', 6],
      ['KNET', 'host: host: 1 has no active links', 4],
      ['KNET', 'host: host: 2 (passive) best link: 0 (pri: 1)', 6],
      ['KNET', 'host: host: 2 has no active links', 4],
      ['QUORUM', 'Sync members[1]: 3', 5],
      ['QUORUM', 'Sync joined[1]: 3', 5],
      ['TOTEM', 'A new membership (3.5e) was formed. Members joined: 3', 5],
      ['QUORUM', 'Members[1]: 3', 5],
      ['MAIN', 'Completed service synchronization, ready to provide service.', 5],
    ];
    burst((t2, l) => h.add(t2, D.corosync, cs(l[0], l[1]), { prio: l[2] }), tt + 20 * MS, lines, 41 * MS);
  });
  // pmxcfs retries its corosync services every few seconds: now they come up (singleton, no quorum yet)
  {
    const tt = tCoro + 3100 * MS;
    const lines = [
      ['status', 'notice', `update cluster info (cluster name  ${CLUSTER}, version = 3)`],
      ['dcdb', 'notice', 'members: 3/1276'],
      ['dcdb', 'notice', 'all data is up to date'],
      ['status', 'notice', 'members: 3/1276'],
      ['status', 'notice', 'all data is up to date'],
    ];
    burst((t2, l) => h.add(t2, D.pmxcfs, `[${l[0]}] ${l[1]}: ${l[2]}`, { prio: PRIO[l[1]] }), tt, lines, 300);
  }
  // PVE services
  const daemonStart = (tt, unit, desc, d, workers, extra = []) => unitStart(tt, unit, desc, 'service', 640 * MS, (t2) => {
    h.add(t2 + 520 * MS, d, 'starting server');
    if (workers) {
      h.add(t2 + 560 * MS, d, `starting ${workers.length} worker(s)`);
      workers.forEach((w, i) => h.add(t2 + 562 * MS + i * 300, d, `worker ${w} started`));
    }
    extra.forEach((m, i) => h.add(t2 + 600 * MS + i * 200, d, m));
  });
  t = daemonStart(t + 30 * MS, 'pve-firewall.service', 'Proxmox VE firewall', D.pvefw);
  t = daemonStart(t + 10 * MS, 'pvestatd.service', 'PVE Status Daemon', D.pvestatd);
  t = daemonStart(t + 10 * MS, 'pvedaemon.service', 'PVE API Daemon', D.pvedaemon, B.daemonWorkers);
  t = daemonStart(t + 10 * MS, 'pve-ha-crm.service', 'PVE Cluster HA Resource Manager Daemon', D.crm, null,
    ['status change startup => wait_for_quorum']);
  t = daemonStart(t + 10 * MS, 'pveproxy.service', 'PVE API Proxy Server', D.pveproxy, B.proxyWorkers);
  t = daemonStart(t + 10 * MS, 'spiceproxy.service', 'PVE SPICE Proxy Server', D.spiceproxy, B.spiceWorkers);
  t = daemonStart(t + 10 * MS, 'pve-ha-lrm.service', 'PVE Local HA Resource Manager Daemon', D.lrm, null,
    ['status change startup => wait_for_agent_lock']);

  // corosync on pve3 sees its peers again and joins the cluster (true time 03:14:17.9)
  {
    const tt = D14('03:14:17.858');
    const lines = [
      ['KNET', 'rx: host: 1 link: 0 is up', 6],
      ['KNET', 'link: Resetting MTU for link 0 because host 1 joined', 6],
      ['KNET', 'host: host: 1 (passive) best link: 0 (pri: 1)', 6],
      ['KNET', 'rx: host: 2 link: 0 is up', 6],
      ['KNET', 'link: Resetting MTU for link 0 because host 2 joined', 6],
      ['KNET', 'host: host: 2 (passive) best link: 0 (pri: 1)', 6],
    ];
    burst((t2, l) => h.add(t2, D.corosync, cs(l[0], l[1]), { prio: l[2] }), tt, lines, 30 * MS);
    h.add(D14('03:14:18.097'), D.corosync, cs('KNET', 'pmtud: PMTUD link change for host: 1 link: 0 from 469 to 1397'), { prio: 6 });
    h.add(D14('03:14:18.098'), D.corosync, cs('KNET', 'pmtud: PMTUD link change for host: 2 link: 0 from 469 to 1397'), { prio: 6 });
    h.add(D14('03:14:18.099'), D.corosync, cs('KNET', 'pmtud: Global data MTU changed to: 1397'), { prio: 6 });
    const j = [
      ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
      ['c', 'QUORUM', 'Sync joined[2]: 1 2'],
      ['c', 'TOTEM', 'A new membership (1.62) was formed. Members joined: 1 2'],
      ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'This node is within the primary component and will provide service.'],
      ['c', 'QUORUM', 'Members[3]: 1 2 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'status', 'notice', 'node has quorum'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/00000007)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1234/00000007)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1234'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
      ['p', 'dcdb', 'notice', 'waiting for updates from leader'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
      ['p', 'dcdb', 'notice', 'update complete - trying to commit (got 4 inode updates)'],
      ['p', 'dcdb', 'notice', 'all data is up to date'],
    ];
    burst((t2, l) => (l[0] === 'c'
      ? h.add(t2, D.corosync, cs(l[1], l[2]), { prio: 5 })
      : h.add(t2, D.pmxcfs, `[${l[1]}] ${l[2]}: ${l[3]}`, { prio: PRIO[l[2]] })), D14('03:14:18.415'), j, 410);
  }
  t = daemonStart(Math.max(t, D14('03:14:19.2')) + 10 * MS, 'pvescheduler.service', 'Proxmox VE scheduler', D.pvescheduler);
  t = unitStart(t + 20 * MS, 'pve-guests.service', 'PVE guests', 'oneshot', 1420 * MS, (tt) => {
    const pid = B.newPid(tt);
    const d = { ...D.pvedaemon, ident: 'pve-guests', pid, comm: 'pvesh',
      cmdline: '/usr/bin/perl /usr/bin/pvesh --nooutput create /nodes/localhost/startall',
      unit: 'pve-guests.service', cgroup: '/system.slice/pve-guests.service' };
    task(h, B, d, tt + 880 * MS, tt + 1390 * MS, 'startall', '', { workerPid: B.childPid(pid) });
  });
  t = unitStart(t + 5 * MS, 'multi-user.target', 'Multi-User System', 'target');
  t = unitStart(t + 1 * MS, 'graphical.target', 'Graphical Interface', 'target');
  h.add(t + 12 * MS, S, 'Startup finished in 9.871s (firmware) + 2.114s (loader) + 3.532s (kernel) + 24.018s (userspace) = 39.537s.');
  h.add(D14('03:14:30.118'), D.crm, 'status change wait_for_quorum => slave');
  h.add(D14('03:14:44.551'), D.chronyd, 'Selected source 162.159.200.123 (2.debian.pool.ntp.org)');
  return r;
}

/* ------------------------------------------------------------------------------------------
 * Renderers
 * ---------------------------------------------------------------------------------------- */

const KEY_SALT = 'pvelens-samples';
const orderCache = new Map();
/** journalctl emits keys in hash-table order: stable for a key set within a run, random-looking. */
function orderKeys(keys) {
  const sig = keys.join(',');
  let o = orderCache.get(sig);
  if (!o) {
    o = keys.slice().sort((a, b) => fnv1a(`${KEY_SALT}:${a}`) - fnv1a(`${KEY_SALT}:${b}`));
    orderCache.set(sig, o);
  }
  return o;
}

/** Per-event wall-clock stamps: source time and journald receive time (both host-local µs). */
function stamp(h) {
  let prevRt = 0;
  const r = new Rng(`stamp:${h.name}`);
  return h.sorted().map((e) => {
    const lag = e.d.transport === 'kernel' ? 0 : r.int(18, 420);
    const rt = Math.max(prevRt + 1, e.t + lag);
    prevRt = rt;
    return { e, rt };
  });
}

function renderJson(h) {
  const out = [];
  let seq = h.seqStart;
  const r = new Rng(`json:${h.name}`);
  for (const { e, rt } of stamp(h)) {
    const B = e.boot;
    const d = e.d;
    const mono = rt - B.kstart;
    const f = {};
    f.__CURSOR = `s=${h.seqnumId};i=${(seq++).toString(16)};b=${B.id};m=${mono.toString(16)};t=${rt.toString(16)};x=${r.hex(16)}`;
    f.__REALTIME_TIMESTAMP = String(rt);
    f.__MONOTONIC_TIMESTAMP = String(mono);
    f._BOOT_ID = B.id;
    f._MACHINE_ID = h.machineId;
    f._HOSTNAME = h.name;
    f._TRANSPORT = d.transport;
    f.PRIORITY = String(e.prio);
    f.SYSLOG_FACILITY = String(e.fac);
    f.SYSLOG_IDENTIFIER = d.ident;
    f.MESSAGE = e.msg;
    if (d.transport === 'kernel') {
      f._SOURCE_MONOTONIC_TIMESTAMP = String(Math.max(0, mono - r.int(40, 2500)));
    } else {
      f._PID = String(d.pid);
      f._UID = String(d.uid);
      f._GID = String(d.gid);
      f._COMM = d.comm;
      f._EXE = d.exe;
      f._CMDLINE = d.cmdline;
      f._CAP_EFFECTIVE = d.cap;
      f._SYSTEMD_CGROUP = d.cgroup;
      f._SYSTEMD_UNIT = d.unit;
      f._SYSTEMD_SLICE = d.slice;
      if (d.slice === 'system.slice' || d.slice === '-.slice') f._SYSTEMD_INVOCATION_ID = hhex(`${B.id}:${d.unit}`, 32);
      else { f._SYSTEMD_OWNER_UID = '0'; f._AUDIT_LOGINUID = '0'; }
      if (d.transport === 'syslog') {
        if (!d.noSyslogPid) f.SYSLOG_PID = String(d.pid);
        f.SYSLOG_TIMESTAMP = fmtSyslogTs(e.t);
      } else if (d.transport === 'journal') {
        f._SOURCE_REALTIME_TIMESTAMP = String(e.t);
        if (!e.extra || !e.extra.CODE_FILE) {
          const [file, line, func] = d.ident === 'systemd-logind'
            ? ['src/login/logind-session.c', '978', 'session_finalize']
            : ['src/core/manager.c', '3692', 'manager_notify_finished'];
          f.CODE_FILE = file;
          f.CODE_LINE = line;
          f.CODE_FUNC = func;
        }
      } else if (d.transport === 'stdout') {
        f._STREAM_ID = hhex(`${B.id}:${d.unit}:stream`, 32);
      }
    }
    if (e.extra) Object.assign(f, e.extra);
    const keys = orderKeys(Object.keys(f));
    out.push(`{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(f[k])}`).join(',')}}`);
  }
  return `${out.join('\n')}\n`;
}

const tagOf = (d) => (d.transport === 'kernel' ? 'kernel:' : `${d.ident}[${d.pid}]:`);

/** rsyslog RSYSLOG_FileFormat, /var/log/syslog on bookworm: everything but auth/authpriv. */
function renderRsyslog(h) {
  const out = [];
  const r = new Rng(`rsyslog:${h.name}`);
  let prev = 0;
  for (const { e, rt } of stamp(h)) {
    if (e.fac === 4 || e.fac === 10) continue; // *.*;auth,authpriv.none -/var/log/syslog
    const d = e.d;
    const tag = d.transport === 'kernel' ? 'kernel:' : d.noSyslogPid ? `${d.ident}:` : `${d.ident}[${d.pid}]:`;
    const ts = Math.max(prev + 1, rt + r.int(30, 260)); // rsyslog stamps on receipt
    prev = ts;
    out.push(`${fmtRfc3339(ts)} ${h.name} ${tag} ${e.msg}`);
  }
  return `${out.join('\n')}\n`;
}

/** journalctl -o short-iso (systemd 252): "+0100" offsets, boot separators. */
function renderShortIso(h) {
  const out = [];
  let lastBoot = null;
  for (const { e, rt } of stamp(h)) {
    if (lastBoot && e.boot !== lastBoot) out.push(`-- Boot ${e.boot.id} --`);
    lastBoot = e.boot;
    const shown = e.d.transport === 'journal' ? e.t : rt; // _SOURCE_REALTIME_TIMESTAMP when present
    out.push(`${fmtShortIso(shown)} ${h.name} ${tagOf(e.d)} ${e.msg}`);
  }
  return `${out.join('\n')}\n`;
}

/* ------------------------------------------------------------------------------------------
 * The untimed excerpt (pasted from a terminal without timestamps)
 * ---------------------------------------------------------------------------------------- */

function untimedExcerpt() {
  // A different, 4-node cluster (nodes hv1..hv4, ids 1..4). hv2 loses its corosync link for
  // ~25 s, drops out of quorum, loses its HA agent lock and gets it back before the watchdog
  // would fire: a quorum flap without fencing. Lines as an admin would paste them from
  // `journalctl --no-hostname -o cat`-like copy & paste, here "ident[pid]: message".
  const c = (m) => `corosync[2210]: ${cs(m[0], m[1])}`;
  const p = (m) => `pmxcfs[2087]: ${m}`;
  const L = [];
  L.push('pveproxy[2406]: worker 3811904 finished');
  L.push('pveproxy[2406]: starting 1 worker(s)');
  L.push('pveproxy[2406]: worker 3812270 started');
  L.push('pvedaemon[2377]: <root@pam> successful auth for user \'root@pam\'');
  L.push('pmxcfs[2087]: [status] notice: received log');
  L.push('CRON[3812291]: (root) CMD (which zfs-auto-snapshot > /dev/null || exit 0 ; zfs-auto-snapshot --quiet --syslog --label=frequent --keep=4 //)');
  L.push(c(['KNET', 'link: host: 1 link: 0 is down']));
  L.push(c(['KNET', 'link: host: 3 link: 0 is down']));
  L.push(c(['KNET', 'link: host: 4 link: 0 is down']));
  for (const n of [1, 3, 4]) {
    L.push(c(['KNET', `host: host: ${n} (passive) best link: 0 (pri: 1)`]));
    L.push(c(['KNET', `host: host: ${n} has no active links`]));
  }
  // 4 nodes: token 3000 + 2 * 650 (token_coefficient) = 4300 ms, consensus 1.2 * token, warning at 75 %
  L.push(c(['TOTEM', 'Token has not been received in 3225 ms']));
  L.push(c(['TOTEM', 'A processor failed, forming new configuration: token timed out (4300ms), waiting 5160ms for consensus.']));
  L.push(c(['QUORUM', 'Sync members[1]: 2']));
  L.push(c(['QUORUM', 'Sync left[3]: 1 3 4']));
  L.push(c(['TOTEM', 'A new membership (2.1b6) was formed. Members left: 1 3 4']));
  L.push(c(['TOTEM', 'Failed to receive the leave message. failed: 1 3 4']));
  L.push(p('[dcdb] notice: members: 2/2087'));
  L.push(p('[status] notice: members: 2/2087'));
  L.push(c(['QUORUM', 'This node is within the non-primary component and will NOT provide any services.']));
  L.push(c(['QUORUM', 'Members[1]: 2']));
  L.push(c(['MAIN', 'Completed service synchronization, ready to provide service.']));
  L.push(p('[status] notice: node lost quorum'));
  L.push(p('[dcdb] crit: received write while not quorate - trigger resync'));
  L.push(p('[dcdb] crit: leaving CPG group'));
  L.push('pve-ha-crm[2391]: status change slave => wait_for_quorum');
  L.push(p('[dcdb] crit: cpg_send_message failed: 9'));
  L.push("pve-ha-lrm[2412]: lost lock 'ha_agent_hv2_lock - cfs lock update failed - Permission denied");
  L.push('pve-ha-lrm[2412]: status change active => lost_agent_lock');
  L.push(p('[dcdb] crit: cpg_send_message failed: 9'));
  L.push(p('[dcdb] notice: start cluster connection'));
  L.push(p('[dcdb] crit: cpg_join failed: 14'));
  L.push(p("[dcdb] crit: can't initialize service"));
  L.push(p('[dcdb] crit: cpg_send_message failed: 9'));
  L.push(p('[dcdb] crit: cpg_send_message failed: 9'));
  for (const n of [1, 3, 4]) {
    L.push(c(['KNET', `rx: host: ${n} link: 0 is up`]));
    L.push(c(['KNET', `host: host: ${n} (passive) best link: 0 (pri: 1)`]));
  }
  L.push(c(['QUORUM', 'Sync members[4]: 1 2 3 4']));
  L.push(c(['QUORUM', 'Sync joined[3]: 1 3 4']));
  L.push(c(['TOTEM', 'A new membership (1.1ba) was formed. Members joined: 1 3 4']));
  L.push(c(['QUORUM', 'This node is within the primary component and will provide service.']));
  L.push(c(['QUORUM', 'Members[4]: 1 2 3 4']));
  L.push(c(['MAIN', 'Completed service synchronization, ready to provide service.']));
  L.push(p('[status] notice: node has quorum'));
  L.push(p('[status] notice: members: 1/1986, 2/2087, 3/2044, 4/2101'));
  L.push(p('[status] notice: starting data syncronisation'));
  L.push(p('[dcdb] notice: start cluster connection'));
  L.push(p('[dcdb] notice: members: 1/1986, 2/2087, 3/2044, 4/2101'));
  L.push(p('[dcdb] notice: starting data syncronisation'));
  L.push(p('[status] notice: received sync request (epoch 1/1986/0000002A)'));
  L.push(p('[dcdb] notice: received sync request (epoch 1/1986/0000002B)'));
  L.push(p('[dcdb] notice: received all states'));
  L.push(p('[dcdb] notice: leader is 1/1986'));
  L.push(p('[dcdb] notice: synced members: 1/1986, 3/2044, 4/2101'));
  L.push(p('[dcdb] notice: waiting for updates from leader'));
  L.push(p('[status] notice: received all states'));
  L.push(p('[status] notice: all data is up to date'));
  L.push(p('[dcdb] notice: update complete - trying to commit (got 2 inode updates)'));
  L.push(p('[dcdb] notice: all data is up to date'));
  L.push("pve-ha-lrm[2412]: successfully acquired lock 'ha_agent_hv2_lock'");
  L.push('pve-ha-lrm[2412]: status change lost_agent_lock => active');
  L.push('pve-ha-crm[2391]: status change wait_for_quorum => slave');
  L.push('pveproxy[3812270]: worker exit');
  L.push('pveproxy[2406]: worker 3812270 finished');
  L.push('pveproxy[2406]: starting 1 worker(s)');
  L.push('pveproxy[2406]: worker 3813050 started');
  return `${L.join('\n')}\n`;
}

/* ------------------------------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------------------------- */

function main() {
  defineHosts();
  const { pve1, pve2, pve3 } = hosts;

  // background noise per boot segment
  noise(pve1, pve1.boots[0], START, END, HOSTCFG.pve1);
  noise(pve2, pve2.boots[0], START, END, HOSTCFG.pve2);
  noise(pve3, pve3.boots[0], START, D14('03:11:24.200'), HOSTCFG.pve3);
  noise(pve3, pve3.boots[1], D14('03:14:25.000'), END, HOSTCFG.pve3);

  scheduledEvents();
  incident();

  // Keep only the window [START, END) (events are host-local times).
  for (const h of Object.values(hosts)) {
    h.events = h.events.filter((e) => e.t >= START && e.t < END);
  }

  const dir = join(HERE, 'cluster-fence');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(HERE, 'excerpts'), { recursive: true });
  const files = [
    [join(dir, 'pve1.json'), renderJson(pve1)],
    [join(dir, 'pve2.syslog'), renderRsyslog(pve2)],
    [join(dir, 'pve3.log'), renderShortIso(pve3)],
    [join(HERE, 'excerpts', 'quorum-flap-untimed.log'), untimedExcerpt()],
  ];
  for (const [f, text] of files) {
    writeFileSync(f, text);
    const lines = text.split('\n').length - 1;
    process.stdout.write(`${f.slice(HERE.length + 1).padEnd(38)} ${String(lines).padStart(6)} lines ${String(Buffer.byteLength(text)).padStart(9)} bytes\n`);
  }
}

main();
