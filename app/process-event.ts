/**
 * The event use case: load → duplicate? → decide → save (one transaction, retried on a version
 * conflict) → hand the outbox keys on. Events that belong to no single account (reseller.created,
 * terms-wide changes) fan out into per-account events instead.
 */
import { decide, DomainError, type EventOf, type IncomingEvent } from '../domain/index.js';
import { toInstant } from '../domain/calendar.js';
import { InfraError } from '../adapters/errors.js';
import type { Deps } from '../functions/deps.js';
import { partsOf } from './parts.js';
import { catalogFor } from './terms.js';

const MAX_SAVE_ATTEMPTS = 8;

export type ProcessResult =
  | { readonly kind: 'applied' | 'ignored' | 'refused'; readonly customerId: string; readonly effectKeys: readonly string[]; readonly attempts: number }
  | { readonly kind: 'duplicate'; readonly customerId: string; readonly effectKeys: readonly string[] }
  | { readonly kind: 'fanned-out'; readonly events: number };

export async function processEvent(deps: Deps, event: IncomingEvent): Promise<ProcessResult> {
  if (event.type === 'reseller.created') return createReseller(deps, event);
  if ((event.type === 'terms.price_change_announced' || event.type === 'terms.changed') && event.data.customerId === undefined) return fanOutTerms(deps, event);

  const customerId = await deps.store.customerIdOf(event);
  if (customerId === null) throw new DomainError(unknownReference(event), `${event.type}: ${describeReference(event)} is not known (yet)`);

  for (let attempt = 1; ; attempt++) {
    const [marker, loaded] = await Promise.all([deps.store.isProcessed(customerId, event.id), deps.store.load(customerId, event)]);
    if (marker) {
      // The write happened before; a crash may have lost the hand-off, so hand the keys on again.
      if (marker.effectKeys.length > 0) await deps.queues.sendOutbox(marker.effectKeys);
      return { kind: 'duplicate', customerId, effectKeys: marker.effectKeys };
    }
    const now = toInstant(deps.clock.now());
    // Load the terms first (cached; a reload only when a profile may be new): decide is synchronous.
    const decided = decide(loaded?.state ?? null, event, await catalogFor(deps, [loaded?.state], event), now);
    // Only effects something must carry out go through the outbox: an issued invoice lives in the
    // account and its e-mail is its own effect; a wake-up is the due index's job.
    const decision = { ...decided, effects: decided.effects.filter((e) => e.kind !== 'invoice' && e.kind !== 'wake') };
    try {
      await deps.store.save({ customerId, expectedVersion: loaded?.version ?? null, event, decision, now, previous: loaded?.state ?? null });
    } catch (error) {
      if (InfraError.is(error, 'store.duplicate')) continue;
      if (InfraError.is(error, 'store.conflict') && attempt < MAX_SAVE_ATTEMPTS) {
        deps.logger.debug('version conflict, retrying', { eventId: event.id, customerId, attempt });
        await backoff(attempt);
        continue;
      }
      throw error;
    }
    const effectKeys = decision.effects.map((e) => e.key);
    if (effectKeys.length > 0) await deps.queues.sendOutbox(effectKeys);
    return { kind: decision.outcome, customerId, effectKeys, attempts: attempt };
  }
}

/** Stores the reseller; a named billing account is linked by a follow-up event (R-SUSP-04). */
async function createReseller(deps: Deps, event: EventOf<'reseller.created'>): Promise<ProcessResult> {
  const d = event.data;
  await partsOf(deps).directory.putReseller({ resellerId: d.resellerId, name: d.name, email: d.email, customerId: d.customerId ?? null, at: toInstant(event.occurredAt) });
  if (d.customerId === undefined) return { kind: 'fanned-out', events: 0 };
  await deps.queues.send({ id: `${event.id}:link`, type: 'customer.reseller_account_linked', occurredAt: event.occurredAt, data: { customerId: d.customerId, resellerId: d.resellerId } });
  return { kind: 'fanned-out', events: 1 };
}

/** One event per customer with a subscription on the profile; ids derived from the original, so a redelivery repeats, not doubles. */
async function fanOutTerms(deps: Deps, event: EventOf<'terms.price_change_announced'> | EventOf<'terms.changed'>): Promise<ProcessResult> {
  const customers = await partsOf(deps).directory.customersOnTerms(event.data.termsId);
  const events = customers.map((customerId) => ({ ...event, id: `${event.id}:${customerId}`, data: { ...event.data, customerId } }) as IncomingEvent);
  await deps.queues.sendMany(events);
  return { kind: 'fanned-out', events: events.length };
}

function unknownReference(event: IncomingEvent): string {
  const d = event.data as Record<string, unknown>;
  if ('customerId' in d) return 'customer.unknown';
  if ('subscriptionId' in d) return 'subscription.unknown';
  if ('paymentId' in d) return 'payment.unknown';
  if ('invoiceId' in d) return 'invoice.unknown';
  return 'customer.unknown';
}

function describeReference(event: IncomingEvent): string {
  const d = event.data as Record<string, unknown>;
  for (const field of ['customerId', 'subscriptionId', 'paymentId', 'invoiceId']) {
    if (typeof d[field] === 'string') return `${field} ${String(d[field])}`;
  }
  return 'its account';
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}
