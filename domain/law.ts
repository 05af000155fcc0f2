// Dutch statutory figures as dated data (the statutory tables the rulebook names). Published rates are looked up,
// never derived; rows marked ⚠ in LAW.md carry `verify: true` so they can be checked and fixed here.
import type { LocalDate } from './calendar.js';
import { dayNumber, formatCivil, formatDayNumber, parseCivil, plusMonths as civilPlusMonths, weekdayOf, type Civil } from './civil.js';
import { divideHalfUp, type BasisPoints, type Cents } from './money.js';

/** One row of a dated rate table: `rateBp` applies from `from` (inclusive) until the next row. */
export interface RateRow {
  readonly from: LocalDate;
  readonly rateBp: BasisPoints;
  readonly source: string;
  /** Secondary source (⚠ in LAW.md): check against the primary publication before relying on it. */
  readonly verify?: boolean;
}

export type RateTable = readonly RateRow[];

const SRC_119 = 'art. 6:119 BW; rate set by AMvB (rijksoverheid.nl, "Wettelijke rente")';
const SRC_119A = 'art. 6:119a BW; ECB main refinancing rate on the first day of the half-year + 8 pp';
const SRC_SECONDARY = 'secondary source (⚠ in LAW.md), verify against the Staatscourant';

/** Statutory interest for consumer (non-commercial) transactions, art. 6:119 BW. */
export const CONSUMER_INTEREST: RateTable = [
  { from: '2015-01-01', rateBp: 200, source: SRC_119 },
  { from: '2023-01-01', rateBp: 400, source: SRC_119 },
  { from: '2023-07-01', rateBp: 600, source: SRC_119 },
  { from: '2024-01-01', rateBp: 700, source: SRC_119 },
  { from: '2025-01-01', rateBp: 600, source: SRC_119 },
  { from: '2026-01-01', rateBp: 400, source: `${SRC_119}; ${SRC_SECONDARY}`, verify: true },
];

/** Statutory commercial interest, art. 6:119a BW. */
export const COMMERCIAL_INTEREST: RateTable = [
  { from: '2015-01-01', rateBp: 805, source: SRC_119A },
  { from: '2016-07-01', rateBp: 800, source: SRC_119A },
  { from: '2023-01-01', rateBp: 1050, source: SRC_119A },
  { from: '2023-07-01', rateBp: 1200, source: SRC_119A },
  { from: '2024-01-01', rateBp: 1250, source: SRC_119A },
  { from: '2024-07-01', rateBp: 1225, source: SRC_119A },
  { from: '2025-01-01', rateBp: 1115, source: SRC_119A },
  { from: '2025-07-01', rateBp: 1015, source: SRC_119A },
  { from: '2026-01-01', rateBp: 1015, source: SRC_119A },
  { from: '2026-07-01', rateBp: 1040, source: `${SRC_119A}; ${SRC_SECONDARY}`, verify: true },
];

/** The rate in force on `date`; throws before the first row (we hold no figures for that period). */
export function rateOn(table: RateTable, date: LocalDate): BasisPoints {
  let found: RateRow | undefined;
  for (const row of table) if (row.from <= date && (found === undefined || row.from >= found.from)) found = row;
  if (found === undefined) throw new RangeError(`no statutory rate known for ${date}`);
  return found.rateBp;
}

export interface InterestSegment {
  readonly from: LocalDate;
  /** Exclusive. */
  readonly until: LocalDate;
  readonly days: number;
  readonly rateBp: BasisPoints;
  /** Principal the interest runs over, including interest capitalised in earlier years. */
  readonly principalCents: Cents;
  readonly interestCents: Cents;
}

export interface StatutoryInterest {
  readonly interestCents: Cents;
  readonly segments: readonly InterestSegment[];
}

const DAYS_PER_YEAR = 365n; // LAW.md: actual days / 365, also in leap years

/**
 * Statutory interest (art. 6:119 / 6:119a BW, R-DUN-02) over [from, until): actual days / 365,
 * split at every rate change and every anniversary of `from`; after each full year that year's
 * interest is added to the principal (6:119 lid 2, 6:119a lid 3).
 * Segment interest is for display: segments of one year share one rounding, each showing the
 * rounded running total minus the previous one, so they add up exactly to the year's interest.
 */
