/**
 * What happens when invoices stay unpaid: the dunning ladder and its costs (R-DUN-01..04,
 * R-LAW-01, R-LAW-03), suspension (R-SUSP-01..04), reactivation (R-REACT-01..03) and
 * dissolution (R-DISS-01..02).
 */
import { addDays, addMonths, isAfter, localDateOf, type LocalDate } from './calendar.js';
import { arrears, interestBasisOf, lateInterest, outstanding } from './billing.js';
import type { Consequence, EmailFacts, NextStep } from './email-facts.js';
import { Ctx, counts, issueInvoice, line, liveSubs, openCents, type Draft } from './context.js';
import { FOURTEEN_DAY_LETTER, WIK_SOURCE, wikCollectionCosts } from './law.js';
import { percentOf } from './money.js';
import { endSubscription, invoiceRemainingCharges } from './lifecycle.js';
import { quoteCancellation } from './cancellation.js';
import type { TermsProfile } from './terms.js';
import type { EventData, Invoice, LiveSubscription, Suspension, RuleId } from './types.js';

type Inv = Invoice | Draft<Invoice>;

/** The profile that governs an invoice: its subscription's, or for customer-level invoices the first live one's. */
export function termsForInvoice(ctx: Ctx, inv: Inv): TermsProfile | null {
  const sub = inv.subscriptionId ? ctx.acc.subscriptions[inv.subscriptionId] : liveSubs(ctx.acc)[0];
  return sub ? ctx.termsOf(sub) : null;
}

/** Collection costs on a principal (R-DUN-03), capped for consumers by the WIK scale (R-LAW-01). */
export function collectionCosts(terms: TermsProfile, principalCents: number, consumer: boolean): { cents: number; basis: string; guardrail: string | null } {
  const c = terms.collectionCosts;
  const contractual =
    c.kind === 'percentageOfPrincipal' ? Math.max(percentOf(principalCents, c.pctBp), c.minimumCents) + c.administrationCents
    : c.kind === 'wikScale' ? Math.max(wikCollectionCosts(principalCents), c.minimumCents)
    : wikCollectionCosts(principalCents);
  const basis = c.kind === 'percentageOfPrincipal' ? `${c.pctBp / 100}% of ${principalCents} cents, at least ${c.minimumCents}, plus ${c.administrationCents} administration` : c.kind === 'wikScale' ? `WIK scale, at least ${c.minimumCents}` : 'WIK scale';
  if (consumer) {
    const cap = wikCollectionCosts(principalCents);
    return contractual > cap ? { cents: cap, basis, guardrail: `R-LAW-01: capped to the WIK scale (${cap} cents)` } : { cents: contractual, basis, guardrail: null };
  }
  // 6:96 lid 4 BW: a business owes at least €40.
  return contractual < 4000 ? { cents: 4000, basis, guardrail: 'R-LAW-01: statutory minimum of €40 for businesses' } : { cents: contractual, basis, guardrail: null };
}

type LadderStep = TermsProfile['dunning']['ladder'][number]['step'];
export type DunningStep = LadderStep | 'letter' | 'costs';
const TAKEN_ON = { reminder: 'reminderOn', formalNotice: 'formalNoticeOn', default: 'defaultOn' } as const satisfies Record<LadderStep, keyof Invoice['dunning']>;

/** The day a rung of the ladder is due, given the day the rung before it was taken. */
function rungOn(rung: TermsProfile['dunning']['ladder'][number], inv: Inv, previousOn: LocalDate | null): LocalDate {
  return 'daysAfterDueDate' in rung ? addDays(inv.dueOn, rung.daysAfterDueDate) : addDays(previousOn!, rung.daysAfterPreviousStep);
}

/** The rung at which a business owes collection costs: the first formal notice or default the ladder reaches (R-DUN-03). */
const costsRung = (terms: TermsProfile): LadderStep | null => terms.dunning.ladder.find((r) => r.step !== 'reminder')?.step ?? null;

