import { afterEach, describe, expect, it } from 'vitest';
import { Zone, ZoneError, zoneAbbreviationOffset } from '../../src/time/zone.js';

const H = 3_600_000;
const utc = Date.UTC;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a zone, straight from Intl: the oracle for round trips. */
function intlWall(zone: string, ms: number): string {
  let fmt = formatters.get(zone);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, fmt);
  }
  const parts = fmt.formatToParts(ms);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)!.value);
  return [get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second')].join();
}

describe('Zone.resolve', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('accepts UTC spelled "UTC", "utc" and "Z" as one zone with offset zero', () => {
    const a = Zone.resolve('UTC');
    expect(a.name).toBe('UTC');
    expect(Zone.resolve('utc')).toBe(a);
    expect(Zone.resolve('Z')).toBe(a);
    expect(a.offsetMinutesAt(utc(2024, 6, 1))).toBe(0);
  });

  it('validates IANA names and returns one shared instance per name', () => {
    const berlin = Zone.resolve('Europe/Berlin');
    expect(berlin.name).toBe('Europe/Berlin');
    expect(Zone.resolve('Europe/Berlin')).toBe(berlin);
  });

  it('normalises only the case of a name, keeping modern names the runtime aliases', () => {
    expect(Zone.resolve('europe/berlin').name).toBe('Europe/Berlin');
    expect(Zone.resolve('Asia/Kolkata').name).toBe('Asia/Kolkata');
    expect(Zone.resolve('Asia/Kolkata').offsetMinutesAt(utc(2024, 0, 1))).toBe(330);
  });

  it('throws ZoneError quoting an unknown name', () => {
    expect(() => Zone.resolve('Mars/Base')).toThrow(ZoneError);
    expect(() => Zone.resolve('Mars/Base')).toThrow('unknown time zone "Mars/Base"');
    expect(() => Zone.resolve('')).toThrow(ZoneError);
  });

  it('accepts fixed numeric offsets', () => {
    const z = Zone.resolve('+05:30');
    expect(z.name).toBe('+05:30');
    expect(z.offsetMinutesAt(0)).toBe(330);
    expect(Zone.resolve('-0800').offsetMinutesAt(0)).toBe(-480);
    expect(Zone.resolve('-0800').wallToUtcMs(2024, 0, 1, 0, 0, 0)).toBe(utc(2024, 0, 1, 8));
  });

  it('uses the machine zone when no name is given (TZ as the process has it)', () => {
    const expected = process.env.TZ
      ? process.env.TZ.replace(/^:/, '')
      : new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const z = Zone.resolve();
    expect(z.name === expected || (expected === 'UTC' && z.name === 'UTC')).toBe(true);
  });

  it('takes the machine zone from TZ, with or without the glibc leading colon', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(Zone.resolve().name).toBe('Asia/Tokyo');
    process.env.TZ = ':America/New_York';
    expect(Zone.resolve().name).toBe('America/New_York');
  });

  it('falls back to what the runtime reports when TZ is not an IANA name', () => {
    process.env.TZ = 'CET-1CEST,M3.5.0,M10.5.0/3';
    const z = Zone.resolve();
    expect(z).toBeInstanceOf(Zone);
    expect(z.name).not.toBe('CET-1CEST,M3.5.0,M10.5.0/3');
  });
});

