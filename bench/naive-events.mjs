// The naive matcher the benchmark compares against: the same ingest and the same pattern
// library, but every pattern's regex tried on every record (no identifier buckets, no
// literal pre-filter). Prints the same "pvelens-stats {...}" line as `pvelens events --stats`.
import { Diagnostics } from '../dist/ingest/diagnostics.js';
import { ingest, newIngestStats } from '../dist/ingest/pipeline.js';
import { applyPattern, MATCH_WINDOW } from '../dist/match/matcher.js';
import { loadPatterns } from '../dist/patterns/load.js';

const started = process.hrtime.bigint();
const patterns = loadPatterns([]);
const stats = newIngestStats();
const opts = { diag: new Diagnostics(null), maxLineBytes: 1 << 20 };
let events = 0;
for await (const batch of ingest(process.argv.slice(2), opts, stats)) {
  for (const r of batch) {
    const message = r.message.length > MATCH_WINDOW ? r.message.slice(0, MATCH_WINDOW) : r.message;
    for (const p of patterns) if (applyPattern(p, r, message)) events++;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${events}\n`);
process.stderr.write(`pvelens-stats ${JSON.stringify({ records: stats.records, events, bytesRead: stats.bytes, seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