/** Default comes only after a formal notice's further term (000 §3.7), not by operation of law. */
export const defaultNeedsNotice = (terms: TermsProfile): boolean => {
  const steps = terms.dunning.ladder.map((r) => r.step);
  return steps.includes('formalNotice') && steps.indexOf('formalNotice') < steps.indexOf('default');
};

/**
 * The dunning steps still to take for an invoice, with the day each is due: the next rung of the
 * profile's ladder (R-DUN-01), and for consumers the 14-day letter and the costs after its term (R-LAW-01).
 */
export function dunningSteps(inv: Inv, terms: TermsProfile, consumer: boolean): { step: DunningStep; on: LocalDate }[] {
  if (!counts(inv) || inv.category !== 'principal') return [];
  const d = inv.dunning;
  const steps: { step: DunningStep; on: LocalDate }[] = [];
  const ladder = terms.dunning.ladder;
  const next = ladder.findIndex((r) => d[TAKEN_ON[r.step]] === null);
  if (next >= 0) steps.push({ step: ladder[next]!.step, on: rungOn(ladder[next]!, inv, next > 0 ? d[TAKEN_ON[ladder[next - 1]!.step]] : null) });
  if (consumer) {
    if (d.defaultOn !== null && d.letterOn === null) steps.push({ step: 'letter', on: d.defaultOn });
    if (d.letterOn !== null && d.costsInvoiceId === null) steps.push({ step: 'costs', on: consumerCostsOn(d.letterOn) });
  } else if (d.costsInvoiceId === null) {
    const rung = costsRung(terms);
    const at = rung === null ? null : d[TAKEN_ON[rung]];
    if (at !== null) steps.push({ step: 'costs', on: at });
  }
  return steps;
}

/** The day the rung after `step` falls due when `step` is taken on `takenOn`, and which rung it is. */
function nextRung(terms: TermsProfile, step: LadderStep, inv: Inv, takenOn: LocalDate): NextStep | null {
  const ladder = terms.dunning.ladder;
  const rung = ladder[ladder.findIndex((r) => r.step === step) + 1];
  return rung ? { step: rung.step === 'reminder' ? 'formalNotice' : rung.step, on: rungOn(rung, inv, takenOn) } : null;
}

/**
 * What the backend itself does next about an unpaid invoice after a letter sent today (R-DUN-04):
 * the ladder's next rung, or else the first of suspension and dissolution the invoice brings
 * about — each on a later day. A letter's deadline is the day before it, the last day on which
 * paying still prevents it (triggers fire at 00:00).
 */
function nextStepAfter(ctx: Ctx, inv: Inv, terms: TermsProfile, step: LadderStep): NextStep | null {
  const later = (s: NextStep | null): s is NextStep => s !== null && isAfter(s.on, ctx.today);
  const rung = nextRung(terms, step, inv, ctx.today);
  if (later(rung)) return rung;
  const sub = inv.subscriptionId ? ctx.acc.subscriptions[inv.subscriptionId] : undefined;
  const live = sub?.status === 'live' ? sub : undefined;
  const suspension = live && !hasSuspension(live, 'arrears') ? suspensionThreshold(inv, terms) : null;
  const dissolution = live && !live.dissolutionProposed ? dissolutionThreshold(inv, terms) : null;
  const candidates: (NextStep | null)[] = [suspension === null ? null : { step: 'suspension', on: suspension }, dissolution === null ? null : { step: 'dissolution', on: dissolution }];
  return candidates.filter(later).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0] ?? null;
}

const dayBefore = (s: NextStep | null): LocalDate | null => (s === null ? null : addDays(s.on, -1));

/** R-LAW-01: 14 days counted from the day after receipt, receipt taken as two days after sending. */
export function consumerCostsOn(letterOn: LocalDate): LocalDate {
  const receipt = addDays(letterOn, FOURTEEN_DAY_LETTER.assumedReceiptDays);
  return addDays(receipt, FOURTEEN_DAY_LETTER.termDays + 1);
}

