/**
 * `evolve(state, event) → state`: how each domain event changes the account. The rules decide
 * which events happen (decide.ts and the rule files); this file only applies their facts, so
 * folding a decision's events over the state it started from gives the state it returned.
 *
 * Three things change outside the events, as steps of a decision: the opening of the account by
 * customer.created and a new e-mail address by customer.updated (contact data stays out of the
 * trail so that an erasure can remove it, R-DATA-04, R-DATA-05); the account's `clock` (the instant up to which time rules ran, a watermark that
 * moves without anything happening); and, last, archiving (domain/archive.ts: settled records
 * leave the working set for storage of their own, `leaveWorkingSet(state, decision.archived)`).
 */
import { addDays, addMonths, localDateOf, maxDate } from './calendar.js';
import type { Draft } from './context.js';
import type { DomainEvent, EventOfType as EventOf } from './domain-events.js';
import type { Account, EndedSubscription, Invoice, LiveSubscription, PendingSubscription, Subscription } from './types.js';

/** The account after the event (a new value; `state` is left as it was). */
export function evolve(state: Account, event: DomainEvent): Account {
  const draft = structuredClone(state) as Draft<Account>;
  apply(draft, event);
  return draft as Account;
}

/** Folds events over an account, in order. */
export function evolveAll(state: Account, events: readonly DomainEvent[]): Account {
  const draft = structuredClone(state) as Draft<Account>;
  for (const e of events) apply(draft, e);
  return draft as Account;
}

function sub(acc: Draft<Account>, e: DomainEvent): Draft<Subscription> {
  const s = e.subscriptionId === null ? undefined : acc.subscriptions[e.subscriptionId];
  if (!s) throw new Error(`${e.type} names subscription ${e.subscriptionId}, which the account does not hold`);
  return s;
}

function live(acc: Draft<Account>, e: DomainEvent): Draft<LiveSubscription> {
  const s = sub(acc, e);
  if (s.status !== 'live') throw new Error(`${e.type} for subscription ${s.id}, which is ${s.status}`);
  return s;
}

function invoice(acc: Draft<Account>, id: string, e: DomainEvent): Draft<Invoice> {
  const inv = acc.invoices[id];
  if (!inv) throw new Error(`${e.type} names invoice ${id}, which the account does not hold`);
  return inv;
}

/** The legal facts of an issued document as the invoice keeps them (copies: the event's data stays the event's). */
function legalFacts(d: EventOf<'InvoiceIssued'>['data'] | EventOf<'CreditNoteIssued'>['data']): Pick<Draft<Invoice>, 'vatBreakdown' | 'supplyPeriod' | 'reverseCharge' | 'vatNote' | 'seller' | 'buyer'> {
  return structuredClone({ vatBreakdown: d.vatBreakdown, supplyPeriod: d.supplyPeriod, reverseCharge: d.reverseCharge, vatNote: d.vatNote, seller: d.seller, buyer: d.buyer }) as Pick<Draft<Invoice>, 'vatBreakdown' | 'supplyPeriod' | 'reverseCharge' | 'vatNote' | 'seller' | 'buyer'>;
}

