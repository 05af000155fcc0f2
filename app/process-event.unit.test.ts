import { describe, expect, it } from 'vitest';
import { InfraError } from '../adapters/errors.js';
import type { IncomingEvent } from '../domain/index.js';
import { processEvent } from './process-event.js';
import { FakeWorld } from './testing/fakes.js';

const T0 = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const plus = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

const customer = (id: string, over: Partial<Extract<IncomingEvent, { type: 'customer.created' }>['data']> = {}): IncomingEvent => ({
  id: `cc-${id}`, type: 'customer.created', occurredAt: T0,
  data: { customerId: id, kind: 'business', name: `Klant ${id}`, email: `${id}@example.test`, language: 'nl', resellerId: 'r-1', directDebit: true, ...over },
});
const subscription = (id: string, customerId: string, termsId = 'totaldesk', seats = 2): IncomingEvent => ({
  id: `sc-${id}`, type: 'subscription.created', occurredAt: T0,
  data: { subscriptionId: id, customerId, termsId, plan: { name: 'Werkplek', priceCents: 5000, period: 'month' }, seats },
});
const activated = (id: string): IncomingEvent => ({ id: `sa-${id}`, type: 'subscription.activated', occurredAt: T0, data: { subscriptionId: id } });
const origin = (queue: 'subscription-events' | 'payment-events' | 'cancellation-events' = 'subscription-events') => ({ queue, messageId: 'm-test' });

