/**
 * The public event types of outbound webhooks (docs/webhooks.md): what a reseller can subscribe
 * an endpoint to, each the public name of one domain event (domain-events.ts). The payload's
 * `data` is the domain event's facts (the same as the audit trail's `data`) with the customer,
 * the subscription, the rule and its source article beside them, so a receiver reads what the
 * `/events` trail shows. Pure: the ids and the signature are the pipeline's (app/webhooks.ts).
 */
import type { Instant } from './calendar.js';
import type { DomainEvent, DomainEventType, EventData } from './domain-events.js';

/** Public name → the domain event it announces, and what it means for a receiver. */
export const WEBHOOK_EVENTS = {
  'subscription.created': { domain: 'SubscriptionCreated', description: 'A subscription was accepted (not yet active).' },
  'subscription.refused': { domain: 'SubscriptionRefused', description: 'A subscription.created was refused by the terms (e.g. a consumer on a business-only profile); `reason` says why.' },
  'subscription.activated': { domain: 'SubscriptionActivated', description: 'Service started: the first term, its end and the next invoice date.' },
  'subscription.seats_changed': { domain: 'SeatsChanged', description: 'The number of seats changed (`from`, `to`, `appliesFrom`).' },
  'subscription.renewed': { domain: 'SubscriptionRenewed', description: 'A fixed term was renewed (`termStart`, `termEnd`).' },
  'subscription.suspended': { domain: 'SubscriptionSuspended', description: 'Service suspended (`reason`: arrears, abuse, reseller, …); access is revoked for `seats`.' },
  'subscription.reactivated': { domain: 'SuspensionLifted', description: 'A suspension was lifted; access is restored.' },
  'subscription.ended': { domain: 'SubscriptionEnded', description: 'The subscription ended (`endedOn`, `reason`) and its export window started.' },
  'subscription.dissolved': { domain: 'SubscriptionDissolved', description: 'The contract was dissolved (default or insolvency); remaining charges are claimed.' },
  'subscription.price_change_announced': { domain: 'PriceChangeAnnounced', description: 'A price change was announced (`effectiveOn`, `fromCents`, `toCents`, any right to terminate).' },
  'access.revoked': { domain: 'AccessRevoked', description: 'Access to the service must be taken away for `seats` (suspension or end).' },
  'access.restored': { domain: 'AccessRestored', description: 'Access to the service must be given back for `seats`.' },
  'cancellation.confirmed': { domain: 'CancellationAccepted', description: 'A cancellation was accepted: `endsOn`, `earlyTerminationFeeCents`, `channel`.' },
  'cancellation.refused': { domain: 'CancellationRefused', description: 'A cancellation was refused (`reason`, `rule`).' },
  'cancellation.withdrawn': { domain: 'CancellationWithdrawn', description: 'A cancellation was withdrawn; the subscription runs on.' },
  'invoice.issued': { domain: 'InvoiceIssued', description: 'An invoice was issued (`invoiceId`, `issuedOn`, `dueOn`, amounts in cents, lines).' },
  'invoice.disputed': { domain: 'InvoiceDisputed', description: 'An invoice is disputed; dunning on it pauses.' },
  'invoice.dispute_resolved': { domain: 'DisputeResolved', description: 'A dispute was resolved (`outcome`: upheld or rejected).' },
  'payment.received': { domain: 'PaymentReceived', description: 'A payment was received and allocated (`allocations`, `creditCents`).' },
  'payment.failed': { domain: 'PaymentFailed', description: 'A payment attempt failed (`reason`).' },
  'payment.reversed': { domain: 'PaymentReversed', description: 'A payment was reversed (storno, chargeback, refund); `reopened` lists the invoices open again.' },
  'dunning.reminder_sent': { domain: 'ReminderSent', description: 'A payment reminder was sent for `invoiceId` (`payBy`).' },
  'dunning.formal_notice_sent': { domain: 'FormalNoticeSent', description: 'A formal notice (ingebrekestelling) was sent (`deadline`, `costsCents`).' },
  'customer.in_default': { domain: 'CustomerInDefault', description: 'The customer is in default on `invoiceId`; statutory interest runs from `interestFrom`.' },
  'data.deleted': { domain: 'DataDeleted', description: 'Hosted data was deleted (confirmed by provisioning).' },
  'customer.data_erased': { domain: 'PersonalDataErased', description: 'The customer\'s personal data was erased; invoices are kept until `retainedUntil`.' },
} as const satisfies Record<string, { domain: DomainEventType; description: string }>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEventType, ...WebhookEventType[]];

const PUBLIC_NAME = new Map<DomainEventType, WebhookEventType>(WEBHOOK_EVENT_TYPES.map((name) => [WEBHOOK_EVENTS[name].domain, name]));

/** The domain event a public type announces. */
export type DomainEventOf<T extends WebhookEventType> = (typeof WEBHOOK_EVENTS)[T]['domain'];

/** The ids and provenance every payload's `data` carries, beside the domain event's facts. */
export interface WebhookCommon {
  readonly customerId: string;
  readonly subscriptionId: string | null;
  /** The rule id (R-…) that fired, where one did. */
  readonly rule: string | null;
  /** The contract article the decision rests on. */
  readonly source: string | null;
  /** The id of the incoming event (queue, API or tick) whose decision this was. */
  readonly causedBy: string;
}

/** A webhook body (Standard Webhooks: `type`, `timestamp`, `data`), typed per public event type. */
export type WebhookPayload = {
  [T in WebhookEventType]: { readonly type: T; readonly timestamp: Instant; readonly data: WebhookCommon & Readonly<EventData[DomainEventOf<T>]> };
}[WebhookEventType];

/** The public events a decision's domain events announce, with the index of each in the decision (for a stable id). */
export function webhookEventsOf(events: readonly DomainEvent[], customerId: string, causedBy: string): Array<{ readonly n: number; readonly payload: WebhookPayload }> {
  const out: Array<{ n: number; payload: WebhookPayload }> = [];
  events.forEach((event, n) => {
    const type = PUBLIC_NAME.get(event.type);
    if (type === undefined) return;
    const named = (event.data as { subscriptionId?: unknown }).subscriptionId;
    const subscriptionId = event.subscriptionId ?? (typeof named === 'string' ? named : null);
    const data = { ...event.data, customerId, subscriptionId, rule: event.rule, source: event.source, causedBy };
    out.push({ n, payload: { type, timestamp: event.at, data } as WebhookPayload });
  });
  return out;
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}
