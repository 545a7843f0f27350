// Turns command-line arguments into input sources: "-" is stdin, a file is itself, and a
// directory is walked recursively, with each logrotate set (syslog.3.gz, syslog.2.gz,
// syslog.1, syslog) chained into one source read oldest first.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticSink } from './diagnostics.js';
import { describeFsError } from './open.js';

export interface InputSource {
  /** Display name of the source (a file, "<stdin>", or a rotated set's live file name). */
  name: string;
  /** Files read one after another, oldest first; null means stdin. */
  files: string[] | null;
}

const COMPRESSED = /\.(gz|zst|xz)$/;
// syslog.1, syslog.2.gz, daemon.log.4.zst
const NUMBERED = /^(.*)\.(\d{1,4})$/;
// syslog-20251224, syslog-20251224.gz (logrotate dateext)
const DATED = /^(.*)-(\d{8})$/;

interface Rotated {
  base: string;
  /** Sort key within the set: higher is newer. */
  age: number;
  path: string;
}

function rotationOf(dir: string, file: string): Rotated {
  const stem = file.replace(COMPRESSED, '');
  const numbered = NUMBERED.exec(stem);
  if (numbered) return { base: join(dir, numbered[1]!), age: -Number(numbered[2]), path: join(dir, file) };
  const dated = DATED.exec(stem);
  if (dated) return { base: join(dir, dated[1]!), age: Number(dated[2]) - 1e9, path: join(dir, file) };
  return { base: join(dir, stem), age: 0, path: join(dir, file) };
}

/** Files a directory walk skips: hidden files and things that are plainly not logs. */
const SKIP_IN_DIRECTORY = /^\.|\.(md|txt\.orig|sh|mjs|js|ts|json\.schema)$|^README/i;

export function resolveInputs(args: string[], diag: DiagnosticSink): InputSource[] {
  const sources: InputSource[] = [];
  for (const arg of args.length ? args : ['-']) {
    if (arg === '-') {
      sources.push({ name: '<stdin>', files: null });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      diag.report({ input: arg, line: null, offset: null, kind: 'fatal', code: 'unreadable', message: describeFsError(e) });
      continue;
    }
    if (!isDir) sources.push({ name: arg, files: [arg] });
    else walk(arg, sources, diag);
  }
  return sources;
}

function walk(dir: string, sources: InputSource[], diag: DiagnosticSink): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    diag.report({ input: dir, line: null, offset: null, kind: 'fatal', code: 'unreadable', message: describeFsError(e) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sets = new Map<string, Rotated[]>();
  const subdirs: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) subdirs.push(join(dir, e.name));
      continue;
    }
    if (!e.isFile() || SKIP_IN_DIRECTORY.test(e.name)) continue;
    const r = rotationOf(dir, e.name);
    const set = sets.get(r.base);
    if (set) set.push(r);
    else sets.set(r.base, [r]);
  }
  for (const [base, set] of sets) {
    set.sort((a, b) => a.age - b.age);
    const live = set.find((r) => r.age === 0);
    sources.push({ name: live ? live.path : base, files: set.map((r) => r.path) });
  }
  for (const sub of subdirs) walk(sub, sources, diag);
}
