// `pvelens kibana-assets`: print the Kibana saved objects (data views, saved searches, count tables, a
// dashboard) for the documents pvelens ships, as NDJSON for Kibana's saved objects import.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { kibanaAssets, toNdjson } from '../es/kibana.js';
import { namespaceProblem } from '../es/templates.js';
import { ExitCode } from '../ingest/diagnostics.js';
import { UsageError } from './options.js';
import { LineWriter } from './output.js';

export function kibanaCommand(run: (code: Promise<number>) => void): Command {
  return new Command('kibana-assets')
    .description('print Kibana data views, saved searches, count tables and a dashboard as NDJSON for the saved objects import')
    .option('--namespace <ns>', 'namespace the documents were shipped to (logs-pvelens.events-NS, pvelens-incidents-NS)', 'default')
    .option('-o, --output <file>', 'write to FILE (must end in .ndjson: Kibana picks the format by extension) instead of stdout')
    .action((o: { namespace: string; output?: string }) => run(runKibanaAssets(o)));
}

export async function runKibanaAssets(o: { namespace: string; output?: string }): Promise<number> {
  const problem = namespaceProblem(o.namespace);
  if (problem) throw new UsageError(`--namespace "${o.namespace}": ${problem}`);
  if (o.output !== undefined && !o.output.toLowerCase().endsWith('.ndjson')) {
    throw new UsageError(`-o/--output "${o.output}": the file name must end in .ndjson (Kibana's import decides the format by extension)`);
  }
  const objects = kibanaAssets(o.namespace);
  const text = toNdjson(objects);
  if (o.output === undefined) {
    await new LineWriter().write(text);
    return ExitCode.ok;
  }
  try {
    await writeFile(o.output, text);
  } catch (e) {
    // A directory that does not exist or is not writable: a bad -o value, not a bug.
    throw new UsageError(`-o/--output "${o.output}": cannot write: ${(e as Error).message}`);
  }
  process.stderr.write(`pvelens: wrote ${objects.length} saved objects for namespace ${o.namespace} to ${o.output}\n`);
  return ExitCode.ok;
}
