// `pvelens patterns list|test|schema`: inspect the pattern library and run its examples,
// for the shipped files or a user's own.
import { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../ingest/diagnostics.js';
import type { CompiledPattern } from '../patterns/compile.js';
import { loadPatterns, loadPatternFile, patternFiles } from '../patterns/load.js';
import { PatternFile } from '../patterns/schema.js';
import { testPattern } from '../patterns/tester.js';
import { collect } from './options.js';
import { LineWriter } from './output.js';

export function patternsCommand(run: (code: Promise<number>) => void): Command {
  const cmd = new Command('patterns').description('list, test and describe the pattern library');
  cmd
    .command('list')
    .description('list the patterns: id, identifiers, severity, summary')
    .option('--patterns <dir>', 'also load pattern files from DIR (repeatable)', collect)
    .action((o: { patterns?: string[] }) => run(listPatterns(o.patterns ?? [])));
  cmd
    .command('test')
    .description("run every pattern's examples and near-misses (default: the shipped library)")
    .argument('[paths...]', 'pattern files or directories')
    .action((paths: string[]) => run(testPatterns(paths)));
  cmd
    .command('schema')
    .description('print the JSON Schema of pattern files (for editors)')
    .action(() => run(printSchema()));
  return cmd;
}

async function listPatterns(userPaths: string[]): Promise<number> {
  const patterns = loadPatterns(userPaths);
  const out = new LineWriter();
  let text = '';
  for (const p of patterns) {
    text += `${p.id.padEnd(44)} ${p.identifiers.join(',').padEnd(22)} ${p.severity.padEnd(8)} ${p.summary}\n`;
  }
  await out.write(text);
  process.stderr.write(`pvelens: ${patterns.length} patterns\n`);
  return ExitCode.ok;
}

async function testPatterns(paths: string[]): Promise<number> {
  const files = paths.length ? paths.flatMap(patternFiles) : null;
  let patterns: CompiledPattern[];
  if (files === null) patterns = loadPatterns([]);
  else {
    // A user's files are checked the way --patterns loads them, including the ReDoS check.
    patterns = [];
    for (const f of files) patterns.push(...loadPatternFile(f, { checkSafety: true }));
  }
  let failed = 0;
  let examples = 0;
  for (const p of patterns) {
    examples += p.spec.examples.length + (p.spec.near_misses?.length ?? 0);
    for (const f of testPattern(p)) {
      failed++;
      process.stdout.write(`FAIL ${f.file}: ${f.patternId}: ${f.kind} ${JSON.stringify(f.message)}: ${f.reason}\n`);
    }
  }
  process.stdout.write(`${patterns.length} patterns, ${examples} examples and near-misses, ${failed} failed\n`);
  return failed ? ExitCode.internal : ExitCode.ok;
}

async function printSchema(): Promise<number> {
  process.stdout.write(JSON.stringify(z.toJSONSchema(PatternFile), null, 2) + '\n');
  return ExitCode.ok;
}

