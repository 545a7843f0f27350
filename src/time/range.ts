// Reads --since / --until values: journalctl's timestamp syntax first, plain English through
// chrono-node second, always against an explicit zone and "now" so results are reproducible.
import { createRequire } from 'node:module';

// chrono-node is loaded on first use, English only: the full package with every locale costs
// about 20 MB of memory at start-up, and most runs never parse a natural-language time.
type ChronoEn = typeof import('chrono-node/en');
let chronoEn: ChronoEn | null = null;
function chrono(): ChronoEn {
  chronoEn ??= createRequire(import.meta.url)('chrono-node/en') as ChronoEn;
  return chronoEn;
}
import { Zone, ZoneError, zoneAbbreviationOffset } from './zone.js';

/** Thrown when a time specification cannot be read; the message quotes it and shows examples. */
export class TimeSpecError extends Error {
  override readonly name = 'TimeSpecError';
}

const EXAMPLES =
  '"2025-12-25", "2025-12-25 13:05:12", "13:05", "2025-12-25T13:05:12+01:00", "now", ' +
  '"yesterday", "-2h", "-1h 30min", "2 hours ago", "@1700000000", "last monday 9am"';

const US_PER_S = 1_000_000;

// Time span units as systemd.time(7) lists them (plus the plurals "secs", "mins", "hrs" that
// people type anyway), in microseconds. A month and a year are systemd's averages (30.44 and
// 365.25 days), not calendar steps.
const UNITS = new Map<string, number>([
  ['us', 1], ['usec', 1], ['µs', 1], ['μs', 1],
  ['ms', 1000], ['msec', 1000],
  ['s', US_PER_S], ['sec', US_PER_S], ['secs', US_PER_S], ['second', US_PER_S], ['seconds', US_PER_S],
  ['m', 60 * US_PER_S], ['min', 60 * US_PER_S], ['mins', 60 * US_PER_S], ['minute', 60 * US_PER_S], ['minutes', 60 * US_PER_S],
  ['h', 3600 * US_PER_S], ['hr', 3600 * US_PER_S], ['hrs', 3600 * US_PER_S], ['hour', 3600 * US_PER_S], ['hours', 3600 * US_PER_S],
  ['d', 86_400 * US_PER_S], ['day', 86_400 * US_PER_S], ['days', 86_400 * US_PER_S],
  ['w', 604_800 * US_PER_S], ['week', 604_800 * US_PER_S], ['weeks', 604_800 * US_PER_S],
  ['month', 2_629_800 * US_PER_S], ['months', 2_629_800 * US_PER_S],
  ['y', 31_557_600 * US_PER_S], ['year', 31_557_600 * US_PER_S], ['years', 31_557_600 * US_PER_S],
]);
const MONTH_US = 2_629_800 * US_PER_S;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const DATE_TIME =
  /^(?:([a-z]+),?\s+)?(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?)|\s+(\S+))?$/i;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?)|\s+(\S+))?$/i;
const EPOCH = /^@([+-]?)(\d+)(?:\.(\d*))?$/;
const SPAN_PART = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-zµμ]*)\s*/i;

/**
 * Microseconds since the epoch for a --since/--until value. Accepts the forms of
 * systemd.time(7) "PARSING TIMESTAMPS" (dates, times, ISO 8601 with offset, now/today/
 * yesterday/tomorrow, "+5min", "-1h 30min", "2 hours ago", "@1700000000.5") and, failing
 * those, natural English via chrono-node. Wall-clock values are read in `opts.zone` unless
 * the text names its own offset or zone; relative ones count from `opts.nowMs`.
 */
export function parseTimeSpec(text: string, opts: { zone: Zone; nowMs: number }): number {
  const spec = text.trim();
  const nowUs = Math.round(opts.nowMs * 1000);
  if (spec === '') throw invalid(text);
  const lower = spec.toLowerCase();

  switch (lower) {
    case 'now':
      return nowUs;
    case 'epoch':
      return 0;
    case 'today':
      return midnight(opts.zone, opts.nowMs, 0);
    case 'yesterday':
      return midnight(opts.zone, opts.nowMs, -1);
    case 'tomorrow':
      return midnight(opts.zone, opts.nowMs, 1);
    default:
      break;
  }

  const epoch = EPOCH.exec(spec);
  if (epoch !== null) {
    const frac = (epoch[3] ?? '').slice(0, 6).padEnd(6, '0');
    const us = Number(epoch[2]) * US_PER_S + Number(frac);
    return epoch[1] === '-' ? -us : us;
  }

  const relative = parseRelative(spec);
  if (relative !== null) return nowUs + relative;

  const dt = DATE_TIME.exec(spec);
  if (dt !== null) return fromDateTime(text, dt, opts.zone);

  const t = TIME_ONLY.exec(spec);
  if (t !== null) return fromTimeOnly(text, t, opts);

  const natural = parseNatural(spec, opts);
  if (natural !== null) return natural;
  throw invalid(text);
}

