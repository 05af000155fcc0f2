/**
 * The rulebook's §7–10 (docs/rules.md) as given/when/then over `decide`: dissolution and other immediate endings
 * (R-DISS-01..04), prices over time (R-PRICE-01..03), data after the end (R-DATA-01..05) and the
 * legal guardrails (R-LAW-01..04). Dates and amounts are worked out by hand next to each check.
 */
import { describe, expect, it } from 'vitest';
import { at, business, consumer, Life, month, year } from '../test/support/life.js';
import { PRESETS } from './presets.js';
import { catalogOf, termsProfileSchema, type TermsProfile } from './terms.js';


const liveSub = (life: Life, id: string) => life.live(id);
const endedSub = (life: Life, id: string) => life.ended(id);
const pay = (life: Life, amountCents: number, when: string, invoiceId?: string) =>
  life.send('payment.succeeded', { paymentId: `pay_${when}_${amountCents}_${invoiceId ?? ''}`, customerId: life.state!.customer.id, amountCents, method: 'bank_transfer', ...(invoiceId ? { invoiceId } : {}) }, when);
const invoiceOn = (life: Life, issuedOn: string, subscriptionId?: string) =>
  life.invoices().find((i) => i.issuedOn === issuedOn && i.category === 'principal' && (!subscriptionId || i.subscriptionId === subscriptionId))!;
const withLine = (life: Life, kind: string) => life.invoices().filter((i) => i.lines.some((l) => l.kind === kind));

/** Totaldesk, 3 seats × €50: €150 net + €31.50 VAT = €181.50 on the 5th of each month, due the 19th. */
function totaldesk(start = '2026-01-05'): Life {
  const life = new Life(start);
  life.send('customer.created', business());
  life.send('subscription.created', { subscriptionId: 'sub_td', customerId: 'cus_1', termsId: 'totaldesk', plan: month(5000), seats: 3 });
  life.send('subscription.activated', { subscriptionId: 'sub_td' });
  return life;
}

/** Into-telecom, 2 lines × €30: €60 net + €12.60 VAT = €72.60 on the 10th, due the 24th; minimum term to 10 Jan 2027. */
function intoTelecom(prepaidMonths = 0): Life {
  const life = new Life('2026-01-10');
  life.send('customer.created', business());
  life.send('subscription.created', { subscriptionId: 'sub_it', customerId: 'cus_1', termsId: 'into-telecom', plan: month(3000), seats: 2 });
  if (prepaidMonths > 0) pay(life, prepaidMonths * 7260, '2026-01-10');
  return life;
}

/**
 * Total-progress, €240 a year incl. VAT, paid and started 10 Jan 2026. Year two is invoiced
 * 10 Jan 2027, due 18 Jan; reminder 19 Jan, formal notice 2 Feb, default 16 Feb 2027.
 */
function totalProgress(kind: 'consumer' | 'business', catalog?: ReturnType<typeof catalogOf>, subs = ['sub_tp']): Life {
  const life = new Life('2026-01-10', catalog);
  const customerId = kind === 'consumer' ? 'cus_c' : 'cus_1';
  life.send('customer.created', kind === 'consumer' ? consumer() : business());
  for (const id of subs) life.send('subscription.created', { subscriptionId: id, customerId, termsId: 'total-progress', plan: year(24000), seats: 1 });
  pay(life, 24000 * subs.length, '2026-01-10');
  return life;
}

describe('R-DISS-01 totaldesk, invoice unpaid more than four months (manual dissolution)', () => {
  // Only the invoice of 5 Jan (€181.50, due 19 Jan) stays unpaid; Feb–May are paid on their dates.
  function unpaidJanuary(): Life {
    const life = totaldesk();
    for (const d of ['2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05']) {
      life.tickTo(d);
      pay(life, 18150, d, invoiceOn(life, d).id);
    }
    return life;
  }

  it('proposes nothing on invoice date + 4 months (5 Jan + 4 months = 5 May)', () => {
    const life = unpaidJanuary();
    expect(life.eventsOf('DissolutionProposed')).toEqual([]);
    expect(liveSub(life, 'sub_td').dissolutionProposed).toBeNull();
  });

  it('proposes dissolution on 6 May and leaves the subscription running until the provider confirms', () => {
    const life = unpaidJanuary();
    life.tickTo('2026-05-06');
    expect(life.eventsOf('DissolutionProposed')).toEqual([expect.objectContaining({ at: at('2026-05-06'), rule: 'R-DISS-01', data: expect.objectContaining({ invoiceId: 'cus_1-0001', confirmation: 'manual' }) })]);
    expect(life.sub('sub_td').status).toBe('live');
  });

  it('refuses a confirmation before anything was proposed', () => {
    const life = unpaidJanuary();
    const d = life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_td' }, '2026-05-05T12:00:00+02:00');
    expect(d.outcome).toBe('refused');
    expect(d.refusal).toMatchObject({ rule: 'R-DISS-01' });
  });

  it('ends on confirmation (10 May) with the remaining charges, statutory interest and collection costs', () => {
    const life = unpaidJanuary();
    life.tickTo('2026-05-06');
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_td' }, '2026-05-10');
    expect(endedSub(life, 'sub_td')).toMatchObject({ endedOn: '2026-05-10', endReason: 'dissolved', rule: 'R-DISS-01' });
    expect(life.access().filter((a) => a.action === 'revoke' && a.reason === 'ended')).toEqual([expect.objectContaining({ rule: 'R-DATA-01' })]);

    // R-EARLY-01: billed until 5 Jun (May invoice). A regular notice received 10 May ends at the end
    // of June (10 May + 1 month = 10 Jun → end of calendar month → 1 Jul, exclusive). Remaining
    // 5 Jun – 30 Jun = 26 days of the 30-day period 5 Jun – 5 Jul: €150 × 26/30 = €130.00 net
    // + 21% = €27.30 → €157.30.
    const [remaining] = withLine(life, 'early-termination');
    expect(remaining).toMatchObject({ issuedOn: '2026-05-10', netCents: 13000, vatCents: 2730, totalCents: 15730 });
    expect(remaining!.lines[0]!.period).toEqual({ start: '2026-06-05', end: '2026-07-01' });

    // R-DUN-02: 6:119a at 10.15% on €181.50 from 20 Jan (day after the due date) to 10 May =
    // 12 + 28 + 31 + 30 + 9 = 110 days: 18150 × 0.1015 × 110 / 365 = 555.19 → €5.55.
    // R-DUN-03: WIK on €181.50 = 15% = €27.23, below the €40 minimum → €40.00. No VAT on either.
    const claim = life.invoices().find((i) => i.category === 'accessory')!;
    expect(claim.lines.map((l) => [l.kind, l.grossCents])).toEqual([['interest', 555], ['collection-costs', 4000]]);
    expect(claim).toMatchObject({ issuedOn: '2026-05-10', vatCents: 0, totalCents: 4555 });
    expect(life.emails('dissolution.notice')).toHaveLength(1);
  });
});

