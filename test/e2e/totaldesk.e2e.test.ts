/**
 * TotalDesk (001) from activation to deletion, through the real queues, handlers, DynamoDB and
 * SES, with the simulated clock moved by POST /dev/clock. The dates and amounts are the ones
 * worked out by hand in domain/timelines.unit.test.ts: here they must come out of the pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { count, E2ELife, money, suspendedFor, tag } from './helpers.js';

describe('totaldesk end to end: three seats, arrears, suspension, reactivation, dissolution, deletion', () => {
  let p: Pipeline;
  let life: E2ELife;
  const t = tag();
  const cus = `cus_td_${t}`;
  const sub = `sub_td_${t}`;
  const email = `finance-${t}@devries.example`;
  const inv = (n: number) => `${cus}-${String(n).padStart(4, '0')}`;

  beforeAll(async () => {
    p = await startPipeline({ start: '2026-02-01T09:00:00+01:00' });
    life = new E2ELife(p);
  });
  afterAll(async () => p?.stop());

  it('lives the whole contract', async () => {
    await life.send('reseller.created', { resellerId: `res_${t}`, name: 'Reseller', email: `partner-${t}@reseller.example` }, '2026-02-01T09:00:00+01:00');
    await life.send('customer.created', { customerId: cus, kind: 'business', name: 'Bakkerij De Vries B.V.', email, language: 'nl', resellerId: `res_${t}`, directDebit: true }, '2026-02-01T09:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'totaldesk', plan: { name: 'Online werkplek', priceCents: 5000, period: 'month' }, seats: 3 }, '2026-02-01T09:00:00+01:00');
    await life.send('subscription.activated', { subscriptionId: sub }, '2026-02-01T09:00:00+01:00');

    // 3 × €50 = €150 net + €31.50 VAT = €181.50, due 14 days later; access granted for three seats.
    expect(money(await life.invoice(cus, inv(1)))).toEqual({ net: 15000, vat: 3150, total: 18150, paid: 0 });
    expect((await life.invoice(cus, inv(1))).dueOn).toBe('2026-02-15');
    expect(await life.accessLog(sub)).toEqual(['access.restored:reactivated:3']);

    // Pays February and March, then stops.
    await life.send('payment.succeeded', { paymentId: `pay_feb_${t}`, customerId: cus, amountCents: 18150, method: 'direct_debit' }, '2026-02-10T10:00:00+01:00');
    await life.send('payment.succeeded', { paymentId: `pay_mar_${t}`, customerId: cus, amountCents: 18150, method: 'direct_debit' }, '2026-03-10T10:00:00+01:00');
    expect((await life.invoice(cus, inv(2))).paidCents).toBe(18150);

    // April's invoice (04-01, due 04-15): the reminder goes out on 04-16, once.
    await life.tickTo('2026-04-15');
    expect(count(await life.subjects(email), (s) => s.startsWith('Herinnering'))).toBe(0);
    await life.tickTo('2026-04-16');
    expect((await life.invoice(cus, inv(3))).issuedOn).toBe('2026-04-01');
    expect(await life.subjects(email)).toContain(`Herinnering: factuur ${(await life.invoice(cus, inv(3))).number} is nog niet betaald`);

    // Suspended exactly the day after invoice date + 2 months: not on 06-01, on 06-02.
    await life.tickTo('2026-06-01');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual([]);
    await life.tickTo('2026-06-02');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual(['arrears']);
    expect((await life.audit(sub)).filter((e) => e.type === 'SubscriptionSuspended').map((e) => e.at)).toEqual(['2026-06-01T22:00:00.000Z']);
    expect((await life.accessLog(sub)).at(-1)).toBe('access.revoked:arrears:3');
    expect(count(await life.subjects(email), (s) => s === 'Uw dienst is opgeschort')).toBe(1);

    // Pays everything outstanding (3 × €181.50): access back, reactivation fee 3 × €25 + VAT = €90.75.
    await life.send('payment.succeeded', { paymentId: `pay_all_${t}`, customerId: cus, amountCents: 54450, method: 'bank_transfer' }, '2026-06-10T10:00:00+02:00');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual([]);
    expect((await life.accessLog(sub)).at(-1)).toBe('access.restored:reactivated:3');
    const fee = await life.invoice(cus, inv(6));
    expect(fee.lines.map((l) => l.kind)).toEqual(['reactivation']);
    expect(money(fee)).toEqual({ net: 7500, vat: 1575, total: 9075, paid: 0 });
    expect(count(await life.subjects(email), (s) => s === 'Uw dienst is weer actief')).toBe(1);

    // Stops again: suspended on 08-11 (fee invoice 06-10 + 2 months + 1 day).
    await life.tickTo('2026-08-10');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual([]);
    await life.tickTo('2026-08-11');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual(['arrears']);

    // Dissolution proposed on 10-11 (more than 4 months), confirmed by the provider on 10-12.
    await life.tickTo('2026-10-10');
    expect((await life.audit(sub)).filter((e) => e.type === 'DissolutionProposed')).toEqual([]);
    await life.tickTo('2026-10-11');
    expect((await life.audit(sub)).filter((e) => e.type === 'DissolutionProposed').map((e) => e.rule)).toEqual(['R-DISS-01']);
    await life.send('subscription.dissolution_confirmed', { subscriptionId: sub }, '2026-10-12T10:00:00+02:00');
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'ended', endedOn: '2026-10-12', endReason: 'dissolved', exportWindowEndsOn: '2026-11-10' });
    expect((await life.accessLog(sub)).at(-1)).toBe('access.revoked:ended:3');
    expect(money(await life.invoice(cus, inv(11)))).toEqual({ net: 15000, vat: 3150, total: 18150, paid: 0 });
    expect(money(await life.invoice(cus, inv(12)))).toEqual({ net: 10694, vat: 0, total: 10694, paid: 0 });
    expect(count(await life.subjects(email), (s) => s === 'Uw overeenkomst is ontbonden')).toBe(1);

    // Deletion after the export window (last day 11-10): requested on 11-11, confirmed 11-12.
    await life.tickTo('2026-11-10');
    expect((await life.accessLog(sub)).filter((a) => a.startsWith('data.delete'))).toEqual([]);
    await life.tickTo('2026-11-11');
    expect((await life.accessLog(sub)).filter((a) => a.startsWith('data.delete')).sort()).toEqual(['data.delete:hosted-data-and-backups', 'data.delete:personal-data']);
    await life.send('data.deleted', { subscriptionId: sub }, '2026-11-12T09:00:00+01:00');
    const gone = await life.sub(cus, sub);
    expect(gone.status === 'ended' && gone.dataDeletion?.confirmedAt).toBe('2026-11-12T08:00:00.000Z');
    expect(count(await life.subjects(email), (s) => s === 'Uw gegevens zijn verwijderd')).toBe(1);

    // Every e-mail and every access change happened once.
    const mails = await p.emailsTo(email);
    const distinct = new Set(mails.map((m) => `${m.subject}\n${m.body.text ?? m.body.html ?? ''}`));
    expect(distinct.size).toBe(mails.length);
    const access = await p.access(sub);
    expect(new Set(access.map((a) => a.key)).size).toBe(access.length);
    expect(await p.queueDepth('subscription-events-dlq')).toBe(0);
    expect(await p.queueDepth('payment-events-dlq')).toBe(0);
    expect(await p.queueDepth('outbox-dlq')).toBe(0);
  });
});
