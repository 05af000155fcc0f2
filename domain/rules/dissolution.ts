/**
 * Dissolution: proposed or carried out when arrears pass the threshold (R-DISS-01), on insolvency
 * or death (R-DISS-02), for an unreachable defaulting customer (R-DISS-03), and the right to leave
 * on a change of terms (R-DISS-04).
 */
import { isAfter, type LocalDate } from '../calendar.js';
import { arrears } from '../billing.js';
import { applyDissolutions, defaultNeedsNotice, dissolutionThreshold, dissolve, firstThreshold } from '../collections.js';
import { Ctx, liveSubs, openCents, type Draft } from '../context.js';
import type { EventOf } from '../events.js';
import type { Invoice } from '../types.js';
import { applied, appliedIf, effectiveOn, ignored, live, refused, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = [
  'DissolutionProposed', 'SubscriptionDissolved', 'InsolvencyReported', 'CustomerUnreachable', 'EndedUnreachable', 'EndScheduledUnreachable', 'TermsChangeAnnounced',
  'SubscriptionEnded', 'AccessRevoked', 'InvoiceIssued',
] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['dissolve'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'subscription.dissolution_confirmed': (ctx, event) => {
    const sub = live(ctx, event.data.subscriptionId);
    if (!sub) return ignored;
    if (!sub.dissolutionProposed) return refused({ rule: 'R-DISS-01', reason: 'no dissolution was proposed for this subscription: the arrears have not passed the threshold' });
    dissolve(ctx, sub, ctx.acc.customer.insolvency ? 'insolvency' : 'dissolved', sub.dissolutionProposed.rule);
    return applied;
  },
  'customer.insolvency_reported': insolvency,
  'customer.unreachable': unreachable,
  'terms.changed': termsChanged,
} satisfies Handlers;

/** R-DISS-01: a subscription with no dissolution proposed yet is due on the first threshold an invoice in its scope reaches. */
export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const out: TriggersOf<typeof triggerKinds> = [];
  const customerWide = new Map<string, LocalDate | null>();
  for (const sub of liveSubs(ctx.acc)) {
    if (sub.dissolutionProposed) continue;
    const first = firstThreshold(ctx, sub, ctx.termsOf(sub), dissolutionThreshold, customerWide);
    if (first) out.push({ on: first, kind: 'dissolve', label: `dissolve ${sub.id}`, run: applyDissolutions });
  }
  return out;
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
    ctx.email(`${sub.id}:dissolution`, 'dissolution.proposed', sub, { reason: 'insolvency', insolvency: kind });
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
  return appliedIf(changed);
}

