// Time zones for ingest: turns wall-clock stamps into UTC instants and back, using only the
// zone rules built into Intl, with caches sized for one lookup per log line.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Milliseconds in 400 Gregorian years; the calendar repeats exactly after that. */
const CYCLE_400Y_MS = 146_097 * DAY_MS;
/** Marks an hour whose offset changes inside it; its exact switch lives in `transitions`. */
const MIXED = 1e9;
/** Caches are dropped wholesale past this size; a long log revisits few hours anyway. */
const CACHE_LIMIT = 100_000;

/** Thrown for a time zone name the runtime does not know. */
export class ZoneError extends Error {
  override readonly name = 'ZoneError';
}

interface Transition {
  /** First UTC millisecond that uses `after`. */
  at: number;
  before: number;
  after: number;
}

/**
 * Date.UTC, except that years 0–99 stay literal instead of meaning 1900–1999. Shifting by a
 * whole 400-year cycle keeps weekday and leap-year pattern intact.
 */
function utcFromFields(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y >= 0 && y < 100) return Date.UTC(y + 400, mo, d, h, mi, s) - CYCLE_400Y_MS;
  return Date.UTC(y, mo, d, h, mi, s);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

function pad6(n: number): string {
  return `${n}`.padStart(6, '0');
}

function formatYear(y: number): string {
  if (y >= 0 && y <= 9999) return `${y}`.padStart(4, '0');
  // ISO 8601 expanded form; only reachable with absurd inputs, but better than a wrong date.
  return (y < 0 ? '-' : '+') + `${Math.abs(y)}`.padStart(6, '0');
}

/** "+01:00" style text for an offset in minutes. */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Minutes east of UTC for "+HH", "+HHMM", "+HH:MM" (either sign), else null. */
function parseNumericOffset(text: string): number | null {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(text);
  if (m === null) return null;
  const h = Number(m[2]);
  const mi = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59) return null;
  const total = h * 60 + mi;
  return m[1] === '-' ? -total : total;
}

function machineZoneName(): string {
  const env = process.env.TZ;
  if (env) {
    // glibc allows ":Area/City"; the colon only means "read it from the tz database".
    const name = env.startsWith(':') ? env.slice(1) : env;
    try {
      Zone.resolve(name);
      return name;
    } catch {
      // A POSIX rule string such as "CET-1CEST,M3.5.0,M10.5.0/3" is not an IANA name; the
      // runtime has already made sense of it (or not), so ask it instead.
    }
  }
  try {
    const fromIntl = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (fromIntl) return fromIntl;
  } catch {
    // fall through: a runtime without zone data still has UTC
  }
  return 'UTC';
}

/**
 * One time zone. Instances are shared per name, so every reader of the same zone profits from
 * the same caches.
 *
 * Wall times that are ambiguous or impossible follow the "compatible" rule that most tools
 * (and JavaScript's own Date) use:
 * - autumn overlap (a wall time happens twice): the earlier instant, i.e. the first occurrence,
 *   still on summer time. A log written while clocks go back cannot tell us better, and "first"
 *   keeps the early half of the repeated hour in order.
 * - spring gap (a wall time never happens): read it with the offset in force before the jump,
 *   as if the clock had not moved yet; 02:30 in Berlin on the changeover day becomes 03:30 CEST.
 *   Such stamps come from clocks that were not yet adjusted, so this is the likeliest meaning.
 *
 * Offsets are whole minutes; the few pre-1900 local-mean-time offsets with seconds are rounded.
 */
export class Zone {
  private static readonly byName = new Map<string, Zone>();

  readonly name: string;
  /** Null for zones with a fixed offset (UTC, "+05:30"): no rules to look up. */
  private readonly fmt: Intl.DateTimeFormat | null;
  private readonly fixedOffset: number;

  /** UTC hour index → offset in minutes, or MIXED when the offset changes within that hour. */
  private readonly hourOffsets = new Map<number, number>();
  private readonly transitions = new Map<number, Transition>();

  // The wall-clock hour of the previous call and its UTC start: consecutive log lines almost
  // always share it, so the common case is four comparisons and an addition.
  private lastY = Number.NaN;
  private lastMo = Number.NaN;
  private lastD = Number.NaN;
  private lastH = Number.NaN;
  private lastBase = 0;
  /** Wall hour key → UTC start of that hour, or NaN when a transition makes it non-linear. */
  private readonly wallHours = new Map<number, number>();

  private constructor(name: string, fmt: Intl.DateTimeFormat | null, fixedOffset: number) {
    this.name = name;
    this.fmt = fmt;
    this.fixedOffset = fixedOffset;
  }

  /**
   * The zone for an IANA name ("Europe/Berlin"), "UTC"/"utc"/"Z", or a fixed offset ("+05:30").
   * Without a name: the machine's zone (TZ, else what the runtime reports, else UTC).
   */
  static resolve(name?: string): Zone {
    if (name === undefined) name = machineZoneName();
    const known = Zone.byName.get(name);
    if (known !== undefined) return known;
    const created = Zone.create(name);
    // "utc", "Z" and "UTC" are one zone: share one instance and its caches.
    const zone = Zone.byName.get(created.name) ?? created;
    if (Zone.byName.size > 1000) Zone.byName.clear();
    Zone.byName.set(name, zone);
    Zone.byName.set(zone.name, zone);
    return zone;
  }

