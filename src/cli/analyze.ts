// `pvelens analyze`: the main job. Read one or many nodes' logs, match every record, correlate
// the events into incidents and print the timeline (or the documents, -o json).
import { Command, Option } from 'commander';
import { Analysis, IncidentTally } from '../correlate/analysis.js';
import type { Incident } from '../correlate/engine.js';
import { loadIncidentRules } from '../correlate/rules.js';
import { ExitCode, exitCodeFor } from '../ingest/diagnostics.js';
import { ingest, newIngestStats } from '../ingest/pipeline.js';
import { Matcher } from '../match/matcher.js';
import { loadPatterns } from '../patterns/load.js';
import { eventDocument } from '../sinks/ecs.js';
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
  // Lines no pattern can match come as stubs: the correlator needs only their time, host and
  // place (for gaps and the last line before a reset), never their message.
  opts.messageFilter = matcher.messageFilter();
  const stats = newIngestStats();
  const out = new LineWriter();
  const json = raw.output === 'json' || raw.output === 'ndjson';
  const withEvents = json && raw.incidentsOnly !== true;
  const colour = raw.color === true ? true : raw.color === false ? false : process.stdout.isTTY === true && !process.env.NO_COLOR;
  const style = colour && !(raw.color !== true && process.env.NO_COLOR) ? ANSI : PLAIN;
  const ship = await openShipping(raw, (l) => quiet || process.stderr.write(l + '\n'));
  const analysis = new Analysis(matcher, loadIncidentRules(), json || ship !== null);
  const tally = new IncidentTally();
  // Incidents go out as soon as they are final (in order of their start), not at the end:
  // a long input holds only the open ones.
  const incidentsText = async (incidents: Incident[]): Promise<string> => {
    let text = '';
    for (const inc of incidents) {
      tally.add(inc);
      if (json || ship) {
        const body = JSON.stringify(incidentDocument(inc));
        if (json) text += body + '\n';
        if (ship) await ship.incident(inc.id, body);
      }
      if (!json) text += formatIncidentText(inc, zone, style) + '\n\n';
    }
    return text;
  };
  try {
    for await (const batch of ingest(inputs, opts, stats)) {
      let text = '';
      for (const r of batch) {
        const final = analysis.feed(r);
        const evs = analysis.events;
        if (evs.length && (withEvents || ship)) {
          for (let i = 0; i < evs.length; i++) {
            const id = analysis.eventIds[i]!;
            const body = JSON.stringify(eventDocument(evs[i]!, id));
            if (withEvents) text += body + '\n';
            if (ship) await ship.event(id, r.ts, body);
          }
        }
        if (final.length) text += await incidentsText(final);
      }
      if (text) await out.write(text);
    }
    await out.write(await incidentsText(analysis.end()));
  } catch (e) {
    if (!(e instanceof ShipAbort)) throw e;
    // shipping stopped: the input was not read to its end, so no summary of half of it
  }
  const shipped = ship ? await ship.finish() : null;
  if (!json && !ship?.aborted) {
    await out.write(summaryText(tally, analysis.eventCount, stats.records) + '\n');
    const { reference, skew, anchors } = analysis.correlator.clockSkew();
    if (reference !== null && skew.size) {
      const parts = [...skew].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([h, us]) => `${h} ${us >= 0 ? '+' : ''}${(us / 1e6).toFixed(3)} s`);
      await out.write(`  clock skew against ${reference}, from ${anchors} ring id${anchors === 1 ? '' : 's'} seen by several nodes: ${parts.join(', ')}\n`);
    }
  }
  if (!quiet) {
    for (const l of ingestSummary(stats, diag, zone)) process.stderr.write(l + '\n');
    process.stderr.write(`pvelens: ${analysis.eventCount} events, ${tally.count} incident${tally.count === 1 ? '' : 's'}\n`);
  }
  if (shipped && (!quiet || shipped.failed)) for (const l of shipped.lines) process.stderr.write(l + '\n');
  return shipped?.failed ? ExitCode.shipping : exitCodeFor(diag);
}

/** The closing summary: incidents per type and node. */
export function summaryText(tally: IncidentTally, events: number, records: number): string {
  const lines = [`summary: ${tally.count} incident${tally.count === 1 ? '' : 's'} from ${events} events in ${records} records`];
  for (const [type, t] of [...tally.byType].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    lines.push(`  ${type.padEnd(22)} ${String(t.count).padStart(3)}   ${[...t.nodes].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([n, c]) => `${n} ${c}`).join(', ')}`);
  }
  return lines.join('\n');
}