export function statutoryInterest(input: {
  principalCents: Cents;
  from: LocalDate;
  until: LocalDate;
  table: RateTable;
}): StatutoryInterest {
  const { from, until, table } = input;
  assertCents('principalCents', input.principalCents);
  if (until < asDate(from)) throw new RangeError(`until ${until} is before from ${from}`);
  asDate(until);

  const segments: InterestSegment[] = [];
  let principal = input.principalCents;
  let total = 0;
  for (let year = 0; ; year++) {
    const yearStart = plusYears(from, year);
    if (yearStart >= until) break;
    const anniversary = plusYears(from, year + 1);
    const yearEnd = anniversary < until ? anniversary : until;

    const cuts = table.map((r) => r.from).filter((d) => d > yearStart && d < yearEnd);
    const bounds = [yearStart, ...[...new Set(cuts)].sort(), yearEnd];
    // Rounded half-up once per capitalised year and once for the final partial year (R-MONEY-01).
    const denominator = 10_000n * DAYS_PER_YEAR;
    let exact = 0n;
    let shown = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const segFrom = bounds[i]!;
      const segUntil = bounds[i + 1]!;
      const days = daysFromTo(segFrom, segUntil);
      const rateBp = rateOn(table, segFrom);
      exact += BigInt(principal) * BigInt(rateBp) * BigInt(days);
      const runningTotal = divideHalfUp(exact, denominator);
      segments.push({ from: segFrom, until: segUntil, days, rateBp, principalCents: principal, interestCents: runningTotal - shown });
      shown = runningTotal;
    }
    total += shown;
    principal += shown; // capitalisation; irrelevant after the final (partial) year
  }
  return { interestCents: total, segments };
}

export interface ContractualInterest {
  readonly interestCents: Cents;
  /** Whole calendar months from `from` (R-TIME-02 arithmetic). */
  readonly months: number;
  /** Remaining days after the whole months, charged pro rata over 30. */
  readonly days: number;
}

/**
 * Simple contractual interest at a fixed monthly rate (e.g. 000's 2% per month = 200 bp, R-DUN-02):
 * whole calendar months from `from` (addMonths, end-of-month clamped) plus the remaining days at
 * 1/30 of a month each; no compounding, no "started month counts as a month"; rounded half-up once.
 */
export function contractualMonthlyInterest(input: {
  principalCents: Cents;
  from: LocalDate;
  until: LocalDate;
  monthlyBp: BasisPoints;
}): ContractualInterest {
  const { from, until, monthlyBp } = input;
  assertCents('principalCents', input.principalCents);
  if (!Number.isSafeInteger(monthlyBp)) throw new RangeError(`monthlyBp must be an integer, got ${monthlyBp}`);
  if (until < asDate(from)) throw new RangeError(`until ${until} is before from ${from}`);
  asDate(until);
  let months = 0;
  while (plusMonths(from, months + 1) <= until) months++;
  const days = daysFromTo(plusMonths(from, months), until);
  const interestCents = divideHalfUp(
    BigInt(input.principalCents) * BigInt(monthlyBp) * BigInt(months * 30 + days),
    10_000n * 30n,
  );
  return { interestCents, months, days };
}

// --- Extrajudicial collection costs (Besluit vergoeding voor buitengerechtelijke incassokosten) ---

/** WIK scale bands: `upToCents` is the cumulative upper bound of the band (null = no bound). */
export const WIK_SCALE: readonly { readonly upToCents: Cents | null; readonly rateBp: BasisPoints }[] = [
  { upToCents: 250_000, rateBp: 1500 },
  { upToCents: 500_000, rateBp: 1000 },
  { upToCents: 1_000_000, rateBp: 500 },
  { upToCents: 20_000_000, rateBp: 100 },
  { upToCents: null, rateBp: 50 },
];
export const WIK_MIN_CENTS = 4000;
export const WIK_MAX_CENTS = 677_500;
export const WIK_SOURCE = 'Besluit vergoeding voor buitengerechtelijke incassokosten, art. 2; art. 6:96 lid 5 BW';

/** Statutory collection costs for a principal (R-LAW-01): the scale, rounded half-up once, within [€40, €6,775]. */
export function wikCollectionCosts(principalCents: Cents): Cents {
  assertCents('principalCents', principalCents);
  let exact = 0n; // cents × basis points
  let lower = 0;
  for (const band of WIK_SCALE) {
    const upper = band.upToCents === null ? principalCents : Math.min(principalCents, band.upToCents);
    if (upper > lower) exact += BigInt(upper - lower) * BigInt(band.rateBp);
    if (band.upToCents === null || principalCents <= band.upToCents) break;
    lower = band.upToCents;
  }
  const costs = divideHalfUp(exact, 10_000n);
  return Math.min(WIK_MAX_CENTS, Math.max(WIK_MIN_CENTS, costs));
}

