import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './calendar.js';
import {
  BRIDGE_DAYS,
  COMMERCIAL_INTEREST,
  CONSUMER_INTEREST,
  contractualMonthlyInterest,
  easterSunday,
  publicHolidays,
  rateOn,
  statutoryInterest,
  wikCollectionCosts,
  WIK_MAX_CENTS,
  WIK_MIN_CENTS,
} from './law.js';

describe('LAW.md rate tables', () => {
  it('are sorted, sourced and flag the ⚠ rows for verification', () => {
    for (const table of [CONSUMER_INTEREST, COMMERCIAL_INTEREST]) {
      const froms = table.map((r) => r.from);
      expect(froms).toEqual([...froms].sort());
      for (const row of table) expect(row.source).not.toBe('');
    }
    expect(CONSUMER_INTEREST.filter((r) => r.verify).map((r) => r.from)).toEqual(['2026-01-01']);
    expect(COMMERCIAL_INTEREST.filter((r) => r.verify).map((r) => r.from)).toEqual(['2026-07-01']);
  });

  it('looks rates up by date, the change applying from its own day', () => {
    expect(rateOn(COMMERCIAL_INTEREST, '2025-06-30')).toBe(1115);
    expect(rateOn(COMMERCIAL_INTEREST, '2025-07-01')).toBe(1015);
    expect(rateOn(CONSUMER_INTEREST, '2026-03-15')).toBe(400);
    expect(rateOn(CONSUMER_INTEREST, '2019-05-01')).toBe(200);
    expect(() => rateOn(CONSUMER_INTEREST, '2014-12-31')).toThrow(RangeError);
  });
});

describe('R-DUN-02 statutory interest, actual/365, split at rate changes, capitalised yearly', () => {
  it('€1,000 commercial, 1 Jun – 1 Jul 2025: 30 days at 11.15% = €9.16', () => {
    // 1000 · 0.1115 · 30/365 = 9.1644 → 916 cents
    const r = statutoryInterest({ principalCents: 100_000, from: '2025-06-01', until: '2025-07-01', table: COMMERCIAL_INTEREST });
    expect(r.interestCents).toBe(916);
    expect(r.segments).toEqual([
      { from: '2025-06-01', until: '2025-07-01', days: 30, rateBp: 1115, principalCents: 100_000, interestCents: 916 },
    ]);
  });

  it('€1,000 commercial, 1 Jun – 1 Aug 2025 crosses the 1 Jul rate change (11.15% → 10.15%)', () => {
    // June: 1000 · 0.1115 · 30/365 = 9.16438
    // July: 1000 · 0.1015 · 31/365 = 8.62055
    // sum 17.78493 → one rounding → €17.78; segments show 9.16 and 17.78 − 9.16 = 8.62
    const r = statutoryInterest({ principalCents: 100_000, from: '2025-06-01', until: '2025-08-01', table: COMMERCIAL_INTEREST });
    expect(r.interestCents).toBe(1778);
    expect(r.segments.map((s) => [s.from, s.until, s.days, s.rateBp, s.interestCents])).toEqual([
      ['2025-06-01', '2025-07-01', 30, 1115, 916],
      ['2025-07-01', '2025-08-01', 31, 1015, 862],
    ]);
  });

  it('€1,000 commercial, 1 Jul 2024 – 1 Oct 2025: the first year is added to the principal', () => {
    // Year 1 (1 Jul 2024 – 1 Jul 2025, 365 days):
    //   184 days at 12.25%: 1000 · 0.1225 · 184/365 = 61.75342
    //   181 days at 11.15%: 1000 · 0.1115 · 181/365 = 55.29178
    //   year total 117.04520 → €117.05, principal becomes €1,117.05
    // Year 2, partial (1 Jul – 1 Oct 2025, 92 days at 10.15%):
    //   1117.05 · 0.1015 · 92/365 = 28.57812 → €28.58
    // Total €117.05 + €28.58 = €145.63
    const r = statutoryInterest({ principalCents: 100_000, from: '2024-07-01', until: '2025-10-01', table: COMMERCIAL_INTEREST });
    expect(r.interestCents).toBe(14_563);
    expect(r.segments.map((s) => [s.from, s.until, s.days, s.rateBp, s.principalCents, s.interestCents])).toEqual([
      ['2024-07-01', '2025-01-01', 184, 1225, 100_000, 6175],
      ['2025-01-01', '2025-07-01', 181, 1115, 100_000, 5530],
      ['2025-07-01', '2025-10-01', 92, 1015, 111_705, 2858],
    ]);
  });

  it('€10,000 consumer, 1 Jan 2024 – 1 Jul 2025: a leap year counts 366/365 and is capitalised', () => {
    // Year 1: 10000 · 0.07 · 366/365 = 701.91781 → €701.92; principal €10,701.92
    // Year 2: 10701.92 · 0.06 · 181/365 = 318.41877 → €318.42; total €1,020.34
    const r = statutoryInterest({ principalCents: 1_000_000, from: '2024-01-01', until: '2025-07-01', table: CONSUMER_INTEREST });
    expect(r.interestCents).toBe(102_034);
    expect(r.segments.map((s) => s.principalCents)).toEqual([1_000_000, 1_070_192]);
  });

  it('€1,000 consumer at 4% in 2026: 1 Jan – 1 Apr (90 days) = €9.86', () => {
    // 1000 · 0.04 · 90/365 = 9.86301 → 986 cents
    const r = statutoryInterest({ principalCents: 100_000, from: '2026-01-01', until: '2026-04-01', table: CONSUMER_INTEREST });
    expect(r.interestCents).toBe(986);
  });

  it('counts anniversaries of a 29 February start on 28 February', () => {
    const r = statutoryInterest({ principalCents: 100_000, from: '2024-02-29', until: '2025-03-01', table: CONSUMER_INTEREST });
    expect(r.segments.map((s) => s.until)).toContain('2025-02-28');
    expect(r.segments.at(-1)).toMatchObject({ from: '2025-02-28', until: '2025-03-01', days: 1 });
  });

  it('owes nothing over an empty period and refuses a reversed one', () => {
    expect(statutoryInterest({ principalCents: 100_000, from: '2026-01-01', until: '2026-01-01', table: CONSUMER_INTEREST })).toEqual({
      interestCents: 0,
      segments: [],
    });
    expect(() => statutoryInterest({ principalCents: 100_000, from: '2026-02-01', until: '2026-01-01', table: CONSUMER_INTEREST })).toThrow(
      RangeError,
    );
  });

  it('property: segments tile [from, until) and add up to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (startOffset, length, principal) => {
          const from = addDays('2015-01-01', startOffset);
          const until = addDays(from, length);
          const r = statutoryInterest({ principalCents: principal, from, until, table: COMMERCIAL_INTEREST });
          const days = r.segments.reduce((n, s) => n + s.days, 0);
          const sum = r.segments.reduce((n, s) => n + s.interestCents, 0);
          const contiguous = r.segments.every((s, i) => i === 0 || s.from === r.segments[i - 1]!.until);
          return days === length && sum === r.interestCents && contiguous && (length === 0 || r.segments[0]!.from === from);
        },
      ),
    );
  });
});

