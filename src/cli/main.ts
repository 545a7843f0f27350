// Command-line wiring only: commander parses flags and hands them to the subcommands.
// Exit codes are documented in README "Exit codes".
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../ingest/diagnostics.js';
import { UsageError } from './options.js';
import { eventsCommand } from './events.js';
import { analyzeCommand } from './analyze.js';
import { PatternError } from '../patterns/compile.js';
import { patternsCommand } from './patterns.js';
import { readCommand } from './read.js';
import { kibanaCommand } from './kibana.js';
import { ShipSessionError } from './ship.js';

export async function main(argv: string[]): Promise<number> {
  let pending: Promise<number> | null = null;
  const run = (p: Promise<number>): void => {
    pending = p;
  };
  const program = new Command('pvelens')
    .description('Proxmox VE cluster logs → annotated events and incident timelines')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run "pvelens --help" for usage)');
  for (const cmd of [analyzeCommand(run), readCommand(run), eventsCommand(run), patternsCommand(run), kibanaCommand(run)]) {
    // addCommand() does not pass exitOverride and output settings down: copy them.
    cmd.copyInheritedSettings(program);
    for (const sub of cmd.commands) sub.copyInheritedSettings(cmd);
    program.addCommand(cmd);
  }
  try {
    await program.parseAsync(argv);
    if (pending) return await pending;
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return ExitCode.ok; // --help, --version
      return ExitCode.usage;
    }
    if (e instanceof PatternError) {
      process.stderr.write(`pvelens: pattern library: ${e.message}\n`);
      return ExitCode.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`pvelens: ${e.message}\n`);
      return ExitCode.usage;
    }
    if (e instanceof ShipSessionError) {
      process.stderr.write(`pvelens: ${e.message}\n`);
      return ExitCode.shipping;
    }
    throw e;
  }
}
