/**
 * Invoices, payments and their allocation: R-START-02, R-PAY-01..05, R-MONEY-01/02, and the
 * late interest of R-DUN-02 as a figure.
 */
import { addDays, addMonths, daysBetween, firstOfMonth, isAfter, isBefore, localDateOf, maxDate, minDate, type LocalDate } from './calendar.js';
import { Ctx, counts, inOpenDispute, isVoid, issueInvoice, line, openCents, type Draft } from './context.js';
import { COMMERCIAL_INTEREST, CONSUMER_INTEREST, contractualMonthlyInterest, statutoryInterest } from './law.js';
import { divideHalfUp, percentOf } from './money.js';
import type { InterestBasis } from './email-facts.js';
import type { TermsProfile } from './terms.js';
import { overageLines } from './usage.js';
import type { Account, Allocation, Customer, Invoice, InvoiceLine, LiveSubscription, Offer, RuleId } from './types.js';

export const periodMonths = (sub: { plan: { period: 'month' | 'year' } }): number => (sub.plan.period === 'year' ? 12 : 1);

/**
 * Nominal start of period k: anniversaries of the anchor, so 31 Jan → 28 Feb → 31 Mar (R-TIME-02).
 * Under a calendar billing anchor (R-BILL-01) the anchor is the 1st of the month (or 1 January)
 * on or before the start, so period 0 begins before the service does: see `servicePeriod`.
 */
export const periodStart = (sub: Pick<LiveSubscription, 'periodAnchor' | 'plan'>, k: number): LocalDate => addMonths(sub.periodAnchor, k * periodMonths(sub));

/**
 * R-BILL-01: the date periods are anniversaries of, for a service starting on `on`: the start
 * itself (anniversary), the 1st of its month (calendarMonth; also a monthly plan under
 * calendarYear), or 1 January of its year (a yearly plan under calendarYear).
 */
export function billingAnchorDate(on: LocalDate, anchor: TermsProfile['billingAnchor'], period: 'month' | 'year'): LocalDate {
  switch (anchor) {
    case 'anniversary':
      return on;
    case 'calendarMonth':
      return firstOfMonth(on);
    case 'calendarYear':
      return period === 'year' ? `${on.slice(0, 4)}-01-01` : firstOfMonth(on);
    default: {
      const never: never = anchor;
      throw new Error(`unknown billing anchor ${String(never)}`);
    }
  }
}

/**
 * Period k as billed: the days of service in it (`start` is never before the service began) and
 * its nominal length in days, the denominator of every pro-rata charge in it (R-BILL-01).
 */
export function servicePeriod(sub: Pick<LiveSubscription, 'periodAnchor' | 'plan' | 'activatedOn'>, k: number): { start: LocalDate; end: LocalDate; nominalDays: number } {
  const nominal = periodStart(sub, k);
  const end = periodStart(sub, k + 1);
  return { start: maxDate(nominal, sub.activatedOn), end, nominalDays: daysBetween(nominal, end) };
}

/** `price` for `days` of a period of `nominalDays`, half-up once (R-MONEY-01); the whole period at exactly `price`. */
export const proRata = (priceCents: number, days: number, nominalDays: number): number =>
  days === nominalDays ? priceCents : divideHalfUp(BigInt(priceCents) * BigInt(days), BigInt(nominalDays));

/**
 * Sorting order of R-PAY-03: accessory claims (costs, interest) before principal (6:44 BW), then
 * the oldest invoice first.
 */
