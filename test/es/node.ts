// A real Elasticsearch 8.19 node for tests, run in a JVM built from Maven Central artifacts
// (test/es-server: ES server jar + transport-netty4 + our small launcher). See
// test/es-server/README.md for what the node has and lacks (no x-pack, no Painless,
// no ingest processors; data streams work, their REST API is our own stand-in).
//
// API, kept small:
//   describeEs(name, body)  describe() that applies the availability policy below
//   startEs(opts?)          start a node (or hand out PVELENS_ES_URL) -> EsNode { url, stop, restart }
//   externalEsUrl()         PVELENS_ES_URL if set (tests that need node settings must skip then)
//   esAvailability()        can we run a local node here? { ok: true } | { ok: false, reason }
//   ensureEsServerBuilt()   build test/es-server once (startEs calls it)
//   testClient(url)         a client for assertions: no retries, 60 s timeout
//
// Policy (describeEs):
//   - PVELENS_ES_URL set      -> tests run against that cluster; startEs() starts nothing.
//   - java >= 17 and (mvn or an already built test/es-server) -> tests start local nodes.
//   - otherwise               -> PVELENS_REQUIRE_ES=1: the tests FAIL with the reason;
//                                else they are SKIPPED, with one line on stderr saying why.
//
// Every JVM is tied to this process: its stdin is a pipe (the launcher exits on EOF, which also
// covers a SIGKILLed test worker), and a process 'exit' hook SIGKILLs whatever is still running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';
import { describe, it } from 'vitest';

/** The Maven project of the launcher. */
export const ES_SERVER_DIR = fileURLToPath(new URL('../es-server/', import.meta.url));
const JAR = join(ES_SERVER_DIR, 'target', 'es-server.jar');
const LIB = join(ES_SERVER_DIR, 'target', 'lib');
/** Written after each successful build here: Maven leaves an up-to-date jar's mtime alone. */
const STAMP = join(ES_SERVER_DIR, 'target', '.pvelens-built');
const READY = 'PVELENS_ES_READY ';

export interface EsNode {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** True when this is the PVELENS_ES_URL cluster (stop/restart do nothing / throw). */
  readonly external: boolean;
  /** path.home of a local node (data in home/data, full log in home/logs/node.log). */
  readonly home: string | undefined;
  /**
   * Stop the JVM (stdin EOF, then SIGTERM, SIGKILL after 30 s) and delete the home it created.
   * (A node that failed to start is not returned; its home is kept so its log can be read.)
   */
  stop(): Promise<void>;
  /** Stop and start again on the same data directory and, if still free, the same port. */
  restart(): Promise<void>;
  /** The last lines the node logged (stderr), for error messages. */
  logTail(): string;
}

export interface StartEsOptions {
  /** Extra node settings, passed as -Ekey=value (e.g. { 'thread_pool.write.queue_size': '1' }). */
  settings?: Record<string, string>;
  /** JVM heap, -Xms and -Xmx (default 512m). */
  heap?: string;
  /** Give up after this long, covering JVM start and a yellow cluster (default 120 s). */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Availability and policy

export type EsAvailability = { ok: true } | { ok: false; reason: string };
let availability: EsAvailability | undefined;

/** Whether a local node can run: java >= 17, and mvn unless test/es-server is already built. */
export function esAvailability(): EsAvailability {
  availability ??= probe();
  return availability;
}

function probe(): EsAvailability {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return { ok: false, reason: 'no `java` on PATH (Elasticsearch 8.19 needs Java 17+)' };
  const m = /version "(\d+)(?:\.(\d+))?/.exec(java.stderr);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17)) return { ok: false, reason: `\`java\` is version ${m ? m[0].slice(9) : 'unknown'}, Elasticsearch 8.19 needs 17+` };
  if (isBuilt()) return { ok: true };
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) return { ok: false, reason: 'no `mvn` on PATH to build test/es-server (and it is not built yet)' };
  return { ok: true };
}

/** PVELENS_ES_URL without a trailing slash, if set. */
export function externalEsUrl(): string | undefined {
  const url = process.env.PVELENS_ES_URL?.trim();
  return url ? url.replace(/\/+$/, '') : undefined;
}

const skipNoted = Symbol.for('pvelens.es.skipNoted');

/**
 * describe() for tests that need Elasticsearch, applying the policy in the header comment.
 * Inside, call startEs() in beforeAll; use externalEsUrl() to skip tests needing node settings.
 */
