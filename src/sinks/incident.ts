// Incidents as documents (-o json, and what Elasticsearch receives) and as the human timeline.
import { refText, type Gap, type Incident, type IncidentEntry, type SourceRef } from '../correlate/engine.js';
import type { Zone } from '../time/zone.js';
import { isoMicros, type EcsDocument } from './ecs.js';

const SEVERITY_CODES: Record<Incident['severity'], number> = { emergency: 0, alert: 1, critical: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7 };

function refDoc(r: SourceRef): Record<string, unknown> {
  const d: Record<string, unknown> = { file: r.file };
  if (r.line !== null) d.line = r.line;
  else if (r.offset !== null) d.offset = r.offset;
  if (r.host !== null) d.host = r.host;
  if (r.ts !== null) d['@timestamp'] = isoMicros(r.ts);
  if (r.eventId !== undefined) d.event_id = r.eventId;
  return d;
}

function entryDoc(e: IncidentEntry): Record<string, unknown> {
  const d: Record<string, unknown> = { phase: e.phase, rule_id: e.ruleId, severity: e.severity, layer: e.layer, summary: e.summary, count: e.count };
  if (e.host !== null) d.host = e.host;
  if (e.first !== null) d.first = isoMicros(e.first);
  if (e.last !== null && e.count > 1) d.last = isoMicros(e.last);
  d.source = refDoc(e.ref);
  return d;
}

/** The incident document: ECS where it has a field, pvelens.incident.* for the rest. */
export function incidentDocument(inc: Incident): EcsDocument {
  const doc: EcsDocument = {};
  if (inc.start !== null) doc['@timestamp'] = isoMicros(inc.start);
  doc.message = `${inc.type} on ${inc.subjects.join(', ')}: ${inc.rootCause.text}`;
  const event: Record<string, unknown> = { kind: 'alert', module: 'proxmox', dataset: 'pvelens.incidents', category: ['host'], type: ['info'], action: inc.type, severity: SEVERITY_CODES[inc.severity] };
  if (inc.start !== null) event.start = isoMicros(inc.start);
  if (inc.end !== null && !inc.open) event.end = isoMicros(inc.end);
  if (inc.start !== null && inc.end !== null) event.duration = (inc.end - inc.start) * 1000; // ns
  doc.event = event;
  doc.host = { name: inc.subjects[0] ?? inc.nodes[0] ?? null };
  const incident: Record<string, unknown> = {
    id: inc.id,
    type: inc.type,
    title: inc.title,
    severity: inc.severity,
    scope: inc.scope,
    nodes: inc.nodes,
    subjects: inc.subjects,
    start: inc.start === null ? null : isoMicros(inc.start),
    end: inc.end === null ? null : isoMicros(inc.end),
    open: inc.open,
    duration_s: inc.start !== null && inc.end !== null ? (inc.end - inc.start) / 1e6 : null,
    root_cause: {
      text: inc.rootCause.text,
      layer: inc.rootCause.layer,
      rule_id: inc.rootCause.ruleId,
      node: inc.rootCause.node,
      confidence: inc.rootCause.confidence,
      evidence: inc.rootCause.evidence.map(refDoc),
    },
    evidence: inc.evidence.map(refDoc),
    events: inc.entries.map(entryDoc),
    gaps: inc.gaps.map((g) => ({ host: g.host, from: isoMicros(g.from), to: isoMicros(g.to) })),
    next_checks: inc.nextChecks,
  };
  if (Object.keys(inc.key).length) incident.key = inc.key;
  if (inc.truncated) incident.truncated = inc.truncated;
  const details = detailsDoc(inc.details);
  if (Object.keys(details).length) incident.details = details;
  doc.pvelens = { incident };
  return doc;
}

function detailsDoc(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (k === 'last_before' || k === 'first_after') out[k] = refDoc(v as SourceRef);
    else if (k === 'gap_us') out.gap_s = (v as number) / 1e6;
    else out[k] = v;
  }
  return out;
}

