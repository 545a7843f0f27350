#!/usr/bin/env node
// Deterministic generator for the sample logs in samples/.
//
//   node samples/generate.mjs            (re)writes every sample file
//
// Plain Node ESM, no dependencies, seeded PRNG: the same script always produces the same bytes.
// Wording follows /work/shared/reference/message-catalog.md (corosync 3.1.9, libknet 1.x,
// pve-cluster 8.x with numeric cs_error_t codes, pve-ha-manager 4.x wording, systemd 252).
//
// The first story (cluster "prod", PVE 8, Europe/Berlin, night of 13/14 December 2025) is
// described in samples/cluster-fence/README.md; the scenarios written after it (rbd-keyring-drift,
// cmap-config-error, guest-lock-stuck, cfs-lock-quorum, planned-reboot) each have their own
// README.md. Keep those files in sync when changing the script; cluster-fence must stay
// byte-identical (the later scenarios run after it and do not touch its random streams).

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

// Offset of local time from UTC in minutes. cluster-fence is CET (+60); other scenarios set
// their own (CEST = +120) before they build anything, see newWorld().
let OFFSET_MIN = 60;
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
function offsetText(colon) {
  const a = Math.abs(OFFSET_MIN);
  return `${OFFSET_MIN < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}
const fmtShortIso = (us) => `${isoLocal(us)}${offsetText(false)}`; // journalctl 252 short-iso
const fmtRfc3339 = (us) => `${isoLocal(us)}.${frac6(us)}${offsetText(true)}`; // rsyslog RSYSLOG_FileFormat
function fmtShort(us) {
  // journalctl -o short ("%b %d %H:%M:%S"): zero-padded day, no year, no zone
  const d = civil(us);
  return `${MON[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
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
    // Seeds derive from the key (scenario:name for the newer samples, the bare name for
    // cluster-fence), so hosts with the same name in different scenarios get their own noise.
    this.key = o.key ?? name;
    this.rng = new Rng(`host:${this.key}`);
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
  exited: ['98e322203f7a4ed290d09fe03c09fe15', 'src/core/service.c', 'service_sigchld_event', 3522],
  failed: ['d9b373ed55a64feb8242e02dbe79a49c', 'src/core/unit.c', 'unit_log_failure', 5503],
  startfailed: ['be02cf6855d2428ba40df7e9d022f03d', 'src/core/job.c', 'job_emit_done_message', 768],
};
function sdx(B, unit, kind) {
  const [id, file, func, line] = SD_IDS[kind];
  const x = { MESSAGE_ID: id, UNIT: unit, CODE_FILE: file, CODE_FUNC: func, CODE_LINE: String(line) };
  x.INVOCATION_ID = hhex(`${B.id}:${unit}`, 32);
  if (kind === 'starting' || kind === 'started') { x.JOB_TYPE = 'start'; }
  if (kind === 'stopping' || kind === 'stopped') { x.JOB_TYPE = 'stop'; }
  if (kind === 'started' || kind === 'stopped') x.JOB_RESULT = 'done';
  if (kind === 'startfailed') { x.JOB_TYPE = 'start'; x.JOB_RESULT = 'failed'; }
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
  const authEvery = cfg.authIntervalS ?? 120;
  for (let t = from + r.int(5, 110) * SEC; authEvery && t < to; t += authEvery * SEC + r.int(-1500, 1500) * MS) {
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

/**
 * The nightly vzdump job started by pvescheduler (task with UPID, INFO lines, mail at the end).
 * o.stuckVmid / o.killAt: the backup of that guest never finishes and the worker is killed
 * (SIGKILL) at o.killAt: no "finished" line, no mail, and the task ends with "unexpected
 * status" because its log has no TASK OK/ERROR line.
 */
function backupJob(h, B, t0, vms, o = {}) {
  const D = B.d;
  const jobPid = B.newPid(t0);
  const job = child(D.pvescheduler, jobPid, 'pvescheduler');
  let t = t0 + 1450 * MS;
  const per = vms.map((vmid) => {
    const mins = h.rng.int(2, 6), secs = h.rng.int(3, 58);
    const s = t; t += (mins * 60 + secs) * SEC + h.rng.int(200, 900) * MS;
    return { vmid, s, e: t, dur: `00:${pad(mins)}:${pad(secs)}` };
  });
  const killed = o.killAt !== undefined;
  const tEnd = killed ? o.killAt + 31 * MS : t + 340 * MS;
  const u = task(h, B, job, t0 + 16 * MS, tEnd, 'vzdump', '', {
    workerPid: B.childPid(jobPid),
    status: killed ? 'unexpected status' : undefined,
    body: (w) => {
      h.add(t0 + 1200 * MS, w, "INFO: starting new backup job: vzdump --all 1 --compress zstd --mailnotification always --mode snapshot --notes-template '{{guestname}}' --quiet 1 --storage backup-nfs");
      for (const v of per) {
        h.add(v.s, w, `INFO: Starting Backup of VM ${v.vmid} (qemu)`);
        if (v.vmid === o.stuckVmid) break;
        h.add(v.e, w, `INFO: Finished Backup of VM ${v.vmid} (${v.dur})`);
      }
      if (!killed) h.add(tEnd - 120 * MS, w, 'INFO: Backup job finished successfully');
    },
  });
  if (!killed) mail(h, B, tEnd + 210 * MS, h.rng.int(4900, 9800));
  per.upid = u;
  return per;
}

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
  const backup = backupJob;
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

/** corosync 3.1.9 starting on a node whose peers are not reachable yet (o: ring, nodeid, peers, ringId). */
function corosyncStartLines(o) {
  return [
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
    ['TOTEM', `Configured link number 0: local addr: ${o.ring}, port=5405`, 6],
    ['KNET', `link: Resetting MTU for link 0 because host ${o.nodeid} joined`, 6],
    ...o.peers.flatMap((p) => [
      ['KNET', `host: host: ${p} (passive) best link: 0 (pri: 1)`, 6],
      ['KNET', `host: host: ${p} has no active links`, 4],
    ]),
    ['QUORUM', `Sync members[1]: ${o.nodeid}`, 5],
    ['QUORUM', `Sync joined[1]: ${o.nodeid}`, 5],
    ['TOTEM', `A new membership (${o.ringId}) was formed. Members joined: ${o.nodeid}`, 5],
    ['QUORUM', `Members[1]: ${o.nodeid}`, 5],
    ['MAIN', 'Completed service synchronization, ready to provide service.', 5],
  ];
}

/**
 * A PVE 8 node booting: kernel ring buffer, journald, systemd units up to pve-ha-lrm, with
 * pmxcfs starting before corosync (the usual *_initialize failed: 2 lines) and corosync coming
 * up alone. t0 is when journald in the initrd reads the kernel ring buffer (true time).
 * o: kver, kbuild, unclean (journal file was not closed), node, ip, ring, nodeid, peers,
 * ringId (singleton membership), members (pmxcfs "members:" list of the singleton),
 * cfgVersion, cluster. Returns the time the last unit finished plus the unit helpers.
 */
function bootUp(h, B, t0, o) {
  const D = B.d;
  const S = D.systemd;
  const mid = h.machineId;
  let t = t0;
  const k = [
    `Linux version ${o.kver} (build@proxmox) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC ${o.kbuild} x86_64`,
    `Command line: initrd=\\EFI\\proxmox\\${o.kver}\\initrd.img-${o.kver} root=ZFS=rpool/ROOT/pve-1 boot=zfs`,
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
    `Kernel command line: initrd=\\EFI\\proxmox\\${o.kver}\\initrd.img-${o.kver} root=ZFS=rpool/ROOT/pve-1 boot=zfs`,
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
    `Hostname set to <${h.name}>.`,
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
    if (o.unclean) h.add(tt + 20 * MS, D.journald, `File /var/log/journal/${mid}/system.journal corrupted or uncleanly shut down, renaming and replacing.`, { prio: 4 });
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
      ['main', 'notice', `resolved node name '${h.name}' to '${o.ip}' for default node IP address`],
      ['main', 'notice', `resolved node name '${h.name}' to '${o.ip}' for default node IP address`],
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
    const lines = corosyncStartLines(o);
    burst((t2, l) => h.add(t2, D.corosync, cs(l[0], l[1]), { prio: l[2] }), tt + 20 * MS, lines, 41 * MS);
  });
  // pmxcfs retries its corosync services every few seconds: now they come up (singleton, no quorum yet)
  {
    const tt = tCoro + 3100 * MS;
    const lines = [
      ['status', 'notice', `update cluster info (cluster name  ${o.cluster}, version = ${o.cfgVersion})`],
      ['dcdb', 'notice', `members: ${o.members}`],
      ['dcdb', 'notice', 'all data is up to date'],
      ['status', 'notice', `members: ${o.members}`],
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
  return { t, unitStart, daemonStart };
}

/** pve3's second boot: kernel, systemd, PVE services, cluster join. */
function bootSequence() {
  const h = hosts.pve3;
  const B = h.boots[1];
  const D = B.d;
  const S = D.systemd;
  let { t, unitStart, daemonStart } = bootUp(h, B, D14('03:13:55.402'), {
    kver: '6.8.12-4-pve', kbuild: 'PMX 6.8.12-4 (2024-11-06T15:04Z)', unclean: true, ip: '10.10.10.13',
    ring: '10.10.20.13', nodeid: 3, peers: [1, 2], ringId: '3.5e', members: '3/1276', cfgVersion: 3, cluster: CLUSTER,
  });

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
  const r = new Rng(`stamp:${h.key}`);
  return h.sorted().map((e) => {
    const lag = e.d.transport === 'kernel' ? 0 : r.int(18, 420);
    const rt = Math.max(prevRt + 1, e.t + lag);
    prevRt = rt;
    return { e, rt };
  });
}

/**
 * journald's view of each event: the field set `journalctl -o json` / `-o export` print, in
 * insertion order (the renderers reorder). seed names the per-file random stream (cursor x=).
 */
function journalEntries(h, seed) {
  const out = [];
  let seq = h.seqStart;
  const r = new Rng(`${seed}:${h.key}`);
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
    out.push(f);
  }
  return out;
}

function renderJson(h) {
  const out = journalEntries(h, 'json').map((f) => {
    const keys = orderKeys(Object.keys(f));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(f[k])}`).join(',')}}`;
  });
  return `${out.join('\n')}\n`;
}

const tagOf = (d) => (d.transport === 'kernel' ? 'kernel:' : `${d.ident}[${d.pid}]:`);

/** rsyslog RSYSLOG_FileFormat, /var/log/syslog on bookworm: everything but auth/authpriv. */
function renderRsyslog(h) {
  const out = [];
  const r = new Rng(`rsyslog:${h.key}`);
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

/** journalctl -o short (systemd 252): "Mar 10 06:55:40 pve2 …", no year, boot separators. */
function renderShort(h) {
  const out = [];
  let lastBoot = null;
  for (const { e, rt } of stamp(h)) {
    if (lastBoot && e.boot !== lastBoot) out.push(`-- Boot ${e.boot.id} --`);
    lastBoot = e.boot;
    const shown = e.d.transport === 'journal' ? e.t : rt;
    out.push(`${fmtShort(shown)} ${h.name} ${tagOf(e.d)} ${e.msg}`);
  }
  return `${out.join('\n')}\n`;
}

const EXPORT_HEAD = ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID'];
const exportOrderCache = new Map();
/** Field order after the fixed header: the journal file's data-object order, stable per key set. */
function orderExportKeys(keys) {
  const sig = keys.join(',');
  let o = exportOrderCache.get(sig);
  if (!o) {
    o = keys.filter((k) => !EXPORT_HEAD.includes(k))
      .sort((a, b) => fnv1a(`${KEY_SALT}:export:${a}`) - fnv1a(`${KEY_SALT}:export:${b}`));
    exportOrderCache.set(sig, o);
  }
  return o;
}

/** journalctl -o export (systemd 252): header fields first, NAME=value lines, blank line after each entry. */
function renderExport(h) {
  const out = [];
  for (const f of journalEntries(h, 'export')) {
    for (const k of [...EXPORT_HEAD, ...orderExportKeys(Object.keys(f))]) {
      const v = f[k];
      if (/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) throw new Error(`export: ${k} would need binary framing`);
      out.push(`${k}=${v}`);
    }
    out.push('');
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
 * More scenarios. Each builds a small world of its own (hosts, boots, who receives whose
 * cluster-log entries) with the helpers above, then renders every node in one format.
 * ---------------------------------------------------------------------------------------- */

const stdPids = (o) => ({ journald: 412, udevd: 437, logind: 812, wdmux: 858, qmeventd: 861, smartd: 866, chronyd: 871,
  cron: 905, sshd: 1012, qmgr: 1305, ...o });

/** Start a new world: local offset (minutes east of UTC) and which nodes share one pmxcfs. */
function newWorld(offsetMin, sameCfs) {
  OFFSET_MIN = offsetMin;
  for (const k of Object.keys(hosts)) delete hosts[k];
  cluster.sameCfs = sameCfs ?? (() => true);
}

function scenarioHost(scn, name, o) {
  const h = new Host(name, { key: `${scn}:${name}`, machineId: hhex(`machine:${scn}:${name}`, 32),
    seqnumId: hhex(`seqnum:${scn}:${name}`, 32), ...o });
  hosts[name] = h;
  return h;
}

function scenarioBoot(h, scn, tag, o) {
  const B = h.addBoot({ id: hhex(`boot:${scn}:${h.name}:${tag}`, 32), ...o });
  B.proxyWorkers = o.proxyWorkers;
  B.daemonWorkers = o.daemonWorkers;
  B.spiceWorkers = o.spiceWorkers ?? [];
  B.smartPhase = o.smartPhase;
  B.temps = {};
  return B;
}

/** Background noise for a short window: fewer worker restarts, no API poller unless asked. */
const QUIET_NOISE = { proxyMeanS: 540, daemonMeanS: 4000, spiceChurn: false, datasets: 6,
  disks: [['/dev/sda', 'SAT'], ['/dev/sdb', 'SAT']], authIntervalS: 0 };

/** A root shell command run inside ssh session sid (qm, pvecm …); PVE CLIs log under their name. */
function cliProc(B, ident, pid, cmdline, sid) {
  return { ...B.d.pvedaemon, ident, pid, comm: ident.slice(0, 15), cmdline, unit: `session-${sid}.scope`, slice: 'user-0.slice',
    cgroup: `/user.slice/user-0.slice/session-${sid}.scope` };
}

/** The pvedaemon worker serving a GUI/API request at time t. */
const apiWorker = (B, t, i = 0) => child(B.d.pvedaemon, B.daemonWorkersAt(t)[i % B.daemonWorkers.length], 'pvedaemon worker');

/** GUI login (ticket) on node h; like every cluster-log message it is "received" by the peers. */
function guiLogin(h, B, t, i = 0) {
  h.add(t, apiWorker(B, t, i), "<root@pam> successful auth for user 'root@pam'");
  cluster.clusterLog(h.name, t);
}

/** corosync and pmxcfs lines in one go: ['c', TAG, text, prio?] or ['p', domain, level, text]. */
function emit(hname, t, lines, step = 400) {
  burst((tt, l) => (l[0] === 'c' ? corosyncLine(hname, tt, l[1], l[2], l[3] ?? 5) : pmx(hname, tt, l[1], l[2], l[3])), t, lines, step);
  return t + lines.length * step;
}

function nicOn(hname, t, up, dev = 'eno2', pci = '0000:04:00.1') {
  say(hname, t, 'kernel', up
    ? `igb ${pci} ${dev}: igb: ${dev} NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX`
    : `igb ${pci} ${dev}: igb: ${dev} NIC Link is Down`, 6);
}

function sysd(h, B, t, msg, unit, kind) {
  h.add(t, B.d.systemd, msg, { extra: sdx(B, unit, kind) });
}

/** systemd stopping a unit; body(t) may log and returns when the process was gone. */
function unitStop(h, B, t, unit, desc, cpu, body) {
  sysd(h, B, t, `Stopping ${unit} - ${desc}...`, unit, 'stopping');
  const te = body ? body(t + 2 * MS) : t + 35 * MS;
  sysd(h, B, te, `${unit}: Deactivated successfully.`, unit, 'success');
  sysd(h, B, te + 300, `Stopped ${unit} - ${desc}.`, unit, 'stopped');
  if (cpu) sysd(h, B, te + 600, `${unit}: Consumed ${cpu} CPU time.`, unit, 'resources');
  return te + 1 * MS;
}

/** A unit whose main process exited non-zero (status like '8/n/a' or '1/FAILURE'). */
function unitFailed(h, B, t, unit, desc, status) {
  const [code] = status.split('/');
  h.add(t, B.d.systemd, `${unit}: Main process exited, code=exited, status=${status}`,
    { extra: { ...sdx(B, unit, 'exited'), EXIT_CODE: 'exited', EXIT_STATUS: code } });
  sysd(h, B, t + 400, `${unit}: Failed with result 'exit-code'.`, unit, 'failed');
  sysd(h, B, t + 700, `Failed to start ${unit} - ${desc}.`, unit, 'startfailed');
}

/** corosync 3.1.9 shutting down after `corosync-cfgtool -H --force` (the unit's ExecStop). */
function corosyncExitLines() {
  const w = ['QB', 'withdrawing server sockets', 6];
  return [
    ['SERV', 'Unloading all Corosync service engines.', 5], w,
    ['SERV', 'Service engine unloaded: corosync vote quorum service v1.0', 5], w,
    ['SERV', 'Service engine unloaded: corosync configuration map access', 5], w,
    ['SERV', 'Service engine unloaded: corosync configuration service', 5], w,
    ['SERV', 'Service engine unloaded: corosync cluster closed process group service v1.01', 5], w,
    ['SERV', 'Service engine unloaded: corosync cluster quorum service v0.1', 5],
    ['SERV', 'Service engine unloaded: corosync profile loading service', 5],
    ['SERV', 'Service engine unloaded: corosync resource monitoring service', 5],
    ['SERV', 'Service engine unloaded: corosync watchdog service', 5],
    ['MAIN', 'Corosync Cluster Engine exiting normally', 5],
  ];
}

/** pmxcfs right after the local corosync went away (pve-cluster 8.x: numeric cs_error_t). */
const PMXCFS_COROSYNC_GONE = [
  ['p', 'quorum', 'crit', 'quorum_dispatch failed: 2'],
  ['p', 'status', 'notice', 'node lost quorum'],
  ['p', 'dcdb', 'crit', 'cpg_dispatch failed: 2'],
  ['p', 'dcdb', 'crit', 'cpg_leave failed: 2'],
  ['p', 'confdb', 'crit', 'cmap_dispatch failed: 2'],
  ['p', 'status', 'crit', 'cpg_dispatch failed: 2'],
  ['p', 'status', 'crit', 'cpg_leave failed: 2'],
  ['p', 'quorum', 'crit', 'quorum_initialize failed: 2'],
  ['p', 'quorum', 'crit', "can't initialize service"],
  ['p', 'confdb', 'crit', 'cmap_initialize failed: 2'],
  ['p', 'confdb', 'crit', "can't initialize service"],
  ['p', 'dcdb', 'notice', 'start cluster connection'],
  ['p', 'dcdb', 'crit', 'cpg_initialize failed: 2'],
  ['p', 'dcdb', 'crit', "can't initialize service"],
  ['p', 'status', 'notice', 'start cluster connection'],
  ['p', 'status', 'crit', 'cpg_initialize failed: 2'],
  ['p', 'status', 'crit', "can't initialize service"],
];
/** pmxcfs retries its four corosync clients every 6 s; only the first failure says "can't initialize service". */
const PMXCFS_RETRY = [
  ['p', 'quorum', 'crit', 'quorum_initialize failed: 2'],
  ['p', 'confdb', 'crit', 'cmap_initialize failed: 2'],
  ['p', 'dcdb', 'crit', 'cpg_initialize failed: 2'],
  ['p', 'status', 'crit', 'cpg_initialize failed: 2'],
];

/** Write one scenario directory: files = [[name, text]], printed like the cluster-fence files. */
function writeScenario(dir, files) {
  const d = join(HERE, dir);
  mkdirSync(d, { recursive: true });
  for (const [name, text] of files) {
    writeFileSync(join(d, name), text);
    const lines = text.split('\n').length - 1;
    process.stdout.write(`${`${dir}/${name}`.padEnd(38)} ${String(lines).padStart(6)} lines ${String(Buffer.byteLength(text)).padStart(9)} bytes\n`);
  }
}

/** Keep only events inside [from, to) (host-local times, like the cluster-fence window). */
function clip(from, to) {
  for (const h of Object.values(hosts)) h.events = h.events.filter((e) => e.t >= from + h.skew && e.t < to + h.skew);
}

/* ---- rbd-keyring-drift: two standalone hosts, one Ceph cluster, two copies of the keyring ---- */

function scenarioRbdKeyringDrift() {
  const scn = 'rbd-keyring-drift';
  newWorld(60, (a, b) => a === b); // two single-node installations: no shared cluster log
  const D = (hms) => T(`2026-01-20T${hms}`);
  const from = D('21:45:00'), to = D('22:35:00');
  const pve1 = scenarioHost(scn, 'pve1', { mgmtIp: '10.10.10.11', skew: 0, seqStart: 0x1b2c3d });
  const pve2 = scenarioHost(scn, 'pve2', { mgmtIp: '10.10.10.12', skew: 187_342, seqStart: 0x2a4f10 });
  const b1 = scenarioBoot(pve1, scn, 'a', { kstart: T('2026-01-02T10:41:17.220'), pidBase: 912_000, pidRate: 0.92,
    pidT0: D('12:00:00'), firstSession: 288,
    pids: stdPids({ pmxcfs: 1188, pvefw: 1360, pvestatd: 1366, pvedaemon: 1402, crm: 1419, pveproxy: 1431, spiceproxy: 1438,
      lrm: 1444, pvescheduler: 1447, pickup: 905_331 }),
    proxyWorkers: [938_112, 940_877, 943_501], daemonWorkers: [861_220, 902_114, 930_387], smartPhase: D('21:40:11.3') });
  const b2 = scenarioBoot(pve2, scn, 'a', { kstart: T('2025-12-29T16:02:44.810'), pidBase: 1_204_000, pidRate: 1.05,
    pidT0: D('12:00:00'), firstSession: 173,
    pids: stdPids({ journald: 409, logind: 809, pmxcfs: 1203, pvefw: 1371, pvestatd: 1377, pvedaemon: 1418, crm: 1432,
      pveproxy: 1440, spiceproxy: 1447, lrm: 1452, pvescheduler: 1461, pickup: 1_199_006 }),
    proxyWorkers: [1_239_480, 1_241_093, 1_242_771], daemonWorkers: [1_101_558, 1_187_240, 1_229_914], smartPhase: D('21:42:50.6') });
  noise(pve1, b1, from, to, QUIET_NOISE);
  noise(pve2, b2, from, to, { ...QUIET_NOISE, authIntervalS: 300, datasets: 5 });

  // pve2: its copy of /etc/pve/priv/ceph/ceph-vm.keyring still holds the old client.admin key,
  // so every status poll of the storage fails (pvestatd warns every cycle), until 22:17:04.
  const tFix = D('22:17:04.120');
  for (let t = from + 3214 * MS; t < tFix; t += 10 * SEC + pve2.rng.int(2, 60) * MS) {
    pve2.add(t, b2.d.pvestatd, 'rados_connect failed - Permission denied', { prio: 4 });
  }

  // The operator logs in to pve2's GUI and starts VM 101 (disk ceph-vm:vm-101-disk-0) twice.
  guiLogin(pve2, b2, D('21:52:10.441'), 1);
  const failedStart = (t0) => task(pve2, b2, apiWorker(b2, t0, 2), t0, t0 + 716 * MS, 'qmstart', '101', {
    status: 'start failed: QEMU exited with code 1',
    body: (w, u) => {
      pve2.add(t0 + 22 * MS, w, `start VM 101: ${u}`);
      sysd(pve2, b2, t0 + 311 * MS, 'Started 101.scope.', '101.scope', 'started');
      sysd(pve2, b2, t0 + 604 * MS, '101.scope: Deactivated successfully.', '101.scope', 'success');
      pve2.add(t0 + 690 * MS, w, 'start failed: QEMU exited with code 1', { prio: 3 });
    },
  });
  const tFirst = D('21:58:12.402');
  const upidFirst = failedStart(tFirst);
  failedStart(D('22:01:37.905'));

  // pve1: same storage definition, its own (current) keyring copy. The operator compares: a
  // test VM on ceph-vm starts fine there, pvestatd on pve1 is quiet all evening. First the test
  // VM gets a fresh 4 GiB disk on ceph-vm (qm set logs its parameters, API2/Qemu.pm
  // update_vm: "update VM %d: -key value ..."), which is how the log ties VM 110 to ceph-vm.
  sshSession(pve1, b1, D('22:05:51.230'), D('22:21:30.884'), '10.10.10.100', 'ED25519', FP.admin, {
    body: ({ sid }) => {
      const t0 = D('22:08:02.614');
      const qmPid = b1.newPid(t0);
      // A PID of its own without drawing from the host's random stream (the rest stays as it was).
      const setPid = qmPid - 211;
      b1.usedPids.add(setPid);
      pve1.add(t0 - 44_219 * MS, cliProc(b1, 'qm', setPid, '/usr/bin/perl /usr/sbin/qm set 110 --scsi0 ceph-vm:4,iothread=on', sid),
        '<root@pam> update VM 110: -scsi0 ceph-vm:4,iothread=on');
      const qm = cliProc(b1, 'qm', qmPid, '/usr/bin/perl /usr/sbin/qm start 110', sid);
      task(pve1, b1, qm, t0 + 31 * MS, t0 + 2118 * MS, 'qmstart', '110', {
        workerPid: b1.childPid(qmPid),
        body: (w, u) => {
          pve1.add(t0 + 52 * MS, w, `start VM 110: ${u}`);
          sysd(pve1, b1, t0 + 402 * MS, 'Started 110.scope.', '110.scope', 'started');
          tapUp('pve1', t0 + 881 * MS, 110, 2);
        },
      });
    },
  });
  // pve2: the operator copies pve1's keyring over (scp from pve2 pulls it from pve1: an ssh
  // login from 10.10.10.12 on pve1), and VM 101 starts.
  sshSession(pve2, b2, D('22:12:30.077'), D('22:24:10.512'), '10.10.10.100', 'ED25519', FP.admin);
  sshSession(pve1, b1, D('22:17:02.806'), D('22:17:04.071'), '10.10.10.12', 'ED25519', new Rng('fp:pve2-root').b64(43),
    { keepUserMgr: true });
  {
    const t0 = D('22:18:41.377');
    task(pve2, b2, apiWorker(b2, t0, 0), t0, t0 + 1704 * MS, 'qmstart', '101', {
      body: (w, u) => {
        pve2.add(t0 + 24 * MS, w, `start VM 101: ${u}`);
        sysd(pve2, b2, t0 + 318 * MS, 'Started 101.scope.', '101.scope', 'started');
        tapUp('pve2', t0 + 902 * MS, 101, 3);
      },
    });
  }
  clip(from, to);

  // The task log of the first attempt (/var/log/pve/tasks/<X>/<UPID>): QEMU's and librados'
  // stderr end up here, not in the journal. The Ceph client stamps its own lines.
  const tk = tFirst + pve2.skew + 418 * MS;
  const cephTs = (us) => `${isoLocal(us)}.${pad(Math.floor((us % SEC) / 1000), 3)}${offsetText(false)}`;
  const taskLog = [
    `${cephTs(tk)} 7f3c2effd6c0 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]`,
    `${cephTs(tk + 211)} 7f3c2f7fe6c0 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]`,
    `${cephTs(tk + 1307)} 7f3c2e7fc6c0 -1 monclient(hunting): handle_auth_bad_method server allowed_methods [2] but i only support [2]`,
    'kvm: -drive file=rbd:vm-pool/vm-101-disk-0:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/ceph-vm.keyring,if=none,id=drive-scsi0,cache=writeback,format=raw,aio=io_uring,detect-zeroes=on: error connecting: Permission denied',
    'TASK ERROR: start failed: QEMU exited with code 1',
  ];
  writeScenario(scn, [
    ['pve1.export', renderExport(pve1)],
    ['pve2.syslog', renderRsyslog(pve2)],
    ['pve2-task-qmstart-101.log', `${taskLog.join('\n')}\n`],
  ]);
  return { upidFirst };
}

/* ---- cmap-config-error: a typo in corosync.conf keeps corosync on pve3 from starting ---- */

/** The site's health check (a systemd timer running `pvecm status`); its stderr lands in the journal. */
function clusterHealth(h, B, t, failure) {
  const unit = 'cluster-health.service', desc = 'Cluster health check';
  if (!failure) {
    serviceRun(h, B, t, unit, desc, 418 * MS, null);
    return;
  }
  sysd(h, B, t, `Starting ${unit} - ${desc}...`, unit, 'starting');
  const d = { ...B.d.qmeventd, ident: 'cluster-health', pid: B.newPid(t), comm: 'cluster-health', exe: '/usr/bin/bash',
    cmdline: '/bin/bash /usr/local/sbin/cluster-health', unit, cgroup: `/system.slice/${unit}` };
  h.add(t + 391 * MS, d, failure, { prio: 6 });
  unitFailed(h, B, t + 402 * MS, unit, desc, '1/FAILURE');
}

function scenarioCmapConfigError() {
  const scn = 'cmap-config-error';
  newWorld(60);
  const D = (hms) => T(`2026-02-10T${hms}`);
  const from = D('22:58:00'), to = D('23:38:00');
  const pve1 = scenarioHost(scn, 'pve1', { nodeid: 1, mgmtIp: '10.10.10.11', ringIp: '10.10.20.11', skew: 0, seqStart: 0x4c1a22 });
  const pve2 = scenarioHost(scn, 'pve2', { nodeid: 2, mgmtIp: '10.10.10.12', ringIp: '10.10.20.12', skew: 262_118, seqStart: 0x4b0e97 });
  const pve3 = scenarioHost(scn, 'pve3', { nodeid: 3, mgmtIp: '10.10.10.13', ringIp: '10.10.20.13', skew: -174_530, seqStart: 0x47d3f0 });
  const b1 = scenarioBoot(pve1, scn, 'a', { kstart: T('2026-01-27T08:12:40.331'), pidBase: 1_402_000, pidRate: 1.15,
    pidT0: D('12:00:00'), firstSession: 212,
    pids: stdPids({ pmxcfs: 1259, corosync: 1402, pvefw: 1415, pvestatd: 1421, pvedaemon: 1466, crm: 1478, pveproxy: 1487,
      spiceproxy: 1493, lrm: 1502, pvescheduler: 1514, pickup: 1_391_870 }),
    proxyWorkers: [1_438_227, 1_440_915, 1_443_002], daemonWorkers: [1_301_448, 1_377_160, 1_425_873], smartPhase: D('22:50:31.7') });
  const b2 = scenarioBoot(pve2, scn, 'a', { kstart: T('2026-01-27T08:31:02.874'), pidBase: 1_377_000, pidRate: 1.12,
    pidT0: D('12:00:00'), firstSession: 198,
    pids: stdPids({ journald: 409, logind: 809, pmxcfs: 1288, corosync: 1417, pvefw: 1430, pvestatd: 1436, pvedaemon: 1481,
      crm: 1495, pveproxy: 1503, spiceproxy: 1510, lrm: 1519, pvescheduler: 1530, pickup: 1_368_413 }),
    proxyWorkers: [1_410_006, 1_412_380, 1_415_551], daemonWorkers: [1_288_917, 1_350_228, 1_399_604], smartPhase: D('22:51:12.0') });
  const b3 = scenarioBoot(pve3, scn, 'a', { kstart: T('2026-01-27T08:47:19.506'), pidBase: 1_355_000, pidRate: 1.09,
    pidT0: D('12:00:00'), firstSession: 187,
    pids: stdPids({ journald: 415, logind: 815, pmxcfs: 1271, corosync: 1399, pvefw: 1411, pvestatd: 1418, pvedaemon: 1463,
      crm: 1477, pveproxy: 1486, spiceproxy: 1492, lrm: 1500, pvescheduler: 1512, pickup: 1_346_002 }),
    proxyWorkers: [1_386_713, 1_389_040, 1_391_299], daemonWorkers: [1_270_115, 1_331_872, 1_378_540], smartPhase: D('22:49:58.4') });
  noise(pve1, b1, from, to, QUIET_NOISE);
  noise(pve2, b2, from, to, { ...QUIET_NOISE, authIntervalS: 600 });
  noise(pve3, b3, from, to, { ...QUIET_NOISE, authIntervalS: 600, datasets: 5 });

  const all = ['pve1', 'pve2', 'pve3'];
  const both = ['pve1', 'pve2'];
  const tDown = D('23:09:40.011'); // systemctl restart corosync on pve3
  const tUp = D('23:14:49.602'); // systemctl start corosync on pve3, with the repaired file
  // The health-check timer (every 10 minutes) on every node; on pve3 it fails while corosync is down.
  for (const [h, B, off] of [[pve1, b1, 2417], [pve2, b2, 3106], [pve3, b3, 2822]]) {
    for (let t = D('23:00:00') + off * MS; t < to; t += 10 * MIN) clusterHealth(h, B, t, h === pve3 && t > tDown && t < tUp ? 'Cannot initialize CMAP service' : null);
  }

  // 23:04:55 the admin (ssh on pve1) saves /etc/pve/corosync.conf with config_version 4: token
  // raised to 5000 ms, and by mistake pve3's ring0_addr 10.10.20.13 typed as 10.10.20.31. pmxcfs
  // writes the file on every node and runs `corosync-cfgtool -R` there; each of the three reload
  // requests is refused on every node because a live link address would change.
  sshSession(pve1, b1, D('23:02:31.554'), D('23:27:48.102'), '10.10.10.100', 'ED25519', FP.admin);
  const tw = D('23:04:55.210');
  all.forEach((n, i) => pmx(n, tw + [0, 6, 9][i] * MS, 'dcdb', 'notice', "wrote new corosync config '/etc/corosync/corosync.conf' (version = 4)"));
  for (const n of all) {
    for (const [k, req] of [[0, 1], [1, 2], [2, 3]]) {
      const t = tw + 41 * MS + k * 13 * MS + hosts[n].rng.int(0, 900);
      corosyncLine(n, t, 'CFG', `Config reload requested by node ${req}`);
      corosyncLine(n, t + 310, 'TOTEM', 'new config has different address for link 0 (addr changed from 10.10.20.13 to 10.10.20.31). Internal value was NOT changed.', 3);
      corosyncLine(n, t + 390, 'CFG', 'Cannot configure new interface definitions: To reconfigure an interface it must be deleted and recreated. A working interface needs to be available to corosync at all times', 3);
    }
  }

  // 23:09:40 the admin restarts corosync on pve3 to apply the change. The stop is clean
  // (corosync-cfgtool -H --force), the start fails on the typo: exit status 8.
  sshSession(pve3, b3, D('23:09:08.406'), D('23:20:31.950'), '10.10.10.100', 'ED25519', FP.admin);
  sysd(pve3, b3, tDown, 'Stopping corosync.service - Corosync Cluster Engine...', 'corosync.service', 'stopping');
  all.forEach((n, i) => corosyncLine(n, tDown + 27 * MS + i * 211, 'CFG', 'Node 3 was shut down by sysadmin'));
  burst((t, l) => corosyncLine('pve3', t, l[0], l[1], l[2]), tDown + 31 * MS, corosyncExitLines(), 1300);
  emit('pve3', tDown + 58 * MS, PMXCFS_COROSYNC_GONE, 310);
  {
    const te = tDown + 118 * MS;
    sysd(pve3, b3, te, 'corosync.service: Deactivated successfully.', 'corosync.service', 'success');
    sysd(pve3, b3, te + 300, 'Stopped corosync.service - Corosync Cluster Engine.', 'corosync.service', 'stopped');
    sysd(pve3, b3, te + 600, 'corosync.service: Consumed 3h 52min 18.604s CPU time.', 'corosync.service', 'resources');
    sysd(pve3, b3, te + 3 * MS, 'Starting corosync.service - Corosync Cluster Engine...', 'corosync.service', 'starting');
    const c2 = child(b3.d.corosync, b3.newPid(te + 4 * MS));
    const lines = [
      ['MAIN', 'Corosync Cluster Engine 3.1.9 starting up', 5],
      ['MAIN', 'Corosync built-in features: dbus monitoring watchdog systemd xmlconf vqsim nozzle snmp pie relro bindnow', 6],
      ['MAIN', 'parse error in config: No valid name found for local host', 3],
      ['MAIN', 'Corosync Cluster Engine exiting with status 8 at main.c:1456.', 3],
    ];
    burst((t, l) => pve3.add(t, c2, cs(l[0], l[1]), { prio: l[2] }), te + 21 * MS, lines, 2400);
    unitFailed(pve3, b3, te + 48 * MS, 'corosync.service', 'Corosync Cluster Engine', '8/n/a');
  }
  // pve1 + pve2: pve3 left cleanly (no token loss, no "Failed to receive the leave message")
  for (const n of both) {
    const t = tDown + 93 * MS + (n === 'pve2' ? 3 * MS : 0);
    emit(n, t, [
      ['c', 'QUORUM', 'Sync members[2]: 1 2'],
      ['c', 'QUORUM', 'Sync left[1]: 3'],
      ['c', 'TOTEM', 'A new membership (1.7e) was formed. Members left: 3'],
      ['p', 'dcdb', 'notice', 'members: 1/1259, 2/1288'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1259, 2/1288'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[2]: 1 2'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1259/00000004)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1259/00000004)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1259'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1259, 2/1288'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (0) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ], 410);
    knetDown(n, tDown + 2317 * MS + (n === 'pve2' ? 12 * MS : 0), [3]);
  }
  // pve3 without corosync: no quorum, pmxcfs retries its corosync clients every 6 s
  say('pve3', tDown + 4218 * MS, 'crm', 'status change slave => wait_for_quorum');
  for (let t = tDown + 58 * MS + 6 * SEC; t < tUp + 1200 * MS; t += 6 * SEC + pve3.rng.int(0, 40) * MS) emit('pve3', t, PMXCFS_RETRY, 280);
  for (let m = 10; m <= 14; m++) {
    const sched = child(b3.d.pvescheduler, b3.newPid(D(`23:${m}:00.207`)), 'pvescheduler');
    pve3.add(D(`23:${m}:10.698`), sched, "replication: cfs-lock 'file-replication_cfg' error: no quorum!", { prio: 3 });
    pve3.add(D(`23:${m}:10.711`), child(sched, sched.pid + 1), "jobs: cfs-lock 'file-jobs_cfg' error: no quorum!", { prio: 3 });
  }

  // 23:13:10 fixed on pve1 (config_version 5): pve1 and pve2 reload fine; pve3's pmxcfs is not
  // connected, so the admin copies the file over (scp, seen as an ssh login from 10.10.10.13 on
  // pve1) and starts corosync.
  const tf = D('23:13:10.388');
  both.forEach((n, i) => pmx(n, tf + i * 5 * MS, 'dcdb', 'notice', "wrote new corosync config '/etc/corosync/corosync.conf' (version = 5)"));
  for (const n of both) [1, 2].forEach((req, k) => corosyncLine(n, tf + 44 * MS + k * 12 * MS + hosts[n].rng.int(0, 700), 'CFG', `Config reload requested by node ${req}`));
  sshSession(pve1, b1, D('23:14:31.240'), D('23:14:32.515'), '10.10.10.13', 'ED25519', new Rng('fp:pve3-root').b64(43), { keepUserMgr: true });

  sysd(pve3, b3, tUp, 'Starting corosync.service - Corosync Cluster Engine...', 'corosync.service', 'starting');
  {
    const c3 = child(b3.d.corosync, b3.newPid(tUp + 1 * MS));
    const start = corosyncStartLines({ ring: '10.10.20.13', nodeid: 3, peers: [1, 2], ringId: '3.82' });
    burst((t, l) => pve3.add(t, c3, cs(l[0], l[1]), { prio: l[2] }), tUp + 18 * MS, start, 9 * MS);
    const tReady = tUp + 18 * MS + start.length * 9 * MS;
    sysd(pve3, b3, tReady + 2 * MS, 'Started corosync.service - Corosync Cluster Engine.', 'corosync.service', 'started');
    const tj = tReady + 1420 * MS;
    knetUp('pve3', tj, [1, 2]);
    const jl = [
      ['QUORUM', 'Sync members[3]: 1 2 3'],
      ['QUORUM', 'Sync joined[2]: 1 2'],
      ['TOTEM', 'A new membership (1.86) was formed. Members joined: 1 2'],
      ['QUORUM', 'This node is within the primary component and will provide service.'],
      ['QUORUM', 'Members[3]: 1 2 3'],
      ['MAIN', 'Completed service synchronization, ready to provide service.'],
    ];
    burst((t, l) => pve3.add(t, c3, cs(l[0], l[1]), { prio: 5 }), tj + 690 * MS, jl, 380);
    for (const n of both) {
      const dt = n === 'pve2' ? 7 * MS : 0;
      knetUp(n, tj + 35 * MS + dt, [3]);
      emit(n, tj + 690 * MS + dt, [
        ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
        ['c', 'QUORUM', 'Sync joined[1]: 3'],
        ['c', 'TOTEM', 'A new membership (1.86) was formed. Members joined: 3'],
        ['c', 'QUORUM', 'Members[3]: 1 2 3'],
        ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ], 380);
    }
    // pmxcfs on pve3 connects at its next retry; the CPG groups of all three resync
    const tc = D('23:14:55.731');
    emit('pve3', tc, [
      ['p', 'status', 'notice', 'update cluster info (cluster name  prod, version = 5)'],
      ['p', 'status', 'notice', 'node has quorum'],
      ['p', 'dcdb', 'notice', 'members: 1/1259, 2/1288, 3/1271'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1259, 2/1288, 3/1271'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1259/00000005)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1259/00000005)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1259'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1259, 2/1288'],
      ['p', 'dcdb', 'notice', 'waiting for updates from leader'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
      ['p', 'dcdb', 'notice', 'update complete - trying to commit (got 3 inode updates)'],
      ['p', 'dcdb', 'notice', 'all data is up to date'],
    ], 520);
    for (const n of both) {
      emit(n, tc + 412 + (n === 'pve2' ? 2 * MS : 0), [
        ['p', 'dcdb', 'notice', 'members: 1/1259, 2/1288, 3/1271'],
        ['p', 'dcdb', 'notice', 'starting data syncronisation'],
        ['p', 'status', 'notice', 'members: 1/1259, 2/1288, 3/1271'],
        ['p', 'status', 'notice', 'starting data syncronisation'],
        ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1259/00000005)'],
        ['p', 'status', 'notice', 'received sync request (epoch 1/1259/00000005)'],
        ['p', 'dcdb', 'notice', 'received all states'],
        ['p', 'dcdb', 'notice', 'leader is 1/1259'],
        ['p', 'dcdb', 'notice', 'synced members: 1/1259, 2/1288'],
        ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (3) updates']] : []),
        ['p', 'dcdb', 'notice', 'all data is up to date'],
        ['p', 'status', 'notice', 'received all states'],
        ['p', 'status', 'notice', 'all data is up to date'],
      ], 520);
    }
    say('pve3', D('23:15:04.117'), 'crm', 'status change wait_for_quorum => slave');
  }
  clip(from, to);
  writeScenario(scn, [
    ['pve1.json', renderJson(pve1)],
    ['pve2.syslog', renderRsyslog(pve2)],
    ['pve3.log', renderShortIso(pve3)],
  ]);
}

/* ---- guest-lock-stuck: a killed vzdump worker leaves VM 105 with "lock: backup" ---- */

function scenarioGuestLockStuck() {
  const scn = 'guest-lock-stuck';
  newWorld(60);
  const D = (hms) => T(`2026-03-10T${hms}`);
  const from = D('00:55:00'), to = D('07:40:00');
  const pve1 = scenarioHost(scn, 'pve1', { nodeid: 1, mgmtIp: '10.10.10.11', skew: 0, seqStart: 0x5e0c71 });
  const pve2 = scenarioHost(scn, 'pve2', { nodeid: 2, mgmtIp: '10.10.10.12', skew: -231_774, seqStart: 0x5b3a08 });
  const b1 = scenarioBoot(pve1, scn, 'a', { kstart: T('2026-02-24T07:55:12.610'), pidBase: 1_618_000, pidRate: 1.21,
    pidT0: D('00:00:00'), firstSession: 244,
    pids: stdPids({ pmxcfs: 1247, corosync: 1396, pvefw: 1409, pvestatd: 1414, pvedaemon: 1459, crm: 1473, pveproxy: 1482,
      spiceproxy: 1488, lrm: 1497, pvescheduler: 1508, pickup: 1_611_950 }),
    proxyWorkers: [1_604_118, 1_609_552, 1_615_870], daemonWorkers: [1_388_210, 1_502_776, 1_597_341], smartPhase: D('00:41:07.9') });
  const b2 = scenarioBoot(pve2, scn, 'a', { kstart: T('2026-02-24T08:14:40.095'), pidBase: 1_574_000, pidRate: 1.18,
    pidT0: D('00:00:00'), firstSession: 231,
    pids: stdPids({ journald: 409, logind: 809, pmxcfs: 1290, corosync: 1412, pvefw: 1425, pvestatd: 1431, pvedaemon: 1476,
      crm: 1490, pveproxy: 1498, spiceproxy: 1505, lrm: 1514, pvescheduler: 1526, pickup: 1_566_408 }),
    proxyWorkers: [1_561_004, 1_566_930, 1_571_118], daemonWorkers: [1_402_559, 1_488_031, 1_560_277], smartPhase: D('00:43:55.2') });
  const cfg = { ...QUIET_NOISE, proxyMeanS: 1500, daemonMeanS: 9000, authIntervalS: 1800 };
  noise(pve1, b1, from, to, cfg);
  noise(pve2, b2, from, to, { ...cfg, datasets: 8 });

  // 01:00 nightly backups. pve1's job is uneventful; on pve2 the backup of VM 105 (a 1.2 TB file
  // server) crawls along and is still running when the admin kills the worker at 06:52:14.
  backupJob(pve1, b1, D('01:00:00.488'), [100, 101, 102]);
  const tKill = D('06:52:14.604');
  backupJob(pve2, b2, D('01:00:00.402'), [103, 104, 105], { stuckVmid: 105, killAt: tKill });

  const W = (t, i) => apiWorker(b2, t, i);
  let sid;
  sshSession(pve2, b2, D('06:48:02.311'), D('07:31:40.902'), '10.10.10.100', 'ED25519', FP.admin, {
    body: (s) => { sid = s.sid; },
  });
  const qm = (t, args) => cliProc(b2, 'qm', b2.newPid(t), `/usr/bin/perl /usr/sbin/qm ${args}`, sid);
  const qmTask = (t0, t1, args, type, o = {}) => {
    const p = qm(t0, args);
    return task(pve2, b2, p, t0 + 28 * MS, t1, type, '105', { workerPid: b2.childPid(p.pid), ...o });
  };
  const lockedErr = 'VM is locked (backup)';

  // 06:55:40 `qm shutdown 105`: refused, the config still carries lock: backup
  qmTask(D('06:55:40.218'), D('06:55:40.702'), 'shutdown 105', 'qmshutdown', {
    status: lockedErr,
    body: (w, u) => {
      pve2.add(D('06:55:40.270'), w, `shutdown VM 105: ${u}`);
      pve2.add(D('06:55:40.681'), w, lockedErr, { prio: 3 });
    },
  });
  // 06:56:31 `qm shutdown 105 --skiplock --timeout 180`: holds the config lock while Windows
  // ignores the ACPI request ...
  qmTask(D('06:56:31.044'), D('06:59:31.611'), 'shutdown 105 --skiplock --timeout 180', 'qmshutdown', {
    status: 'VM quit/powerdown failed - got timeout',
    body: (w, u) => {
      pve2.add(D('06:56:31.097'), w, `shutdown VM 105: ${u}`);
      pve2.add(D('06:59:31.590'), w, 'VM quit/powerdown failed - got timeout', { prio: 3 });
    },
  });
  // ... so a colleague's "Stop" from the GUI (logged in on pve1, the task runs on pve2) cannot
  // get the lock file within 10 s.
  guiLogin(pve1, b1, D('06:56:20.515'), 2);
  {
    const t0 = D('06:57:04.733');
    task(pve2, b2, W(t0, 1), t0, D('06:57:14.861'), 'qmstop', '105', {
      status: "can't lock file '/var/lock/qemu-server/lock-105.conf' - got timeout",
      body: (w, u) => {
        pve2.add(t0 + 27 * MS, w, `stop VM 105: ${u}`);
        pve2.add(D('06:57:14.840'), w, "can't lock file '/var/lock/qemu-server/lock-105.conf' - got timeout", { prio: 3 });
      },
    });
  }
  // 07:00:12 `qm stop 105 --skiplock`: the VM is off, the lock stays
  qmTask(D('07:00:12.309'), D('07:00:14.588'), 'stop 105 --skiplock', 'qmstop', {
    body: (w, u) => {
      pve2.add(D('07:00:12.362'), w, `stop VM 105: ${u}`);
      tapDown('pve2', D('07:00:13.904'), 105, 4);
      say('pve2', D('07:00:14.012'), 'qmeventd', 'Starting cleanup for 105');
      say('pve2', D('07:00:14.402'), 'qmeventd', 'Finished cleanup for 105');
      sysd(pve2, b2, D('07:00:14.455'), '105.scope: Deactivated successfully.', '105.scope', 'success');
      sysd(pve2, b2, D('07:00:14.456'), '105.scope: Consumed 9h 41min 22.115s CPU time.', '105.scope', 'resources');
    },
  });
  // 07:01:40 GUI start and 07:03:02 GUI migrate to pve1: both refused
  {
    const t0 = D('07:01:40.907');
    task(pve2, b2, W(t0, 2), t0, t0 + 388 * MS, 'qmstart', '105', {
      status: lockedErr,
      body: (w, u) => {
        pve2.add(t0 + 25 * MS, w, `start VM 105: ${u}`);
        pve2.add(t0 + 371 * MS, w, lockedErr, { prio: 3 });
      },
    });
    const t1 = D('07:03:02.516');
    task(pve2, b2, W(t1, 0), t1, t1 + 1202 * MS, 'qmigrate', '105', {
      status: 'migration aborted',
      body: (w) => pve2.add(t1 + 1187 * MS, w, 'migration aborted', { prio: 3 }),
    });
  }
  // 07:05:48 `qm unlock 105` (no journal line of its own), 07:06:10 GUI start: OK
  {
    const t0 = D('07:06:10.224');
    task(pve2, b2, W(t0, 1), t0, t0 + 2416 * MS, 'qmstart', '105', {
      body: (w, u) => {
        pve2.add(t0 + 26 * MS, w, `start VM 105: ${u}`);
        sysd(pve2, b2, t0 + 505 * MS, 'Started 105.scope.', '105.scope', 'started');
        tapUp('pve2', t0 + 1120 * MS, 105, 4);
      },
    });
  }
  clip(from, to);
  writeScenario(scn, [
    ['pve1.syslog', renderRsyslog(pve1)],
    ['pve2.log', renderShort(pve2)],
  ]);
}

/* ---- cfs-lock-quorum: pve2's corosync port flaps, pve2 is out of quorum for ~2 minutes ---- */

function scenarioCfsLockQuorum() {
  const scn = 'cfs-lock-quorum';
  newWorld(120); // CEST
  const D = (hms) => T(`2026-04-14T${hms}`);
  const from = D('02:05:00'), to = D('02:40:00');
  const pve1 = scenarioHost(scn, 'pve1', { nodeid: 1, mgmtIp: '10.10.10.11', skew: 0, seqStart: 0x6a0e11 });
  const pve2 = scenarioHost(scn, 'pve2', { nodeid: 2, mgmtIp: '10.10.10.12', skew: 318_604, seqStart: 0x69f702 });
  const pve3 = scenarioHost(scn, 'pve3', { nodeid: 3, mgmtIp: '10.10.10.13', skew: -142_085, seqStart: 0x66c4a9 });
  const mk = (h, tag, o) => scenarioBoot(h, scn, tag, { pidT0: D('00:00:00'), ...o });
  const b1 = mk(pve1, 'a', { kstart: T('2026-03-31T09:02:11.480'), pidBase: 1_733_000, pidRate: 1.24, firstSession: 301,
    pids: stdPids({ pmxcfs: 1243, corosync: 1391, pvefw: 1404, pvestatd: 1410, pvedaemon: 1455, crm: 1469, pveproxy: 1478,
      spiceproxy: 1484, lrm: 1493, pvescheduler: 1505, pickup: 1_725_104 }),
    proxyWorkers: [1_720_317, 1_726_480, 1_731_902], daemonWorkers: [1_602_415, 1_688_172, 1_729_530], smartPhase: D('02:01:18.6') });
  const b2 = mk(pve2, 'a', { kstart: T('2026-03-31T09:20:47.119'), pidBase: 1_701_000, pidRate: 1.2, firstSession: 288,
    pids: stdPids({ journald: 409, logind: 809, pmxcfs: 1306, corosync: 1420, pvefw: 1433, pvestatd: 1439, pvedaemon: 1484,
      crm: 1498, pveproxy: 1506, spiceproxy: 1513, lrm: 1522, pvescheduler: 1534, pickup: 1_693_630 }),
    proxyWorkers: [1_688_441, 1_694_027, 1_699_385], daemonWorkers: [1_575_880, 1_650_019, 1_697_212], smartPhase: D('02:02:41.0') });
  const b3 = mk(pve3, 'a', { kstart: T('2026-03-31T09:38:05.774'), pidBase: 1_690_000, pidRate: 1.19, firstSession: 276,
    pids: stdPids({ journald: 415, logind: 815, pmxcfs: 1282, corosync: 1408, pvefw: 1420, pvestatd: 1427, pvedaemon: 1471,
      crm: 1485, pveproxy: 1494, spiceproxy: 1500, lrm: 1509, pvescheduler: 1521, pickup: 1_682_266 }),
    proxyWorkers: [1_677_930, 1_683_154, 1_688_207], daemonWorkers: [1_560_442, 1_633_876, 1_686_015], smartPhase: D('02:00:56.3') });
  noise(pve1, b1, from, to, { ...QUIET_NOISE, authIntervalS: 600 });
  noise(pve2, b2, from, to, { ...QUIET_NOISE, datasets: 7 });
  noise(pve3, b3, from, to, { ...QUIET_NOISE, authIntervalS: 600, datasets: 5 });

  // pmxcfs view: pve2 is cut off from 02:14:17.95 until 02:16:05.1 (no cluster-log exchange)
  const cutFrom = D('02:14:17.950'), cutTo = D('02:16:05.100');
  cluster.sameCfs = (a, b, t) => a === b || !((a === 'pve2' || b === 'pve2') && t >= cutFrom && t < cutTo);

  const all = ['pve1', 'pve2', 'pve3'];
  const peersOf = { pve1: [2], pve3: [2], pve2: [1, 3] };
  // The switch port of pve2's corosync NIC (eno2) flaps three times, then the switch
  // err-disables it for link flapping; the errdisable recovery brings it back at 02:16:03.9.
  // pvescheduler on pve2 holds the cfs lock 'file-replication_cfg' (taken 02:14:00.31) when the
  // first flap hits; its unlock never reaches pve1/pve3.
  const flaps = [
    { down: '02:14:00.618', up: '02:14:02.921' },
    { down: '02:14:03.912', up: '02:14:09.207' },
    { down: '02:14:10.834', up: '02:16:03.905' },
  ];
  for (const f of flaps) {
    nicOn('pve2', D(f.down), false);
    nicOn('pve2', D(f.up), true);
    const kd = D(f.down) + 790 * MS, ku = D(f.up) + 470 * MS;
    for (const n of all) {
      const j = n === 'pve2' ? 0 : (n === 'pve1' ? 141 : 156) * MS;
      knetDown(n, kd + j, peersOf[n]);
      if (f.up !== '02:16:03.905') knetUp(n, ku + j, peersOf[n]);
    }
  }
  // First flap: the token is late but the ring survives; second flap: token lost.
  for (const n of all) corosyncLine(n, D('02:14:03.358') + hosts[n].rng.int(0, 8) * MS, 'TOTEM', 'Token has not been received in 2737 ms');
  corosyncLine('pve1', D('02:14:03.561'), 'TOTEM', 'Retransmit List: 1f3 1f4 1f5 ');
  corosyncLine('pve3', D('02:14:03.574'), 'TOTEM', 'Retransmit List: 1f3 1f4 ');
  for (const n of all) corosyncLine(n, D('02:14:06.694') + hosts[n].rng.int(0, 8) * MS, 'TOTEM', 'Token has not been received in 2738 ms');
  for (const n of all) {
    corosyncLine(n, D('02:14:07.603') + hosts[n].rng.int(0, 6) * MS, 'TOTEM',
      'A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.');
  }
  // While corosync forms the new membership (02:14:07.6 – 02:14:17.95) every CPG send returns
  // CS_ERR_TRY_AGAIN: pmxcfs retries 100 × 100 ms, then gives up with 6 (status updates).
  const retryRun = (n, t0, dom, count) => {
    for (let k = 10; k <= count; k += 10) pmx(n, t0 + k * 100 * MS + hosts[n].rng.int(0, 900), dom, 'notice', `cpg_send_message retry ${k}`);
    pmx(n, t0 + count * 100 * MS + 2 * MS, dom, 'notice', `cpg_send_message retried ${count} times`);
    if (count >= 100) pmx(n, t0 + count * 100 * MS + 2 * MS + 150, dom, 'crit', 'cpg_send_message failed: 6');
  };
  retryRun('pve1', D('02:14:07.712'), 'status', 100);
  retryRun('pve2', D('02:14:07.655'), 'status', 100);
  retryRun('pve3', D('02:14:11.418'), 'status', 65);

  // 02:14:17.95: new memberships on both sides of the cut
  for (const n of ['pve1', 'pve3']) {
    emit(n, cutFrom + (n === 'pve3' ? 5 * MS : 0), [
      ['c', 'QUORUM', 'Sync members[2]: 1 3'],
      ['c', 'QUORUM', 'Sync left[1]: 2'],
      ['c', 'TOTEM', 'A new membership (1.9c) was formed. Members left: 2'],
      ['c', 'TOTEM', 'Failed to receive the leave message. failed: 2'],
      ['p', 'dcdb', 'notice', 'members: 1/1243, 3/1282'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1243, 3/1282'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[2]: 1 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1243/0000000E)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1243/0000000E)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1243'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1243, 3/1282'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (0) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ], 410);
  }
  emit('pve2', cutFrom + 2 * MS, [
    ['c', 'QUORUM', 'Sync members[1]: 2'],
    ['c', 'QUORUM', 'Sync left[2]: 1 3'],
    ['c', 'TOTEM', 'A new membership (2.9c) was formed. Members left: 1 3'],
    ['c', 'TOTEM', 'Failed to receive the leave message. failed: 1 3'],
    ['p', 'dcdb', 'notice', 'members: 2/1306'],
    ['p', 'dcdb', 'notice', 'starting data syncronisation'],
    ['p', 'status', 'notice', 'members: 2/1306'],
    ['p', 'status', 'notice', 'starting data syncronisation'],
    ['c', 'QUORUM', 'This node is within the non-primary component and will NOT provide any services.'],
    ['c', 'QUORUM', 'Members[1]: 2'],
    ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
    ['p', 'status', 'notice', 'node lost quorum'],
    // the unlock (rmdir of priv/lock/file-replication_cfg) sent before the cut is delivered now
    ['p', 'dcdb', 'crit', 'received write while not quorate - trigger resync'],
    ['p', 'dcdb', 'crit', 'leaving CPG group'],
    ['p', 'status', 'notice', 'received sync request (epoch 2/1306/00000011)'],
    ['p', 'status', 'notice', 'received all states'],
    ['p', 'status', 'notice', 'all data is up to date'],
  ], 410);
  pmx('pve2', D('02:14:23.961'), 'dcdb', 'notice', 'start cluster connection');
  pmx('pve2', D('02:14:23.962'), 'dcdb', 'crit', 'cpg_join failed: 14');
  pmx('pve2', D('02:14:23.963'), 'dcdb', 'crit', "can't initialize service");
  say('pve2', D('02:14:21.507'), 'crm', 'status change slave => wait_for_quorum');

  // Every minute pvescheduler runs replication and jobs, each under its cfs lock.
  // pve2 (no quorum): both fail with "no quorum!" at 02:15 (at 02:16 it is quorate again before
  // the 10 s run out). pve1/pve3 at 02:15: the replication lock is still held in the name of
  // pve2 until it expires (120 s after 02:14:00.3): 10 s timeout. At 02:16 it has expired.
  for (const m of ['15']) {
    const s = child(b2.d.pvescheduler, b2.newPid(D(`02:${m}:00.231`)), 'pvescheduler');
    pve2.add(D(`02:${m}:10.744`), s, "replication: cfs-lock 'file-replication_cfg' error: no quorum!", { prio: 3 });
    pve2.add(D(`02:${m}:10.758`), child(s, s.pid + 1), "jobs: cfs-lock 'file-jobs_cfg' error: no quorum!", { prio: 3 });
  }
  for (const [h, B, off] of [[pve1, b1, 0], [pve3, b3, 37]]) {
    const s = child(B.d.pvescheduler, B.newPid(D('02:15:00.208')), 'pvescheduler');
    h.add(D('02:15:10.391') + off * MS, s, "replication: cfs-lock 'file-replication_cfg' error: got lock request timeout", { prio: 3 });
  }
  // 02:15:27 the nightly CI pipeline destroys a test VM on pve1 through the API (API token):
  // the disks are gone, but purging its replication jobs needs the same lock.
  {
    const t0 = D('02:15:27.806');
    const user = 'ci@pve!terraform';
    task(pve1, b1, apiWorker(b1, t0, 1), t0, D('02:15:38.473'), 'qmdestroy', '9003', {
      user,
      status: "cfs-lock 'file-replication_cfg' error: got lock request timeout",
      body: (w, u) => {
        pve1.add(t0 + 24 * MS, w, `destroy VM 9003: ${u}`);
        pve1.add(D('02:15:38.455'), w, "cfs-lock 'file-replication_cfg' error: got lock request timeout", { prio: 3 });
      },
    });
  }

  // 02:16:03.9 the port comes back: pve2 rejoins, regains quorum, resyncs from the leader
  const tj = D('02:16:04.375');
  for (const n of all) knetUp(n, tj + (n === 'pve2' ? 0 : (n === 'pve1' ? 37 : 52) * MS), peersOf[n]);
  for (const n of ['pve1', 'pve3']) {
    emit(n, cutTo + (n === 'pve3' ? 4 * MS : 0), [
      ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
      ['c', 'QUORUM', 'Sync joined[1]: 2'],
      ['c', 'TOTEM', 'A new membership (1.a0) was formed. Members joined: 2'],
      ['p', 'status', 'notice', 'members: 1/1243, 2/1306, 3/1282'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[3]: 1 2 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1243/0000000F)'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
      ['p', 'dcdb', 'notice', 'members: 1/1243, 2/1306, 3/1282'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1243/00000010)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1243'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1243, 3/1282'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (5) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
    ], 430);
  }
  emit('pve2', cutTo + 1 * MS, [
    ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
    ['c', 'QUORUM', 'Sync joined[2]: 1 3'],
    ['c', 'TOTEM', 'A new membership (1.a0) was formed. Members joined: 1 3'],
    ['p', 'status', 'notice', 'members: 1/1243, 2/1306, 3/1282'],
    ['p', 'status', 'notice', 'starting data syncronisation'],
    ['c', 'QUORUM', 'This node is within the primary component and will provide service.'],
    ['c', 'QUORUM', 'Members[3]: 1 2 3'],
    ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
    ['p', 'status', 'notice', 'node has quorum'],
    ['p', 'status', 'notice', 'received sync request (epoch 1/1243/0000000F)'],
    ['p', 'status', 'notice', 'received all states'],
    ['p', 'status', 'notice', 'all data is up to date'],
    ['p', 'dcdb', 'notice', 'start cluster connection'],
    ['p', 'dcdb', 'notice', 'members: 1/1243, 2/1306, 3/1282'],
    ['p', 'dcdb', 'notice', 'starting data syncronisation'],
    ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1243/00000010)'],
    ['p', 'dcdb', 'notice', 'received all states'],
    ['p', 'dcdb', 'notice', 'leader is 1/1243'],
    ['p', 'dcdb', 'notice', 'synced members: 1/1243, 3/1282'],
    ['p', 'dcdb', 'notice', 'waiting for updates from leader'],
    ['p', 'dcdb', 'notice', 'update complete - trying to commit (got 5 inode updates)'],
    ['p', 'dcdb', 'notice', 'all data is up to date'],
  ], 430);
  say('pve2', D('02:16:11.529'), 'crm', 'status change wait_for_quorum => slave');
  clip(from, to);
  writeScenario(scn, [
    ['pve1.syslog', renderRsyslog(pve1)],
    ['pve2.export', renderExport(pve2)],
    ['pve3.log', renderShort(pve3)],
  ]);
}

/* ---- planned-reboot: pve3 is rebooted cleanly for a kernel update ---- */

/**
 * An orderly `reboot` of h (boot B) starting at t0: logind, units stopped in reverse start
 * order (pve-guests … pve-ha-lrm … pve-ha-crm … corosync, pve-cluster), the shutdown targets
 * and journald stopping last. o.sid: the ssh session that issued it. Returns the time of the
 * last journal line.
 */
function shutdownSeq(h, B, t0, o) {
  const D = B.d;
  const S = D.systemd;
  h.add(t0, D.logind, 'The system will reboot now!', { fac: 4, prio: 5 });
  h.add(t0 + 3 * MS, D.logind, 'System is rebooting.', { fac: 4 });
  let t = t0 + 205 * MS;
  sysd(h, B, t, 'Removed slice system-modprobe.slice - Slice /system/modprobe.', 'system-modprobe.slice', 'stopped');
  for (const [u, d] of [['graphical.target', 'Graphical Interface'], ['multi-user.target', 'Multi-User System'],
    ['getty.target', 'Login Prompts'], ['timers.target', 'Timer Units']]) {
    t += 1 * MS;
    sysd(h, B, t, `Stopped target ${u} - ${d}.`, u, 'stopped');
  }
  t += 2 * MS;
  sysd(h, B, t, `Stopping session-${o.sid}.scope - Session ${o.sid} of User root...`, `session-${o.sid}.scope`, 'stopping');
  // PVE first: guests, then the daemons in reverse start order
  t = unitStop(h, B, t + 1 * MS, 'pve-guests.service', 'PVE guests', '1.102s', (tt) => {
    const pid = B.newPid(tt);
    const d = { ...D.pvedaemon, ident: 'pve-guests', pid, comm: 'pvesh', cmdline: '/usr/bin/perl /usr/bin/pvesh --nooutput create /nodes/localhost/stopall',
      unit: 'pve-guests.service', cgroup: '/system.slice/pve-guests.service' };
    task(h, B, d, tt + 820 * MS, tt + 1240 * MS, 'stopall', '', { workerPid: B.childPid(pid) });
    return tt + 1290 * MS;
  });
  const stopDaemon = (tt, unit, desc, d, cpu, msgs, workers) => unitStop(h, B, tt, unit, desc, cpu, (t2) => {
    let k = t2 + 1 * MS;
    h.add(k, d, 'received signal TERM');
    for (const m of msgs) h.add(k += 2 * MS, d, m);
    for (const w of workers ?? []) h.add(k += 9 * MS, d, `worker ${w} finished`);
    h.add(k += 40 * MS, d, 'server stopped');
    return k + 60 * MS;
  });
  t = stopDaemon(t + 2 * MS, 'pvescheduler.service', 'Proxmox VE scheduler', D.pvescheduler, '2min 14.337s', ['got shutdown request, signal running jobs to stop']);
  t = stopDaemon(t + 2 * MS, 'pve-ha-lrm.service', 'PVE Local HA Resource Manager Daemon', D.lrm, '11.925s', []);
  t = stopDaemon(t + 2 * MS, 'spiceproxy.service', 'PVE SPICE Proxy Server', D.spiceproxy, '3.114s', ['server closing'], B.spiceWorkers);
  t = stopDaemon(t + 2 * MS, 'pveproxy.service', 'PVE API Proxy Server', D.pveproxy, '9min 51.602s', ['server closing'], B.proxyWorkers);
  t = stopDaemon(t + 2 * MS, 'pve-ha-crm.service', 'PVE Cluster HA Resource Manager Daemon', D.crm, '10.881s', ['server received shutdown request']);
  t = stopDaemon(t + 2 * MS, 'pvedaemon.service', 'PVE API Daemon', D.pvedaemon, '2min 3.870s', ['server closing'], B.daemonWorkers);
  t = stopDaemon(t + 2 * MS, 'pvestatd.service', 'PVE Status Daemon', D.pvestatd, '38min 17.492s', ['server closing']);
  t = stopDaemon(t + 2 * MS, 'pve-firewall.service', 'Proxmox VE firewall', D.pvefw, '4min 40.213s', ['server closing']);
  t = unitStop(h, B, t + 2 * MS, 'corosync.service', 'Corosync Cluster Engine', '55min 2.118s', (tt) => {
    o.tCorosync = tt + 24 * MS; // corosync-cfgtool -H --force: the cluster sees the node leave now
    for (const n of Object.keys(hosts)) corosyncLine(n, tt + 24 * MS + hosts[n].rng.int(0, 400), 'CFG', `Node ${o.nodeid} was shut down by sysadmin`);
    burst((t2, l) => corosyncLine(h.name, t2, l[0], l[1], l[2]), tt + 29 * MS, corosyncExitLines(), 1300);
    emit(h.name, tt + 55 * MS, PMXCFS_COROSYNC_GONE, 310);
    return tt + 118 * MS;
  });
  t = unitStop(h, B, t + 2 * MS, 'pve-cluster.service', 'The Proxmox VE cluster filesystem', '1min 58.602s', (tt) => {
    pmx(h.name, tt + 3 * MS, 'main', 'notice', 'teardown filesystem');
    pmx(h.name, tt + 1012 * MS, 'main', 'notice', 'exit proxmox configuration filesystem (0)');
    return tt + 1040 * MS;
  });
  t = unitStop(h, B, t + 2 * MS, 'watchdog-mux.service', 'Proxmox VE watchdog multiplexer', null, (tt) => {
    h.add(tt + 1 * MS, D.wdmux, 'got terminate request');
    h.add(tt + 2 * MS, D.wdmux, 'clean exit');
    return tt + 6 * MS;
  });
  t = unitStop(h, B, t + 1 * MS, 'chrony.service', 'chrony, an NTP client/server', null, (tt) => {
    h.add(tt + 1 * MS, D.chronyd, 'chronyd exiting');
    return tt + 9 * MS;
  });
  t = unitStop(h, B, t + 1 * MS, 'rrdcached.service', 'LSB: start or stop rrdcached', null, (tt) => tt + 118 * MS);
  t = unitStop(h, B, t + 1 * MS, 'cron.service', 'Regular background program processing daemon', null);
  t = unitStop(h, B, t + 1 * MS, 'smartmontools.service', 'Self Monitoring and Reporting Technology (SMART) Daemon', null, (tt) => {
    h.add(tt + 1 * MS, D.smartd, 'smartd received signal 15: Terminated');
    h.add(tt + 2 * MS, D.smartd, 'smartd is exiting (exit status 0)');
    return tt + 5 * MS;
  });
  t = unitStop(h, B, t + 1 * MS, 'postfix@-.service', 'Postfix Mail Transport Agent (instance -)', null);
  // the admin's ssh session goes with the user manager
  const sess = `session-${o.sid}.scope`;
  sysd(h, B, t + 3 * MS, `${sess}: Deactivated successfully.`, sess, 'success');
  sysd(h, B, t + 4 * MS, `Stopped ${sess} - Session ${o.sid} of User root.`, sess, 'stopped');
  h.add(t + 5 * MS, D.logind, `Removed session ${o.sid}.`, { fac: 4, extra: { MESSAGE_ID: '3354939424b4456d9802ca8333ed424a', SESSION_ID: String(o.sid), USER_ID: 'root' } });
  t = unitStop(h, B, t + 7 * MS, 'user@0.service', 'User Manager for UID 0', '412ms');
  t = unitStop(h, B, t + 1 * MS, 'ssh.service', 'OpenBSD Secure Shell server', null, (tt) => {
    h.add(tt + 1 * MS, D.sshd, 'Received signal 15; terminating.', { fac: 4 });
    return tt + 4 * MS;
  });
  sysd(h, B, t + 1 * MS, 'Stopped target network-online.target - Network is Online.', 'network-online.target', 'stopped');
  sysd(h, B, t + 2 * MS, 'Stopped target network.target - Network.', 'network.target', 'stopped');
  t = unitStop(h, B, t + 3 * MS, 'networking.service', 'Network initialization', '402ms', (tt) => {
    burst((t2, m) => h.add(t2, D.kernel, m), tt + 150 * MS, [
      'vmbr0: port 1(eno1) entered disabled state',
      'igb 0000:04:00.0 eno1: left allmulticast mode',
      'igb 0000:04:00.0 eno1: left promiscuous mode',
      'vmbr0: port 1(eno1) entered disabled state',
    ], 800);
    return tt + 890 * MS;
  });
  sysd(h, B, t + 2 * MS, 'Stopped target local-fs.target - Local File Systems.', 'local-fs.target', 'stopped');
  t = unitStop(h, B, t + 3 * MS, 'zfs-mount.service', 'Mount ZFS filesystems', null, (tt) => tt + 210 * MS);
  sysd(h, B, t + 40 * MS, 'Reached target shutdown.target - System Shutdown.', 'shutdown.target', 'started');
  sysd(h, B, t + 41 * MS, 'Reached target final.target - Late Shutdown Services.', 'final.target', 'started');
  sysd(h, B, t + 44 * MS, 'systemd-reboot.service: Deactivated successfully.', 'systemd-reboot.service', 'success');
  sysd(h, B, t + 45 * MS, 'Finished systemd-reboot.service - System Reboot.', 'systemd-reboot.service', 'started');
  sysd(h, B, t + 46 * MS, 'Reached target reboot.target - System Reboot.', 'reboot.target', 'started');
  h.add(t + 47 * MS, S, 'Shutting down.');
  h.add(t + 71 * MS, D.journald, 'Received SIGTERM from PID 1 (systemd-shutdown).', { prio: 6 });
  h.add(t + 74 * MS, D.journald, 'Journal stopped', { prio: 6, extra: { MESSAGE_ID: 'd93fb3c9c24d451a97cea615ce59c00b' } });
  return t + 74 * MS;
}

function scenarioPlannedReboot() {
  const scn = 'planned-reboot';
  newWorld(120); // CEST
  const D = (hms) => T(`2025-07-22T${hms}`);
  const from = D('23:10:00'), to = D('23:40:00');
  const pve1 = scenarioHost(scn, 'pve1', { nodeid: 1, mgmtIp: '10.10.10.11', skew: 0, seqStart: 0x2d70a3 });
  const pve2 = scenarioHost(scn, 'pve2', { nodeid: 2, mgmtIp: '10.10.10.12', skew: 206_551, seqStart: 0x2c19f4 });
  const pve3 = scenarioHost(scn, 'pve3', { nodeid: 3, mgmtIp: '10.10.10.13', skew: -298_017, seqStart: 0x29d8e5 });
  const mk = (h, tag, o) => scenarioBoot(h, scn, tag, { pidT0: D('12:00:00'), ...o });
  const b1 = mk(pve1, 'a', { kstart: T('2025-07-08T21:40:02.114'), pidBase: 1_388_000, pidRate: 1.1, firstSession: 157,
    pids: stdPids({ pmxcfs: 1234, corosync: 1389, pvefw: 1402, pvestatd: 1405, pvedaemon: 1468, crm: 1482, pveproxy: 1491,
      spiceproxy: 1498, lrm: 1507, pvescheduler: 1519, pickup: 1_380_119 }),
    proxyWorkers: [1_421_007, 1_424_640, 1_428_815], daemonWorkers: [1_276_309, 1_355_421, 1_417_046], smartPhase: D('23:05:40.2') });
  const b2 = mk(pve2, 'a', { kstart: T('2025-07-08T22:02:51.660'), pidBase: 1_361_000, pidRate: 1.07, firstSession: 149,
    pids: stdPids({ journald: 409, logind: 809, pmxcfs: 1301, corosync: 1422, pvefw: 1436, pvestatd: 1440, pvedaemon: 1489,
      crm: 1503, pveproxy: 1512, spiceproxy: 1519, lrm: 1526, pvescheduler: 1538, pickup: 1_352_704 }),
    proxyWorkers: [1_393_516, 1_397_002, 1_400_385], daemonWorkers: [1_250_877, 1_330_612, 1_391_840], smartPhase: D('23:06:11.9') });
  const b3a = mk(pve3, 'a', { kstart: T('2025-07-08T22:24:37.301'), end: D('23:17:00.000'), pidBase: 1_337_000, pidRate: 1.05,
    firstSession: 141,
    pids: stdPids({ journald: 415, logind: 815, pmxcfs: 1288, corosync: 1407, pvefw: 1419, pvestatd: 1423, pvedaemon: 1471,
      crm: 1486, pveproxy: 1494, spiceproxy: 1502, lrm: 1511, pvescheduler: 1523, pickup: 1_329_551 }),
    proxyWorkers: [1_370_214, 1_373_906, 1_377_480], daemonWorkers: [1_240_118, 1_318_006, 1_368_257], spiceWorkers: [1_102_733],
    smartPhase: D('23:04:58.8') });
  noise(pve1, b1, from, to, { ...QUIET_NOISE, authIntervalS: 600 });
  noise(pve2, b2, from, to, QUIET_NOISE);
  noise(pve3, b3a, from, D('23:16:40'), QUIET_NOISE);

  // 23:14:02 the admin logs in to pve3 (guests were migrated away in the afternoon), 23:16:40
  // `reboot` after installing proxmox-kernel-6.8.12-12-pve.
  const tReboot = D('23:16:40.127');
  let sid;
  sshSession(pve3, b3a, D('23:14:02.515'), D('23:59:00'), '10.10.10.100', 'ED25519', FP.admin, { body: (s) => { sid = s.sid; } });
  const so = { sid, nodeid: 3 };
  const tLast = shutdownSeq(pve3, b3a, tReboot, so);
  if (tLast > D('23:17:00')) throw new Error('planned-reboot: shutdown runs past the end of boot a');
  // reset ~0.9 s after the last line, then 31.204 s firmware and 2.087 s boot loader
  const fw = 31_204 * MS, loader = 2087 * MS, kernel = 3519 * MS;
  const tBoot = tLast + 900 * MS + fw + loader;
  const b3b = mk(pve3, 'b', { kstart: tBoot, pidBase: 2590, pidRate: 0.9, pidT0: tBoot + 60 * SEC, firstSession: 1,
    pids: stdPids({ journald: 398, udevd: 431, logind: 803, wdmux: 846, qmeventd: 850, smartd: 855, chronyd: 861, cron: 889,
      sshd: 1003, qmgr: 1297, pmxcfs: 1276, corosync: 1391, pvefw: 1421, pvestatd: 1430, pvedaemon: 1480, crm: 1489,
      pveproxy: 1497, spiceproxy: 1503, lrm: 1508, pvescheduler: 1530, pickup: 1295 }),
    proxyWorkers: [1498, 1499, 1500], daemonWorkers: [1481, 1482, 1483], spiceWorkers: [1504], smartPhase: D('23:48:20.6') });
  noise(pve3, b3b, tBoot + 50 * SEC, to, QUIET_NOISE);

  // pve1 + pve2: pve3 leaves cleanly right after its corosync-cfgtool -H; they keep quorum (2 of 3)
  const tLeave = so.tCorosync + 91 * MS;
  for (const n of ['pve1', 'pve2']) {
    const dt = n === 'pve2' ? 4 * MS : 0;
    emit(n, tLeave + dt, [
      ['c', 'QUORUM', 'Sync members[2]: 1 2'],
      ['c', 'QUORUM', 'Sync left[1]: 3'],
      ['c', 'TOTEM', 'A new membership (1.ce) was formed. Members left: 3'],
      ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1234, 2/1301'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[2]: 1 2'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/00000009)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1234/00000009)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1234'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (0) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ], 410);
    knetDown(n, tLeave + 2204 * MS + dt, [3]);
  }

  // pve3's new boot: kernel, systemd, PVE services; corosync joins at 23:18:14
  const h = pve3, B = b3b;
  let { t, unitStart, daemonStart } = bootUp(h, B, tBoot + kernel - 3 * MS, {
    kver: '6.8.12-12-pve', kbuild: 'PMX 6.8.12-12 (2025-07-07T12:21Z)', unclean: false, ip: '10.10.10.13', ring: '10.10.20.13',
    nodeid: 3, peers: [1, 2], ringId: '3.d2', members: '3/1276', cfgVersion: 3, cluster: 'prod',
  });
  const tj = t + 412 * MS; // eno2 is forwarding on the switch port: corosync sees its peers
  knetUp('pve3', tj, [1, 2]);
  emit('pve3', tj + 330 * MS, [
    ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
    ['c', 'QUORUM', 'Sync joined[2]: 1 2'],
    ['c', 'TOTEM', 'A new membership (1.d6) was formed. Members joined: 1 2'],
    ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
    ['p', 'dcdb', 'notice', 'starting data syncronisation'],
    ['p', 'status', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
    ['p', 'status', 'notice', 'starting data syncronisation'],
    ['c', 'QUORUM', 'This node is within the primary component and will provide service.'],
    ['c', 'QUORUM', 'Members[3]: 1 2 3'],
    ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
    ['p', 'status', 'notice', 'node has quorum'],
    ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/0000000A)'],
    ['p', 'status', 'notice', 'received sync request (epoch 1/1234/0000000A)'],
    ['p', 'dcdb', 'notice', 'received all states'],
    ['p', 'dcdb', 'notice', 'leader is 1/1234'],
    ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
    ['p', 'dcdb', 'notice', 'waiting for updates from leader'],
    ['p', 'status', 'notice', 'received all states'],
    ['p', 'status', 'notice', 'all data is up to date'],
    ['p', 'dcdb', 'notice', 'update complete - trying to commit (got 2 inode updates)'],
    ['p', 'dcdb', 'notice', 'all data is up to date'],
  ], 410);
  for (const n of ['pve1', 'pve2']) {
    const dt = n === 'pve2' ? 9 * MS : 0;
    knetUp(n, tj + 12 * MS + dt, [3]);
    corosyncLine(n, tj + 52 * MS + dt, 'KNET', 'link: Resetting MTU for link 0 because host 3 joined', 6);
    emit(n, tj + 330 * MS + dt, [
      ['c', 'QUORUM', 'Sync members[3]: 1 2 3'],
      ['c', 'QUORUM', 'Sync joined[1]: 3'],
      ['c', 'TOTEM', 'A new membership (1.d6) was formed. Members joined: 3'],
      ['p', 'dcdb', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'dcdb', 'notice', 'starting data syncronisation'],
      ['p', 'status', 'notice', 'members: 1/1234, 2/1301, 3/1276'],
      ['p', 'status', 'notice', 'starting data syncronisation'],
      ['c', 'QUORUM', 'Members[3]: 1 2 3'],
      ['c', 'MAIN', 'Completed service synchronization, ready to provide service.'],
      ['p', 'dcdb', 'notice', 'received sync request (epoch 1/1234/0000000A)'],
      ['p', 'status', 'notice', 'received sync request (epoch 1/1234/0000000A)'],
      ['p', 'dcdb', 'notice', 'received all states'],
      ['p', 'dcdb', 'notice', 'leader is 1/1234'],
      ['p', 'dcdb', 'notice', 'synced members: 1/1234, 2/1301'],
      ...(n === 'pve1' ? [['p', 'dcdb', 'notice', 'start sending inode updates'], ['p', 'dcdb', 'notice', 'sent all (2) updates']] : []),
      ['p', 'dcdb', 'notice', 'all data is up to date'],
      ['p', 'status', 'notice', 'received all states'],
      ['p', 'status', 'notice', 'all data is up to date'],
    ], 410);
  }
  t = daemonStart(Math.max(t, tj + 9 * SEC) + 10 * MS, 'pvescheduler.service', 'Proxmox VE scheduler', B.d.pvescheduler);
  t = unitStart(t + 20 * MS, 'pve-guests.service', 'PVE guests', 'oneshot', 1380 * MS, (tt) => {
    const pid = B.newPid(tt);
    const d = { ...B.d.pvedaemon, ident: 'pve-guests', pid, comm: 'pvesh', cmdline: '/usr/bin/perl /usr/bin/pvesh --nooutput create /nodes/localhost/startall',
      unit: 'pve-guests.service', cgroup: '/system.slice/pve-guests.service' };
    task(h, B, d, tt + 870 * MS, tt + 1350 * MS, 'startall', '', { workerPid: B.childPid(pid) });
  });
  t = unitStart(t + 5 * MS, 'multi-user.target', 'Multi-User System', 'target');
  t = unitStart(t + 1 * MS, 'graphical.target', 'Graphical Interface', 'target');
  {
    const user = t + 12 * MS - (tBoot + kernel);
    const sec = (us) => (us / SEC).toFixed(3);
    const total = (fw + loader + kernel + user) / SEC;
    const tot = total >= 60 ? `${Math.floor(total / 60)}min ${(total % 60).toFixed(3)}s` : `${total.toFixed(3)}s`;
    h.add(t + 12 * MS, B.d.systemd, `Startup finished in ${sec(fw)}s (firmware) + ${sec(loader)}s (loader) + ${sec(kernel)}s (kernel) + ${sec(user)}s (userspace) = ${tot}.`);
  }
  say('pve3', tj + 11 * SEC + 905 * MS, 'crm', 'status change wait_for_quorum => slave');
  // the admin checks the new kernel and the cluster from a fresh session
  sshSession(pve3, b3b, D('23:20:51.307'), D('23:24:18.640'), '10.10.10.100', 'ED25519', FP.admin);
  clip(from, to);
  writeScenario(scn, [
    ['pve1.json', renderJson(pve1)],
    ['pve2.export', renderExport(pve2)],
    ['pve3.log', renderShortIso(pve3)],
  ]);
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

  // The newer scenarios, each in a world of its own (see their README.md files).
  scenarioRbdKeyringDrift();
  scenarioCmapConfigError();
  scenarioGuestLockStuck();
  scenarioCfsLockQuorum();
  scenarioPlannedReboot();
}

main();