function invalid(text: string, why?: string): TimeSpecError {
  const reason = why === undefined ? '' : ` (${why})`;
  return new TimeSpecError(`cannot read time "${text}"${reason}; examples of accepted forms: ${EXAMPLES}`);
}

/** Midnight at the start of today + `dayDelta` days, as the calendar in `zone` has it. */
function midnight(zone: Zone, nowMs: number, dayDelta: number): number {
  const wall = new Date(nowMs + zone.offsetMinutesAt(nowMs) * 60_000);
  return (
    zone.wallToUtcMs(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + dayDelta, 0, 0, 0) *
    1000
  );
}

/**
 * Signed microseconds for "+5min", "-1h 30min", "2 hours ago", "5min left" or "in 3 days";
 * null when the text is not a span. A bare number counts as seconds, as in systemd.
 */
function parseRelative(spec: string): number | null {
  let body: string;
  let sign: number;
  const first = spec.charCodeAt(0);
  if (first === 43 /* + */ || first === 45 /* - */) {
    body = spec.slice(1).trimStart();
    sign = first === 45 ? -1 : 1;
  } else {
    const m = /^(?:in\s+(.+)|(.+?)\s+(ago|left))$/i.exec(spec);
    if (m === null) return null;
    body = m[1] ?? m[2]!;
    sign = m[3] !== undefined && m[3].toLowerCase() === 'ago' ? -1 : 1;
  }
  const span = parseSpan(body);
  return span === null ? null : sign * span;
}

