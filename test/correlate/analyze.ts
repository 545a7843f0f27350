// Records → incidents with the shipped pattern library and incident rules, as `analyze` does.
import { Analysis } from '../../src/correlate/analysis.js';
import type { Incident } from '../../src/correlate/engine.js';
import { loadIncidentRules } from '../../src/correlate/rules.js';
import { Matcher } from '../../src/match/matcher.js';
import type { LogRecord } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { eventDocument } from '../../src/sinks/ecs.js';
import { incidentDocument } from '../../src/sinks/incident.js';

const matcher = new Matcher(loadPatterns([]));
export const rules = loadIncidentRules();

export function incidentsOf(records: LogRecord[]): Incident[] {
  const a = new Analysis(matcher, rules, false);
  const incidents: Incident[] = [];
  for (const r of records) incidents.push(...a.feed(r));
  return [...incidents, ...a.end()];
}

/**
 * What `pvelens analyze -o ndjson` writes: every event's document in input order, each incident's
 * document right after the record that made it final, the rest at the end.
 */
export function analyzeNdjson(records: LogRecord[]): string {
  const a = new Analysis(matcher, rules, true);
  let out = '';
  for (const r of records) {
    const final = a.feed(r);
    a.events.forEach((ev, i) => (out += JSON.stringify(eventDocument(ev, a.eventIds[i])) + '\n'));
    for (const inc of final) out += JSON.stringify(incidentDocument(inc)) + '\n';
  }
  for (const inc of a.end()) out += JSON.stringify(incidentDocument(inc)) + '\n';
  return out;
}
