// Money in integer euro cents; percentages in basis points (21% = 2100) so all math stays integer.
// Rounding is half-up (half away from zero for negatives), once per computed amount (R-MONEY-01).

/** Integer euro cents. */
export type Cents = number;

/** Basis points: 1% = 100 bp, 21% = 2100 bp, 10.15% = 1015 bp. */
export type BasisPoints = number;

export type Lang = 'nl' | 'en';

export interface VatSplit {
  readonly netCents: Cents;
  readonly vatCents: Cents;
  readonly grossCents: Cents;
}

const BP_PER_UNIT = 10_000n;

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * numerator / denominator rounded half-up (half away from zero) to an integer, in exact BigInt
 * arithmetic. The one rounding primitive of the domain (R-MONEY-01); law.ts uses it for interest.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('result exceeds the safe integer range');
  return result === 0 ? 0 : result; // no -0
}

/** `basisPoints` of `cents`, rounded half-up to the cent once (R-MONEY-01): percentOf(1050, 2100) = 221. */
export function percentOf(cents: Cents, basisPoints: BasisPoints): Cents {
  assertInteger('cents', cents);
  assertInteger('basisPoints', basisPoints);
  return divideHalfUp(BigInt(cents) * BigInt(basisPoints), BP_PER_UNIT);
}

/**
 * Splits an amount into net, VAT and gross (R-MONEY-02). Exclusive prices: VAT = percentOf(net).
 * Inclusive prices: net = gross·10000/(10000+vatBp) rounded half-up, VAT = gross − net, so the three
 * always add up exactly.
 */
export function vatSplit(amountCents: Cents, vatBp: BasisPoints, pricesIncludeVat: boolean): VatSplit {
  assertInteger('amountCents', amountCents);
  assertInteger('vatBp', vatBp);
  if (vatBp < 0) throw new RangeError(`vatBp must not be negative, got ${vatBp}`);
  if (pricesIncludeVat) {
    const netCents = divideHalfUp(BigInt(amountCents) * BP_PER_UNIT, BP_PER_UNIT + BigInt(vatBp));
    return { netCents, vatCents: amountCents - netCents, grossCents: amountCents };
  }
  const vatCents = percentOf(amountCents, vatBp);
  return { netCents: amountCents, vatCents, grossCents: amountCents + vatCents };
}

/** "€ 1.234,56" (nl) or "€1,234.56" (en); negatives as "€ -1.234,56" / "-€1,234.56". */
export function formatEuro(cents: Cents, lang: Lang): string {
  assertInteger('cents', cents);
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString();
  const fraction = (abs % 100).toString().padStart(2, '0');
  const sign = cents < 0 ? '-' : '';
  switch (lang) {
    case 'nl':
      return `€ ${sign}${group(whole, '.')},${fraction}`;
    case 'en':
      return `${sign}€${group(whole, ',')}.${fraction}`;
    default: {
      const unknown: never = lang;
      throw new RangeError(`unknown language ${String(unknown)}`);
    }
  }
}

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