/** Takes one dunning step on an invoice, once (R-DUN-04). */
export function takeDunningStep(ctx: Ctx, inv: Draft<Invoice>, step: DunningStep, terms: TermsProfile): void {
  const consumer = ctx.acc.customer.kind === 'consumer';
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  const open = openCents(inv);
  const interest = lateInterest(inv, terms, consumer, ctx.today);
  const source = terms.sources['dunning'] ?? null;
  const base = { invoiceId: inv.id, issuedOn: inv.issuedOn, dueOn: inv.dueOn, openCents: open, interestCents: interest.cents, interestBasis: interest.basis };
  const letter = { invoiceId: inv.id, invoiceNumber: inv.number, issuedOn: inv.issuedOn, dueOn: inv.dueOn, openCents: open, interestCents: interest.cents, interest: interestBasisOf(terms, consumer) };
  switch (step) {
    case 'reminder': {
      // In default by operation of law when the ladder's default falls on the reminder's day or before.
      const defaultRung = terms.dunning.ladder.find((r) => r.step === 'default');
      const inDefault = defaultRung !== undefined && 'daysAfterDueDate' in defaultRung && !isAfter(addDays(inv.dueOn, defaultRung.daysAfterDueDate), ctx.today);
      // The deadline is the last day before the backend's next step on this invoice, so the letter and what follows agree.
      const next = nextStepAfter(ctx, inv, terms, 'reminder');
      const payBy = dayBefore(next);
      ctx.emit('ReminderSent', { sub, rule: 'R-DUN-04', source, data: { ...base, ladder: terms.dunning.ladder.map((r) => r.step), inDefault, payBy, next } });
      ctx.email(inv.id, 'dunning.reminder', sub, { ...letter, inDefault, next, payBy, consequences: consequencesOf(terms) });
      return;
    }
    case 'formalNotice': {
      const costs = collectionCosts(terms, open, consumer);
      const next = nextStepAfter(ctx, inv, terms, 'formalNotice');
      // The day default begins (the rung after the notice), kept in the trail as before.
      const deadline = nextRung(terms, 'formalNotice', inv, ctx.today)?.on ?? ctx.today;
      const reminderOn = inv.dunning.reminderOn;
      const fromReminder = reminderOn === null ? null : nextRung(terms, 'reminder', inv, reminderOn);
      const reminder = reminderOn !== null && fromReminder?.step === 'formalNotice' ? { sentOn: reminderOn, payBy: addDays(fromReminder.on, -1) } : null;
      const costsWhen = consumer ? 'afterFourteenDayLetter' : costsRung(terms) === 'formalNotice' ? 'chargedNow' : 'ifUnpaid';
      ctx.emit('FormalNoticeSent', { sub, rule: 'R-DUN-01', source, data: { ...base, costsCents: costs.cents, costsBasis: costs.basis, deadline, payBy: dayBefore(next) } });
      ctx.email(inv.id, 'dunning.formal_notice', sub, { ...letter, reminder, next, payBy: dayBefore(next), costsCents: costs.cents, costsWhen, consequences: consequencesOf(terms) });
      return;
    }
    case 'default': {
      ctx.emit('CustomerInDefault', { sub, rule: 'R-DUN-01', source, data: { ...base, interestFrom: consumer ? ctx.today : addDays(inv.dueOn, 1), interestBasis: consumer ? 'art. 6:119 BW' : interest.basis } });
      if (defaultNeedsNotice(terms)) ctx.email(inv.id, 'dunning.default_notice', sub, { ...letter, interestFrom: consumer ? ctx.today : addDays(inv.dueOn, 1) });
      return;
    }
    case 'letter': {
      const costs = collectionCosts(terms, open, true);
      const payBy = addDays(consumerCostsOn(ctx.today), -1);
      ctx.emit('FourteenDayLetterSent', { sub, rule: 'R-LAW-01', source: WIK_SOURCE, data: { ...base, costsCents: costs.cents, payBy, assumedReceipt: addDays(ctx.today, FOURTEEN_DAY_LETTER.assumedReceiptDays) } });
      ctx.email(inv.id, 'dunning.fourteen_day_letter', sub, { ...letter, costsCents: costs.cents, payBy, assumedReceiptOn: addDays(ctx.today, FOURTEEN_DAY_LETTER.assumedReceiptDays) });
      return;
    }
    case 'costs': {
      // Invoices that fall into collection on the same day are one claim: the scale and its
      // minimum apply once to their combined principal, not once per invoice (R-DUN-03, R-LAW-01).
      const sameDay = Object.values(ctx.acc.invoices).filter((i) => {
        const c = i.id !== inv.id && i.dunning.costsInvoiceId ? ctx.acc.invoices[i.dunning.costsInvoiceId] : undefined;
        return c !== undefined && c.issuedOn === ctx.today && c.lines.every((l) => l.kind === 'collection-costs');
      });
      const chargedToday = [...new Set(sameDay.map((i) => i.dunning.costsInvoiceId!))].reduce((s, id) => s + ctx.acc.invoices[id]!.totalCents, 0);
      const combined = open + sameDay.reduce((s, i) => s + openCents(i), 0);
      const costs = collectionCosts(terms, combined, consumer);
      const cents = Math.max(0, costs.cents - chargedToday);
      const claim = [...sameDay.map((i) => i.id), inv.id];
      if (cents === 0) {
        ctx.emit('CollectionCostsCharged', { sub, rule: consumer ? 'R-LAW-01' : 'R-DUN-03', source: terms.sources['collectionCosts'] ?? null, data: { ...base, costsCents: 0, claim, combinedPrincipalCents: combined, basis: costs.basis, note: 'covered by the costs already charged today on the same claim', costsInvoiceId: sameDay[0]!.dunning.costsInvoiceId } });
        return;
      }
      // An invoice for costs is an invoice like any other: payable within the profile's term (R-PAY-01, R-DUN-03).
      const costsInvoice = issueInvoice(ctx, {
        subscriptionId: inv.subscriptionId, category: 'accessory', paymentTermDays: terms.paymentTermDays, rule: 'R-DUN-03', source: terms.sources['collectionCosts'] ?? terms.seed,
        lines: [line({ kind: 'collection-costs', description: `Collection costs on ${claim.length > 1 ? `invoices ${claim.join(', ')}` : `invoice ${inv.id}`} (${costs.basis})`, subscriptionId: inv.subscriptionId, period: null, quantity: 1, unitCents: cents, amountCents: cents, rule: 'R-DUN-03', vat: null })],
      });
      ctx.emit('CollectionCostsCharged', { sub, rule: consumer ? 'R-LAW-01' : 'R-DUN-03', source: terms.sources['collectionCosts'] ?? null, data: { ...base, costsCents: cents, claim, combinedPrincipalCents: combined, basis: costs.basis, guardrail: costs.guardrail, costsInvoiceId: costsInvoice.id } });
      return;
    }
  }
}

