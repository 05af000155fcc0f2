/**
 * The whole-life stories of domain/timelines.unit.test.ts for total-progress (000),
 * computerstudent (002), total-internet-group (003) and into-telecom (004), end to end: events on
 * the real queues, the runner's handlers, DynamoDB, the outbox, the local SES and the recorded
 * access events, the simulated clock jumped to the story's key dates by POST /dev/clock.
 * (totaldesk, 001, is test/e2e/totaldesk.e2e.test.ts.)
 *
 * The dates and amounts are the ones worked out by hand in the domain timelines, comments
 * included: here they must come out of the pipeline. Besides the hand-worked figures, every story
 * keeps the domain's own decision of the same life (`Twin.mirror`, the same events at the same
 * instants and the same clock moves) and checks that the local SES captured exactly the e-mails
 * the domain decided for the customer, each once, rendered in the customer's language.
 *
 * Every story has a pipeline of its own (its own table, queues, runner and clock), so the stories
 * run concurrently: each spends most of its time waiting for the queues.
 */
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../domain/calendar.js';
import type { Effect, IncomingEvent, Invoice } from '../../domain/index.js';
import { renderEmail } from '../../templates/index.js';
import { Life } from '../support/life.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { count, E2ELife, money, suspendedFor, tag } from './helpers.js';

type Data<T extends IncomingEvent['type']> = Extract<IncomingEvent, { type: T }>['data'];

/** A story's pipeline and, beside it, the domain deciding the same life. */
class Twin {
  readonly mirror: Life;
  constructor(readonly life: E2ELife, start: string, readonly customerId: string, readonly email: string, readonly subscriptions: readonly string[]) {
    this.mirror = new Life(start);
  }

  get p(): Pipeline {
    return this.life.p;
  }

  async send<T extends IncomingEvent['type']>(type: T, data: Data<T>, when: string): Promise<void> {
    // E2ELife.send moves the clock (sweep) before it sends; the mirror does the same.
    if (this.mirror.state !== null) this.mirror.tickTo(when);
    // (The two helpers spell the same event data type apart; TypeScript cannot relate them for a generic T.)
    this.mirror.send<T>(type, data as never, when);
    await this.life.send<T>(type, data as never, when);
  }

  async tickTo(when: string): Promise<void> {
    this.mirror.tickTo(when);
    await this.life.tickTo(when);
  }

  /** Local days on which audit events of `type` were stored (the customer's and its subscriptions'). */
  async days(type: string, subscriptionId?: string): Promise<string[]> {
    const owners = subscriptionId !== undefined ? [`SUB#${subscriptionId}`] : [`CUST#${this.customerId}`, ...this.subscriptions.map((s) => `SUB#${s}`)];
    const items = (await Promise.all(owners.map((pk) => this.p.query(pk, 'AUDIT#')))).flat();
    return items.filter((i) => i.type === type).map((i) => String(i.at)).sort().map(localDateOf);
  }