describe('R-DUN-02 contractual rate of 2% per month (profile 000), simple interest', () => {
  it('€1,000 from 15 Jan to 25 Mar 2026: 2 months + 10 days = €40.00 + €6.67', () => {
    // 2 · 1000 · 0.02 = 40; 10/30 · 1000 · 0.02 = 6.6667 → €46.67
    expect(contractualMonthlyInterest({ principalCents: 100_000, from: '2026-01-15', until: '2026-03-25', monthlyBp: 200 })).toEqual({
      interestCents: 4667,
      months: 2,
      days: 10,
    });
  });

  it('counts a whole month from 31 Jan to 28 Feb (end-of-month clamping, R-TIME-02)', () => {
    expect(contractualMonthlyInterest({ principalCents: 100_000, from: '2026-01-31', until: '2026-02-28', monthlyBp: 200 })).toEqual({
      interestCents: 2000,
      months: 1,
      days: 0,
    });
  });
});

describe('R-LAW-01 WIK scale for extrajudicial collection costs', () => {
  it('gives the worked figures of LAW.md', () => {
    expect(wikCollectionCosts(100_000)).toBe(15_000); // €1,000: 15% = €150
    expect(wikCollectionCosts(500_000)).toBe(62_500); // €5,000: 375 + 250 = €625
    expect(wikCollectionCosts(1_000_000)).toBe(87_500); // €10,000: 625 + 250 = €875
  });

  it('applies the €40 minimum: €100 → 15 = €15, raised to €40', () => {
    expect(wikCollectionCosts(10_000)).toBe(4000);
    expect(wikCollectionCosts(0)).toBe(4000);
    expect(wikCollectionCosts(26_667)).toBe(4000); // 15% = 40.0005 → 4000 cents
    expect(wikCollectionCosts(27_000)).toBe(4050);
  });

  it('rounds half-up once over the bands: €2,666.67 → 375 + 16.6667 = €391.67', () => {
    expect(wikCollectionCosts(266_667)).toBe(39_167);
  });

  it('uses 1% up to €200,000 (€2,775) and 0.5% above, capped at €6,775 from €1,000,000', () => {
    expect(wikCollectionCosts(20_000_000)).toBe(277_500); // 375 + 250 + 250 + 1900
    expect(wikCollectionCosts(30_000_000)).toBe(327_500); // + 0.5% of 100,000 = 500
    expect(wikCollectionCosts(100_000_000)).toBe(677_500); // + 0.5% of 800,000 = 4000 → exactly the cap
    expect(wikCollectionCosts(500_000_000)).toBe(677_500);
  });

  it('property: monotone in the principal and within [€40, €6,775]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000_000 }), fc.integer({ min: 0, max: 50_000_000 }), (a, d) => {
        const lo = wikCollectionCosts(a);
        const hi = wikCollectionCosts(a + d);
        return lo <= hi && lo >= WIK_MIN_CENTS && hi <= WIK_MAX_CENTS;
      }),
    );
  });
});

describe('R-TIME-03 holiday calendar of the Algemene termijnenwet', () => {
  it('computes Easter by the Gregorian computus', () => {
    expect([2025, 2026, 2027, 2028].map(easterSunday)).toEqual(['2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
  });

  it('lists the 2026 holidays including the bridge days', () => {
    expect(publicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-02', // bridge day
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-04-27', // King's Day
      '2026-05-05', // Liberation Day
      '2026-05-14', // Ascension (Easter + 39)
      '2026-05-15', // bridge day
      '2026-05-25', // Whit Monday (Easter + 50)
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('includes every bridge day in its year', () => {
    for (const b of BRIDGE_DAYS) expect(publicHolidays(Number(b.date.slice(0, 4)))).toContain(b.date);
  });
});
