/**
 * A shorter life for each of the other four presets, end to end (queues → runner → handlers →
 * DynamoDB → outbox → SES / access events), the clock moved by POST /dev/clock. Figures as worked
 * out by hand in domain/timelines.unit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { count, money, pipelinePerTest, suspendedFor, tag } from './helpers.js';

const begin = pipelinePerTest();

describe('total-progress (000), a consumer: pending until paid, then suspended when the prepaid year is overdue', () => {
  it('starts on payment, invoices the second year, suspends and restores access once', async () => {
    const life = await begin({ start: '2026-01-15T10:00:00+01:00' });
    const t = tag();
    const cus = `cus_tp_${t}`;
    const sub = `sub_tp_${t}`;
    const email = `anna-${t}@example.nl`;
    await life.send('customer.created', { customerId: cus, kind: 'consumer', name: 'Anna Jansen', email, language: 'nl', resellerId: 'demo-reseller', directDebit: false }, '2026-01-15T10:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'total-progress', plan: { name: 'Onderhoudsplan', priceCents: 60000, period: 'year' }, seats: 1 }, '2026-01-15T10:00:00+01:00');
    // €600 incl. VAT → €495.87 + €104.13, due 01-23; pending until paid, no access yet.
    expect(money(await life.invoice(cus, `${cus}-0001`))).toEqual({ net: 49587, vat: 10413, total: 60000, paid: 0 });
    await life.tickTo('2026-01-19');
    expect((await life.sub(cus, sub)).status).toBe('pending');
    expect(await life.accessLog(sub)).toEqual([]);

    await life.send('payment.succeeded', { paymentId: `p1_${t}`, customerId: cus, amountCents: 60000, method: 'ideal' }, '2026-01-20T12:00:00+01:00');
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'live', activatedOn: '2026-01-20', term: { start: '2026-01-20', end: '2027-01-20' } });
    expect(await life.accessLog(sub)).toEqual(['access.restored:reactivated:1']);

    // A year on: the second year invoiced 2027-01-20, unpaid → suspended and reminded on 01-29.
    await life.tickTo('2027-01-28');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual([]);
    await life.tickTo('2027-01-29');
    expect(suspendedFor(await life.sub(cus, sub))).toEqual(['arrears']);
    expect(await life.accessLog(sub)).toEqual(['access.restored:reactivated:1', 'access.revoked:arrears:1']);
    const subjects = await life.subjects(email);
    expect(count(subjects, (s) => s.startsWith('Herinnering'))).toBe(1);
    expect(count(subjects, (s) => s === 'Uw dienst is opgeschort')).toBe(1);
    expect(count(subjects, (s) => s.startsWith('Factuur'))).toBe(2);
  });
});

describe('computerstudent (002), a business: in arrears by calendar month, default the day after due, €40 minimum costs, ends on the first', () => {
  it('bills 10–31 March pro rata, defaults, charges the statutory minimum, ends on 08-01 with July whole', async () => {
    const life = await begin({ start: '2026-03-10T10:00:00+01:00' });
    const t = tag();
    const cus = `cus_cs_${t}`;
    const sub = `sub_cs_${t}`;
    const email = `office-${t}@kapsalon.example`;
    await life.send('customer.created', { customerId: cus, kind: 'business', name: 'Kapsalon Knip', email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, '2026-03-10T10:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'computerstudent', plan: { name: 'IT-support', priceCents: 4000, period: 'month' }, seats: 1 }, '2026-03-10T10:00:00+01:00');
    // R-BILL-01: 10–31 March, 22/31 × €40 = €28.39 + €5.96 VAT = €34.35, invoiced 04-01, due 04-15.
    await life.send('payment.succeeded', { paymentId: `p1_${t}`, customerId: cus, amountCents: 3435, method: 'ideal' }, '2026-04-15T12:00:00+02:00');
    expect(await life.invoice(cus, `${cus}-0001`)).toMatchObject({ issuedOn: '2026-04-01', dueOn: '2026-04-15', totalCents: 3435, paidCents: 3435 });

    // April whole (05-01, €48.40, due 05-15) stays unpaid: default 05-16.
    await life.tickTo('2026-05-15');
    expect((await life.audit(sub)).filter((e) => e.type === 'CustomerInDefault')).toEqual([]);
    await life.tickTo('2026-05-16');
    const account = await life.account(cus);
    const costs = Object.values(account.invoices).find((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    expect(costs?.totalCents).toBe(4000);
    expect(suspendedFor(await life.sub(cus, sub))).toEqual([]);

    await life.send('cancellation.requested', { subscriptionId: sub, channel: 'email' }, '2026-06-15T12:00:00+02:00');
    expect(await life.sub(cus, sub)).toMatchObject({ cancellation: { endsOn: '2026-08-01' } });
    expect(count(await life.subjects(email), (s) => s === 'Bevestiging van uw opzegging')).toBe(1);
    await life.tickTo('2026-08-01');
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'ended', endedOn: '2026-08-01' });
    const last = Object.values((await life.account(cus)).invoices).filter((i) => i.category === 'principal').sort((a, b) => a.id.localeCompare(b.id)).at(-1)!;
    // The end on the first of a month is a period boundary: July whole, €40 + €8.40.
    expect(last.lines[0]).toMatchObject({ period: { start: '2026-07-01', end: '2026-08-01' } });
    expect(money(last)).toEqual({ net: 4000, vat: 840, total: 4840, paid: 0 });
  });
});

describe('total-internet-group (003): calendar months in arrears, penalty on default, a refused phone cancellation, ends on the first of a month', () => {
  it('bills 15–31 January on 1 February, refuses by phone with the rule, accepts by e-mail and ends on 10-01', async () => {
    const life = await begin({ start: '2026-01-15T10:00:00+01:00' });
    const t = tag();
    const cus = `cus_tig_${t}`;
    const sub = `sub_tig_${t}`;
    const email = `books-${t}@tulp.example`;
    await life.send('customer.created', { customerId: cus, kind: 'business', name: 'Webshop Tulp B.V.', email, language: 'nl', resellerId: 'demo-reseller', directDebit: false }, '2026-01-15T10:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'total-internet-group', plan: { name: 'Hosting', priceCents: 20000, period: 'month' }, seats: 1 }, '2026-01-15T10:00:00+01:00');
    // Art. 18.3 (R-BILL-01): 15–31 January = 17/31 × €200 = €109.68 + €23.03 VAT = €132.71, due 03-03.
    await life.tickTo('2026-02-01');
    expect(await life.invoice(cus, `${cus}-0001`)).toMatchObject({ issuedOn: '2026-02-01', dueOn: '2026-03-03', netCents: 10968, totalCents: 13271 });
    // Default 03-04: 15% × €132.71 = €19.91 < €75 → €75 (0002 is February, issued 03-01).
    await life.tickTo('2026-03-04');
    expect(money(await life.invoice(cus, `${cus}-0003`))).toEqual({ net: 7500, vat: 0, total: 7500, paid: 0 });
    // €75 + €132.71 + €242 (February) = €449.71.
    await life.send('payment.succeeded', { paymentId: `p1_${t}`, customerId: cus, amountCents: 44971, method: 'bank_transfer' }, '2026-03-10T12:00:00+01:00');
    expect((await life.invoice(cus, `${cus}-0002`)).paidCents).toBe(24200);

    await life.send('cancellation.requested', { subscriptionId: sub, channel: 'phone' }, '2026-07-10T12:00:00+02:00');
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'live', cancellation: null });
    expect(count(await life.subjects(email), (s) => s === 'Uw opzegging kan niet worden verwerkt')).toBe(1);
    expect((await life.audit(sub)).some((e) => e.rule === 'R-NOTICE-04')).toBe(true);
    await life.send('cancellation.requested', { subscriptionId: sub, channel: 'email' }, '2026-07-10T13:00:00+02:00');
    expect(await life.sub(cus, sub)).toMatchObject({ cancellation: { endsOn: '2026-10-01' } });
    await life.tickTo('2026-09-30');
    expect((await life.sub(cus, sub)).status).toBe('live');
    await life.tickTo('2026-10-01');
    expect(await life.sub(cus, sub)).toMatchObject({ status: 'ended', endedOn: '2026-10-01' });
  });
});

describe('into-telecom (004): one overdue invoice suspends every subscription of the customer', () => {
  it('revokes both, charges €250 costs, restores both on full payment', async () => {
    const life = await begin({ start: '2026-01-01T10:00:00+01:00' });
    const t = tag();
    const cus = `cus_it_${t}`;
    const [voip, internet] = [`sub_v_${t}`, `sub_i_${t}`];
    const email = `admin-${t}@visser.example`;
    await life.send('customer.created', { customerId: cus, kind: 'business', name: 'Transport Visser', email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, '2026-01-01T10:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: voip, customerId: cus, termsId: 'into-telecom', plan: { name: 'VoIP', priceCents: 3000, period: 'month' }, seats: 1 }, '2026-01-01T10:00:00+01:00');
    await life.send('subscription.created', { subscriptionId: internet, customerId: cus, termsId: 'into-telecom', plan: { name: 'Internet', priceCents: 2000, period: 'month' }, seats: 1 }, '2026-01-01T10:00:00+01:00');
    await life.send('payment.succeeded', { paymentId: `p1_${t}`, customerId: cus, amountCents: 3630, method: 'direct_debit', invoiceId: `${cus}-0001` }, '2026-01-10T12:00:00+01:00');

    await life.tickTo('2026-01-15');
    expect([suspendedFor(await life.sub(cus, voip)), suspendedFor(await life.sub(cus, internet))]).toEqual([[], []]);
    await life.tickTo('2026-01-16');
    expect([suspendedFor(await life.sub(cus, voip)), suspendedFor(await life.sub(cus, internet))]).toEqual([['arrears'], ['arrears']]);
    expect((await life.accessLog(voip)).at(-1)).toBe('access.revoked:arrears:1');
    expect((await life.accessLog(internet)).at(-1)).toBe('access.revoked:arrears:1');
    const costs = Object.values((await life.account(cus)).invoices).find((i) => i.lines.some((l) => l.kind === 'collection-costs'));
    expect(costs?.totalCents).toBe(25000);

    await life.send('payment.succeeded', { paymentId: `p2_${t}`, customerId: cus, amountCents: 27420, method: 'bank_transfer' }, '2026-01-20T12:00:00+01:00');
    expect([suspendedFor(await life.sub(cus, voip)), suspendedFor(await life.sub(cus, internet))]).toEqual([[], []]);
    expect((await life.accessLog(voip)).at(-1)).toBe('access.restored:reactivated:1');
    expect((await life.accessLog(internet)).at(-1)).toBe('access.restored:reactivated:1');
    expect(count(await life.subjects(email), (s) => s === 'Uw dienst is opgeschort')).toBeGreaterThanOrEqual(1);
  });
});
