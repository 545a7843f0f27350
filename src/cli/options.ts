// The ingest options every subcommand shares (--format, --tz, --year, --host, --since …):
// declared once on a commander Command and validated with zod into IngestOptions.
import { Command, Option } from 'commander';
import { z } from 'zod';
import { ForcedFormat } from '../model.js';
import { Diagnostics } from '../ingest/diagnostics.js';
import type { IngestOptions } from '../ingest/pipeline.js';
import { DEFAULT_MAX_LINE_BYTES } from '../ingest/parser.js';
import { parseTimeSpec, TimeSpecError } from '../time/range.js';
import { Zone, ZoneError } from '../time/zone.js';

export class UsageError extends Error {}

/** commander option parser for repeatable options: every value, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function addIngestOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'force the input format instead of detecting it').choices(ForcedFormat.options))
    .option('--tz <zone>', 'IANA time zone for timestamps without an offset (default: this machine\'s)')
    .option('--year <year>', 'year for timestamps without one (default: inferred from file date / header)')
    .option('--host <name>', 'host name for inputs that carry none; INPUT=NAME for one input (repeatable)', collect)
    .option('-S, --since <time>', 'only records at or after this time ("2025-12-25 12:00", "yesterday 14:00", "-2h")')
    .option('-U, --until <time>', 'only records at or before this time')
    .option('--max-line <bytes>', 'longest line or field kept; longer ones are skipped with a diagnostic', '1m')
    .option('--max-diagnostics <n>', 'diagnostic lines printed per input and kind (all are counted)', '20')
    .option('-q, --quiet', 'no summary on stderr')
    .option('-v, --verbose', 'report each input\'s detected format on stderr');
}

const RawIngestOptions = z.object({
  format: ForcedFormat.optional(),
  tz: z.string().optional(),
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit year')
    .transform(Number)
    .optional(),
  host: z.array(z.string()).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  maxLine: z.string().transform((v, c) => {
    const n = parseSize(v);
    if (n === null || n < 256) {
      c.addIssue({ code: 'custom', message: `"${v}" is not a size of at least 256 bytes (e.g. 64k, 1m)` });
      return z.NEVER;
    }
    return n;
  }),
  maxDiagnostics: z.string().regex(/^\d+$/, 'must be a number').transform(Number),
  quiet: z.boolean().optional(),
  verbose: z.boolean().optional(),
});

export function parseSize(v: string): number | null {
  const m = /^(\d+)\s*([kmg]i?b?)?$/i.exec(v.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1 << 20 : unit === 'g' ? 1 << 30 : 1;
  return Number(m[1]) * mult;
}

export interface ResolvedIngest {
  ingest: IngestOptions;
  zone: Zone;
  diag: Diagnostics;
  quiet: boolean;
  verbose: boolean;
}

/** Validate commander's option bag; throws UsageError with a message fit for the user. */
export function resolveIngestOptions(raw: Record<string, unknown>, nowMs = Date.now()): ResolvedIngest {
  const parsed = RawIngestOptions.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${kebab(String(issue.path[0] ?? ''))}: ${issue.message}`);
  }
  const o = parsed.data;
  let zone: Zone;
  try {
    zone = Zone.resolve(o.tz);
  } catch (e) {
    if (e instanceof ZoneError) throw new UsageError(`--tz: ${e.message}`);
    throw e;
  }
  const spec = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    try {
      return parseTimeSpec(text, { zone, nowMs });
    } catch (e) {
      if (e instanceof TimeSpecError) throw new UsageError(`${flag}: ${e.message}`);
      throw e;
    }
  };
  let defaultHost: string | null = null;
  const hostByInput = new Map<string, string>();
  for (const h of o.host ?? []) {
    const eq = h.lastIndexOf('=');
    if (eq > 0) hostByInput.set(h.slice(0, eq), h.slice(eq + 1));
    else defaultHost = h;
  }
  const diag = new Diagnostics(undefined, o.maxDiagnostics);
  const ingest: IngestOptions = {
    diag,
    format: o.format,
    tz: zone.name,
    year: o.year,
    defaultHost,
    hostByInput,
    maxLineBytes: o.maxLine ?? DEFAULT_MAX_LINE_BYTES,
    nowMs,
    sinceUs: spec('--since', o.since),
    untilUs: spec('--until', o.until),
  };
  return { ingest, zone, diag, quiet: o.quiet ?? false, verbose: o.verbose ?? false };
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
