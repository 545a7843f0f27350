// Loads pattern files (YAML) from the shipped library and users' --patterns directories,
// validates them with zod, compiles them, and stops with a message naming the file, the
// pattern and the problem. Users' regexes are checked for catastrophic backtracking (recheck)
// before they can run; the shipped library is checked the same way by the test suite.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { compilePattern, PatternError, type CompiledPattern } from './compile.js';
import { PatternFile } from './schema.js';

export const SHIPPED_PATTERNS = fileURLToPath(new URL('../../patterns/', import.meta.url));

export interface LoadOptions {
  /** Check regexes for catastrophic backtracking (slow: about 50–500 ms per regex). */
  checkSafety: boolean;
}

/** Pattern files in a directory (sorted), or the file itself. */
export function patternFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new PatternError(path, null, 'no such file or directory');
  }
  if (st.isFile()) return [path];
  return readdirSync(path)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

export function loadPatternFile(file: string, opts: LoadOptions): CompiledPattern[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PatternError(file, null, (e as Error).message);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const pos = lineCounter.linePos(err.pos[0]);
    throw new PatternError(file, null, `YAML error at line ${pos.line}, column ${pos.col}: ${err.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  const parsed = PatternFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path;
    let id: string | null = null;
    if (path[0] === 'patterns' && typeof path[1] === 'number') {
      const raw = (data as { patterns?: Array<{ id?: unknown }> }).patterns?.[path[1]];
      id = typeof raw?.id === 'string' ? raw.id : `#${path[1] + 1}`;
    }
    const where = path.slice(id ? 2 : 0).join('.');
    throw new PatternError(file, id, `${where ? `${where}: ` : ''}${issue.message}`);
  }
  const compiled = parsed.data.patterns.map((spec) => compilePattern(spec, file, parsed.data.subsystem, parsed.data.identifiers));
  if (opts.checkSafety) for (const p of compiled) checkSafety(p);
  return compiled;
}

/** Load the shipped library (unless `shipped` is false) and the users' paths; ids must be unique. */
export function loadPatterns(userPaths: string[], opts: { shipped?: boolean } = {}): CompiledPattern[] {
  const all: CompiledPattern[] = [];
  const seen = new Map<string, string>();
  const add = (files: string[], checkSafety: boolean): void => {
    for (const file of files) {
      for (const p of loadPatternFile(file, { checkSafety })) {
        const other = seen.get(p.id);
        if (other) throw new PatternError(file, p.id, `duplicate id (also in ${other})`);
        seen.set(p.id, file);
        all.push(p);
      }
    }
  };
  if (opts.shipped !== false) add(patternFiles(SHIPPED_PATTERNS), false);
  for (const path of userPaths) add(patternFiles(path), true);
  for (const p of all) {
    for (const id of p.supersedes) if (!seen.has(id)) throw new PatternError(p.file, p.id, `supersedes unknown pattern ${id}`);
  }
  return all;
}

type Recheck = typeof import('recheck');
let recheck: Recheck | null = null;

/** Reject regexes a ReDoS checker finds exponential or polynomial, with the attack it found. */
export function checkSafety(p: CompiledPattern): void {
  recheck ??= createRequire(import.meta.url)('recheck') as Recheck;
  // Sticky patterns are only tried at one position; search patterns at every position.
  const res = recheck.checkSync(p.regex.source, p.search ? '' : 'y', { timeout: 10_000 });
  if (res.status === 'vulnerable') {
    const attack = res.attack ? ` (e.g. ${JSON.stringify(res.attack.string.slice(0, 60))}${res.attack.string.length > 60 ? '…' : ''})` : '';
    throw new PatternError(p.file, p.id, `regex can backtrack catastrophically: ${res.complexity.type} time in the input length${attack}; use possessive shapes like [^x]* or anchor it`);
  }
  if (res.status === 'unknown') {
    throw new PatternError(p.file, p.id, `could not prove the regex safe from catastrophic backtracking (${res.error.kind}); simplify it`);
  }
}