  private static create(input: string): Zone {
    const name = input.trim();
    if (/^(?:utc|z)$/i.test(name)) return new Zone('UTC', null, 0);
    const fixed = parseNumericOffset(name);
    if (fixed !== null) return new Zone(formatOffset(fixed), null, fixed);
    if (name === '') throw new ZoneError('empty time zone name');
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ZoneError(`unknown time zone "${input}"`);
    }
    const resolved = fmt.resolvedOptions().timeZone;
    // Keep the caller's spelling unless only the case differs: the runtime may map a modern
    // name onto an older alias (Asia/Kolkata → Asia/Calcutta), which would only confuse users.
    const display = resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
    if (resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'Etc/GMT') {
      return new Zone(display, null, 0);
    }
    return new Zone(display, fmt, 0);
  }

  /** Minutes east of UTC in force at the given instant. */
  offsetMinutesAt(utcMs: number): number {
    if (this.fmt === null) return this.fixedOffset;
    const hour = Math.floor(utcMs / HOUR_MS);
    const cached = this.hourOffsets.get(hour);
    if (cached === undefined) return this.fillHour(hour, utcMs);
    if (cached !== MIXED) return cached;
    const t = this.transitions.get(hour)!;
    return utcMs < t.at ? t.before : t.after;
  }

  /**
   * UTC milliseconds for a wall-clock time in this zone (month 0–11). Out-of-range fields roll
   * over as with Date.UTC. See the class comment for DST overlaps and gaps.
   */
  wallToUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
    if (h === this.lastH && d === this.lastD && mo === this.lastMo && y === this.lastY) {
      return this.lastBase + mi * MINUTE_MS + s * 1000;
    }
    return this.wallMiss(y, mo, d, h, mi, s);
  }

  /**
   * ISO 8601 / RFC 3339 text in this zone: "2025-12-25T13:05:12.000000+01:00" for 'us',
   * three fraction digits for 'ms', none for 's'. Fractions are cut, not rounded, as
   * journalctl does, so a printed time never lies in the future of the real one.
   */
  formatIso(utcMicros: number, precision: 'us' | 'ms' | 's'): string {
    const ms = Math.floor(utcMicros / 1000);
    const offset = this.offsetMinutesAt(ms);
    const wall = ms + offset * MINUTE_MS;
    const days = Math.floor(wall / DAY_MS);
    const msOfDay = wall - days * DAY_MS;

    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm): no Date object.
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    const hour = Math.floor(msOfDay / HOUR_MS);
    const minute = Math.floor((msOfDay % HOUR_MS) / MINUTE_MS);
    const second = Math.floor((msOfDay % MINUTE_MS) / 1000);
    const milli = msOfDay % 1000;

    let text = `${formatYear(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
    if (precision === 'us') text += `.${pad6(milli * 1000 + (utcMicros - ms * 1000))}`;
    else if (precision === 'ms') text += `.${pad3(milli)}`;
    return text + formatOffset(offset);
  }

  private wallMiss(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
    // Only canonical integer fields get a map key, so two spellings of one hour never collide.
    const keyable =
      Number.isInteger(y) && Number.isInteger(mo) && Number.isInteger(d) && Number.isInteger(h) &&
      mo >= 0 && mo < 12 && d >= 1 && d <= 31 && h >= 0 && h < 24;
    const key = keyable ? ((y * 12 + mo) * 32 + d) * 24 + h : 0;
    let base = keyable ? this.wallHours.get(key) : undefined;
    if (base === undefined) {
      base = this.hourBase(y, mo, d, h);
      if (keyable) {
        if (this.wallHours.size >= CACHE_LIMIT) this.wallHours.clear();
        this.wallHours.set(key, base);
      }
    }
    if (Number.isNaN(base)) return this.wallSlow(y, mo, d, h, mi, s);
    this.lastY = y;
    this.lastMo = mo;
    this.lastD = d;
    this.lastH = h;
    this.lastBase = base;
    return base + mi * MINUTE_MS + s * 1000;
  }

  /**
   * UTC start of a wall-clock hour, or NaN when minutes within it do not map linearly (a gap
   * or a transition at an odd minute, as on Lord Howe Island).
   */
  private hourBase(y: number, mo: number, d: number, h: number): number {
    const base = this.wallSlow(y, mo, d, h, 0, 0);
    if (this.fmt === null) return base;
    const used = (utcFromFields(y, mo, d, h, 0, 0) - base) / MINUTE_MS;
    // If the offset holds for the whole hour after `base`, every minute in it resolves to
    // base + minutes: that instant is valid, and an earlier valid one would have been
    // chosen for minute 0 as well.
    if (this.offsetMinutesAt(base) !== used) return Number.NaN;
    if (this.offsetMinutesAt(base + HOUR_MS - 1) !== used) return Number.NaN;
    return base;
  }

  private wallSlow(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
    const local = utcFromFields(y, mo, d, h, mi, s);
    if (this.fmt === null) return local - this.fixedOffset * MINUTE_MS;
    // Real transitions are far less than a day apart from anything else, so the offsets a day
    // either side are the only two candidates (the approach Temporal's spec takes).
    const before = this.offsetMinutesAt(local - DAY_MS);
    const after = this.offsetMinutesAt(local + DAY_MS);
    const c1 = local - before * MINUTE_MS;
    if (before === after) return c1;
    const ok1 = this.offsetMinutesAt(c1) === before;
    const c2 = local - after * MINUTE_MS;
    const ok2 = this.offsetMinutesAt(c2) === after;
    if (ok1 && ok2) return Math.min(c1, c2); // overlap: first occurrence
    if (ok2) return c2;
    return c1; // valid before the change, or in the gap: the offset from before the jump
  }

  private fillHour(hour: number, utcMs: number): number {
    const start = hour * HOUR_MS;
    const a = this.computeOffset(start);
    const b = this.computeOffset(start + HOUR_MS - 1);
    if (this.hourOffsets.size >= CACHE_LIMIT) {
      this.hourOffsets.clear();
      this.transitions.clear();
    }
    if (a === b) {
      this.hourOffsets.set(hour, a);
      return a;
    }
    // Binary search over whole seconds: zone rules never switch inside a second.
    let lo = Math.floor(start / 1000); // known to use `a`
    let hi = Math.floor((start + HOUR_MS - 1) / 1000); // known to use `b`
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.computeOffset(mid * 1000) === a) lo = mid;
      else hi = mid;
    }
    const t: Transition = { at: hi * 1000, before: a, after: b };
    this.hourOffsets.set(hour, MIXED);
    this.transitions.set(hour, t);
    return utcMs < t.at ? a : b;
  }

  /** The uncached truth: ask Intl for the wall clock at that second and compare. */
  private computeOffset(utcMs: number): number {
    const sec = Math.floor(utcMs / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bc = false;
    for (const part of this.fmt!.formatToParts(sec)) {
      switch (part.type) {
        case 'year':
          y = Number(part.value);
          break;
        case 'month':
          mo = Number(part.value) - 1;
          break;
        case 'day':
          d = Number(part.value);
          break;
        case 'hour':
          h = Number(part.value) % 24; // some runtimes print midnight as 24
          break;
        case 'minute':
          mi = Number(part.value);
          break;
        case 'second':
          s = Number(part.value);
          break;
        case 'era':
          bc = part.value === 'BC' || part.value === 'B';
          break;
        default:
          break;
      }
    }
    if (bc) y = 1 - y;
    return Math.round((utcFromFields(y, mo, d, h, mi, s) - sec) / MINUTE_MS);
  }
}

// Abbreviations as the tz database (and therefore journalctl's short-full mode) prints them.
// Only those with one meaning in that database are listed; "IST" (India, Ireland, Israel) is
// left out on purpose, so callers fall back to the configured zone for it.
const ABBREVIATIONS = new Map<string, number>([
  ['UTC', 0],
  ['UT', 0],
  ['GMT', 0],
  ['Z', 0],
  ['WET', 0],
  ['WEST', 60],
  // British Summer Time. Bangladesh would also be "BST", but the tz database prints "+06".
  ['BST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['MET', 60],
  ['MEST', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['WAT', 60],
  ['CAT', 120],
  ['SAST', 120],
  ['EAT', 180],
  ['PKT', 300],
  ['WIB', 420],
  ['WITA', 480],
  ['WIT', 540],
  ['HKT', 480],
  ['SGT', 480],
  ['AWST', 480],
  ['JST', 540],
  ['KST', 540],
  ['ACST', 570],
  ['ACDT', 630],
  ['AEST', 600],
  ['AEDT', 660],
  ['NZST', 720],
  ['NZDT', 780],
  ['NST', -210],
  ['NDT', -150],
  ['AST', -240],
  ['ADT', -180],
  ['EST', -300],
  ['EDT', -240],
  // US Central. The tz database also prints "CST" for China (Asia/Shanghai, +08:00) and Cuba;
  // a journal from such a host needs --tz, because the abbreviation alone cannot tell.
  ['CST', -360],
  ['CDT', -300],
  ['MST', -420],
  ['MDT', -360],
  ['PST', -480],
  ['PDT', -420],
  ['AKST', -540],
  ['AKDT', -480],
  ['HST', -600],
  ['HDT', -540],
]);

/**
 * Minutes east of UTC for a zone abbreviation as journalctl's short-full mode prints it
 * ("CET", "UTC", "+03", "-0530", "+05:30"), or null when unknown or ambiguous.
 */
export function zoneAbbreviationOffset(abbr: string): number | null {
  const known = ABBREVIATIONS.get(abbr);
  if (known !== undefined) return known;
  const first = abbr.charCodeAt(0);
  if (first === 43 /* + */ || first === 45 /* - */) return parseNumericOffset(abbr);
  const upper = abbr.toUpperCase();
  return upper === abbr ? null : (ABBREVIATIONS.get(upper) ?? null);
}