describe('the event use case over in-memory ports', () => {
  describe('an event delivered twice', () => {
    it('is applied once; the second delivery is a duplicate that hands the outbox keys on again', async () => {
      const w = new FakeWorld({ start: T0 });
      const first = await processEvent(w.deps, customer('c1'), origin());
      const second = await processEvent(w.deps, customer('c1'), origin());
      expect(first.kind).toBe('applied');
      expect(second.kind).toBe('duplicate');
      expect(w.store.saves).toBe(1);
      expect(w.store.accounts.get('c1')?.version).toBe(1);
    });

    it('with another body under the same id is refused as event.id_reused, never silently dropped', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1'), origin());
      const reused = { ...customer('c1'), data: { ...customer('c1').data, name: 'Iemand anders' } } as IncomingEvent;
      await expect(processEvent(w.deps, reused, origin())).rejects.toMatchObject({ code: 'event.id_reused' });
    });
  });

  describe('a second customer.created for an existing customer', () => {
    it('saying the same is a no-op; with another reseller or data it is refused as customer.conflict', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1'), origin());
      expect(await processEvent(w.deps, { ...customer('c1'), id: 'cc-c1-again' }, origin())).toMatchObject({ kind: 'ignored' });
      const other = { ...customer('c1', { resellerId: 'r-2' }), id: 'cc-c1-other' };
      await expect(processEvent(w.deps, other, origin())).rejects.toMatchObject({ code: 'customer.conflict', message: expect.stringContaining('resellerId r-2') });
      expect(w.account('c1')?.customer.resellerId).toBe('r-1');
    });
  });

  describe('a save that meets a concurrent write', () => {
    it('reloads, decides again and saves on the next attempt', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1'), origin());
      let raced = false;
      w.store.beforeSave = (input) => {
        if (raced || input.event.id !== 'sc-s1') return;
        raced = true;
        // Another worker commits a subscription for the same account in between.
        const a = w.store.accounts.get('c1')!;
        w.store.accounts.set('c1', { ...a, version: a.version + 1 });
      };
      const result = await processEvent(w.deps, subscription('s1', 'c1'), origin());
      expect(result).toMatchObject({ kind: 'applied', attempts: 2 });
      expect(w.store.conflicts).toBe(1);
      expect(w.account('c1')?.subscriptions['s1']?.status).toBe('pending');
    });

    it('gives up after eight conflicts with store.conflict, which the consumer retries later (transient)', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1'), origin());
      w.store.beforeSave = () => {
        throw new InfraError('store.conflict', 'always');
      };
      w.send(subscription('s1', 'c1'));
      const [message] = w.queues.take();
      expect(await w.deliver(message!)).toBe(false);
      expect(w.deadLetters.records.at(-1)?.reason).toMatchObject({ code: 'store.conflict', class: 'transient', permanent: false });
      expect(w.deadLetters.dlq).toHaveLength(0);
    });
  });

  describe('a rule that says no', () => {
    it('is stored as a refused decision, not an error: a consumer subscribing to business-only terms', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1', { kind: 'consumer' }), origin());
      const result = await processEvent(w.deps, subscription('s1', 'c1', 'totaldesk'), origin());
      expect(result.kind).toBe('refused');
      expect(w.store.markers.get('c1/sc-s1')?.outcome).toBe('refused');
      expect(w.account('c1')?.subscriptions['s1']).toBeUndefined();
    });
  });

  describe('events that fan out', () => {
    it('a terms-wide price change becomes one event per customer on those terms, with derived ids', async () => {
      const w = new FakeWorld({ start: T0 });
      for (const c of ['c1', 'c2', 'c3']) await processEvent(w.deps, customer(c), origin());
      await processEvent(w.deps, subscription('s1', 'c1'), origin());
      await processEvent(w.deps, subscription('s2', 'c2'), origin());
      await processEvent(w.deps, subscription('s3', 'c3', 'computerstudent'), origin());
      w.queues.take();
      const change: IncomingEvent = { id: 'pc-1', type: 'terms.price_change_announced', occurredAt: T0, data: { termsId: 'totaldesk', effectiveAt: '2026-06-01', changePct: 5 } };
      expect(await processEvent(w.deps, change, origin())).toEqual({ kind: 'fanned-out', events: 2 });
      const sent = w.queues.take().map((m) => m.body as IncomingEvent);
      expect(sent.map((e) => [e.id, (e.data as { customerId?: string }).customerId])).toEqual([['pc-1:c1', 'c1'], ['pc-1:c2', 'c2']]);
    });

    it('a reseller with a billing account stores the reseller and links the account by a follow-up event', async () => {
      const w = new FakeWorld({ start: T0 });
      const created: IncomingEvent = { id: 'rc-1', type: 'reseller.created', occurredAt: T0, data: { resellerId: 'r-9', name: 'Wederverkoper', email: 'r9@example.test', customerId: 'c1' } };
      expect(await processEvent(w.deps, created, origin())).toEqual({ kind: 'fanned-out', events: 1 });
      expect(w.directory.resellers.get('r-9')).toMatchObject({ customerId: 'c1' });
      expect(w.queues.take().map((m) => (m.body as IncomingEvent).type)).toEqual(['customer.reseller_account_linked']);
    });
  });

  describe('an event that arrives before its parent', () => {
    it('is parked with its reason and re-driven when the parent is decided', async () => {
      const w = new FakeWorld({ start: T0 });
      w.send(activated('s1'), subscription('s1', 'c1'), customer('c1'));
      await w.drain();
      expect(w.account('c1')?.subscriptions['s1']).toMatchObject({ status: 'live' });
      expect(w.deadLetters.dlq).toHaveLength(0);
      expect(w.parking.items.size).toBe(0);
      expect(w.results.filter((r) => r.kind === 'parked').map((r) => (r as { ref: string }).ref)).toEqual(['subscription:s1', 'customer:c1']);
    });

    it('still waits a day before the horizon, and is dead-lettered with its reason once the horizon has passed', async () => {
      const w = new FakeWorld({ start: T0, parkingHorizonMs: 7 * DAY });
      w.send(activated('s1'));
      await w.drain();
      await w.advanceTo(plus(T0, 6 * DAY));
      expect(w.parking.items.size).toBe(1);
      expect(w.deadLetters.dlq).toHaveLength(0);
      await w.advanceTo(plus(T0, 7 * DAY + 1));
      expect(w.parking.items.size).toBe(0);
      expect(w.deadLetters.dlq).toHaveLength(1);
      expect(w.deadLetters.dlq[0]!.reason).toMatchObject({ code: 'event.parked_too_long', permanent: true });
      expect(w.deadLetters.dlq[0]!.reason.message).toContain('subscription:s1');
    });
  });

  describe('the classification of failures (one per class)', () => {
    it('permanent — an event on the wrong queue is dead-lettered at once, with the queue it belongs on', async () => {
      const w = new FakeWorld({ start: T0 });
      await processEvent(w.deps, customer('c1'), origin());
      const payment: IncomingEvent = { id: 'p-1', type: 'payment.succeeded', occurredAt: T0, data: { paymentId: 'p1', customerId: 'c1', amountCents: 100, method: 'ideal' } };
      w.queues.push('subscription-events', payment);
      await w.drain();
      expect(w.deadLetters.dlq.map((d) => d.reason.code)).toEqual(['event.wrong_queue']);
      expect(w.deadLetters.dlq[0]!.reason.message).toContain('payment-events');
      expect(w.account('c1')?.payments['p1']).toBeUndefined();
    });

    it('permanent — seats above the terms limit are refused as event.out_of_bounds', async () => {
      const w = new FakeWorld({ start: T0 });
      w.send(customer('c1'), subscription('s1', 'c1', 'totaldesk', 5_000));
      await w.drain();
      expect(w.deadLetters.dlq.map((d) => d.reason.code)).toEqual(['event.out_of_bounds']);
    });

    it('permanent — occurredAt far from the clock is refused as event.out_of_window', async () => {
      const w = new FakeWorld({ start: T0 });
      w.send({ ...customer('c1'), occurredAt: '2031-01-01T00:00:00Z' } as IncomingEvent);
      await w.drain();
      expect(w.deadLetters.dlq.map((d) => d.reason.code)).toEqual(['event.out_of_window']);
    });

    it('transient — throttling is retried in the same delivery with backoff', async () => {
      const w = new FakeWorld({ start: T0 });
      let throttled = 0;
      w.store.beforeSave = () => {
        if (throttled++ < 2) throw new InfraError('store.throttled', 'ProvisionedThroughputExceededException');
      };
      expect(await processEvent(w.deps, customer('c1'), origin())).toMatchObject({ kind: 'applied', attempts: 3 });
    });

    it('transient — an unavailable store fails the delivery for SQS to redeliver, nothing dead-lettered', async () => {
      const w = new FakeWorld({ start: T0 });
      w.store.beforeSave = () => {
        throw new InfraError('store.unavailable', 'ECONNRESET');
      };
      w.send(customer('c1'));
      expect(await w.deliver(w.queues.take()[0]!)).toBe(false);
      expect(w.deadLetters.dlq).toHaveLength(0);
      expect(w.deadLetters.records[0]?.reason).toMatchObject({ code: 'store.unavailable', class: 'transient' });
    });

    it('permanent — an item too large for DynamoDB is dead-lettered at once, not retried', async () => {
      const w = new FakeWorld({ start: T0 });
      w.store.beforeSave = () => {
        throw new InfraError('store.too_large', 'ValidationException: Item size has exceeded the maximum allowed size');
      };
      w.send(customer('c1'));
      await w.drain();
      expect(w.deadLetters.dlq.map((d) => d.reason.code)).toEqual(['store.too_large']);
    });
  });
});
