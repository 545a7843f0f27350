// `pvelens analyze`: the main job. Read one or many nodes' logs, match every record, correlate
// the events into incidents and print the timeline (or the documents, -o json).
import { Command, Option } from 'commander';
import { Correlator, type Incident } from '../correlate/engine.js';
import { loadIncidentRules } from '../correlate/rules.js';
import { ExitCode, exitCodeFor } from '../ingest/diagnostics.js';
import { ingest, newIngestStats } from '../ingest/pipeline.js';
import { Matcher } from '../match/matcher.js';
import type { MatchEvent } from '../model.js';
import { loadPatterns } from '../patterns/load.js';
import { eventDocument } from '../sinks/ecs.js';
import { EventIds } from '../sinks/ids.js';
import { ANSI, formatIncidentText, incidentDocument, PLAIN } from '../sinks/incident.js';
import { addIngestOptions, collect, resolveIngestOptions } from './options.js';
import { LineWriter } from './output.js';
import { ingestSummary } from './summary.js';
import { addEsOptions, openShipping, ShipAbort } from './ship.js';

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
  addEsOptions(cmd);
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
  const ship = await openShipping(raw, (l) => quiet || process.stderr.write(l + '\n'));
  const ids = withEvents || ship ? new EventIds() : null;
  let events = 0;
  const evs: MatchEvent[] = [];
  const evIds: string[] = [];
  let incidents: Incident[] = [];
  try {
    for await (const batch of ingest(inputs, opts, stats)) {
      let text = '';
      for (const r of batch) {
        evs.length = 0;
        matcher.match(r, evs);
        events += evs.length;
        correlator.push(r, evs);
        if (!ids || evs.length === 0) continue;
        evIds.length = 0;
        ids.assign(r, evs, 0, evIds);
        for (let i = 0; i < evs.length; i++) {
          const body = JSON.stringify(eventDocument(evs[i]!, evIds[i]));
          if (withEvents) text += body + '\n';
          if (ship) await ship.event(evIds[i]!, r.ts, body);
        }
      }
      if (text) await out.write(text);
    }
    incidents = correlator.finish();
    const docs = json || ship ? incidents.map((inc) => JSON.stringify(incidentDocument(inc))) : [];
    if (ship) for (let i = 0; i < incidents.length; i++) await ship.incident(incidents[i]!.id, docs[i]!);
    if (json) await out.write(docs.map((d) => d + '\n').join(''));
  } catch (e) {
    if (!(e instanceof ShipAbort)) throw e;
  }
  const shipped = ship ? await ship.finish() : null;
  // (when shipping stopped, the input was not read to its end: no timeline from half of it)
  if (!json && !ship?.aborted) {
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
  if (shipped && (!quiet || shipped.failed)) for (const l of shipped.lines) process.stderr.write(l + '\n');
  return shipped?.failed ? ExitCode.shipping : exitCodeFor(diag);
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
