import { afterEach, describe, expect, it, vi } from 'vitest';
import { YearTracker } from '../../src/time/year.js';
import { Zone } from '../../src/time/zone.js';

const JAN = 0;
const FEB = 1;
const MAR = 2;
const JUN = 5;
const SEP = 8;
const NOV = 10;
const DEC = 11;

const ref = (y: number, mo: number, d = 15): number => Date.UTC(y, mo, d, 12);

describe('YearTracker: the first record', () => {
  it('takes an explicit year as given, whatever the reference says', () => {
    const t = new YearTracker({ explicitYear: 2020, referenceMs: ref(2024, JAN) });
    expect(t.source).toBe('explicit');
    expect(t.yearFor(DEC)).toBe(2020);
  });

  it('prefers an explicit year over a header hint', () => {
    const t = new YearTracker({ explicitYear: 2020, referenceMs: ref(2024, JAN) });
    t.hintYear(2023);
    expect(t.source).toBe('explicit');
    expect(t.yearFor(NOV)).toBe(2020);
  });

  it('takes the year from a header hint that arrives before the first record', () => {
    const t = new YearTracker({ referenceMs: ref(2026, MAR) });
    expect(t.source).toBe('reference');
    t.hintYear(2023);
    expect(t.source).toBe('header');
    expect(t.yearFor(NOV)).toBe(2023);
  });

  it('keeps the first header hint when several arrive', () => {
    const t = new YearTracker({ referenceMs: ref(2026, MAR) });
    t.hintYear(2022);
    t.hintYear(2023);
    expect(t.yearFor(NOV)).toBe(2022);
  });

  it('ignores a header hint that arrives after the first record', () => {
    const t = new YearTracker({ referenceMs: ref(2024, JUN) });
    expect(t.yearFor(MAR)).toBe(2024);
    t.hintYear(2019);
    expect(t.source).toBe('reference');
    expect(t.yearFor(MAR)).toBe(2024);
  });

  it("gives the reference's year when the first month is not after the reference's month", () => {
    expect(new YearTracker({ referenceMs: ref(2024, JUN) }).yearFor(MAR)).toBe(2024);
    expect(new YearTracker({ referenceMs: ref(2024, JUN) }).yearFor(JUN)).toBe(2024);
    expect(new YearTracker({ referenceMs: ref(2024, JAN) }).yearFor(JAN)).toBe(2024);
  });

  it('gives the year before when a file written in January starts in December', () => {
    const t = new YearTracker({ referenceMs: ref(2024, JAN, 3) });
    expect(t.source).toBe('reference');
    expect(t.yearFor(DEC)).toBe(2023);
    expect(t.yearFor(JAN)).toBe(2024);
  });

  it('reads the reference date in the given zone, not in UTC', () => {
    // 2023-12-31T23:30Z is already 2024-01-01 in Berlin.
    const at = Date.UTC(2023, DEC, 31, 23, 30);
    expect(new YearTracker({ referenceMs: at, zone: Zone.resolve('Europe/Berlin') }).yearFor(JAN)).toBe(2024);
    expect(new YearTracker({ referenceMs: at }).yearFor(JAN)).toBe(2023);
  });

  describe('without a reference', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('uses the current time', () => {
      vi.useFakeTimers();
      vi.setSystemTime(ref(2031, MAR));
      expect(new YearTracker({}).yearFor(FEB)).toBe(2031);
      expect(new YearTracker({}).yearFor(SEP)).toBe(2030);
    });
  });
});

describe('YearTracker: later records', () => {
  it('rolls over to the next year when December is followed by January', () => {
    const t = new YearTracker({ explicitYear: 2023 });
    expect([NOV, DEC, DEC, JAN, JAN, FEB].map((m) => t.yearFor(m))).toEqual([
      2023, 2023, 2023, 2024, 2024, 2024,
    ]);
  });

  it('rolls over on any backwards jump of more than six months (a quiet December)', () => {
    const t = new YearTracker({ explicitYear: 2023 });
    expect([SEP, NOV, FEB].map((m) => t.yearFor(m))).toEqual([2023, 2023, 2024]);
  });

  it('rolls over once per New Year over a long log', () => {
    const t = new YearTracker({ explicitYear: 2021 });
    const months = [JAN, MAR, JUN, SEP, DEC, JAN, JUN, DEC, JAN];
    expect(months.map((m) => t.yearFor(m))).toEqual([
      2021, 2021, 2021, 2021, 2021, 2022, 2022, 2022, 2023,
    ]);
  });

  it('keeps the year when a record steps slightly back across a month boundary', () => {
    const t = new YearTracker({ explicitYear: 2023 });
    expect([MAR, FEB, MAR, MAR].map((m) => t.yearFor(m))).toEqual([2023, 2023, 2023, 2023]);
  });

  it('dates a late December record after New Year to the old year without moving on', () => {
    const t = new YearTracker({ explicitYear: 2023 });
    // Jan 1 00:00:01, then a record stamped Dec 31 23:59:59 by its source, then January again.
    expect([DEC, JAN, DEC, JAN, FEB].map((m) => t.yearFor(m))).toEqual([
      2023, 2024, 2023, 2024, 2024,
    ]);
  });

  it('keeps the year for a run of equal months', () => {
    const t = new YearTracker({ explicitYear: 1999 });
    for (let i = 0; i < 1000; i++) expect(t.yearFor(JUN)).toBe(1999);
  });

  it('treats a forward step of up to six months as the same year', () => {
    const t = new YearTracker({ explicitYear: 2023 });
    expect([JAN, JUN + 1].map((m) => t.yearFor(m))).toEqual([2023, 2023]);
  });
});