describe('R-DUN-02 statutory commercial interest split at the rate change of 1 July 2026', () => {
  it('charges 10.15% to 30 June and 10.40% from 1 July on a totaldesk dissolution confirmed 1 Aug', () => {
    const life = totaldesk();
    for (const d of ['2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05', '2026-06-05', '2026-07-05']) {
      life.tickTo(d);
      pay(life, 18150, d, invoiceOn(life, d).id);
    }
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_td' }, '2026-08-01');
    // €181.50 from 20 Jan: 20 Jan – 1 Jul = 12 + 28 + 31 + 30 + 31 + 30 = 162 days at 10.15%,
    // 1 Jul – 1 Aug = 31 days at 10.40%: 18150 × (1015 × 162 + 1040 × 31) / (10000 × 365)
    // = 18150 × 196670 / 3650000 = 977.96 → €9.78, rounded once.
    const interest = life.invoices().flatMap((i) => i.lines).filter((l) => l.kind === 'interest');
    expect(interest).toEqual([expect.objectContaining({ grossCents: 978, rule: 'R-DUN-02' })]);
  });
});

describe('R-DISS-02 insolvency makes every claim due at once', () => {
  // Into-telecom; Jan and Feb paid. The invoice of 10 Mar (€72.60, due 24 Mar) is open on 15 Mar.
  function bankrupt(): Life {
    const life = intoTelecom(2);
    life.tickTo('2026-03-10');
    life.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'bankruptcy' }, '2026-03-15');
    return life;
  }

  it('moves the due date of the open invoice from 24 Mar to 15 Mar and proposes dissolution', () => {
    const life = bankrupt();
    expect(invoiceOn(life, '2026-03-10')).toMatchObject({ dueOn: '2026-03-15' });
    expect(life.eventsOf('InsolvencyReported')[0]!.data).toMatchObject({ kind: 'bankruptcy', claimsDueAtOnce: ['cus_1-0003'] });
    expect(liveSub(life, 'sub_it').dissolutionProposed).toMatchObject({ rule: 'R-DISS-02' });
  });

  it('is overdue the next day: suspended and in default on 16 Mar, not 25 Mar', () => {
    const life = bankrupt();
    life.tickTo('2026-03-16');
    expect(liveSub(life, 'sub_it').suspensions.map((s) => s.reason)).toEqual(['arrears']);
    expect(life.eventsOf('CustomerInDefault')).toEqual([expect.objectContaining({ at: at('2026-03-16') })]);
  });

  it('ends on the provider\'s confirmation with the remaining minimum term due at once', () => {
    const life = bankrupt();
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_it' }, '2026-03-20');
    expect(endedSub(life, 'sub_it')).toMatchObject({ endedOn: '2026-03-20', endReason: 'insolvency', rule: 'R-DISS-02' });
    // Billed until 10 Apr; minimum term to 10 Jan 2027: 9 months × €60 = €540 net + €113.40 = €653.40.
    const [remaining] = withLine(life, 'early-termination');
    expect(remaining).toMatchObject({ netCents: 54000, vatCents: 11340, totalCents: 65340, issuedOn: '2026-03-20', dueOn: '2026-03-20' });
    // Interest 10.15% on €72.60 from 16 Mar to 20 Mar = 4 days: 7260 × 0.1015 × 4 / 365 = 8.08 → €0.08.
    // The €250 costs were charged at default on 16 Mar, so not again.
    const claim = life.invoices().filter((i) => i.category === 'accessory').at(-1)!;
    expect(claim.lines.map((l) => [l.kind, l.grossCents])).toEqual([['interest', 8]]);
  });

  it('refuses death for a business customer: it applies to natural persons only', () => {
    const life = intoTelecom(1);
    const d = life.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'death' }, '2026-02-01');
    expect(d.refusal).toMatchObject({ rule: 'R-DISS-02' });
  });
});