function parseSpan(body: string): number | null {
  let rest = body;
  let total = 0;
  if (rest === '') return null;
  while (rest !== '') {
    const m = SPAN_PART.exec(rest);
    if (m === null) return null;
    const unitText = m[2]!;
    let unit: number | undefined;
    if (unitText === '') unit = US_PER_S;
    else if (unitText === 'M') unit = MONTH_US; // the one case where case matters: M vs m
    else unit = UNITS.get(unitText.toLowerCase());
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** Microseconds for fraction digits ("5" → 500000); digits past the sixth are dropped. */
function fractionMicros(digits: string | undefined): number {
  if (digits === undefined || digits === '') return 0;
  return Number(digits.slice(0, 6).padEnd(6, '0'));
}

type Resolved = { kind: 'offset'; minutes: number } | { kind: 'zone'; zone: Zone };

/** The zone a timestamp names for itself ("Z", "+01:00", "CET", "Europe/Berlin"), if any. */
function explicitZone(text: string, numeric: string | undefined, word: string | undefined): Resolved | null {
  if (numeric !== undefined) {
    if (numeric === 'Z' || numeric === 'z') return { kind: 'offset', minutes: 0 };
    const minutes = zoneAbbreviationOffset(numeric);
    if (minutes === null) throw invalid(text, `bad UTC offset "${numeric}"`);
    return { kind: 'offset', minutes };
  }
  if (word === undefined) return null;
  const minutes = zoneAbbreviationOffset(word);
  if (minutes !== null) return { kind: 'offset', minutes };
  // ICU still knows some bare abbreviations as zone ids ("IST" → India); the ones our table
  // leaves out are ambiguous, so refuse them instead of guessing.
  if (/^[A-Z]{2,5}$/.test(word)) throw invalid(text, `ambiguous or unknown zone abbreviation "${word}"`);
  try {
    return { kind: 'zone', zone: Zone.resolve(word) };
  } catch (e) {
    if (e instanceof ZoneError) throw invalid(text, `unknown time zone "${word}"`);
    throw e;
  }
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 1) return isLeap(y) ? 29 : 28;
  return mo === 3 || mo === 5 || mo === 8 || mo === 10 ? 30 : 31;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function toMicros(
  text: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  us: number,
  tz: Resolved | null,
  zone: Zone,
): number {
  if (mo < 0 || mo > 11) throw invalid(text, 'month out of range');
  if (d < 1 || d > daysInMonth(y, mo)) throw invalid(text, 'day out of range');
  if (h > 23 || mi > 59 || s > 59) throw invalid(text, 'time out of range');
  if (tz !== null && tz.kind === 'offset') {
    return (Date.UTC(y, mo, d, h, mi, s) - tz.minutes * 60_000) * 1000 + us;
  }
  const z = tz === null ? zone : tz.zone;
  return z.wallToUtcMs(y, mo, d, h, mi, s) * 1000 + us;
}

function fromDateTime(text: string, m: RegExpExecArray, zone: Zone): number {
  const y = Number(m[2]);
  const mo = Number(m[3]) - 1;
  const d = Number(m[4]);
  const weekday = m[1];
  if (weekday !== undefined) {
    const w = weekday.toLowerCase();
    const want = WEEKDAYS.indexOf(w) >= 0 ? WEEKDAYS.indexOf(w) : WEEKDAY_NAMES.indexOf(w);
    if (want < 0) throw invalid(text, `"${weekday}" is not a weekday`);
    // systemd insists the weekday agrees with the date; a mismatch usually means a typo.
    if (new Date(Date.UTC(y, mo, d)).getUTCDay() !== want) {
      throw invalid(text, `${y}-${m[3]}-${m[4]} is not a ${WEEKDAY_NAMES[want]}`);
    }
  }
  const tz = explicitZone(text, m[9], m[10]);
  return toMicros(
    text,
    y,
    mo,
    d,
    m[5] === undefined ? 0 : Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
    m[7] === undefined ? 0 : Number(m[7]),
    fractionMicros(m[8]),
    tz,
    zone,
  );
}

function fromTimeOnly(text: string, m: RegExpExecArray, opts: { zone: Zone; nowMs: number }): number {
  const tz = explicitZone(text, m[5], m[6]);
  // "Today" is the date in whatever zone the time is read in.
  const offset =
    tz === null ? opts.zone.offsetMinutesAt(opts.nowMs)
    : tz.kind === 'offset' ? tz.minutes
    : tz.zone.offsetMinutesAt(opts.nowMs);
  const today = new Date(opts.nowMs + offset * 60_000);
  return toMicros(
    text,
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate(),
    Number(m[1]),
    Number(m[2]),
    m[3] === undefined ? 0 : Number(m[3]),
    fractionMicros(m[4]),
    tz,
    opts.zone,
  );
}

/**
 * chrono-node for everything else. Its reference carries the zone's current offset so words
 * like "yesterday" follow the zone's calendar; the wall-clock fields it returns are then
 * converted with our own zone rules, which unlike a fixed offset know about DST changes
 * between now and the named day. Only an exact parse of the whole text counts: chrono happily
 * picks a date out of surrounding words, which for a range bound would hide typos.
 */
function parseNatural(spec: string, opts: { zone: Zone; nowMs: number }): number | null {
  const results = chrono().casual.parse(
    spec,
    { instant: new Date(opts.nowMs), timezone: opts.zone.offsetMinutesAt(opts.nowMs) },
    { forwardDate: false },
  );
  if (results.length !== 1) return null;
  const r = results[0]!;
  if (r.index !== 0 || r.text.trim() !== spec || r.end != null) return null;
  const c = r.start;
  if (c.isCertain('timezoneOffset') || c.tags().has('result/relativeDateAndTime')) {
    return c.date().getTime() * 1000;
  }
  const y = c.get('year');
  const mo = c.get('month');
  const d = c.get('day');
  if (y === null || mo === null || d === null) return null;
  // A day without a clock time means its start, like "2025-12-25" does; chrono would say noon.
  if (!c.isCertain('hour')) return opts.zone.wallToUtcMs(y, mo - 1, d, 0, 0, 0) * 1000;
  const ms = opts.zone.wallToUtcMs(y, mo - 1, d, c.get('hour') ?? 0, c.get('minute') ?? 0, c.get('second') ?? 0);
  return (ms + (c.get('millisecond') ?? 0)) * 1000;
}
