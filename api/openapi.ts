/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the router validates with.
 *
 * Generated at build time for the Lambda: infra/bundling.ts passes the document, gzipped and in
 * base64, as the constant process.env.LOOPTIJD_OPENAPI_GZ (esbuild `define`), so the generator and
 * @asteasolutions/zod-to-openapi (28 KB minified) are dead code the bundle leaves out. Unbundled
 * (tests, the local stack, the CLI) the constant is absent and the document is generated here.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import './openapi-extend.js';
import { DOCUMENT_PATHS } from './document-paths.js';
import { routes } from './routes.js';
import * as s from './schemas.js';
import { webhookPayload } from './webhook-schemas.js';
import { anyEvent, paymentEvent, WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '../domain/index.js';

const errors = {
  400: 'Invalid input: `details` lists the field errors (`invalid_request`), or a cursor not issued for this list and key (`invalid_cursor`).',
  401: 'Missing, unknown or revoked API key.',
  404: 'Unknown id — or an id that belongs to another reseller: the two are indistinguishable.',
  429: 'Rate limit of this API key exceeded; retry after `Retry-After` seconds.',
} as const;

/**
 * What a write (every method but GET) may answer besides, worded for where its idempotency key comes
 * from: the Idempotency-Key header, or a body field that is the key (a usage record's `usageId`).
 */
const writeErrors = (keyField: string | undefined) =>
  keyField === undefined
    ? {
        409: '`conflict`: the id to create is taken. `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry after `Retry-After` seconds.',
        422: '`idempotency_key_reused`: this Idempotency-Key was used in the last 24 hours with another method, path or body.',
      }
    : {
        409: `\`idempotency_key_in_use\`: a request with this \`${keyField}\` is still running; retry after \`Retry-After\` seconds.`,
        422: `\`idempotency_key_reused\`: this \`${keyField}\` was sent in the last 24 hours with another body; \`details\` names the field.`,
      };

let cached: object | undefined;

export function openApiDocument(): object {
  // Read with the dot: esbuild's `define` replaces exactly `process.env.LOOPTIJD_BUNDLED` (so the generator is
  // dead code it leaves out) and `process.env.LOOPTIJD_OPENAPI_GZ`, the latter mentioned once: each mention
  // becomes a copy of the whole document.
  cached ??= process.env.LOOPTIJD_BUNDLED ? (JSON.parse(gunzipSync(Buffer.from(process.env.LOOPTIJD_OPENAPI_GZ ?? '', 'base64')).toString('utf8')) as object) : generateOpenApiDocument();
  return cached;
}

/** The document as the bundler embeds it: gzipped JSON in base64 (≈ 6 KB instead of 25 KB of JSON or 28 KB of generator). */
export function packedOpenApiDocument(): string {
  return gzipSync(JSON.stringify(generateOpenApiDocument()), { level: 9 }).toString('base64');
}

/** The tag of a path: its first segment after `/v1/`, as words (`/v1/webhook-endpoints/…` → `Webhook endpoints`). */
export function tagOf(path: string): string {
  const segment = path.split('/')[2] ?? 'other';
  const words = segment.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

let generated: object | undefined;

/** Built with the document (a function, not a module-level schema: the bundles that only read the prebuilt document never build it). */
const idempotencyKeyHeader = () => z.string().min(1).max(255).optional().openapi({
  description: 'Makes retries safe, as Stripe does: the same key with the same request answers the first answer again (with `Idempotent-Replayed: true`); with another request 422. Per API key owner, kept 24 hours. 1–255 printable ASCII characters without spaces, e.g. a UUID. Without it every request is a new event.',
  example: '5f0c6a52-3c1e-4b8e-9a57-2f9b1b0d7e11',
});

/** `payment.succeeded` → `PaymentSucceeded`: the component name of an event type. */
const pascal = (type: string) => type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/**
 * The payment webhook's body typed per `type`: each payment.* event's own data schema (domain/events.ts),
 * so a provider's generated client knows `data` field by field. The handler validates the same in two
 * steps (the envelope, then the event), with the field errors of either.
 */
const typedWebhookBody = () => {
  const members = paymentEvent.options.map((event) => z.object({
    type: event.shape.type,
    timestamp: s.webhookBody.shape.timestamp,
    occurredAt: s.webhookBody.shape.occurredAt.clone().openapi({ description: 'When it happened; takes precedence over `timestamp`.' }),
    data: event.shape.data,
  }).openapi(`PaymentWebhook${pascal(event.shape.type.value)}`));
  return z.discriminatedUnion('type', members as [typeof members[number], ...typeof members]).openapi('PaymentWebhook', {
    description: 'A payment.* event of docs/events.md without the envelope id (the event id is `whk_<webhook-id>`). Ids are 1–128 printable characters without spaces; amountCents is an integer up to 100,000,000 by default (a terms profile\'s `limits.maxAmountCents` may raise it to 10,000,000,000).',
  });
};

/** Generates the document from the routes and schemas (build time, or unbundled at first request). */
export function generateOpenApiDocument(): object {
  if (generated) return generated;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http', scheme: 'bearer', description: 'An API key from `npm run cli -- keys create --reseller <id>`; each key belongs to one reseller.',
  });
  const errorContent = { 'application/json': { schema: s.errorResponse } };
  // The incoming events as components (`CustomerCreatedEvent`, …): what the queues and the webhook carry (docs/events.md).
  for (const event of anyEvent.options) registry.register(`${pascal(event.shape.type.value)}Event`, event.clone());
  for (const r of routes) {
    const isEmpty = (schema: z.ZodType) => schema instanceof z.ZodObject && Object.keys(schema.shape).length === 0;
    const write = r.method !== 'GET';
    registry.registerPath({
      method: r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete',
      path: r.path,
      operationId: r.operationId,
      summary: r.summary,
      description: r.description,
      tags: [tagOf(r.path)],
      security: [{ [bearer.name]: [] }],
      request: {
        ...(isEmpty(r.params) ? {} : { params: r.params as z.ZodObject }),
        ...(isEmpty(r.query) ? {} : { query: r.query as z.ZodObject }),
        ...(r.body && !isEmpty(r.body) ? { body: { required: r.method !== 'POST' || !(r.body.safeParse({}).success), content: { 'application/json': { schema: r.body } } } } : {}),
        ...(write && !r.idempotencyKey ? { headers: z.object({ 'Idempotency-Key': idempotencyKeyHeader() }) } : {}),
      },
      responses: {
        [r.status]: {
          description: r.status === 202 ? 'Accepted: the event is queued. `Location` is where to follow what became of it.' : r.status === 201 ? 'Created' : 'OK',
          ...(r.status === 202 && { headers: { Location: { description: '`/v1/events/{eventId}`', schema: { type: 'string' } }, 'Idempotent-Replayed': { description: `\`true\` when this is the stored answer to an earlier request with the same ${r.idempotencyKey ? `\`${r.idempotencyKey.field}\`` : 'Idempotency-Key'}`, schema: { type: 'string' } } } }),
          content: { 'application/json': { schema: r.response } },
        },
        ...Object.fromEntries(Object.entries({ ...errors, ...(write ? writeErrors(r.idempotencyKey?.field) : {}) }).map(([code, description]) => [code, { description, content: errorContent }])),
      },
    });
  }
  for (const d of Object.values(DOCUMENT_PATHS)) {
    registry.registerPath({
      method: 'get', path: d.path, operationId: d.operationId, summary: d.summary, description: d.description, tags: ['Invoices'], security: [{ [bearer.name]: [] }],
      request: { params: d.params },
      responses: {
        200: { description: 'The document', headers: { 'Content-Disposition': { schema: { type: 'string' }, description: 'attachment; filename="factuur-LT-000123.pdf"' } }, content: { [d.produces]: { schema: { type: 'string', format: 'binary' } } } },
        ...Object.fromEntries(Object.entries(errors).map(([code, description]) => [code, { description, content: errorContent }])),
      },
    });
  }
  registry.registerPath({
    method: 'get', path: '/v1/openapi.json', operationId: 'getOpenApiDocument', summary: 'This document', tags: ['Meta'],
    responses: { 200: { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: z.object({ openapi: z.string() }).passthrough() } } } },
  });
  registry.registerWebhook({
    method: 'post', path: 'payment', operationId: 'receivePaymentWebhook', summary: 'Payment provider webhook: POST /webhooks/payments',
    description: 'Signed per the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The body maps onto the payment.* events; `webhook-id` is the idempotency key.',
    request: { body: { required: true, content: { 'application/json': { schema: typedWebhookBody() } } } },
    responses: {
      202: { description: 'Queued: `{"status": "queued", "eventId"}`', content: { 'application/json': { schema: s.webhookQueued } } },
      200: { description: 'This `webhook-id` was received before (7-day window): `{"status": "duplicate", "eventId", "message"}`, nothing queued again', content: { 'application/json': { schema: s.webhookDuplicate } } },
      400: { description: 'Missing webhook headers, invalid JSON or a bad body (field errors in `details`); nothing queued', content: errorContent },
      401: { description: 'Bad signature, wrong secret, or a timestamp more than 5 minutes off; nothing queued', content: errorContent },
      503: { description: 'The queue is unavailable; the delivery is forgotten, so the provider\'s retry is accepted', content: errorContent },
    },
  });
  for (const type of WEBHOOK_EVENT_TYPES) {
    registry.registerWebhook({
      method: 'post', path: type, summary: `Outbound webhook: ${type}`,
      // receiveSubscriptionSuspendedWebhook, … : what a receiver's generated handler is named.
      operationId: `receive${type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Webhook`,
      description: `${WEBHOOK_EVENTS[type].description} POSTed to each of your endpoints subscribed to \`${type}\`, signed per the Standard Webhooks specification (headers \`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`; verify with your endpoint's secret). Answer 2xx within 10 s; anything else is retried (docs/webhooks.md).`,
      request: { body: { content: { 'application/json': { schema: webhookPayload } } } },
      responses: { 200: { description: 'Any 2xx: received' } },
    });
  }
  generated = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Looptijd partner API', version: '1.0.0',
      description: 'Your customers and their subscriptions, with every decision explained by the rule and contract article it came from. Lists are paginated with `limit` and the opaque `cursor` from `nextCursor`. Errors are `{"error": {"code", "message", "details"}}`.',
    },
    servers: [{ url: '/' }],
  });
  return generated;
}
