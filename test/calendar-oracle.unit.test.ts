// domain/calendar.ts computes on the platform (integer day numbers, Intl for Europe/Amsterdam); it
// used to wrap luxon. Luxon (a dev dependency only) stays the oracle: on random days, instants and
// ISO strings both must answer alike, including DST days, month ends and leap years.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import * as cal from '../domain/calendar.js';

const ZONE = 'Europe/Amsterdam';
const utc = (d: string) => DateTime.fromISO(d, { zone: 'utc' });
const attempt = (f: () => unknown) => {
  try {
    return f();
  } catch {
    return 'invalid';
  }
};
const day = fc.integer({ min: -25_000, max: 50_000 }).map((n) => DateTime.fromMillis(n * 86_400_000, { zone: 'utc' }).toISODate()!);
const runs = { numRuns: 3000 };

describe('calendar.ts answers as luxon did (1900–2100)', () => {
  it('day arithmetic, month ends, weekdays', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3000, max: 3000 }), (d, n) => {
        expect(cal.addDays(d, n)).toBe(utc(d).plus({ days: n }).toISODate());
        expect(cal.addMonths(d, n % 240)).toBe(utc(d).plus({ months: n % 240 }).toISODate());
        expect(cal.addYears(d, n % 40)).toBe(utc(d).plus({ years: n % 40 }).toISODate());
        expect(cal.endOfMonth(d)).toBe(utc(d).endOf('month').toISODate());
        expect(cal.firstOfNextMonth(d)).toBe(utc(d).startOf('month').plus({ months: 1 }).toISODate());
        expect(cal.dayOfWeek(d)).toBe(utc(d).weekday);
        expect(cal.daysBetween(d, '2026-03-29')).toBe(Math.round(utc('2026-03-29').diff(utc(d), 'days').days));
      }),
      runs,
    );
  });

  it('the instant a day starts and the day of an instant, around every DST change too', () => {
    fc.assert(
      fc.property(day, (d) => {
        expect(cal.startOfDay(d)).toBe(DateTime.fromISO(d, { zone: ZONE }).startOf('day').toUTC().toISO());
      }),
      runs,
    );
    const instant = fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());
    fc.assert(fc.property(instant, (i) => void expect(cal.localDateOf(i)).toBe(DateTime.fromISO(i, { zone: ZONE }).toISODate())), runs);
    for (const y of [1977, 1996, 2026, 2027, 2099]) {
      for (const m of [3, 10]) {
        for (let h = 0; h < 14 * 24 * 4; h++) {
          const i = new Date(Date.UTC(y, m - 1, 18) + h * 900_000 - 1).toISOString();
          expect(cal.localDateOf(i), i).toBe(DateTime.fromISO(i, { zone: ZONE }).toISODate());
        }
      }
    }
  });

  it('toInstant reads (and refuses) what luxon read (and refused)', () => {
    const two = (a: number, b: number) => fc.integer({ min: a, max: b }).map((x) => String(x).padStart(2, '0'));
    const text = fc
      .tuple(fc.constantFrom('2026', '1999', '2028', '+002026'), fc.constantFrom('-', ''), two(0, 13), two(0, 32), fc.constantFrom('T', 't', ' '), two(0, 25), fc.constantFrom(':', ''), two(0, 61), two(0, 61), fc.constantFrom('', '.5', '.123', ',9999', '.1234567'), fc.constantFrom('Z', 'z', '+01:00', '-0530', '+02', '', '-00:30', '+01:0'), fc.integer({ min: 0, max: 4 }))
      .map(([y, s, mo, d, t, h, c, mi, se, f, o, shape]) =>
        [`${y}${s}${mo}${s}${d}${t}${h}${o}`, `${y}${s}${mo}${s}${d}${t}${h}${c}${mi}${o}`, `${y}${t}${h}${c}${mi}${o}`, `${y}${s}${mo}${t}${h}${c}${mi}${c}${se}${o}`, `${y}${s}${mo}${s}${d}${t}${h}${c}${mi}${c}${se}${f}${o}`][shape]!,
      );
    fc.assert(
      fc.property(text, (s) => {
        const d = DateTime.fromISO(s, { setZone: true });
        const expected = d.isValid && s.includes('T') && /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(s) ? d.toUTC().toISO() : 'invalid';
        expect(attempt(() => cal.toInstant(s)), s).toBe(expected);
      }),
      { numRuns: 10_000 },
    );
  });
});
