/**
 * `decide(state, event, terms, now) → { state, events, effects }`: the one entry point of the
 * rules. Pure: the time is an input, the state is copied, effects are data.
 */
import { addDays, addMonths, isAfter, isBefore, localDateOf, maxDate, toInstant, type Instant, type LocalDate } from './calendar.js';
import { allocation, arrears, billedUntil, chargeLines, chargesBetween } from './billing.js';
import { quoteCancellation } from './cancellation.js';
import { applyReactivations, defaultNeedsNotice, dissolve, hasSuspension, lift, suspend } from './collections.js';
import { advance, nextDue, settle } from './clock.js';
import { archiveSettled, NO_RECORDS } from './archive.js';
import { Ctx, DomainError, issueInvoice, liveSubs, openCents, inOpenDispute, type Draft } from './context.js';
import { requestErasure, requestExport } from './data.js';
import type { EventOf, IncomingEvent } from './events.js';
import { activate, invoiceRemainingCharges } from './lifecycle.js';
import { percentOf } from './money.js';
import type { TermsCatalog, TermsProfile } from './terms.js';
import type { Account, Decision, Invoice, LiveSubscription, PendingSubscription, Refusal, Subscription, RuleId } from './types.js';

type Outcome = { outcome: 'applied' | 'ignored' | 'refused'; refusal: Refusal | null; paidAt?: Instant | null };
const applied: Outcome = { outcome: 'applied', refusal: null };
const ignored: Outcome = { outcome: 'ignored', refusal: null };
const refused = (refusal: Refusal): Outcome => ({ outcome: 'refused', refusal });

/** Decides one event for one customer account. `state` is null before customer.created. */
export function decide(state: Account | null, event: IncomingEvent, terms: TermsCatalog, now: Instant): Decision {
  const nowI = toInstant(now);
  const occurred = toInstant(event.occurredAt);
  if (state === null) return decideWithoutAccount(event, nowI, occurred);

  const ctx = new Ctx(structuredClone(state) as Draft<Account>, terms, state.clock);
  // Time rules first run up to when the event happened (never past now), then the event, then up to now.
  const eventAt = occurred < ctx.acc.clock ? ctx.acc.clock : occurred > nowI ? nowI : occurred;
  advance(ctx, eventAt < nowI ? eventAt : nowI);
  ctx.at = eventAt > ctx.acc.clock ? eventAt : ctx.acc.clock;
  const result = handle(ctx, event, occurred);
  settle(ctx, result.paidAt ?? null);
  advance(ctx, nowI);
  return finish(ctx, result);
}

function finish(ctx: Ctx, result: Outcome): Decision {
  const archived = archiveSettled(ctx.acc);
  return {
    state: ctx.acc as Account,
    events: ctx.events,
    effects: ctx.effects,
    outcome: result.outcome === 'ignored' && (ctx.events.length > 0 || ctx.effects.length > 0) ? 'applied' : result.outcome,
    refusal: result.refusal,
    dueAt: nextDue(ctx),
    archived,
  };
}

function decideWithoutAccount(event: IncomingEvent, now: Instant, occurred: Instant): Decision {
  if (event.type === 'reseller.created') return { state: null, events: [], effects: [], outcome: 'ignored', refusal: null, dueAt: null, archived: NO_RECORDS };
  if (event.type !== 'customer.created') throw new DomainError('customer.unknown', `${event.type} for a customer that does not exist (yet)`);
  const d = event.data;
  const at = occurred > now ? now : occurred;
  const acc: Draft<Account> = {
    customer: {
      id: d.customerId, kind: d.kind, name: d.name, email: d.email, language: d.language, resellerId: d.resellerId, directDebit: d.directDebit,
      billingAccountOfReseller: null, createdAt: at, unreachableSince: null, legalHold: false, insolvency: null, arrangement: null, erasure: null,
    },
    subscriptions: {}, invoices: {}, payments: {}, allocations: [], creditCents: 0, clock: at, invoiceSeq: 0, retainRecordsUntil: null, archivedSubscriptionIds: [],
  };
  const ctx = new Ctx(acc, { get: () => undefined, latest: () => undefined }, at);
  ctx.emit('CustomerCreated', { data: { customerId: d.customerId, kind: d.kind, resellerId: d.resellerId, language: d.language, directDebit: d.directDebit } });
  return { state: acc as Account, events: ctx.events, effects: ctx.effects, outcome: 'applied', refusal: null, dueAt: null, archived: NO_RECORDS };
}

