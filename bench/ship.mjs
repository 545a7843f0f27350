#!/usr/bin/env node
// Shipping throughput: documents per second from `pvelens events --es-url` into a local
// Elasticsearch 8.19 node (the test node of test/es-server, started here), for a few bulk sizes
// and concurrencies, first run (all new) and repeated run (all "already present").
//
//   node bench/ship.mjs                         # 200 000 events, the default settings grid
//   node bench/ship.mjs --events 50000 --grid 4m:2,1m:1
//   PVELENS_BENCH_ES=http://127.0.0.1:9200 node bench/ship.mjs   # use a running cluster instead
//
// Writes bench/results/ship.json. Run from `npm run bench` (after the matcher workloads).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './node-flags.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const PVELENS = path.join(ROOT, 'bin', 'pvelens.js');
const ES_DIR = path.join(ROOT, 'test', 'es-server');
const JAR = path.join(ES_DIR, 'target', 'es-server.jar');
const OUT = path.join(HERE, 'results', 'ship.json');

function parseArgs(argv) {
  const o = { events: 200_000, grid: [['1m', 2], ['1m', 1], ['4m', 2], ['4m', 4]], repeat: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--events') o.events = Number(argv[++i]);
    else if (a === '--grid') o.grid = argv[++i].split(',').map((g) => { const [s, c] = g.split(':'); return [s, Number(c)]; });
    else if (a === '--no-repeat') o.repeat = false;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node bench/ship.mjs [--events N] [--grid SIZE:CONC,...] [--no-repeat]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** Lines the pattern library annotates (one event each), as pve1..pve3 would log them. */
const LINES = [
  (h) => `corosync[1407]:   [KNET  ] link: host: ${h} link: 0 is down`,
  (h) => `corosync[1407]:   [TOTEM ] Token has not been received in ${2700 + h} ms`,
  () => 'pmxcfs[1290]: [dcdb] crit: cpg_send_message failed: 9',
  (h) => `corosync[1407]:   [KNET  ] host: host: ${h} (passive) best link: 0 (pri: 1)`,
  () => 'pmxcfs[1290]: [status] notice: members: 1/1290, 2/1301',
];

function corpus(file, events) {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return;
  const fd = fs.openSync(file, 'w');
  const t0 = Date.UTC(2025, 11, 14, 0, 0, 0);
  let buf = '';
  for (let i = 0; i < events; i++) {
    const ts = new Date(t0 + i * 7).toISOString().replace('Z', '000+00:00');
    buf += `${ts} pve${1 + (i % 3)} ${LINES[i % LINES.length](1 + (i % 5))}\n`;
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

async function startNode() {
  if (process.env.PVELENS_BENCH_ES) return { url: process.env.PVELENS_BENCH_ES.replace(/\/+$/, ''), stop: async () => {} };
  if (!fs.existsSync(JAR)) {
    const mvn = spawnSync('mvn', ['-B', '-q', '-f', path.join(ES_DIR, 'pom.xml'), 'package'], { stdio: 'inherit' });
    if (mvn.status !== 0) throw new Error('cannot build test/es-server (needs Java 17 and Maven); or set PVELENS_BENCH_ES');
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pvelens-bench-es-'));
  fs.mkdirSync(path.join(home, 'tmp'));
  const child = spawn('java', ['-Xms1g', '-Xmx1g', `-Djava.io.tmpdir=${path.join(home, 'tmp')}`, '-jar', JAR, '--home', home, '--exit-on-stdin-close'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`node did not start in 120 s:\n${out.slice(-2000)}`)), 120_000);
    const onData = (d) => {
      out += d;
      const m = /PVELENS_ES_READY (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`node exited with ${code}:\n${out.slice(-2000)}`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin.end();
      await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 30_000); child.on('exit', () => { clearTimeout(t); r(); }); });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

function runPvelens(args) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [...NODE_FLAGS, PVELENS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t) / 1e9;
      const m = /pvelens-stats (\{.*\})/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`pvelens exited ${code}:\n${err.slice(-2000)}`));
      resolve({ wall, stats: JSON.parse(m[1]) });
    });
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(path.join(HERE, '.corpus'), { recursive: true });
  const file = path.join(HERE, '.corpus', `ship-${o.events}.log`);
  corpus(file, o.events);
  const node = await startNode();
  const rows = [];
  try {
    const tag = Date.now().toString(36);
    // a fresh JVM indexes slowly until its JIT has warmed up: one throwaway run first
    const warm = path.join(HERE, '.corpus', 'ship-warmup.log');
    corpus(warm, 20_000);
    await runPvelens(['events', '--count', '--stats', '-q', warm, '--es-url', node.url, '--es-namespace', `warmup${tag}`]);
    for (const [size, conc] of o.grid) {
      const ns = `bench${tag}${rows.length}`;
      const args = ['events', '--count', '--stats', '-q', file, '--es-url', node.url, '--es-namespace', ns, '--es-bulk-size', size, '--es-concurrency', String(conc)];
      const first = await runPvelens(args);
      const row = { bulkSize: size, concurrency: conc, events: first.stats.events, seconds: first.wall, docsPerSec: Math.round(first.stats.events / first.wall), requests: first.stats.shipped.requests, retried: first.stats.shipped.retried, created: first.stats.shipped.events.created, maxRssMb: Math.round(first.stats.maxRssKb / 1024) };
      if (o.repeat) {
        const again = await runPvelens(args);
        row.repeatSeconds = again.wall;
        row.repeatDocsPerSec = Math.round(again.stats.events / again.wall);
        row.repeatPresent = again.stats.shipped.events.present;
      }
      rows.push(row);
      process.stdout.write(
        `ship  bulk ${size.padEnd(3)} x${conc}  ${row.events} events  ${row.seconds.toFixed(1)} s  ${row.docsPerSec} docs/s  (${row.requests} requests, ${row.retried} retried, RSS ${row.maxRssMb} MiB)` +
          (o.repeat ? `   repeat: ${row.repeatDocsPerSec} docs/s, ${row.repeatPresent} already present` : '') + '\n',
      );
    }
  } finally {
    await node.stop();
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, target: process.env.PVELENS_BENCH_ES ? 'external' : 'local ES 8.19 test node, 1 GiB heap', rows }, null, 2) + '\n');
  process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench/ship: ${e.message}\n`);
  process.exit(2);
});
