// The correlation engine: records and their events in time order in, incidents out. It knows a
// few primitives (spans opened and closed by events, precursor windows, storms, reboots without
// a shutdown sequence, attaching symptoms, grouping by key and across nodes); the incident types
// themselves are data (rules.ts, patterns/incidents/). Time comes only from the records; state
// is bounded: per node a short window of recent events, per incident a capped list of entries.
import { fingerprintHash, ownedEvent, ownedRecord } from '../match/matcher.js';
import { own } from '../strings.js';
import type { LogRecord, MatchEvent } from '../model.js';
import type { Layer } from '../patterns/schema.js';
import { globOf, globRegex, Selector, type IncidentRule, type IncidentType } from './rules.js';

export function refText(r: SourceRef): string {
  return `${r.file}:${r.line ?? (r.offset !== null ? `@${r.offset}` : '?')}`;
}

export type Phase = 'precursor' | 'onset' | 'impact' | 'recovery';

/** Where a line came from: enough to find it again (file:line). */
export interface SourceRef {
  file: string;
  line: number | null;
  offset: number | null;
  host: string | null;
  ts: number | null;
  /** The event document's id (event.id) of the line, when the run gives events ids. */
  eventId?: string;
}

/** One line of an incident's timeline: an event, or a storm of identical ones collapsed. */
export interface IncidentEntry {
  phase: Phase;
  ruleId: string;
  severity: MatchEvent['severity'];
  layer: string;
  host: string | null;
  summary: string;
  captures: Record<string, unknown>;
  first: number | null;
  last: number | null;
  count: number;
  ref: SourceRef;
  /** Order of arrival, for untimed input and ties. */
  seq: number;
  /** The line has no time of its own; `first` is that of the timed line before it in its input. */
  placed?: true;
}

export interface Gap {
  host: string;
  from: number;
  to: number;
}

export interface RootCause {
  text: string;
  layer: string;
  ruleId: string;
  node: string | null;
  confidence: 'high' | 'medium' | 'low';
  evidence: SourceRef[];
}

export interface Incident {
  id: string;
  type: IncidentType;
  title: string;
  severity: IncidentRule['severity'];
  scope: 'node' | 'cluster';
  /** Hosts with lines in the incident: one lane each. */
  nodes: string[];
  /** The nodes it happened to. */
  subjects: string[];
  key: Record<string, string>;
  start: number | null;
  end: number | null;
  /** Still open when the input ended (no recovery seen). */
  open: boolean;
  entries: IncidentEntry[];
  /** Entries left out because the incident hit its size cap. */
  truncated: number;
  rootCause: RootCause;
  evidence: SourceRef[];
  /** Hosts of the input with no lines during the incident. */
  gaps: Gap[];
  nextChecks: string[];
  details: Record<string, unknown>;
}

const LAYERS: Layer[] = ['host', 'link', 'membership', 'quorum', 'ipc', 'pmxcfs', 'ha', 'management', 'guest', 'storage'];
const layerRank = (l: string): number => {
  const i = LAYERS.indexOf(l as Layer);
  return i < 0 ? LAYERS.length : i;
};

/** Identical events closer than this collapse into one storm entry. */
const STORM_GAP_US = 60e6;
/** Per incident, at most this many distinct entries are kept (the rest are counted). */
const MAX_ENTRIES = 400;
/** Per node, recent events kept for precursor windows. */
const MAX_RECENT = 256;
/** A silence longer than this on a host is a gap worth reporting. */
const GAP_US = 90e6;
const MAX_GAPS_PER_HOST = 512;
/** Two reboot signals of one host closer than this are the same reboot. */
const SAME_REBOOT_US = 600e6;
/** Precursor lines up to this long after the onset still count as precursors. */
const LATE_PRECURSOR_US = 10e6;
/** Ring ids remembered for the clock-skew estimate. */
const MAX_RINGS = 512;
/** Guests remembered for "the same storage worked elsewhere" (starts and where their disks are). */
const MAX_GUESTS = 4096;
const MAX_NODES_PER_GUEST = 64;
/**
 * Closed incidents are held back so they come out in order of their start; a new incident can
 * start up to its precursor window (or a reboot's lookback) before the line that opens it.
 * At most this many wait: beyond it the earliest go out even if an incident still open started
 * before them (one open all day must not make memory grow with the input).
 */
const MAX_HELD = 64;
const HOLD_MARGIN_US = 60e6;

/** Set a key as the most recent one, forgetting the oldest beyond max. */
function remember<K, V>(m: Map<K, V>, k: K, v: V, max: number): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > max) m.delete(m.keys().next().value!);
}

/** A PVE-managed RBD storage's keyring is /etc/pve/priv/ceph/<storage id>.keyring. */
const storageOfKeyring = (k: unknown): string | undefined => (typeof k === 'string' ? /^\/etc\/pve\/priv\/ceph\/([^/]+)\.keyring$/.exec(k)?.[1] : undefined);

interface Compiled {
  rule: IncidentRule;
  onset: Selector;
  impact: Selector;
  recovery: Selector;
  precursors: Selector | null;
  orRequires: Selector;
  suppressedBy: Selector;
  shutdown: Selector;
  goingDown: Selector;
  startup: Selector;
  fenceEvidence: Selector;
  causes: Selector[];
}

