import { describe, expect, it } from 'vitest';
import { TimeContext, createTimeContext } from '../../src/time/context.js';
import { YearTracker } from '../../src/time/year.js';
import { Zone, ZoneError } from '../../src/time/zone.js';

describe('TimeContext', () => {
  it('converts "Nov 14 23:13:20" in Europe/Berlin with year 2023 to 1700000000 s', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2023 });
    expect(ctx.yearlessToMicros(10, 14, 23, 13, 20, 0)).toBe(1_700_000_000_000_000);
  });

  it('adds the microseconds of short-precise stamps', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2023 });
    expect(ctx.yearlessToMicros(10, 14, 23, 13, 20, 123_456)).toBe(1_700_000_000_123_456);
  });

  it('converts full wall-clock dates in its zone', () => {
    const ctx = createTimeContext({ tz: 'America/New_York' });
    expect(ctx.wallToMicros(2023, 10, 14, 17, 13, 20, 7)).toBe(1_700_000_000_000_007);
    const utcCtx = createTimeContext({ tz: 'UTC' });
    expect(utcCtx.wallToMicros(2023, 10, 14, 22, 13, 20, 0)).toBe(1_700_000_000_000_000);
  });

  it('carries the year over New Year for yearless stamps', () => {
    const ctx = createTimeContext({ tz: 'UTC', year: 2023 });
    const before = ctx.yearlessToMicros(11, 31, 23, 59, 59, 0);
    const after = ctx.yearlessToMicros(0, 1, 0, 0, 0, 0);
    expect(after - before).toBe(1_000_000);
    expect(after).toBe(Date.UTC(2024, 0, 1) * 1000);
  });

  it('takes the year from the reference time (the file mtime) when none is given', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', referenceMs: Date.UTC(2024, 0, 2) });
    expect(ctx.years.source).toBe('reference');
    expect(ctx.yearlessToMicros(11, 31, 12, 0, 0, 0)).toBe(Date.UTC(2023, 11, 31, 11) * 1000);
  });

  it('uses a header year hint given through its tracker', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', referenceMs: Date.UTC(2026, 5, 1) });
    ctx.years.hintYear(2023);
    expect(ctx.yearlessToMicros(10, 14, 23, 13, 20, 0)).toBe(1_700_000_000_000_000);
  });

  it('applies DST per record, with the first occurrence in the autumn overlap', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2024 });
    expect(ctx.yearlessToMicros(9, 27, 1, 59, 59, 0)).toBe(Date.UTC(2024, 9, 26, 23, 59, 59) * 1000);
    expect(ctx.yearlessToMicros(9, 27, 2, 30, 0, 0)).toBe(Date.UTC(2024, 9, 27, 0, 30) * 1000);
    expect(ctx.yearlessToMicros(9, 27, 3, 0, 0, 0)).toBe(Date.UTC(2024, 9, 27, 2) * 1000);
  });

  it('exposes the zone and tracker it was built from', () => {
    const zone = Zone.resolve('Australia/Sydney');
    const years = new YearTracker({ explicitYear: 2024 });
    const ctx = new TimeContext(zone, years);
    expect(ctx.zone).toBe(zone);
    expect(ctx.years).toBe(years);
    expect(ctx.yearlessToMicros(0, 15, 12, 0, 0, 0)).toBe(Date.UTC(2024, 0, 15, 1) * 1000);
  });

  it('defaults to the machine zone and rejects unknown zones', () => {
    expect(createTimeContext({}).zone).toBe(Zone.resolve());
    expect(() => createTimeContext({ tz: 'Mars/Base' })).toThrow(ZoneError);
  });

  it('converts a whole spring-forward day of consecutive stamps through its caches', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2024 });
    for (let sec = 0; sec < 86_400; sec += 7) {
      const h = Math.floor(sec / 3600);
      const mi = Math.floor(sec / 60) % 60;
      const s = sec % 60;
      // CET until the wall clock reaches 03:00 (the 02:xx gap is read as CET too), CEST after.
      const offsetHours = h < 3 ? 1 : 2;
      const expected = Date.UTC(2024, 2, 31, h - offsetHours, mi, s) * 1000;
      expect(ctx.yearlessToMicros(2, 31, h, mi, s, 0)).toBe(expected);
    }
  });
});

describe('per-call cost of the cached path', () => {
  // Measured on the development machine with plain Node 20: about 8 ns per Zone.wallToUtcMs
  // and 10-20 ns per yearlessToMicros for consecutive stamps; under vitest's module wrapper
  // 13-25 ns (see test/time/time.bench.ts). The bound is loose so slow CI machines pass; it
  // only catches a cache that stopped working (a miss asks Intl, several µs).
  it('stays well under a microsecond per consecutive stamp', () => {
    const ctx = createTimeContext({ tz: 'Europe/Berlin', year: 2023 });
    const n = 2_000_000;
    let sink = 0;
    const run = (): number => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const sec = i % 86_400;
        sink += ctx.yearlessToMicros(10, 14, Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60, i & 1023);
      }
      return Number(process.hrtime.bigint() - t0) / n;
    };
    run(); // warm-up: lets the JIT compile the loop
    const nsPerCall = run();
    expect(sink).toBeGreaterThan(0);
    expect(nsPerCall).toBeLessThan(500);
  });
});
