// Record → events. Never tries every regex on every line: patterns are bucketed by identifier,
// one automaton pass over the message finds which of the literals the patterns require occur,
// and only the bucket's patterns whose literal occurs run their own regex.
import { RecordFlag, type LogRecord, type MatchEvent } from '../model.js';
import type { MessageFilter } from '../ingest/parser.js';
import type { CompiledPattern } from '../patterns/compile.js';
import { annotate, typeCapture, type CaptureValue } from './captures.js';
import type { CsError } from './cs-error.js';
import { LiteralAutomaton } from './literals.js';
import { own } from '../strings.js';

/** Messages are matched on their first 64 KiB: enough for any real log line, bounded for a 1 MB one. */
export const MATCH_WINDOW = 64 * 1024;

/** The patterns that apply to one identifier. */
interface Bucket {
  /** Per literal id: this bucket's patterns that require that literal, or undefined. */
  byLiteral: Array<CompiledPattern[] | undefined>;
  /** Does any of the bucket's patterns have a literal (else the scan is skipped)? */
  scan: boolean;
  /** Patterns without a usable literal: always candidates (the pattern tests keep this small). */
  always: CompiledPattern[];
}

/** Distinct identifiers remembered; past this, unknown ones are resolved per record. */
const IDENT_CACHE_LIMIT = 4096;

export class Matcher {
  private readonly automaton: LiteralAutomaton;
  private readonly literalId = new Map<string, number>();
  /** Library order, so a record's events come out in the order the library lists them. */
  private readonly index = new Map<CompiledPattern, number>();
  private readonly star: CompiledPattern[];
  private readonly explicit = new Map<string, CompiledPattern[]>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly starBucket: Bucket;
  private readonly emptyBucket: Bucket;
  private readonly supersedes = new Map<string, string[]>();

  constructor(readonly patterns: CompiledPattern[]) {
    patterns.forEach((p, i) => this.index.set(p, i));
    for (const p of patterns) if (p.literal !== null && !this.literalId.has(p.literal)) this.literalId.set(p.literal, this.literalId.size);
    this.automaton = new LiteralAutomaton([...this.literalId.keys()]);
    this.star = patterns.filter((p) => p.identifiers.includes('*'));
    for (const p of patterns) {
      for (const ident of p.identifiers) {
        if (ident === '*') continue;
        const list = this.explicit.get(ident) ?? [];
        list.push(p);
        this.explicit.set(ident, list);
      }
    }
    this.starBucket = this.makeBucket(this.star);
    this.emptyBucket = this.makeBucket([]);
    for (const ident of this.explicit.keys()) this.buckets.set(ident, this.resolve(ident));
    for (const p of patterns) if (p.supersedes.length) this.supersedes.set(p.id, p.supersedes);
  }

  private makeBucket(patterns: CompiledPattern[]): Bucket {
    const byLiteral: Array<CompiledPattern[] | undefined> = new Array(this.literalId.size).fill(undefined);
    const always: CompiledPattern[] = [];
    for (const p of [...patterns].sort((a, b) => this.index.get(a)! - this.index.get(b)!)) {
      if (p.literal === null) always.push(p);
      else (byLiteral[this.literalId.get(p.literal)!] ??= []).push(p);
    }
    return { byLiteral, scan: patterns.some((p) => p.literal !== null), always };
  }

  /** The bucket for an identifier: its own patterns plus the "*" ones that do not skip it. */
  private resolve(ident: string | null): Bucket {
    if (ident === null) return this.starBucket;
    const star = this.star.filter((p) => !skips(p, ident));
    const own = this.explicit.get(ident);
    if (!own) return star.length === this.star.length ? this.starBucket : star.length === 0 ? this.emptyBucket : this.makeBucket(star);
    return this.makeBucket([...own, ...star.filter((p) => !own.includes(p))]);
  }

  private bucketFor(ident: string | null): Bucket {
    if (ident === null) return this.starBucket;
    let bucket = this.buckets.get(ident);
    if (bucket === undefined) {
      bucket = this.resolve(ident);
      if (this.buckets.size < IDENT_CACHE_LIMIT) this.buckets.set(own(ident), bucket);
    }
    return bucket;
  }

