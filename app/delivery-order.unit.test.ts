/**
 * Issue 11, the property: whatever order SQS delivers a history's events in, with duplicates, and
 * with parents arriving any time up to the parking horizon after their children, the accounts end
 * as they would had every event come once, in order, each at the first moment it could be
 * applied — and nothing is dead-lettered or left parked.
 *
 * "In order" for siblings that become applicable together after a delay: the domain applies an
 * event older than the account's clock at the account's clock (domain/decide.ts), so two
 * subscriptions created at T0 whose customer arrived a day late are dated by whichever is decided
 * first. The exact comparison therefore takes the late group in the order the shuffled run decided
 * it; against the history's own order, everything but those dates must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, IncomingEvent } from '../domain/index.js';
import { FakeWorld } from './testing/fakes.js';

const T0 = '2026-03-02T09:00:00.000Z';
const HOUR = 3_600_000;
const HORIZON = 7 * 24 * HOUR;
const plus = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

interface Planned {
  readonly event: IncomingEvent;
  /** Index of the event it refers to (its parent), or null. */
  readonly parent: number | null;
  readonly isParent: boolean;
}

const historyArb = fc
  .array(fc.array(fc.record({ terms: fc.constantFrom('totaldesk', 'computerstudent'), seats: fc.integer({ min: 1, max: 5 }), activate: fc.boolean() }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((customers) => {
    const planned: Planned[] = [];
    customers.forEach((subs, c) => {
      const customerId = `c${c}`;
      const cIndex = planned.length;
      planned.push({
        event: { id: `cc-${c}`, type: 'customer.created', occurredAt: T0, data: { customerId, kind: 'business', name: `Klant ${c}`, email: `${customerId}@example.test`, language: 'nl', resellerId: 'r-1', directDebit: true } },
        parent: null, isParent: true,
      });
      subs.forEach((s, n) => {
        const subscriptionId = `s${c}-${n}`;
        const sIndex = planned.length;
        planned.push({
          event: { id: `sc-${c}-${n}`, type: 'subscription.created', occurredAt: T0, data: { subscriptionId, customerId, termsId: s.terms, plan: { name: 'Plan', priceCents: 2500, period: 'month' }, seats: s.seats } },
          parent: cIndex, isParent: true,
        });
        if (s.activate && s.terms === 'totaldesk') planned.push({ event: { id: `sa-${c}-${n}`, type: 'subscription.activated', occurredAt: T0, data: { subscriptionId } }, parent: sIndex, isParent: false });
      });
    });
    return planned;
  });

const scenarioArb = historyArb.chain((history) =>
  fc.record({
    history: fc.constant(history),
    /** Which parents come late. */
    late: fc.array(fc.boolean(), { minLength: history.length, maxLength: history.length }),
    /** How late: up to just before the horizon. */
    delayMs: fc.integer({ min: 0, max: HORIZON - HOUR }),
    /** How many times each event is sent (SQS at-least-once). */
    copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: history.length, maxLength: history.length }),
    /** The delivery order: a seed per delivery choosing among what is on the queues. */
    picks: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
  }),
);

/**
 * What no order may change: statuses, seats, terms, what each invoice charges (quantity × unit
 * price per line) and payments. Dates may differ (a late event acts at the account's clock), and
 * with them a first period's pro-rata amount under a calendar billing anchor (R-BILL-01); `view`
 * checks those exactly against the run that decided in the same order.
 */
function orderFree(account: Account | null) {
  if (!account) return null;
  return {
    customer: account.customer,
    creditCents: account.creditCents,
    subscriptions: Object.values(account.subscriptions).map((s) => `${s.id}|${s.status}|${s.seats}|${s.termsId}`).sort(),
    invoices: Object.values(account.invoices).map((i) => `${i.subscriptionId}|${i.lines.map((l) => `${l.kind}:${l.quantity}×${l.unitCents}`).join(',')}|${i.paidCents > 0}`).sort(),
  };
}

/** Everything, dates included; only the numbering of invoices may differ. */
function view(account: Account | null) {
  if (!account) return null;
  return {
    customer: account.customer,
    creditCents: account.creditCents,
    subscriptions: Object.values(account.subscriptions)
      .map((s) => ({ id: s.id, status: s.status, seats: s.seats, termsId: s.termsId, activatedOn: (s as { activatedOn?: string }).activatedOn ?? null }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    invoices: Object.values(account.invoices)
      .map((i) => `${i.subscriptionId}|${i.issuedOn}|${i.dueOn}|${i.totalCents}|${i.paidCents}`)
      .sort(),
  };
}

describe('any delivery order, with duplicates and late parents (fast-check)', () => {
  it('ends where in-order delivery ends; nothing dead-lettered, nothing left parked', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ history, late, delayMs, copies, picks }) => {
        const lateAt = plus(T0, delayMs);
        const end = plus(T0, 45 * 24 * HOUR);
        const isLate = history.map((p, i) => p.isParent && late[i]!);
        // An event can be applied at T0 only if it and all its ancestors are there at T0.
        const available = (i: number): boolean => !isLate[i] && (history[i]!.parent === null || available(history[i]!.parent!));

        const inOrder = async (lateOrder: (events: IncomingEvent[]) => IncomingEvent[]) => {
          const w = new FakeWorld({ start: T0, parkingHorizonMs: HORIZON });
          w.send(...history.filter((_, i) => available(i)).map((p) => p.event));
          await w.drain();
          await w.advanceTo(lateAt);
          w.send(...lateOrder(history.filter((_, i) => !available(i)).map((p) => p.event)));
          await w.drain();
          await w.advanceTo(end);
          return w;
        };

        // Shuffled: the early ones (and their duplicates) in any order at T0, the late parents after the delay.
        const shuffled = new FakeWorld({ start: T0, parkingHorizonMs: HORIZON });
        let k = 0;
        const pick = (n: number) => picks[k++ % picks.length]! % n;
        const copiesOf = (indices: number[]) => indices.flatMap((i) => Array.from({ length: copies[i]! }, () => history[i]!.event));
        shuffled.send(...copiesOf(history.map((_, i) => i).filter((i) => !isLate[i])));
        await shuffled.drain(pick);
        await shuffled.advanceTo(lateAt);
        shuffled.send(...copiesOf(history.map((_, i) => i).filter((i) => isLate[i])));
        await shuffled.drain(pick);
        await shuffled.advanceTo(end);

        expect(shuffled.deadLetters.dlq).toEqual([]);
        expect(shuffled.parking.items.size).toBe(0);
        // Once, in the history's order; and once, the late group in the order the shuffled run decided it.
        const canonical = await inOrder((events) => events);
        const rank = new Map(shuffled.decided.map((id, n) => [id, n]));
        const asDecided = await inOrder((events) => [...events].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)));
        const customers = [...new Set(history.map((p) => (p.event.data as { customerId?: string }).customerId).filter((c): c is string => c !== undefined))];
        for (const c of customers) {
          expect(orderFree(shuffled.account(c))).toEqual(orderFree(canonical.account(c)));
          expect(view(shuffled.account(c))).toEqual(view(asDecided.account(c)));
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('a parent later than the horizon: its children are dead-lettered with the reason they waited for', async () => {
    const w = new FakeWorld({ start: T0, parkingHorizonMs: HORIZON });
    w.send({ id: 'sa-1', type: 'subscription.activated', occurredAt: T0, data: { subscriptionId: 's1' } });
    await w.drain();
    await w.advanceTo(plus(T0, HORIZON + HOUR));
    expect(w.deadLetters.dlq.map((d) => d.reason.code)).toEqual(['event.parked_too_long']);
    expect(w.deadLetters.dlq[0]!.reason.message).toMatch(/for subscription:s1: .*not known/);
  });
});