export function formatDuration(us: number): string {
  let s = Math.round(us / 1e6);
  const neg = s < 0;
  s = Math.abs(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const txt = h ? `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
  return (neg ? '-' : '') + txt;
}

function relative(us: number): string {
  const s = Math.round(us / 1e6);
  const sign = s < 0 ? '-' : '+';
  const a = Math.abs(s);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: string, s: string): string;
}

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, severity: (_, s) => s };

export const ANSI: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  severity: (sev, s) => {
    const code = sev === 'critical' || sev === 'emergency' || sev === 'alert' ? 31 : sev === 'error' ? 91 : sev === 'warning' ? 33 : 36;
    return `\x1b[${code}m${s}\x1b[39m`;
  },
};

const PHASE_LABEL: Record<IncidentEntry['phase'], string> = { precursor: 'before', onset: 'onset', impact: 'impact', recovery: 'recovery' };

/** The human timeline of one incident. */
export function formatIncidentText(inc: Incident, zone: Zone, style: Style = PLAIN): string {
  const lines: string[] = [];
  const when = inc.start === null ? 'untimed' : zone.formatIso(inc.start, 's');
  const dur = inc.start !== null && inc.end !== null ? formatDuration(inc.end - inc.start) : '?';
  const status = inc.open ? `open at end of input (${dur} so far)` : dur;
  lines.push(
    style.bold(`== ${inc.type}`) +
      `  ${style.severity(inc.severity, inc.severity.toUpperCase())}  ${inc.nodes.join(', ')}  ${when}  ${status}  ${style.dim(`[${inc.id}]`)}`,
  );
  lines.push(`   ${inc.title}${Object.keys(inc.key).length ? ` (${Object.entries(inc.key).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  const lane = Math.max(4, ...inc.entries.map((e) => (e.host ?? '-').length));
  for (const e of inc.entries) {
    const rel = e.first === null || inc.start === null ? '   ?  ' : relative(e.first - inc.start);
    const storm = e.count > 1 ? ` ×${e.count}${e.first !== null && e.last !== null && e.last > e.first ? ` over ${formatDuration(e.last - e.first)}` : ''}` : '';
    lines.push(
      `   ${rel}  ${(e.host ?? '-').padEnd(lane)}  ${PHASE_LABEL[e.phase].padEnd(8)}  ${style.severity(e.severity, e.ruleId)}: ${e.summary}${storm}  ${style.dim(refText(e.ref))}`,
    );
  }
  if (inc.truncated) lines.push(`   … ${inc.truncated} more events not listed`);
  const rc = inc.rootCause;
  lines.push(`   ${style.bold('root cause')} (${rc.confidence} confidence, ${rc.layer} layer): ${rc.text}`);
  lines.push(`     evidence: ${rc.evidence.map(refText).join(', ')}`);
  const d = inc.details;
  if (typeof d.gap_us === 'number') {
    lines.push(`   reset gap: ${formatDuration(d.gap_us)} between the last line before (${refText(d.last_before as SourceRef)}) and the first after (${refText(d.first_after as SourceRef)})`);
  }
  if (d.partition && typeof d.partition === 'object') {
    const sides = new Map<string, string[]>();
    for (const [host, members] of Object.entries(d.partition as Record<string, number[]>)) {
      const k = members.join(' ');
      sides.set(k, [...(sides.get(k) ?? []), host]);
    }
    lines.push(`   partition: ${[...sides].map(([m, hosts]) => `${hosts.join(', ')} saw members ${m}`).join('; ')}`);
  }
  if (d.clock_skew_ms && typeof d.clock_skew_ms === 'object') {
    const { reference, ...rest } = d.clock_skew_ms as Record<string, string | number>;
    lines.push(`   clock skew against ${reference} (from ring ids all logged): ${Object.entries(rest).map(([h, ms]) => `${h} ${Number(ms) >= 0 ? '+' : ''}${ms} ms`).join(', ')}; lines ordered with it taken out`);
  }
  if (Array.isArray(d.worked_on)) {
    const how = Array.isArray(d.worked_evidence) ? ` (${(d.worked_evidence as string[]).join('; ')})` : '';
    lines.push(`   the same storage worked on ${(d.worked_on as string[]).join(', ')} in this input${how}: suspect a node-local difference (keyring, ceph.conf)`);
  }
  for (const g of inc.gaps) lines.push(`   not in the input: ${gapText(g, zone)}`);
  lines.push('   next checks:');
  inc.nextChecks.forEach((c, i) => lines.push(`     ${i + 1}. ${c}`));
  return lines.join('\n');
}

export function gapText(g: Gap, zone: Zone): string {
  return `no lines from ${g.host} between ${zone.formatIso(g.from, 's')} and ${zone.formatIso(g.to, 's')}`;
}