function consequencesOf(terms: TermsProfile): Consequence[] {
  const out: Consequence[] = [];
  if (terms.suspendWhen.kind !== 'never') out.push('suspension');
  if (terms.dissolveWhen.kind !== 'never') out.push('dissolution');
  if (terms.collectionCosts.kind !== 'statutoryMinimum') out.push('collectionCosts');
  out.push('lateInterest');
  return out;
}

/** The day an unpaid invoice makes a subscription on `terms` suspendable (R-SUSP-01), or null. */
export function suspensionThreshold(inv: Inv, terms: TermsProfile): LocalDate | null {
  if (!counts(inv) || inv.category !== 'principal') return null;
  const w = terms.suspendWhen;
  switch (w.kind) {
    case 'never':
      return null;
    case 'unpaidInvoiceOlderThanMonths': // "more than N months after the invoice date"
      return addDays(addMonths(inv.issuedOn, w.months), 1);
    case 'prepaidPeriodInvoiceOverdue':
    case 'anyInvoiceOverdue':
      return addDays(inv.dueOn, 1);
    default: {
      const never: never = w;
      return never;
    }
  }
}

/** Invoices that count against a subscription for suspension: its own, or the customer's (R-SUSP-03). */
export function invoicesInScope(ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile): Inv[] {
  const arrangement = ctx.acc.customer.arrangement;
  return Object.values(ctx.acc.invoices).filter(
    (i) => (terms.suspendScope === 'customer' || i.subscriptionId === sub.id) && !(arrangement && i.issuedOn <= arrangement.recordedAt.slice(0, 10)),
  );
}

