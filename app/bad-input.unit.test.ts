/**
 * Issue 11, the bad-input matrix: every kind of bad queue input is refused at once with a code a
 * sender can read (the DLQ reason), never retried and never silently dropped; valid neighbours of
 * each bad input are accepted.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf, PRESETS, type IncomingEvent } from '../domain/index.js';
import { parseEvent } from './queue-consumer.js';
import { FakeWorld } from './testing/fakes.js';
import type { ConsumedQueue } from './ports.js';

const NOW = '2026-03-02T09:00:00.000Z';
type Q = Exclude<ConsumedQueue, 'outbox'>;

const customer = { customerId: 'c1', kind: 'business', name: 'Klant', email: 'c1@example.test', language: 'nl', resellerId: 'r-1', directDebit: true };
const plan = { name: 'Werkplek', priceCents: 5000, period: 'month' };
const sub = { subscriptionId: 's1', customerId: 'c1', termsId: 'totaldesk', plan, seats: 2 };
const payment = { paymentId: 'p1', customerId: 'c1', amountCents: 12100, method: 'ideal' };
const envelope = (type: string, data: unknown, over: Record<string, unknown> = {}) => JSON.stringify({ id: 'e-1', type, occurredAt: NOW, data, ...over });
const long = (n: number) => 'x'.repeat(n);

/** A world with customer c1 (business, reseller r-1) already applied. */
async function world(): Promise<FakeWorld> {
  const w = new FakeWorld({ start: NOW });
  w.send({ id: 'seed-c1', type: 'customer.created', occurredAt: NOW, data: customer } as IncomingEvent);
  await w.drain();
  return w;
}

/** What a consumer of `queue` makes of `body`: 'accepted' or the code of the reason it was dead-lettered with. */
async function consume(queue: Q, body: string): Promise<string> {
  const parsed = parseEvent(body);
  if (!parsed.ok) return parsed.reason.code;
  const w = await world();
  w.queues.push(queue, parsed.value);
  await w.drain();
  const dead = w.deadLetters.dlq;
  expect(w.deadLetters.records.filter((r) => !r.deadLettered)).toEqual([]); // nothing retried
  return dead.length === 0 ? 'accepted' : dead.map((d) => d.reason.code).join(',');
}

const S: Q = 'subscription-events';
const P: Q = 'payment-events';
const C: Q = 'cancellation-events';

