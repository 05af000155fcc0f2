// Civil (proleptic Gregorian) calendar arithmetic on 'YYYY-MM-DD' strings, without a time zone or
// a date library: a calendar day has no time of day, so a day number (days since 1970-01-01) is an
// exact, DST-free carrier. Shared by calendar.ts and law.ts (law.ts cannot import calendar.ts:
// calendar.ts imports law.ts). Pure integer arithmetic: no clock, no Date, no Intl.

export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The parts of a valid 'YYYY-MM-DD' (real month, real day of that month), else undefined. */
export function parseCivil(date: string): Civil | undefined {
  const m = YMD.exec(date);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Days from 1970-01-01 to the date (negative before), after H. Hinnant's days_from_civil. */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of dayNumber (civil_from_days). */
export function civilOf(n: number): Civil {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** ISO 8601 calendar date; years outside 0000–9999 in the expanded form (±YYYYYY), as ISO 8601 and luxon write them. */
export function formatCivil(year: number, month: number, day: number): string {
  const y = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

export const formatDayNumber = (n: number): string => {
  const c = civilOf(n);
  return formatCivil(c.year, c.month, c.day);
};

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

/** Calendar months, clamping the day to the end of the target month (31 Jan + 1 = 28/29 Feb). */
export function plusMonths(c: Civil, months: number): Civil {
  const index = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(c.day, daysInMonth(year, month)) };
}