/**
 * The first day an invoice in a subscription's scope reaches `threshold` (suspension or dissolution),
 * or null. With a customer-wide scope (R-SUSP-03) every subscription on a profile sees the same
 * invoices, so the day is computed once per profile and kept in `customerWide` (one map per
 * triggers() call): a reseller's hundred workplaces cost one pass over the invoices, not a hundred.
 */
export function firstThreshold(
  ctx: Ctx, sub: Draft<LiveSubscription>, terms: TermsProfile, threshold: (inv: Inv, terms: TermsProfile) => LocalDate | null, customerWide: Map<string, LocalDate | null>,
): LocalDate | null {
  const first = () => invoicesInScope(ctx, sub, terms).map((i) => threshold(i, terms)).filter((d): d is LocalDate => d !== null).sort()[0] ?? null;
  if (terms.suspendScope !== 'customer') return first();
  const key = `${terms.id}@${terms.version}`;
  if (!customerWide.has(key)) customerWide.set(key, first());
  return customerWide.get(key)!;
}

export const hasSuspension = (sub: Draft<LiveSubscription>, reason: Suspension['reason']): boolean => sub.suspensions.some((s) => s.reason === reason);

/** Adds a suspension; access goes only when it is the first one (R-SUSP-02), so it changes once. */
export function suspend(ctx: Ctx, sub: Draft<LiveSubscription>, reason: Suspension['reason'], rule: RuleId, source: string | null, detail: string, facts: Omit<EventData['SubscriptionSuspended'], 'reason' | 'seats' | 'detail'>): void {
  if (hasSuspension(sub, reason)) return;
  const first = sub.suspensions.length === 0;
  ctx.emit('SubscriptionSuspended', { sub, rule, source, data: { reason, seats: sub.seats, detail, ...facts } });
  if (first) {
    ctx.access('revoke', sub, reason, rule);
    ctx.emit('AccessRevoked', { sub, rule: 'R-SUSP-02', source, data: { seats: sub.seats, reason, billingContinues: true } });
  }
  ctx.email(`${sub.id}:${reason}:${ctx.at}`, 'suspension.notice', sub, suspensionLetter(ctx, sub, reason, facts));
}

/** What the suspension letter says: for arrears the invoice, what is outstanding and the fee to resume; nothing of a reseller's own arrears. */
function suspensionLetter(ctx: Ctx, sub: Draft<LiveSubscription>, reason: Suspension['reason'], facts: Omit<EventData['SubscriptionSuspended'], 'reason' | 'seats' | 'detail'>): EmailFacts['suspension.notice'] {
  switch (reason) {
    case 'arrears': {
      const inv = facts.invoiceId ? ctx.acc.invoices[facts.invoiceId] : undefined;
      const invoice = { invoiceId: facts.invoiceId ?? '', invoiceNumber: inv?.number ?? '', issuedOn: facts.invoiceIssuedOn ?? inv?.issuedOn ?? ctx.today, dueOn: facts.invoiceDueOn ?? inv?.dueOn ?? ctx.today, openCents: facts.openCents ?? 0 };
      const outstandingCents = outstanding(ctx.acc).reduce((s, i) => s + openCents(i), 0);
      return { reason, seats: sub.seats, invoice, outstandingCents, reactivationFeeCents: ctx.termsOf(sub).reactivationFeePerSeatCents * sub.seats };
    }
    case 'abuse':
    case 'reseller-suspended':
      return { reason, seats: sub.seats };
    default: {
      const never: never = reason;
      return never;
    }
  }
}