  /**
   * A test the text parser can run on a line's message bytes before it builds a record: false
   * means no pattern can match, so the record can be an `unmatched` stub. Null when some pattern
   * has no literal (ignore_case, or a user pattern without fixed text): then every record is a
   * candidate and nothing can be skipped.
   */
  messageFilter(): MessageFilter | null {
    if (this.patterns.some((p) => p.literal === null)) return null;
    const automaton = this.automaton;
    return {
      bytes: (bytes, start, end) => automaton.occursIn(bytes, start, end),
      text: (message) => automaton.occursInText(message),
    };
  }

  /** Events for one record (usually none). */
  match(record: LogRecord, out: MatchEvent[]): void {
    // The parser already found that no literal occurs in this record's message.
    if ((record.flags & RecordFlag.unmatched) !== 0) return;
    const first = out.length;
    this.matchAll(record, out);
    // A specific pattern can supersede a general one that matches the same line.
    if (out.length - first > 1) {
      const dropped = new Set<string>();
      for (let i = first; i < out.length; i++) for (const id of this.supersedes.get(out[i]!.ruleId) ?? []) dropped.add(id);
      if (dropped.size) {
        const kept = out.splice(first).filter((e) => !dropped.has(e.ruleId));
        out.push(...kept);
      }
    }
  }

  private matchAll(record: LogRecord, out: MatchEvent[]): void {
    const bucket = this.bucketFor(record.ident);
    const message = record.message;
    const length = message.length > MATCH_WINDOW ? MATCH_WINDOW : message.length;
    for (const p of bucket.always) {
      const ev = applyPattern(p, record, message, length);
      if (ev) out.push(ev);
    }
    if (!bucket.scan) return;
    const found = this.automaton.scan(message, length);
    if (found === null) return;
    // Some literal occurs: run only the patterns of this bucket that need one that does.
    let candidates: CompiledPattern[] | null = null;
    let merged = false;
    for (const id of found) {
      const list = bucket.byLiteral[id];
      if (list === undefined || list === candidates) continue;
      if (candidates === null) candidates = list;
      else {
        if (!merged) {
          candidates = [...candidates];
          merged = true;
        }
        for (const p of list) if (!candidates.includes(p)) candidates.push(p);
      }
    }
    if (candidates === null) return;
    if (merged) candidates.sort((a, b) => this.index.get(a)! - this.index.get(b)!);
    for (const p of candidates) {
      const ev = applyPattern(p, record, message, length);
      if (ev) out.push(ev);
    }
  }
}

/** Does a "*" pattern skip this identifier? */
function skips(p: CompiledPattern, ident: string): boolean {
  for (const x of p.excludedIdentifiers) {
    if (x.endsWith('*') ? ident.startsWith(x.slice(0, -1)) : ident === x) return true;
  }
  return false;
}

/** Where the text after the pattern's tag starts, or -1 if the message lacks the tag. */
function afterTag(p: CompiledPattern, message: string): number {
  let s = 0;
  while (s < message.length && (message.charCodeAt(s) === 32 || message.charCodeAt(s) === 9)) s++;
  if (p.tags === null) return s;
  if (message.charCodeAt(s) !== 91) return -1;
  for (const tag of p.tags) {
    if (!message.startsWith(tag, s + 1)) continue;
    let q = s + 1 + tag.length;
    while (message.charCodeAt(q) === 32) q++;
    if (message.charCodeAt(q) !== 93) continue;
    q++;
    if (message.charCodeAt(q) === 32) q++;
    return q;
  }
  return -1;
}

/** Run the pattern's regex on a message (after its tag, within `length`); the raw match or null. */
export function execPattern(p: CompiledPattern, message: string, length = message.length): RegExpExecArray | null {
  const text = length < message.length ? message.slice(0, length) : message;
  const start = afterTag(p, text);
  if (start < 0) return null;
  p.regex.lastIndex = start;
  return p.regex.exec(text);
}

export function applyPattern(p: CompiledPattern, record: LogRecord, message: string, length = message.length): MatchEvent | null {
  const m = execPattern(p, message, length);
  if (!m) return null;
  const captures: Record<string, CaptureValue> = {};
  let partial = false;
  const groups = m.groups;
  if (groups !== undefined) {
    for (const name of p.groups) {
      const text = groups[name];
      if (text === undefined) continue;
      const value = typeCapture(p.captureTypes[name]!, text);
      if (value === undefined) partial = true;
      else captures[name] = value;
    }
  }
  return new PatternEvent(record, p, groups, captures, partial, length < message.length ? message.slice(0, length) : message);
}

