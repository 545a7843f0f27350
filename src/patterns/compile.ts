// Turns a validated pattern spec into what the matcher runs: a compiled regex (sticky, or
// global for search patterns), the tag prefixes, the typed capture table, and the literal the
// pre-filter looks for (derived from the regex when the file gives none).
import type { CaptureType, Layer, PatternSpec, Severity } from './schema.js';

export interface CompiledPattern {
  id: string;
  file: string;
  subsystem: string;
  /** SYSLOG_IDENTIFIERs; "*" means any. */
  identifiers: string[];
  /** For "*" patterns: identifiers (or "prefix*") they skip; filled in by the loader. */
  excludedIdentifiers: string[];
  tags: string[] | null;
  regex: RegExp;
  search: boolean;
  /** Text every matching message contains (case as written), or null: always a candidate. */
  literal: string | null;
  captureTypes: Record<string, CaptureType>;
  /** The regex's named groups, in source order. */
  groups: string[];
  severity: Severity;
  category: string;
  action: string;
  layer: Layer;
  summary: string;
  supersedes: string[];
  spec: PatternSpec;
}

export class PatternError extends Error {
  constructor(
    readonly file: string,
    readonly patternId: string | null,
    readonly reason: string,
  ) {
    super(`${file}${patternId ? `: pattern ${patternId}` : ''}: ${reason}`);
  }
}

export function compilePattern(spec: PatternSpec, file: string, subsystem: string, fileIdentifiers: string[] | undefined): CompiledPattern {
  const identifiers = spec.identifiers ?? fileIdentifiers;
  if (!identifiers) throw new PatternError(file, spec.id, 'no identifiers (set them on the pattern or the file)');
  // The match is anchored by the sticky flag; a leading ^ would pin it to offset 0 instead.
  const source = spec.regex.startsWith('^') ? spec.regex.slice(1) : spec.regex;
  let regex: RegExp;
  try {
    regex = new RegExp(source, (spec.search ? 'g' : 'y') + (spec.ignore_case ? 'i' : ''));
  } catch (e) {
    throw new PatternError(file, spec.id, `bad regex: ${(e as Error).message}`);
  }
  const groups = namedGroups(source);
  const captureTypes: Record<string, CaptureType> = {};
  for (const name of groups) captureTypes[name] = spec.captures?.[name] ?? 'string';
  for (const name of Object.keys(spec.captures ?? {})) {
    if (!groups.has(name)) throw new PatternError(file, spec.id, `capture "${name}" is not a named group of the regex`);
  }
  for (const m of spec.summary.matchAll(/\{(\w+)\}/g)) {
    if (!groups.has(m[1]!)) throw new PatternError(file, spec.id, `summary refers to {${m[1]}}, which is not a named group`);
  }
  let literal: string | null = spec.literal ?? null;
  if (literal === null && !spec.ignore_case) literal = requiredLiteral(source);
  if (literal !== null && spec.ignore_case) literal = null;
  const tags = spec.tag === undefined ? null : Array.isArray(spec.tag) ? spec.tag : [spec.tag];
  return {
    id: spec.id,
    file,
    subsystem,
    identifiers,
    excludedIdentifiers: [],
    tags,
    regex,
    search: spec.search ?? false,
    literal,
    captureTypes,
    groups: [...groups],
    severity: spec.severity,
    category: spec.category,
    action: spec.action,
    layer: spec.layer,
    summary: spec.summary,
    supersedes: spec.supersedes ?? [],
    spec,
  };
}

function namedGroups(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) names.add(m[1]!);
  return names;
}

/**
 * The longest run of literal text that every match must contain: text at the top level of the
 * regex (not inside a group, which may be optional), not made optional by a quantifier. None if
 * the regex has a top-level alternation.
 */
export function requiredLiteral(source: string): string | null {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  let i = 0;
  const end = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[dDsSwWbBpPuxck0-9]/.test(n)) {
        end();
        i += 2;
        continue;
      }
      if (depth === 0) {
        const esc = n === 't' ? '\t' : n === 'n' ? '\n' : n;
        const q = source[i + 2];
        if (q === '?' || q === '*' || q === '{') end();
        else run += esc;
      }
      i += 2;
      continue;
    }
    if (c === '[') {
      end();
      // skip the character class
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      end();
      depth--;
      i++;
      continue;
    }
    if (c === '|') {
      if (depth === 0) return null;
      i++;
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      end();
      i++;
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      // the previous char is optional (or repeated from zero): drop it from the run
      if (depth === 0 && run) run = run.slice(0, -1);
      end();
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      i++;
      continue;
    }
    if (c === '+') {
      end();
      i++;
      continue;
    }
    if (depth === 0) run += c;
    i++;
  }
  end();
  const best = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  return best.length >= 4 ? best : null;
}