describe('Zone.offsetMinutesAt', () => {
  it('follows DST in Europe/Berlin, switching at exactly 01:00 UTC', () => {
    const z = Zone.resolve('Europe/Berlin');
    expect(z.offsetMinutesAt(utc(2024, 0, 15))).toBe(60);
    expect(z.offsetMinutesAt(utc(2024, 6, 15))).toBe(120);
    expect(z.offsetMinutesAt(utc(2024, 2, 31, 0, 59, 59, 999))).toBe(60);
    expect(z.offsetMinutesAt(utc(2024, 2, 31, 1))).toBe(120);
    expect(z.offsetMinutesAt(utc(2024, 9, 27, 0, 59, 59, 999))).toBe(120);
    expect(z.offsetMinutesAt(utc(2024, 9, 27, 1))).toBe(60);
  });

  it('follows DST in America/New_York', () => {
    const z = Zone.resolve('America/New_York');
    expect(z.offsetMinutesAt(utc(2024, 0, 15))).toBe(-300);
    expect(z.offsetMinutesAt(utc(2024, 6, 15))).toBe(-240);
    expect(z.offsetMinutesAt(utc(2024, 2, 10, 6, 59, 59))).toBe(-300);
    expect(z.offsetMinutesAt(utc(2024, 2, 10, 7))).toBe(-240);
  });

  it('has summer time in January in the southern hemisphere (Australia/Sydney)', () => {
    const z = Zone.resolve('Australia/Sydney');
    expect(z.offsetMinutesAt(utc(2024, 0, 15))).toBe(660);
    expect(z.offsetMinutesAt(utc(2024, 6, 15))).toBe(600);
  });

  it('finds a transition in the middle of a UTC hour (Lord Howe, half-hour DST)', () => {
    const z = Zone.resolve('Australia/Lord_Howe');
    expect(z.offsetMinutesAt(utc(2024, 9, 5, 15, 29, 59))).toBe(630);
    expect(z.offsetMinutesAt(utc(2024, 9, 5, 15, 30))).toBe(660);
    expect(z.offsetMinutesAt(utc(2024, 9, 5, 15, 10))).toBe(630); // cached hour, earlier part
  });

  it('answers from its cache with the same values it computed', () => {
    const z = Zone.resolve('Europe/Berlin');
    const t = utc(2023, 10, 14, 22, 13, 20);
    const first = z.offsetMinutesAt(t);
    expect(z.offsetMinutesAt(t + 1000)).toBe(first);
    expect(z.offsetMinutesAt(t)).toBe(first);
  });
});