/**
 * An event. What only output needs (the summary text, the annotations, the storm fingerprint) is
 * worked out when first asked for: counting or filtering events does not pay for it.
 */
class PatternEvent implements MatchEvent {
  private summaryText: string | undefined;
  private annotationsValue: Record<string, unknown> | undefined;
  private fingerprintText: string | undefined;

  constructor(
    readonly record: LogRecord,
    private readonly pattern: CompiledPattern,
    private readonly groups: Record<string, string | undefined> | undefined,
    readonly captures: Record<string, CaptureValue>,
    readonly partial: boolean,
    private readonly message: string,
  ) {}

  get ruleId(): string {
    return this.pattern.id;
  }
  get ruleset(): string {
    return this.pattern.subsystem;
  }
  get severity(): CompiledPattern['severity'] {
    return this.pattern.severity;
  }
  get category(): string {
    return this.pattern.category;
  }
  get action(): string {
    return this.pattern.action;
  }
  get layer(): string {
    return this.pattern.layer;
  }
  get summary(): string {
    return (this.summaryText ??= renderSummary(this.pattern, this.groups ?? {}, this.captures));
  }
  get annotations(): Record<string, unknown> {
    return (this.annotationsValue ??= annotate(this.pattern.captureTypes, this.captures, this.message) as Record<string, unknown>);
  }
  get fingerprint(): string {
    return (this.fingerprintText ??= fingerprintKey(this.pattern, this.record.host, this.groups));
  }

  /** The same event on its own copies of the strings, to keep past its input block (see own()). */
  owned(record: LogRecord): PatternEvent {
    let groups: Record<string, string | undefined> | undefined;
    if (this.groups !== undefined) {
      groups = {};
      for (const [k, v] of Object.entries(this.groups)) groups[k] = v === undefined ? v : own(v);
    }
    const ev = new PatternEvent(record, this.pattern, groups, structuredClone(this.captures), this.partial, own(this.message));
    ev.summaryText = this.summaryText === undefined ? undefined : own(this.summaryText);
    ev.fingerprintText = this.fingerprintText === undefined ? undefined : own(this.fingerprintText);
    return ev;
  }
}

/** A record whose strings are its own (see own()). */
export function ownedRecord(r: LogRecord): LogRecord {
  return {
    ...r,
    host: r.host === null ? null : own(r.host),
    ident: r.ident === null ? null : own(r.ident),
    unit: r.unit === null ? null : own(r.unit),
    bootId: r.bootId === null ? null : own(r.bootId),
    message: own(r.message),
    cursor: r.cursor === null ? null : own(r.cursor),
  };
}

/**
 * An event that can be kept (a correlator's window of recent events) without keeping the input
 * block its strings were cut from. Events of other origins are returned as they are.
 */
export function ownedEvent(ev: MatchEvent, record: LogRecord): MatchEvent {
  return ev instanceof PatternEvent ? ev.owned(record) : ev;
}

/** Fill {name} placeholders; a cs_error code reads better with its name beside it (and back). */
function renderSummary(p: CompiledPattern, groups: Record<string, string | undefined>, captures: Record<string, CaptureValue>): string {
  return p.summary.replace(/\{(\w+)\}/g, (_, name: string) => {
    const raw = (groups[name] ?? '').trim();
    if (!raw) return '?';
    const value = captures[name];
    if (p.captureTypes[name] === 'cs_error' && value !== undefined) {
      const e = value as CsError;
      return /^\d+$/.test(raw) ? `${raw} (${e.name})` : `${raw} (${e.code})`;
    }
    return raw;
  });
}

/**
 * Same rule, host and captured text → same key: what a storm of identical lines shares. Kept as
 * plain text here (cheap for every event); sinks shorten it with fingerprintHash().
 */
function fingerprintKey(p: CompiledPattern, host: string | null, groups: Record<string, string | undefined> | undefined): string {
  let key = `${p.id}\u0000${host ?? ''}`;
  if (groups) for (const name of p.groups) key += `\u0000${groups[name] ?? ''}`;
  return key;
}

/** FNV-1a in two 32-bit lanes: a short stable id for a fingerprint key. */
export function fingerprintHash(key: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
