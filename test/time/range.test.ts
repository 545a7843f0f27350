import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeSpecError, parseTimeSpec } from '../../src/time/range.js';
import { Zone } from '../../src/time/zone.js';

const US = 1_000_000;
const H = 3600 * US;
const us = (...args: [number, number, number?, number?, number?, number?, number?]): number =>
  Date.UTC(...args) * 1000;

// Thursday 2025-12-25 12:00:00 UTC: 13:00 in Berlin, 07:00 in New York, Friday 01:00 in Auckland.
const NOW_MS = Date.UTC(2025, 11, 25, 12, 0, 0);
const NOW = NOW_MS * 1000;
const berlin = { zone: Zone.resolve('Europe/Berlin'), nowMs: NOW_MS };
const newYork = { zone: Zone.resolve('America/New_York'), nowMs: NOW_MS };
const auckland = { zone: Zone.resolve('Pacific/Auckland'), nowMs: NOW_MS };
const utcOpts = { zone: Zone.resolve('UTC'), nowMs: NOW_MS };

describe('parseTimeSpec: keywords', () => {
  it('reads "now" as the given nowMs', () => {
    expect(parseTimeSpec('now', berlin)).toBe(NOW);
    expect(parseTimeSpec('  NOW ', berlin)).toBe(NOW);
  });

  it('reads today, yesterday and tomorrow as midnight in the given zone', () => {
    expect(parseTimeSpec('today', berlin)).toBe(us(2025, 11, 24, 23));
    expect(parseTimeSpec('yesterday', berlin)).toBe(us(2025, 11, 23, 23));
    expect(parseTimeSpec('tomorrow', berlin)).toBe(us(2025, 11, 25, 23));
    expect(parseTimeSpec('today', utcOpts)).toBe(us(2025, 11, 25));
    expect(parseTimeSpec('today', newYork)).toBe(us(2025, 11, 25, 5));
  });

  it('uses the calendar of the zone, where it may already be tomorrow (Auckland)', () => {
    // It is Friday 26 December, 01:00 NZDT.
    expect(parseTimeSpec('today', auckland)).toBe(us(2025, 11, 25, 11));
    expect(parseTimeSpec('yesterday', auckland)).toBe(us(2025, 11, 24, 11));
  });

  it('puts midnight on the right side of a DST change', () => {
    const opts = { zone: Zone.resolve('Europe/Berlin'), nowMs: Date.UTC(2024, 2, 31, 12) };
    expect(parseTimeSpec('yesterday', opts)).toBe(us(2024, 2, 29, 23)); // CET
    expect(parseTimeSpec('today', opts)).toBe(us(2024, 2, 30, 23)); // still CET at 00:00
    expect(parseTimeSpec('tomorrow', opts)).toBe(us(2024, 2, 31, 22)); // CEST
  });

  it('reads "epoch" as 1970-01-01 UTC', () => {
    expect(parseTimeSpec('epoch', berlin)).toBe(0);
  });
});