/** Consumers: the scale's minimum (art. 2 lid 1 Besluit BIK). */
export const CONSUMER_MIN_COLLECTION_COSTS_CENTS = 4000;
/** Businesses, commercial transactions: €40 due without reminder (art. 6:96 lid 4 BW). */
export const BUSINESS_MIN_COLLECTION_COSTS_CENTS = 4000;
/** 6:96 lid 6 BW: 14 days from the day after receipt; receipt assumed two days after sending (LAW.md). */
export const FOURTEEN_DAY_LETTER = { termDays: 14, assumedReceiptDays: 2 } as const;
/** Standard Dutch VAT rate since 2012-10-01. */
export const VAT_STANDARD_BP = 2100;
/** Reduced Dutch VAT rate. */
export const VAT_REDUCED_BP = 900;
/** Art. 52 lid 4 AWR (R-LAW-04). */
export const FISCAL_RETENTION_YEARS = 7;
/** GDPR art. 12(3): answer an erasure request within one month. */
export const GDPR_ERASURE_MONTHS = 1;

// --- Public holidays (Algemene termijnenwet, art. 3) ---

/** Days the minister has decreed equal to a public holiday (art. 3 lid 3 Algemene termijnenwet). */
export const BRIDGE_DAYS: readonly { readonly date: LocalDate; readonly source: string }[] = [
  { date: '2026-01-02', source: 'Algemene termijnenwet art. 3 lid 3; LAW.md' },
  { date: '2026-05-15', source: 'Algemene termijnenwet art. 3 lid 3; LAW.md' },
  { date: '2027-05-07', source: 'Algemene termijnenwet art. 3 lid 3; LAW.md' },
  { date: '2028-04-28', source: 'Algemene termijnenwet art. 3 lid 3; LAW.md' },
  { date: '2028-05-26', source: 'Algemene termijnenwet art. 3 lid 3; LAW.md' },
];

/** Easter Sunday by the Gregorian computus (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isSafeInteger(year) || year < 1583) throw new RangeError(`no Gregorian Easter for ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/**
 * Days of `year` that are not working days besides weekends (R-TIME-03), sorted: New Year, Good
 * Friday, Easter Monday, King's Day, Liberation Day, Ascension, Whit Monday, Christmas, bridge days.
 */
export function publicHolidays(year: number): LocalDate[] {
  const easter = easterSunday(year);
  const kingsDay = weekdayOf(dayNumber(year, 4, 27)) === 7 ? 26 : 27;
  const days = [
    ymd(year, 1, 1),
    plusDays(easter, -2), // Good Friday
    plusDays(easter, 1), // Easter Monday
    ymd(year, 4, kingsDay),
    ymd(year, 5, 5), // Liberation Day, every year for the Algemene termijnenwet
    plusDays(easter, 39), // Ascension
    plusDays(easter, 50), // Whit Monday
    ymd(year, 12, 25),
    ymd(year, 12, 26),
    ...BRIDGE_DAYS.map((b) => b.date).filter((d) => d.startsWith(`${year}-`)),
  ];
  return [...new Set(days)].sort();
}

// --- LocalDate helpers. Local-date arithmetic has no time of day, so a day number (civil.ts) is a
// DST-free carrier; importing calendar.ts here would make a cycle (calendar.ts imports this file).

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function civil(date: LocalDate): Civil {
  const c = LOCAL_DATE.test(date) ? parseCivil(date) : undefined;
  if (c === undefined) throw new RangeError(`invalid LocalDate: ${date}`);
  return c;
}

function asDate(date: LocalDate): LocalDate {
  civil(date);
  return date;
}

function assertCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be non-negative integer cents, got ${value}`);
}

function dayOf(date: LocalDate): number {
  const c = civil(date);
  return dayNumber(c.year, c.month, c.day);
}

function ymd(year: number, month: number, day: number): LocalDate {
  return formatCivil(year, month, day);
}

function plusDays(date: LocalDate, n: number): LocalDate {
  return formatDayNumber(dayOf(date) + n);
}

function plusMonths(date: LocalDate, n: number): LocalDate {
  const c = civilPlusMonths(civil(date), n);
  return formatCivil(c.year, c.month, c.day);
}

function plusYears(date: LocalDate, n: number): LocalDate {
  return plusMonths(date, 12 * n);
}

function daysFromTo(a: LocalDate, b: LocalDate): number {
  return dayOf(b) - dayOf(a);
}
