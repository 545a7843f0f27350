// `pvelens read`: print the normalised records, so ingest can be checked on its own, or just
// count them (--count), which is also what the ingest benchmark runs.
import { Command, Option } from 'commander';
import { exitCodeFor } from '../ingest/diagnostics.js';
import { ingest, newIngestStats } from '../ingest/pipeline.js';
import { recordDocument } from '../sinks/ecs.js';
import { formatRecordText } from '../sinks/text.js';
import { addIngestOptions, resolveIngestOptions } from './options.js';
import { LineWriter } from './output.js';
import { ingestSummary } from './summary.js';

export function readCommand(run: (code: Promise<number>) => void): Command {
  const cmd = new Command('read')
    .description('read logs in any supported form and print the normalised records')
    .argument('[inputs...]', 'files, directories (recursive) or - for stdin', [])
    .addOption(new Option('-o, --output <format>', 'text, or json / ndjson (one ECS document per line)').choices(['text', 'json', 'ndjson']).default('text'))
    .option('--count', 'only count the records (no output per record)')
    .option('--stats', 'print a machine-readable "pvelens-stats {json}" line on stderr at the end');
  addIngestOptions(cmd);
  cmd.action((inputs: string[], raw: Record<string, unknown>) => run(runRead(inputs, raw)));
  return cmd;
}

export async function runRead(inputs: string[], raw: Record<string, unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  const { ingest: opts, zone, diag, quiet, verbose } = resolveIngestOptions(raw);
  if (verbose) opts.onOpen = (i) => process.stderr.write(`pvelens: ${i.name}: ${i.format}${i.compression === 'none' ? '' : ` (${i.compression})`}\n`);
  const stats = newIngestStats();
  const out = new LineWriter();
  const json = raw.output === 'json' || raw.output === 'ndjson';
  const countOnly = raw.count === true;
  for await (const batch of ingest(inputs, opts, stats)) {
    if (countOnly || out.closed) continue;
    let text = '';
    for (const r of batch) text += (json ? JSON.stringify(recordDocument(r)) : formatRecordText(r, zone)) + '\n';
    await out.write(text);
  }
  if (countOnly) await out.write(`${stats.records}\n`);
  if (!quiet) for (const l of ingestSummary(stats, diag, zone)) process.stderr.write(l + '\n');
  if (raw.stats) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const s = { records: stats.records, bytesRead: stats.bytes, seconds, maxRssKb: process.resourceUsage().maxRSS };
    process.stderr.write(`pvelens-stats ${JSON.stringify(s)}\n`);
  }
  return exitCodeFor(diag);
}