/** Lifts a suspension; access returns when none is left (R-REACT-03). */
export function lift(ctx: Ctx, sub: Draft<LiveSubscription>, reason: Suspension['reason'], rule: RuleId, facts: Omit<EventData['SuspensionLifted'], 'reason' | 'since'>): Suspension | null {
  const found = sub.suspensions.find((s) => s.reason === reason);
  if (!found) return null;
  ctx.emit('SuspensionLifted', { sub, rule, source: null, data: { reason, since: found.since, ...facts } });
  if (sub.suspensions.length === 0) {
    ctx.access('restore', sub, reason === 'abuse' ? 'abuse-cleared' : reason === 'reseller-suspended' ? 'reseller-restored' : 'reactivated', rule);
    ctx.emit('AccessRestored', { sub, rule: 'R-REACT-03', source: null, data: { seats: sub.seats } });
  }
  return found;
}

/** R-SUSP-01/03/04: suspend every subscription whose threshold has passed. */
export function applySuspensions(ctx: Ctx): void {
  let anyNew = false;
  for (const sub of liveSubs(ctx.acc)) {
    if (hasSuspension(sub, 'arrears')) continue;
    const terms = ctx.termsOf(sub);
    const due = invoicesInScope(ctx, sub, terms)
      .map((inv) => ({ inv, on: suspensionThreshold(inv, terms) }))
      .filter((x): x is { inv: Inv; on: LocalDate } => x.on !== null && !isAfter(x.on, ctx.today))
      .sort((a, b) => (a.on < b.on ? -1 : 1));
    const first = due[0];
    if (!first) continue;
    const rule = terms.suspendScope === 'customer' && first.inv.subscriptionId !== sub.id ? 'R-SUSP-03' : 'R-SUSP-01';
    suspend(ctx, sub, 'arrears', rule, terms.sources['suspendWhen'] ?? null, `invoice ${first.inv.id} of ${first.inv.issuedOn} unpaid`, {
      invoiceId: first.inv.id, invoiceIssuedOn: first.inv.issuedOn, invoiceDueOn: first.inv.dueOn, openCents: openCents(first.inv), threshold: terms.suspendWhen, suspendableFrom: first.on, scope: terms.suspendScope,
    });
    anyNew = true;
    if (terms.cascadeSuspensionToResellerCustomers && ctx.acc.customer.billingAccountOfReseller) {
      const resellerId = ctx.acc.customer.billingAccountOfReseller;
      ctx.emit('ResellerSuspensionCascaded', { sub, rule: 'R-SUSP-04', source: terms.sources['cascadeSuspensionToResellerCustomers'] ?? null, data: { resellerId } });
      ctx.push({ kind: 'follow-up', key: `follow-up:reseller.suspended:${resellerId}:${ctx.at}`, event: { type: 'reseller.suspended', data: { resellerId, since: ctx.at } } });
    }
  }
  void anyNew;
}

/**
 * R-REACT-01/02: when nothing undisputed is outstanding (or a written arrangement is recorded),
 * every arrears suspension lifts, with the per-seat fee once per suspension — not when the
 * payment that cleared the arrears was made before the suspension took effect.
 */
