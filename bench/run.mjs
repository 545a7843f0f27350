#!/usr/bin/env node
// pvelens benchmark runner (`npm run bench` = build + this script).
//
//   node bench/run.mjs                      # 100 MiB and 1 GiB, short and json, 3 repetitions
//   node bench/run.mjs --sizes 100m --repeat 1
//   node bench/run.mjs --workloads read-count --formats json
//
// For every input it runs each workload (pvelens as a child process, which reports its own
// statistics on stderr) and the baseline `rg -c -f bench/patterns.txt <file>`, keeps the best
// wall time of N repetitions, prints a table with PASS/FAIL against the targets and writes
// bench/results/latest.json. Exit code: 0 all targets met, 1 a target failed, 2 an error.
//
// Adding a measurement = adding an entry to WORKLOADS below (see the commented examples).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const PVELENS = path.join(ROOT, 'bin', 'pvelens.js');
const PATTERNS = path.join(HERE, 'patterns.txt');
const GENERATOR = path.join(HERE, 'generate.mjs');
const CORPUS_DIR = path.join(HERE, '.corpus');
const RESULTS = path.join(HERE, 'results', 'latest.json');
const MiB = 2 ** 20;
/** Preloaded into a child that prints no stats line of its own: its peak RSS and CPU time on exit. */
const RUSAGE_HOOK = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('pvelens-rusage ' + JSON.stringify({ maxRssKb: u.maxRSS, userS: u.userCPUTime / 1e6, sysS: u.systemCPUTime / 1e6 }) + '\\n'); });",
)}`;

/* ------------------------------------------------------------------------------------------
 * What is measured
 * ---------------------------------------------------------------------------------------- */

/**
 * A workload runs once per input file. `args(file)` gives the pvelens arguments; the child must
 * print one stderr line `pvelens-stats {"records":N,"bytesRead":B,"seconds":S,"maxRssKb":K}`.
 * `minRatio` is the required throughput relative to the baseline per format (pvelens MiB/s
 * divided by baseline MiB/s); `maxRssMb` the peak RSS limit; `rssFlat` asks for RSS not growing
 * from the smallest to the largest input. `script` runs a node script instead of pvelens;
 * `sizes`, `formats` and `repeat` restrict where and how often a workload runs.
 */
const WORKLOADS = [
  {
    id: 'read-count',
    title: 'pvelens read --count',
    args: (file) => ['read', '--count', '--stats', file],
    baseline: 'rg',
    minRatio: { short: 0.6, json: 0.5 },
    maxRssMb: 100,
    rssFlat: true,
  },
  {
    id: 'events',
    title: 'pvelens events --count (full pattern library)',
    args: (file) => ['events', '--count', '--stats', file],
    baseline: 'rg',
    minRatio: { short: 0.5, json: 0.4 },
    maxRssMb: 128,
    rssFlat: true,
  },
  {
    // The factor the matcher's dispatch and pre-filter gain: every regex tried on every record.
    id: 'events-naive',
    title: 'naive matcher (every pattern on every record)',
    script: path.join(HERE, 'naive-events.mjs'),
    args: (file) => [file],
    baseline: 'rg',
    sizes: ['100m'],
    repeat: 1,
  },
  {
    // The floor under `events` in JavaScript: read, find lines, run the library's literal
    // pre-filter over each message, and the matcher on the lines it lets through; no timestamps,
    // hosts or records. No target: it shows how much of the gap to rg no parser can close.
    id: 'floor-match',
    title: 'floor: lines + literal pre-filter + matcher (no parsing)',
    script: path.join(HERE, 'floor.mjs'),
    args: (file) => ['--match', file],
    baseline: 'rg',
    formats: ['short'],
  },
  {
    id: 'floor-scan',
    title: 'floor: lines + literal pre-filter only',
    script: path.join(HERE, 'floor.mjs'),
    args: (file) => [file],
    baseline: 'rg',
    formats: ['short'],
  },
  {
    // analyze has no --stats line (its CLI is not ours to change here): the runner times the
    // child itself and a preloaded hook reports the child's own peak RSS (process.resourceUsage)
    // on exit. Not -q: the ingest summary on stderr gives the record count. The corpus carries
    // incident sequences (token loss, quorum loss, fencing, CPG storms, RBD errors, locks ...),
    // so the correlator has real work; the incident count is reported per input.
    id: 'analyze',
    title: 'pvelens analyze -o ndjson --incidents-only',
    args: (file) => ['analyze', '-o', 'ndjson', '--incidents-only', file],
    rusage: true,
    baseline: 'rg',
    minRatio: { short: 0.5 },
    maxRssMb: 100,
    rssFlat: true,
  },
  // Later issues add e.g.:
  // { id: 'ship', title: 'pvelens ship (ES bulk)', args: (f) => ['ship', '--stats', '--es', process.env.PVELENS_BENCH_ES, f],
  //   enabled: () => Boolean(process.env.PVELENS_BENCH_ES), baseline: null, maxRssMb: 200 },
];

/** Baselines: plain commands, timed from spawn to exit. */
const BASELINES = {
  rg: {
    title: 'rg -c -f bench/patterns.txt',
    cmd: 'rg',
    args: (file) => ['-c', '-f', PATTERNS, file],
    okExit: [0, 1], // 1 = no match
    parse: (stdout) => ({ matches: Number.parseInt(stdout.trim() || '0', 10) || 0 }),
  },
};

/* ------------------------------------------------------------------------------------------
 * CLI
 * ---------------------------------------------------------------------------------------- */

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(String(s).trim());
  if (!m) throw new Error(`bad size '${s}'`);
  return Math.round(Number(m[1]) * { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[m[2].toLowerCase()]);
}

function parseArgs(argv) {
  const o = { sizes: ['100m', '1g'], formats: ['short', 'json'], repeat: 5, workloads: null, rg: true, generate: true, ship: true, out: RESULTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    if (a.startsWith('--sizes')) o.sizes = val().split(',').filter(Boolean);
    else if (a.startsWith('--formats')) o.formats = val().split(',').filter(Boolean);
    else if (a.startsWith('--repeat')) o.repeat = Math.max(1, Number(val()) | 0);
    else if (a.startsWith('--workloads')) o.workloads = val().split(',').filter(Boolean);
    else if (a === '--no-rg') o.rg = false;
    else if (a === '--no-generate') o.generate = false;
    else if (a === '--no-ship') o.ship = false;
    else if (a.startsWith('--out')) o.out = path.resolve(val());
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node bench/run.mjs [--sizes 100m,1g] [--formats short,json] [--repeat 5] [--workloads read-count] [--no-rg] [--no-generate] [--no-ship] [--out file]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.sizes = o.sizes.map((label) => ({ label: label.toLowerCase(), bytes: parseSize(label) })).sort((a, b) => a.bytes - b.bytes);
  for (const f of o.formats) if (f !== 'short' && f !== 'json') throw new Error(`unknown format ${f}`);
  const known = new Set(WORKLOADS.map((w) => w.id));
  for (const w of o.workloads || []) if (!known.has(w)) throw new Error(`unknown workload ${w} (known: ${[...known].join(', ')})`);
  return o;
}

/* ------------------------------------------------------------------------------------------
 * Machine
 * ---------------------------------------------------------------------------------------- */

function machine() {
  let cpu = os.cpus()[0]?.model || 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  let pkg = {};
  try { pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')); } catch { /* ignore */ }
  return {
    cpu,
    cpus: os.cpus().length,
    memGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    rg: rg.status === 0 ? rg.stdout.split('\n')[0].trim() : null,
    pvelens: pkg.version || null,
  };
}

/* ------------------------------------------------------------------------------------------
 * Corpus
 * ---------------------------------------------------------------------------------------- */

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', opts.inheritStderr ? 'inherit' : 'pipe', opts.inheritStderr ? 'inherit' : 'pipe'], cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let stdoutLines = 0;
    if (child.stdout) child.stdout.on('data', (d) => { if (stdout.length < 1 << 20) stdout += d; for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) stdoutLines++; });
    if (child.stderr) child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 4 << 20) stderr = stderr.slice(-(1 << 20)); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stdoutLines, stderr, wall: Number(process.hrtime.bigint() - t0) / 1e9 });
    });
  });
}

/** The largest requested size is generated; smaller ones are prefixes of it (cut at a line end). */
async function ensureCorpora(o) {
  const largest = o.sizes[o.sizes.length - 1];
  const name = largest.bytes === 2 ** 30 ? 'corpus' : `corpus-${largest.label}`;
  if (o.generate) {
    const r = await run(process.execPath, [GENERATOR, '--size', String(largest.bytes), '--name', name, '--formats', o.formats.join(',')], { inheritStderr: true });
    if (r.code !== 0) throw new Error(`corpus generation failed (exit ${r.code})`);
  }
  const files = {};
  for (const fmt of o.formats) {
    const base = path.join(CORPUS_DIR, `${name}.${fmt}`);
    if (!fs.existsSync(base)) throw new Error(`missing corpus ${base} (run without --no-generate)`);
    files[fmt] = {};
    for (const s of o.sizes) {
      files[fmt][s.label] = s.bytes === largest.bytes ? base : prefixCopy(base, path.join(CORPUS_DIR, `${name}.prefix-${s.label}.${fmt}`), s.bytes);
    }
  }
  return files;
}

function prefixCopy(src, dst, bytes) {
  const srcStat = fs.statSync(src);
  const stamp = { src: path.basename(src), srcSize: srcStat.size, srcMtimeMs: Math.round(srcStat.mtimeMs), limit: bytes };
  const metaFile = `${dst}.meta.json`;
  try {
    const m = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    if (m.src === stamp.src && m.srcSize === stamp.srcSize && m.srcMtimeMs === stamp.srcMtimeMs && m.limit === bytes && fs.statSync(dst).size === m.bytes) return dst;
  } catch { /* rebuild */ }
  const fd = fs.openSync(src, 'r');
  const buf = Buffer.allocUnsafe(Math.min(bytes, srcStat.size));
  let got = 0;
  while (got < buf.length) {
    const n = fs.readSync(fd, buf, got, buf.length - got, got);
    if (n <= 0) break;
    got += n;
  }
  fs.closeSync(fd);
  const end = buf.lastIndexOf(10, got - 1) + 1; // keep whole lines only
  fs.writeFileSync(`${dst}.tmp`, buf.subarray(0, end));
  fs.renameSync(`${dst}.tmp`, dst);
  fs.writeFileSync(metaFile, `${JSON.stringify({ ...stamp, bytes: end }, null, 2)}\n`);
  process.stderr.write(`${path.relative(process.cwd(), dst)}: ${end} bytes (prefix of ${path.basename(src)})\n`);
  return dst;
}

/* ------------------------------------------------------------------------------------------
 * Measuring
 * ---------------------------------------------------------------------------------------- */

class BenchError extends Error {}

function parseStats(stderr) {
  const line = stderr.split('\n').find((l) => l.startsWith('pvelens-stats '));
  if (!line) return null;
  try {
    return JSON.parse(line.slice('pvelens-stats '.length));
  } catch {
    return null;
  }
}

function tail(text, n = 30) {
  const lines = text.trimEnd().split('\n');
  return (lines.length > n ? ['[...]', ...lines.slice(-n)] : lines).map((l) => `    ${l}`).join('\n');
}

/** Stats of a child run with the rusage hook: wall time from spawn to exit, records from the ingest summary. */
function rusageStats(r) {
  const line = r.stderr.split('\n').find((l) => l.startsWith('pvelens-rusage '));
  if (!line) return null;
  const u = JSON.parse(line.slice('pvelens-rusage '.length));
  const records = /^pvelens: (\d+) records/m.exec(r.stderr);
  return { records: records ? Number(records[1]) : null, seconds: r.wall, maxRssKb: u.maxRssKb, cpuSeconds: u.userS + u.sysS, outputLines: r.stdoutLines };
}

async function measurePvelens(w, file, repeat) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const r = await run(process.execPath, w.rusage ? [...NODE_FLAGS, `--import=${RUSAGE_HOOK}`, PVELENS, ...w.args(file)] : [...NODE_FLAGS, w.script ?? PVELENS, ...w.args(file)]);
    const stats = w.rusage ? rusageStats(r) : parseStats(r.stderr);
    if (r.code !== 0 || !stats) {
      const why = r.code !== 0 ? `exited with ${r.signal ? `signal ${r.signal}` : `code ${r.code}`}` : `printed no "${w.rusage ? 'pvelens-rusage' : 'pvelens-stats'} {...}" line on stderr`;
      throw new BenchError(`node bin/pvelens.js ${w.args(path.relative(ROOT, file)).join(' ')} ${why}. Its stderr:\n${tail(r.stderr) || '    (empty)'}`);
    }
    runs.push({ wall: r.wall, ...stats });
    process.stderr.write(`  ${w.id} ${path.basename(file)} #${i + 1}: ${r.wall.toFixed(2)} s, ${stats.records} records, ${(stats.maxRssKb / 1024).toFixed(0)} MiB RSS${stats.outputLines !== undefined ? `, ${stats.outputLines} output lines` : ''}\n`);
  }
  return runs;
}

