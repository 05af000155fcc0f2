import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAccount } from '../../adapters/account-codec.js';
import { countRequests } from '../../adapters/request-counter.js';
import type { Deps } from '../../functions/deps.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { capturedEmails, stack } from '../support/stack.js';
import { CONTEXT, drain, handlersFor, pipeline, receive, sendEvent, toRecord, deleteExcept, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline();
});
afterAll(() => p.clients.destroy());

const at = '2026-03-02T09:00:00.000Z';
const customerCreated = (customerId: string, email: string) => ({
  id: `evt-${customerId}-created`, type: 'customer.created', occurredAt: at,
  data: { customerId, kind: 'business', name: 'Bakkerij De Korst', email, language: 'en', resellerId: 'demo-reseller', directDebit: true },
});
const paymentFailed = (customerId: string, paymentId: string) => ({
  id: `evt-${paymentId}`, type: 'payment.failed', occurredAt: at, data: { paymentId, customerId, amountCents: 12_345, reason: 'insufficient funds' },
});

async function account(customerId: string) {
  const { Item } = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `CUST#${customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
  return Item ? { version: Item['version'] as number, state: decodeAccount(customerId, Item as { state: Uint8Array }) } : undefined;
}

describe('the same payment.failed delivered three times', () => {
  it('changes the account once, writes one outbox item per effect and sends one e-mail', async () => {
    const run = randomUUID().slice(0, 8);
    const customerId = `c-${run}`;
    const email = `dup-${run}@example.com`;
    await sendEvent(p, 'subscription-events', customerCreated(customerId, email));
    await drain(p);
    expect((await account(customerId))?.version).toBe(1);

    const event = paymentFailed(customerId, `pay-${run}`);
    for (let i = 0; i < 3; i++) await sendEvent(p, 'payment-events', event);
    await drain(p);

    const after = await account(customerId);
    expect(after?.version).toBe(2);
    expect(Object.keys(after!.state.payments)).toEqual([`pay-${run}`]);

    const outbox = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `OUTBOX#email:payment.failed:pay-${run}`, sk: 'OUTBOX' }, ConsistentRead: true }));
    expect(outbox.Item).toMatchObject({ status: 'sent', attempts: 1 });
    expect(outbox.Item?.['outboxPk']).toBeUndefined();

    const mails = (await capturedEmails()).filter((m) => m.destination.to.includes(email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your payment failed');
    expect(mails[0]?.body.text).toContain('€123.45');
    expect(mails[0]?.body.text).toContain('insufficient funds');

    const audit = await p.clients.doc.send(new QueryCommand({
      TableName: stack().tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)', ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':a': 'AUDIT#' },
    }));
    expect((audit.Items ?? []).filter((i) => i['type'] === 'PaymentFailed')).toHaveLength(1);
  });
});

describe('two handlers racing on one account', () => {
  it('applies both events; the loser of the version check reloads and retries', async () => {
    const run = randomUUID().slice(0, 8);
    const customerId = `c-${run}`;
    await sendEvent(p, 'subscription-events', customerCreated(customerId, `race-${run}@example.com`));
    await drain(p);

    // Both handlers load before either saves: a barrier in front of the store's save.
    const waiting: Array<() => void> = [];
    let arrived = 0;
    const barrierDeps = (): Deps => {
      const base = createLocalDeps({ clients: p.clients, tableName: stack().tableName, queueUrls: p.queueUrls, clock: p.clock, logLevel: 'SILENT' });
      let first = true;
      const save: Deps['store']['save'] = async (input) => {
        if (first) {
          first = false;
          arrived++;
          if (arrived < 2) await new Promise<void>((r) => waiting.push(r));
          else waiting.splice(0).forEach((r) => r());
        }
        return base.store.save(input);
      };
      // The store with its save wrapped: every other method (and its state) is the store's own.
      return { ...base, store: Object.assign(Object.create(base.store) as Deps['store'], { save }) };
    };
    const counter = countRequests({ dynamodb: p.clients.dynamodb, sqs: p.clients.sqs, ses: p.clients.ses });
    await sendEvent(p, 'payment-events', paymentFailed(customerId, `pay-a-${run}`));
    await sendEvent(p, 'payment-events', paymentFailed(customerId, `pay-b-${run}`));
    const messages = [...(await receive(p, p.queueUrls['payment-events'], 1)), ...(await receive(p, p.queueUrls['payment-events'], 1))];
    expect(messages).toHaveLength(2);
    counter.reset();
    const results = await Promise.all(
      messages.map((m) => handlersFor(barrierDeps())['payment-events']({ Records: [toRecord(m, p.queueUrls['payment-events'])] }, CONTEXT)),
    );
    expect(results.flatMap((r) => r?.batchItemFailures ?? [])).toEqual([]);
    await deleteExcept(p, p.queueUrls['payment-events'], messages, []);
    // Two saves succeeded, one was refused on the version and retried.
    expect(counter.snapshot()['dynamodb.TransactWriteItemsCommand']).toBe(3);

    const after = await account(customerId);
    expect(after?.version).toBe(3);
    expect(Object.keys(after!.state.payments).sort()).toEqual([`pay-a-${run}`, `pay-b-${run}`]);
    await drain(p);
    expect((await capturedEmails()).filter((m) => m.destination.to.includes(`race-${run}@example.com`))).toHaveLength(2);
  });
});
