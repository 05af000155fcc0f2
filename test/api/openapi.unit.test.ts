/**
 * The OpenAPI document keeps its promises (issue 10 item 6): every operation has a unique
 * `operationId` — checked over the route table, so a route added later without one fails here —
 * and every status code documented for the payment webhook is one it answers, and the reverse; the
 * webhook's body is typed per event type and the incoming events are components.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument } from '../../api/openapi.js';
import { routes } from '../../api/routes.js';
import { paymentWebhook } from '../../api/webhook.js';
import { FakeWorld } from '../../app/testing/fakes.js';
import { anyEvent, paymentEvent } from '../../domain/events.js';
import { v2event } from './events.js';

type Operation = { operationId?: string; responses: Record<string, unknown> };
type Doc = { paths: Record<string, Record<string, Operation>>; webhooks: Record<string, Record<string, Operation>> };
const doc = generateOpenApiDocument() as Doc;
const operations = [...Object.values(doc.paths), ...Object.values(doc.webhooks)].flatMap((p) => Object.values(p));

describe('operationId on every operation', () => {
  it('every route of the table has a lowerCamelCase operationId, none twice', () => {
    const ids = routes.map((r) => r.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('every operation of the generated document carries one, unique across paths and webhooks', () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of routes) expect(doc.paths[r.path]![r.method.toLowerCase()]!.operationId).toBe(r.operationId);
  });
  it('each route documents the success code it answers', () => {
    for (const r of routes) expect(Object.keys(doc.paths[r.path]![r.method.toLowerCase()]!.responses)).toContain(String(r.status));
  });
});

describe('Idempotency-Key on the writes', () => {
  type WithParams = Operation & { parameters?: Array<{ name: string; in: string }> };
  const headerNames = (path: string, method: string) => ((doc.paths[path]![method] as WithParams).parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
  it('every write takes the header, but usage, whose usageId is its key', () => {
    expect(headerNames('/v1/subscriptions/{subscriptionId}/plan', 'post')).toEqual(['Idempotency-Key']);
    expect(headerNames('/v1/subscriptions/{subscriptionId}/seats', 'post')).toEqual(['Idempotency-Key']);
    expect(headerNames('/v1/subscriptions/{subscriptionId}/usage', 'post')).toEqual([]);
  });
  it('the 409 and 422 of usage name usageId, not a header it does not take; the other writes name the header', () => {
    const texts = (path: string) => JSON.stringify([409, 422].map((code) => doc.paths[path]!['post']!.responses[String(code)]));
    expect(texts('/v1/subscriptions/{subscriptionId}/usage')).toContain('`usageId`');
    expect(texts('/v1/subscriptions/{subscriptionId}/usage')).not.toContain('Idempotency-Key');
    expect(texts('/v1/subscriptions/{subscriptionId}/seats')).toContain('Idempotency-Key');
  });
});

describe('the payment webhook answers exactly the codes it documents', () => {
  const secret = `whsec_${Buffer.from('documented codes secret').toString('base64')}`;
  const signer = new Webhook(secret);
  const world = new FakeWorld({ start: '2026-03-05T10:00:00+01:00' });
  let failQueue = false;
  const hook = paymentWebhook({
    ...world.deps,
    // FakeQueues is a class: spreading it would drop its methods, so each is named.
    queues: {
      send: async (e) => (failQueue ? Promise.reject(new Error('queue down')) : world.deps.queues.send(e)),
      sendMany: (es) => world.deps.queues.sendMany(es),
      sendOutbox: (keys, options) => world.deps.queues.sendOutbox(keys, options),
    },
  }, { secret });
  const post = async (body: string, id: string, sign = signer) => {
    const at = new Date();
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': sign.sign(id, at, body) };
    return (await hook(v2event('POST', '/webhooks/payments', { headers, body }))).statusCode;
  };
  const paid = JSON.stringify({ type: 'payment.succeeded', data: { paymentId: 'pay_doc', customerId: 'cus_doc', amountCents: 100, method: 'ideal' } });

  it('202 queued, 200 a replayed webhook-id, 400 a bad body, 401 a bad signature, 503 the queue down', async () => {
    const answered = new Set<number>();
    const expectStatus = async (status: number, call: Promise<number>) => {
      expect(await call).toBe(status);
      answered.add(status);
    };
    await expectStatus(202, post(paid, 'msg_doc_1'));
    await expectStatus(200, post(paid, 'msg_doc_1'));
    await expectStatus(400, post(JSON.stringify({ type: 'payment.succeeded', data: { amountCents: -1 } }), 'msg_doc_2'));
    await expectStatus(401, post(paid, 'msg_doc_3', new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`)));
    failQueue = true;
    await expectStatus(503, post(paid, 'msg_doc_4'));
    failQueue = false;
    const documented = Object.keys(doc.webhooks['payment']!['post']!.responses).map(Number).sort();
    expect([...answered].sort()).toEqual(documented);
  });
});

describe('the payment webhook body and the incoming events are typed (issue 10 item 6)', () => {
  type Schema = { $ref?: string; type?: string; oneOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; enum?: string[]; additionalProperties?: unknown; discriminator?: { propertyName: string; mapping: Record<string, string> } };
  const schemas = (doc as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const resolve = (s: Schema): Schema => (s.$ref ? schemas[s.$ref.replace('#/components/schemas/', '')]! : s);
  const body = resolve((doc.webhooks['payment']!['post'] as unknown as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody.content['application/json']!.schema);

  it('the webhook body is a union on `type`, one member per payment-events type, not an untyped object', () => {
    expect(body.discriminator?.propertyName).toBe('type');
    expect(Object.keys(body.discriminator!.mapping).sort()).toEqual(paymentEvent.options.map((o) => o.shape.type.value).sort());
    for (const member of body.oneOf!.map(resolve)) {
      const data = member.properties!['data']!;
      expect(data.type).toBe('object');
      expect(Object.keys(data.properties ?? {}).length).toBeGreaterThan(0);
      expect(data.additionalProperties ?? false).not.toEqual({});
    }
  });
  it('payment.succeeded names its data field by field: paymentId, customerId, amountCents (integer), method', () => {
    const succeeded = resolve({ $ref: body.discriminator!.mapping['payment.succeeded']! });
    const data = succeeded.properties!['data']!;
    expect(data.required).toEqual(['paymentId', 'customerId', 'amountCents', 'method']);
    expect(data.properties!['amountCents']!.type).toBe('integer');
    expect(data.properties!['method']!.enum).toEqual(['direct_debit', 'ideal', 'card', 'bank_transfer']);
  });
  it('every incoming event type is a component (`CustomerCreatedEvent`, …) with its own type', () => {
    for (const event of anyEvent.options) {
      const type = event.shape.type.value;
      const name = `${type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Event`;
      expect(schemas[name]?.properties?.['type']?.enum, name).toEqual([type]);
    }
  });
});

describe('patterns', () => {
  it('every pattern is a bare regular expression an OpenAPI validator can compile (no /…/flags wrapper)', () => {
    const patterns = [...JSON.stringify(generateOpenApiDocument()).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.filter((p) => /\/[a-z]*$/.test(p) && !p.endsWith('\\/'))).toEqual([]);
    for (const p of patterns) expect(() => new RegExp(p)).not.toThrow();
  });
});
