// Calendar reasoning in Europe/Amsterdam (R-TIME-01..03), thin over luxon. Pure: the clock is an
// input (R-TIME-04), so nothing here reads the current time.
import { DateTime } from 'luxon';
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

function local(date: LocalDate): DateTime {
  // A calendar day has no time of day, so day and month arithmetic needs no time zone: UTC is a
  // carrier without DST, and luxon's zone offset search (most of decide()'s time) is skipped.
  const d = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (d === undefined || !d.isValid) throw new RangeError(`invalid LocalDate: ${date}`);
  return d;
}

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

function dateOf(d: DateTime): LocalDate {
  const s = d.toISODate();
  if (s === null) throw new RangeError('date out of range');
  return s;
}

function instantOf(d: DateTime): Instant {
  const s = d.toUTC().toISO({ suppressMilliseconds: false });
  if (s === null) throw new RangeError('instant out of range');
  return s;
}

function assertInteger(name: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}

// --- Instants ---

/** Normalises an ISO-8601 timestamp with an explicit offset ('Z', '+02:00') to a UTC Instant. */
export function toInstant(isoWithAnyOffset: string): Instant {
  const d = DateTime.fromISO(isoWithAnyOffset, { setZone: true });
  // Without an offset the moment would depend on a guessed zone: refuse rather than guess.
  if (!d.isValid || !isoWithAnyOffset.includes('T') || !HAS_OFFSET.test(isoWithAnyOffset)) {
    throw new RangeError(`not an ISO-8601 timestamp with offset: ${isoWithAnyOffset}`);
  }
  return instantOf(d);
}

/** The Amsterdam calendar day an instant falls on. */
export const localDateOf: (instant: Instant) => LocalDate = memo((instant) => dateOf(DateTime.fromISO(toInstant(instant), { zone: ZONE })));

/** The instant of 00:00 Amsterdam time on `date` (23:00Z or 22:00Z the day before, by DST). */
export const startOfDay: (date: LocalDate) => Instant = memo((date) => {
  local(date);
  return instantOf(DateTime.fromISO(date, { zone: ZONE }).startOf('day'));
});

export function isValidLocalDate(s: string): boolean {
  return LOCAL_DATE.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid;
}

// --- Arithmetic (R-TIME-02) ---

// The time rules ask the same few questions of the same days on every step of a decision
// (next period start, notice deadline, thresholds): answers are memoised, bounded.
const plusDays = memo((key) => dateOf(local(key.slice(0, 10)).plus({ days: Number(key.slice(11)) })), 50_000);
const plusMonths = memo((key) => dateOf(local(key.slice(0, 10)).plus({ months: Number(key.slice(11)) })), 50_000);
const plusYears = memo((key) => dateOf(local(key.slice(0, 10)).plus({ years: Number(key.slice(11)) })), 50_000);
const between = memo((key) => Math.round(local(key.slice(11)).diff(local(key.slice(0, 10)), 'days').days), 50_000);

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
  return dateOf(local(date).endOf('month'));
}

export function firstOfMonth(date: LocalDate): LocalDate {
  return dateOf(local(date).startOf('month'));
}

export function firstOfNextMonth(date: LocalDate): LocalDate {
  return dateOf(local(date).startOf('month').plus({ months: 1 }));
}

/** `date` itself when it is the 1st, else the 1st of the next month. */
export function firstOfMonthOnOrAfter(date: LocalDate): LocalDate {
  return local(date).day === 1 ? date : firstOfNextMonth(date);
}

// --- Working days (R-TIME-03) ---

export function dayOfWeek(date: LocalDate): Weekday {
  return local(date).weekday as Weekday;
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
