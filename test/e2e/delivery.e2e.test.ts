/**
 * At-least-once in, exactly-once effect, end to end: the same event delivered three times (in one
 * batch and again later), events arriving in the wrong order, and a batch with bad messages in it
 * (each ends in the dead-letter queue with a readable reason while the valid ones succeed).
 */
import { describe, expect, it } from 'vitest';
import { at, count, type E2ELife, event, pipelinePerTest, suspendedFor, tag } from './helpers.js';

const begin = pipelinePerTest();

/** A totaldesk customer with three seats, suspended for arrears on 06-02 (invoices 0003–0005 open). */
async function suspendedTotaldesk(life: E2ELife, t: string) {
  const cus = `cus_${t}`;
  const sub = `sub_${t}`;
  const email = `finance-${t}@devries.example`;
  await life.send('customer.created', { customerId: cus, kind: 'business', name: 'De Vries', email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, '2026-04-01T09:00:00+02:00');
  await life.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 3 }, '2026-04-01T09:00:00+02:00');
  await life.send('subscription.activated', { subscriptionId: sub }, '2026-04-01T09:00:00+02:00');
  await life.tickTo('2026-06-02');
  expect(suspendedFor(await life.sub(cus, sub))).toEqual(['arrears']);
  return { cus, sub, email };
}

describe('the same event three times', () => {
  it('pays once, restores access once, issues one fee invoice and sends one e-mail of each', async () => {
    const life = await begin({ start: '2026-04-01T09:00:00+02:00' });
    const { p } = life;
    const t = tag();
    const { cus, sub, email } = await suspendedTotaldesk(life, t);
    const before = await life.subjects(email);

    // Three copies: two in the same batch (handled concurrently), one after the first was processed.
    await life.tickTo('2026-06-10T10:00:00+02:00');
    const payment = event('payment.succeeded', { paymentId: `pay_${t}`, customerId: cus, amountCents: 3 * 18150, method: 'bank_transfer' }, '2026-06-10T10:00:00+02:00');
    await p.sendRaw('payment-events', [JSON.stringify(payment), JSON.stringify(payment)]);
    await p.drain();
    await p.send(payment);
    await p.drain();

    const account = await life.account(cus);
    expect(Object.keys(account.payments)).toEqual([`pay_${t}`]);
    expect(suspendedFor(account.subscriptions[sub]!)).toEqual([]);
    const fees = Object.values(account.invoices).filter((i) => i.lines.some((l) => l.kind === 'reactivation'));
    expect(fees).toHaveLength(1);
    expect((await life.accessLog(sub)).filter((a) => a.startsWith('access.restored'))).toHaveLength(2); // activation, reactivation
    const after = (await life.subjects(email)).slice(before.length);
    expect(count(after, (s) => s === 'Uw dienst is weer actief')).toBe(1);
    expect(count(after, (s) => s.startsWith('Factuur'))).toBe(1); // the fee invoice
    expect((await p.query(`CUST#${cus}`, 'EVT#')).filter((m) => m.sk === `EVT#${payment.id}`)).toHaveLength(1);
  });
});