function subscription(ctx: Ctx, id: string): Draft<Subscription> {
  const sub = ctx.acc.subscriptions[id];
  if (!sub) throw new DomainError('subscription.unknown', `subscription ${id} is not known for customer ${ctx.acc.customer.id}`);
  return sub;
}

function live(ctx: Ctx, id: string): Draft<LiveSubscription> | null {
  const sub = subscription(ctx, id);
  return sub.status === 'live' ? sub : null;
}

function handle(ctx: Ctx, event: IncomingEvent, occurred: Instant): Outcome {
  switch (event.type) {
    case 'reseller.created':
    case 'customer.created':
    case 'subscription.due':
      return ignored;
    case 'customer.reseller_account_linked':
      if (ctx.acc.customer.billingAccountOfReseller === event.data.resellerId) return ignored;
      ctx.emit('ResellerAccountLinked', { rule: 'R-SUSP-04', data: { resellerId: event.data.resellerId } });
      return applied;
    case 'subscription.created':
      return createSubscription(ctx, event);
    case 'subscription.activated': {
      const sub = subscription(ctx, event.data.subscriptionId);
      if (sub.status !== 'pending') return ignored;
      const terms = ctx.termsOf(sub);
      if (terms.activation === 'onFirstPayment') return refused({ rule: 'R-START-01', reason: `${terms.id} starts the service when the first invoice is paid, not on activation` });
      activate(ctx, sub, terms, 'activated');
      return applied;
    }
    case 'subscription.seats_changed': {
      const sub = subscription(ctx, event.data.subscriptionId);
      if (sub.status === 'ended' || sub.seats === event.data.seats) return ignored;
      ctx.emit('SeatsChanged', { sub, rule: 'R-START-02', data: { from: sub.seats, to: event.data.seats, appliesFrom: 'the next invoiced period' } });
      return applied;
    }
    case 'abuse.reported': {
      const sub = live(ctx, event.data.subscriptionId);
      if (!sub || hasSuspension(sub, 'abuse')) return ignored;
      const terms = ctx.termsOf(sub);
      suspend(ctx, sub, 'abuse', 'R-SUSP-05', terms.sources['suspendWhen'] ?? null, event.data.reason, { report: event.data.reason });
      return applied;
    }
    case 'abuse.cleared': {
      const sub = live(ctx, event.data.subscriptionId);
      if (!sub || !lift(ctx, sub, 'abuse', 'R-SUSP-05', { clearance: event.data.reason })) return ignored;
      return applied;
    }
    case 'customer.reseller_suspended': {
      let changed = false;
      for (const sub of liveSubs(ctx.acc)) {
        if (hasSuspension(sub, 'reseller-suspended')) continue;
        suspend(ctx, sub, 'reseller-suspended', 'R-SUSP-04', null, `reseller ${event.data.resellerId} is suspended`, { resellerId: event.data.resellerId });
        changed = true;
      }
      return changed ? applied : ignored;
    }
    case 'customer.reseller_restored': {
      let changed = false;
      for (const sub of liveSubs(ctx.acc)) changed = lift(ctx, sub, 'reseller-suspended', 'R-REACT-03', { resellerId: event.data.resellerId }) !== null || changed;
      return changed ? applied : ignored;
    }
    case 'customer.insolvency_reported':
      return insolvency(ctx, event);
    case 'customer.unreachable':
      return unreachable(ctx);
    case 'customer.arrangement_recorded':
      if (ctx.acc.customer.arrangement) return ignored;
      ctx.emit('ArrangementRecorded', { rule: 'R-REACT-01', data: { note: event.data.note } });
      applyReactivations(ctx, null);
      return applied;
    case 'customer.legal_hold_set':
      if (ctx.acc.customer.legalHold) return ignored;
      ctx.emit('LegalHoldSet', { rule: 'R-DATA-02', data: { reason: event.data.reason } });
      return applied;
    case 'customer.legal_hold_released':
      if (!ctx.acc.customer.legalHold) return ignored;
      ctx.emit('LegalHoldReleased', { rule: 'R-DATA-02', data: {} });
      return applied;
    case 'terms.price_change_announced':
      return priceChange(ctx, event);
    case 'terms.changed':
      return termsChanged(ctx, event);
    case 'data.export_requested': {
      subscription(ctx, event.data.subscriptionId);
      const r = requestExport(ctx, event.data.subscriptionId);
      return r ? refused(r) : applied;
    }
    case 'data.erasure_requested': {
      if (ctx.acc.customer.erasure) return ignored;
      const r = requestErasure(ctx);
      return r ? refused(r) : applied;
    }
    case 'data.deleted': {
      const sub = subscription(ctx, event.data.subscriptionId);
      if (sub.status !== 'ended' || !sub.dataDeletion || sub.dataDeletion.confirmedAt) return ignored;
      ctx.emit('DataDeleted', { sub, rule: 'R-DATA-05', data: { what: ['hosted data', 'backups', 'personal data of the subscription'], requestedAt: sub.dataDeletion.requestedAt } });
      ctx.email(sub.id, 'deletion.done', sub, { requestedAt: sub.dataDeletion.requestedAt });
      return applied;
    }
    case 'subscription.dissolution_confirmed': {
      const sub = live(ctx, event.data.subscriptionId);
      if (!sub) return ignored;
      if (!sub.dissolutionProposed) return refused({ rule: 'R-DISS-01', reason: 'no dissolution was proposed for this subscription: the arrears have not passed the threshold' });
      dissolve(ctx, sub, ctx.acc.customer.insolvency ? 'insolvency' : 'dissolved', sub.dissolutionProposed.rule);
      return applied;
    }
    case 'payment.succeeded': {
      // A reversal is final (R-PAY-04): the same payment announced again, under another event id, does not revive it.
      if (ctx.acc.payments[event.data.paymentId]?.status === 'succeeded' || ctx.acc.payments[event.data.paymentId]?.status === 'reversed') return ignored;
      const d = event.data;
      const payment = { id: d.paymentId, amountCents: d.amountCents, method: d.method, receivedAt: occurred, invoiceId: d.invoiceId ?? null, status: 'succeeded' as const, reversal: null };
      // The payment's own allocation (R-PAY-03) is part of what happened: computed first, applied by settle.
      const allocated = allocation({ ...ctx.acc, payments: { ...ctx.acc.payments, [d.paymentId]: payment } });
      ctx.emit('PaymentReceived', {
        rule: 'R-PAY-03', source: 'art. 6:43–6:44 BW',
        data: { paymentId: d.paymentId, amountCents: d.amountCents, method: d.method, receivedAt: occurred, invoiceId: payment.invoiceId, allocations: allocated.allocations.filter((a) => a.paymentId === d.paymentId), creditCents: allocated.creditCents },
      });
      settle(ctx, occurred);
      return { ...applied, paidAt: occurred };
    }
    case 'payment.failed': {
      const existing = ctx.acc.payments[event.data.paymentId];
      if (existing?.status === 'succeeded') return reverse(ctx, event.data.paymentId, 'failed');
      if (existing) return ignored;
      const d = event.data;
      ctx.emit('PaymentFailed', { rule: 'R-PAY-04', data: { paymentId: d.paymentId, amountCents: d.amountCents, reason: d.reason, invoiceId: d.invoiceId ?? null, receivedAt: occurred } });
      ctx.email(d.paymentId, 'payment.failed', null, { amountCents: d.amountCents, reason: d.reason, invoiceId: d.invoiceId ?? null });
      return applied;
    }
    case 'payment.reversed': {
      const p = ctx.acc.payments[event.data.paymentId];
      if (!p) throw new DomainError('payment.unknown', `payment ${event.data.paymentId} is not known for customer ${ctx.acc.customer.id}`);
      if (p.status !== 'succeeded') return ignored;
      return reverse(ctx, p.id, event.data.reason);
    }
    case 'invoice.disputed':
      return dispute(ctx, event);
    case 'invoice.dispute_resolved':
      return resolveDispute(ctx, event);
    case 'cancellation.requested':
      return cancel(ctx, event);
    case 'cancellation.withdrawn': {
      const sub = live(ctx, event.data.subscriptionId);
      if (!sub || !sub.cancellation) return ignored;
      const was = sub.cancellation;
      ctx.emit('CancellationWithdrawn', { sub, rule: 'R-NOTICE-06', data: { endsOnWas: was.endsOn } });
      billRestOfCutPeriod(ctx, sub, was.endsOn);
      ctx.email(`${sub.id}:${was.requestedAt}`, 'cancellation.withdrawn', sub, { endsOnWas: was.endsOn });
      return applied;
    }
    default: {
      const never: never = event;
      throw new DomainError('event.unknown', `no rule handles ${(never as { type: string }).type}`);
    }
  }
}

