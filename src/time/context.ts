// Per-input time state for parsers: one zone and one year tracker, turning the fields of a
// text timestamp into microseconds since the epoch.
import { YearTracker } from './year.js';
import { Zone } from './zone.js';

export class TimeContext {
  readonly zone: Zone;
  readonly years: YearTracker;

  constructor(zone: Zone, years: YearTracker) {
    this.zone = zone;
    this.years = years;
  }

  /**
   * For stamps without a year (`Nov 14 23:13:20`): month 0–11. Must be called once per record,
   * in input order, because the year tracker learns from the sequence of months.
   */
  yearlessToMicros(month: number, day: number, h: number, mi: number, s: number, micros: number): number {
    return this.wallToMicros(this.years.yearFor(month), month, day, h, mi, s, micros);
  }

  /** For stamps with a full date but no offset, read in this context's zone (month 0–11). */
  wallToMicros(y: number, month: number, day: number, h: number, mi: number, s: number, micros: number): number {
    return this.ordered(this.zone.wallToUtcMs(y, month, day, h, mi, s), micros);
  }

  private lastMicros = -Infinity;

  /**
   * A wall time in the autumn DST overlap happens twice; the zone picks the first. In a log,
   * order tells which was meant: if the first reading would step back in time while the
   * second would not, the line is from the repeated hour.
   */
  private ordered(ms: number, micros: number): number {
    let us = ms * 1000 + micros;
    if (us < this.lastMicros) {
      const before = this.zone.offsetMinutesAt(ms);
      const shift = before - this.zone.offsetMinutesAt(ms + 2 * 3_600_000);
      if (shift > 0) {
        const alt = ms + shift * 60_000;
        if (this.zone.offsetMinutesAt(alt) === before - shift && alt * 1000 + micros >= this.lastMicros) us = alt * 1000 + micros;
      }
    }
    if (us > this.lastMicros) this.lastMicros = us;
    return us;
  }
}

/**
 * A context from command-line style options: `tz` an IANA name or "UTC" (machine zone when
 * left out; throws ZoneError when unknown), `year` for --year, `referenceMs` the file's mtime.
 */
export function createTimeContext(opts: {
  tz?: string;
  year?: number;
  referenceMs?: number;
}): TimeContext {
  const zone = Zone.resolve(opts.tz);
  const years = new YearTracker({
    explicitYear: opts.year,
    referenceMs: opts.referenceMs,
    zone,
  });
  return new TimeContext(zone, years);
}