describe('events out of order', () => {
  it('ends as if they had come in order: activation before creation, creation before the customer', async () => {
    const life = await begin({ start: '2026-02-01T09:00:00+01:00' });
    const { p } = life;
    const t = tag();
    const cus = `cus_${t}`;
    const sub = `sub_${t}`;
    const email = `ops-${t}@example.test`;
    const when = '2026-02-01T09:00:00+01:00';
    // Reversed on the queue: each is parked until what it refers to exists, then re-driven.
    await p.send(
      event('subscription.activated', { subscriptionId: sub }, when),
      event('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'totaldesk', plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats: 2 }, when),
      event('customer.created', { customerId: cus, kind: 'business', name: 'Ops B.V.', email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, when),
    );
    await p.drain();
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'live', activatedOn: '2026-02-01', seats: 2 });
    expect(Object.keys((await life.account(cus)).invoices)).toEqual([`${cus}-0001`]);
    expect(await life.accessLog(sub)).toEqual(['access.restored:reactivated:2']);
    expect(count(await life.subjects(email), (s) => s.startsWith('Factuur'))).toBe(1);

    // Two payments delivered newest first: the allocation is by occurredAt, not by arrival.
    await life.tickTo('2026-03-20');
    const late = event('payment.succeeded', { paymentId: `p2_${t}`, customerId: cus, amountCents: 12100, method: 'direct_debit' }, '2026-03-15T10:00:00+01:00');
    const early = event('payment.succeeded', { paymentId: `p1_${t}`, customerId: cus, amountCents: 12100, method: 'direct_debit' }, '2026-02-10T10:00:00+01:00');
    await p.send(late);
    await p.drain();
    await p.send(early);
    await p.drain();
    const invoices = (await life.account(cus)).invoices;
    expect([invoices[`${cus}-0001`]!.paidCents, invoices[`${cus}-0002`]!.paidCents]).toEqual([12100, 12100]);
    expect(await p.queueDepth('subscription-events-dlq')).toBe(0);
  });
});

describe('a batch with bad messages', () => {
  it('dead-letters each hopeless one at once with a readable reason, parks the early one, and applies the valid ones of the same batch', async () => {
    const { p } = await begin({ start: '2026-02-01T09:00:00+01:00', visibilityTimeoutSeconds: 1 });
    const t = tag();
    const when = at('2026-02-01T09:00:00+01:00');
    const good = (n: number) =>
      JSON.stringify({ id: `ok_${t}_${n}`, type: 'customer.created', occurredAt: when, data: { customerId: `cus_${t}_${n}`, kind: 'business', name: `Klant ${n}`, email: `k${n}-${t}@example.test`, resellerId: 'demo-reseller', directDebit: false } });
    const bodies = [
      good(1),
      '{"id": "broken", ',
      JSON.stringify({ id: `unk_${t}`, type: 'subscription.teleported', occurredAt: when, data: {} }),
      JSON.stringify({ id: `inv_${t}`, type: 'subscription.created', occurredAt: when, data: { subscriptionId: `s_${t}`, customerId: `cus_${t}_1`, termsId: 'totaldesk', plan: { name: 'x', priceCents: -5, period: 'week' }, seats: 0 } }),
      JSON.stringify({ id: `ghost_${t}`, type: 'subscription.activated', occurredAt: when, data: { subscriptionId: `nobody_${t}` } }),
      good(2),
    ];
    const ids = await p.sendRaw('subscription-events', bodies);
    const drained = await p.drain();
    expect(drained.processed).toBeGreaterThanOrEqual(2);

    // The valid ones landed.
    expect((await p.account(`cus_${t}_1`))?.state.customer.name).toBe('Klant 1');
    expect((await p.account(`cus_${t}_2`))?.state.customer.name).toBe('Klant 2');

    // Three in the DLQ at once (nothing can cure them); the unknown subscription is parked, not retried.
    const dlq = await p.dlq('subscription-events');
    // (A redelivery racing the first delete can dead-letter a second copy; replaying both is harmless.)
    expect([...new Set(dlq.map((m) => m.Body))].sort()).toEqual([bodies[1], bodies[2], bodies[3]].sort());
    const reasons = await Promise.all([1, 2, 3].map((i) => p.item('DLQ#subscription-events', ids[i]!)));
    expect(reasons.map((r) => r?.code)).toEqual(['message.malformed_json', 'event.unknown_type', 'event.invalid']);
    expect(reasons[2]?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('plan') })]));
    expect(await p.item(`PARK#subscription:nobody_${t}`, `ghost_${t}`)).toMatchObject({ code: 'subscription.unknown', expired: false });
    // Rejected at once: the reason also rides on the DLQ message itself.
    const rejected = dlq.find((m) => m.Body === bodies[2])!;
    expect(rejected.MessageAttributes?.['looptijd.reason']?.StringValue).toContain('event.unknown_type');
  });
});