describe('parseTimeSpec: dates and times', () => {
  it('reads YYYY-MM-DD as midnight in the zone', () => {
    expect(parseTimeSpec('2025-12-25', berlin)).toBe(us(2025, 11, 24, 23));
    expect(parseTimeSpec('2025-12-25', newYork)).toBe(us(2025, 11, 25, 5));
  });

  it('reads YYYY-MM-DD HH:MM and HH:MM:SS', () => {
    expect(parseTimeSpec('2025-12-25 13:05', berlin)).toBe(us(2025, 11, 25, 12, 5));
    expect(parseTimeSpec('2025-12-25 13:05:12', berlin)).toBe(us(2025, 11, 25, 12, 5, 12));
  });

  it('reads fractional seconds down to the microsecond', () => {
    expect(parseTimeSpec('2025-12-25 13:05:12.123456', berlin)).toBe(us(2025, 11, 25, 12, 5, 12) + 123_456);
    expect(parseTimeSpec('2025-12-25 13:05:12.5', berlin)).toBe(us(2025, 11, 25, 12, 5, 12) + 500_000);
    expect(parseTimeSpec('2025-12-25 13:05:12.123456789', berlin)).toBe(us(2025, 11, 25, 12, 5, 12) + 123_456);
  });

  it('applies summer time for a summer date even when now is winter', () => {
    expect(parseTimeSpec('2025-07-01 12:00', berlin)).toBe(us(2025, 6, 1, 10));
  });

  it('reads ISO 8601 with T and Z or a numeric offset, ignoring the zone option', () => {
    expect(parseTimeSpec('2025-12-25T13:05:12Z', berlin)).toBe(us(2025, 11, 25, 13, 5, 12));
    expect(parseTimeSpec('2025-12-25T13:05:12+01:00', newYork)).toBe(us(2025, 11, 25, 12, 5, 12));
    expect(parseTimeSpec('2025-12-25T13:05:12+0100', newYork)).toBe(us(2025, 11, 25, 12, 5, 12));
    expect(parseTimeSpec('2025-12-25T13:05:12-05:00', berlin)).toBe(us(2025, 11, 25, 18, 5, 12));
    expect(parseTimeSpec('2025-12-25T13:05:12.250+01:00', utcOpts)).toBe(us(2025, 11, 25, 12, 5, 12) + 250_000);
    expect(parseTimeSpec('2025-12-25T13:05', berlin)).toBe(us(2025, 11, 25, 12, 5));
  });

  it('reads a trailing zone abbreviation or IANA name, as journalctl does', () => {
    expect(parseTimeSpec('2023-11-14 22:13:20 UTC', berlin)).toBe(1_700_000_000 * US);
    expect(parseTimeSpec('2023-11-14 23:13:20 CET', utcOpts)).toBe(1_700_000_000 * US);
    expect(parseTimeSpec('2023-11-14 23:13:20 Europe/Berlin', utcOpts)).toBe(1_700_000_000 * US);
    expect(parseTimeSpec('2023-11-14 23:13:20 +01:00', utcOpts)).toBe(1_700_000_000 * US);
  });

  it("reads journalctl's short-full form with its weekday", () => {
    expect(parseTimeSpec('Tue 2023-11-14 23:13:20 CET', utcOpts)).toBe(1_700_000_000 * US);
    expect(parseTimeSpec('Tuesday 2023-11-14 23:13:20', berlin)).toBe(1_700_000_000 * US);
  });

  it('rejects a weekday that does not match the date', () => {
    expect(() => parseTimeSpec('Mon 2023-11-14 23:13:20', berlin)).toThrow(/not a tuesday|not a monday/i);
  });

  it('reads HH:MM and HH:MM:SS as today in the zone', () => {
    expect(parseTimeSpec('13:05', berlin)).toBe(us(2025, 11, 25, 12, 5));
    expect(parseTimeSpec('13:05:30', berlin)).toBe(us(2025, 11, 25, 12, 5, 30));
    expect(parseTimeSpec('09:00', newYork)).toBe(us(2025, 11, 25, 14));
    // In Auckland it is already the 26th.
    expect(parseTimeSpec('13:05', auckland)).toBe(us(2025, 11, 26, 0, 5));
    expect(parseTimeSpec('13:05 UTC', berlin)).toBe(us(2025, 11, 25, 13, 5));
  });

  it('rejects impossible dates and times', () => {
    for (const text of ['2025-13-01', '2025-02-29', '2025-04-31', '2025-12-25 24:00', '25:00', '12:60', '2025-12-25 12:00:61']) {
      expect(() => parseTimeSpec(text, berlin), text).toThrow(TimeSpecError);
    }
    expect(parseTimeSpec('2024-02-29', utcOpts)).toBe(us(2024, 1, 29));
  });

  it('rejects an unknown zone name after a date', () => {
    expect(() => parseTimeSpec('2025-12-25 13:05 Mars/Base', berlin)).toThrow(/unknown time zone "Mars\/Base"/);
  });

  it('rejects an ambiguous abbreviation such as IST instead of guessing', () => {
    expect(() => parseTimeSpec('2025-12-25 13:05 IST', berlin)).toThrow(/ambiguous or unknown zone abbreviation "IST"/);
  });
});

describe('parseTimeSpec: relative times', () => {
  it('reads signed single spans with short and long unit names', () => {
    const cases: Array<[string, number]> = [
      ['-2h', -2 * H],
      ['+30min', 30 * 60 * US],
      ['-1d', -24 * H],
      ['-2 hours', -2 * H],
      ['+3 sec', 3 * US],
      ['-1 day', -24 * H],
      ['-2 weeks', -14 * 24 * H],
      ['+1w', 7 * 24 * H],
      ['-500ms', -500_000],
      ['-10us', -10],
      ['-45s', -45 * US],
      ['-1.5h', -1.5 * H],
      ['-90', -90 * US],
      ['-5mins', -300 * US],
      ['-2 hrs', -2 * H],
    ];
    for (const [text, delta] of cases) expect(parseTimeSpec(text, berlin), text).toBe(NOW + delta);
  });

  it('tells minutes (m) from months (M), and uses systemd month and year lengths', () => {
    expect(parseTimeSpec('-1m', berlin)).toBe(NOW - 60 * US);
    expect(parseTimeSpec('-1M', berlin)).toBe(NOW - 2_629_800 * US); // 30.44 days
    expect(parseTimeSpec('-1 month', berlin)).toBe(NOW - 2_629_800 * US);
    expect(parseTimeSpec('-1y', berlin)).toBe(NOW - 31_557_600 * US); // 365.25 days
    expect(parseTimeSpec('-2 years', berlin)).toBe(NOW - 2 * 31_557_600 * US);
  });

  it('adds up several spans, with or without spaces between them', () => {
    expect(parseTimeSpec('-1h 30min', berlin)).toBe(NOW - 1.5 * H);
    expect(parseTimeSpec('-1h30min', berlin)).toBe(NOW - 1.5 * H);
    expect(parseTimeSpec('+1d 2h 3min 4s', berlin)).toBe(NOW + 26 * H + 184 * US);
  });

  it('reads "ago", "left" and "in"', () => {
    expect(parseTimeSpec('2 hours ago', berlin)).toBe(NOW - 2 * H);
    expect(parseTimeSpec('1h 30min ago', berlin)).toBe(NOW - 1.5 * H);
    expect(parseTimeSpec('5min left', berlin)).toBe(NOW + 300 * US);
    expect(parseTimeSpec('in 3 days', berlin)).toBe(NOW + 72 * H);
  });

  it('counts from nowMs, not from the clock or the zone', () => {
    expect(parseTimeSpec('-2h', { zone: Zone.resolve('Asia/Tokyo'), nowMs: 0 })).toBe(-2 * H);
  });

  it('rejects unknown units', () => {
    expect(() => parseTimeSpec('-2 parsecs', berlin)).toThrow(TimeSpecError);
    expect(() => parseTimeSpec('-', berlin)).toThrow(TimeSpecError);
  });
});