function createSubscription(ctx: Ctx, event: EventOf<'subscription.created'>): Outcome {
  const d = event.data;
  if (ctx.acc.subscriptions[d.subscriptionId]) return ignored;
  if (d.customerId !== ctx.acc.customer.id) throw new DomainError('customer.mismatch', `subscription ${d.subscriptionId} names customer ${d.customerId}`);
  const terms = ctx.catalog.latest(d.termsId);
  if (!terms) throw new DomainError('terms.unknown', `terms profile ${d.termsId} does not exist`);
  if (!terms.customerKinds.includes(ctx.acc.customer.kind)) {
    const reason = `terms ${terms.id} are for ${terms.customerKinds.join(' and ')} customers; ${ctx.acc.customer.id} is a ${ctx.acc.customer.kind}`;
    ctx.emit('SubscriptionRefused', { rule: 'R-START-01', data: { subscriptionId: d.subscriptionId, reason } });
    return refused({ rule: 'R-START-01', reason });
  }
  ctx.emit('SubscriptionCreated', { sub: { id: d.subscriptionId }, rule: 'R-START-01', source: terms.sources['activation'] ?? null, data: { termsId: terms.id, termsVersion: terms.version, plan: { ...d.plan }, seats: d.seats, activation: terms.activation, contractId: d.contractId ?? null } });
  const pending = ctx.acc.subscriptions[d.subscriptionId] as Draft<PendingSubscription>;
  if (terms.activation === 'onAcceptance') {
    activate(ctx, pending, terms, 'accepted on creation');
  } else if (terms.activation === 'onFirstPayment') {
    // R-START-02: billed in advance, the first invoice is issued at creation; its payment starts the service.
    const lines = chargeLines(ctx.acc.customer, terms, pending.id, null, [{
      description: `${d.plan.name}, first ${d.plan.period}, ${d.seats} seat(s)`, period: null, quantity: d.seats, unitCents: d.plan.priceCents, amountCents: d.plan.priceCents * d.seats, rule: 'R-START-02',
    }]);
    issueInvoice(ctx, { subscriptionId: pending.id, lines, paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-START-02', source: terms.sources['activation'] ?? terms.seed, startsService: true });
  }
  return applied;
}

function reverse(ctx: Ctx, paymentId: string, reason: 'storno' | 'chargeback' | 'refund' | 'failed'): Outcome {
  const p = ctx.acc.payments[paymentId]!;
  const before = ctx.acc.allocations.filter((a) => a.paymentId === paymentId);
  ctx.emit('PaymentReversed', {
    rule: 'R-PAY-04', source: '004 art. 5.3',
    data: { paymentId, reason, amountCents: p.amountCents, reopened: before.map((a) => ({ invoiceId: a.invoiceId, cents: a.cents })), note: 'the invoices are open again as if never paid; dunning follows their own dates' },
  });
  settle(ctx, null);
  return applied;
}

function invoiceOf(ctx: Ctx, invoiceId: string): Draft<Invoice> {
  const inv = ctx.acc.invoices[invoiceId];
  if (!inv) throw new DomainError('invoice.unknown', `invoice ${invoiceId} is not known for customer ${ctx.acc.customer.id}`);
  return inv;
}

function termsOfInvoice(ctx: Ctx, inv: Draft<Invoice>): TermsProfile | null {
  const sub = inv.subscriptionId ? ctx.acc.subscriptions[inv.subscriptionId] : Object.values(ctx.acc.subscriptions)[0];
  return sub ? ctx.termsOf(sub) : null;
}

function dispute(ctx: Ctx, event: EventOf<'invoice.disputed'>): Outcome {
  const inv = invoiceOf(ctx, event.data.invoiceId);
  if (inv.dispute) return ignored;
  const terms = termsOfInvoice(ctx, inv);
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  const window = terms?.disputeWindowDays ?? null;
  const lastDay = window === null ? null : addDays(inv.issuedOn, window);
  if (lastDay !== null && isAfter(ctx.today, lastDay)) {
    const reason = `invoice ${inv.id} of ${inv.issuedOn} can be disputed until ${lastDay}; received ${ctx.today}`;
    ctx.emit('DisputeRefused', { sub, rule: 'R-PAY-05', source: terms?.sources['disputeWindowDays'] ?? null, data: { invoiceId: inv.id, lastDay } });
    ctx.email(`${inv.id}`, 'dispute.refused', sub, { invoiceId: inv.id, reason });
    return refused({ rule: 'R-PAY-05', reason });
  }
  const costs = costsChargedOnlyOn(ctx, inv);
  // What is open on it once disputed: a payment that did not name it goes to other invoices (R-PAY-03, R-PAY-05).
  const disputed = { openedAt: ctx.at, resolved: null };
  const after = allocation({ ...ctx.acc, invoices: { ...ctx.acc.invoices, [inv.id]: { ...inv, dispute: disputed }, ...(costs && !costs.dispute ? { [costs.id]: { ...costs, dispute: disputed } } : {}) } }).invoices.get(inv.id)!;
  const open = inv.totalCents - after.paidCents - after.writtenOffCents;
  ctx.emit('InvoiceDisputed', { sub, rule: 'R-PAY-05', source: terms?.sources['disputeWindowDays'] ?? null, data: { invoiceId: inv.id, openCents: open, windowDays: window, effect: 'does not count toward arrears, reminders, suspension or dissolution until resolved', costsInvoiceId: costs && !costs.dispute ? costs.id : null } });
  settle(ctx, null, 'dispute');
  ctx.email(inv.id, 'dispute.received', sub, { invoiceId: inv.id });
  return applied;
}

/**
 * R-PAY-05: collection costs charged on one invoice alone are accessory to that claim, so they
 * follow its dispute — out of arrears and suspension while it runs, void when it is upheld.
 */
function costsChargedOnlyOn(ctx: Ctx, inv: Draft<Invoice>): Draft<Invoice> | null {
  const id = inv.dunning.costsInvoiceId;
  if (!id || Object.values(ctx.acc.invoices).some((i) => i !== inv && i.dunning.costsInvoiceId === id)) return null;
  return ctx.acc.invoices[id] ?? null;
}

function resolveDispute(ctx: Ctx, event: EventOf<'invoice.dispute_resolved'>): Outcome {
  const inv = invoiceOf(ctx, event.data.invoiceId);
  if (!inv.dispute || !inOpenDispute(inv)) return ignored;
  const costs = costsChargedOnlyOn(ctx, inv);
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  ctx.emit('DisputeResolved', { sub, rule: 'R-PAY-05', data: { invoiceId: inv.id, outcome: event.data.outcome, effect: event.data.outcome === 'upheld' ? 'invoice void; anything paid on it becomes credit' : 'invoice stands with its own dates', costsInvoiceId: costs?.dispute && inOpenDispute(costs) ? costs.id : null } });
  settle(ctx, null);
  ctx.email(inv.id, 'dispute.resolved', sub, { invoiceId: inv.id, outcome: event.data.outcome });
  return applied;
}

function cancel(ctx: Ctx, event: EventOf<'cancellation.requested'>): Outcome {
  const sub = subscription(ctx, event.data.subscriptionId);
  if (sub.status === 'live' && sub.cancellation) return ignored;
  if (sub.status === 'ended') return ignored;
  const terms = ctx.termsOf(sub);
  const q = quoteCancellation(ctx.acc, sub.id, terms, ctx.at, event.data.channel, event.data.requestedEndDate);
  if (q.refusal) {
    ctx.emit('CancellationRefused', { sub, rule: q.refusal.rule, source: terms.sources[q.refusal.rule === 'R-NOTICE-04' ? 'cancellationForm' : 'refuseCancellationWhileInArrears'] ?? null, data: { reason: q.refusal.reason, channel: event.data.channel, ...q.facts } });
    ctx.email(`${sub.id}:${event.id}`, 'cancellation.refused', sub, { reason: q.refusal.reason, rule: q.refusal.rule });
    return refused(q.refusal);
  }
  if (sub.status === 'pending') {
    ctx.emit('SubscriptionEnded', { sub, rule: 'R-START-01', data: { endedOn: ctx.today, reason: 'cancelled', note: 'cancelled before the service started', exportWindowDays: 0, exportWindowEndsOn: null, lastExportDay: ctx.today } });
    ctx.email(`${sub.id}:${event.id}`, 'cancellation.confirmed', sub, { endsOn: ctx.today, lastDay: ctx.today, feeCents: 0 });
    return applied;
  }
  ctx.emit('CancellationAccepted', { sub, rule: q.rule, source: terms.sources['noticePeriodMonths'] ?? null, data: { endsOn: q.endsOn!, lastDay: q.earliestEndDate, earlyTerminationFeeCents: q.earlyTerminationFeeCents, ...q.facts, channel: event.data.channel, basis: q.basis } });
  // R-EARLY-01 up to the end the quote used: in a bundle that is the bundle's minimum term end (R-NOTICE-05).
  const remainingUntil = q.facts.remainingUntil ?? sub.minimumTermEnd;
  if (q.earlyTerminationFeeCents > 0) invoiceRemainingCharges(ctx, sub, terms, q.endsOn!, remainingUntil, terms.sources['earlyTerminationByCustomer'] ?? terms.seed);
  ctx.email(`${sub.id}:${event.id}`, 'cancellation.confirmed', sub, { endsOn: q.endsOn, lastDay: q.earliestEndDate, feeCents: q.earlyTerminationFeeCents, rule: q.rule });
  return applied;
}

/**
 * R-NOTICE-06: after a withdrawal the contract continues "as if none had been given", so a period
 * billed in advance only up to the old end (invoicePeriod cut it short) is billed for the rest.
 */
function billRestOfCutPeriod(ctx: Ctx, sub: Draft<LiveSubscription>, oldEnd: LocalDate): void {
  const terms = ctx.termsOf(sub);
  const paidTo = billedUntil(sub);
  if (terms.billingTiming !== 'inAdvance' || !isBefore(oldEnd, paidTo)) return;
  const amount = chargesBetween(sub, oldEnd, paidTo);
  if (amount <= 0) return;
  const period = { start: oldEnd, end: paidTo };
  const lines = chargeLines(ctx.acc.customer, terms, sub.id, period, [{
    description: `${sub.plan.name}, ${sub.seats} × ${oldEnd} – ${addDays(paidTo, -1)} (cancellation withdrawn)`, period, quantity: sub.seats, unitCents: sub.plan.priceCents, amountCents: amount, rule: 'R-NOTICE-06',
  }]);
  issueInvoice(ctx, { subscriptionId: sub.id, lines, paymentTermDays: terms.paymentTermDays, category: 'principal', rule: 'R-NOTICE-06', source: terms.sources['billingTiming'] ?? terms.seed });
}

function insolvency(ctx: Ctx, event: EventOf<'customer.insolvency_reported'>): Outcome {
  if (ctx.acc.customer.insolvency) return ignored;
  const kind = event.data.kind;
  if (kind === 'death' && ctx.acc.customer.kind !== 'consumer') return refused({ rule: 'R-DISS-02', reason: 'death applies to natural persons (consumers) only' });
  // Every claim is due at once.
  const accelerated = Object.values(ctx.acc.invoices).filter((inv) => openCents(inv) > 0 && isAfter(inv.dueOn, ctx.today)).map((inv) => inv.id);
  ctx.emit('InsolvencyReported', { rule: 'R-DISS-02', source: '000 §3.11–3.12; 004 art. 7.6, 5.8', data: { kind, claimsDueAtOnce: accelerated, dueOn: ctx.today } });
  for (const sub of liveSubs(ctx.acc)) {
    ctx.emit('DissolutionProposed', { sub, rule: 'R-DISS-02', data: { reason: kind, confirmation: 'manual: the provider may end the contract without notice', because: `insolvency: ${kind}` } });
    ctx.email(`${sub.id}:dissolution`, 'dissolution.proposed', sub, { reason: `insolvency (${kind})`, rule: 'R-DISS-02' });
  }
  return applied;
}

function unreachable(ctx: Ctx): Outcome {
  // In default, not merely overdue: under a reminder-then-notice ladder (000 §3.7) default comes after the notice's term.
  const inDefault = (i: Draft<Invoice> | Invoice) => {
    const s = i.subscriptionId ? ctx.acc.subscriptions[i.subscriptionId] : undefined;
    return !s || !defaultNeedsNotice(ctx.termsOf(s)) || i.dunning.defaultOn !== null;
  };
  const owed = arrears(ctx.acc, ctx.today).filter(inDefault);
  if (owed.length === 0) return refused({ rule: 'R-DISS-03', reason: 'the customer is not in default: R-DISS-03 applies to defaulting customers only' });
  if (ctx.acc.customer.unreachableSince) return ignored;
  ctx.emit('CustomerUnreachable', { rule: 'R-DISS-03', source: '000 §8.5', data: { owed: owed.map((i) => i.id) } });
  for (const sub of liveSubs(ctx.acc)) {
    const terms = ctx.termsOf(sub);
    const unpaid = owed.some((i) => i.subscriptionId === sub.id);
    if (unpaid) {
      ctx.emit('EndedUnreachable', { sub, rule: 'R-DISS-03', source: '000 §8.5', data: { paid: false } });
      dissolve(ctx, sub, 'dissolved', 'R-DISS-03');
      continue;
    }
    if (sub.cancellation) continue;
    // Paid services run to the end of their term, or of the period already paid when indefinite.
    const endsOn = sub.term.end ?? sub.nextInvoiceOn;
    ctx.emit('EndScheduledUnreachable', { sub, rule: 'R-DISS-03', source: '000 §8.5', data: { paid: true, endsOn } });
    void terms;
  }
  return applied;
}

function effectiveOn(at: string): LocalDate {
  return at.length === 10 ? at : localDateOf(toInstant(at));
}

function priceChange(ctx: Ctx, event: EventOf<'terms.price_change_announced'>): Outcome {
  const subs = liveSubs(ctx.acc).filter((s) => s.termsId === event.data.termsId);
  const announcedOn = ctx.today;
  let changed = false;
  for (const sub of subs) {
    const terms = ctx.termsOf(sub);
    const requested = effectiveOn(event.data.effectiveAt);
    // R-PRICE-01/03: an annual indexation takes effect on 1 January only; a date within the year waits for the next one.
    const asked = terms.priceChange.indexation === 'annualJanuary' && requested.slice(5) !== '01-01' ? `${Number(requested.slice(0, 4)) + 1}-01-01` : requested;
    if (sub.priceChanges.some((p) => p.announcedAt === ctx.at || (p.effectiveOn === asked && p.changeBp === Math.round(event.data.changePct * 100)))) continue;
    // R-PRICE-01: announced at least noticeDays ahead, else it takes effect that much later.
    const effective = maxDate(asked, addDays(announcedOn, terms.priceChange.noticeDays));
    let changeBp = Math.round(event.data.changePct * 100);
    let rule: RuleId = 'R-PRICE-01';
    if (terms.priceChange.indexation === 'halfYearlyWageIndex') {
      // R-PRICE-02: less any increase applied in the six months before.
      const since = addMonths(effective, -6);
      const already = sub.priceChanges.filter((p) => p.effectiveOn > since && p.effectiveOn <= effective && p.changeBp > 0).reduce((s, p) => s + p.changeBp, 0);
      changeBp = Math.max(0, changeBp - already);
      rule = 'R-PRICE-02';
    }
    const newPriceCents = sub.plan.priceCents + percentOf(sub.plan.priceCents, changeBp);
    const threshold = terms.priceChange.terminationThresholdBp;
    const right = threshold !== null && changeBp > threshold;
    const onDate = terms.priceChange.terminationRight === 'onEffectiveDate';
    const exit = !right ? null : {
      exercisableUntil: onDate ? addDays(effective, -1) : addMonths(effective, terms.priceChange.terminationNoticeMonths),
      endsOn: onDate ? effective : null, noticeMonths: onDate ? null : terms.priceChange.terminationNoticeMonths,
    };
    ctx.emit('PriceChangeAnnounced', { sub, rule, source: terms.sources['priceChange'] ?? null, data: { askedEffectiveOn: asked, effectiveOn: effective, changeBp, fromCents: sub.plan.priceCents, toCents: newPriceCents, terminationRight: right, thresholdBp: threshold, right: exit } });
    ctx.email(`${sub.id}:${effective}`, 'price_change.notice', sub, { effectiveOn: effective, fromCents: sub.plan.priceCents, toCents: newPriceCents, changeBp, terminationRight: right });
    changed = true;
  }
  return changed ? applied : ignored;
}

function termsChanged(ctx: Ctx, event: EventOf<'terms.changed'>): Outcome {
  const on = effectiveOn(event.data.effectiveAt);
  let changed = false;
  for (const sub of liveSubs(ctx.acc).filter((s) => s.termsId === event.data.termsId)) {
    const terms = ctx.termsOf(sub);
    if (!terms.termsChangeGivesExitRight || sub.terminationRights.some((r) => r.reason === 'termsChange' && r.endsOn === on)) continue;
    ctx.emit('TermsChangeAnnounced', { sub, rule: 'R-DISS-04', source: '000 §1.8', data: { effectiveOn: on, summary: event.data.summary, mayEndOn: on } });
    ctx.email(`${sub.id}:${on}`, 'terms_change.notice', sub, { effectiveOn: on, summary: event.data.summary });
    changed = true;
  }
  return changed ? applied : ignored;
}

/** The account's next due instant (for the sweep's index), without deciding anything. */
export function dueAt(state: Account, terms: TermsCatalog): Instant | null {
  return nextDue(new Ctx(structuredClone(state) as Draft<Account>, terms, state.clock));
}