async function measureBaseline(id, file, repeat) {
  const b = BASELINES[id];
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const r = await run(b.cmd, b.args(file));
    if (!b.okExit.includes(r.code)) throw new BenchError(`${b.cmd} ${b.args(file).join(' ')} exited with ${r.code}:\n${tail(r.stderr)}`);
    runs.push({ wall: r.wall, ...b.parse(r.stdout) });
    process.stderr.write(`  ${id} ${path.basename(file)} #${i + 1}: ${r.wall.toFixed(2)} s\n`);
  }
  return runs;
}

const best = (runs) => runs.reduce((a, b) => (b.wall < a.wall ? b : a));

/* ------------------------------------------------------------------------------------------
 * Report
 * ---------------------------------------------------------------------------------------- */

function table(rows, headers, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
const f1 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1));
const f2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(2));

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const m = machine();
  process.stdout.write(`pvelens ${m.pvelens ?? '?'} benchmark\n`);
  process.stdout.write(`machine: ${m.cpu} (${m.cpus} CPUs, ${m.memGb} GiB RAM), ${m.os}\n`);
  process.stdout.write(`node ${m.node}, ${m.rg ?? 'ripgrep: not installed'}\n\n`);
  if (o.rg && !m.rg) {
    process.stderr.write('bench: ripgrep (rg) is not installed; it is the baseline. Install it with:\n  apt-get install ripgrep\n(or run with --no-rg to measure pvelens alone)\n');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist'))) {
    process.stderr.write('bench: dist/ is missing: run `npm run bench` (builds first) or `npm run build`\n');
    process.exit(2);
  }

  const files = await ensureCorpora(o);
  const workloads = WORKLOADS.filter((w) => (!o.workloads || o.workloads.includes(w.id)) && (!w.enabled || w.enabled()));
  const results = [];
  const baselineCache = new Map();

  for (const fmt of o.formats) {
    for (const s of o.sizes) {
      const file = files[fmt][s.label];
      const bytes = fs.statSync(file).size;
      for (const w of workloads) {
        if (w.sizes && !w.sizes.includes(s.label)) continue;
        if (w.formats && !w.formats.includes(fmt)) continue;
        process.stderr.write(`${w.title}: ${path.relative(ROOT, file)}\n`);
        const runs = await measurePvelens(w, file, w.repeat ?? o.repeat);
        const b = best(runs);
        const row = {
          workload: w.id, format: fmt, size: s.label, file: path.relative(ROOT, file), bytes,
          runs, wall: b.wall, seconds: b.seconds, records: b.records, bytesRead: b.bytesRead,
          mibPerSec: bytes / MiB / b.wall, recordsPerSec: b.records / b.wall,
          peakRssMb: Math.max(...runs.map((r) => r.maxRssKb)) / 1024,
          baseline: null, ratio: null, verdicts: {},
        };
        if (b.bytesRead !== undefined && b.bytesRead !== bytes) row.note = `bytesRead ${b.bytesRead} != file size ${bytes}`;
        if (b.outputLines !== undefined) row.note = `${b.outputLines} incidents written, ${f1(b.cpuSeconds)} s CPU`;
        if (w.baseline && o.rg) {
          const key = `${w.baseline}:${file}`;
          if (!baselineCache.has(key)) {
            const bruns = await measureBaseline(w.baseline, file, o.repeat);
            const bb = best(bruns);
            baselineCache.set(key, { id: w.baseline, runs: bruns, wall: bb.wall, matches: bb.matches, mibPerSec: bytes / MiB / bb.wall });
          }
          row.baseline = baselineCache.get(key);
          row.ratio = row.mibPerSec / row.baseline.mibPerSec;
          // Throughput is judged on the largest input only: on small ones Node's start-up
          // (~0.3 s) dominates. The smaller inputs serve the RSS growth check.
          const min = w.minRatio?.[fmt];
          if (min !== undefined && s.bytes === o.sizes[o.sizes.length - 1].bytes) {
            row.verdicts.throughput = { pass: row.ratio >= min, want: `>= ${min}x ${w.baseline}` };
          }
        }
        if (w.maxRssMb) row.verdicts.rss = { pass: row.peakRssMb < w.maxRssMb, want: `< ${w.maxRssMb} MiB` };
        results.push(row);
      }
    }
  }

  // RSS must not grow from the smallest to the largest input
  const growth = [];
  if (o.sizes.length > 1) {
    for (const w of workloads.filter((x) => x.rssFlat)) {
      for (const fmt of o.formats) {
        const small = results.find((r) => r.workload === w.id && r.format === fmt && r.size === o.sizes[0].label);
        const large = results.find((r) => r.workload === w.id && r.format === fmt && r.size === o.sizes[o.sizes.length - 1].label);
        if (!small || !large) continue;
        const allowed = Math.max(10, small.peakRssMb * 0.1);
        const delta = large.peakRssMb - small.peakRssMb;
        growth.push({ workload: w.id, format: fmt, from: small.size, to: large.size, smallMb: small.peakRssMb, largeMb: large.peakRssMb,
          deltaMb: delta, allowedMb: allowed, pass: delta <= allowed });
      }
    }
  }

  // Print
  const mark = (v) => (v ? (v.pass ? 'PASS' : 'FAIL') : '-');
  const rows = results.map((r) => {
    const want = r.verdicts.throughput?.want?.replace(/^>= /, '>=') ?? '';
    return [
      `${r.workload} ${r.format} ${r.size}`, f1(r.bytes / MiB), f1(r.mibPerSec), Math.round(r.recordsPerSec).toLocaleString('en-US'),
      f1(r.peakRssMb), r.baseline ? f1(r.baseline.mibPerSec) : '-', r.ratio === null ? '-' : `${f2(r.ratio)}x`,
      r.verdicts.throughput ? `${mark(r.verdicts.throughput)} (${want})` : r.ratio === null ? '-' : 'info only', `${mark(r.verdicts.rss)}${r.verdicts.rss ? ` (${r.verdicts.rss.want})` : ''}`,
    ];
  });
  process.stdout.write(`${table(rows,
    ['input', 'size MiB', 'pvelens MiB/s', 'records/s', 'peak RSS MiB', 'rg MiB/s', 'pvelens/rg', 'throughput', 'memory'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'])}\n`);
  if (growth.length) {
    process.stdout.write('\nRSS growth (must stay flat as the input grows):\n');
    process.stdout.write(`${table(growth.map((g) => [`${g.workload} ${g.format}`, `${g.from} -> ${g.to}`, f1(g.smallMb), f1(g.largeMb), `${g.deltaMb >= 0 ? '+' : ''}${f1(g.deltaMb)}`, `<= +${f1(g.allowedMb)}`, g.pass ? 'PASS' : 'FAIL']),
      ['workload', 'sizes', 'RSS small MiB', 'RSS large MiB', 'delta', 'allowed', 'verdict'], ['l', 'l', 'r', 'r', 'r', 'r', 'l'])}\n`);
  }
  for (const r of results) if (r.note) process.stdout.write(`note: ${r.workload} ${r.format} ${r.size}: ${r.note}\n`);

  const verdicts = [...results.flatMap((r) => Object.values(r.verdicts)), ...growth];
  const pass = verdicts.every((v) => v.pass);
  process.stdout.write(`\n${pass ? 'PASS' : 'FAIL'}: ${verdicts.filter((v) => v.pass).length}/${verdicts.length} targets met (best of ${o.repeat} runs)\n`);

  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  const report = { generatedAt: new Date().toISOString(), machine: m, config: { sizes: o.sizes, formats: o.formats, repeat: o.repeat, patterns: path.relative(ROOT, PATTERNS) }, results, growth, pass };
  fs.writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`results written to ${path.relative(process.cwd(), o.out)}\n`);
  if (o.ship) {
    // documents/s into a local Elasticsearch node (bench/ship.mjs); needs Java 17
    if (spawnSync('java', ['-version']).status !== 0) process.stdout.write('\nshipping benchmark skipped: no java on PATH (see bench/README.md)\n');
    else {
      process.stdout.write('\nshipping to a local Elasticsearch 8.19 node (bench/ship.mjs):\n');
      const r = spawnSync(process.execPath, [path.join(HERE, 'ship.mjs')], { stdio: 'inherit' });
      if (r.status !== 0) return 2;
    }
  }
  return pass ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`\nbench: ${e instanceof BenchError ? '' : 'error: '}${e.message}\n`);
    process.exitCode = 2;
  },
);