describe('Zone.wallToUtcMs', () => {
  it('converts a plain wall time in Europe/Berlin (winter and summer)', () => {
    const z = Zone.resolve('Europe/Berlin');
    expect(z.wallToUtcMs(2023, 10, 14, 23, 13, 20)).toBe(1_700_000_000_000);
    expect(z.wallToUtcMs(2024, 6, 1, 12, 0, 0)).toBe(utc(2024, 6, 1, 10));
  });

  it('resolves a wall time in the autumn DST overlap to the first occurrence (Berlin)', () => {
    const z = Zone.resolve('Europe/Berlin');
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(z.wallToUtcMs(2024, 9, 27, 2, 30, 0)).toBe(utc(2024, 9, 27, 0, 30));
    expect(z.wallToUtcMs(2024, 9, 27, 2, 0, 0)).toBe(utc(2024, 9, 27, 0, 0));
    expect(z.wallToUtcMs(2024, 9, 27, 3, 0, 0)).toBe(utc(2024, 9, 27, 2, 0));
  });

  it('reads a wall time in the spring DST gap with the offset from before the jump (Berlin)', () => {
    const z = Zone.resolve('Europe/Berlin');
    // 02:30 does not exist on 2024-03-31; read as CET it is 01:30Z, shown as 03:30 CEST.
    expect(z.wallToUtcMs(2024, 2, 31, 2, 30, 0)).toBe(utc(2024, 2, 31, 1, 30));
    expect(z.wallToUtcMs(2024, 2, 31, 1, 59, 59)).toBe(utc(2024, 2, 31, 0, 59, 59));
    expect(z.wallToUtcMs(2024, 2, 31, 3, 0, 0)).toBe(utc(2024, 2, 31, 1, 0));
  });

  it('resolves the overlap and the gap in America/New_York', () => {
    const z = Zone.resolve('America/New_York');
    expect(z.wallToUtcMs(2024, 10, 3, 1, 30, 0)).toBe(utc(2024, 10, 3, 5, 30));
    expect(z.wallToUtcMs(2024, 2, 10, 2, 30, 0)).toBe(utc(2024, 2, 10, 7, 30));
  });

  it('resolves the overlap and the gap in the southern hemisphere (Australia/Sydney)', () => {
    const z = Zone.resolve('Australia/Sydney');
    // Autumn there is April: 02:30 on 2024-04-07 happens first at +11:00.
    expect(z.wallToUtcMs(2024, 3, 7, 2, 30, 0)).toBe(utc(2024, 3, 6, 15, 30));
    // Spring is October: 02:30 on 2024-10-06 does not exist; read at +10:00.
    expect(z.wallToUtcMs(2024, 9, 6, 2, 30, 0)).toBe(utc(2024, 9, 5, 16, 30));
    expect(z.wallToUtcMs(2024, 0, 15, 12, 0, 0)).toBe(utc(2024, 0, 15, 1));
  });

  it('handles a transition at half past the hour, where an hour is only partly shifted', () => {
    const z = Zone.resolve('Australia/Lord_Howe');
    // Spring 2024-10-06: 02:00 +10:30 jumps to 02:30 +11:00.
    expect(z.wallToUtcMs(2024, 9, 6, 2, 10, 0)).toBe(utc(2024, 9, 5, 15, 40));
    expect(z.wallToUtcMs(2024, 9, 6, 2, 40, 0)).toBe(utc(2024, 9, 5, 15, 40));
    expect(z.wallToUtcMs(2024, 9, 6, 2, 59, 0)).toBe(utc(2024, 9, 5, 15, 59));
    expect(z.wallToUtcMs(2024, 9, 6, 3, 10, 0)).toBe(utc(2024, 9, 5, 16, 10));
    // Autumn 2024-04-07: 02:00 +11:00 falls back to 01:30 +10:30.
    expect(z.wallToUtcMs(2024, 3, 7, 1, 15, 0)).toBe(utc(2024, 3, 6, 14, 15));
    expect(z.wallToUtcMs(2024, 3, 7, 1, 45, 0)).toBe(utc(2024, 3, 6, 14, 45));
    expect(z.wallToUtcMs(2024, 3, 7, 2, 15, 0)).toBe(utc(2024, 3, 6, 15, 45));
  });

  it('gives the same answers through its caches as a fresh computation, in any call order', () => {
    const z = Zone.resolve('Europe/Berlin');
    const probes: Array<[number, number, number, number, number, number]> = [
      [2024, 9, 27, 2, 30, 0],
      [2024, 2, 31, 2, 30, 0],
      [2023, 10, 14, 23, 13, 20],
      [2024, 9, 27, 2, 45, 10],
      [2023, 10, 14, 23, 59, 59],
      [2024, 2, 31, 2, 0, 1],
    ];
    const first = probes.map((p) => z.wallToUtcMs(...p));
    const again = [...probes].reverse().map((p) => z.wallToUtcMs(...p)).reverse();
    expect(again).toEqual(first);
    expect(first).toEqual([
      utc(2024, 9, 27, 0, 30),
      utc(2024, 2, 31, 1, 30),
      1_700_000_000_000,
      utc(2024, 9, 27, 0, 45, 10),
      utc(2023, 10, 14, 22, 59, 59),
      utc(2024, 2, 31, 1, 0, 1),
    ]);
  });

  it('rolls out-of-range fields over like Date.UTC (day 0, day 32)', () => {
    const z = Zone.resolve('Europe/Berlin');
    expect(z.wallToUtcMs(2024, 2, 0, 12, 0, 0)).toBe(utc(2024, 1, 29, 11));
    expect(z.wallToUtcMs(2023, 11, 32, 12, 0, 0)).toBe(utc(2024, 0, 1, 11));
  });

  it('round-trips every minute around DST changes against Intl (4 zones)', () => {
    const cases: Array<[string, number, number, number]> = [
      ['Europe/Berlin', 2024, 2, 31],
      ['Europe/Berlin', 2024, 9, 27],
      ['America/New_York', 2024, 2, 10],
      ['America/New_York', 2024, 10, 3],
      ['Australia/Sydney', 2024, 3, 7],
      ['Australia/Sydney', 2024, 9, 6],
      ['Australia/Lord_Howe', 2024, 3, 7],
      ['Australia/Lord_Howe', 2024, 9, 6],
    ];
    let gaps = 0;
    let overlaps = 0;
    for (const [name, y, mo, d] of cases) {
      const z = Zone.resolve(name);
      for (let minute = 0; minute < 24 * 60; minute++) {
        const h = Math.floor(minute / 60);
        const mi = minute % 60;
        const got = z.wallToUtcMs(y, mo, d, h, mi, 7);
        const want = [y, mo, d, h, mi, 7].join();
        if (intlWall(name, got) === want) {
          // A valid wall time must come back as its first occurrence: nothing half an hour
          // or an hour earlier may show the same clock reading.
          expect(intlWall(name, got - H / 2)).not.toBe(want);
          expect(intlWall(name, got - H)).not.toBe(want);
          if (intlWall(name, got + H) === want || intlWall(name, got + H / 2) === want) overlaps++;
        } else {
          // Only a wall time inside a gap may fail to round-trip; it is read with the older
          // offset, so it lands exactly that offset before the wall clock.
          gaps++;
          const before = z.offsetMinutesAt(got - 6 * H);
          expect(got).toBe(utc(y, mo, d, h, mi, 7) - before * 60_000);
        }
      }
    }
    expect(overlaps).toBe(60 + 60 + 60 + 30); // the repeated wall times were all met
    expect(gaps).toBe(60 + 60 + 60 + 30); // Berlin, New York, Sydney: one hour; Lord Howe: 30 min
  });
});