/** Applies one event to a draft in place: what `Ctx.emit` does inside a decision. */
export function apply(acc: Draft<Account>, e: DomainEvent): void {
  const today = localDateOf(e.at);
  switch (e.type) {
    // Events that record a decision or an outcome without changing the account.
    case 'CustomerCreated':
    case 'SubscriptionRefused':
    case 'CancellationRefused':
    case 'EndedUnreachable':
    case 'AccessRevoked':
    case 'AccessRestored':
    case 'ResellerSuspensionCascaded':
    case 'DisputeRefused':
    case 'InvoiceCreditRequested':
    case 'ExportRefused':
    case 'ErasureRefused':
      return;

    case 'ResellerAccountLinked':
      acc.customer.billingAccountOfReseller = e.data.resellerId;
      return;
    case 'ArrangementRecorded':
      acc.customer.arrangement = { recordedAt: e.at, note: e.data.note };
      return;
    case 'LegalHoldSet':
      acc.customer.legalHold = true;
      return;
    case 'LegalHoldReleased':
      acc.customer.legalHold = false;
      return;
    case 'InsolvencyReported':
      acc.customer.insolvency = { kind: e.data.kind, reportedAt: e.at };
      for (const id of e.data.claimsDueAtOnce) invoice(acc, id, e).dueOn = e.data.dueOn;
      return;
    case 'CustomerUnreachable':
      acc.customer.unreachableSince = e.at;
      return;
    case 'CustomerUpdated':
      if (e.data.name !== undefined) acc.customer.name = e.data.name;
      if (e.data.billingAddress !== undefined) acc.customer.billingAddress = e.data.billingAddress && { ...e.data.billingAddress };
      if (e.data.vatId !== undefined) acc.customer.vatId = e.data.vatId;
      if (e.data.language !== undefined) acc.customer.language = e.data.language;
      if (e.data.directDebit !== undefined) acc.customer.directDebit = e.data.directDebit;
      return;

    case 'SubscriptionCreated': {
      const d = e.data;
      const pending: Draft<PendingSubscription> = {
        id: e.subscriptionId!, customerId: acc.customer.id, termsId: d.termsId, termsVersion: d.termsVersion, plan: { ...d.plan }, seats: d.seats,
        contractId: d.contractId, createdAt: e.at, priceChanges: [], status: 'pending', firstInvoiceId: null,
      };
      acc.subscriptions[pending.id] = pending;
      return;
    }
    case 'SubscriptionActivated': {
      const s = sub(acc, e);
      if (s.status !== 'pending') throw new Error(`SubscriptionActivated for ${s.id}, which is ${s.status}`);
      const { firstInvoiceId: _f, status: _s, ...base } = s;
      const d = e.data;
      acc.subscriptions[s.id] = {
        ...base, status: 'live', activatedOn: d.termStart, term: { start: d.termStart, end: d.termEnd, kind: d.termKind }, minimumTermEnd: d.minimumTermEnd,
        periodAnchor: d.periodAnchor ?? d.termStart, periodIndex: d.periodIndex, nextInvoiceOn: d.nextInvoiceOn,
        suspensions: [], cancellation: null, terminationRights: [], dissolutionProposed: null, noticeDeadlineAnnouncedFor: null, changes: [],
      };
      return;
    }
    case 'UsageRecorded': {
      const s = live(acc, e);
      const d = e.data;
      const rest = (s.usage ?? []).filter((u) => !(u.period === d.period && u.metric === d.metric));
      const prior = (s.usage ?? []).find((u) => u.period === d.period && u.metric === d.metric);
      s.usage = [...rest, { period: d.period, metric: d.metric, quantity: d.total, billedQuantity: prior?.billedQuantity ?? 0 }];
      return;
    }
    case 'SeatsChanged': {
      const s = sub(acc, e);
      const from = { plan: { ...s.plan }, seats: s.seats };
      s.seats = e.data.to;
      if (s.status === 'live') {
        const on = e.data.effectiveOn ?? localDateOf(e.at);
        s.changes = s.changes.filter((c) => !(c.from === null && c.effectiveOn === on));
        if (e.data.prorated) s.changes.push({ effectiveOn: on, from, to: { plan: { ...s.plan }, seats: s.seats }, prorated: true });
      }
      return;
    }
    case 'PlanChanged': {
      const s = sub(acc, e);
      const d = e.data;
      s.plan = { ...d.to.plan };
      s.seats = d.to.seats;
      if (s.status === 'live') {
        s.changes = s.changes.filter((c) => !(c.from === null && c.effectiveOn === d.effectiveOn));
        if (d.prorated) s.changes.push({ effectiveOn: d.effectiveOn, from: structuredClone(d.from), to: structuredClone(d.to), prorated: true });
      }
      return;
    }
    case 'PlanChangeScheduled':
      live(acc, e).changes.push({ effectiveOn: e.data.effectiveOn, from: null, to: structuredClone(e.data.to), prorated: e.data.prorated });
      return;
    case 'SubscriptionContinuedIndefinitely':
      live(acc, e).term = { start: e.data.previousTermEnd, end: null, kind: 'indefinite' };
      return;
    case 'SubscriptionRenewed':
      live(acc, e).term = { start: e.data.termStart, end: e.data.termEnd, kind: 'renewal' };
      return;
    case 'NoticeDeadline':
      live(acc, e).noticeDeadlineAnnouncedFor = e.data.termEnd;
      return;
    case 'CancellationAccepted':
      live(acc, e).cancellation = {
        requestedAt: e.at, channel: e.data.channel, endsOn: e.data.endsOn, earlyTerminationFeeCents: e.data.earlyTerminationFeeCents, rule: e.rule!, basis: e.data.basis, feeInvoiceId: null,
      };
      return;
    case 'EndScheduledUnreachable':
      live(acc, e).cancellation = { requestedAt: e.at, channel: 'email', endsOn: e.data.endsOn, earlyTerminationFeeCents: 0, rule: e.rule!, basis: 'unreachable', feeInvoiceId: null };
      return;
    case 'CancellationWithdrawn':
      live(acc, e).cancellation = null;
      return;
    case 'SubscriptionEnded': {
      const s = sub(acc, e);
      const ended: Draft<EndedSubscription> = {
        id: s.id, customerId: s.customerId, termsId: s.termsId, termsVersion: s.termsVersion, plan: s.plan, seats: s.seats,
        contractId: s.contractId, createdAt: s.createdAt, priceChanges: s.priceChanges,
        status: 'ended', activatedOn: s.status === 'live' ? s.activatedOn : null, endedOn: e.data.endedOn, endReason: e.data.reason, rule: e.rule!,
        exportWindowEndsOn: e.data.lastExportDay, exportRequestedAt: null, dataDeletion: null,
      };
      acc.subscriptions[s.id] = ended;
      return;
    }
    case 'PriceChangeAnnounced': {
      const s = live(acc, e);
      const d = e.data;
      s.priceChanges.push({ announcedAt: e.at, effectiveOn: d.effectiveOn, changeBp: d.changeBp, newPriceCents: d.toCents, rule: e.rule!, applied: false });
      if (d.right) s.terminationRights.push({ reason: 'priceChange', rule: 'R-PRICE-01', grantedAt: e.at, ...d.right });
      return;
    }
    case 'PriceChanged': {
      const s = live(acc, e);
      const pc = s.priceChanges.find((p) => p.announcedAt === e.data.announcedAt && !p.applied);
      if (!pc) throw new Error(`PriceChanged for ${s.id}: no pending price change announced at ${e.data.announcedAt}`);
      s.plan.priceCents = e.data.toCents;
      pc.applied = true;
      pc.fromCents = e.data.fromCents;
      return;
    }
    case 'TermsChangeAnnounced':
      live(acc, e).terminationRights.push({
        reason: 'termsChange', rule: e.rule!, grantedAt: e.at, exercisableUntil: addDays(e.data.effectiveOn, -1), endsOn: e.data.mayEndOn, noticeMonths: null,
      });
      return;

    case 'SubscriptionSuspended':
      live(acc, e).suspensions.push({ reason: e.data.reason, since: e.at, rule: e.rule!, seats: e.data.seats, detail: e.data.detail });
      return;
    case 'SuspensionLifted': {
      const s = live(acc, e);
      s.suspensions = s.suspensions.filter((x) => x.reason !== e.data.reason);
      return;
    }
    case 'DissolutionProposed':
      live(acc, e).dissolutionProposed = { at: e.at, rule: e.rule!, reason: e.data.because };
      return;
    case 'SubscriptionDissolved':
      for (const id of e.data.costsFor) invoice(acc, id, e).dunning.costsInvoiceId = e.data.costsInvoiceId;
      return;

    case 'InvoiceIssued': {
      const d = e.data;
      acc.invoiceSeq += 1;
      if (acc.retainRecordsUntil === null || d.retainUntil > acc.retainRecordsUntil) acc.retainRecordsUntil = d.retainUntil;
      acc.invoices[d.invoiceId] = {
        id: d.invoiceId, number: d.number, kind: 'invoice', correctsInvoiceId: null, creditReason: null, customerId: acc.customer.id, subscriptionId: e.subscriptionId, issuedOn: d.issuedOn, dueOn: d.dueOn,
        lines: structuredClone(d.lines) as Draft<Invoice>['lines'], netCents: d.netCents, vatCents: d.vatCents, totalCents: d.totalCents, ...legalFacts(d), category: d.category,
        paidCents: 0, writtenOffCents: 0, creditedCents: 0, dispute: null,
        dunning: { reminderOn: null, formalNoticeOn: null, defaultOn: null, letterOn: null, costsInvoiceId: null, suspendedOn: null, dissolutionOn: null },
        retainUntil: d.retainUntil,
      };
      if (d.cancellationFee) {
        const s = live(acc, e);
        if (s.cancellation) s.cancellation.feeInvoiceId = d.invoiceId;
      }
      if (d.startsService) {
        const s = sub(acc, e);
        if (s.status === 'pending') s.firstInvoiceId = d.invoiceId;
      }
      if (d.billed) {
        const s = live(acc, e);
        s.periodIndex = d.billed.periodIndex;
        s.nextInvoiceOn = d.billed.nextInvoiceOn;
        // Applied changes on days now billed have nothing left to split (R-BILL-02).
        const billedTo = maxDate(addMonths(s.periodAnchor, d.billed.periodIndex * (s.plan.period === 'year' ? 12 : 1)), s.activatedOn);
        s.changes = s.changes.filter((c) => c.from === null || c.effectiveOn > billedTo);
      }
      if (d.usage) {
        const s = live(acc, e);
        const key = (u: { period: string; metric: string }) => `${u.period} ${u.metric}`;
        const billed = new Map(d.usage.billed.map((b) => [key(b), b.quantity]));
        const dropped = new Set(d.usage.dropped.map(key));
        s.usage = (s.usage ?? []).filter((u) => !dropped.has(key(u))).map((u) => (billed.has(key(u)) ? { ...u, billedQuantity: billed.get(key(u))! } : u));
      }
      return;
    }
    case 'CreditNoteIssued': {
      const d = e.data;
      acc.invoiceSeq += 1;
      if (acc.retainRecordsUntil === null || d.retainUntil > acc.retainRecordsUntil) acc.retainRecordsUntil = d.retainUntil;
      invoice(acc, d.correctsInvoiceId, e).creditedCents -= d.totalCents;
      acc.invoices[d.creditNoteId] = {
        id: d.creditNoteId, number: d.number, kind: 'credit_note', correctsInvoiceId: d.correctsInvoiceId, creditReason: d.reason, customerId: acc.customer.id, subscriptionId: e.subscriptionId,
        issuedOn: d.issuedOn, dueOn: d.issuedOn, lines: structuredClone(d.lines) as Draft<Invoice>['lines'], netCents: d.netCents, vatCents: d.vatCents, totalCents: d.totalCents, ...legalFacts(d),
        category: d.category, paidCents: 0, writtenOffCents: 0, creditedCents: 0, dispute: null,
        dunning: { reminderOn: null, formalNoticeOn: null, defaultOn: null, letterOn: null, costsInvoiceId: null, suspendedOn: null, dissolutionOn: null },
        retainUntil: d.retainUntil,
      };
      return;
    }
    case 'PaymentReceived':
      acc.payments[e.data.paymentId] = {
        id: e.data.paymentId, amountCents: e.data.amountCents, method: e.data.method, receivedAt: e.data.receivedAt, invoiceId: e.data.invoiceId, status: 'succeeded', reversal: null,
      };
      return;
    case 'PaymentFailed':
      acc.payments[e.data.paymentId] = {
        id: e.data.paymentId, amountCents: e.data.amountCents, method: 'direct_debit', receivedAt: e.data.receivedAt, invoiceId: e.data.invoiceId, status: 'failed', reversal: null,
      };
      return;
    case 'PaymentReversed': {
      const p = acc.payments[e.data.paymentId];
      if (!p) throw new Error(`PaymentReversed names payment ${e.data.paymentId}, which the account does not hold`);
      p.status = 'reversed';
      p.reversal = { at: e.at, reason: e.data.reason };
      return;
    }
    case 'PaymentsAllocated':
      for (const i of e.data.invoices) {
        const inv = invoice(acc, i.invoiceId, e);
        inv.paidCents = i.paidCents;
        inv.writtenOffCents = i.writtenOffCents;
      }
      acc.allocations = e.data.allocations.map((a) => ({ ...a }));
      acc.creditCents = e.data.creditCents;
      return;
    case 'InvoiceDisputed':
      invoice(acc, e.data.invoiceId, e).dispute = { openedAt: e.at, resolved: null };
      if (e.data.costsInvoiceId) invoice(acc, e.data.costsInvoiceId, e).dispute = { openedAt: e.at, resolved: null };
      return;
    case 'DisputeResolved':
      for (const id of [e.data.invoiceId, ...(e.data.costsInvoiceId ? [e.data.costsInvoiceId] : [])]) {
        const inv = invoice(acc, id, e);
        if (inv.dispute) inv.dispute.resolved = { at: e.at, outcome: e.data.outcome };
      }
      return;

    case 'ReminderSent':
      invoice(acc, e.data.invoiceId, e).dunning.reminderOn = today;
      return;
    case 'FormalNoticeSent':
      invoice(acc, e.data.invoiceId, e).dunning.formalNoticeOn = today;
      return;
    case 'CustomerInDefault':
      invoice(acc, e.data.invoiceId, e).dunning.defaultOn = today;
      return;
    case 'FourteenDayLetterSent':
      invoice(acc, e.data.invoiceId, e).dunning.letterOn = today;
      return;
    case 'CollectionCostsCharged':
      invoice(acc, e.data.invoiceId, e).dunning.costsInvoiceId = e.data.costsInvoiceId;
      return;

    case 'ExportRequested': {
      const s = sub(acc, e);
      if (s.status === 'ended') s.exportRequestedAt = e.at;
      return;
    }
    case 'DataDeletionRequested': {
      const s = sub(acc, e);
      if (s.status !== 'ended') throw new Error(`DataDeletionRequested for ${s.id}, which is ${s.status}`);
      s.dataDeletion = { requestedAt: e.at, confirmedAt: null };
      return;
    }
    case 'DataDeleted': {
      const s = sub(acc, e);
      if (s.status === 'ended' && s.dataDeletion) s.dataDeletion.confirmedAt = e.at;
      return;
    }
    case 'ErasureScheduled':
      acc.customer.erasure = { status: 'scheduled', requestedAt: e.at, deadline: e.data.deadline };
      return;
    case 'PersonalDataErased':
      acc.customer.email = '';
      // Invoices keep the address they were sent to (R-LAW-04); the account forgets it.
      acc.customer.billingAddress = null;
      acc.customer.erasure = { status: 'done', requestedAt: e.data.requestedAt, erasedAt: e.at };
      for (const id of e.data.dataDeletionRequested) {
        const s = acc.subscriptions[id];
        if (s?.status === 'ended') s.dataDeletion = { requestedAt: e.at, confirmedAt: null };
      }
      return;
    default: {
      const never: never = e;
      throw new Error(`evolve has no case for ${(never as DomainEvent).type}`);
    }
  }
}
