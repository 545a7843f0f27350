// Line-case fixtures for coverage tests: "# <case> <rule-id|-> [<captures-json>] [@<source>]"
// followed by one log line ("##" lines are comments). The lines go through the real ingest as
// one pasted input and each record through the shipped pattern library.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/match/matcher.js';
import type { MatchEvent } from '../../src/model.js';
import { loadPatterns } from '../../src/patterns/load.js';
import { collectBytes } from '../helpers.js';

const matcher = new Matcher(loadPatterns([]));

export interface Case {
  id: string;
  /** The one rule the line must yield, or null for "no event". */
  rule: string | null;
  captures: Record<string, unknown>;
  /** Where the line was copied from (a seed document), if the fixture says. */
  source: string | null;
  line: string;
  /** Line number of the log line in the fixture. */
  at: number;
}

export function readCases(file: string): Case[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const cases: Case[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '' || l.startsWith('##')) continue;
    const m = /^# (\S+) (\S+)(?: (\{.*\}))?(?: @(\S+))?$/.exec(l);
    if (!m) throw new Error(`${file}:${i + 1}: neither a case header nor a ## comment: ${l}`);
    const line = lines[i + 1];
    if (line === undefined || line === '' || line.startsWith('#')) throw new Error(`${file}:${i + 1}: case ${m[1]} has no log line`);
    cases.push({ id: m[1]!, rule: m[2] === '-' ? null : m[2]!, captures: m[3] ? JSON.parse(m[3]) : {}, source: m[4] ?? null, line, at: i + 2 });
    i++;
  }
  return cases;
}

/**
 * Events per case: all log lines as one input, like a paste of them. (Alone, a task-log line
 * without stamp and identifier is refused: a file made only of such lines is "not-a-log".)
 */
export async function eventsByCase(cs: Case[]): Promise<Map<string, MatchEvent[]>> {
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
export function expectRight(c: Case, events: MatchEvent[]): void {
  const got = events.map((e) => e.ruleId);
  const where = c.source ? `${c.source}, fixture line ${c.at}` : `fixture line ${c.at}`;
  if (c.rule === null) {
    expect(got, `case ${c.id} (${where}): no event expected`).toEqual([]);
    return;
  }
  expect(got, `case ${c.id} (${where})`).toEqual([c.rule]);
  expect(events[0]!.partial, `case ${c.id}: a capture did not fit its type`).toBe(false);
  expect(events[0]!.captures, `case ${c.id}: captures`).toMatchObject(c.captures);
}

/** Lines that do not yield their event yet, with what they yield instead. */
export type KnownGaps = Record<string, { now: string[]; why: string }>;

/**
 * Each known gap is asserted to behave exactly as described, so the test fails (and the entry
 * must go) once a pattern handles the line. No suite at all when there are no gaps left.
 */
export function describeKnownGaps(title: string, gaps: KnownGaps, cases: () => Case[], events: () => Map<string, MatchEvent[]>): void {
  describe.runIf(Object.keys(gaps).length > 0)(title, () => {
    for (const [id, gap] of Object.entries(gaps)) {
      it(`${id}: ${gap.why}`, () => {
        const c = cases().find((x) => x.id === id);
        expect(c, `known gap ${id} is not a case of the fixture`).toBeDefined();
        const evs = events().get(id)!;
        expect(evs.map((e) => e.ruleId), `known gap ${id} now behaves differently`).toEqual(gap.now);
        expect(() => expectRight(c!, evs), `known gap ${id} yields the right event now`).toThrow();
      });
    }
  });
}