describe('R-DISS-03 a defaulting customer who cannot be reached', () => {
  // Consumer with two total-progress subscriptions; year two of sub_paid is paid, of sub_tp not.
  function twoSubs(): Life {
    const life = totalProgress('consumer', undefined, ['sub_tp', 'sub_paid']);
    life.tickTo('2027-01-10');
    pay(life, 24000, '2027-01-10', invoiceOn(life, '2027-01-10', 'sub_paid').id);
    return life;
  }

  it('refuses while the customer is only overdue and not yet in default (default on 16 Feb 2027)', () => {
    const life = twoSubs();
    const d = life.send('customer.unreachable', { customerId: 'cus_c' }, '2027-02-01');
    expect(d.outcome).toBe('refused');
    expect(d.refusal).toMatchObject({ rule: 'R-DISS-03' });
    expect(life.sub('sub_tp').status).toBe('live');
  });

  it('ends the unpaid service at once and the paid one at the end of its paid year (10 Jan 2028)', () => {
    const life = twoSubs();
    life.send('customer.unreachable', { customerId: 'cus_c' }, '2027-02-20');
    expect(endedSub(life, 'sub_tp')).toMatchObject({ endedOn: '2027-02-20', rule: 'R-DISS-03' });
    expect(liveSub(life, 'sub_paid').cancellation).toMatchObject({ endsOn: '2028-01-10', basis: 'unreachable', rule: 'R-DISS-03' });
    life.tickTo('2028-01-10');
    expect(endedSub(life, 'sub_paid')).toMatchObject({ endedOn: '2028-01-10', endReason: 'unreachable' });
    expect(life.invoices().filter((i) => i.issuedOn === '2028-01-10')).toEqual([]);
  });

  it('refuses a customer who owes nothing', () => {
    const life = totalProgress('consumer');
    expect(life.send('customer.unreachable', { customerId: 'cus_c' }, '2026-06-01').refusal).toMatchObject({ rule: 'R-DISS-03' });
  });
});

describe('R-DISS-04 total-progress terms change gives an exit on the effective date', () => {
  function changed(): Life {
    const life = totalProgress('consumer');
    life.send('terms.changed', { termsId: 'total-progress', effectiveAt: '2026-06-01', summary: 'new support hours', customerId: 'cus_c' }, '2026-04-01');
    return life;
  }

  it('grants the right until the day before the new terms take effect and tells the customer', () => {
    const life = changed();
    expect(liveSub(life, 'sub_tp').terminationRights).toEqual([expect.objectContaining({ reason: 'termsChange', rule: 'R-DISS-04', exercisableUntil: '2026-05-31', endsOn: '2026-06-01' })]);
    expect(life.emails('terms_change.notice')).toHaveLength(1);
  });

  it('ends on 1 Jun when the customer cancels on 31 May, inside the first year and without a fee', () => {
    const life = changed();
    life.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2026-05-31');
    expect(liveSub(life, 'sub_tp').cancellation).toMatchObject({ endsOn: '2026-06-01', basis: 'termsChange', rule: 'R-DISS-04', earlyTerminationFeeCents: 0 });
    life.tickTo('2026-06-01');
    expect(endedSub(life, 'sub_tp')).toMatchObject({ endedOn: '2026-06-01', endReason: 'terms-change' });
  });

  it('follows the normal notice rules from the effective date on (end of term, 10 Jan 2027)', () => {
    const life = changed();
    life.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2026-06-01');
    expect(liveSub(life, 'sub_tp').cancellation).toMatchObject({ endsOn: '2027-01-10', basis: 'notice' });
  });

  it('gives no such right on into-telecom (004 art. 17.1 has none)', () => {
    const life = intoTelecom(3);
    life.tickTo('2026-04-01');
    const d = life.send('terms.changed', { termsId: 'into-telecom', effectiveAt: '2026-06-01', summary: 'x', customerId: 'cus_1' }, '2026-04-01');
    expect(d.outcome).toBe('ignored');
    expect(liveSub(life, 'sub_it').terminationRights).toEqual([]);
  });
});