  /** Stored audit events of `type` (with their data), oldest first. */
  async events(type: string): Promise<Array<{ at: string; rule: string | null; subscriptionId: string | null; data: Record<string, unknown> }>> {
    const owners = [`CUST#${this.customerId}`, ...this.subscriptions.map((s) => `SUB#${s}`)];
    const items = (await Promise.all(owners.map((pk) => this.p.query(pk, 'AUDIT#')))).flat();
    return items
      .filter((i) => i.type === type)
      .map((i) => ({ at: String(i.at), rule: (i.rule as string | null) ?? null, subscriptionId: (i.subscriptionId as string | null) ?? null, data: (typeof i.data === 'string' ? JSON.parse(i.data) : i.data ?? {}) as Record<string, unknown> }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async invoices(): Promise<Invoice[]> {
    return Object.values((await this.life.account(this.customerId)).invoices).sort((a, b) => a.id.localeCompare(b.id));
  }

  async subjects(): Promise<string[]> {
    return this.life.subjects(this.email);
  }

  /** The legal number an invoice's documents and mails show (R-INV-01): one series over every test's invoices, so looked up. */
  async number(invoiceId: string): Promise<string> {
    return (await this.life.invoice(this.customerId, invoiceId)).number;
  }

  /**
   * The e-mails captured for the customer and the ones the domain decided (effects deduplicated by
   * key, rendered as the outbox renders them), both as sorted `subject\ntext`.
   */
  async mails(): Promise<{ captured: string[]; decided: string[] }> {
    const captured = (await this.p.emailsTo(this.email)).map((m) => `${m.subject}\n${m.body.text ?? ''}`.trimEnd()).sort();
    const byKey = new Map<string, Extract<Effect, { kind: 'email' }>>();
    for (const e of this.mirror.emails()) if (e.to === this.email) byKey.set(e.key, e);
    const decided = [...byKey.values()].map((e) => renderEmail(e.template, e.language, e.facts)).map((r) => `${r.subject}\n${r.text}`.trimEnd()).sort();
    return { captured, decided };
  }

  /** Nothing dead-lettered along the way. */
  async dlqDepths(): Promise<number[]> {
    return Promise.all((['subscription-events-dlq', 'payment-events-dlq', 'outbox-dlq'] as const).map((q) => this.p.queueDepth(q)));
  }
}

const once = (subjects: readonly string[], subject: string) => count(subjects, (s) => s === subject);

/** Starts a pipeline for one story, runs it, stops the pipeline. */
async function story(
  start: string,
  who: { prefix: string; email: (t: string) => string; subscriptions: number },
  body: (twin: Twin, ids: { t: string; cus: string; subs: string[]; inv: (n: number) => string }) => Promise<void>,
): Promise<void> {
  const p = await startPipeline({ start });
  try {
    const t = tag();
    const cus = `cus_${who.prefix}_${t}`;
    const subs = Array.from({ length: who.subscriptions }, (_, n) => `sub_${who.prefix}${n}_${t}`);
    const twin = new Twin(new E2ELife(p), start, cus, who.email(t), subs);
    await body(twin, { t, cus, subs, inv: (n) => `${cus}-${String(n).padStart(4, '0')}` });
    // Every e-mail the domain decided was captured once, and nothing else; nothing dead-lettered.
    const { captured, decided } = await twin.mails();
    expect(captured).toEqual(decided);
    expect(await twin.dlqDepths()).toEqual([0, 0, 0]);
    const access = (await Promise.all(subs.map((s) => p.access(s)))).flat();
    expect(new Set(access.map((a) => a.key)).size).toBe(access.length);
  } finally {
    await p.stop();
  }
}

const STORY_TIMEOUT = 120_000;

describe.concurrent('whole lives end to end, as worked out by hand in domain/timelines.unit.test.ts', () => {
  describe('total-progress (000): yearly in advance, prices incl. VAT, starts on first payment', () => {
    it('consumer: pending until paid, continues indefinitely after the first year, 14-day letter, costs capped to WIK, cancels any day', async () => {
      await story('2026-01-15T10:00:00+01:00', { prefix: 'tpc', email: (t) => `anna-${t}@example.nl`, subscriptions: 1 }, async (l, { cus, subs: [sub], inv }) => {
        await l.send('customer.created', { customerId: cus, kind: 'consumer', name: 'Anna Jansen', email: l.email, language: 'nl', resellerId: 'demo-reseller', directDebit: false }, '2026-01-15T10:00:00+01:00');
        await l.send('subscription.created', { subscriptionId: sub!, customerId: cus, termsId: 'total-progress', plan: { name: 'Onderhoudsplan', priceCents: 60000, period: 'year' }, seats: 1 }, '2026-01-15T10:00:00+01:00');
        // R-START-02: invoice at creation 2026-01-15; €600.00 incl. VAT → net 600/1.21 = 495.867… → €495.87,
        // VAT €104.13. Due after 8 days: 01-23. Not started yet (onFirstPayment).
        expect(money(await l.life.invoice(cus, inv(1)))).toEqual({ net: 49587, vat: 10413, total: 60000, paid: 0 });
        expect((await l.life.invoice(cus, inv(1))).dueOn).toBe('2026-01-23');
        expect(once(await l.subjects(), `Factuur ${await l.number(inv(1))}`)).toBe(1);
        await l.tickTo('2026-01-19');
        expect((await l.life.sub(cus, sub!)).status).toBe('pending');
        expect(await l.life.accessLog(sub!)).toEqual([]);

        // R-START-01: paid 2026-01-20 → active that day; term 2026-01-20 – 2027-01-20 (exclusive).
        await l.send('payment.succeeded', { paymentId: `p1_${cus}`, customerId: cus, amountCents: 60000, method: 'ideal' }, '2026-01-20T12:00:00+01:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', activatedOn: '2026-01-20', term: { start: '2026-01-20', end: '2027-01-20', kind: 'initial' } });
        expect(await l.life.accessLog(sub!)).toEqual(['access.restored:reactivated:1']);
        expect((await l.life.invoice(cus, inv(1))).paidCents).toBe(60000);

        // Notice deadline one month before the term end: 2026-12-20.
        await l.tickTo('2027-01-19');
        expect(await l.days('NoticeDeadline')).toEqual(['2026-12-20']);
        // R-RENEW-03 / R-LAW-02: on 2027-01-20 the consumer's contract continues indefinitely (no new year);
        // the second year is still invoiced in advance on 01-20, due 01-28.
        await l.tickTo('2027-01-20');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ term: { start: '2027-01-20', end: null, kind: 'indefinite' } });
        expect(await l.days('SubscriptionRenewed')).toEqual([]);
        expect(await l.life.invoice(cus, inv(2))).toMatchObject({ issuedOn: '2027-01-20', dueOn: '2027-01-28', totalCents: 60000, paidCents: 0 });
        expect(once(await l.subjects(), `Factuur ${await l.number(inv(2))}`)).toBe(1);

        // Unpaid. R-SUSP-01 (prepaid period overdue): reminder and suspension on 01-29.
        await l.tickTo('2027-01-28');
        expect(suspendedFor(await l.life.sub(cus, sub!))).toEqual([]);
        await l.tickTo('2027-01-29');
        expect(suspendedFor(await l.life.sub(cus, sub!))).toEqual(['arrears']);
        expect(await l.days('ReminderSent')).toEqual(['2027-01-29']);
        expect(await l.life.accessLog(sub!)).toEqual(['access.restored:reactivated:1', 'access.revoked:arrears:1']);
        let subjects = await l.subjects();
        expect(once(subjects, `Herinnering: factuur ${await l.number(inv(2))} is nog niet betaald`)).toBe(1);
        expect(once(subjects, 'Uw dienst is opgeschort')).toBe(1);

        // R-DUN-01: formal notice 14 days after the reminder (02-12); default 14 days later (02-26).
        // R-LAW-01: the 14-day letter goes out on the day of default, 02-26; assumed received 02-28;
        // 14 days from the day after receipt end 03-14 → costs from 03-15, and not one day earlier.
        await l.tickTo('2027-03-14');
        expect(await l.days('FormalNoticeSent')).toEqual(['2027-02-12']);
        expect(await l.days('CustomerInDefault')).toEqual(['2027-02-26']);
        expect(await l.days('FourteenDayLetterSent')).toEqual(['2027-02-26']);
        expect(await l.days('CollectionCostsCharged')).toEqual([]);
        subjects = await l.subjects();
        expect(once(subjects, `Ingebrekestelling: factuur ${await l.number(inv(2))}`)).toBe(1);
        expect(once(subjects, `Laatste kans om kosteloos te betalen: factuur ${await l.number(inv(2))}`)).toBe(1);
        await l.tickTo('2027-03-15');
        // Contract: 15% × €600 = €90 (≥ €25 minimum) + €5 administration = €95. WIK on €600: 15% = €90.
        // The guardrail caps €95 to €90.
        const [costs, ...more] = await l.events('CollectionCostsCharged');
        expect(more).toEqual([]);
        expect(localDateOf(costs!.at)).toBe('2027-03-15');
        expect(costs!.rule).toBe('R-LAW-01');
        expect(costs!.data['costsCents']).toBe(9000);
        expect(String(costs!.data['guardrail'])).toContain('R-LAW-01');
        expect(money(await l.life.invoice(cus, inv(3)))).toEqual({ net: 9000, vat: 0, total: 9000, paid: 0 });

        // Pays €600 + €90 on 03-25: costs first (6:44 BW), then the invoice; suspension lifts, no fee (000 has none).
        await l.send('payment.succeeded', { paymentId: `p2_${cus}`, customerId: cus, amountCents: 69000, method: 'ideal' }, '2027-03-25T12:00:00+01:00');
        expect(suspendedFor(await l.life.sub(cus, sub!))).toEqual([]);
        expect((await l.invoices()).map((i) => [i.id, i.totalCents, i.paidCents])).toEqual([[inv(1), 60000, 60000], [inv(2), 60000, 60000], [inv(3), 9000, 9000]]);
        expect(await l.life.accessLog(sub!)).toEqual(['access.restored:reactivated:1', 'access.revoked:arrears:1', 'access.restored:reactivated:1']);
        expect(once(await l.subjects(), 'Uw dienst is weer actief')).toBe(1);

        // Indefinite for a consumer: one month's notice, any day (R-LAW-02): received 04-10 → ends 05-10.
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'email' }, '2027-04-10T12:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: { endsOn: '2027-05-10' } });
        expect(once(await l.subjects(), 'Bevestiging van uw opzegging')).toBe(1);
        await l.tickTo('2027-05-09');
        expect((await l.life.sub(cus, sub!)).status).toBe('live');
        await l.tickTo('2027-05-10');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'ended', endedOn: '2027-05-10', endReason: 'cancelled' });
        // R-DATA-02/03: 000 has no export window: deletion on the end day itself.
        const log = await l.life.accessLog(sub!);
        expect(log).toContain('access.revoked:ended:1');
        expect(log.filter((a) => a.startsWith('data.delete')).sort()).toEqual(['data.delete:hosted-data-and-backups', 'data.delete:personal-data']);
        expect(await l.days('DataDeletionRequested')).toEqual(['2027-05-10']);
        expect(once(await l.subjects(), 'Uw abonnement is beëindigd')).toBe(1);
      });
    }, STORY_TIMEOUT);

