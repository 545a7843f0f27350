// Records → incidents with the shipped pattern library and incident rules, as `analyze` does.
import { Correlator, type Incident } from '../../src/correlate/engine.js';
import { loadIncidentRules } from '../../src/correlate/rules.js';
import { Matcher } from '../../src/match/matcher.js';
import type { LogRecord, MatchEvent } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { eventDocument } from '../../src/sinks/ecs.js';
import { incidentDocument } from '../../src/sinks/incident.js';

const matcher = new Matcher(loadPatterns([]));
export const rules = loadIncidentRules();

export function incidentsOf(records: LogRecord[]): Incident[] {
  const c = new Correlator(rules);
  const evs: MatchEvent[] = [];
  for (const r of records) {
    evs.length = 0;
    matcher.match(r, evs);
    c.push(r, evs);
  }
  return c.finish();
}

/** What `pvelens analyze -o ndjson` writes: every event's document in input order, then the incidents'. */
export function analyzeNdjson(records: LogRecord[]): string {
  const c = new Correlator(rules);
  const evs: MatchEvent[] = [];
  let out = '';
  for (const r of records) {
    evs.length = 0;
    matcher.match(r, evs);
    c.push(r, evs);
    for (const ev of evs) out += JSON.stringify(eventDocument(ev)) + '\n';
  }
  for (const inc of c.finish()) out += JSON.stringify(incidentDocument(inc)) + '\n';
  return out;
}