describe('R-PRICE-01 into-telecom indexation on 1 January', () => {
  it('a 4% increase announced 15 Nov (47 days ahead) gives an exit right on 1 Jan', () => {
    const life = intoTelecom(12);
    life.send('terms.price_change_announced', { termsId: 'into-telecom', effectiveAt: '2027-01-01', changePct: 4, customerId: 'cus_1' }, '2026-11-15');
    // €30 + 4% = €31.20 per line.
    expect(liveSub(life, 'sub_it').priceChanges).toEqual([expect.objectContaining({ effectiveOn: '2027-01-01', changeBp: 400, newPriceCents: 3120 })]);
    expect(liveSub(life, 'sub_it').terminationRights).toEqual([expect.objectContaining({ reason: 'priceChange', exercisableUntil: '2026-12-31', endsOn: '2027-01-01' })]);
    expect(life.emails('price_change.notice')[0]!.facts).toMatchObject({ terminationRight: true, fromCents: 3000, toCents: 3120 });
  });

  it('ends on 1 Jan 2027, before the minimum term (10 Jan 2027), without remaining charges', () => {
    const life = intoTelecom(12);
    life.send('terms.price_change_announced', { termsId: 'into-telecom', effectiveAt: '2027-01-01', changePct: 4, customerId: 'cus_1' }, '2026-11-15');
    life.send('cancellation.requested', { subscriptionId: 'sub_it', channel: 'registered_mail' }, '2026-12-05');
    expect(liveSub(life, 'sub_it').cancellation).toMatchObject({ endsOn: '2027-01-01', basis: 'priceChange', rule: 'R-PRICE-01', earlyTerminationFeeCents: 0 });
    life.tickTo('2026-12-10');
    // The last period 10 Dec – 10 Jan (31 days) is cut at 1 Jan: 22 days. €60 × 22/31 = €42.58
    // (4258.06) net + 21% = €8.94 (894.18) → €51.52.
    expect(invoiceOn(life, '2026-12-10')).toMatchObject({ netCents: 4258, vatCents: 894, totalCents: 5152 });
    life.tickTo('2027-01-01');
    expect(endedSub(life, 'sub_it')).toMatchObject({ endedOn: '2027-01-01', endReason: 'price-change' });
    expect(withLine(life, 'early-termination')).toEqual([]);
  });

  it('a 2% increase gives no exit right and applies from 1 Jan: 2 × €30.60 = €61.20 + €12.85 = €74.05', () => {
    const life = intoTelecom(13);
    life.send('terms.price_change_announced', { termsId: 'into-telecom', effectiveAt: '2027-01-01', changePct: 2, customerId: 'cus_1' }, '2026-11-15');
    expect(liveSub(life, 'sub_it').terminationRights).toEqual([]);
    life.tickTo('2027-01-10');
    expect(life.eventsOf('PriceChanged')).toEqual([expect.objectContaining({ at: at('2027-01-01'), data: expect.objectContaining({ fromCents: 3000, toCents: 3060 }) })]);
    // 6120 × 21% = 1285.2 → 1285.
    expect(invoiceOn(life, '2027-01-10')).toMatchObject({ netCents: 6120, vatCents: 1285, totalCents: 7405 });
  });

  it('announced late (15 Dec, 17 days ahead) it is postponed to 15 Dec + 30 days = 14 Jan, and so is the exit', () => {
    const life = intoTelecom(14);
    life.send('terms.price_change_announced', { termsId: 'into-telecom', effectiveAt: '2027-01-01', changePct: 4, customerId: 'cus_1' }, '2026-12-15');
    expect(liveSub(life, 'sub_it').priceChanges[0]).toMatchObject({ effectiveOn: '2027-01-14' });
    expect(liveSub(life, 'sub_it').terminationRights[0]).toMatchObject({ exercisableUntil: '2027-01-13', endsOn: '2027-01-14' });
    life.tickTo('2027-02-10');
    // 10 Jan still at €30 (€72.60); 10 Feb at €31.20: €62.40 + €13.10 (1310.4) = €75.50.
    expect(invoiceOn(life, '2027-01-10')).toMatchObject({ totalCents: 7260 });
    expect(invoiceOn(life, '2027-02-10')).toMatchObject({ netCents: 6240, vatCents: 1310, totalCents: 7550 });
  });
});

describe('R-PRICE-02 total-internet-group half-yearly index less the increases of the previous six months', () => {
  it('reduces a 5% July index by the 2% applied on 1 April: 3% on €102 = €105.06', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    life.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-04-01', changePct: 2, customerId: 'cus_1' }, '2026-03-01');
    life.tickTo('2026-04-01');
    expect(liveSub(life, 'sub_h').plan.priceCents).toBe(10200);
    life.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-07-01', changePct: 5, customerId: 'cus_1' }, '2026-06-01');
    // 5% − 2% = 3%; €102 × 3% = €3.06 → €105.06. No exit right in 003.
    expect(liveSub(life, 'sub_h').priceChanges.at(-1)).toMatchObject({ effectiveOn: '2026-07-01', changeBp: 300, newPriceCents: 10506, rule: 'R-PRICE-02' });
    expect(liveSub(life, 'sub_h').terminationRights).toEqual([]);
    life.tickTo('2026-07-01');
    expect(liveSub(life, 'sub_h').plan.priceCents).toBe(10506);
  });

  it('applies the full index when nothing was raised in the previous six months', () => {
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    life.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-07-01', changePct: 5, customerId: 'cus_1' }, '2026-06-01');
    expect(liveSub(life, 'sub_h').priceChanges[0]).toMatchObject({ changeBp: 500, newPriceCents: 10500 });
  });
});