interface Live {
  c: Compiled;
  type: IncidentType;
  keyStr: string;
  key: Record<string, string>;
  /** Every host with a line in the incident (its lanes). */
  nodes: Set<string>;
  /** The nodes the incident is about (the fenced node, not the CRM that logged it). */
  subjects: Set<string>;
  entries: IncidentEntry[];
  /** Per phase, the latest entry of each fingerprint (where a storm collapses). */
  byFingerprint: Record<Phase, Map<string, IncidentEntry>>;
  truncated: number;
  onsets: number;
  start: number | null;
  lastTs: number | null;
  lastSeq: number;
  recoveredAt: number | null;
  recovered: boolean;
  /** Onsets after a recovery: how often it came back. */
  flaps: number;
  details: Record<string, unknown>;
}

interface Recent {
  ev: MatchEvent;
  seq: number;
}

interface HostState {
  lastTs: number | null;
  /** The host's latest record (one per host: it may keep its input block alive). */
  lastRecord: LogRecord | null;
  firstTs: number | null;
  gaps: Gap[];
  recent: Recent[];
  lastShutdownTs: number | null;
  lastReboot: number | null;
  /** Time of the last boot seen (planned or not). */
  lastBoot: number | null;
  /** Last (re)start of the cluster stack without a reboot (corosync starting). */
  lastStart: number | null;
  /** First line of a shutdown sequence since the last boot: what follows is planned. */
  shuttingDown: number | null;
  /** Recent quorum member lists this host logged. */
  members: Array<{ ts: number | null; members: number[] }>;
}

/**
 * Untimed records (a task log's own lines between its time-stamped Ceph lines) that the
 * correlator placed at the time of the timed line before them in the same input. The copies
 * live only inside the correlator: the record, its event document and its source reference
 * keep no time.
 */
const PLACED = new WeakSet<LogRecord>();
const NONE: Incident[] = [];
const fingerprintMaps = (): Live['byFingerprint'] => ({ precursor: new Map(), onset: new Map(), impact: new Map(), recovery: new Map() });
const byStart = (a: Incident, b: Incident): number =>
  (a.start ?? -Infinity) - (b.start ?? -Infinity) || a.entries[0]!.seq - b.entries[0]!.seq || (a.id < b.id ? -1 : 1);
/** Inputs whose last time the correlator remembers for placing untimed lines. */
const MAX_INPUTS = 4096;

const refOf = (r: LogRecord): SourceRef => ({ file: r.input, line: r.line, offset: r.offset, host: r.host === null ? null : own(r.host), ts: PLACED.has(r) ? null : r.ts });

/** Within `window` µs before `t`? Untimed events are always within (their order is all we know). */
function within(ts: number | null, t: number | null, windowUs: number): boolean {
  if (ts === null || t === null) return true;
  return t - ts <= windowUs && t >= ts - 1e6;
}

export class Correlator {
  private readonly rules: Compiled[];
  private readonly byType = new Map<IncidentType, Compiled>();
  private readonly rebootRule: Compiled | undefined;
  private readonly live: Live[] = [];
  private readonly done: Incident[] = [];
  /** Final incidents, in the order take() hands them out. */
  private readonly ready: Incident[] = [];
  /** Record time of the next look for incidents to release (once per second of input). */
  private releaseAt = -Infinity;
  private readonly hosts = new Map<string, HostState>();
  /** Per ring id (the most recent ones), when each host logged the new membership: clock skew anchors. */
  private readonly rings = new Map<string, Map<string, number>>();
  /** Successful guest starts per VMID: the node and the line, where a storage worked. */
  private readonly startedOk = new Map<number, Map<string, SourceRef>>();
  /** The storage / Ceph pool a VMID's disks are on, as far as the input names them. */
  private readonly guestStorage = new Map<number, { storage?: string; pool?: string }>();
  private readonly maxPrecursorUs: number;
  /** Events worth remembering per node: any rule's precursors or fence evidence. */
  private readonly keepRecent: RegExp;
  private seq = 0;
  /** No live incident is due before this time (see expire). */
  private nextExpiry = -Infinity;
  /** Per pattern id, the span rules whose onset, impact or recovery may take it. */
  private readonly spanRulesById = new Map<string, Compiled[]>();
  /** Per input, the time of its last timed record. */
  private readonly inputTs = new Map<string, number>();
  /** Document ids of the events pushed with ids (weak: an event not kept is forgotten). */
  private readonly eventIds = new WeakMap<MatchEvent, string>();
  /** The input of the latest timed record and its time (not yet in inputTs). */
  private curInput: string | null = null;
  private curInputTs = 0;
  /** Could an event with this id be a precursor of any rule (else the live incidents are not asked)? */
  private readonly anyPrecursor: Selector;
  /** clockSkew() of the rings as they were at ringsVersion. */
  private ringsVersion = 0;
  private skewCache: { version: number; value: ReturnType<Correlator['clockSkew']> } | null = null;

  constructor(rules: IncidentRule[]) {
    this.rules = rules.map((rule) => ({
      rule,
      onset: new Selector(rule.onset),
      impact: new Selector(rule.impact),
      recovery: new Selector(rule.recovery),
      precursors: rule.precursors ? new Selector(rule.precursors.events) : null,
      orRequires: new Selector(rule.or_requires),
      suppressedBy: new Selector(rule.suppressed_by),
      shutdown: new Selector(rule.shutdown),
      goingDown: new Selector(rule.going_down),
      startup: new Selector(rule.startup),
      fenceEvidence: new Selector(rule.fence_evidence),
      causes: rule.causes.map((t) => new Selector(t.when)),
    }));
    for (const c of this.rules) this.byType.set(c.rule.type, c);
    this.rebootRule = this.rules.find((x) => x.rule.kind === 'reboot');
    // By id only: a superset; the capture conditions are tested when the window is read.
    this.anyPrecursor = new Selector(rules.flatMap((r) => r.precursors?.events ?? []));
    this.keepRecent = globRegex(rules.flatMap((r) => [...(r.precursors?.events ?? []), ...r.fence_evidence].map(globOf)));
    this.maxPrecursorUs = Math.max(0, ...rules.map((r) => Math.max(r.precursors?.window ?? 0, r.kind === 'reboot' ? r.lookback : 0))) * 1e6;
  }