describe('Zone.formatIso', () => {
  it('prints microseconds, milliseconds or whole seconds with a +hh:mm offset', () => {
    const z = Zone.resolve('Europe/Berlin');
    const t = utc(2025, 11, 25, 12, 5, 12) * 1000;
    expect(z.formatIso(t, 'us')).toBe('2025-12-25T13:05:12.000000+01:00');
    expect(z.formatIso(t, 'ms')).toBe('2025-12-25T13:05:12.000+01:00');
    expect(z.formatIso(t, 's')).toBe('2025-12-25T13:05:12+01:00');
  });

  it('cuts fractions rather than rounding them', () => {
    const z = Zone.resolve('Europe/Berlin');
    const t = 1_700_000_000_999_999;
    expect(z.formatIso(t, 'us')).toBe('2023-11-14T23:13:20.999999+01:00');
    expect(z.formatIso(t, 'ms')).toBe('2023-11-14T23:13:20.999+01:00');
    expect(z.formatIso(t, 's')).toBe('2023-11-14T23:13:20+01:00');
    expect(z.formatIso(1_700_000_000_000_042, 'us')).toBe('2023-11-14T23:13:20.000042+01:00');
  });

  it('prints +00:00 for UTC, never Z', () => {
    expect(Zone.resolve('UTC').formatIso(1_700_000_000_000_000, 's')).toBe('2023-11-14T22:13:20+00:00');
  });

  it('prints negative and half-hour offsets, and summer time', () => {
    const t = utc(2024, 6, 1, 12) * 1000;
    expect(Zone.resolve('America/New_York').formatIso(t, 's')).toBe('2024-07-01T08:00:00-04:00');
    expect(Zone.resolve('Asia/Kolkata').formatIso(t, 's')).toBe('2024-07-01T17:30:00+05:30');
    expect(Zone.resolve('Europe/Berlin').formatIso(t, 's')).toBe('2024-07-01T14:00:00+02:00');
    expect(Zone.resolve('Australia/Sydney').formatIso(t, 's')).toBe('2024-07-01T22:00:00+10:00');
  });

  it('tells the two occurrences of a repeated hour apart by their offset', () => {
    const z = Zone.resolve('Europe/Berlin');
    expect(z.formatIso(utc(2024, 9, 27, 0, 30) * 1000, 's')).toBe('2024-10-27T02:30:00+02:00');
    expect(z.formatIso(utc(2024, 9, 27, 1, 30) * 1000, 's')).toBe('2024-10-27T02:30:00+01:00');
  });

  it('handles leap days, year ends and instants before 1970', () => {
    const u = Zone.resolve('UTC');
    expect(u.formatIso(utc(2024, 1, 29, 23, 59, 59) * 1000, 's')).toBe('2024-02-29T23:59:59+00:00');
    expect(u.formatIso(utc(2000, 1, 29) * 1000, 's')).toBe('2000-02-29T00:00:00+00:00');
    expect(u.formatIso(-1, 'us')).toBe('1969-12-31T23:59:59.999999+00:00');
    expect(u.formatIso(utc(1900, 2, 1) * 1000, 'ms')).toBe('1900-03-01T00:00:00.000+00:00');
    expect(Zone.resolve('Europe/Berlin').formatIso(utc(2023, 11, 31, 23, 30) * 1000, 's')).toBe(
      '2024-01-01T00:30:00+01:00',
    );
  });

  it('agrees with Date.toISOString for many instants in UTC', () => {
    const u = Zone.resolve('UTC');
    for (let ms = utc(1950, 0, 1); ms < utc(2100, 0, 1); ms += 37 * 86_400_000 + 12_345_678) {
      expect(u.formatIso(ms * 1000, 'ms')).toBe(new Date(ms).toISOString().replace('Z', '+00:00'));
    }
  });
});

