// The end-of-run summary on stderr: what was read, the time range covered, and what was
// skipped or altered, per diagnostic code.
import type { Diagnostics } from '../ingest/diagnostics.js';
import type { IngestStats } from '../ingest/pipeline.js';
import type { Zone } from '../time/zone.js';

export function ingestSummary(stats: IngestStats, diag: Diagnostics, zone: Zone): string[] {
  const lines: string[] = [];
  const range =
    stats.firstTs !== null && stats.lastTs !== null
      ? `, ${zone.formatIso(stats.firstTs, 's')} → ${zone.formatIso(stats.lastTs, 's')}`
      : '';
  const untimed = stats.untimed ? ` (${stats.untimed} untimed)` : '';
  const filtered = stats.filtered ? `, ${stats.filtered} outside --since/--until` : '';
  lines.push(
    `pvelens: ${stats.records} records${untimed} from ${stats.files} file${stats.files === 1 ? '' : 's'} (${formatBytes(stats.bytes)})${range}${filtered}`,
  );
  if (diag.skipped || diag.warnings || diag.fatal) {
    lines.push(
      `pvelens: ${diag.fatal} input${diag.fatal === 1 ? '' : 's'} not read, ${diag.skipped} skipped, ${diag.warnings} altered:`,
    );
    for (const l of diag.summaryLines()) lines.push(`  ${l}`);
  }
  return lines;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}
