import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideHalfUp, formatEuro, percentOf, vatSplit } from './money.js';

describe('R-MONEY-01 percentages in basis points, rounded half-up once', () => {
  it('rounds an exact half cent up: 21% of €10.50 = 220.5 → 221 cents', () => {
    expect(percentOf(1050, 2100)).toBe(221);
  });

  it('rounds below a half down: 21% of €10.49 = 220.29 → 220 cents', () => {
    expect(percentOf(1049, 2100)).toBe(220);
  });

  it('has no float drift: 10.15% of €1,000 = 10150 cents; 0.5% of 1 cent = 0.005 → 0', () => {
    expect(percentOf(100_000, 1015)).toBe(10_150);
    expect(percentOf(1, 50)).toBe(0);
    // 1.15 * 100 is 114.99999999999999 in floats; in basis points it is exact: 115 cents.
    expect(percentOf(100, 11_500)).toBe(115);
  });

  it('rounds halves away from zero for negative amounts (credit notes mirror invoices)', () => {
    expect(percentOf(-1050, 2100)).toBe(-221);
    expect(divideHalfUp(-5n, 10n)).toBe(-1);
    expect(divideHalfUp(-4n, 10n)).toBe(0);
    expect(Object.is(divideHalfUp(-4n, 10n), -0)).toBe(false);
  });

  it('refuses non-integer cents or basis points', () => {
    expect(() => percentOf(10.5, 2100)).toThrow(RangeError);
    expect(() => percentOf(1000, 21.5)).toThrow(RangeError);
  });

  it('property: percentOf is within half a cent of the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), (c, bp) => {
        const r = percentOf(c, bp);
        // |r·10000 − c·bp| ≤ 5000, in exact integers
        const diff = BigInt(r) * 10_000n - BigInt(c) * BigInt(bp);
        return (diff < 0n ? -diff : diff) <= 5000n;
      }),
    );
  });
});

describe('R-MONEY-02 VAT split, prices with or without VAT', () => {
  it('adds 21% to an exclusive price: net €10.50 → VAT 2.21, gross 12.71', () => {
    expect(vatSplit(1050, 2100, false)).toEqual({ netCents: 1050, vatCents: 221, grossCents: 1271 });
  });

  it('takes 21% out of an inclusive price: gross €12.10 → net 10.00, VAT 2.10', () => {
    // 1210 · 10000 / 12100 = 1000 exactly
    expect(vatSplit(1210, 2100, true)).toEqual({ netCents: 1000, vatCents: 210, grossCents: 1210 });
  });

  it('rounds the inclusive net half-up: gross €10.00 → net 826.446… → 826, VAT 174', () => {
    expect(vatSplit(1000, 2100, true)).toEqual({ netCents: 826, vatCents: 174, grossCents: 1000 });
  });

  it('uses another rate when the profile says so: 9% on €100.00 net → €9.00', () => {
    expect(vatSplit(10_000, 900, false)).toEqual({ netCents: 10_000, vatCents: 900, grossCents: 10_900 });
  });

  it('property: net + VAT = gross both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 5000 }), fc.boolean(), (a, bp, incl) => {
        const s = vatSplit(a, bp, incl);
        return s.netCents + s.vatCents === s.grossCents && (incl ? s.grossCents === a : s.netCents === a);
      }),
    );
  });
});

describe('formatEuro', () => {
  it('formats Dutch and English', () => {
    expect(formatEuro(123_456, 'nl')).toBe('€ 1.234,56');
    expect(formatEuro(123_456, 'en')).toBe('€1,234.56');
    expect(formatEuro(5, 'nl')).toBe('€ 0,05');
    expect(formatEuro(0, 'en')).toBe('€0.00');
    expect(formatEuro(123_456_789, 'nl')).toBe('€ 1.234.567,89');
    expect(formatEuro(-4000, 'nl')).toBe('€ -40,00');
    expect(formatEuro(-4000, 'en')).toBe('-€40.00');
  });
});