describe('R-PRICE-03 total-internet-group billed in arrears: a period is charged at the price of each day', () => {
  // 003 art. 18.3 applies "bij gebreke van een uitdrukkelijk overeengekomen factureringsschema": a
  // provider that agreed anniversary periods has a change on 1 July fall inside a period.
  const agreedSchedule: TermsProfile = termsProfileSchema.parse({ ...PRESETS.find((p) => p.id === 'total-internet-group')!, id: 'tig-anniversary', billingAnchor: 'anniversary' });
  const catalog = catalogOf([...PRESETS, agreedSchedule]);

  it('splits the period in which a change takes effect, and bills the next one at the new price', () => {
    const life = new Life('2026-06-10', catalog);
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'tig-anniversary', plan: month(10000), seats: 1 });
    life.send('terms.price_change_announced', { termsId: 'tig-anniversary', effectiveAt: '2026-07-01', changePct: 2, customerId: 'cus_1' }, '2026-06-15');
    life.tickTo('2026-07-10');
    // Period 10 Jun – 9 Jul (30 days), invoiced 10 Jul: 21 days at €100 = €70.00 and 9 days at
    // €102 = €30.60; VAT per line 21%: €14.70 + €6.426 → €6.43; total €70.00 + €30.60 + €21.13 = €121.73.
    const july = life.invoices().find((i) => i.issuedOn === '2026-07-10')!;
    expect(july.lines.map((l) => [l.period, l.unitCents, l.netCents, l.rule])).toEqual([
      [{ start: '2026-06-10', end: '2026-07-01' }, 10000, 7000, 'R-PRICE-03'],
      [{ start: '2026-07-01', end: '2026-07-10' }, 10200, 3060, 'R-PRICE-03'],
    ]);
    expect(july).toMatchObject({ netCents: 10060, vatCents: 2113, totalCents: 12173 });
    life.tickTo('2026-08-10');
    // 10 Jul – 9 Aug all at €102: €102.00 + €21.42 VAT = €123.42.
    expect(life.invoices().find((i) => i.issuedOn === '2026-08-10')).toMatchObject({ netCents: 10200, totalCents: 12342 });
  });

  it('by calendar month (the preset, R-BILL-01) the indexation of 1 July falls between periods: nothing to split', () => {
    const life = new Life('2026-06-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_h', customerId: 'cus_1', termsId: 'total-internet-group', plan: month(10000), seats: 1 });
    life.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-07-01', changePct: 2, customerId: 'cus_1' }, '2026-06-15');
    life.tickTo('2026-08-01');
    // 1 Jul: 10–30 June, 21 of 30 days × €100 = €70.00 + €14.70 VAT = €84.70, one line.
    const june = life.invoices().find((i) => i.issuedOn === '2026-07-01')!;
    expect(june.lines.map((l) => [l.period, l.unitCents, l.netCents, l.rule])).toEqual([[{ start: '2026-06-10', end: '2026-07-01' }, 10000, 7000, 'R-BILL-01']]);
    expect(june).toMatchObject({ netCents: 7000, vatCents: 1470, totalCents: 8470 });
    // 1 Aug: the whole of July at €102: €102.00 + €21.42 = €123.42.
    const july = life.invoices().find((i) => i.issuedOn === '2026-08-01')!;
    expect(july.lines.map((l) => [l.period, l.unitCents, l.netCents, l.rule])).toEqual([[{ start: '2026-07-01', end: '2026-08-01' }, 10200, 10200, 'R-START-02']]);
    expect(july).toMatchObject({ totalCents: 12342 });
  });
});

describe('R-PRICE-03 totaldesk prices stay fixed except through indexation', () => {
  it('bills the same €181.50 every month without an announcement', () => {
    const life = totaldesk();
    pay(life, 6 * 18150, '2026-01-05');
    life.tickTo('2026-06-05');
    expect(life.invoices().map((i) => i.totalCents)).toEqual([18150, 18150, 18150, 18150, 18150, 18150]);
  });

  it('moves a mid-year increase to the next 1 January (001: indexation only at the start of a calendar year)', () => {
    const life = totaldesk();
    pay(life, 12 * 18150, '2026-01-05');
    life.send('terms.price_change_announced', { termsId: 'totaldesk', effectiveAt: '2026-07-01', changePct: 5, customerId: 'cus_1' }, '2026-05-01');
    expect(liveSub(life, 'sub_td').priceChanges[0]).toMatchObject({ effectiveOn: '2027-01-01' });
    life.tickTo('2026-07-05');
    expect(invoiceOn(life, '2026-07-05')).toMatchObject({ totalCents: 18150 });
  });

  it('R-PRICE-01 totaldesk: a rise above 10% gives a right to leave with 3 months\' notice, never later than ordinary notice', () => {
    const life = totaldesk();
    pay(life, 12 * 18150, '2026-01-05');
    // Announced 1 Nov 2026 for 1 Jan 2027, +12% (> 10%): the right runs to 1 Jan + 3 months = 1 Apr 2027.
    life.send('terms.price_change_announced', { termsId: 'totaldesk', effectiveAt: '2027-01-01', changePct: 12, customerId: 'cus_1' }, '2026-11-01');
    expect(liveSub(life, 'sub_td').terminationRights[0]).toMatchObject({ reason: 'priceChange', exercisableUntil: '2027-04-01', noticeMonths: 3 });
    // Cancelled 10 Nov: by the right 10 Nov + 3 months = 10 Feb 2027; by ordinary notice 10 Dec,
    // aligned to the end of December = 00:00 on 1 Jan 2027. The earlier one applies.
    life.send('cancellation.requested', { subscriptionId: 'sub_td', channel: 'email' }, '2026-11-10');
    expect(liveSub(life, 'sub_td').cancellation).toMatchObject({ endsOn: '2027-01-01', rule: 'R-NOTICE-02', basis: 'notice' });
  });

  it('R-PRICE-01 totaldesk: in arrears the ordinary route is refused (R-NOTICE-03), the price right still holds', () => {
    const life = totaldesk();
    life.send('terms.price_change_announced', { termsId: 'totaldesk', effectiveAt: '2027-01-01', changePct: 12, customerId: 'cus_1' }, '2026-01-06');
    life.tickTo('2026-02-01'); // the 5 Jan invoice was due 19 Jan: in arrears
    const d = life.send('cancellation.requested', { subscriptionId: 'sub_td', channel: 'email' }, '2026-02-01');
    // 1 Feb + 3 months = 1 May 2026.
    expect(d.refusal).toBeNull();
    expect(liveSub(life, 'sub_td').cancellation).toMatchObject({ endsOn: '2026-05-01', rule: 'R-PRICE-01', basis: 'priceChange' });
  });

  it('leaves another profile\'s price change alone', () => {
    const life = totaldesk();
    life.tickTo('2026-05-01');
    const d = life.send('terms.price_change_announced', { termsId: 'into-telecom', effectiveAt: '2027-01-01', changePct: 5, customerId: 'cus_1' }, '2026-05-01');
    expect(d.outcome).toBe('ignored');
    expect(liveSub(life, 'sub_td').priceChanges).toEqual([]);
  });
});

