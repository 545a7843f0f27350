// Supplies the year that journalctl `short` and RFC 3164 syslog stamps leave out, from a
// flag, a header line or the file's date, and carries it across New Year.
import type { Zone } from './zone.js';

export interface YearTrackerOptions {
  /** The user said which year the first record belongs to (--year). */
  explicitYear?: number;
  /** An instant known to follow the first record: the file's mtime, or now for stdin. */
  referenceMs?: number;
  /** Zone for reading referenceMs as a calendar date; UTC when left out. */
  zone?: Zone;
}

/**
 * Hands out a year per record, given only its month (0–11), in input order.
 *
 * The first record's year comes from, in this order: the explicit year; a header hint seen
 * before any record; the reference instant (its year, or the year before when the record's
 * month lies after the reference's month: a file last written in January that starts in
 * December began the year before).
 *
 * After that, each month is compared with the latest month seen so far, choosing the reading
 * that moves time the least:
 * - forward by up to six months: same year;
 * - backwards by more than six months (Dec → Jan): a new year has begun;
 * - backwards by up to six months: a record slightly out of order (journalctl prints the
 *   source's own time, which may lag), same year, and the latest month stays;
 * - forward by more than six months (Jan → Dec): an out-of-order record from before New Year;
 *   it gets the previous year and does not move the tracker.
 * A log with a genuine silence of more than six months is therefore misread; yearless stamps
 * cannot tell the two apart, and late records are far more common than half-year gaps.
 */
export class YearTracker {
  private readonly explicitYear: number | undefined;
  private readonly referenceMs: number;
  private readonly zone: Zone | undefined;
  private hinted: number | undefined;
  private started = false;
  private year = 0;
  private lastMonth = 0;

  constructor(opts: YearTrackerOptions) {
    this.explicitYear = opts.explicitYear;
    this.referenceMs = opts.referenceMs ?? Date.now();
    this.zone = opts.zone;
  }

  /** Where the first record's year came from (so far, while no record has been seen). */
  get source(): 'explicit' | 'header' | 'reference' {
    if (this.explicitYear !== undefined) return 'explicit';
    return this.hinted !== undefined ? 'header' : 'reference';
  }

  /**
   * A year read from a header (`-- Journal begins at Tue 2023-11-14 … --`). Only the first
   * hint before the first record counts; later ones describe a range we already placed.
   */
  hintYear(year: number): void {
    if (this.started || this.hinted !== undefined) return;
    this.hinted = year;
  }

  /** The year for the next record, whose month is `month` (0–11). */
  yearFor(month: number): number {
    if (!this.started) return this.start(month);
    const step = month - this.lastMonth;
    if (step >= 0) {
      if (step <= 6) {
        this.lastMonth = month;
        return this.year;
      }
      return this.year - 1;
    }
    if (step < -6) {
      this.year += 1;
      this.lastMonth = month;
    }
    return this.year;
  }

  private start(month: number): number {
    this.started = true;
    this.lastMonth = month;
    if (this.explicitYear !== undefined) this.year = this.explicitYear;
    else if (this.hinted !== undefined) this.year = this.hinted;
    else {
      const offset = this.zone === undefined ? 0 : this.zone.offsetMinutesAt(this.referenceMs);
      const ref = new Date(this.referenceMs + offset * 60_000);
      const refYear = ref.getUTCFullYear();
      this.year = month > ref.getUTCMonth() ? refYear - 1 : refYear;
    }
    return this.year;
  }
}