    it('business: renews for the same year (R-RENEW-01) and owes the contractual costs at the formal notice', async () => {
      await story('2026-01-15T10:00:00+01:00', { prefix: 'tpb', email: (t) => `finance-${t}@devries.example`, subscriptions: 1 }, async (l, { cus, subs: [sub] }) => {
        await l.send('customer.created', { customerId: cus, kind: 'business', name: 'Bakkerij De Vries B.V.', email: l.email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, '2026-01-15T10:00:00+01:00');
        await l.send('subscription.created', { subscriptionId: sub!, customerId: cus, termsId: 'total-progress', plan: { name: 'Onderhoudsplan', priceCents: 60000, period: 'year' }, seats: 1 }, '2026-01-15T10:00:00+01:00');
        await l.send('payment.succeeded', { paymentId: `p1_${cus}`, customerId: cus, amountCents: 60000, method: 'ideal' }, '2026-01-20T12:00:00+01:00');
        await l.tickTo('2027-01-20');
        // No guardrail: the term renews 2027-01-20 – 2028-01-20.
        expect(await l.life.sub(cus, sub!)).toMatchObject({ term: { start: '2027-01-20', end: '2028-01-20', kind: 'renewal' } });
        expect(await l.days('SubscriptionRenewed')).toEqual(['2027-01-20']);
        // Formal notice 02-12 carries the costs at once: 15% × €600 = €90 + €5 = €95, no cap, no 14-day letter.
        await l.tickTo('2027-02-12');
        expect(await l.days('CollectionCostsCharged')).toEqual(['2027-02-12']);
        expect((await l.events('CollectionCostsCharged'))[0]!.data['costsCents']).toBe(9500);
        expect(await l.days('FourteenDayLetterSent')).toEqual([]);
        const costs = (await l.invoices()).filter((i) => i.lines.some((x) => x.kind === 'collection-costs'));
        expect(costs.map(money)).toEqual([{ net: 9500, vat: 0, total: 9500, paid: 0 }]);
        const subjects = await l.subjects();
        expect(count(subjects, (s) => s.startsWith('Ingebrekestelling: factuur'))).toBe(1);
        expect(count(subjects, (s) => s.startsWith('Laatste kans om kosteloos te betalen'))).toBe(0);
        // A business cancelling in the renewed year: notice must end at a term end → 2028-01-20.
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'email' }, '2027-04-10T12:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: { endsOn: '2028-01-20' } });
        expect(once(await l.subjects(), 'Bevestiging van uw opzegging')).toBe(1);
      });
    }, STORY_TIMEOUT);
  });

  describe('computerstudent (002): monthly in arrears by calendar month, ends on the first of a month', () => {
    /** Active on acceptance 2026-03-10; by calendar month (R-BILL-01) period 0 is 03-10 – 03-31,
     *  invoiced the day after: 04-01. 22/31 × €40 = €28.39 + €5.96 VAT = €34.35, due 04-15; paid 04-15. */
    const begin = async (l: Twin, cus: string, sub: string, kind: 'business' | 'consumer') => {
      await l.send('customer.created', { customerId: cus, kind, name: kind === 'business' ? 'Kapsalon Knip' : 'Anna Jansen', email: l.email, language: 'nl', resellerId: 'demo-reseller', directDebit: kind === 'business' }, '2026-03-10T10:00:00+01:00');
      await l.send('subscription.created', { subscriptionId: sub, customerId: cus, termsId: 'computerstudent', plan: { name: 'IT-support', priceCents: 4000, period: 'month' }, seats: 1 }, '2026-03-10T10:00:00+01:00');
      expect(await l.life.sub(cus, sub)).toMatchObject({ status: 'live', activatedOn: '2026-03-10' });
      await l.send('payment.succeeded', { paymentId: `p1_${cus}`, customerId: cus, amountCents: 3435, method: 'ideal' }, '2026-04-15T12:00:00+02:00');
    };

    it('business: €40 statutory minimum on default the day after due, ends 00:00 on the first of the month after notice', async () => {
      await story('2026-03-10T10:00:00+01:00', { prefix: 'csb', email: (t) => `office-${t}@kapsalon.example`, subscriptions: 1 }, async (l, { cus, subs: [sub], inv }) => {
        await begin(l, cus, sub!, 'business');
        expect(await l.life.invoice(cus, inv(1))).toMatchObject({ issuedOn: '2026-04-01', dueOn: '2026-04-15', netCents: 2839, totalCents: 3435, paidCents: 3435 });
        expect(await l.invoices()).toHaveLength(1); // nothing in advance
        expect(await l.life.accessLog(sub!)).toEqual(['access.restored:reactivated:1']);
        // April's invoice (05-01, the whole month, €48.40, due 05-15) stays unpaid: in default on 05-16
        // without notice (002 art. 12.2).
        await l.tickTo('2026-05-15');
        expect(await l.days('CustomerInDefault')).toEqual([]);
        expect(await l.life.invoice(cus, inv(2))).toMatchObject({ issuedOn: '2026-05-01', dueOn: '2026-05-15', totalCents: 4840, paidCents: 0 });
        await l.tickTo('2026-05-16');
        expect(await l.days('CustomerInDefault')).toEqual(['2026-05-16']);
        // Costs: 10% × €48.40 = €4.84, below the €40 a business owes at least (6:96 lid 4) → €40, at once.
        const [costs] = await l.events('CollectionCostsCharged');
        expect(localDateOf(costs!.at)).toBe('2026-05-16');
        expect(costs!.data['costsCents']).toBe(4000);
        expect(String(costs!.data['guardrail'])).toContain('€40');
        const costInvoice = (await l.invoices()).find((i) => i.lines.some((x) => x.kind === 'collection-costs'));
        expect(money(costInvoice!)).toEqual({ net: 4000, vat: 0, total: 4000, paid: 0 });
        expect(suspendedFor(await l.life.sub(cus, sub!))).toEqual([]); // 002 does not suspend
        expect(await l.life.accessLog(sub!)).toEqual(['access.restored:reactivated:1']);
        expect(count(await l.subjects(), (s) => s === 'Uw dienst is opgeschort')).toBe(0);

        // Cancels 06-15 by e-mail: + 1 month = 07-15 → first of the next month, 08-01 (last day 07-31).
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'email' }, '2026-06-15T12:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: { endsOn: '2026-08-01' } });
        expect(once(await l.subjects(), 'Bevestiging van uw opzegging')).toBe(1);
        await l.tickTo('2026-07-31');
        expect((await l.life.sub(cus, sub!)).status).toBe('live');
        await l.tickTo('2026-08-01');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'ended', endedOn: '2026-08-01' });
        expect((await l.life.accessLog(sub!)).at(-1)).toMatch(/^(access\.revoked:ended:1|data\.delete:)/);
        expect(await l.life.accessLog(sub!)).toContain('access.revoked:ended:1');
        // The end falls on a period boundary: the final invoice on 08-01 is the whole of July, €40 + €8.40 = €48.40.
        const last = (await l.invoices()).filter((i) => i.category === 'principal').at(-1)!;
        expect(last.lines[0]).toMatchObject({ period: { start: '2026-07-01', end: '2026-08-01' } });
        expect(money(last)).toEqual({ net: 4000, vat: 840, total: 4840, paid: 0 });
        expect(last.issuedOn).toBe('2026-08-01');
        expect(once(await l.subjects(), `Factuur ${await l.number(last.id)}`)).toBe(1);
        expect(once(await l.subjects(), 'Uw abonnement is beëindigd')).toBe(1);
      });
    }, STORY_TIMEOUT);

    it('consumer: costs only after the 14-day letter and within WIK; cancels on any day after one month (R-LAW-02)', async () => {
      await story('2026-03-10T10:00:00+01:00', { prefix: 'csc', email: (t) => `anna-${t}@example.nl`, subscriptions: 1 }, async (l, { cus, subs: [sub] }) => {
        await begin(l, cus, sub!, 'consumer');
        // Default 05-16 as for a business, but no costs that day: 14-day letter 05-16, received 05-18,
        // 14 days from 05-19 end 06-01 → costs on 06-02.
        await l.tickTo('2026-06-01');
        expect(await l.days('CustomerInDefault')).toEqual(['2026-05-16']);
        expect(await l.days('FourteenDayLetterSent')).toEqual(['2026-05-16']);
        expect(await l.days('CollectionCostsCharged')).toEqual([]);
        expect(count(await l.subjects(), (s) => s.startsWith('Laatste kans om kosteloos te betalen: factuur'))).toBe(1);
        await l.tickTo('2026-06-02');
        // 10% × €48.40 = €4.84: within the WIK scale (min €40), so the contract's figure stands; no €40 minimum for consumers.
        const [costs] = await l.events('CollectionCostsCharged');
        expect(localDateOf(costs!.at)).toBe('2026-06-02');
        expect(costs!.rule).toBe('R-LAW-01');
        expect(costs!.data['costsCents']).toBe(484);

        // Cancels 06-15: one month's notice, not tied to the first of a month → ends 07-15.
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'email' }, '2026-06-15T12:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: { endsOn: '2026-07-15' } });
        await l.tickTo('2026-07-14');
        expect((await l.life.sub(cus, sub!)).status).toBe('live');
        await l.tickTo('2026-07-15');
        // Final invoice 07-01 – 07-15: 14/31 × €40 = €18.064… → €18.06 + VAT €3.79 = €21.85.
        const last = (await l.invoices()).filter((i) => i.category === 'principal').at(-1)!;
        expect(last.lines[0]).toMatchObject({ period: { start: '2026-07-01', end: '2026-07-15' } });
        expect(money(last)).toEqual({ net: 1806, vat: 379, total: 2185, paid: 0 });
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'ended', endedOn: '2026-07-15' });
        expect(await l.life.accessLog(sub!)).toContain('access.revoked:ended:1');
        expect(once(await l.subjects(), 'Bevestiging van uw opzegging')).toBe(1);
      });
    }, STORY_TIMEOUT);
  });

  describe('total-internet-group (003): in arrears by calendar month, 30-day term, 15%/€75 penalty, half-yearly indexation, two months notice', () => {
    it('walks a part-month first invoice, default, penalty, indexation less earlier increases, a refused phone cancellation and the end on the first of a month', async () => {
      await story('2026-01-15T10:00:00+01:00', { prefix: 'tig', email: (t) => `books-${t}@tulp.example`, subscriptions: 1 }, async (l, { cus, subs: [sub], inv }) => {
        await l.send('customer.created', { customerId: cus, kind: 'business', name: 'Webshop Tulp B.V.', email: l.email, language: 'nl', resellerId: 'demo-reseller', directDebit: true }, '2026-01-15T10:00:00+01:00');
        await l.send('subscription.created', { subscriptionId: sub!, customerId: cus, termsId: 'total-internet-group', plan: { name: 'Hosting', priceCents: 20000, period: 'month' }, seats: 1 }, '2026-01-15T10:00:00+01:00');
        // Art. 18.3 (R-BILL-01): 15–31 January invoiced on 02-01, 17/31 × €200 = €109.68 + €23.03 VAT
        // = €132.71, due after 30 days: 03-03.
        await l.tickTo('2026-02-01');
        expect(await l.life.invoice(cus, inv(1))).toMatchObject({ issuedOn: '2026-02-01', dueOn: '2026-03-03', netCents: 10968, vatCents: 2303, totalCents: 13271 });
        expect(once(await l.subjects(), `Factuur ${await l.number(inv(1))}`)).toBe(1);
        // Default 03-04; penalty at once: 15% × €132.71 = €19.91 < €75 minimum → €75.
        await l.tickTo('2026-03-03');
        expect(await l.days('CustomerInDefault')).toEqual([]);
        await l.tickTo('2026-03-04');
        expect(await l.days('CustomerInDefault')).toEqual(['2026-03-04']);
        expect(money(await l.life.invoice(cus, inv(3)))).toEqual({ net: 7500, vat: 0, total: 7500, paid: 0 });
        // Pays €75 + €132.71 + €242 on 03-10: penalty first (6:44), then January, then February (0002, due 03-31).
        await l.send('payment.succeeded', { paymentId: `p1_${cus}`, customerId: cus, amountCents: 44971, method: 'bank_transfer' }, '2026-03-10T12:00:00+01:00');
        expect((await l.invoices()).map((i) => i.paidCents)).toEqual([13271, 24200, 7500]);

        // R-PRICE-02: +2% from 04-01 → €204; the July index +3% less the 2% of the previous six months → +1%
        // → €204 × 1.01 = €206.04.
        await l.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-04-01', changePct: 2 }, '2026-03-15T12:00:00+01:00');
        await l.send('terms.price_change_announced', { termsId: 'total-internet-group', effectiveAt: '2026-07-01', changePct: 3 }, '2026-06-01T12:00:00+02:00');
        expect((await l.events('PriceChangeAnnounced')).map((e) => [e.data['changeBp'], e.data['toCents']])).toEqual([[200, 20400], [100, 20604]]);
        expect(count(await l.subjects(), (s) => s === 'Aankondiging van een prijswijziging')).toBe(2);
        // March, invoiced 04-01 when the index takes effect, at March's €200; April (05-01) at €204: €204 + €42.84 = €246.84.
        expect(await l.life.invoice(cus, inv(4))).toMatchObject({ issuedOn: '2026-04-01', netCents: 20000, totalCents: 24200 });
        expect(await l.life.invoice(cus, inv(5))).toMatchObject({ issuedOn: '2026-05-01', netCents: 20400, totalCents: 24684 });

        // R-NOTICE-04: 003 needs a written cancellation; by phone it is refused and nothing changes.
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'phone' }, '2026-07-10T12:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: null });
        expect((await l.life.audit(sub!)).some((e) => e.rule === 'R-NOTICE-04')).toBe(true);
        expect(once(await l.subjects(), 'Uw opzegging kan niet worden verwerkt')).toBe(1);
        // By e-mail: 07-10 + 2 months = 09-10 → first of a month: 10-01.
        await l.send('cancellation.requested', { subscriptionId: sub!, channel: 'email' }, '2026-07-10T13:00:00+02:00');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'live', cancellation: { endsOn: '2026-10-01' } });
        expect(once(await l.subjects(), 'Bevestiging van uw opzegging')).toBe(1);
        await l.tickTo('2026-09-30');
        expect((await l.life.sub(cus, sub!)).status).toBe('live');
        await l.tickTo('2026-10-01');
        expect(await l.life.sub(cus, sub!)).toMatchObject({ status: 'ended', endedOn: '2026-10-01' });
        expect(await l.life.accessLog(sub!)).toContain('access.revoked:ended:1');
        // Last invoice for September on 10-01 at the indexed price: €206.04 + €43.27 = €249.31.
        const invoices = await l.invoices();
        const last = invoices.filter((i) => i.category === 'principal').at(-1)!;
        expect(last).toMatchObject({ issuedOn: '2026-10-01', netCents: 20604, vatCents: 4327, totalCents: 24931 });
        expect(last.lines[0]!.period).toEqual({ start: '2026-09-01', end: '2026-10-01' });
        expect(once(await l.subjects(), `Factuur ${await l.number(last.id)}`)).toBe(1);
        // No invoice after the end; every later month unpaid was penalised €75 on its default day.
        expect(invoices.filter((i) => i.issuedOn > '2026-10-01' && i.category === 'principal')).toEqual([]);
        const penalties = invoices.filter((i) => i.category !== 'principal');
        expect(penalties.every((i) => i.totalCents === 7500)).toBe(true);
        expect((await l.days('CustomerInDefault')).length).toBe(penalties.length);
        expect(once(await l.subjects(), 'Uw abonnement is beëindigd')).toBe(1);
      });
    }, STORY_TIMEOUT);
  });

  describe('into-telecom (004): 12-month minimum, registered mail, customer-wide suspension, early termination fee (an English-speaking customer)', () => {
    it('suspends every subscription of the customer for one overdue invoice and invoices the remaining months on early termination', async () => {
      await story('2026-01-01T10:00:00+01:00', { prefix: 'it', email: (t) => `admin-${t}@visser.example`, subscriptions: 2 }, async (l, { cus, subs: [voip, internet], inv }) => {
        await l.send('customer.created', { customerId: cus, kind: 'business', name: 'Transport Visser', email: l.email, language: 'en', resellerId: 'demo-reseller', directDebit: true }, '2026-01-01T10:00:00+01:00');
        await l.send('subscription.created', { subscriptionId: voip!, customerId: cus, termsId: 'into-telecom', plan: { name: 'VoIP', priceCents: 3000, period: 'month' }, seats: 1 }, '2026-01-01T10:00:00+01:00');
        await l.send('subscription.created', { subscriptionId: internet!, customerId: cus, termsId: 'into-telecom', plan: { name: 'Internet', priceCents: 2000, period: 'month' }, seats: 1 }, '2026-01-01T10:00:00+01:00');
        // In advance on 01-01: VoIP €30 + €6.30 = €36.30 (0001), Internet €20 + €4.20 = €24.20 (0002), due 01-15.
        expect(await l.life.sub(cus, voip!)).toMatchObject({ minimumTermEnd: '2027-01-01' });
        expect((await l.invoices()).map((i) => [i.id, i.totalCents, i.dueOn])).toEqual([[inv(1), 3630, '2026-01-15'], [inv(2), 2420, '2026-01-15']]);
        let subjects = await l.subjects();
        expect([once(subjects, `Invoice ${await l.number(inv(1))}`), once(subjects, `Invoice ${await l.number(inv(2))}`)]).toEqual([1, 1]);
        expect(count(subjects, (s) => s.startsWith('Factuur'))).toBe(0);
        await l.send('payment.succeeded', { paymentId: `p1_${cus}`, customerId: cus, amountCents: 3630, method: 'direct_debit', invoiceId: inv(1) }, '2026-01-10T12:00:00+01:00');

        // R-SUSP-01/03: the Internet invoice is overdue on 01-16: both subscriptions are suspended.
        await l.tickTo('2026-01-15');
        expect([suspendedFor(await l.life.sub(cus, voip!)), suspendedFor(await l.life.sub(cus, internet!))]).toEqual([[], []]);
        await l.tickTo('2026-01-16');
        expect([suspendedFor(await l.life.sub(cus, voip!)), suspendedFor(await l.life.sub(cus, internet!))]).toEqual([['arrears'], ['arrears']]);
        expect((await l.events('SubscriptionSuspended')).map((e) => [e.subscriptionId, e.rule]).sort()).toEqual([[internet, 'R-SUSP-01'], [voip, 'R-SUSP-03']].sort());
        expect(await l.life.accessLog(voip!)).toEqual(['access.restored:reactivated:1', 'access.revoked:arrears:1']);
        expect(await l.life.accessLog(internet!)).toEqual(['access.restored:reactivated:1', 'access.revoked:arrears:1']);
        // R-DUN-03: in default that day; WIK on €24.20 is €40, but 004 sets at least €250.
        expect((await l.events('CollectionCostsCharged'))[0]!.data['costsCents']).toBe(25000);
        expect(money((await l.invoices()).find((i) => i.lines.some((x) => x.kind === 'collection-costs'))!)).toEqual({ net: 25000, vat: 0, total: 25000, paid: 0 });
        subjects = await l.subjects();
        expect(count(subjects, (s) => s === 'Your service has been suspended')).toBe(2); // one per subscription
        expect(count(subjects, (s) => s === 'Uw dienst is opgeschort')).toBe(0);
        // Pays €24.20 + €250 on 01-20: both restored, no fee (004 has none).
        await l.send('payment.succeeded', { paymentId: `p2_${cus}`, customerId: cus, amountCents: 27420, method: 'bank_transfer' }, '2026-01-20T12:00:00+01:00');
        expect([suspendedFor(await l.life.sub(cus, voip!)), suspendedFor(await l.life.sub(cus, internet!))]).toEqual([[], []]);
        expect((await l.life.accessLog(voip!)).at(-1)).toBe('access.restored:reactivated:1');
        expect((await l.life.accessLog(internet!)).at(-1)).toBe('access.restored:reactivated:1');
        expect((await l.invoices()).filter((i) => i.lines.some((x) => x.kind === 'reactivation'))).toEqual([]);
        expect(count(await l.subjects(), (s) => s === 'Your service is active again')).toBe(2);
        // February paid on time.
        await l.send('payment.succeeded', { paymentId: `p3_${cus}`, customerId: cus, amountCents: 6050, method: 'direct_debit' }, '2026-02-05T12:00:00+01:00');

        // R-NOTICE-04: an e-mail cancellation is refused (registered mail only, a business customer).
        await l.send('cancellation.requested', { subscriptionId: voip!, channel: 'email', requestedEndDate: '2026-04-30' }, '2026-03-10T12:00:00+01:00');
        expect(await l.life.sub(cus, voip!)).toMatchObject({ status: 'live', cancellation: null });
        expect((await l.life.audit(voip!)).some((e) => e.rule === 'R-NOTICE-04')).toBe(true);
        expect(once(await l.subjects(), 'Your cancellation cannot be processed')).toBe(1);
        // R-EARLY-01: by registered mail on 03-11, asking to end after 04-30 (notice 04-11 ≤ 05-01 < 2027-01-01).
        // Billed until 04-01 (March invoiced); remaining 05-01 – 2027-01-01 = 8 months × €30 = €240 net,
        // + 21% = €50.40 → €290.40, invoiced at once, due 03-25.
        await l.send('cancellation.requested', { subscriptionId: voip!, channel: 'registered_mail', requestedEndDate: '2026-04-30' }, '2026-03-11T12:00:00+01:00');
        expect(await l.life.sub(cus, voip!)).toMatchObject({ cancellation: { endsOn: '2026-05-01', earlyTerminationFeeCents: 24000, rule: 'R-EARLY-01' } });
        const fee = (await l.invoices()).find((i) => i.lines[0]?.kind === 'early-termination')!;
        expect(fee).toMatchObject({ issuedOn: '2026-03-11', dueOn: '2026-03-25', netCents: 24000, vatCents: 5040, totalCents: 29040 });
        expect(fee.lines[0]!.period).toEqual({ start: '2026-05-01', end: '2027-01-01' });
        subjects = await l.subjects();
        expect(once(subjects, 'Your cancellation is confirmed')).toBe(1);
        expect(once(subjects, `Invoice ${await l.number(fee.id)} (remaining charges)`)).toBe(1);
        await l.send('payment.succeeded', { paymentId: `p4_${cus}`, customerId: cus, amountCents: 6050 + 29040, method: 'bank_transfer' }, '2026-03-12T12:00:00+01:00');
        expect((await l.invoices()).filter((i) => i.paidCents < i.totalCents)).toEqual([]);

        // Ends 05-01: April (04-01 – 05-01) was the last VoIP invoice; Internet runs on.
        // Not in the domain timeline, but decided by the domain all the same: April's invoices (0009 VoIP
        // €36.30, 0010 Internet €24.20, issued 04-01, due 04-15) stay unpaid, so on 04-16 both
        // subscriptions are suspended again (R-SUSP-01/03). Both fall into collection that day: one claim
        // of €60.50, so the €250 minimum is charged once (WIK €40 < €250), not once per invoice.
        await l.tickTo('2026-04-30');
        expect((await l.life.sub(cus, voip!)).status).toBe('live');
        expect([suspendedFor(await l.life.sub(cus, voip!)), suspendedFor(await l.life.sub(cus, internet!))]).toEqual([['arrears'], ['arrears']]);
        expect((await l.days('SubscriptionSuspended')).filter((d) => d > '2026-02-01')).toEqual(['2026-04-16', '2026-04-16']);
        expect([money(await l.life.invoice(cus, inv(9))), money(await l.life.invoice(cus, inv(10)))]).toEqual([{ net: 3000, vat: 630, total: 3630, paid: 0 }, { net: 2000, vat: 420, total: 2420, paid: 0 }]);
        expect(count(await l.subjects(), (s) => s === 'Your service has been suspended')).toBe(4); // 01-16 and 04-16, one per subscription
        const aprilCosts = (await l.invoices()).filter((i) => i.issuedOn === '2026-04-16' && i.lines.some((x) => x.kind === 'collection-costs'));
        expect(aprilCosts.map((i) => i.totalCents)).toEqual([25000]);
        await l.tickTo('2026-05-01');
        expect(await l.life.sub(cus, voip!)).toMatchObject({ status: 'ended', endedOn: '2026-05-01', endReason: 'cancelled', exportWindowEndsOn: '2026-05-30' });
        expect((await l.life.sub(cus, internet!)).status).toBe('live');
        expect((await l.invoices()).filter((i) => i.subscriptionId === voip && i.lines[0]?.kind === 'subscription').map((i) => i.issuedOn)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
        expect((await l.life.accessLog(voip!)).at(-1)).toBe('access.revoked:ended:1');
        expect((await l.life.accessLog(internet!)).at(-1)).toBe('access.revoked:arrears:1');
        expect(once(await l.subjects(), 'Your subscription has ended')).toBe(1);
        // R-DATA-02/03: 30-day export window, deletion on 05-31.
        await l.tickTo('2026-05-30');
        expect((await l.life.accessLog(voip!)).filter((a) => a.startsWith('data.delete'))).toEqual([]);
        await l.tickTo('2026-05-31');
        expect((await l.life.accessLog(voip!)).filter((a) => a.startsWith('data.delete')).sort()).toEqual(['data.delete:hosted-data-and-backups', 'data.delete:personal-data']);
        expect(await l.days('DataDeletionRequested', voip)).toEqual(['2026-05-31']);
        expect((await l.life.accessLog(internet!)).filter((a) => a.startsWith('data.delete'))).toEqual([]);
      });
    }, STORY_TIMEOUT);
  });
});
