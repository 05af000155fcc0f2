// Calendar reasoning in Europe/Amsterdam (R-TIME-01..03) on the platform alone: calendar days are
// integer day numbers (civil.ts, no time zone needed), and the two zone conversions (the day of an
// instant, the instant a day starts) ask the runtime's time zone database through
// Intl.DateTimeFormat, as a date library would. Pure: the clock is an input (R-TIME-04), so
// nothing here reads the current time.
import { dayNumber, daysInMonth, formatCivil, formatDayNumber, parseCivil, plusMonths as civilPlusMonths, weekdayOf, type Civil } from './civil.js';
import { publicHolidays } from './law.js';

/** ISO-8601 UTC instant with milliseconds, e.g. '2026-03-01T08:30:00.000Z'. */
export type Instant = string;
/** 'YYYY-MM-DD', an Amsterdam calendar day. */
export type LocalDate = string;
/** 1 = Monday … 7 = Sunday (ISO). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const ZONE = 'Europe/Amsterdam';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const DAY_MS = 86_400_000;

function local(date: LocalDate): Civil {
  // A calendar day has no time of day, so day and month arithmetic needs no time zone: the day
  // number is a carrier without DST, and the zone offset search is skipped.
  const d = LOCAL_DATE.test(date) ? parseCivil(date) : undefined;
  if (d === undefined) throw new RangeError(`invalid LocalDate: ${date}`);
  return d;
}

const dayOf = (date: LocalDate): number => {
  const c = local(date);
  return dayNumber(c.year, c.month, c.day);
};

/** Small bounded memo for the two zone conversions, which the rules repeat on the same days. */
function memo<R>(fn: (s: string) => R, max = 20_000): (s: string) => R {
  const cache = new Map<string, R>();
  return (s) => {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
    const value = fn(s);
    if (cache.size >= max) cache.clear();
    cache.set(s, value);
    return value;
  };
}

function assertInteger(name: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}

// --- The zone (Europe/Amsterdam, from the runtime's tz database) ---

let zoneFormat: Intl.DateTimeFormat | undefined;

/** Amsterdam's offset from UTC in minutes at epoch milliseconds `ts` (+60 in winter, +120 in summer). */
function zoneOffset(ts: number): number {
  // Created on first use: constructing a formatter costs a millisecond or two of a cold start.
  zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, bc = false;
  for (const p of zoneFormat.formatToParts(ts)) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value) % 24; break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
      case 'era': bc = /^B/i.test(p.value); break;
      default: break;
    }
  }
  if (bc) year = 1 - year;
  const wall = dayNumber(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
  return (wall - (ts - (((ts % 1000) + 1000) % 1000))) / 60_000;
}

/**
 * The instant of the Amsterdam wall-clock time `wall` (epoch ms read as if UTC): the offset is
 * guessed at `wall`, corrected once, and in a DST gap the later offset wins (as luxon resolves it).
 */
function instantOfWall(wall: number): number {
  const o = zoneOffset(wall);
  let guess = wall - o * 60_000;
  const o2 = zoneOffset(guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60_000;
  const o3 = zoneOffset(guess);
  if (o2 === o3) return guess;
  return wall - Math.min(o2, o3) * 60_000;
}

function instantText(ts: number): Instant {
  if (!Number.isFinite(ts) || Math.abs(ts) > 8.64e15) throw new RangeError('instant out of range');
  return new Date(ts).toISOString();
}

// --- Instants ---

// ISO 8601 calendar date and time with an offset, extended or basic format (what luxon's fromISO
// reads of these forms): 2026-03-01T09:30+01:00, 2026-03-01T08:30:00.123Z, 20260301T083000+0100.
const ISO_WITH_OFFSET = /^([+-]\d{6}|\d{4})(?:-?(\d\d)(?:-?(\d\d))?)?[Tt](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d{1,30}))?)?)?(?:([Zz])|([+-]\d\d)(?::?(\d\d))?)$/;

