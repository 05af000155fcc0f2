/**
 * The local runner and HTTP adapter against the real local SQS, with handlers written here:
 * what Lambda's event source mapping promises (record shape, partial batch failures, redrive to
 * the DLQ after maxReceiveCount, whole-batch retry when the handler throws) and what drain() and
 * the API Gateway adapter promise.
 */
import { randomUUID } from 'node:crypto';
import { DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../functions/deps.js';
import { QUEUES } from '../infra/definitions.js';
import { createSimulatedClock } from '../local/clock.js';
import { startHttpServer } from '../local/http.js';
import { ensureQueueWithDlq } from '../local/provision.js';
import { createRunner, type SqsBatchHandler } from '../local/runner.js';
import { stackClients } from './support/stack.js';

const clients = stackClients();
const run = randomUUID().slice(0, 8);
const created: string[] = [];

async function queuePair(maxReceiveCount = 2): Promise<{ url: string; dlqUrl: string }> {
  const name = `rt${run}-${created.length}`;
  const def = { ...QUEUES['payment-events'], maxReceiveCount };
  const { url, dlqUrl } = await ensureQueueWithDlq(clients.sqs, def, { name, dlqName: `${name}-dlq`, visibilityTimeoutSeconds: 1 });
  created.push(url, dlqUrl);
  return { url, dlqUrl };
}

const send = (url: string, bodies: string[]) =>
  clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody, MessageAttributes: { trace: { DataType: 'String', StringValue: `t${i}` } } })),
    }),
  );

async function dlqBodies(dlqUrl: string): Promise<string[]> {
  const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (out.Messages ?? []).map((m) => m.Body!).sort();
}

afterAll(async () => {
  await Promise.allSettled(created.map((QueueUrl) => clients.sqs.send(new DeleteQueueCommand({ QueueUrl }))));
  clients.destroy();
});

describe('the local runner', () => {
  it('hands over real SQS records, deletes the successes and lets SQS redrive the reported failure to the DLQ', async () => {
    const { url, dlqUrl } = await queuePair(2);
    const seen: SQSEvent['Records'] = [];
    const handler: SqsBatchHandler = async (event) => {
      seen.push(...event.Records);
      return { batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) };
    };
    const clock = createSimulatedClock({ start: '2026-01-01T00:00:00Z', mode: 'frozen' });
    const runner = createRunner({ sqs: clients.sqs, queueUrls: { 'payment-events': url }, handlers: { 'payment-events': handler }, clock, sweepIntervalMs: null, log: () => undefined });
    await runner.start();
    try {
      await send(url, ['ok-1', 'bad', 'ok-2']);
      const drained = await runner.drain({ timeoutMs: 20_000 });
      expect(drained.processed).toBe(2);
      expect(await dlqBodies(dlqUrl)).toEqual(['bad']);
      const bad = seen.filter((r) => r.body === 'bad');
      // Delivered maxReceiveCount times, each with its receive count, then moved by SQS.
      expect(bad.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
      const first = seen.find((r) => r.body === 'ok-1')!;
      expect(first).toMatchObject({ eventSource: 'aws:sqs', awsRegion: 'eu-west-1', eventSourceARN: expect.stringMatching(/^arn:aws:sqs:.*:rt/) });
      expect(first.messageAttributes.trace).toMatchObject({ dataType: 'String', stringValue: 't0' });
      expect(first.attributes.SentTimestamp).toMatch(/^\d+$/);
      expect(seen.filter((r) => r.body.startsWith('ok'))).toHaveLength(2);
    } finally {
      await runner.stop();
    }
  });

  it('returns the whole batch when the handler throws, and when it names an unknown message', async () => {
    const { url, dlqUrl } = await queuePair(2);
    let calls = 0;
    const handler: SqsBatchHandler = async (event) => {
      calls++;
      if (event.Records.some((r) => r.body === 'throw')) throw new Error('boom');
      return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
    };
    const clock = createSimulatedClock({ mode: 'frozen' });
    const runner = createRunner({ sqs: clients.sqs, queueUrls: { 'payment-events': url }, handlers: { 'payment-events': handler }, clock, sweepIntervalMs: null, concurrency: 1, log: () => undefined });
    await runner.start();
    try {
      await send(url, ['throw', 'x']);
      await runner.drain({ timeoutMs: 20_000 });
      expect(await dlqBodies(dlqUrl)).toEqual(['throw', 'x']);
      expect(calls).toBeGreaterThanOrEqual(2);
    } finally {
      await runner.stop();
    }
  });

  it('drain() waits for a sweep and the messages it causes', async () => {
    const { url } = await queuePair();
    const handled: string[] = [];
    const clock = createSimulatedClock({ start: '2026-03-06T00:00:00+01:00', mode: 'frozen' });
    const runner = createRunner({
      sqs: clients.sqs,
      queueUrls: { 'payment-events': url },
      handlers: {
        'payment-events': async (event) => {
          await new Promise((r) => setTimeout(r, 50));
          handled.push(...event.Records.map((r) => r.body));
        },
      },
      sweep: async (event) => {
        await send(url, [`tick@${event.time}`]);
      },
      clock,
      sweepIntervalMs: null,
      log: () => undefined,
    });
    await runner.start();
    try {
      await runner.runSweep();
      const drained = await runner.drain();
      expect(handled).toEqual(['tick@2026-03-05T23:00:00Z']);
      expect(drained.processed).toBe(1);
      expect(runner.stats().sweeps).toBe(1);
    } finally {
      await runner.stop();
    }
  });
});