  /**
   * One record and the events it yielded, in time order; with `ids`, the events' document ids
   * (same order), which the incident's lines then name.
   */
  push(record: LogRecord, events: readonly MatchEvent[], ids?: readonly string[]): void {
    const seq = ++this.seq;
    if (ids) for (let i = 0; i < events.length; i++) this.eventIds.set(events[i]!, ids[i]!);
    if (record.ts !== null) {
      // Consecutive records mostly come from the same input: the map is written when it changes.
      if (record.input !== this.curInput) {
        if (this.curInput !== null) remember(this.inputTs, this.curInput, this.curInputTs, MAX_INPUTS);
        this.curInput = record.input;
      }
      this.curInputTs = record.ts;
    } else {
      // An untimed line after a timed one in the same input happened about then: correlate it there.
      const t = record.input === this.curInput ? this.curInputTs : this.inputTs.get(record.input);
      if (t !== undefined) {
        const placed: LogRecord = { ...record, ts: t };
        PLACED.add(placed);
        record = placed;
        // Events compute their details on demand (getters): keep them, swap only the record.
        events = events.map((ev) => {
          const copy = Object.create(ev, { record: { value: placed, enumerable: true } }) as MatchEvent;
          const id = this.eventIds.get(ev);
          if (id !== undefined) this.eventIds.set(copy, id);
          return copy;
        });
      }
    }
    if (record.ts !== null) {
      this.expire(record.ts);
      if (this.done.length && (record.ts >= this.releaseAt || this.done.length > MAX_HELD)) this.release(record.ts);
    }
    const host = record.host ?? '(unknown)';
    const hs = this.hostState(host);
    this.reboot(record, events, hs, host);
    if (record.ts !== null) {
      if (hs.lastTs !== null && record.ts - hs.lastTs > GAP_US) {
        hs.gaps.push({ host, from: hs.lastTs, to: record.ts });
        if (hs.gaps.length > MAX_GAPS_PER_HOST) hs.gaps.shift();
      }
      hs.firstTs ??= record.ts;
      hs.lastTs = record.ts;
    }
    hs.lastRecord = record;
    for (const ev of events) this.event(ev, seq, hs, host);
  }

  /**
   * Incidents that became final since the last call, in order of their start. Taking them as
   * they come keeps memory flat; where they are taken (after which record) depends only on the
   * input, never on how it was chunked.
   */
  take(): Incident[] {
    return this.ready.length ? this.ready.splice(0) : NONE;
  }

  /** Close everything; every incident not taken yet, in order of their start. */
  finish(): Incident[] {
    for (const l of [...this.live]) this.close(l, true);
    this.live.length = 0;
    this.ready.push(...this.done);
    this.done.length = 0;
    return this.ready.splice(0);
  }

  /** Move closed incidents that nothing still to come can start before to `ready`. */
  private release(now: number): void {
    this.releaseAt = now + 1e6;
    let horizon = now - this.maxPrecursorUs - HOLD_MARGIN_US;
    for (const l of this.live) if ((l.start ?? -Infinity) < horizon) horizon = l.start ?? -Infinity;
    let n = 0;
    while (n < this.done.length && (this.done[n]!.start ?? -Infinity) < horizon) n++;
    n = Math.max(n, this.done.length - MAX_HELD);
    if (n > 0) this.ready.push(...this.done.splice(0, n));
  }

  private hostState(host: string): HostState {
    let hs = this.hosts.get(host);
    if (!hs) {
      hs = { lastTs: null, lastRecord: null, firstTs: null, gaps: [], recent: [], lastShutdownTs: null, lastReboot: null, lastBoot: null, lastStart: null, shuttingDown: null, members: [] };
      this.hosts.set(own(host), hs);
    }
    return hs;
  }