describe('R-DATA-01..03, R-DATA-05 into-telecom data after the end', () => {
  // Cancelled by registered mail on 1 Nov 2026: 1 month → 1 Dec, but not before the minimum
  // term → ends 10 Jan 2027 (00:00). Export window 30 days: 10 Jan … 8 Feb (10 Jan + 29) inclusive.
  function ended(): Life {
    const life = intoTelecom(12);
    life.send('cancellation.requested', { subscriptionId: 'sub_it', channel: 'registered_mail' }, '2026-11-01');
    life.tickTo('2027-01-10');
    return life;
  }

  it('R-DATA-01 revokes access for every seat the moment it ends', () => {
    const life = ended();
    expect(endedSub(life, 'sub_it')).toMatchObject({ endedOn: '2027-01-10', exportWindowEndsOn: '2027-02-08' });
    expect(life.access().filter((a) => a.action === 'revoke')).toEqual([expect.objectContaining({ subscriptionId: 'sub_it', seats: 2, reason: 'ended', rule: 'R-DATA-01' })]);
    expect(life.eventsOf('AccessRevoked')[0]!.at).toBe(at('2027-01-10'));
  });

  it('R-DATA-02 accepts an export on the last day of the window (8 Feb)', () => {
    const life = ended();
    const d = life.send('data.export_requested', { subscriptionId: 'sub_it' }, '2027-02-08T23:30:00+01:00');
    expect(d.outcome).toBe('applied');
    expect(d.effects).toContainEqual(expect.objectContaining({ kind: 'data.export', subscriptionId: 'sub_it' }));
  });

  it('R-DATA-02 refuses an export the day after the window (9 Feb)', () => {
    const life = ended();
    const d = life.send('data.export_requested', { subscriptionId: 'sub_it' }, '2027-02-09');
    expect(d.refusal).toMatchObject({ rule: 'R-DATA-02', reason: expect.stringContaining('2027-02-08') });
    expect(life.emails('export.refused')).toHaveLength(1);
  });

  it('R-DATA-03 asks for deletion of hosted data, backups and personal data on 9 Feb, not on 8 Feb', () => {
    const life = ended();
    life.tickTo('2027-02-08');
    expect(life.effects.filter((e) => e.kind === 'data.delete')).toEqual([]);
    life.tickTo('2027-02-09');
    expect(life.effects.filter((e) => e.kind === 'data.delete').map((e) => e.kind === 'data.delete' && e.scope).sort()).toEqual(['hosted-data-and-backups', 'personal-data']);
    // R-LAW-04: the invoices stay.
    expect(life.invoices()).toHaveLength(12);
  });

  it('R-DATA-05 records what was deleted and when, never the content, and confirms once', () => {
    const life = ended();
    life.tickTo('2027-02-09');
    const confirm = life.send('data.deleted', { subscriptionId: 'sub_it' }, '2027-02-10');
    expect(confirm.outcome).toBe('applied');
    const [requested] = life.eventsOf('DataDeletionRequested');
    const [done] = life.eventsOf('DataDeleted');
    expect(requested).toMatchObject({ rule: 'R-DATA-03', at: at('2027-02-09'), data: expect.objectContaining({ what: expect.arrayContaining(['hosted data', 'backups']) }) });
    expect(done).toMatchObject({ rule: 'R-DATA-05', at: at('2027-02-10'), data: expect.objectContaining({ what: expect.any(Array), requestedAt: at('2027-02-09') }) });
    for (const e of [requested, done]) {
      const text = JSON.stringify(e);
      expect(text).not.toContain('finance@devries.example');
      expect(text).not.toContain('Bakkerij');
    }
    expect(endedSub(life, 'sub_it').dataDeletion).toEqual({ requestedAt: at('2027-02-09'), confirmedAt: at('2027-02-10') });
    expect(life.emails('deletion.done')).toHaveLength(1);
    expect(life.send('data.deleted', { subscriptionId: 'sub_it' }, '2027-02-11').outcome).toBe('ignored');
  });

  it('R-DATA-02 a legal hold blocks export and deletion alike, until it is released', () => {
    const life = ended();
    life.send('customer.legal_hold_set', { customerId: 'cus_1', reason: 'court order' }, '2027-01-20');
    expect(life.send('data.export_requested', { subscriptionId: 'sub_it' }, '2027-01-21').refusal).toMatchObject({ rule: 'R-DATA-02', reason: expect.stringContaining('legal hold') });
    life.tickTo('2027-03-01');
    expect(life.effects.filter((e) => e.kind === 'data.delete')).toEqual([]);
    life.send('customer.legal_hold_released', { customerId: 'cus_1' }, '2027-03-02');
    expect(life.effects.filter((e) => e.kind === 'data.delete')).toHaveLength(2);
  });
});

