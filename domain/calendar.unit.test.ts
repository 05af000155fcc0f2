import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  compareDates,
  dayOfWeek,
  daysBetween,
  endOfMonth,
  firstOfMonth,
  firstOfMonthOnOrAfter,
  firstOfNextMonth,
  isAfter,
  isBefore,
  isPublicHoliday,
  isValidLocalDate,
  isWorkingDay,
  localDateOf,
  maxDate,
  minDate,
  nextWorkingDayOnOrAfter,
  startOfDay,
  toInstant,
  ZONE,
} from './calendar.js';

describe('R-TIME-01 days are Amsterdam calendar days, instants are UTC', () => {
  it('uses the Europe/Amsterdam zone', () => {
    expect(ZONE).toBe('Europe/Amsterdam');
  });

  it('normalises any offset to a UTC instant with milliseconds', () => {
    expect(toInstant('2026-03-01T09:30:00+01:00')).toBe('2026-03-01T08:30:00.000Z');
    expect(toInstant('2026-03-01T08:30:00Z')).toBe('2026-03-01T08:30:00.000Z');
    expect(toInstant('2026-07-01T00:15:00.123+02:00')).toBe('2026-06-30T22:15:00.123Z');
  });

  it('refuses a timestamp without offset (its moment would depend on a guessed zone)', () => {
    expect(() => toInstant('2026-03-01T08:30:00')).toThrow(RangeError);
    expect(() => toInstant('2026-03-01')).toThrow(RangeError);
    expect(() => toInstant('yesterday')).toThrow(RangeError);
  });

  it('puts 23:30Z on the next Amsterdam day in winter, 22:30Z in summer', () => {
    expect(localDateOf('2026-01-31T23:30:00.000Z')).toBe('2026-02-01');
    expect(localDateOf('2026-01-31T22:59:59.999Z')).toBe('2026-01-31');
    expect(localDateOf('2026-06-30T22:30:00.000Z')).toBe('2026-07-01');
  });

  it('starts the spring-forward day 2026-03-29 at 23:00Z and the next day at 22:00Z', () => {
    expect(startOfDay('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('starts the fall-back day 2026-10-25 at 22:00Z and the next day at 23:00Z', () => {
    expect(startOfDay('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDay('2026-10-26')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('counts the 23- and 25-hour DST days as one calendar day each', () => {
    expect(daysBetween('2026-03-28', '2026-03-31')).toBe(3);
    expect(daysBetween('2026-10-24', '2026-10-27')).toBe(3);
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(localDateOf(startOfDay('2026-10-25'))).toBe('2026-10-25');
  });

  it('validates local dates', () => {
    expect(isValidLocalDate('2028-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2026-2-1')).toBe(false);
    expect(isValidLocalDate('2026-01-01T00:00')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('ends a month on its last local day', () => {
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
    expect(endOfMonth('2028-02-01')).toBe('2028-02-29');
    expect(endOfMonth('2026-10-25')).toBe('2026-10-31');
    expect(firstOfMonth('2026-10-25')).toBe('2026-10-01');
    expect(firstOfNextMonth('2026-12-31')).toBe('2027-01-01');
    expect(firstOfMonthOnOrAfter('2026-03-01')).toBe('2026-03-01');
    expect(firstOfMonthOnOrAfter('2026-03-02')).toBe('2026-04-01');
  });

  it('compares, orders and picks dates', () => {
    expect(compareDates('2026-01-31', '2026-02-01')).toBe(-1);
    expect(compareDates('2026-02-01', '2026-02-01')).toBe(0);
    expect(isBefore('2025-12-31', '2026-01-01')).toBe(true);
    expect(isAfter('2025-12-31', '2026-01-01')).toBe(false);
    expect(maxDate('2026-03-01', '2027-01-01', '2026-12-31')).toBe('2027-01-01');
    expect(minDate('2026-03-01', '2027-01-01', '2026-02-28')).toBe('2026-02-28');
    expect(maxDate('2026-03-01')).toBe('2026-03-01');
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
  });
});

describe('R-TIME-02 month arithmetic clamps to the end of the month', () => {
  it('31 January + 1 month is 28 February in a common year, 29 in a leap year', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('29 February 2028 + 12 months is 28 February 2029; + 1 year likewise', () => {
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('clamps from the start date, not month by month: 31 Jan + 2 months = 31 Mar', () => {
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
  });

  it('property: addMonths never yields an invalid date and lands in the right month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -240, max: 240 }), (offset, n) => {
        const d = addDays('1950-01-01', offset);
        const r = addMonths(d, n);
        const [y, m] = d.split('-').map(Number) as [number, number];
        const [ry, rm, rd] = r.split('-').map(Number) as [number, number, number];
        const day = Number(d.slice(8));
        return (
          isValidLocalDate(r) &&
          ry * 12 + rm === y * 12 + m + n &&
          (rd === day || (rd < day && r === endOfMonth(r)))
        );
      }),
    );
  });

  it('property: daysBetween inverts addDays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -5000, max: 5000 }), (offset, n) => {
        const d = addDays('1950-01-01', offset);
        return daysBetween(d, addDays(d, n)) === n;
      }),
    );
  });
});

describe('R-TIME-03 working days exclude weekends, Atw holidays and bridge days', () => {
  it('numbers weekdays 1 = Monday … 7 = Sunday', () => {
    expect(dayOfWeek('2026-04-06')).toBe(1);
    expect(dayOfWeek('2026-04-05')).toBe(7);
  });

  it('knows Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr are holidays', () => {
    expect(isPublicHoliday('2026-04-03')).toBe(true);
    expect(isPublicHoliday('2026-04-06')).toBe(true);
    expect(isWorkingDay('2026-04-02')).toBe(true);
    expect(isWorkingDay('2026-04-07')).toBe(true);
  });

  it('the first working day after Thursday 2 Apr 2026 is Tuesday 7 Apr', () => {
    // 3 Apr Good Friday, 4–5 weekend, 6 Easter Monday
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(nextWorkingDayOnOrAfter('2026-04-03')).toBe('2026-04-07');
    expect(nextWorkingDayOnOrAfter('2026-04-02')).toBe('2026-04-02');
  });

  it("skips King's Day (Mon 27 Apr 2026) and Liberation Day (Tue 5 May 2026)", () => {
    expect(addWorkingDays('2026-04-24', 1)).toBe('2026-04-28');
    expect(addWorkingDays('2026-05-04', 1)).toBe('2026-05-06');
    // Fri 1 May → Mon 4, (Tue 5 skipped), Wed 6, Thu 7 = 3rd working day
    expect(addWorkingDays('2026-05-01', 3)).toBe('2026-05-07');
  });

  it("moves King's Day to the 26th when the 27th is a Sunday (2025) and keeps 5 May in non-lustrum years", () => {
    expect(isPublicHoliday('2025-04-26')).toBe(true); // a Saturday, still King's Day
    expect(isPublicHoliday('2025-04-27')).toBe(false);
    expect(isPublicHoliday('2027-05-05')).toBe(true);
  });

  it('skips Ascension 14 May 2026 and the bridge day 15 May 2026', () => {
    expect(isPublicHoliday('2026-05-14')).toBe(true);
    expect(isPublicHoliday('2026-05-15')).toBe(true);
    expect(addWorkingDays('2026-05-13', 1)).toBe('2026-05-18');
    expect(isPublicHoliday('2026-05-25')).toBe(true); // Whit Monday
  });

  it('skips the bridge day 2 Jan 2026 after New Year and Christmas', () => {
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
  });

  it('counts 10 working days over the Easter 2026 week', () => {
    // Mon 30 Mar … Thu 2 Apr (4), Tue 7 … Fri 10 (4), Mon 13, Tue 14
    expect(addWorkingDays('2026-03-29', 10)).toBe('2026-04-14');
  });

  it('refuses n < 1', () => {
    expect(() => addWorkingDays('2026-04-02', 0)).toThrow(RangeError);
  });
});