export function applyReactivations(ctx: Ctx, paidAt: string | null, cause: 'dispute' | null = null): void {
  const suspended = liveSubs(ctx.acc).filter((s) => hasSuspension(s, 'arrears'));
  if (suspended.length === 0) return;
  const owed = outstanding(ctx.acc);
  const arrangement = ctx.acc.customer.arrangement;
  const stillOwed = owed.filter((i) => !(arrangement && i.issuedOn <= arrangement.recordedAt.slice(0, 10)));
  if (stillOwed.length > 0) return;
  let restoredReseller = false;
  for (const sub of suspended) {
    const terms = ctx.termsOf(sub);
    const suspension = sub.suspensions.find((s) => s.reason === 'arrears')!;
    const paidBeforeSuspension = paidAt !== null && paidAt < suspension.since;
    // No fee where nothing was paid to resume: a dispute took the debt out of the arrears (R-PAY-05).
    const feeWaived = paidBeforeSuspension ? 'paid before the suspension took effect' : cause === 'dispute' ? 'the arrears were disputed, not paid' : null;
    lift(ctx, sub, 'arrears', 'R-REACT-01', { basis: cause === 'dispute' ? 'the unpaid invoices are disputed' : arrangement && owed.length > 0 ? 'written arrangement' : 'all outstanding invoices paid', paidBeforeSuspension, feeWaived });
    const fee = terms.reactivationFeePerSeatCents * suspension.seats;
    if (fee > 0 && feeWaived === null) {
      issueInvoice(ctx, {
        subscriptionId: sub.id, category: 'principal', paymentTermDays: terms.paymentTermDays, rule: 'R-REACT-02', source: terms.sources['reactivationFeePerSeatCents'] ?? terms.seed,
        lines: [line({ kind: 'reactivation', description: `Reactivation, ${suspension.seats} seats × ${terms.reactivationFeePerSeatCents} cents`, subscriptionId: sub.id, period: null, quantity: suspension.seats, unitCents: terms.reactivationFeePerSeatCents, amountCents: fee, rule: 'R-REACT-02', vat: { bp: terms.vatBp, included: terms.pricesIncludeVat } })],
      });
    }
    ctx.email(`${sub.id}:${suspension.since}`, 'reactivation.notice', sub, { seats: suspension.seats, feeCents: feeWaived === null ? fee : 0, suspendedSince: localDateOf(suspension.since) });
    if (terms.cascadeSuspensionToResellerCustomers && ctx.acc.customer.billingAccountOfReseller && !restoredReseller) {
      restoredReseller = true;
      const resellerId = ctx.acc.customer.billingAccountOfReseller;
      ctx.push({ kind: 'follow-up', key: `follow-up:reseller.restored:${resellerId}:${ctx.at}`, event: { type: 'reseller.restored', data: { resellerId } } });
    }
  }
}

/** The day unpaid invoices allow dissolution of a subscription (R-DISS-01), or null. */
export function dissolutionThreshold(inv: Inv, terms: TermsProfile): LocalDate | null {
  const w = terms.dissolveWhen;
  if (w.kind === 'never' || !counts(inv) || inv.category !== 'principal') return null;
  return addDays(addMonths(inv.issuedOn, w.months), 1);
}

/** R-DISS-01: propose (manual) or carry out (automatic) dissolution once the threshold passed. */
export function applyDissolutions(ctx: Ctx): void {
  for (const sub of liveSubs(ctx.acc)) {
    if (sub.dissolutionProposed) continue;
    const terms = ctx.termsOf(sub);
    if (terms.dissolveWhen.kind === 'never') continue;
    const hit = invoicesInScope(ctx, sub, terms)
      .map((inv) => ({ inv, on: dissolutionThreshold(inv, terms) }))
      .filter((x): x is { inv: Inv; on: LocalDate } => x.on !== null && !isAfter(x.on, ctx.today))
      .sort((a, b) => (a.on < b.on ? -1 : 1))[0];
    if (!hit) continue;
    const reason = `invoice ${hit.inv.id} of ${hit.inv.issuedOn} unpaid more than ${terms.dissolveWhen.months} months`;
    ctx.emit('DissolutionProposed', { sub, rule: 'R-DISS-01', source: terms.sources['dissolveWhen'] ?? null, data: { invoiceId: hit.inv.id, invoiceIssuedOn: hit.inv.issuedOn, openCents: openCents(hit.inv), confirmation: terms.dissolveWhen.confirmation, because: reason } });
    ctx.email(`${sub.id}:dissolution`, 'dissolution.proposed', sub, {
      reason: 'arrears', invoice: { invoiceId: hit.inv.id, invoiceNumber: hit.inv.number, issuedOn: hit.inv.issuedOn, dueOn: hit.inv.dueOn, openCents: openCents(hit.inv) }, months: terms.dissolveWhen.months, automatic: terms.dissolveWhen.confirmation === 'automatic',
    });
    if (terms.dissolveWhen.confirmation === 'automatic') dissolve(ctx, sub, 'dissolved', 'R-DISS-01');
  }
}