describe('R-DATA-02 totaldesk refuses an export while the customer is in arrears', () => {
  it('refuses after the dissolution for arrears, accepts once everything is paid', () => {
    const life = totaldesk();
    life.tickTo('2026-05-06');
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_td' }, '2026-05-10');
    const refused = life.send('data.export_requested', { subscriptionId: 'sub_td' }, '2026-05-11');
    expect(refused.refusal).toMatchObject({ rule: 'R-DATA-02', reason: expect.stringContaining('arrears') });
    const open = life.invoices().reduce((s, i) => s + i.totalCents - i.paidCents, 0);
    pay(life, open, '2026-05-12');
    const ok = life.send('data.export_requested', { subscriptionId: 'sub_td' }, '2026-05-13');
    expect(ok.outcome).toBe('applied');
    // Window: 10 May + 29 = 8 June.
    expect(endedSub(life, 'sub_td').exportWindowEndsOn).toBe('2026-06-08');
  });
});

describe('R-DATA-02 total-progress gives no export window (000 §7.2)', () => {
  it('refuses an export on the end day and asks for deletion that same day', () => {
    const life = totalProgress('consumer');
    life.send('terms.changed', { termsId: 'total-progress', effectiveAt: '2026-06-01', summary: 'x', customerId: 'cus_c' }, '2026-04-01');
    life.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2026-05-01');
    life.tickTo('2026-06-01');
    expect(life.effects.filter((e) => e.kind === 'data.delete')).toHaveLength(2);
    expect(life.send('data.export_requested', { subscriptionId: 'sub_tp' }, '2026-06-01T09:00:00+02:00').refusal).toMatchObject({ rule: 'R-DATA-02' });
  });
});

describe('R-DATA-04 erasure request', () => {
  it('refuses while a subscription runs uncancelled, naming it', () => {
    const life = intoTelecom(1);
    const d = life.send('data.erasure_requested', { customerId: 'cus_1' }, '2026-02-01');
    expect(d.refusal).toMatchObject({ rule: 'R-DATA-04', reason: expect.stringContaining('sub_it') });
    expect(life.state!.customer.email).toBe('finance@devries.example');
    expect(life.emails('erasure.refused')).toHaveLength(1);
  });

  it('schedules it for the end when every running subscription is cancelled (into-telecom: 10 Jan 2027)', () => {
    const life = intoTelecom(12);
    life.send('cancellation.requested', { subscriptionId: 'sub_it', channel: 'registered_mail' }, '2026-11-01');
    const d = life.send('data.erasure_requested', { customerId: 'cus_1' }, '2026-11-02');
    expect(d.outcome).toBe('applied');
    expect(life.state!.customer.erasure).toMatchObject({ status: 'scheduled', deadline: '2026-12-02' });
    life.tickTo('2027-01-10');
    expect(life.state!.customer.erasure).toMatchObject({ status: 'done', erasedAt: at('2027-01-10') });
    expect(life.state!.customer.email).toBe('');
  });

  it('erases at once without running subscriptions, mails the confirmation first, keeps the invoices (R-LAW-04)', () => {
    const life = totalProgress('consumer');
    life.send('terms.changed', { termsId: 'total-progress', effectiveAt: '2026-06-01', summary: 'x', customerId: 'cus_c' }, '2026-04-01');
    life.send('cancellation.requested', { subscriptionId: 'sub_tp', channel: 'email' }, '2026-05-01');
    life.tickTo('2026-06-01');
    life.send('data.erasure_requested', { customerId: 'cus_c' }, '2026-06-05');
    expect(life.state!.customer).toMatchObject({ email: '', erasure: { status: 'done', erasedAt: at('2026-06-05') } });
    expect(life.emails('erasure.done')).toEqual([expect.objectContaining({ to: 'anna@example.nl' })]);
    // R-LAW-04: invoice of 10 Jan 2026 kept until 10 Jan 2033 (+ 7 years); so is the credit note of 1 June 2026 for the
    // 223 days of the prepaid year after the end (R-CREDIT-03): 1 June 2026 – 9 January 2027, 24000 × 223/365 = 14663.01 → €146.63.
    expect(life.invoices()).toEqual([
      expect.objectContaining({ issuedOn: '2026-01-10', retainUntil: '2033-01-10', totalCents: 24000 }),
      expect.objectContaining({ kind: 'credit_note', issuedOn: '2026-06-01', retainUntil: '2033-06-01', totalCents: -14663 }),
    ]);
    expect(life.eventsOf('PersonalDataErased')[0]!.data).toMatchObject({ retainedUntil: '2033-06-01' }); // the credit note's, the latest
  });
});

describe('R-LAW-04 invoices are kept seven years', () => {
  it('keeps an invoice of 29 Feb 2028 until 28 Feb 2035 (end-of-month clamp)', () => {
    const life = totaldesk('2028-02-29');
    expect(life.invoices()[0]).toMatchObject({ issuedOn: '2028-02-29', retainUntil: '2035-02-28' });
  });
});