describe('parseTimeSpec: epoch seconds', () => {
  it('reads @seconds, with a fraction to the microsecond', () => {
    expect(parseTimeSpec('@1700000000', berlin)).toBe(1_700_000_000 * US);
    expect(parseTimeSpec('@1700000000.5', berlin)).toBe(1_700_000_000 * US + 500_000);
    expect(parseTimeSpec('@1700000000.123456789', berlin)).toBe(1_700_000_000 * US + 123_456);
    expect(parseTimeSpec('@0', berlin)).toBe(0);
  });
});

describe('parseTimeSpec: errors', () => {
  it('throws TimeSpecError quoting the text and listing examples', () => {
    let error: unknown;
    try {
      parseTimeSpec('the day after the outage', berlin);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TimeSpecError);
    const message = (error as Error).message;
    expect(message).toContain('"the day after the outage"');
    expect(message).toContain('2025-12-25 13:05:12');
    expect(message).toContain('-2h');
    expect(message).toContain('@1700000000');
  });

  it('rejects empty text and text with a date buried in other words', () => {
    for (const text of ['', '   ', 'garbage', 'foo yesterday', 'yesterday please', '@abc', '2025-12']) {
      expect(() => parseTimeSpec(text, berlin), JSON.stringify(text)).toThrow(TimeSpecError);
    }
  });
});

// The natural-language cases run with the machine zone as it is, and again under machine zones
// that differ from the requested one, to show the result depends only on opts.zone.
const machineZones = [undefined, 'America/Los_Angeles', 'Pacific/Chatham', 'Asia/Kolkata'];

describe.each(machineZones)('parseTimeSpec: natural language (machine TZ %s)', (machineTz) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    if (machineTz !== undefined) process.env.TZ = machineTz;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('runs under the intended machine zone', () => {
    if (machineTz !== undefined) {
      const at = Date.UTC(2025, 0, 1);
      expect(-new Date(at).getTimezoneOffset()).toBe(Zone.resolve(machineTz).offsetMinutesAt(at));
    }
  });

  it('reads "yesterday 14:00" in the given zone', () => {
    expect(parseTimeSpec('yesterday 14:00', berlin)).toBe(us(2025, 11, 24, 13));
    expect(parseTimeSpec('yesterday 14:00', newYork)).toBe(us(2025, 11, 24, 19));
    // Auckland is on the 26th already, so yesterday is the 25th.
    expect(parseTimeSpec('yesterday 14:00', auckland)).toBe(us(2025, 11, 25, 1));
  });

  it('reads "last monday 9am"', () => {
    expect(parseTimeSpec('last monday 9am', berlin)).toBe(us(2025, 11, 22, 8));
    expect(parseTimeSpec('last monday 9am', newYork)).toBe(us(2025, 11, 22, 14));
  });

  it('reads "Dec 25 2025 12:00" as wall time in the zone', () => {
    expect(parseTimeSpec('Dec 25 2025 12:00', berlin)).toBe(us(2025, 11, 25, 11));
    expect(parseTimeSpec('Dec 25 2025 12:00', newYork)).toBe(us(2025, 11, 25, 17));
  });

  it('reads a date without a time as its midnight', () => {
    expect(parseTimeSpec('Dec 25 2025', berlin)).toBe(us(2025, 11, 24, 23));
    expect(parseTimeSpec('last monday', berlin)).toBe(us(2025, 11, 21, 23));
  });

  it('uses the DST offset of the named day, not of now', () => {
    expect(parseTimeSpec('Jul 1 2025 12:00', berlin)).toBe(us(2025, 6, 1, 10));
  });

  it('honours a zone written in the text', () => {
    expect(parseTimeSpec('Dec 25 2025 12:00 UTC', berlin)).toBe(us(2025, 11, 25, 12));
  });

  it('reads chrono-only relative phrases from nowMs', () => {
    expect(parseTimeSpec('an hour ago', berlin)).toBe(NOW - H);
  });

  it('reads the systemd forms the same way under this machine zone', () => {
    expect(parseTimeSpec('today', berlin)).toBe(us(2025, 11, 24, 23));
    expect(parseTimeSpec('2025-12-25 13:05', berlin)).toBe(us(2025, 11, 25, 12, 5));
    expect(parseTimeSpec('13:05', auckland)).toBe(us(2025, 11, 26, 0, 5));
  });
});