  private event(ev: MatchEvent, seq: number, hs: HostState, host: string): void {
    const ts = ev.record.ts;
    // Bookkeeping the rules rely on.
    if (ev.ruleId === 'task.end_ok') {
      const upid = ev.annotations.upid as { type?: string; id?: string; node?: string } | undefined;
      if (upid?.type === 'qmstart' && upid.id && /^\d+$/.test(upid.id)) {
        const vmid = Number(upid.id);
        const m = this.startedOk.get(vmid) ?? new Map<string, SourceRef>();
        if (!m.has(upid.node ?? host) && m.size < MAX_NODES_PER_GUEST) m.set(own(upid.node ?? host), this.refOfEvent(ev));
        remember(this.startedOk, vmid, m, MAX_GUESTS);
      }
    }
    this.learnStorage(ev);
    const rb = this.rebootRule;
    if (rb) {
      if (rb.shutdown.test(ev.ruleId, ev.captures)) hs.lastShutdownTs = ts ?? hs.lastShutdownTs ?? 0;
      if (rb.goingDown.test(ev.ruleId, ev.captures)) hs.shuttingDown ??= ts ?? 0;
      if (rb.startup.test(ev.ruleId, ev.captures) && ts !== null) hs.lastStart = ts;
    }
    const ring = ev.captures.ring_id as { rep: string; seq: number } | undefined;
    if (ring && ts !== null && ev.ruleId.startsWith('corosync.totem.membership_')) {
      const k = `${ring.rep}.${ring.seq}`;
      let seen = this.rings.get(k);
      if (!seen) {
        seen = new Map();
        this.rings.set(own(k), seen);
        if (this.rings.size > MAX_RINGS) this.rings.delete(this.rings.keys().next().value!);
        this.ringsVersion++;
      }
      if (!seen.has(host)) {
        seen.set(own(host), ts);
        this.ringsVersion++;
      }
    }
    if (ev.ruleId === 'corosync.quorum.members' && Array.isArray(ev.captures.members)) {
      hs.members.push({ ts, members: ev.captures.members as number[] });
      if (hs.members.length > 16) hs.members.shift();
    }
    const id = ev.ruleId;
    let candidates = this.spanRulesById.get(id);
    if (!candidates) {
      candidates = this.rules.filter((c) => c.rule.kind === 'span' && (c.onset.mayMatch(id) || c.impact.mayMatch(id) || c.recovery.mayMatch(id)));
      if (this.spanRulesById.size < 65536) this.spanRulesById.set(id, candidates);
    }
    for (const c of candidates) {
      const cap = ev.captures;
      const phase: Phase | null = c.onset.test(id, cap) ? 'onset' : c.recovery.test(id, cap) ? 'recovery' : c.impact.test(id, cap) ? 'impact' : null;
      if (phase === null) continue;
      const named = c.rule.node_capture?.map((k) => ev.captures[k]).find((v) => v !== undefined);
      const node = named === undefined ? host : String(named);
      const key = this.keyOf(c, ev);
      let inc = this.find(c, node, key, phase === 'recovery');
      if (phase === 'onset' && inc && inc.recovered) {
        // A new onset before the incident settled: the same trouble flapping, not a new incident.
        inc.recovered = false;
        inc.flaps++;
      }
      if (!inc) {
        if (phase !== 'onset') continue;
        // A node going down on purpose stops corosync and pmxcfs: planned, not an incident.
        const nhs = this.hosts.get(node);
        if (nhs?.shuttingDown != null && (ts === null || ts - nhs.shuttingDown < SAME_REBOOT_US)) continue;
        // Corosync clients fail for a while at every boot, until corosync is up: start-up, not an incident.
        const started = Math.max(nhs?.lastBoot ?? -Infinity, nhs?.lastStart ?? -Infinity);
        if (c.rule.boot_grace && ts !== null && ts >= started && ts - started < c.rule.boot_grace * 1e6) continue;
        const host2 = this.attachTarget(c, node, ts);
        if (host2) {
          this.add(host2, ev, 'impact', seq);
          continue;
        }
        inc = this.acrossNodes(c, node, key, ts) ?? this.open(c, node, key, ev, hs);
      }
      inc.nodes.add(node);
      inc.subjects.add(node);
      if (ev.record.host) inc.nodes.add(ev.record.host);
      if (phase === 'onset') inc.onsets++;
      this.add(inc, ev, phase, seq);
      if (phase === 'recovery') {
        inc.recovered = true;
        inc.recoveredAt = ts ?? inc.recoveredAt;
        this.nextExpiry = -Infinity;
      }
    }
    // Lines logged in the same moment arrive in any order: a precursor a few seconds after the
    // onset (corosync's config error right after pmxcfs's first failure) still explains it.
    if (this.anyPrecursor.mayMatch(ev.ruleId)) for (const l of this.live) {
      if (l.c.precursors === null || !l.c.precursors.test(ev.ruleId, ev.captures) || !l.subjects.has(host)) continue;
      if (l.start !== null && ts !== null && ts - l.start <= LATE_PRECURSOR_US && !l.entries.some((e) => e.phase !== "precursor" && e.ruleId === ev.ruleId && e.first === ts)) {
        this.add(l, ev, 'precursor', seq);
      }
    }
    if (this.keepRecent.test(ev.ruleId)) {
      hs.recent.push({ ev: this.kept(ev), seq });
      if (hs.recent.length > MAX_RECENT) hs.recent.shift();
    }
    // Drop what no window can reach any more.
    if (ts !== null) while (hs.recent.length && hs.recent[0]!.ev.record.ts !== null && ts - hs.recent[0]!.ev.record.ts! > this.maxPrecursorUs) hs.recent.shift();
  }

  /** An event to keep in a window: on its own strings, so it does not pin its input block. */
  private kept(ev: MatchEvent): MatchEvent {
    const record = ownedRecord(ev.record);
    if (PLACED.has(ev.record)) PLACED.add(record);
    const copy = ownedEvent(ev, record);
    const id = this.eventIds.get(ev);
    if (id !== undefined) this.eventIds.set(copy, id);
    return copy;
  }

  /** Where an event's line is, with the event's document id when it has one. */
  private refOfEvent(ev: MatchEvent): SourceRef {
    const ref = refOf(ev.record);
    const id = this.eventIds.get(ev);
    if (id !== undefined) ref.eventId = id;
    return ref;
  }