function allocationOrder(a: Invoice | Draft<Invoice>, b: Invoice | Draft<Invoice>): number {
  if (a.category !== b.category) return a.category === 'accessory' ? -1 : 1;
  return a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * R-PAY-03 as a function of the facts: every received payment, in the order received, goes first
 * to the invoice it names, then to the oldest open invoice; what is left is credit for the next
 * invoice. Recomputing from the facts makes the result independent of the order events arrive in,
 * and a reversal (R-PAY-04) simply drops the payment. Void and disputed invoices take nothing
 * (R-PAY-05), unless the payment names them.
 */
export function allocation(acc: Account | Draft<Account>): Allocated {
  // Allocations to or from an archived record are frozen (domain/archive.ts): they keep using the
  // payment's money and keep counting as paid on the invoice.
  const frozen = acc.allocations.filter((a) => !acc.payments[a.paymentId] || !acc.invoices[a.invoiceId]);
  const frozenPaid = new Map<string, number>();
  const frozenUsed = new Map<string, number>();
  for (const a of frozen) {
    if (!acc.payments[a.paymentId]) frozenPaid.set(a.invoiceId, (frozenPaid.get(a.invoiceId) ?? 0) + a.cents);
    else frozenUsed.set(a.paymentId, (frozenUsed.get(a.paymentId) ?? 0) + a.cents);
  }
  // Credit notes are not claims: their credit is taken off the invoice they correct (R-CREDIT-02).
  const invoices = Object.values(acc.invoices).filter((i) => i.kind === 'invoice').sort(allocationOrder);
  const remaining = new Map<string, number>();
  const byInvoice = new Map<string, { paidCents: number; writtenOffCents: number }>();
  for (const inv of invoices) {
    const paidCents = frozenPaid.get(inv.id) ?? 0;
    // Upheld disputes of earlier releases voided the invoice; now a credit note corrects it (R-CREDIT-01).
    const writtenOffCents = isVoid(inv) && inv.creditedCents === 0 ? inv.totalCents - paidCents : 0;
    byInvoice.set(inv.id, { paidCents, writtenOffCents });
    // What credit notes took off comes first: payments fill only what is left (R-CREDIT-02).
    remaining.set(inv.id, Math.max(0, inv.totalCents - inv.creditedCents - writtenOffCents - paidCents));
  }
  const allocations: Allocation[] = frozen.filter((a) => !acc.payments[a.paymentId]).map((a) => ({ ...a }));
  let credit = 0;
  const payments = Object.values(acc.payments)
    .filter((p) => p.status === 'succeeded')
    .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1));
  for (const p of payments) {
    let left = p.amountCents - (frozenUsed.get(p.id) ?? 0);
    allocations.push(...frozen.filter((a) => a.paymentId === p.id && acc.payments[a.paymentId]).map((a) => ({ ...a })));
    const named = p.invoiceId ? acc.invoices[p.invoiceId] : undefined;
    // A payment discharges the debts that existed when it was received (6:43–6:44 BW); only what is
    // left over is credit for later invoices, so a later costs invoice never takes an earlier payment.
    const paidOn = localDateOf(p.receivedAt);
    const others = invoices.filter((i) => i !== named && !inOpenDispute(i) && !isVoid(i));
    // Credit goes to later invoices in the order they were issued ("the next invoice"), so a costs
    // invoice issued later does not take credit an earlier period invoice already used.
    const later = others.filter((i) => i.issuedOn > paidOn).sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.id < b.id ? -1 : 1));
    const targets = [...(named && !isVoid(named) ? [named] : []), ...others.filter((i) => i.issuedOn <= paidOn), ...later];
    for (const inv of targets) {
      if (left === 0) break;
      const open = remaining.get(inv.id) ?? 0;
      if (open <= 0) continue;
      const cents = Math.min(open, left);
      remaining.set(inv.id, open - cents);
      byInvoice.get(inv.id)!.paidCents += cents;
      left -= cents;
      allocations.push({ paymentId: p.id, invoiceId: inv.id, cents });
    }
    credit += left;
  }
  // One fixed order (payment, then invoice), whatever was archived or loaded back in between, so the
  // same facts always give the same list.
  allocations.sort((a, b) => (a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0));
  return { invoices: byInvoice, allocations, creditCents: credit };
}