describe('bad queue input (table)', () => {
  it.each<[string, Q, string, string]>([
    // The message itself
    ['not JSON', S, '{"id": "e-1", ', 'message.malformed_json'],
    ['an empty body', S, '', 'message.malformed_json'],
    ['JSON null', S, 'null', 'event.unknown_type'],
    ['a JSON array', S, '[]', 'event.unknown_type'],
    ['no type', S, JSON.stringify({ id: 'e-1', occurredAt: NOW, data: {} }), 'event.unknown_type'],
    ['a numeric type', S, JSON.stringify({ id: 'e-1', type: 7, occurredAt: NOW, data: {} }), 'event.unknown_type'],
    ['an unknown type', S, envelope('subscription.teleported', {}), 'event.unknown_type'],
    // The envelope
    ['no id', S, JSON.stringify({ type: 'customer.created', occurredAt: NOW, data: customer }), 'event.invalid'],
    ['an empty id', S, envelope('customer.created', customer, { id: '' }), 'event.invalid'],
    ['an id of 513 characters', S, envelope('customer.created', customer, { id: long(513) }), 'event.invalid'],
    ['an id with a space', S, envelope('customer.created', customer, { id: 'e 1' }), 'event.invalid'],
    ['an id with a NUL', S, envelope('customer.created', customer, { id: 'e\u00001' }), 'event.invalid'],
    ['no occurredAt', S, JSON.stringify({ id: 'e-1', type: 'customer.created', data: customer }), 'event.invalid'],
    ['occurredAt without an offset', S, envelope('customer.created', customer, { occurredAt: '2026-03-02T09:00:00' }), 'event.invalid'],
    ['occurredAt in 1900', S, envelope('customer.created', customer, { occurredAt: '1900-01-01T00:00:00Z' }), 'event.invalid'],
    ['occurredAt in 9999', S, envelope('customer.created', customer, { occurredAt: '9999-12-31T00:00:00Z' }), 'event.invalid'],
    ['occurredAt six years before the clock', S, envelope('customer.created', customer, { occurredAt: '2020-01-01T00:00:00Z' }), 'event.out_of_window'],
    ['occurredAt a month after the clock', S, envelope('customer.created', customer, { occurredAt: '2026-04-02T09:00:00Z' }), 'event.out_of_window'],
    // Names, e-mails, free text
    ['a name of 201 characters', S, envelope('customer.created', { ...customer, customerId: 'c2', name: long(201) }), 'event.invalid'],
    ['a name of 250 KB', S, envelope('customer.created', { ...customer, customerId: 'c2', name: long(250_000) }), 'event.invalid'],
    ['a name with a line break', S, envelope('customer.created', { ...customer, customerId: 'c2', name: 'Klant\nBcc: x@y' }), 'event.invalid'],
    ['a name with a right-to-left override', S, envelope('customer.created', { ...customer, customerId: 'c2', name: 'Klant \u202eevil' }), 'event.invalid'],
    ['a name with an escape character', S, envelope('customer.created', { ...customer, customerId: 'c2', name: 'Klant\u001b[31m' }), 'event.invalid'],
    ['an e-mail that is not one', S, envelope('customer.created', { ...customer, customerId: 'c2', email: 'not-an-email' }), 'event.invalid'],
    ['an e-mail of 300 characters', S, envelope('customer.created', { ...customer, customerId: 'c2', email: `${long(288)}@example.test` }), 'event.invalid'],
    ['a customer id of 129 characters', S, envelope('customer.created', { ...customer, customerId: long(129) }), 'event.invalid'],
    ['an abuse reason of 1,001 characters', S, envelope('abuse.reported', { subscriptionId: 's1', reason: long(1001) }), 'event.invalid'],
    ['an unknown customer kind', S, envelope('customer.created', { ...customer, customerId: 'c2', kind: 'robot' }), 'event.invalid'],
    // Seats, prices, amounts
    ['zero seats', S, envelope('subscription.created', { ...sub, seats: 0 }), 'event.invalid'],
    ['1.5 seats', S, envelope('subscription.created', { ...sub, seats: 1.5 }), 'event.invalid'],
    ['a billion seats', S, envelope('subscription.created', { ...sub, seats: 1e9 }), 'event.invalid'],
    ['5,000 seats (above the default limit of 1,000)', S, envelope('subscription.created', { ...sub, seats: 5_000 }), 'event.out_of_bounds'],
    ['a price of MAX_SAFE_INTEGER', S, envelope('subscription.created', { ...sub, seats: 1_000, plan: { ...plan, priceCents: Number.MAX_SAFE_INTEGER } }), 'event.invalid'],
    ['a negative price', S, envelope('subscription.created', { ...sub, plan: { ...plan, priceCents: -5 } }), 'event.invalid'],
    ['a price of €20,000 a seat (above the default €10,000)', S, envelope('subscription.created', { ...sub, plan: { ...plan, priceCents: 2_000_000 } }), 'event.out_of_bounds'],
    ['1,000 seats at €10,000 (a €10 million period)', S, envelope('subscription.created', { ...sub, seats: 1_000, plan: { ...plan, priceCents: 1_000_000 } }), 'event.out_of_bounds'],
    ['a weekly plan', S, envelope('subscription.created', { ...sub, plan: { ...plan, period: 'week' } }), 'event.invalid'],
    ['unknown terms', S, envelope('subscription.created', { ...sub, termsId: 'no-such-terms' }), 'terms.unknown'],
    ['a price change of +5,000%', S, envelope('terms.price_change_announced', { termsId: 'totaldesk', effectiveAt: '2026-06-01', changePct: 5000 }), 'event.invalid'],
    ['a zero payment', P, envelope('payment.succeeded', { ...payment, amountCents: 0 }), 'event.invalid'],
    ['a payment of €10 billion', P, envelope('payment.succeeded', { ...payment, amountCents: 1e12 }), 'event.invalid'],
    ['a payment of €2 million (above the default €1 million)', P, envelope('payment.succeeded', { ...payment, amountCents: 200_000_000 }), 'event.out_of_bounds'],
    ['an unknown payment method', P, envelope('payment.succeeded', { ...payment, method: 'cash' }), 'event.invalid'],
    // The wrong queue, conflicting identity
    ['a payment on subscription-events', S, envelope('payment.succeeded', payment), 'event.wrong_queue'],
    ['a customer on payment-events', P, envelope('customer.created', { ...customer, customerId: 'c2' }), 'event.wrong_queue'],
    ['a cancellation on subscription-events', S, envelope('cancellation.requested', { subscriptionId: 's1', channel: 'api' }), 'event.wrong_queue'],
    ['a subscription on cancellation-events', C, envelope('subscription.created', sub), 'event.wrong_queue'],
    ['customer.created for c1 with another reseller', S, envelope('customer.created', { ...customer, resellerId: 'r-2' }), 'customer.conflict'],
    ['customer.created for c1 with another name', S, envelope('customer.created', { ...customer, name: 'Iemand anders' }), 'customer.conflict'],
    ['the seed event id again with another body', S, envelope('customer.created', { ...customer, email: 'other@example.test' }, { id: 'seed-c1' }), 'event.id_reused'],
    // Valid neighbours, accepted
    ['a valid subscription', S, envelope('subscription.created', sub), 'accepted'],
    ['1,000 seats at €50', S, envelope('subscription.created', { ...sub, seats: 1_000 }), 'accepted'],
    ['a name of 200 characters with accents', S, envelope('customer.created', { ...customer, customerId: 'c2', name: `Zoë ${long(196)}` }), 'accepted'],
    ['customer.created for c1 saying the same under a new id', S, envelope('customer.created', customer, { id: 'e-again' }), 'accepted'],
    ['a payment of €1 million', P, envelope('payment.succeeded', { ...payment, amountCents: 100_000_000 }), 'accepted'],
    ['occurredAt two years before the clock', S, envelope('customer.created', { ...customer, customerId: 'c2' }, { occurredAt: '2024-03-02T09:00:00Z' }), 'accepted'],
  ])('%s on %s → %s', async (_name, queue, body, expected) => {
    expect(await consume(queue, body)).toBe(expected);
  });
});

describe('limits a terms profile raises', () => {
  it('5,000 seats are accepted on terms whose limits allow 10,000, and refused on the presets', async () => {
    const big = { ...PRESETS.find((p) => p.id === 'totaldesk')!, id: 'totaldesk-enterprise', limits: { maxSeats: 10_000 } };
    const w = new FakeWorld({ start: NOW, catalog: catalogOf([...PRESETS, big]) });
    w.send({ id: 'c', type: 'customer.created', occurredAt: NOW, data: customer } as IncomingEvent);
    w.send({ id: 's-big', type: 'subscription.created', occurredAt: NOW, data: { ...sub, termsId: 'totaldesk-enterprise', seats: 5_000 } } as IncomingEvent);
    w.send({ id: 's-preset', type: 'subscription.created', occurredAt: NOW, data: { ...sub, subscriptionId: 's2', seats: 5_000 } } as IncomingEvent);
    await w.drain();
    expect(w.account('c1')?.subscriptions['s1']?.seats).toBe(5_000);
    expect(w.deadLetters.dlq.map((d) => [JSON.parse(d.body).id, d.reason.code])).toEqual([['s-preset', 'event.out_of_bounds']]);
  });
});