export function describeEs(name: string, body: () => void): void {
  if (externalEsUrl()) return void describe(name, body);
  const av = esAvailability();
  if (av.ok) return void describe(name, body);
  if (process.env.PVELENS_REQUIRE_ES === '1') {
    return void describe(name, () => {
      it('has Elasticsearch (PVELENS_REQUIRE_ES=1)', () => {
        throw new Error(`PVELENS_REQUIRE_ES=1 but Elasticsearch tests cannot run: ${av.reason}`);
      });
    });
  }
  const g = globalThis as Record<symbol, unknown>;
  if (!g[skipNoted]) {
    g[skipNoted] = true;
    process.stderr.write(`[pvelens] skipping Elasticsearch tests: ${av.reason} (set PVELENS_ES_URL to use a running cluster, PVELENS_REQUIRE_ES=1 to fail instead)\n`);
  }
  describe.skip(name, body);
}

// ---------------------------------------------------------------------------------------------
// Building test/es-server

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

/** Built when the jar, or our stamp of the last successful build, is newer than pom.xml and src/. */
function isBuilt(): boolean {
  if (!existsSync(JAR) || !existsSync(LIB) || readdirSync(LIB).length === 0) return false;
  const sources = Math.max(newestMtime(join(ES_SERVER_DIR, 'pom.xml')), newestMtime(join(ES_SERVER_DIR, 'src')));
  return statSync(JAR).mtimeMs >= sources || (existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources);
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ code: -1, output: output + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let building: Promise<void> | undefined;

/**
 * Build test/es-server unless target/ is newer than its sources: `mvn -B -q -o package` (offline,
 * enough once ~/.m2 has everything), then online if that fails. Test files run in separate
 * workers, so a lock directory keeps two of them from running Maven at the same time.
 */
export function ensureEsServerBuilt(): Promise<void> {
  building ??= (async () => {
    if (isBuilt()) return;
    const lock = join(ES_SERVER_DIR, 'target', '.pvelens-build.lock');
    mkdirSync(join(ES_SERVER_DIR, 'target'), { recursive: true });
    for (const deadline = Date.now() + 600_000; ; ) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        if (statSync(lock, { throwIfNoEntry: false }) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (another Maven build?)`);
        await sleep(500);
      }
    }
    try {
      if (isBuilt()) return; // another worker built it while we waited
      let r = await run('mvn', ['-B', '-q', '-o', 'package'], ES_SERVER_DIR);
      if (r.code !== 0) r = await run('mvn', ['-B', '-q', 'package'], ES_SERVER_DIR);
      if (r.code === 0 && existsSync(JAR)) writeFileSync(STAMP, `${new Date().toISOString()}\n`);
      if (r.code !== 0 || !isBuilt()) {
        throw new Error(`building ${ES_SERVER_DIR} with Maven failed (exit ${r.code}):\n${r.output.split('\n').slice(-40).join('\n')}`);
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  })();
  building.catch(() => (building = undefined)); // let a later call retry
  return building;
}

// ---------------------------------------------------------------------------------------------
// Running nodes

/** Running JVMs and the temp home each owns, for the last-resort 'exit' hook. */
const live = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess, ownedHome: string | undefined): void {
  live.set(child, ownedHome);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const [c, home] of live) {
        c.kill('SIGKILL');
        if (home) rmSync(home, { recursive: true, force: true }); // best effort
      }
    });
  }
}

class LocalNode implements EsNode {
  readonly external = false;
  url = '';
  private child: ChildProcess | undefined;
  /** Resolves on the child's 'close' (exited and stdio drained). */
  private closed: Promise<void> = Promise.resolve();
  private tail: string[] = [];

  constructor(
    readonly home: string,
    private readonly opts: StartEsOptions,
    private readonly ownsHome: boolean,
  ) {}

  logTail(lines = 40): string {
    return this.tail.slice(-lines).join('\n');
  }

  async start(port = 0): Promise<void> {
    const timeoutMs = this.opts.timeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    const heap = this.opts.heap ?? '512m';
    mkdirSync(join(this.home, 'tmp'), { recursive: true });
    mkdirSync(join(this.home, 'logs'), { recursive: true });
    const settings = { ...this.opts.settings, ...(port ? { 'http.port': String(port) } : {}) };
    const args = [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      `-Djava.io.tmpdir=${join(this.home, 'tmp')}`, // JNA unpacks its native library here
      '-Dlog4j2.disable.jmx=true',
      '-Dfile.encoding=UTF-8',
      '-XX:+ExitOnOutOfMemoryError',
      '-jar',
      JAR,
      '--home',
      this.home,
      '--exit-on-stdin-close',
      ...Object.entries(settings).map(([k, v]) => `-E${k}=${v}`),
    ];
    this.tail = [];
    const log: WriteStream = createWriteStream(join(this.home, 'logs', 'node.log'), { flags: 'a' });
    log.on('error', () => {}); // the log is a convenience; never fail a test over it
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    trackChild(child, this.ownsHome ? this.home : undefined);
    child.stdin!.on('error', () => {}); // EPIPE after the JVM died: nothing to do
    this.closed = new Promise<void>((r) => child.once('close', () => r()));
    child.once('close', () => log.end()); // 'close' comes after stderr is drained

    let stderrRest = '';
    child.stderr!.on('data', (d: Buffer) => {
      log.write(d);
      const lines = (stderrRest + d.toString()).split('\n');
      stderrRest = lines.pop() ?? '';
      this.tail.push(...lines);
      if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
    });

    const ready = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith(READY));
        if (line) resolve(line.slice(READY.length).trim());
      });
      child.once('error', (e) => reject(new Error(`cannot run java: ${e.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`Elasticsearch exited before it was ready (code ${code}, signal ${signal})`)));
    });

    ready.catch(() => {}); // a late rejection (exit after a timeout) is handled below
    try {
      this.url = await withDeadline(ready, deadline, 'no PVELENS_ES_READY line');
      await waitForYellow(this.url, deadline);
    } catch (e) {
      await this.kill();
      throw new Error(
        `starting Elasticsearch (home ${this.home}, kept for inspection) failed after ${Math.round((timeoutMs - (deadline - Date.now())) / 1000)} s: ` +
          `${(e as Error).message}\n--- last lines of its log (${join(this.home, 'logs', 'node.log')}) ---\n${this.logTail()}`,
      );
    }
  }

  /** Graceful: close stdin (the launcher exits and closes the node), SIGTERM, then SIGKILL. */
  private async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      child.kill('SIGTERM');
    }
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.closed;
    clearTimeout(t);
  }

  async stop(): Promise<void> {
    await this.kill();
    if (this.ownsHome) rmSync(this.home, { recursive: true, force: true });
  }

  async restart(): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.kill();
    try {
      await this.start(port);
    } catch (e) {
      if (!/BindException|Address already in use|failed to bind/i.test((e as Error).message)) throw e;
      await this.start(0); // the port was taken meanwhile: take any
    }
  }
}

