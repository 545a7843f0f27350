// Loads pattern files (YAML) from the shipped library and users' --patterns directories,
// validates them with zod, compiles them, and stops with a message naming the file, the
// pattern and the problem. Users' regexes are checked for catastrophic backtracking (recheck)
// before they can run; the shipped library is checked the same way by the test suite.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';
import { compilePattern, PatternError, type CompiledPattern } from './compile.js';
import { PatternFile } from './schema.js';

/** The YAML parser, loaded when a YAML file is read (the shipped library comes from its JSON cache). */
let yamlLib: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export const SHIPPED_PATTERNS = fileURLToPath(new URL('../../patterns/', import.meta.url));

export interface LoadOptions {
  /** Check regexes for catastrophic backtracking (slow: about 50–500 ms per regex). */
  checkSafety: boolean;
  /** The data was validated already (the shipped cache, validated when it was built). */
  validated?: boolean;
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
  const { patterns, wildcardExcludes } = compileFileData(file, readPatternData(file), opts);
  applyWildcardExcludes(patterns, wildcardExcludes);
  return patterns;
}

/** Give every "*" pattern the identifiers it skips. */
function applyWildcardExcludes(patterns: CompiledPattern[], excludes: string[]): void {
  const list = [...new Set(excludes)].sort();
  for (const p of patterns) if (p.identifiers.includes('*')) p.excludedIdentifiers = list;
}

interface FileData {
  patterns: CompiledPattern[];
  wildcardExcludes: string[];
}