function parseInstant(s: string): number | undefined {
  const m = ISO_WITH_OFFSET.exec(s);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (minute > 59 || second > 59 || (hour > 23 && !(hour === 24 && minute === 0 && second === 0 && ms === 0))) return undefined;
  let offset = 0;
  if (m[9] !== undefined) {
    const h = Number(m[9]);
    const mm = m[10] === undefined ? 0 : Number(m[10]);
    offset = h * 60 + (m[9].startsWith('-') ? -mm : mm);
  }
  return dayNumber(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset * 60_000;
}

/** Normalises an ISO-8601 timestamp with an explicit offset ('Z', '+02:00') to a UTC Instant. */
export function toInstant(isoWithAnyOffset: string): Instant {
  const ts = parseInstant(isoWithAnyOffset);
  // Without an offset the moment would depend on a guessed zone: refuse rather than guess.
  if (ts === undefined || !isoWithAnyOffset.includes('T') || !HAS_OFFSET.test(isoWithAnyOffset)) {
    throw new RangeError(`not an ISO-8601 timestamp with offset: ${isoWithAnyOffset}`);
  }
  return instantText(ts);
}

/** The Amsterdam calendar day an instant falls on. */
export const localDateOf: (instant: Instant) => LocalDate = memo((instant) => {
  const ts = parseInstant(toInstant(instant))!;
  return formatDayNumber(Math.floor((ts + zoneOffset(ts) * 60_000) / DAY_MS));
});

/** The instant of 00:00 Amsterdam time on `date` (23:00Z or 22:00Z the day before, by DST). */
export const startOfDay: (date: LocalDate) => Instant = memo((date) => instantText(instantOfWall(dayOf(date) * DAY_MS)));

export function isValidLocalDate(s: string): boolean {
  return LOCAL_DATE.test(s) && parseCivil(s) !== undefined;
}

// --- Arithmetic (R-TIME-02) ---

// The time rules ask the same few questions of the same days on every step of a decision
// (next period start, notice deadline, thresholds): answers are memoised, bounded.
const civilText = (c: Civil): LocalDate => formatCivil(c.year, c.month, c.day);
const plusDays = memo((key) => formatDayNumber(dayOf(key.slice(0, 10)) + Number(key.slice(11))), 50_000);
const plusMonths = memo((key) => civilText(civilPlusMonths(local(key.slice(0, 10)), Number(key.slice(11)))), 50_000);
const plusYears = memo((key) => civilText(civilPlusMonths(local(key.slice(0, 10)), 12 * Number(key.slice(11)))), 50_000);
const between = memo((key) => dayOf(key.slice(11)) - dayOf(key.slice(0, 10)), 50_000);

function checked(date: LocalDate, n: number): string {
  assertInteger('n', n);
  if (!LOCAL_DATE.test(date)) throw new RangeError(`invalid LocalDate: ${date}`);
  return `${date}|${n}`;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return n === 0 ? (local(date), date) : plusDays(checked(date, n));
}

/** Calendar months with end-of-month clamping: 2026-01-31 + 1 = 2026-02-28 (R-TIME-02). */
export function addMonths(date: LocalDate, n: number): LocalDate {
  return plusMonths(checked(date, n));
}

/** Calendar years, clamping 29 February to 28 February in common years. */
export function addYears(date: LocalDate, n: number): LocalDate {
  return plusYears(checked(date, n));
}

/** Calendar days from a to b (b − a); negative when b is before a. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  if (!LOCAL_DATE.test(a)) throw new RangeError(`invalid LocalDate: ${a}`);
  if (!LOCAL_DATE.test(b)) throw new RangeError(`invalid LocalDate: ${b}`);
  return between(`${a}|${b}`);
}

export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  if (!LOCAL_DATE.test(a)) throw new RangeError(`invalid LocalDate: ${a}`);
  if (!LOCAL_DATE.test(b)) throw new RangeError(`invalid LocalDate: ${b}`);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBefore(a: LocalDate, b: LocalDate): boolean {
  return compareDates(a, b) < 0;
}

export function isAfter(a: LocalDate, b: LocalDate): boolean {
  return compareDates(a, b) > 0;
}

/** The latest of the dates (at least one). */
export function maxDate(first: LocalDate, ...rest: LocalDate[]): LocalDate {
  return rest.reduce((m, d) => (compareDates(d, m) > 0 ? d : m), first);
}

/** The earliest of the dates (at least one). */
export function minDate(first: LocalDate, ...rest: LocalDate[]): LocalDate {
  return rest.reduce((m, d) => (compareDates(d, m) < 0 ? d : m), first);
}

// --- Months ---

/** The last local day of the month of `date` (the month ends at 24:00 of this day, R-TIME-01). */
export function endOfMonth(date: LocalDate): LocalDate {
  const c = local(date);
  return civilText(civilPlusMonths({ year: c.year, month: c.month, day: 31 }, 0));
}

export function firstOfMonth(date: LocalDate): LocalDate {
  const c = local(date);
  return formatCivil(c.year, c.month, 1);
}

export function firstOfNextMonth(date: LocalDate): LocalDate {
  const c = local(date);
  return civilText(civilPlusMonths({ year: c.year, month: c.month, day: 1 }, 1));
}

/** `date` itself when it is the 1st, else the 1st of the next month. */
export function firstOfMonthOnOrAfter(date: LocalDate): LocalDate {
  return local(date).day === 1 ? date : firstOfNextMonth(date);
}

// --- Working days (R-TIME-03) ---

export function dayOfWeek(date: LocalDate): Weekday {
  return weekdayOf(dayOf(date)) as Weekday;
}

const holidayCache = new Map<number, ReadonlySet<LocalDate>>();

function holidaysOf(year: number): ReadonlySet<LocalDate> {
  let set = holidayCache.get(year);
  if (set === undefined) {
    set = new Set(publicHolidays(year));
    holidayCache.set(year, set);
  }
  return set;
}

/** A holiday of the Algemene termijnenwet or a decreed bridge day (LAW.md); weekends not included. */
export function isPublicHoliday(date: LocalDate): boolean {
  return holidaysOf(local(date).year).has(date);
}

export function isWorkingDay(date: LocalDate): boolean {
  return dayOfWeek(date) <= 5 && !isPublicHoliday(date);
}

/** The n-th working day after `date` (n ≥ 1); `date` itself never counts. */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  assertInteger('n', n);
  if (n < 1) throw new RangeError(`n must be at least 1, got ${n}`);
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

export function nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