/** R-PAY-03's result: per invoice what is paid and written off, who paid what, and the credit left. */
export interface Allocated {
  readonly invoices: ReadonlyMap<string, { readonly paidCents: number; readonly writtenOffCents: number }>;
  readonly allocations: readonly Allocation[];
  readonly creditCents: number;
}

/** Sets an allocation on the account (what evolve does with `PaymentsAllocated`, and archiving). */
export function setAllocation(acc: Draft<Account>, allocated: Allocated): void {
  for (const [id, x] of allocated.invoices) {
    const inv = acc.invoices[id]!;
    inv.paidCents = x.paidCents;
    inv.writtenOffCents = x.writtenOffCents;
  }
  acc.allocations = allocated.allocations.map((a) => ({ ...a }));
  acc.creditCents = allocated.creditCents;
}

/** Brings the account's allocation up to date with its facts, as a `PaymentsAllocated` event when it changed. */
export function allocate(ctx: Ctx): void {
  const acc = ctx.acc;
  const now = allocation(acc);
  const changed = [...now.invoices].filter(([id, x]) => acc.invoices[id]!.paidCents !== x.paidCents || acc.invoices[id]!.writtenOffCents !== x.writtenOffCents);
  const same = (a: readonly Allocation[], b: readonly Allocation[]) => a.length === b.length && a.every((x, i) => x.paymentId === b[i]!.paymentId && x.invoiceId === b[i]!.invoiceId && x.cents === b[i]!.cents);
  if (changed.length === 0 && acc.creditCents === now.creditCents && same(acc.allocations, now.allocations)) return;
  ctx.emit('PaymentsAllocated', {
    rule: 'R-PAY-03', source: 'art. 6:43–6:44 BW',
    data: { invoices: changed.map(([invoiceId, x]) => ({ invoiceId, ...x })), allocations: [...now.allocations], creditCents: now.creditCents },
  });
}

/** Overdue from the day after the due date (R-PAY-01). */
export const isOverdue = (inv: Invoice | Draft<Invoice>, today: LocalDate): boolean => isAfter(today, inv.dueOn);

/** Undisputed open invoices past their due date: the customer's arrears (R-PAY-05, R-SUSP-01). */
export function arrears(acc: Account | Draft<Account>, today: LocalDate): (Invoice | Draft<Invoice>)[] {
  return Object.values(acc.invoices).filter((i) => counts(i) && isOverdue(i, today)).sort(allocationOrder);
}

/** Every open undisputed invoice, due or not: what must be paid for reactivation (R-REACT-01). */
export function outstanding(acc: Account | Draft<Account>): (Invoice | Draft<Invoice>)[] {
  return Object.values(acc.invoices).filter((i) => counts(i)).sort(allocationOrder);
}

/**
 * Late interest on an invoice up to `until` (R-DUN-02, R-LAW-03): businesses from the day after
 * the due date at the commercial rate (6:119a) or the profile's contractual rate; consumers from
 * the first day of default at the consumer rate (6:119), the contractual rate only by opt-in.
 */
export function lateInterest(inv: Invoice | Draft<Invoice>, terms: TermsProfile, consumer: boolean, until: LocalDate): { cents: number; from: LocalDate | null; basis: string } {
  const principal = openCents(inv);
  const from = consumer ? inv.dunning.defaultOn : addDays(inv.dueOn, 1);
  const ground = interestBasisOf(terms, consumer);
  const basis = ground.kind === 'contractualMonthly' ? `contractual ${ground.monthlyBp / 100}% per month` : ground.kind === 'statutoryConsumer' ? 'art. 6:119 BW' : 'art. 6:119a BW';
  // The ground is named even while nothing has accrued yet: a letter says which interest will run.
  if (principal <= 0 || from === null || !isBefore(from, until) || inv.category !== 'principal') return { cents: 0, from, basis };
  if (ground.kind === 'contractualMonthly') {
    const r = contractualMonthlyInterest({ principalCents: principal, from, until, monthlyBp: ground.monthlyBp });
    return { cents: r.interestCents, from, basis };
  }
  const r = statutoryInterest({ principalCents: principal, from, until, table: consumer ? CONSUMER_INTEREST : COMMERCIAL_INTEREST });
  return { cents: r.interestCents, from, basis };
}