  /** Which storage or pool a guest's disks are on, from any line that names a volume of it. */
  private learnStorage(ev: MatchEvent): void {
    const c = ev.captures;
    if (typeof c.image === 'string') {
      const m = /^(?:vm|base)-(\d+)-/.exec(c.image);
      const named = typeof c.storage === 'string' ? c.storage : storageOfKeyring(c.keyring);
      const storage = named === undefined ? undefined : own(named);
      const pool = typeof c.pool === 'string' ? own(c.pool) : undefined;
      if (m && (storage || pool)) remember(this.guestStorage, Number(m[1]), { ...this.guestStorage.get(Number(m[1])), ...(storage && { storage }), ...(pool && { pool }) }, MAX_GUESTS);
    }
    // "update VM 110: -scsi0 ceph-vm:4,iothread=on": a disk (not a CD-ROM) on storage ceph-vm.
    if (ev.ruleId === 'task.guest_config_update' && typeof c.vmid === 'number' && typeof c.params === 'string') {
      for (const m of c.params.matchAll(/(?:^|\s)-(?:scsi|virtio|sata|ide|efidisk|tpmstate)\d+ ([A-Za-z][\w.-]*):(\S*)/g)) {
        if (/(?:^|,)media=cdrom(?:,|$)/.test(m[2]!)) continue;
        remember(this.guestStorage, c.vmid, { ...this.guestStorage.get(c.vmid), storage: own(m[1]!) }, MAX_GUESTS);
        break;
      }
    }
  }

  private keyOf(c: Compiled, ev: MatchEvent): Record<string, string> {
    const key: Record<string, string> = {};
    for (const k of c.rule.key) {
      if (k === 'vmid') {
        const v = (ev.annotations.vmids as number[] | undefined)?.[0] ?? ev.captures.vmid;
        if (v !== undefined) key.vmid = String(v);
      } else if (ev.captures[k] !== undefined) key[k] = String(ev.captures[k]);
    }
    return key;
  }

  /** The open incident of this rule for the node whose key agrees (a missing key part agrees). */
  private find(c: Compiled, node: string, key: Record<string, string>, strict: boolean): Live | undefined {
    for (const l of this.live) {
      if (l.c !== c || !l.nodes.has(node)) continue;
      // A recovery must name what recovered (the same VMID, the same storage).
      let agrees = !strict || Object.keys(l.key).every((k) => key[k] !== undefined);
      for (const k of Object.keys(key)) if (l.key[k] !== undefined && l.key[k] !== key[k]) agrees = false;
      if (agrees) {
        for (const [k, v] of Object.entries(key)) l.key[k] ??= v;
        return l;
      }
    }
    return undefined;
  }

  private attachTarget(c: Compiled, node: string, ts: number | null): Live | undefined {
    if (!c.rule.attach_to.length) return undefined;
    // In the order the rule lists the types: the node's own incident, else (if allowed) another node's.
    for (const type of c.rule.attach_to) {
      const open = this.live.filter((l) => l.type === type && !(l.recovered && ts !== null && l.recoveredAt !== null && ts > l.recoveredAt));
      const hit = open.find((l) => l.nodes.has(node)) ?? (c.rule.attach_across_nodes ? open[0] : undefined);
      if (hit) return hit;
    }
    return undefined;
  }

  private acrossNodes(c: Compiled, node: string, key: Record<string, string>, ts: number | null): Live | undefined {
    const w = c.rule.across_nodes;
    if (w === undefined) return undefined;
    return this.live.find((l) => {
      if (l.c !== c || l.nodes.has(node)) return false;
      for (const k of Object.keys(key)) if (l.key[k] !== undefined && l.key[k] !== key[k]) return false;
      return within(l.start, ts, w * 1e6);
    });
  }

  private open(c: Compiled, node: string, key: Record<string, string>, ev: MatchEvent, hs: HostState): Live {
    const inc: Live = {
      c,
      type: c.rule.type,
      keyStr: JSON.stringify(key),
      key: { ...key },
      nodes: new Set([node]),
      subjects: new Set([node]),
      entries: [],
      byFingerprint: fingerprintMaps(),
      truncated: 0,
      onsets: 0,
      start: ev.record.ts,
      lastTs: ev.record.ts,
      lastSeq: 0,
      recoveredAt: null,
      recovered: false,
      flaps: 0,
      details: {},
    };
    this.live.push(inc);
    this.nextExpiry = -Infinity;
    if (c.precursors) {
      const windowUs = c.rule.precursors!.window * 1e6;
      // The node's own recent trouble, and for a node named in another's log, that node's too.
      const sources = [hs, ...(node !== (ev.record.host ?? '') && this.hosts.has(node) ? [this.hosts.get(node)!] : [])];
      for (const src of sources) {
        for (const r of src.recent) {
          if (r.ev === ev || !c.precursors.test(r.ev.ruleId, r.ev.captures)) continue;
          if (!within(r.ev.record.ts, ev.record.ts, windowUs)) continue;
          this.add(inc, r.ev, 'precursor', r.seq);
        }
      }
    }
    return inc;
  }

  private add(inc: Live, ev: MatchEvent, phase: Phase, seq: number): void {
    const ts = ev.record.ts;
    const fp = ev.fingerprint;
    const prev = inc.byFingerprint[phase].get(fp);
    if (prev && (ts === null || prev.last === null || ts - prev.last <= STORM_GAP_US)) {
      prev.count++;
      if (ts !== null) prev.last = ts;
    } else if (inc.entries.length >= MAX_ENTRIES) {
      inc.truncated++;
    } else {
      const entry: IncidentEntry = {
        phase,
        ruleId: ev.ruleId,
        severity: ev.severity,
        layer: ev.layer,
        host: ev.record.host,
        // Copies: the event's strings may be slices of a whole input chunk, which a kept
        // entry would otherwise keep alive.
        summary: own(ev.summary),
        captures: structuredClone(ev.captures),
        first: ts,
        last: ts,
        count: 1,
        ref: this.refOfEvent(ev),
        seq,
      };
      if (PLACED.has(ev.record)) entry.placed = true;
      inc.entries.push(entry);
      inc.byFingerprint[phase].set(own(fp), entry);
    }
    if (ts !== null) {
      if (inc.start === null || ts < inc.start) inc.start = ts;
      if (inc.lastTs === null || ts > inc.lastTs) inc.lastTs = ts;
    }
    if (seq > inc.lastSeq) inc.lastSeq = seq;
  }