/**
 * Ends a subscription at once for a reason on the customer's side (R-DISS-01, R-DISS-02): the
 * remaining charges (R-EARLY-01), the accrued late interest and the collection costs are invoiced.
 */
export function dissolve(ctx: Ctx, sub: Draft<LiveSubscription>, reason: 'dissolved' | 'insolvency', rule: RuleId): void {
  const terms = ctx.termsOf(sub);
  const today = ctx.today;
  const consumer = ctx.acc.customer.kind === 'consumer';
  // The lost revenue runs to the end of the minimum term, or for an indefinite contract to the earliest end by notice.
  const regular = quoteCancellation(ctx.acc, sub.id, { ...terms, refuseCancellationWhileInArrears: false, cancellationForm: 'any' }, ctx.at, 'email');
  const until = regular.endsOn ?? sub.minimumTermEnd;
  // R-DISS-02: insolvency makes every claim due at once, the remaining charges included.
  const fee = invoiceRemainingCharges(ctx, sub, terms, today, until, terms.sources['dissolveWhen'] ?? terms.seed, reason === 'insolvency' ? 0 : terms.paymentTermDays);
  // Accrued interest and collection costs on what is still owed (handed to collection).
  const owed = arrears(ctx.acc, today).filter((i) => i.category === 'principal' && (i.subscriptionId === sub.id || terms.suspendScope === 'customer'));
  const lines = [];
  for (const inv of owed) {
    const interest = lateInterest(inv, terms, consumer, today);
    if (interest.cents > 0) lines.push(line({ kind: 'interest', description: `Late interest on ${inv.id} from ${interest.from} (${interest.basis})`, subscriptionId: sub.id, period: null, quantity: 1, unitCents: interest.cents, amountCents: interest.cents, rule: 'R-DUN-02', vat: null }));
  }
  const uncharged = owed.filter((i) => i.dunning.costsInvoiceId === null);
  const principal = uncharged.reduce((s, i) => s + openCents(i), 0);
  if (principal > 0 && !consumer) {
    const costs = collectionCosts(terms, principal, consumer);
    lines.push(line({ kind: 'collection-costs', description: `Collection costs (${costs.basis})`, subscriptionId: sub.id, period: null, quantity: 1, unitCents: costs.cents, amountCents: costs.cents, rule: 'R-DUN-03', vat: null }));
  }
  // Within the profile's term like the remaining charges; insolvency makes every claim due at once (R-DISS-02).
  const costsInvoice = lines.length === 0 ? null : issueInvoice(ctx, { subscriptionId: sub.id, lines, category: 'accessory', paymentTermDays: reason === 'insolvency' ? 0 : terms.paymentTermDays, rule: 'R-DUN-03', source: terms.sources['collectionCosts'] ?? terms.seed });
  ctx.emit('SubscriptionDissolved', {
    sub, rule, source: terms.sources['dissolveWhen'] ?? null,
    data: { reason, remainingChargesCents: fee, remainingUntil: until, claims: owed.map((i) => i.id), costsInvoiceId: costsInvoice?.id ?? null, costsFor: costsInvoice ? uncharged.map((i) => i.id) : [] },
  });
  ctx.email(`${sub.id}`, 'dissolution.notice', sub, { reason, remainingChargesCents: fee });
  // R-CREDIT-03: the days billed in advance up to `until` are part of the lost revenue claimed; only those after it are credited.
  endSubscription(ctx, sub, terms, today, reason, rule, until);
}
