/**
 * Input bounds that need more than the schema (issue 11): `occurredAt` within a window around
 * the clock, and seats, prices and amounts within the limits of the terms the event falls under
 * (domain/events.ts INPUT_LIMITS by default; a terms profile's `limits` may raise them up to the
 * schema's hard ceilings). A breach is permanent: dead-lettered at once with the reason.
 */
import { DomainError, INPUT_LIMITS, type Account, type IncomingEvent, type InputLimits, type TermsCatalog, type TermsProfile } from '../domain/index.js';

/** How far an event may lie behind the clock (late payments, a backlog replayed) and ahead of it (clock skew). */
export const OCCURRED_AT_WINDOW = { pastDays: 3 * 366, futureDays: 7 } as const;
const DAY_MS = 86_400_000;

export function checkWindow(event: IncomingEvent, now: string): void {
  const at = Date.parse(event.occurredAt);
  const clock = Date.parse(now);
  const from = clock - OCCURRED_AT_WINDOW.pastDays * DAY_MS;
  const until = clock + OCCURRED_AT_WINDOW.futureDays * DAY_MS;
  if (at < from || at > until) {
    throw new DomainError(
      'event.out_of_window',
      `occurredAt ${event.occurredAt} lies outside ${new Date(from).toISOString()} … ${new Date(until).toISOString()} (${OCCURRED_AT_WINDOW.pastDays} days before to ${OCCURRED_AT_WINDOW.futureDays} days after the clock, ${now})`,
    );
  }
}

export function limitsOf(terms: TermsProfile | undefined): InputLimits {
  return { ...INPUT_LIMITS, ...(terms as { limits?: Partial<InputLimits> } | undefined)?.limits };
}

/** Seats, prices and amounts against the limits of the terms they fall under (the account's, once it is loaded). */
export function checkBounds(event: IncomingEvent, state: Account | null, catalog: TermsCatalog): void {
  const over = (what: string, value: number, max: number, where: string) => {
    if (value > max) throw new DomainError('event.out_of_bounds', `${what} ${value} is above the maximum of ${max} (${where}); a terms profile's limits can raise it`);
  };
  switch (event.type) {
    case 'subscription.created': {
      const terms = catalog.latest(event.data.termsId);
      const limits = limitsOf(terms);
      const where = `terms ${event.data.termsId}`;
      over('seats', event.data.seats, limits.maxSeats, where);
      over('plan.priceCents', event.data.plan.priceCents, limits.maxPriceCents, where);
      over('seats × plan.priceCents', event.data.seats * event.data.plan.priceCents, limits.maxAmountCents, where);
      return;
    }
    case 'subscription.seats_changed': {
      const sub = state?.subscriptions[event.data.subscriptionId];
      const limits = limitsOf(sub ? catalog.get(sub.termsId, sub.termsVersion) : undefined);
      over('seats', event.data.seats, limits.maxSeats, sub ? `terms ${sub.termsId}@${sub.termsVersion}` : 'default limits');
      return;
    }
    case 'subscription.plan_changed': {
      const sub = state?.subscriptions[event.data.subscriptionId];
      const limits = limitsOf(sub ? catalog.get(sub.termsId, sub.termsVersion) : undefined);
      const where = sub ? `terms ${sub.termsId}@${sub.termsVersion}` : 'default limits';
      const seats = event.data.seats ?? sub?.seats ?? 1;
      over('seats', seats, limits.maxSeats, where);
      over('plan.priceCents', event.data.plan.priceCents, limits.maxPriceCents, where);
      over('seats × plan.priceCents', seats * event.data.plan.priceCents, limits.maxAmountCents, where);
      return;
    }
    case 'usage.recorded': {
      // R-BILL-03: a month's units above the allowance × the unit price must stay within the amount limit.
      const sub = state?.subscriptions[event.data.subscriptionId];
      const terms = sub ? catalog.get(sub.termsId, sub.termsVersion) : undefined;
      const unitCents = terms?.allowances[event.data.metric]?.unitCents ?? 0;
      const before = sub?.status === 'live' ? sub.usage?.filter((u) => u.metric === event.data.metric).reduce((m, u) => Math.max(m, u.quantity), 0) ?? 0 : 0;
      over(`usage × ${unitCents} cents per unit`, (before + event.data.quantity) * unitCents, limitsOf(terms).maxAmountCents, sub ? `terms ${sub.termsId}@${sub.termsVersion}` : 'default limits');
      return;
    }
    case 'payment.succeeded':
    case 'payment.failed': {
      // The customer's most generous terms: a payment may cover several subscriptions.
      const subs = Object.values(state?.subscriptions ?? {});
      const max = Math.max(INPUT_LIMITS.maxAmountCents, ...subs.map((s) => limitsOf(catalog.get(s.termsId, s.termsVersion)).maxAmountCents));
      over('amountCents', event.data.amountCents, max, 'the customer\'s terms');
      return;
    }
    default:
      return;
  }
}
