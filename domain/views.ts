/**
 * How the partner API shows an account (docs/api.md): pure functions of the
 * state and the time, so a view is always what the rules would say now.
 */
import { addDays, localDateOf, startOfDay, type Instant } from './calendar.js';
import { arrears, lateInterest } from './billing.js';
import { noticeDeadline } from './cancellation.js';
import { inOpenDispute, isVoid, openCents } from './context.js';
import type { TermsCatalog } from './terms.js';
import type { Account, Invoice, Subscription } from './types.js';

export type ApiStatus = 'pending' | 'active' | 'suspended' | 'cancelling' | 'ended';

export function apiStatus(sub: Subscription): ApiStatus {
  if (sub.status === 'pending') return 'pending';
  if (sub.status === 'ended') return 'ended';
  if (sub.suspensions.length > 0) return 'suspended';
  if (sub.cancellation) return 'cancelling';
  return 'active';
}

export function arrearsOf(acc: Account, now: Instant, subscriptionId?: string) {
  const owed = arrears(acc, localDateOf(now)).filter((i) => !subscriptionId || i.subscriptionId === subscriptionId || i.subscriptionId === null);
  if (owed.length === 0) return null;
  const oldest = owed.filter((i) => i.category === 'principal').sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : 1))[0] ?? owed[0]!;
  return { amountCents: owed.reduce((s, i) => s + openCents(i), 0), oldestUnpaidInvoiceDate: oldest.issuedOn };
}

export function customerView(acc: Account, now: Instant) {
  const c = acc.customer;
  const subs = Object.values(acc.subscriptions);
  const status = c.erasure?.status === 'done' ? 'erased' : subs.some((s) => s.status === 'live' && s.suspensions.length > 0) ? 'suspended' : subs.some((s) => s.status !== 'ended') ? 'active' : 'inactive';
  return {
    id: c.id, kind: c.kind, name: c.name, email: c.email === '' ? null : c.email, language: c.language, resellerId: c.resellerId,
    directDebit: c.directDebit, status, arrearsCents: arrearsOf(acc, now)?.amountCents ?? 0, creditCents: acc.creditCents,
    subscriptionIds: [...subs.map((s) => s.id), ...acc.archivedSubscriptionIds].sort(), createdAt: c.createdAt,
  };
}

export function subscriptionView(acc: Account, sub: Subscription, terms: TermsCatalog, now: Instant) {
  const profile = terms.get(sub.termsId, sub.termsVersion);
  const live = sub.status === 'live' ? sub : null;
  const suspension = live && live.suspensions[0] ? { reason: live.suspensions[0].reason, since: live.suspensions[0].since, rule: live.suspensions[0].rule } : null;
  const deadline = live && profile ? noticeDeadline(live, profile) : null;
  const dataDeletionAt =
    sub.status === 'ended' ? (sub.dataDeletion?.requestedAt ?? startOfDay(addDays(sub.endedOn, profile?.exportWindowDays ?? 0))) : null;
  return {
    id: sub.id, customerId: sub.customerId, termsId: sub.termsId, termsVersion: sub.termsVersion, status: apiStatus(sub), suspension,
    currentTerm: live ? { start: live.term.start, end: live.term.end } : null,
    nextRenewalAt: live && live.term.end && !live.cancellation ? startOfDay(live.term.end) : null,
    noticeDeadline: deadline,
    cancellation: live?.cancellation ? { requestedAt: live.cancellation.requestedAt, endsAt: startOfDay(live.cancellation.endsOn), lastDay: addDays(live.cancellation.endsOn, -1), channel: live.cancellation.channel, rule: live.cancellation.rule } : null,
    arrears: arrearsOf(acc, now, sub.id),
    seats: sub.seats, plan: sub.plan,
    endedOn: sub.status === 'ended' ? sub.endedOn : null,
    dataDeletionAt,
    dissolutionProposed: live?.dissolutionProposed ?? null,
  };
}

/**
 * `credit_note`: a credit note (its credit is applied to the invoice it corrects); `credited`: an
 * invoice credit notes took off in full; `void`: an invoice an upheld dispute voided before credit
 * notes existed (issue 8).
 */
export function invoiceStatus(inv: Invoice): 'open' | 'paid' | 'disputed' | 'void' | 'credited' | 'credit_note' {
  if (inv.kind === 'credit_note') return 'credit_note';
  if (inv.creditedCents > 0 && inv.creditedCents >= inv.totalCents) return 'credited';
  if (isVoid(inv)) return 'void';
  if (inOpenDispute(inv)) return 'disputed';
  return openCents(inv) === 0 ? 'paid' : 'open';
}

export function invoiceView(acc: Account, inv: Invoice, terms: TermsCatalog, now: Instant) {
  const sub = inv.subscriptionId ? acc.subscriptions[inv.subscriptionId] : undefined;
  const profile = sub ? terms.get(sub.termsId, sub.termsVersion) : undefined;
  const interest = profile ? lateInterest(inv, profile, acc.customer.kind === 'consumer', localDateOf(now)) : { cents: 0 };
  return {
    id: inv.id, number: inv.number, kind: inv.kind, correctsInvoiceId: inv.correctsInvoiceId, creditReason: inv.creditReason,
    customerId: inv.customerId, subscriptionId: inv.subscriptionId, issuedAt: inv.issuedOn, dueAt: inv.dueOn,
    netCents: inv.netCents, vatCents: inv.vatCents, totalCents: inv.totalCents, openCents: openCents(inv), paidCents: inv.paidCents, creditedCents: inv.creditedCents,
    status: invoiceStatus(inv), lateInterestCents: interest.cents, lines: inv.lines,
    vatBreakdown: inv.vatBreakdown, supplyPeriod: inv.supplyPeriod, reverseCharge: inv.reverseCharge, vatNote: inv.vatNote, seller: inv.seller, buyer: inv.buyer,
    retainUntil: inv.retainUntil,
  };
}