  /** Close incidents whose time is up. */
  private expire(now: number): void {
    // Nothing can be due before the earliest deadline of the last scan: deadlines only move later
    // as events arrive; a recovery or a new incident resets this bound.
    if (now <= this.nextExpiry) return;
    let next = Infinity;
    for (const l of [...this.live]) {
      const last = l.lastTs;
      if (last === null) continue;
      const deadline = l.recovered ? (l.recoveredAt === null ? Infinity : l.recoveredAt + l.c.rule.settle * 1e6) : last + l.c.rule.idle_close * 1e6;
      if (now > deadline) this.close(l, false);
      else if (deadline < next) next = deadline;
    }
    this.nextExpiry = next;
  }

  private close(l: Live, atEnd: boolean): void {
    const i = this.live.indexOf(l);
    if (i >= 0) this.live.splice(i, 1);
    const rule = l.c.rule;
    if (l.entries.some((e) => l.c.suppressedBy.test(e.ruleId, e.captures))) return;
    if (l.onsets < rule.min_onset && !l.entries.some((e) => l.c.orRequires.test(e.ruleId, e.captures))) return;
    const open = atEnd && !l.recovered && rule.recovery.length > 0;
    const details = l.flaps ? { ...l.details, flaps: l.flaps + 1 } : l.details;
    // Kept in order of start (byStart): release() then only looks at the head.
    const inc = this.build(l.c, l.nodes, l.subjects, l.key, l.entries, l.truncated, open, details);
    let at = this.done.length;
    while (at > 0 && byStart(this.done[at - 1]!, inc) > 0) at--;
    this.done.splice(at, 0, inc);
  }

  /** Reboots: a new boot (boot id change, or the kernel's first line) without a shutdown sequence. */
  private reboot(record: LogRecord, events: readonly MatchEvent[], hs: HostState, host: string): void {
    const c = this.rebootRule;
    if (!c) return;
    const signal = record.newBoot || events.some((e) => c.onset.test(e.ruleId, e.captures));
    if (!signal || record.ts === null) return;
    if (hs.lastBoot === null || record.ts - hs.lastBoot > SAME_REBOOT_US) hs.lastBoot = record.ts;
    hs.shuttingDown = null;
    if (hs.lastReboot !== null && Math.abs(record.ts - hs.lastReboot) < SAME_REBOOT_US) return;
    hs.lastReboot = record.ts;
    const before = hs.lastRecord === null ? null : refOf(hs.lastRecord);
    if (!before || before.ts === null || hs.lastTs === null) return;
    const lookbackUs = c.rule.lookback * 1e6;
    if (hs.lastShutdownTs !== null && hs.lastTs - hs.lastShutdownTs <= lookbackUs) return; // planned
    // Evidence on the node before the reset (HA lock loss, watchdog expiry) makes it a fence.
    const evidence = hs.recent.filter((r) => c.fenceEvidence.test(r.ev.ruleId, r.ev.captures) && within(r.ev.record.ts, hs.lastTs, lookbackUs));
    const fenced = evidence.length > 0;
    const target = fenced ? (this.byType.get('fencing-reboot') ?? c) : c;
    const seq = ++this.seq;
    const entries: IncidentEntry[] = [];
    const mk = (phase: Phase, ruleId: string, summary: string, ref: SourceRef, ts: number): IncidentEntry => ({
      phase,
      ruleId,
      severity: 'critical',
      layer: 'host',
      host,
      summary,
      captures: {},
      first: ts,
      last: ts,
      count: 1,
      ref,
      seq,
    });
    const live: Live = {
      c: target,
      type: target.rule.type,
      keyStr: '{}',
      key: {},
      nodes: new Set([host]),
      subjects: new Set([host]),
      entries,
      byFingerprint: fingerprintMaps(),
      truncated: 0,
      onsets: 1,
      start: null,
      lastTs: null,
      lastSeq: seq,
      recoveredAt: null,
      recovered: false,
      flaps: 0,
      details: { gap_us: record.ts - hs.lastTs, last_before: before, first_after: refOf(record), fenced_by_evidence: fenced },
    };
    for (const r of hs.recent) {
      if (!(c.precursors?.test(r.ev.ruleId, r.ev.captures) ?? false) || !within(r.ev.record.ts, hs.lastTs, lookbackUs)) continue;
      this.add(live, r.ev, 'precursor', r.seq);
    }
    entries.push(mk('onset', 'pvelens.last_line_before_reset', `last line before the reset`, before, hs.lastTs));
    entries.push(mk('recovery', 'pvelens.first_line_after_boot', `first line of the new boot: ${record.message.slice(0, 120)}`, refOf(record), record.ts));
    live.start = live.entries.reduce<number | null>((m, e) => (e.first !== null && (m === null || e.first < m) ? e.first : m), null);
    live.lastTs = record.ts;
    // Another node's HA stack fencing this one is the same incident: merge into it if open.
    const crm = this.live.find((l) => l.type === 'fencing-reboot' && l.nodes.has(host));
    if (crm) {
      const have = new Set(crm.entries.map((e) => `${e.phase}:${refText(e.ref)}`));
      for (const e of entries) if (!have.has(`${e.phase}:${refText(e.ref)}`) && !have.has(`onset:${refText(e.ref)}`)) crm.entries.push(e);
      Object.assign(crm.details, live.details);
      return;
    }
    this.live.push(live);
    this.nextExpiry = -Infinity;
  }

