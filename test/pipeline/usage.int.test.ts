/**
 * R-BILL-03 through the real pipeline: usage.recorded goes on subscription-events, is counted once
 * however often it is delivered, an unknown metric is refused with its reason, and the due tick of
 * 1 April puts March's usage above the allowance on the into-telecom invoice (004 art. 22.1, 29.1).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAccount } from '../../adapters/account-codec.js';
import { stack } from '../support/stack.js';
import { drain, pipeline, sendEvent, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline({ now: '2026-03-01T09:00:00.000Z' });
});
afterAll(() => p.clients.destroy());

async function account(customerId: string) {
  const { Item } = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `CUST#${customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
  return decodeAccount(customerId, Item as { state: Uint8Array });
}

describe('usage on subscription-events (R-BILL-03)', () => {
  it('counts a duplicated usage event once and bills 120 GB above 500 at €0.25 on 1 April', async () => {
    const run = randomUUID().slice(0, 8);
    const cus = `c-${run}`;
    const sub = `s-${run}`;
    const ev = (id: string, type: string, occurredAt: string, data: unknown) => ({ id: `${id}-${run}`, type, occurredAt, data });
    await sendEvent(p, 'subscription-events', ev('cc', 'customer.created', '2026-03-01T09:00:00.000Z', { customerId: cus, kind: 'business', name: 'Belbureau Vink B.V.', email: `vink-${run}@example.com`, language: 'nl', resellerId: 'demo-reseller', directDebit: true }));
    await drain(p);
    await sendEvent(p, 'subscription-events', ev('sc', 'subscription.created', '2026-03-01T09:00:00.000Z', { subscriptionId: sub, customerId: cus, termsId: 'into-telecom', plan: { name: 'Zakelijk', priceCents: 5000, period: 'month' }, seats: 1 }));
    await drain(p);

    p.clock.current = '2026-03-20T09:00:00.000Z';
    const first = ev('u1', 'usage.recorded', '2026-03-15T08:00:00.000Z', { subscriptionId: sub, metric: 'data-gb', quantity: 400 });
    const second = ev('u2', 'usage.recorded', '2026-03-20T08:00:00.000Z', { subscriptionId: sub, metric: 'data-gb', quantity: 220, period: '2026-03' });
    const unknown = ev('u3', 'usage.recorded', '2026-03-20T08:00:00.000Z', { subscriptionId: sub, metric: 'voice-min', quantity: 10 });
    await sendEvent(p, 'subscription-events', first);
    await sendEvent(p, 'subscription-events', second);
    await sendEvent(p, 'subscription-events', first);
    await sendEvent(p, 'subscription-events', unknown);
    await drain(p);
    await sendEvent(p, 'subscription-events', second);
    await drain(p);
    const before = await account(cus);
    expect(before.subscriptions[sub]).toMatchObject({ usage: [{ period: '2026-03', metric: 'data-gb', quantity: 620, billedQuantity: 0 }] });

    p.clock.current = '2026-04-01T09:00:00.000Z';
    await sendEvent(p, 'subscription-events', ev('due', 'subscription.due', '2026-04-01T09:00:00.000Z', { customerId: cus }));
    await drain(p);
    const after = await account(cus);
    const april = Object.values(after.invoices).filter((i) => i.subscriptionId === sub && i.issuedOn === '2026-04-01');
    expect(april).toHaveLength(1);
    // April in advance €50.00; March: 120 × €0.25 = €30.00; VAT 21 % of €80.00 = €16.80.
    expect(april[0]!.lines.map((l) => [l.kind, l.quantity, l.netCents, l.vatCents, l.rule])).toEqual([
      ['subscription', 1, 5000, 1050, 'R-START-02'],
      ['usage', 120, 3000, 630, 'R-BILL-03'],
    ]);
    expect(april[0]).toMatchObject({ netCents: 8000, vatCents: 1680, totalCents: 9680 });
    expect(after.subscriptions[sub]).toMatchObject({ usage: [{ period: '2026-03', metric: 'data-gb', quantity: 620, billedQuantity: 620 }] });
  }, 60_000);
});