describe('the local HTTP server', () => {
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  const events: APIGatewayProxyEventV2[] = [];
  const clock = createSimulatedClock({ start: '2026-01-01T00:00:00Z', mode: 'frozen' });
  let sweeps = 0;

  beforeAll(async () => {
    const runner = createRunner({ sqs: clients.sqs, queueUrls: {}, handlers: {}, sweep: async () => void sweeps++, clock, sweepIntervalMs: null, log: () => undefined });
    await runner.start();
    server = await startHttpServer({
      port: 0,
      deps: { clients, tableName: 'unused' } as unknown as Deps,
      clock,
      runner,
      routes: [
        {
          method: 'GET',
          path: '/v1/customers/{customerId}',
          load: async () => () => async (event) => {
            events.push(event);
            return { statusCode: 200, body: JSON.stringify({ id: event.pathParameters?.customerId }) };
          },
        },
        { method: 'ANY', path: '/v1/{proxy+}', load: async () => () => async (event) => JSON.stringify({ proxy: event.pathParameters?.proxy, method: event.requestContext.http.method }) },
        { method: 'POST', path: '/webhooks/payments', load: async () => () => async (event) => ({ statusCode: 202, body: event.body ?? '', headers: { 'x-seen': event.headers['webhook-id'] ?? '' } }) },
      ],
    });
    return async () => {
      await server.close();
      await runner.stop();
    };
  });

  it('moves the clock, sweeps and answers {now, processed}', async () => {
    const response = await fetch(`${server.url}/dev/clock`, { method: 'POST', body: JSON.stringify({ now: '2026-03-06T00:00:00+01:00' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ now: '2026-03-05T23:00:00.000Z', processed: 0 });
    expect(clock.now()).toBe('2026-03-05T23:00:00.000Z');
    expect(sweeps).toBe(1);
    const bad = await fetch(`${server.url}/dev/clock`, { method: 'POST', body: JSON.stringify({ now: 'tomorrow' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('turns a request into an API Gateway v2 event for the most specific route', async () => {
    const response = await fetch(`${server.url}/v1/customers/cus%201?limit=5&x=1&x=2`, { headers: { authorization: 'Bearer k', cookie: 'a=1; b=2' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'cus 1' });
    const [event] = events;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/customers/{customerId}',
      rawPath: '/v1/customers/cus%201',
      rawQueryString: 'limit=5&x=1&x=2',
      queryStringParameters: { limit: '5', x: '1,2' },
      cookies: ['a=1', 'b=2'],
      headers: { authorization: 'Bearer k' },
      requestContext: { http: { method: 'GET', path: '/v1/customers/cus%201' }, stage: '$default' },
      isBase64Encoded: false,
    });
    const proxied = await fetch(`${server.url}/v1/subscriptions/s1/events`, { method: 'DELETE' });
    expect(await proxied.json()).toEqual({ proxy: 'subscriptions/s1/events', method: 'DELETE' });
    const hook = await fetch(`${server.url}/webhooks/payments`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'webhook-id': 'w1' } });
    expect(hook.status).toBe(202);
    expect(hook.headers.get('x-seen')).toBe('w1');
    expect(await hook.text()).toBe('{"a":1}');
  });

  it('answers 404 in the API error shape for anything else', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