  private build(c: Compiled, nodes: Set<string>, subjects: Set<string>, key: Record<string, string>, entries: IncidentEntry[], truncated: number, open: boolean, details: Record<string, unknown>): Incident {
    const rule = c.rule;
    // Order lines as they happened: each host's estimated clock offset taken out.
    const { reference, skew } = this.clockSkew();
    const at = (e: IncidentEntry): number => e.first! - (skew.get(e.host ?? '') ?? 0);
    const sorted = [...entries].sort((a, b) => (a.first !== null && b.first !== null ? at(a) - at(b) : 0) || a.seq - b.seq);
    // The incident starts at its first onset line; precursors lie before it.
    let start: number | null = null;
    let end: number | null = null;
    for (const e of sorted) {
      if (e.phase !== 'precursor' && e.first !== null && (start === null || e.first < start)) start = e.first;
      if (e.last !== null && (end === null || e.last > end)) end = e.last;
    }
    const onset = sorted.find((e) => e.phase === 'onset') ?? sorted[0]!;
    const nodeList = [...nodes].sort();
    const subjectList = [...subjects].sort();
    const id = 'inc-' + fingerprintHash(`${rule.type}\u0000${JSON.stringify(key)}\u0000${nodeList[0] ?? ''}\u0000${start ?? ''}\u0000${onset.ref.file}:${onset.ref.line ?? onset.ref.offset ?? ''}\u0000${onset.summary}`);
    const d = { ...details };
    if (rule.type === 'rbd-error-opening') Object.assign(d, this.rbdDetails(sorted, nodeList));
    if (rule.type === 'quorum-loss' || rule.type === 'membership-churn') {
      const p = this.partition(start, end);
      if (p) d.partition = p;
    }
    if (nodeList.length > 1 && reference !== null) {
      const s: Record<string, number> = {};
      for (const n of nodeList) if (n !== reference && skew.has(n)) s[n] = Math.round(skew.get(n)! / 1000);
      if (Object.keys(s).length) d.clock_skew_ms = { reference, ...s };
    }
    const rootCause = this.rootCause(c, sorted, onset, d, key);
    const evidence: SourceRef[] = [];
    const seen = new Set<string>();
    for (const e of [...rootCause.evidence.map((ref) => ({ ref })), ...sorted.filter((e) => e.phase === 'onset'), ...sorted]) {
      const k = `${e.ref.file}:${e.ref.line ?? e.ref.offset}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push(e.ref);
      if (evidence.length >= 12) break;
    }
    const fill = (s: string): string =>
      s.replace(/\{(\w+)\}/g, (m, name: string) => (name === 'node' ? subjectList.join(', ') : (key[name] ?? (d[name] !== undefined ? String(d[name]) : m))));
    return {
      id,
      type: rule.type,
      title: rule.title,
      severity: rule.severity,
      scope: nodeList.length > 1 ? 'cluster' : 'node',
      nodes: nodeList,
      subjects: subjectList,
      key,
      start,
      end,
      open,
      entries: sorted,
      truncated,
      rootCause,
      evidence,
      gaps: this.gapsDuring(start, end),
      nextChecks: rule.next_checks.map(fill),
      details: d,
    };
  }

  /**
   * Clock offset of each host against a reference host (the one in most shared memberships), in
   * µs: the median difference of the times both logged the same new ring id.
   */
  clockSkew(): { reference: string | null; skew: Map<string, number>; anchors: number } {
    // Every incident asks; the anchors change far less often.
    if (this.skewCache?.version !== this.ringsVersion) this.skewCache = { version: this.ringsVersion, value: this.computeSkew() };
    return this.skewCache.value;
  }

  private computeSkew(): { reference: string | null; skew: Map<string, number>; anchors: number } {
    const count = new Map<string, number>();
    for (const seen of this.rings.values()) if (seen.size > 1) for (const h of seen.keys()) count.set(h, (count.get(h) ?? 0) + 1);
    const reference = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    const skew = new Map<string, number>();
    let anchors = 0;
    if (reference === null) return { reference, skew, anchors };
    const diffs = new Map<string, number[]>();
    for (const seen of this.rings.values()) {
      const ref = seen.get(reference);
      if (ref === undefined || seen.size < 2) continue;
      anchors++;
      for (const [h, t] of seen) if (h !== reference) (diffs.get(h) ?? diffs.set(h, []).get(h)!).push(t - ref);
    }
    for (const [h, d] of diffs) {
      d.sort((a, b) => a - b);
      skew.set(h, d.length % 2 ? d[(d.length - 1) / 2]! : Math.round((d[d.length / 2 - 1]! + d[d.length / 2]!) / 2));
    }
    return { reference, skew, anchors };
  }

  /** Which member lists each host logged around the incident: the sides of a partition. */
  private partition(start: number | null, end: number | null): Record<string, number[]> | null {
    if (start === null) return null;
    const out: Record<string, number[]> = {};
    for (const [host, hs] of [...this.hosts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const m = hs.members.filter((x) => x.ts !== null && x.ts >= start - 60e6 && x.ts <= (end ?? start) + 1e6).at(0);
      if (m) out[host] = m.members;
    }
    return Object.keys(out).length > 1 ? out : null;
  }

  private rootCause(c: Compiled, entries: IncidentEntry[], onset: IncidentEntry, details: Record<string, unknown>, key: Record<string, string>): RootCause {
    // The rule's cause sentences are in order of preference; among the lines one of them fits,
    // the lowest layer, then the earliest, is the cause. Without a fitting sentence: the lowest
    // and earliest failing layer of all.
    const lowest = (list: IncidentEntry[]): IncidentEntry | undefined => {
      let best: IncidentEntry | undefined;
      for (const e of list) {
        const d = best === undefined ? -1 : layerRank(e.layer) - layerRank(best.layer);
        if (d < 0 || (d === 0 && e.first !== null && best!.first !== null && e.first < best!.first)) best = e;
      }
      return best;
    };
    const candidates = entries.filter((e) => e.phase !== 'recovery' && !e.ruleId.startsWith('pvelens.'));
    let cause = onset;
    let template: IncidentRule['causes'][number] | undefined;
    for (const [i, t] of c.rule.causes.entries()) {
      const sel = c.causes[i]!;
      const hit = lowest(candidates.filter((e) => sel.test(e.ruleId, e.captures)));
      if (hit) {
        cause = hit;
        template = t;
        break;
      }
    }
    if (!template) cause = lowest(candidates) ?? onset;
    const values: Record<string, string> = { ...key, node: cause.host ?? '(unknown node)', count: String(cause.count), summary: cause.summary };
    for (const [k, v] of Object.entries(cause.captures)) values[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    for (const [k, v] of Object.entries(details)) if (typeof v === 'string' || typeof v === 'number') values[k] ??= String(v);
    const text = template
      ? template.text.replace(/\{(\w+)\}/g, (m, n: string) => values[n] ?? m)
      : `Earliest failing layer: ${cause.layer} on ${cause.host ?? '(unknown node)'}: ${cause.summary}${cause.count > 1 ? ` (×${cause.count})` : ''}.`;
    const layers = new Set(entries.map((e) => e.layer));
    const confidence: RootCause['confidence'] =
      cause !== onset && layerRank(cause.layer) < layerRank(onset.layer) ? 'high' : layers.size > 1 || entries.length > 2 ? 'medium' : 'low';
    const evidence = [cause.ref];
    if (onset !== cause) evidence.push(onset.ref);
    return { text, layer: cause.layer, ruleId: cause.ruleId, node: cause.host, confidence, evidence };
  }

  private rbdDetails(entries: IncidentEntry[], nodes: string[]): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    for (const e of entries) {
      for (const k of ['pool', 'image', 'client', 'keyring', 'conf', 'errno', 'reason', 'vmid']) {
        const v = e.captures[k];
        if (v !== undefined && d[k] === undefined) d[k] = v;
      }
    }
    if (d.vmid === undefined && typeof d.image === 'string') {
      const m = /^(?:vm|base)-(\d+)-/.exec(d.image);
      if (m) d.vmid = Number(m[1]);
    }
    const errno = typeof d.errno === 'number' ? d.errno : null;
    const reason = String(d.reason ?? '');
    d.diagnosis =
      errno === 13 || errno === 1 || /Permission denied|Operation not permitted/.test(reason)
        ? 'permission denied: the client key lacks the caps for the pool, or the keyring holds a key for another client name'
        : errno === 2 || /No such file/.test(reason)
          ? 'not found: the keyring file, the pool or the image does not exist where the client looks'
          : errno === 110 || /timed out|error connecting to the cluster/i.test(reason)
            ? 'monitors unreachable: mon_host, routing or ports 3300/6789'
            : 'see the error text';
    d.storage ??= storageOfKeyring(d.keyring);
    if (d.storage === undefined) delete d.storage;
    // Where the same guest, or another guest on the same storage or pool, started fine: a node
    // the storage works on, which makes the failure local to this one (keyring, ceph.conf).
    const worked = new Map<string, string[]>();
    const note = (node: string, text: string): void => {
      if (nodes.includes(node)) return;
      const list = worked.get(node) ?? worked.set(node, []).get(node)!;
      if (list.length < 4) list.push(text);
    };
    const vmid = typeof d.vmid === 'number' || typeof d.vmid === 'string' ? Number(d.vmid) : null;
    if (vmid !== null) for (const [n, ref] of this.startedOk.get(vmid) ?? []) note(n, `VM ${vmid} itself started (${refText(ref)})`);
    for (const [v, loc] of this.guestStorage) {
      if (v === vmid) continue;
      const same = d.storage !== undefined && loc.storage === d.storage ? `storage ${loc.storage}` : d.pool !== undefined && loc.pool === d.pool ? `pool ${loc.pool}` : null;
      if (same) for (const [n, ref] of this.startedOk.get(v) ?? []) note(n, `VM ${v}, on the same ${same}, started (${refText(ref)})`);
    }
    if (worked.size) {
      const names = [...worked.keys()].sort();
      d.worked_on = names;
      d.worked_evidence = names.flatMap((n) => worked.get(n)!.map((t) => `${n}: ${t}`));
      d.diagnosis += `; the same storage works on ${names.join(', ')}, so the difference is local to ${nodes.join(', ')} (its keyring or ceph.conf copy)`;
    }
    return d;
  }

  private gapsDuring(start: number | null, end: number | null): Gap[] {
    if (start === null || end === null) return [];
    const out: Gap[] = [];
    for (const [host, hs] of this.hosts) {
      if (host === '(unknown)') continue;
      for (const g of hs.gaps) if (g.to > start && g.from < end) out.push(g);
      if (hs.lastTs !== null && hs.lastTs < end - GAP_US && hs.lastTs > start - GAP_US) out.push({ host, from: hs.lastTs, to: end });
    }
    return out.sort((a, b) => a.from - b.from || (a.host < b.host ? -1 : 1));
  }
}