describe('R-LAW-01 consumer collection costs only after a 14-day letter, capped to the WIK scale', () => {
  it('total-progress: letter on the default day (16 Feb 2027), costs on 16 Feb + 2 days receipt + 14 days + 1 = 5 Mar', () => {
    const life = totalProgress('consumer');
    life.tickTo('2027-02-16');
    expect(life.emails('dunning.fourteen_day_letter')).toEqual([expect.objectContaining({ facts: expect.objectContaining({ costsCents: 4000, payBy: '2027-03-04' }) })]);
    // The formal notice of 2 Feb announced costs but charged none.
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([]);
    life.tickTo('2027-03-04');
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([]);
    life.tickTo('2027-03-05');
    // Contract: 15% of €240 = €36 (above the €25 minimum) + €5 = €41. WIK on €240 = €36, scale minimum €40 → cap €40.
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([expect.objectContaining({ issuedOn: '2027-03-05', totalCents: 4000 })]);
    expect(life.eventsOf('CollectionCostsCharged')[0]).toMatchObject({ rule: 'R-LAW-01', data: expect.objectContaining({ guardrail: expect.stringContaining('R-LAW-01') }) });
  });

  it('computerstudent: 10% is below the scale, so not capped, but still deferred to letter + 17 days', () => {
    // €500 a month net, billed in arrears by calendar month (R-BILL-01): 10–31 January is 22/31 ×
    // €500 = €354.838… → €354.84 + 21% €74.52 = €429.36, invoiced 1 Feb, due 15 Feb; default and
    // letter 16 Feb; costs on 16 Feb + 17 = 5 Mar. 10% of €429.36 = €42.94; WIK on €429.36 = 15% = €64.40.
    const life = new Life('2026-01-10');
    life.send('customer.created', consumer());
    life.send('subscription.created', { subscriptionId: 'sub_cs', customerId: 'cus_c', termsId: 'computerstudent', plan: month(50000), seats: 1 });
    life.tickTo('2026-02-01');
    expect(life.invoices()[0]).toMatchObject({ issuedOn: '2026-02-01', dueOn: '2026-02-15', netCents: 35484, vatCents: 7452, totalCents: 42936 });
    life.tickTo('2026-02-16');
    expect(life.emails('dunning.fourteen_day_letter')).toHaveLength(1);
    life.tickTo('2026-03-04');
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([]);
    life.tickTo('2026-03-05');
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([expect.objectContaining({ issuedOn: '2026-03-05', totalCents: 4294 })]);
    expect(life.eventsOf('CollectionCostsCharged')[0]!.data).toMatchObject({ guardrail: null });
  });

  it('a business on computerstudent owes €40 at default: 10% of €85.87 = €8.59 is below the statutory minimum', () => {
    // 10–31 January: 22/31 × €100 = €70.97 + €14.90 = €85.87, invoiced 1 Feb, due 15 Feb, default 16 Feb.
    const life = new Life('2026-01-10');
    life.send('customer.created', business());
    life.send('subscription.created', { subscriptionId: 'sub_cs', customerId: 'cus_1', termsId: 'computerstudent', plan: month(10000), seats: 1 });
    life.tickTo('2026-02-15');
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([]);
    life.tickTo('2026-02-16');
    expect(life.invoices().filter((i) => i.category === 'accessory')).toEqual([expect.objectContaining({ issuedOn: '2026-02-16', totalCents: 4000 })]);
  });
});

describe('R-LAW-03 a contractual 2% a month is not applied to consumers', () => {
  // A total-progress variant that opts businesses into 000 §3.2's 2% a month, consumers not.
  const v2: TermsProfile = termsProfileSchema.parse({ ...PRESETS.find((p) => p.id === 'total-progress')!, version: 2, businessLateInterest: { kind: 'contractualMonthly', monthlyBp: 200 }, applyContractualInterestToConsumers: false });
  const catalog = catalogOf([...PRESETS, v2]);

  it('charges a consumer 6:119 interest from default: 4% on €240 for 16 Feb – 17 Apr 2027 (60 days) = €1.58', () => {
    const life = totalProgress('consumer', catalog);
    expect(life.sub('sub_tp').termsVersion).toBe(2);
    life.tickTo('2027-04-17');
    // R-DISS-02: death of a natural person; the provider then ends the contract.
    life.send('customer.insolvency_reported', { customerId: 'cus_c', kind: 'death' }, '2027-04-17');
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_tp' }, '2027-04-17T12:00:00+02:00');
    // 13 (16–28 Feb) + 31 + 16 = 60 days; 24000 × 0.04 × 60 / 365 = 157.8 → 158. (2% a month would be €9.60.)
    const interest = life.invoices().flatMap((i) => i.lines).filter((l) => l.kind === 'interest');
    expect(interest).toEqual([expect.objectContaining({ grossCents: 158, description: expect.stringContaining('6:119 BW') })]);
  });

  it('charges a business the contractual 2% a month from the day after the due date: 19 Jan – 19 Mar = 2 × 2% × €240 = €9.60', () => {
    const life = totalProgress('business', catalog);
    life.tickTo('2027-03-19');
    life.send('customer.insolvency_reported', { customerId: 'cus_1', kind: 'bankruptcy' }, '2027-03-19');
    life.send('subscription.dissolution_confirmed', { subscriptionId: 'sub_tp' }, '2027-03-19T12:00:00+01:00');
    const interest = life.invoices().flatMap((i) => i.lines).filter((l) => l.kind === 'interest');
    expect(interest).toEqual([expect.objectContaining({ grossCents: 960, description: expect.stringContaining('2% per month') })]);
  });
});
