// `pvelens events`: read logs, match every record against the pattern library, print the
// annotated events (text, or ECS documents as NDJSON).
import { Command, Option } from 'commander';
import { ExitCode, exitCodeFor } from '../ingest/diagnostics.js';
import { ingest, newIngestStats } from '../ingest/pipeline.js';
import { Matcher } from '../match/matcher.js';
import type { MatchEvent } from '../model.js';
import { loadPatterns } from '../patterns/load.js';
import { eventDocument } from '../sinks/ecs.js';
import { EventIds } from '../sinks/ids.js';
import type { Zone } from '../time/zone.js';
import { addIngestOptions, collect, resolveIngestOptions } from './options.js';
import { LineWriter } from './output.js';
import { ingestSummary } from './summary.js';
import { addEsOptions, openShipping, ShipAbort } from './ship.js';

export function eventsCommand(run: (code: Promise<number>) => void): Command {
  const cmd = new Command('events')
    .description('match logs against the pattern library and print the annotated events')
    .argument('[inputs...]', 'files, directories (recursive) or - for stdin', [])
    .addOption(new Option('-o, --output <format>', 'text, or json / ndjson (one ECS document per line)').choices(['text', 'json', 'ndjson']).default('text'))
    .option('--patterns <dir>', 'also load pattern files from DIR (repeatable)', collect)
    .option('--count', 'only count the events')
    .option('--stats', 'print a machine-readable "pvelens-stats {json}" line on stderr at the end');
  addIngestOptions(cmd);
  addEsOptions(cmd);
  cmd.action((inputs: string[], raw: Record<string, unknown>) => run(runEvents(inputs, raw)));
  return cmd;
}

const SEVERITY_WIDTH = 8;

export function formatEventText(ev: MatchEvent, zone: Zone): string {
  const r = ev.record;
  const time = r.ts === null ? '(untimed)'.padEnd(25) : zone.formatIso(r.ts, 's');
  return `${time} ${(r.host ?? '-').padEnd(8)} ${ev.severity.padEnd(SEVERITY_WIDTH)} ${ev.ruleId}: ${ev.summary}${ev.partial ? ' (partial)' : ''}`;
}

export async function runEvents(inputs: string[], raw: Record<string, unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  const { ingest: opts, zone, diag, quiet } = resolveIngestOptions(raw);
  const matcher = new Matcher(loadPatterns((raw.patterns as string[] | undefined) ?? []));
  // Lines no pattern can match need not become full records (most of a log).
  opts.messageFilter = matcher.messageFilter();
  const stats = newIngestStats();
  const out = new LineWriter();
  const json = raw.output === 'json' || raw.output === 'ndjson';
  const countOnly = raw.count === true;
  const ship = await openShipping(raw, (l) => quiet || process.stderr.write(l + '\n'));
  const ids = json || ship ? new EventIds() : null;
  let events = 0;
  const batchEvents: MatchEvent[] = [];
  const batchIds: string[] = [];
  try {
    for await (const batch of ingest(inputs, opts, stats)) {
      batchEvents.length = 0;
      batchIds.length = 0;
      if (ids) {
        for (const r of batch) {
          const from = batchEvents.length;
          matcher.match(r, batchEvents);
          ids.assign(r, batchEvents, from, batchIds);
        }
      } else for (const r of batch) matcher.match(r, batchEvents);
      events += batchEvents.length;
      if (batchEvents.length === 0) continue;
      const print = !countOnly && !out.closed;
      if (!ids) {
        if (print) await out.write(batchEvents.map((ev) => formatEventText(ev, zone) + '\n').join(''));
        continue;
      }
      let text = '';
      for (let i = 0; i < batchEvents.length; i++) {
        const ev = batchEvents[i]!;
        const body = JSON.stringify(eventDocument(ev, batchIds[i]));
        if (print) text += (json ? body : formatEventText(ev, zone)) + '\n';
        if (ship) await ship.event(batchIds[i]!, ev.record.ts, body);
      }
      if (text) await out.write(text);
    }
  } catch (e) {
    if (!(e instanceof ShipAbort)) throw e;
  }
  const shipped = ship ? await ship.finish() : null;
  if (countOnly) await out.write(`${events}\n`);
  if (!quiet) {
    for (const l of ingestSummary(stats, diag, zone)) process.stderr.write(l + '\n');
    process.stderr.write(`pvelens: ${events} events from ${matcher.patterns.length} patterns\n`);
  }
  if (shipped && (!quiet || shipped.failed)) for (const l of shipped.lines) process.stderr.write(l + '\n');
  if (raw.stats) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const s = { records: stats.records, events, bytesRead: stats.bytes, seconds, maxRssKb: process.resourceUsage().maxRSS, ...(ship ? { shipped: ship.stats() } : {}) };
    process.stderr.write(`pvelens-stats ${JSON.stringify(s)}\n`);
  }
  return shipped?.failed ? ExitCode.shipping : exitCodeFor(diag);
}
