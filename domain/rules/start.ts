/**
 * Start of a subscription: creation and activation (R-START-01, R-START-02); seats and plan changes are billing's (R-BILL-02). Activation on
 * the first payment is a derived fact (`settle` in clock.ts); this family has no time triggers.
 */
import { chargeLines } from '../billing.js';
import { Ctx, DomainError, issueInvoice, type Draft } from '../context.js';
import type { EventOf } from '../events.js';
import { activate } from '../lifecycle.js';
import type { PendingSubscription } from '../types.js';
import { applied, ignored, refused, subscription, type Emits, type Handlers, type Outcome, type TriggersOf, type TriggerKind } from './family.js';

export const emits = ['SubscriptionCreated', 'SubscriptionRefused', 'SubscriptionActivated', 'InvoiceIssued'] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = [] as const satisfies readonly TriggerKind[];

export const handlers = {
  // customer.created opens the account before any rule runs (decide.ts); a reseller has no account of its own.
  'reseller.created': () => ignored,
  'customer.created': () => ignored,
  'subscription.created': createSubscription,
  'subscription.activated': (ctx, event) => {
    const sub = subscription(ctx, event.data.subscriptionId);
    if (sub.status !== 'pending') return ignored;
    const terms = ctx.termsOf(sub);
    if (terms.activation === 'onFirstPayment') return refused({ rule: 'R-START-01', reason: `${terms.id} starts the service when the first invoice is paid, not on activation` });
    activate(ctx, sub, terms, 'activated');
    return applied;
  },
} satisfies Handlers;

export function triggers(): TriggersOf<typeof triggerKinds> {
  return [];
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
