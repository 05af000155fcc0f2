/**
 * R-BILL-02 through the real pipeline: subscription.plan_changed and subscription.seats_changed go
 * on subscription-events, are decided once however often they are delivered, and a prorated seat
 * change in an in-arrears month (003) splits that month's invoice, sent on the 1st by the due tick.
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

describe('plan and seat changes on subscription-events (R-BILL-02)', () => {
  it('decides each once, schedules a later plan and splits March where the seats changed', async () => {
    const run = randomUUID().slice(0, 8);
    const cus = `c-${run}`;
    const sub = `s-${run}`;
    const ev = (id: string, type: string, occurredAt: string, data: unknown) => ({ id: `${id}-${run}`, type, occurredAt, data });
    await sendEvent(p, 'subscription-events', ev('cc', 'customer.created', '2026-03-01T09:00:00.000Z', { customerId: cus, kind: 'business', name: 'Webshop Tulp B.V.', email: `tulp-${run}@example.com`, language: 'nl', resellerId: 'demo-reseller', directDebit: true }));
    await drain(p);
    await sendEvent(p, 'subscription-events', ev('sc', 'subscription.created', '2026-03-01T09:00:00.000Z', { subscriptionId: sub, customerId: cus, termsId: 'total-internet-group', plan: { name: 'Hosting', priceCents: 10000, period: 'month' }, seats: 1 }));
    await drain(p);

    p.clock.current = '2026-03-11T09:00:00.000Z';
    const seats = ev('seats', 'subscription.seats_changed', '2026-03-11T08:00:00.000Z', { subscriptionId: sub, seats: 3 });
    const plan = ev('plan', 'subscription.plan_changed', '2026-03-11T08:30:00.000Z', { subscriptionId: sub, plan: { name: 'Hosting Pro', priceCents: 20000, period: 'month' }, effectiveAt: '2026-04-01' });
    for (let i = 0; i < 2; i++) await sendEvent(p, 'subscription-events', seats);
    await sendEvent(p, 'subscription-events', plan);
    await sendEvent(p, 'subscription-events', plan);
    await drain(p);
    const before = await account(cus);
    expect(before.subscriptions[sub]).toMatchObject({ seats: 3, plan: { name: 'Hosting' }, changes: [
      { effectiveOn: '2026-03-11', from: { seats: 1 }, to: { seats: 3 }, prorated: true },
      { effectiveOn: '2026-04-01', from: null, to: { plan: { name: 'Hosting Pro' }, seats: 3 } },
    ] });

    // The due tick of 1 April: the plan change first, then March in arrears, split on 11 March:
    // €100 × 10/31 = €32.26 for 1 seat and €300 × 21/31 = €203.23 for 3.
    p.clock.current = '2026-04-01T09:00:00.000Z';
    await sendEvent(p, 'subscription-events', ev('due', 'subscription.due', '2026-04-01T09:00:00.000Z', { customerId: cus }));
    await drain(p);
    const after = await account(cus);
    expect(after.subscriptions[sub]).toMatchObject({ plan: { name: 'Hosting Pro', priceCents: 20000 }, changes: [] });
    const march = Object.values(after.invoices).filter((i) => i.subscriptionId === sub);
    expect(march).toHaveLength(1);
    expect(march[0]!.lines.map((l) => [l.description.split(',')[0], l.quantity, l.netCents, l.rule])).toEqual([
      ['Hosting', 1, 3226, 'R-BILL-02'],
      ['Hosting', 3, 20323, 'R-BILL-02'],
    ]);
  }, 60_000);
});
