// The floor under `pvelens events` in JavaScript on this machine: read the file in 1 MiB
// blocks, find every line, and run the shipped library's literal automaton over each line's
// message bytes (the pre-filter `events` runs before it builds a record for a line). The
// message starts after the first ": " past the 16-byte short timestamp; no timestamp, host or
// record is parsed. `--match` also runs the matcher on each line the automaton lets through
// (a record with only identifier and message), `--lines` leaves the automaton out (reading and
// finding lines only). Whatever `events` costs beyond this is parsing, bookkeeping and output.
// Prints the same "pvelens-stats {...}" line as `pvelens events --stats`.
import fs from 'node:fs';
import { Matcher } from '../dist/match/matcher.js';
import { emptyRecord } from '../dist/model.js';
import { loadPatterns } from '../dist/patterns/load.js';

const args = process.argv.slice(2);
const linesOnly = args.includes('--lines');
const match = args.includes('--match');
const file = args.find((a) => !a.startsWith('--'));
const started = process.hrtime.bigint();
const matcher = new Matcher(loadPatterns([]));
const filter = linesOnly ? null : matcher.messageFilter();
if (!linesOnly && filter === null) throw new Error('floor: the shipped library has a pattern without a literal');
const fd = fs.openSync(file, 'r');
const block = Buffer.allocUnsafe(1 << 20);
let carry = 0;
let records = 0;
let candidates = 0;
let bytes = 0;
let events = 0;
const found = [];
for (;;) {
  const n = fs.readSync(fd, block, carry, block.length - carry, null);
  bytes += n;
  const end = carry + n;
  let s = 0;
  for (;;) {
    const nl = block.indexOf(10, s);
    if (nl < 0 || nl >= end) break;
    records++;
    if (filter !== null) {
      // The message: after the first ": " past the timestamp (or the whole line).
      let m = s + 16;
      while (m < nl && !(block[m] === 58 && block[m + 1] === 32)) m++;
      m = m < nl ? m + 2 : s;
      if (filter.bytes(block, m, nl)) {
        candidates++;
        if (match) {
          let t = m - 2;
          while (t > s && block[t - 1] !== 32) t--;
          const tag = block.latin1Slice(t, m - 2);
          const r = emptyRecord(file, 'short');
          r.ident = tag.replace(/\[\d+\]$/, '');
          r.message = block.latin1Slice(m, nl);
          found.length = 0;
          matcher.match(r, found);
          events += found.length;
        }
      }
    }
    s = nl + 1;
  }
  if (n === 0) {
    if (s < end) records++;
    break;
  }
  block.copy(block, 0, s, end);
  carry = end - s;
}
fs.closeSync(fd);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${match ? events : candidates}\n`);
process.stderr.write(`pvelens-stats ${JSON.stringify({ records, candidates, events, bytesRead: bytes, seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
