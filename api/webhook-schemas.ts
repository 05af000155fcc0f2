/** The webhook endpoints' and delivery log's inputs and outputs (docs/webhooks.md), beside api/schemas.ts. */
import * as z from 'zod';
import './openapi-extend.js';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '../domain/index.js';

const endpointId = z.string().regex(/^we_[0-9a-f]{24}$/, 'an endpoint id as created (we_ and 24 hex digits)').openapi({ example: 'we_4f2a9c0d1e8b7a6f5c4d3e2f' });
const deliveryId = z.string().regex(/^msg_[0-9a-f]{32}$/, 'a delivery id (the webhook-id: msg_ and 32 hex digits)').openapi({ example: 'msg_0f1e2d3c4b5a69788796a5b4c3d2e1f0' });

export const endpointIdPath = z.object({ endpointId }).strict();
export const deliveryIdPath = z.object({ endpointId, deliveryId }).strict();

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES).openapi('WebhookEventType', {
  description: WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\`: ${WEBHOOK_EVENTS[t].description}`).join('\n'),
});

/** At most this many endpoints per reseller (each decision's deliveries go to each subscribed one). */
export const MAX_ENDPOINTS_PER_RESELLER = 20;

export const createEndpointBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an absolute https:// URL' }).max(2048)
    .openapi({ description: 'Where deliveries are POSTed: https only (http://localhost is accepted by the local stack only); no private or loopback hosts in AWS.', example: 'https://hooks.reseller.example/looptijd' }),
  eventTypes: z.array(webhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length)
    .refine((types) => new Set(types).size === types.length, 'each event type once')
    .openapi({ description: 'The event types this endpoint receives (GET /v1/webhook-event-types lists them).', example: ['subscription.suspended', 'subscription.reactivated'] }),
  description: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').optional(),
}).strict().openapi('WebhookEndpointCreate');

export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']).openapi({ description: '`disabled` after every delivery failed for 5 days (or never enabled again after that); POST …/enable turns it back on.' }),
  createdAt: z.string(),
  failingSince: z.string().nullable().openapi({ description: 'When the current run of failed attempts began; null while deliveries succeed.' }),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
}).openapi('WebhookEndpoint');

export const webhookEndpointCreated = webhookEndpoint.extend({
  secret: z.string().openapi({ description: 'The signing secret (`whsec_…`). Shown once, in this answer only: store it now.' }),
}).openapi('WebhookEndpointCreated');

export const secretRotated = z.object({
  id: z.string(),
  secret: z.string().openapi({ description: 'The new signing secret, shown once.' }),
  previousSecretValidUntil: z.string().openapi({ description: 'Until then every delivery carries a signature with the old secret too.' }),
}).openapi('WebhookSecretRotated');

export const endpointDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).openapi('WebhookEndpointDeleted');

const attempt = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable().openapi({ description: 'The receiver\'s HTTP status; null when none came (timeout, connection refused, DNS).' }),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  trigger: z.enum(['scheduled', 'replay']),
}).openapi('WebhookAttempt');

export const webhookPayload = z.object({
  type: webhookEventType,
  timestamp: z.string().openapi({ description: 'When it happened (the decision\'s time).' }),
  data: z.object({
    customerId: z.string(),
    subscriptionId: z.string().nullable(),
    rule: z.string().nullable().openapi({ description: 'The rule id (R-…) that fired, where one did.' }),
    source: z.string().nullable().openapi({ description: 'The contract article the decision rests on.' }),
    causedBy: z.string().openapi({ description: 'The id of the incoming event whose decision this was (GET /v1/subscriptions/{id}/events shows the same decision).' }),
  }).catchall(z.unknown()).openapi({ description: 'The facts of the decision, as the audit trail\'s `data` has them, with the ids beside them (docs/webhooks.md lists them per type).' }),
}).openapi('WebhookPayload');

export const webhookDelivery = z.object({
  id: z.string().openapi({ description: 'The message\'s `webhook-id` (the same for every attempt and replay).' }),
  endpointId: z.string(),
  eventType: z.string(),
  createdAt: z.string(),
  status: z.enum(['pending', 'sending', 'succeeded', 'failed']),
  nextAttemptAt: z.string().nullable(),
  attempts: z.array(attempt).openapi({ description: 'The last attempts, oldest first: at most 24 are kept (three rounds of retries); older ones are dropped.' }),
  attemptCount: z.number().int().openapi({ description: 'Every attempt made, the dropped ones included.' }),
  payload: webhookPayload,
}).openapi('WebhookDelivery');

export const replayAccepted = z.object({
  deliveryId: z.string(),
  status: z.enum(['queued', 'already_pending']).openapi({ description: '`already_pending`: the delivery is still being attempted; nothing was added.' }),
}).openapi('WebhookReplayAccepted');

export const eventTypeList = z.object({
  data: z.array(z.object({ type: webhookEventType, description: z.string() })),
}).openapi('WebhookEventTypeList');

const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
export const webhookEndpointPage = page(webhookEndpoint, 'WebhookEndpointPage');
export const webhookDeliveryPage = page(webhookDelivery, 'WebhookDeliveryPage');
