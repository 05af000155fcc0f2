/**
 * Issue 10 items 1–3 against the local stack: the customer's trail (and customer-level decisions
 * in each subscription's trail they change), what became of an event, and the cancellation quote
 * by channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../../domain/index.js';
import { call, START, startWorld, type World } from './world.js';

let seq = 0;
const ev = (type: string, data: Record<string, unknown>, id = `trail_${++seq}_${type}`) => ({ id, type, occurredAt: START, data }) as unknown as IncomingEvent;

describe('issue 10: trails, event outcomes, quote by channel', () => {
  let w: World;
  const get = (path: string, key: string | null = w.keyA) => call(w.p.url, key, 'GET', path);

  beforeAll(async () => {
    w = await startWorld();
    await w.p.send(
      ev('customer.created', { customerId: 'cus-tel', kind: 'business', name: 'Telefonie BV', email: 'tel@klant.example', language: 'nl', resellerId: 'res-a', directDebit: true }),
    );
    await w.p.drain();
    await w.p.send(ev('subscription.created', { subscriptionId: 'sub-tel', customerId: 'cus-tel', termsId: 'into-telecom', plan: { name: 'Telefonie', priceCents: 2500, period: 'month' }, seats: 3 }));
    await w.p.drain();
    await w.p.send(ev('subscription.activated', { subscriptionId: 'sub-tel' }));
    await w.p.drain();
  });
  afterAll(async () => w?.stop());

  describe('GET /v1/subscriptions/{id}/cancellation-quote?channel=…', () => {
    it('R-NOTICE-04: into-telecom refuses a business cancellation by api (the default channel)', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote');
      expect(r.status).toBe(200);
      expect(r.body.refusal).toEqual({ rule: 'R-NOTICE-04', reason: expect.stringContaining('registered mail') });
      expect(r.body.earliestEndDate).toBeNull();
      expect((await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=email')).body.refusal.rule).toBe('R-NOTICE-04');
    });
    it('R-NOTICE-04: previews what a registered letter would do — accepted, the end after the minimum term', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail');
      expect(r.status).toBe(200);
      expect(r.body.refusal).toBeNull();
      // Started 2 March 2026 with a 12-month minimum term (004 art. 7.1): the earliest end is
      // the last day of the minimum term, 1 March 2027, with nothing left to charge after it.
      expect(r.body.earliestEndDate).toBe('2027-03-01');
      expect(r.body.earlyTerminationFeeCents).toBe(0);
      const early = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail&requestedEndDate=2026-06-30');
      expect(early.body.refusal).toBeNull();
    });
    it('answers 400 with the field for an unknown channel', async () => {
      const r = await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=pigeon');
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_request', details: [{ in: 'query', field: 'channel', message: expect.any(String) }] });
    });
    it('answers 404 for another reseller\'s subscription, whatever the channel', async () => {
      expect((await get('/v1/subscriptions/sub-tel/cancellation-quote?channel=registered_mail', w.keyB)).status).toBe(404);
    });
  });
});
