import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchEvent } from '../../src/model.js';
import { FIXTURES } from '../helpers.js';
import { describeKnownGaps, eventsByCase, expectRight, readCases, type KnownGaps } from './line-cases.js';

// "… every seed message … yields the right event with the right captures." The seed documents
// (Ukrainian, Russian, Japanese and English articles about Proxmox/Ceph trouble) quote log lines;
// test/fixtures/seeds/seed-lines.txt holds every one of them, copied as quoted, with the seed it
// came from and the event it must yield ("-": none, for the noise lines of an excerpt). The lines
// go through the real ingest as one pasted input, and each record through the shipped library.

const FILE = join(FIXTURES, 'seeds', 'seed-lines.txt');
// Seed lines that do not yield their event yet, with what happens instead. Each is asserted to
// behave exactly as described, so the test fails (and the entry must go) once a pattern exists.
// Empty since ceph.rbd.create_failed covers seed 000's bare `rbd: create error: (13) …`.
const KNOWN_GAPS: KnownGaps = {};

const SEEDS: Record<string, number> = {
  '000_9011ee386d58ad85.txt': 5,
  '001_2bd87300fc635f04.txt': 152,
  '002_661858344a0ee4dc.txt': 11,
};

const cases = readCases(FILE);
let events: Map<string, MatchEvent[]>;
beforeAll(async () => {
  events = await eventsByCase(cases);
});

describe('seed documents: every quoted log line yields the right event (or none, for noise)', () => {
  for (const c of cases) {
    if (c.id in KNOWN_GAPS) continue;
    it(`${c.id}: ${c.rule ?? 'no event'}`, () => {
      expectRight(c, events.get(c.id)!);
    });
  }
});

describeKnownGaps(
  'seed documents: known gaps (move a case out of KNOWN_GAPS when its pattern exists)',
  KNOWN_GAPS,
  () => cases,
  () => events,
);

describe('seed fixture', () => {
  it('has unique case ids, each naming its seed document', () => {
    const ids = cases.map((c) => c.id);
    expect(ids.length).toBe(new Set(ids).size);
    for (const c of cases) expect(c.id.slice(0, 4), c.id).toBe(`${c.source?.slice(0, 3)}-`);
  });

  it('holds every quoted log line of the seeds that quote any (003 and 004 quote none)', () => {
    const perSeed: Record<string, number> = {};
    for (const c of cases) perSeed[c.source!] = (perSeed[c.source!] ?? 0) + 1;
    expect(perSeed).toEqual(SEEDS);
  });

  it('the quorum-flap excerpt of seed 001: 15 noise lines, every other line an event', () => {
    const flap = cases.filter((c) => c.source === '001_2bd87300fc635f04.txt');
    expect(flap.filter((c) => c.rule === null).map((c) => c.id)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18, 19, 135].map((n) => `001-${n}`),
    );
    // The 28 identical cpg_send_message lines share one fingerprint (a later stage collapses them).
    const storm = flap.flatMap((c) => events.get(c.id)!).filter((e) => e.ruleId === 'pmxcfs.cpg_send_message_failed');
    expect(storm).toHaveLength(28);
    expect(new Set(storm.map((e) => e.fingerprint)).size).toBe(1);
  });
});
