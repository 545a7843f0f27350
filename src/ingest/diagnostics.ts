// Collects diagnostics about bad input: prints each as one line on stderr (up to a limit per
// input), counts them all, and decides the exit code. Errors are values with a place.
import type { Diagnostic } from '../model.js';

export interface DiagnosticSink {
  report(d: Diagnostic): void;
}

export type DiagnosticKind = Diagnostic['kind'];

export function formatDiagnostic(d: Diagnostic): string {
  let where = d.input;
  if (d.line !== null) where += `:${d.line}`;
  else if (d.offset !== null) where += `@${d.offset}`;
  if (d.line !== null && d.offset !== null) where += ` (byte ${d.offset})`;
  return `pvelens: ${where}: ${d.kind === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/**
 * The run's diagnostic ledger. `limitPerInput` caps how many lines are printed per input and
 * code (a corrupt 1 GB file must not flood the terminal); every diagnostic is still counted.
 */
export class Diagnostics implements DiagnosticSink {
  readonly counts = new Map<string, { kind: DiagnosticKind; count: number }>();
  readonly collected: Diagnostic[] = [];
  private readonly printed = new Map<string, number>();
  skipped = 0;
  warnings = 0;
  fatal = 0;

  constructor(
    private readonly write: ((line: string) => void) | null = (line) => process.stderr.write(line + '\n'),
    private readonly limitPerInput = 20,
    private readonly keep = 1000,
  ) {}

  report(d: Diagnostic): void {
    if (d.kind === 'skipped') this.skipped++;
    else if (d.kind === 'warning') this.warnings++;
    else this.fatal++;
    const c = this.counts.get(d.code);
    if (c) c.count++;
    else this.counts.set(d.code, { kind: d.kind, count: 1 });
    if (this.collected.length < this.keep) this.collected.push(d);
    if (!this.write) return;
    const key = `${d.input}\u0000${d.code}`;
    const n = (this.printed.get(key) ?? 0) + 1;
    this.printed.set(key, n);
    if (n <= this.limitPerInput) this.write(formatDiagnostic(d));
    else if (n === this.limitPerInput + 1) {
      this.write(`pvelens: ${d.input}: further "${d.code}" diagnostics not shown (counted in the summary)`);
    }
  }

  /** One line per diagnostic code with its count, for the end-of-run summary. */
  summaryLines(): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([code, { kind, count }]) => `${count} ${kind === 'warning' ? 'altered' : kind}: ${code}`);
  }
}

/** Exit codes (documented in README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  skipped: 3,
  unreadable: 4,
  /** Documents were refused by Elasticsearch (dead-lettered) or could not be sent. */
  shipping: 5,
} as const;

export function exitCodeFor(d: Diagnostics): number {
  if (d.fatal > 0) return ExitCode.unreadable;
  if (d.skipped > 0 || d.warnings > 0) return ExitCode.skipped;
  return ExitCode.ok;
}
