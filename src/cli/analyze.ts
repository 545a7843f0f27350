// `pvelens analyze`: the main job. Read one or many nodes' logs, match every record, correlate
// the events into incidents and print the timeline (or the documents, -o json).
import { Command, Option } from 'commander';
import { Correlator, type Incident } from '../correlate/engine.js';
import { loadIncidentRules } from '../correlate/rules.js';
import { exitCodeFor } from '../ingest/diagnostics.js';
import { ingest, newIngestStats } from '../ingest/pipeline.js';
import { Matcher } from '../match/matcher.js';
import type { MatchEvent } from '../model.js';
import { loadPatterns } from '../patterns/load.js';
import { eventDocument } from '../sinks/ecs.js';
import { ANSI, formatIncidentText, incidentDocument, PLAIN } from '../sinks/incident.js';
import { addIngestOptions, collect, resolveIngestOptions } from './options.js';
import { LineWriter } from './output.js';
import { ingestSummary } from './summary.js';

export function analyzeCommand(run: (code: Promise<number>) => void): Command {
  const cmd = new Command('analyze')
    .description('correlate the logs of one or many nodes into incidents: timeline, root cause, next checks')
    .argument('[inputs...]', 'files, directories (recursive) or - for stdin', [])
    .addOption(new Option('-o, --output <format>', 'text timeline, or json / ndjson (events and incidents as ECS documents)').choices(['text', 'json', 'ndjson']).default('text'))
    .option('--incidents-only', 'with -o json: leave the plain events out')
    .option('--patterns <dir>', 'also load pattern files from DIR (repeatable)', collect)
    .option('--color', 'colour the timeline even when stdout is not a terminal')
    .option('--no-color', 'never colour the timeline');
  addIngestOptions(cmd);
  cmd.action((inputs: string[], raw: Record<string, unknown>) => run(runAnalyze(inputs, raw)));
  return cmd;
}

export async function runAnalyze(inputs: string[], raw: Record<string, unknown>): Promise<number> {
  const { ingest: opts, zone, diag, quiet } = resolveIngestOptions(raw);
  const matcher = new Matcher(loadPatterns((raw.patterns as string[] | undefined) ?? []));
  const correlator = new Correlator(loadIncidentRules());
  const stats = newIngestStats();
  const out = new LineWriter();
  const json = raw.output === 'json' || raw.output === 'ndjson';
  const withEvents = json && raw.incidentsOnly !== true;
  let events = 0;
  const evs: MatchEvent[] = [];
  for await (const batch of ingest(inputs, opts, stats)) {
    let text = '';
    for (const r of batch) {
      evs.length = 0;
      matcher.match(r, evs);
      events += evs.length;
      correlator.push(r, evs);
      if (withEvents) for (const ev of evs) text += JSON.stringify(eventDocument(ev)) + '\n';
    }
    if (text) await out.write(text);
  }
  const incidents = correlator.finish();
  if (json) {
    let text = '';
    for (const inc of incidents) text += JSON.stringify(incidentDocument(inc)) + '\n';
    await out.write(text);
  } else {
    const colour = raw.color === true ? true : raw.color === false ? false : process.stdout.isTTY === true && !process.env.NO_COLOR;
    const style = colour && !(raw.color !== true && process.env.NO_COLOR) ? ANSI : PLAIN;
    const blocks = incidents.map((inc) => formatIncidentText(inc, zone, style));
    await out.write(blocks.length ? blocks.join('\n\n') + '\n\n' : '');
    await out.write(summaryText(incidents, events, stats.records) + '\n');
    const { reference, skew, anchors } = correlator.clockSkew();
    if (reference !== null && skew.size) {
      const parts = [...skew].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([h, us]) => `${h} ${us >= 0 ? '+' : ''}${(us / 1e6).toFixed(3)} s`);
      await out.write(`  clock skew against ${reference}, from ${anchors} ring id${anchors === 1 ? '' : 's'} seen by several nodes: ${parts.join(', ')}\n`);
    }
  }
  if (!quiet) {
    for (const l of ingestSummary(stats, diag, zone)) process.stderr.write(l + '\n');
    process.stderr.write(`pvelens: ${events} events, ${incidents.length} incident${incidents.length === 1 ? '' : 's'}\n`);
  }
  return exitCodeFor(diag);
}

/** The closing summary: incidents per type and node. */
export function summaryText(incidents: Incident[], events: number, records: number): string {
  const lines = [`summary: ${incidents.length} incident${incidents.length === 1 ? '' : 's'} from ${events} events in ${records} records`];
  const byType = new Map<string, Map<string, number>>();
  for (const inc of incidents) {
    const m = byType.get(inc.type) ?? new Map<string, number>();
    for (const n of inc.nodes) m.set(n, (m.get(n) ?? 0) + 1);
    byType.set(inc.type, m);
  }
  for (const [type, nodes] of [...byType].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const count = incidents.filter((i) => i.type === type).length;
    lines.push(`  ${type.padEnd(22)} ${String(count).padStart(3)}   ${[...nodes].sort().map(([n, c]) => `${n} ${c}`).join(', ')}`);
  }
  return lines.join('\n');
}
