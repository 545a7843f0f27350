// The one document shape pvelens prints (-o json) and ships to Elasticsearch: ECS field names
// where ECS has them, pvelens.* for the rest. Null fields are left out, key order is fixed, so
// the same record always serialises to the same bytes.
import { fingerprintHash } from '../match/matcher.js';
import { FLAG_NAMES, type LogRecord, type MatchEvent } from '../model.js';

const SEVERITY_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];
/** log.level uses the short syslog keywords, as Filebeat and journalctl do. */
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** ISO 8601 UTC with microseconds: 2025-12-25T12:05:12.123456Z. */
export function isoMicros(us: number): string {
  const sec = Math.floor(us / 1e6);
  // Times repeat: a record's second, an incident's lines. Date formatting once per second seen.
  const slot = sec & (ISO_SLOTS - 1);
  let prefix = isoPrefix[slot]!;
  if (isoSecond[slot] !== sec) {
    prefix = isoPrefix[slot] = new Date(sec * 1000).toISOString().slice(0, 19); // …T12:05:12
    isoSecond[slot] = sec;
  }
  const sub = us - sec * 1e6;
  return prefix + (sub < 100000 ? '.' + String(sub + 1e6).slice(1) : '.' + sub) + 'Z';
}
const ISO_SLOTS = 256;
const isoSecond = new Float64Array(ISO_SLOTS).fill(NaN);
const isoPrefix: string[] = new Array<string>(ISO_SLOTS).fill('');

export function flagNames(flags: number): string[] {
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) names.push(name);
  return names;
}

export type EcsDocument = Record<string, unknown>;

export function recordDocument(r: LogRecord): EcsDocument {
  const doc: EcsDocument = {};
  if (r.ts !== null) doc['@timestamp'] = isoMicros(r.ts);
  doc.message = r.message;
  const host: Record<string, unknown> = {};
  if (r.host !== null) host.name = r.host;
  if (r.bootId !== null) host.boot = { id: r.bootId };
  if (r.host !== null || r.bootId !== null) doc.host = host;

  const syslog: Record<string, unknown> = {};
  if (r.ident !== null) syslog.appname = r.ident;
  if (r.priority !== null) {
    syslog.priority = r.priority;
    syslog.severity = { code: r.priority, name: SEVERITY_NAMES[r.priority] };
  }
  if (r.facility !== null) syslog.facility = { code: r.facility };
  const log: Record<string, unknown> = {};
  if (r.priority !== null) log.level = LEVEL_NAMES[r.priority];
  if (Object.keys(syslog).length) log.syslog = syslog;
  if (r.input !== '<stdin>') log.file = { path: r.input };
  if (r.offset !== null) log.offset = r.offset;
  doc.log = log;
  if (r.pid !== null) doc.process = { pid: r.pid };
  if (r.unit !== null) doc.systemd = { unit: r.unit };

  const source: Record<string, unknown> = { input: r.input };
  if (r.line !== null) source.line = r.line;
  if (r.offset !== null) source.offset = r.offset;
  if (r.cursor !== null) source.cursor = r.cursor;
  const time: Record<string, unknown> = { precision: r.precision };
  if (r.ts === null) time.untimed = true;
  if (r.monotonic !== null) time.monotonic_us = r.monotonic;
  const pvelens: Record<string, unknown> = { format: r.format, source, time };
  if (r.newBoot) pvelens.boot = { new: true };
  if (r.flags) pvelens.flags = flagNames(r.flags);
  doc.pvelens = pvelens;
  return doc;
}

/** Syslog numbering, as log.syslog.severity.code: 0 emergency … 7 debug. */
const SEVERITY_CODES: Record<MatchEvent['severity'], number> = {
  emergency: 0,
  alert: 1,
  critical: 2,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/**
 * An annotated event: the record's document plus what the pattern said about it. `id` is the
 * deterministic event id (sinks/ids.ts), also the Elasticsearch `_id`.
 */
export function eventDocument(ev: MatchEvent, id?: string): EcsDocument {
  const doc = recordDocument(ev.record);
  const pvelens = doc.pvelens as Record<string, unknown>;
  const out: EcsDocument = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'pvelens') out[k] = v;
  out.event = {
    kind: 'event',
    ...(id === undefined ? {} : { id }),
    module: 'proxmox',
    dataset: 'pvelens.events',
    category: [ev.category],
    action: ev.action,
    severity: SEVERITY_CODES[ev.severity],
    reason: ev.summary,
  };
  out.rule = { id: ev.ruleId, ruleset: ev.ruleset };
  const extra: Record<string, unknown> = { severity: ev.severity, layer: ev.layer, summary: ev.summary, fingerprint: fingerprintHash(ev.fingerprint) };
  if (Object.keys(ev.captures).length) extra.captures = ev.captures;
  if (Object.keys(ev.annotations).length) extra.annotations = ev.annotations;
  if (ev.partial) extra.partial = true;
  out.pvelens = { ...pvelens, ...extra };
  return out;
}