async function withDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Poll GET /_cluster/health?wait_for_status=yellow until it answers 200 before the deadline. */
async function waitForYellow(url: string, deadline: number): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=5s`, { signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      if (res.status === 200 && !/"timed_out":true/.test(body)) return;
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for a yellow cluster at ${url} (last answer: ${last})`);
}

/**
 * Start a node (one JVM, path.home in a fresh temp directory), or return the PVELENS_ES_URL
 * cluster. Node settings cannot be applied to an external cluster: that throws, so tests that
 * need them should skip when externalEsUrl() is set.
 */
export async function startEs(opts: StartEsOptions = {}): Promise<EsNode> {
  const external = externalEsUrl();
  if (external) {
    if (opts.settings && Object.keys(opts.settings).length > 0) {
      throw new Error(`PVELENS_ES_URL is set: cannot apply node settings ${Object.keys(opts.settings).join(', ')} to an external cluster`);
    }
    return {
      url: external,
      external: true,
      home: undefined,
      stop: async () => {},
      restart: async () => {
        throw new Error('cannot restart the external cluster of PVELENS_ES_URL');
      },
      logTail: () => '',
    };
  }
  const av = esAvailability();
  if (!av.ok) throw new Error(`cannot start Elasticsearch: ${av.reason}`);
  await ensureEsServerBuilt();
  const node = new LocalNode(mkdtempSync(join(tmpdir(), 'pvelens-es-')), opts, true);
  await node.start();
  return node;
}

/** A client for reading back and arranging state in tests: no retries (they would hide faults). */
export function testClient(url: string): Client {
  return new Client({ node: url, maxRetries: 0, requestTimeout: 60_000 });
}
