import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchEvent } from '../../src/model.js';
import { FIXTURES } from '../helpers.js';
import { describeKnownGaps, eventsByCase, expectRight, readCases, type KnownGaps } from './line-cases.js';

// "Every catalog summary-table message … yields the right event with the right captures."
// test/fixtures/catalog/summary-lines.txt holds a realistic log line for every row (1-60) of the
// summary table in the message catalog (section 2), and the old and new wording of every row of
// its section 12; the comment above each line names the rule and the typed captures expected.
// The log lines go through the real ingest as one pasted input (their order kept, comments left
// out), and each record through the shipped library.

const FILE = join(FIXTURES, 'catalog', 'summary-lines.txt');
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
const KNOWN_GAPS: KnownGaps = {};

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

describeKnownGaps(
  'message catalog: known gaps (move a case out of KNOWN_GAPS when its pattern is fixed)',
  KNOWN_GAPS,
  () => cases,
  () => events,
);

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
