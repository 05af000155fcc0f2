import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests } from '../../adapters/request-counter.js';
import { capturedEmails, stack } from '../support/stack.js';
import { crashingDeps, drain, handlersFor, pipeline, pollOnce, sendEvent, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline();
});
afterAll(() => p.clients.destroy());

const at = '2026-03-02T09:00:00.000Z';

async function newCustomer(run: string): Promise<{ customerId: string; email: string }> {
  const customerId = `crash-${run}`;
  const email = `crash-${run}@example.com`;
  await sendEvent(p, 'subscription-events', {
    id: `evt-${customerId}`, type: 'customer.created', occurredAt: at,
    data: { customerId, kind: 'consumer', name: 'Piet', email, language: 'nl', resellerId: 'demo-reseller', directDebit: true },
  });
  await drain(p);
  return { customerId, email };
}

const failedPayment = (customerId: string, paymentId: string) => ({
  id: `evt-${paymentId}`, type: 'payment.failed', occurredAt: at, data: { paymentId, customerId, amountCents: 4_999, reason: 'storno' },
});

async function state(customerId: string, paymentId: string) {
  const table = stack().tableName;
  const account = await p.clients.doc.send(new GetCommand({ TableName: table, Key: { pk: `CUST#${customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
  const outbox = await p.clients.doc.send(new GetCommand({ TableName: table, Key: { pk: `OUTBOX#email:payment.failed:${paymentId}`, sk: 'OUTBOX' }, ConsistentRead: true }));
  const mails = (await capturedEmails()).filter((m) => m.destination.to.includes(`${customerId}@example.com`));
  return { version: account.Item?.['version'] as number, outbox: outbox.Item, mails };
}

/** AWS calls of one clean run of the event handler on a payment.failed. */
async function cleanRunCalls(): Promise<number> {
  const { customerId } = await newCustomer(randomUUID().slice(0, 8));
  await sendEvent(p, 'payment-events', failedPayment(customerId, `pay-clean-${randomUUID().slice(0, 8)}`));
  const counter = countRequests({ dynamodb: p.clients.dynamodb, sqs: p.clients.sqs, ses: p.clients.ses });
  counter.reset();
  const received = await receiveAndHandle('payment-events');
  const calls = counter.total() - received.pollCalls;
  counter.reset();
  return calls;
}

async function receiveAndHandle(queue: 'payment-events') {
  const { received, failed } = await pollOnce(p, queue);
  expect(failed).toEqual([]);
  // ReceiveMessage + DeleteMessageBatch belong to the event source mapping, not the handler.
  return { received, pollCalls: 2 };
}

describe('a crash after each AWS call of the event handler, then redelivery', () => {
  it('loses nothing and doubles nothing', async () => {
    const calls = await cleanRunCalls();
    // GetItem marker, GetItem account, BatchGetItem of the payment in case it was archived (a failure
    // may name a payment settled long ago), TransactWriteItems, SendMessageBatch to the outbox, and
    // Query PARK#payment:<id> for events that arrived before this payment (issue 11); before the write,
    // Query of the reseller's webhook endpoints (payment.failed is a public event; cached 10 s in AWS).
    expect(calls).toBe(7);
    for (let n = 1; n <= calls; n++) {
      const run = randomUUID().slice(0, 8);
      const { customerId } = await newCustomer(run);
      const paymentId = `pay-${run}`;
      await sendEvent(p, 'payment-events', failedPayment(customerId, paymentId));
      const crashing = crashingDeps(p, n);
      const { failed } = await pollOnce(p, 'payment-events', handlersFor(crashing.deps)['payment-events']);
      expect(failed, `crash after call ${n} (${crashing.calls().join(', ')})`).toHaveLength(1);
      crashing.clients.destroy();

      await drain(p, { waitForRetriesMs: 5_000 });
      const after = await state(customerId, paymentId);
      expect(after.version, `crash after call ${n}`).toBe(2);
      expect(after.outbox, `crash after call ${n}`).toMatchObject({ status: 'sent', attempts: 1 });
      expect(after.mails, `crash after call ${n}`).toHaveLength(1);
    }
  });
});

describe('a crash after each AWS call of the outbox sender, then redelivery', () => {
  // Calls: UpdateItem (claim), GetItem (the customer's reseller: is it white-label, whose name signs the
  // mail), SES SendEmail, UpdateItem (mark sent).
  const cases = [
    { n: 1, mails: 1, why: 'claimed, not sent: the next claim after the lease sends it' },
    { n: 2, mails: 1, why: 'sender looked up, not sent: the next claim after the lease sends it' },
    { n: 3, mails: 2, why: 'SES sent, not yet marked: the one window where the mail goes out twice' },
    { n: 4, mails: 1, why: 'marked sent: the redelivery finds it done' },
  ];
  for (const c of cases) {
    it(`after call ${c.n}: ${c.why}`, async () => {
      const run = randomUUID().slice(0, 8);
      const { customerId } = await newCustomer(run);
      const paymentId = `pay-${run}`;
      await sendEvent(p, 'payment-events', failedPayment(customerId, paymentId));
      await pollOnce(p, 'payment-events');

      const crashing = crashingDeps(p, c.n);
      const { failed } = await pollOnce(p, 'outbox', handlersFor(crashing.deps).outbox);
      expect(failed).toHaveLength(1);
      expect(crashing.calls().map((c) => c.replace(/Command$/, ''))).toEqual(['dynamodb.UpdateItem', 'dynamodb.GetItem', 'ses.SendEmail', 'dynamodb.UpdateItem'].slice(0, c.n));
      crashing.clients.destroy();

      await drain(p, { waitForRetriesMs: 8_000 });
      const after = await state(customerId, paymentId);
      expect(after.outbox).toMatchObject({ status: 'sent' });
      expect(after.mails).toHaveLength(c.mails);
    });
  }
});
