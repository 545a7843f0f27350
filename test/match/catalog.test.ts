import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Matcher } from '../../src/match/matcher.js';
import type { MatchEvent } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { collectBytes, FIXTURES } from '../helpers.js';

// "Every catalog summary-table message … yields the right event with the right captures."
// test/fixtures/catalog/summary-lines.txt holds a realistic log line for every row (1-60) of the
// summary table in the message catalog (section 2), and the old and new wording of every row of
// its section 12; the comment above each line names the rule and the typed captures expected.
// The log lines go through the real ingest as one pasted input (their order kept, comments left
// out), and each record through the shipped library.

const FILE = join(FIXTURES, 'catalog', 'summary-lines.txt');
const matcher = new Matcher(loadPatterns([]));

interface Case {
  id: string;
  /** The one rule the line must yield, or null for "no event". */
  rule: string | null;
  captures: Record<string, unknown>;
  line: string;
  /** Line number of the log line in the fixture. */
  at: number;
}

/** "# <case> <rule-id|-> [<captures-json>] [@<source>]", then the log line; "##" lines are comments. */
function readCases(file: string): Case[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const cases: Case[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '' || l.startsWith('##')) continue;
    const m = /^# (\S+) (\S+)(?: (\{.*\}))?(?: @(\S+))?$/.exec(l);
    if (!m) throw new Error(`${file}:${i + 1}: neither a case header nor a ## comment: ${l}`);
    const line = lines[i + 1];
    if (line === undefined || line === '' || line.startsWith('#')) throw new Error(`${file}:${i + 1}: case ${m[1]} has no log line`);
    cases.push({ id: m[1]!, rule: m[2] === '-' ? null : m[2]!, captures: m[3] ? JSON.parse(m[3]) : {}, line, at: i + 2 });
    i++;
  }
  return cases;
}

/**
 * Events per case: all log lines as one input, like a paste of them. (Alone, a task-log line
 * without stamp and identifier is refused: a file made only of such lines is "not-a-log".)
 */
async function eventsByCase(cs: Case[]): Promise<Map<string, MatchEvent[]>> {
  const { records, diag } = await collectBytes(cs.map((c) => c.line).join('\n') + '\n', { year: 2025, tz: 'Europe/Berlin' });
  expect(diag.collected).toEqual([]);
  expect(records.map((r) => r.line), 'one record per log line').toEqual(cs.map((_, i) => i + 1));
  const byCase = new Map<string, MatchEvent[]>();
  records.forEach((r, i) => {
    const out: MatchEvent[] = [];
    matcher.match(r, out);
    byCase.set(cs[i]!.id, out);
  });
  return byCase;
}

/** Throws unless the events are exactly the case's expectation. */
function expectRight(c: Case, events: MatchEvent[]): void {
  const got = events.map((e) => e.ruleId);
  if (c.rule === null) {
    expect(got, `case ${c.id}: no event expected`).toEqual([]);
    return;
  }
  expect(got, `case ${c.id} (fixture line ${c.at})`).toEqual([c.rule]);
  expect(events[0]!.partial, `case ${c.id}: a capture did not fit its type`).toBe(false);
  expect(events[0]!.captures, `case ${c.id}: captures`).toMatchObject(c.captures);
}

// Catalog lines that do not yield their event yet, with what happens instead. Each is asserted to
// behave exactly as described, so the test fails (and the entry must go) once a pattern is fixed.
//
// pmxcfs with debug logging on (`echo 1 > /etc/pve/.debug`, the "verbose syslog" switch the
// pmxcfs man page documents) logs with the libqb format "[%g] %p: %b (%f:%l:%n)" instead of
// "[%g] %p: %b" (pve-cluster src/pmxcfs/pmxcfs.c update_qb_log_settings), so every message gets
// a " (file.c:line:function)" suffix. All pmxcfs patterns of rows 23-39 are anchored at the end
// of the message and yield nothing for these lines: a node debugging exactly the quorum and CPG
// trouble these rows describe loses all of its pmxcfs events.
// Empty since the pmxcfs patterns accept the debug-mode " (file.c:line:function)" suffix.
const KNOWN_GAPS: Record<string, { now: string[]; why: string }> = {};

const cases = readCases(FILE);
let events: Map<string, MatchEvent[]>;
beforeAll(async () => {
  events = await eventsByCase(cases);
});

describe('message catalog: every summary-table row and every section-12 wording yields the right event', () => {
  for (const c of cases) {
    if (c.id in KNOWN_GAPS) continue;
    it(`${c.id}: ${c.rule ?? 'no event'}`, () => {
      expectRight(c, events.get(c.id)!);
    });
  }
});

// (describe.runIf: an empty suite would fail when there are no gaps left.)
describe.runIf(Object.keys(KNOWN_GAPS).length > 0)('message catalog: known gaps (move a case out of KNOWN_GAPS when its pattern is fixed)', () => {
  for (const [id, gap] of Object.entries(KNOWN_GAPS)) {
    it(`${id}: ${gap.why}`, () => {
      const c = cases.find((x) => x.id === id);
      expect(c, `known gap ${id} is not a case of the fixture`).toBeDefined();
      const evs = events.get(id)!;
      expect(evs.map((e) => e.ruleId), `known gap ${id} now behaves differently`).toEqual(gap.now);
      expect(() => expectRight(c!, evs), `known gap ${id} yields the right event now`).toThrow();
    });
  }
});

describe('message catalog fixture', () => {
  it('has unique case ids', () => {
    const ids = cases.map((c) => c.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('covers every summary-table row 1-60 with at least one line that yields its event', () => {
    const rows = new Set(cases.filter((c) => !(c.id in KNOWN_GAPS) && /^\d/.test(c.id)).map((c) => Number(/^\d+/.exec(c.id)![0])));
    const missing = Array.from({ length: 60 }, (_, i) => i + 1).filter((r) => !rows.has(r));
    expect(missing).toEqual([]);
  });

  it('covers every row 1-29 of the section-12 table of wording changes', () => {
    const rows = new Set(cases.filter((c) => c.id.startsWith('v12.')).map((c) => Number(/^v12\.(\d+)/.exec(c.id)![1])));
    const missing = Array.from({ length: 29 }, (_, i) => i + 1).filter((r) => !rows.has(r));
    expect(missing).toEqual([]);
  });

  it('keeps task-log lines (no stamp, no identifier) whole, untimed, with identifier null', () => {
    const task = cases.filter((c) => c.line.startsWith('TASK ERROR: '));
    expect(task.length).toBeGreaterThan(10);
    for (const c of task) expect(events.get(c.id)![0]!.record, c.id).toMatchObject({ ts: null, ident: null, message: c.line });
  });

  it('expects an event on every catalog line', () => {
    expect(cases.filter((c) => c.rule === null).map((c) => c.id)).toEqual([]);
  });
});