/** Which late interest runs (R-DUN-02, R-LAW-03): the profile's contractual rate, or the statutory one for the kind of customer. */
export function interestBasisOf(terms: TermsProfile, consumer: boolean): InterestBasis {
  const contractual = terms.businessLateInterest.kind === 'contractualMonthly' && (!consumer || terms.applyContractualInterestToConsumers);
  if (contractual && terms.businessLateInterest.kind === 'contractualMonthly') return { kind: 'contractualMonthly', monthlyBp: terms.businessLateInterest.monthlyBp };
  return consumer ? { kind: 'statutoryConsumer' } : { kind: 'statutoryCommercial' };
}


/**
 * Invoices period k of a subscription (R-START-02): in advance on its first day, in arrears on the
 * day after it; with the manual-payment surcharge when the customer pays without direct debit
 * (R-PAY-02). A period cut short by the end of the contract is prorated by days.
 */
export function invoicePeriod(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, k: number, endsOn: LocalDate | null, billed?: { periodIndex: number; nextInvoiceOn: LocalDate }, usageClosedBy?: LocalDate): void {
  const { start, end: fullEnd, nominalDays } = servicePeriod(sub, k);
  const end = endsOn ? minDate(fullEnd, endsOn) : fullEnd;
  // Service billed in arrears is charged at the price, plan and seats of each day: a change that took
  // effect inside the period splits it (R-PRICE-03; R-BILL-02 when the profile prorates changes), and
  // one that took effect on the day after it (the day it is invoiced) does not reach back into it.
  // Billed in advance, a period is charged at what applies on its first day.
  const arrears = terms.billingTiming === 'inArrears';
  const { cuts, byChange } = arrears ? cutsWithin(sub, start, end) : { cuts: [], byChange: false };
  const bounds = [start, ...cuts, end];
  const segments = bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1]!, ...(arrears ? offerOn(sub, from) : { plan: sub.plan, seats: sub.seats }) }));
  const lines = chargeLines(ctx.acc.customer, terms, sub.id, { start, end }, segments.map((seg): Charge => ({
    description: `${seg.plan.name}, ${seg.seats} × ${seg.from} – ${addDays(seg.to, -1)}`, period: { start: seg.from, end: seg.to },
    quantity: seg.seats, unitCents: seg.plan.priceCents, rule: segments.length > 1 ? (byChange ? 'R-BILL-02' : 'R-PRICE-03') : daysBetween(seg.from, seg.to) < nominalDays ? 'R-BILL-01' : 'R-START-02',
    amountCents: proRata(seg.plan.priceCents * seg.seats, daysBetween(seg.from, seg.to), nominalDays),
  })));
  // R-BILL-03: the usage of every month over by today (by the end, for the final invoice) above its allowance.
  const overage = overageLines(ctx, sub, terms, usageClosedBy ?? ctx.today);
  issueInvoice(ctx, { subscriptionId: sub.id, lines: [...lines, ...overage.lines], paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-START-02', source: terms.sources['billingTiming'] ?? terms.seed, ...(billed && { billed }), usage: overage.usage });
}

/**
 * The plan and seats charged on `day`: the current ones with every later applied change undone,
 * latest first — plan and seat changes (R-BILL-02) and price changes (R-PRICE-03); on the same
 * day a plan change is undone before a price change (it was applied after it).
 */
export function offerOn(sub: Pick<LiveSubscription, 'plan' | 'seats' | 'changes' | 'priceChanges'>, day: LocalDate): Offer {
  const ops = [
    ...sub.changes.flatMap((c) => (c.from ? [{ on: c.effectiveOn, rank: 1, undo: (): Offer => c.from! }] : [])),
    ...sub.priceChanges.filter((p) => p.applied && p.fromCents !== undefined).map((p) => ({ on: p.effectiveOn, rank: 0, undo: (o: Offer): Offer => ({ plan: { ...o.plan, priceCents: p.fromCents! }, seats: o.seats }) })),
  ].sort((a, b) => (a.on !== b.on ? (a.on < b.on ? 1 : -1) : b.rank - a.rank));
  return ops.reduce<Offer>((o, op) => (op.on > day ? op.undo(o) : o), { plan: sub.plan, seats: sub.seats });
}

/** The days inside [start, end) where what is charged changed: the cuts of an in-arrears period (R-PRICE-03, R-BILL-02). */
export function cutsWithin(sub: Pick<LiveSubscription, 'changes' | 'priceChanges'>, start: LocalDate, end: LocalDate): { cuts: LocalDate[]; byChange: boolean } {
  const changeDays = sub.changes.filter((c) => c.from !== null && c.effectiveOn > start && c.effectiveOn < end).map((c) => c.effectiveOn);
  const priceDays = sub.priceChanges.filter((p) => p.applied && p.fromCents !== undefined && p.effectiveOn > start && p.effectiveOn < end).map((p) => p.effectiveOn);
  return { cuts: [...new Set([...changeDays, ...priceDays])].sort(), byChange: changeDays.length > 0 };
}

/** One charge line of a subscription, before VAT (R-MONEY-02) is split out. */
export interface Charge {
  readonly description: string;
  readonly period: { readonly start: LocalDate; readonly end: LocalDate } | null;
  readonly quantity: number;
  readonly unitCents: number;
  readonly amountCents: number;
  readonly rule: RuleId;
}

/**
 * The lines of a subscription charge, the one place invoice lines of a charge are built: one line
 * per charge, and R-PAY-02's surcharge on their sum for a customer paying without direct debit.
 */
export function chargeLines(
  customer: Pick<Customer, 'directDebit'>, terms: TermsProfile, subscriptionId: string, period: { start: LocalDate; end: LocalDate } | null, charges: readonly Charge[],
): Draft<InvoiceLine>[] {
  const vat = { bp: terms.vatBp, included: terms.pricesIncludeVat };
  const lines = charges.map((c) => line({ kind: 'subscription', subscriptionId, ...c, period: c.period && { ...c.period }, vat }));
  if (terms.manualPaymentSurchargeBp > 0 && !customer.directDebit) {
    const surcharge = percentOf(charges.reduce((s, c) => s + c.amountCents, 0), terms.manualPaymentSurchargeBp);
    lines.push(line({
      kind: 'surcharge', description: `Surcharge for payment without direct debit (${terms.manualPaymentSurchargeBp / 100}%)`, subscriptionId,
      period: period && { ...period }, quantity: 1, unitCents: surcharge, amountCents: surcharge, rule: 'R-PAY-02', vat,
    }));
  }
  return lines;
}

/** The periodic charges from `from` up to `until` (exclusive), for R-EARLY-01. */
export function chargesBetween(sub: Pick<LiveSubscription, 'periodAnchor' | 'plan' | 'seats' | 'activatedOn'>, from: LocalDate, until: LocalDate): number {
  let total = 0;
  for (let k = 0; k < 1200; k++) {
    const { start: s, end: e, nominalDays } = servicePeriod(sub, k);
    if (!isBefore(s, until)) break;
    if (!isAfter(e, from)) continue;
    const a = from > s ? from : s;
    const b = until < e ? until : e;
    total += proRata(sub.plan.priceCents * sub.seats, daysBetween(a, b), nominalDays);
  }
  return total;
}

/** The first day not yet covered by an issued periodic invoice (in advance or in arrears alike). */
export function billedUntil(sub: Pick<LiveSubscription, 'periodAnchor' | 'plan' | 'periodIndex' | 'activatedOn'>): LocalDate {
  return servicePeriod(sub, sub.periodIndex).start;
}