/** Parse one YAML pattern file into plain data, with line numbers in syntax errors. */
export function readPatternData(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PatternError(file, null, (e as Error).message);
  }
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const pos = lineCounter.linePos(err.pos[0]);
    throw new PatternError(file, null, `YAML error at line ${pos.line}, column ${pos.col}: ${err.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

/** Validate a pattern file's data: its parsed form, or a PatternError naming the file, the pattern and what is wrong. */
export function validatePatternFile(file: string, data: unknown): PatternFile {
  const parsed = PatternFile.safeParse(data);
  if (!parsed.success) {
    let issue = parsed.error.issues[0]!;
    let path = issue.path;
    // A union (an example is a string or an object) reports "Invalid input": show the object branch's reason.
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const branch = issue.errors[issue.errors.length - 1]!;
      if (branch[0]) {
        path = [...issue.path, ...branch[0].path];
        issue = branch[0];
      }
    }
    let id: string | null = null;
    if (path[0] === 'patterns' && typeof path[1] === 'number') {
      const raw = (data as { patterns?: Array<{ id?: unknown }> }).patterns?.[path[1]];
      id = typeof raw?.id === 'string' ? raw.id : `#${path[1] + 1}`;
    }
    const where = path.slice(id ? 2 : 0).join('.');
    throw new PatternError(file, id, `${where ? `${where}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

function compileFileData(file: string, data: unknown, opts: LoadOptions): FileData {
  const pf = opts.validated ? (data as PatternFile) : validatePatternFile(file, data);
  const compiled = pf.patterns.map((spec) => compilePattern(spec, file, pf.subsystem, pf.identifiers));
  if (opts.checkSafety) for (const p of compiled) checkSafety(p);
  return { patterns: compiled, wildcardExcludes: pf.wildcard_excludes ?? [] };
}

/** Load the shipped library (unless `shipped` is false) and the users' paths; ids must be unique. */
export function loadPatterns(userPaths: string[], opts: { shipped?: boolean } = {}): CompiledPattern[] {
  const all: CompiledPattern[] = [];
  const excludes: string[] = [];
  const seen = new Map<string, string>();
  const add = (files: string[], checkSafety: boolean): void => {
    for (const file of files) {
      const data = compileFileData(file, readPatternData(file), { checkSafety });
      excludes.push(...data.wildcardExcludes);
      for (const p of data.patterns) {
        const other = seen.get(p.id);
        if (other) throw new PatternError(file, p.id, `duplicate id (also in ${other})`);
        seen.set(p.id, file);
        all.push(p);
      }
    }
  };
  if (opts.shipped !== false) {
    const cached = readShippedCache(SHIPPED_PATTERNS, SHIPPED_CACHES.patterns);
    if (cached) {
      for (const { file, data } of cached) {
        const compiled = compileFileData(file, data, { checkSafety: false, validated: true });
        excludes.push(...compiled.wildcardExcludes);
        for (const p of compiled.patterns) {
          seen.set(p.id, file);
          all.push(p);
        }
      }
    } else add(patternFiles(SHIPPED_PATTERNS), false);
  }
  for (const path of userPaths) add(patternFiles(path), true);
  applyWildcardExcludes(all, excludes);
  for (const p of all) {
    for (const id of p.supersedes) if (!seen.has(id)) throw new PatternError(p.file, p.id, `supersedes unknown pattern ${id}`);
  }
  return all;
}

/**
 * recheck's parameters. Its fuzzer stops incubating an attack after 250 ms of matching time by
 * default, so on a busy machine the verdict changed: two shipped patterns were judged
 * "polynomial" on an attack that V8 matches in linear time (3 ms on 440 kB). Without the time
 * limit only its step limit counts, and a regex gets the same verdict on every machine.
 */
export const RECHECK_PARAMS = { incubationTimeout: null };

type Recheck = typeof import('recheck');
let recheck: Recheck | null = null;

/** Reject regexes a ReDoS checker finds exponential or polynomial, with the attack it found. */
export function checkSafety(p: CompiledPattern): void {
  recheck ??= createRequire(import.meta.url)('recheck') as Recheck;
  // Sticky patterns are only tried at one position; search patterns at every position.
  const res = recheck.checkSync(p.regex.source, p.search ? '' : 'y', { ...RECHECK_PARAMS, timeout: 10_000 });
  if (res.status === 'vulnerable') {
    const attack = res.attack ? ` (e.g. ${JSON.stringify(res.attack.string.slice(0, 60))}${res.attack.string.length > 60 ? '…' : ''})` : '';
    throw new PatternError(p.file, p.id, `regex can backtrack catastrophically: ${res.complexity.type} time in the input length${attack}; use possessive shapes like [^x]* or anchor it`);
  }
  if (res.status === 'unknown') {
    throw new PatternError(p.file, p.id, `could not prove the regex safe from catastrophic backtracking (${res.error.kind}); simplify it`);
  }
}

/**
 * The shipped YAML (pattern library and incident rules), parsed and validated at build time
 * into dist/<name>.json: parsing the 250 KB pattern library costs about a second per run, the
 * incident rules 90 ms and 8 MB of peak RSS (the yaml library and its document trees), and
 * validating the library with zod another 70–300 ms; reading the JSON a few milliseconds.
 * Used only while every file still has the size and mtime it had at build time; otherwise the
 * YAML is read and validated again. A file that fails validation leaves no cache at all, so
 * the loaders report it from the YAML.
 */
export const SHIPPED_CACHES = { patterns: 'patterns-cache', incidents: 'incidents-cache' } as const;

/** 2: the data is validated (version 1 held the raw YAML data). */
const CACHE_VERSION = 2;

const cachePath = (name: string): string => fileURLToPath(new URL(`../${name}.json`, import.meta.url));

interface CacheFile {
  name: string;
  size: number;
  mtimeMs: number;
  data: unknown;
}

/**
 * Write the cache of a shipped directory's YAML files, each as `validate` returns it (it throws
 * on an invalid file); returns how many files it holds.
 */
export function writeShippedCache(dir: string, name: string, validate: (file: string, data: unknown) => unknown): number {
  const files: CacheFile[] = patternFiles(dir).map((file) => {
    const st = statSync(file);
    return { name: file.slice(dir.length), size: st.size, mtimeMs: st.mtimeMs, data: validate(file, readPatternData(file)) };
  });
  writeFileSync(cachePath(name), JSON.stringify({ version: CACHE_VERSION, files }));
  return files.length;
}

/** The validated files of a shipped directory from its cache, or null when it is missing or stale. */
export function readShippedCache(dir: string, name: string): Array<{ file: string; data: unknown }> | null {
  let cache: { version: number; files: CacheFile[] };
  try {
    cache = JSON.parse(readFileSync(cachePath(name), 'utf8')) as typeof cache;
  } catch {
    return null;
  }
  if (cache.version !== CACHE_VERSION) return null;
  const current = patternFiles(dir);
  if (current.length !== cache.files.length) return null;
  const out: Array<{ file: string; data: unknown }> = [];
  for (const f of cache.files) {
    const file = join(dir, f.name);
    let st;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) return null;
    out.push({ file, data: f.data });
  }
  return out;
}