describe('zoneAbbreviationOffset', () => {
  it('knows UTC, GMT and Z', () => {
    expect(zoneAbbreviationOffset('UTC')).toBe(0);
    expect(zoneAbbreviationOffset('GMT')).toBe(0);
    expect(zoneAbbreviationOffset('Z')).toBe(0);
  });

  it('reads numeric abbreviations in all three spellings', () => {
    expect(zoneAbbreviationOffset('+03')).toBe(180);
    expect(zoneAbbreviationOffset('-03')).toBe(-180);
    expect(zoneAbbreviationOffset('-0530')).toBe(-330);
    expect(zoneAbbreviationOffset('+05:30')).toBe(330);
    expect(zoneAbbreviationOffset('+0000')).toBe(0);
  });

  it('maps the common named abbreviations', () => {
    const table: Record<string, number> = {
      CET: 60, CEST: 120, EET: 120, EEST: 180, WET: 0, WEST: 60, BST: 60, MSK: 180,
      EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
      JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
    };
    for (const [abbr, minutes] of Object.entries(table)) {
      expect(zoneAbbreviationOffset(abbr), abbr).toBe(minutes);
    }
  });

  it('returns null for ambiguous, unknown or malformed abbreviations', () => {
    expect(zoneAbbreviationOffset('IST')).toBeNull();
    expect(zoneAbbreviationOffset('XYZ')).toBeNull();
    expect(zoneAbbreviationOffset('')).toBeNull();
    expect(zoneAbbreviationOffset('+3')).toBeNull();
    expect(zoneAbbreviationOffset('+25')).toBeNull();
    expect(zoneAbbreviationOffset('+05:75')).toBeNull();
  });

  it('agrees with the abbreviation the runtime prints for those zones', () => {
    const samples: Array<[string, number]> = [
      ['Europe/Berlin', utc(2024, 0, 1)],
      ['Europe/Berlin', utc(2024, 6, 1)],
      ['America/New_York', utc(2024, 0, 1)],
      ['America/Los_Angeles', utc(2024, 6, 1)],
    ];
    for (const [name, ms] of samples) {
      const abbr = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' })
        .formatToParts(ms)
        .find((p) => p.type === 'timeZoneName')!.value;
      const expected = Zone.resolve(name).offsetMinutesAt(ms);
      const got = zoneAbbreviationOffset(abbr);
      // en-US prints "GMT+1" for Berlin; only check where it prints a letters-only abbreviation.
      if (/^[A-Z]{3,4}$/.test(abbr)) expect(got, `${name} ${abbr}`).toBe(expected);
    }
  });
});
