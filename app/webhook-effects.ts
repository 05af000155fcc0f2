/**
 * Outbound webhooks to resellers (docs/webhooks.md): the policy, ids and secrets, and the
 * deliveries a decision causes. A decision's public events (domain/webhook-events.ts) become one
 * delivery per subscribed endpoint, written to the outbox in the decision's own transaction
 * (process-event.ts); app/webhooks.ts sends them. The `webhook-id` is derived from the account,
 * the incoming event and the domain event's place in the decision: the same on every retry and
 * replay, and never a second one for a duplicate of the incoming event. Kept apart from the
 * sender so the event handlers and the partner API do not bundle the signing library.
 */
import { createHash, randomBytes } from 'node:crypto';
import { webhookEventsOf, type Decision, type IncomingEvent } from '../domain/index.js';
import type { Deps, WebhookEffect, WebhookPolicy } from './ports.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * 8 attempts: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (each ±20 %), about
 * 27.5 h in all (the schedule Standard Webhooks' reference implementation uses); an endpoint whose
 * deliveries all failed for 5 days is disabled. A delivery's log keeps its last 24 attempts (three
 * full rounds): replays cannot grow its item without bound.
 */
export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = {
  retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.2,
  timeoutMs: 10 * SECOND,
  disableAfterMs: 5 * 24 * HOUR,
  allowLocalHttp: false,
  keepAttempts: 24,
};

export function webhookPolicy(deps: Pick<Deps, 'webhookPolicy'>): WebhookPolicy {
  return { ...DEFAULT_WEBHOOK_POLICY, ...deps.webhookPolicy };
}

/** A new endpoint secret: `whsec_` and 32 random bytes in base64, as Standard Webhooks writes them. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The `webhook-id` of the n-th domain event of the decision on `event` for this account. */
export function messageIdOf(customerId: string, eventId: string, n: number): string {
  return `msg_${createHash('sha256').update(`${customerId}\n${eventId}\n${n}`).digest('hex').slice(0, 32)}`;
}

/** The deliveries a decision causes: one per public event and enabled endpoint of the reseller subscribed to its type. */
export async function webhookEffectsOf(
  deps: Pick<Deps, 'webhooks'>,
  customerId: string,
  resellerId: string | null,
  event: IncomingEvent,
  decision: Pick<Decision, 'events'>,
): Promise<WebhookEffect[]> {
  if (resellerId === null) return [];
  const announced = webhookEventsOf(decision.events, customerId, event.id);
  if (announced.length === 0) return [];
  const endpoints = await deps.webhooks.enabledEndpointsOf(resellerId);
  const out: WebhookEffect[] = [];
  for (const { n, payload } of announced) {
    const messageId = messageIdOf(customerId, event.id, n);
    const body = JSON.stringify(payload);
    for (const endpoint of endpoints) {
      if (!endpoint.eventTypes.includes(payload.type)) continue;
      out.push({ kind: 'webhook', key: webhookKey(endpoint.id, messageId), endpointId: endpoint.id, resellerId, messageId, eventType: payload.type, body });
    }
  }
  return out;
}

/** The outbox key of a message to an endpoint. */
export function webhookKey(endpointId: string, messageId: string): string {
  return `webhook:${endpointId}:${messageId}`;
}
