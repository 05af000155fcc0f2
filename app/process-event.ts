/**
 * The event use case: refuse what can never be right (bounds, wrong queue, conflicting identity,
 * a reused id) → load → duplicate? → decide → save (one transaction, retried on a version
 * conflict) → hand the outbox keys on → re-drive what waited for what this event created.
 * An event whose parent (customer, subscription, payment, invoice) is not known yet is parked
 * instead of failing (issue 11); events that belong to no single account (reseller.created,
 * terms-wide changes) fan out into per-account events instead.
 */
import { createHash } from 'node:crypto';
import { classOf, decide, DomainError, QUEUE_OF, type Account, type Decision, type EventOf, type IncomingEvent, type TermsCatalog } from '../domain/index.js';
import { toInstant } from '../domain/calendar.js';
import { InfraError } from '../adapters/errors.js';
import { checkBounds, checkWindow } from './bounds.js';
import { recordDuplicate, recordHandedOn, recordParked } from './event-outcomes.js';
import { DEFAULT_PARKING_HORIZON_MS, type ConsumedQueue, type Deps, type InvoicingConfig, type ParentRef } from './ports.js';
import { catalogFor } from './terms.js';
import { webhookEffectsOf } from './webhook-effects.js';

const MAX_SAVE_ATTEMPTS = 8;

export type ProcessResult =
  | { readonly kind: 'applied' | 'ignored' | 'refused'; readonly customerId: string; readonly effectKeys: readonly string[]; readonly attempts: number; readonly redriven: number }
  | { readonly kind: 'duplicate'; readonly customerId: string; readonly effectKeys: readonly string[] }
  | { readonly kind: 'parked'; readonly ref: ParentRef; readonly deadline: string }
  | FannedOut;

type FannedOut = { readonly kind: 'fanned-out'; readonly events: number };

/** Where the event came from: its queue and message id (for the wrong-queue check, parking and dead letters). */
export interface Origin {
  readonly queue: ConsumedQueue;
  readonly messageId: string;
}

export async function processEvent(deps: Deps, event: IncomingEvent, origin?: Origin): Promise<ProcessResult> {
  if (origin && origin.queue !== QUEUE_OF[event.type]) {
    throw new DomainError('event.wrong_queue', `${event.type} belongs on ${QUEUE_OF[event.type]}, not on ${origin.queue} (docs/events.md)`);
  }
  checkWindow(event, deps.clock.now());
  if (event.type === 'reseller.created') {
    const result = await createReseller(deps, event);
    await recordHandedOn(deps, event, toInstant(deps.clock.now()), event.data.resellerId, `reseller ${event.data.resellerId} stored${result.events > 0 ? '; its billing account linked by a follow-up event' : ''}`);
    return result;
  }
  if ((event.type === 'terms.price_change_announced' || event.type === 'terms.changed') && event.data.customerId === undefined) {
    const result = await fanOutTerms(deps, event);
    await recordHandedOn(deps, event, toInstant(deps.clock.now()), null, `handed on to ${result.events} customer account(s) as ${event.id}:<customerId>`);
    return result;
  }

  try {
    return await applyToAccount(deps, event);
  } catch (error) {
    if (!(error instanceof DomainError) || classOf(error.code) !== 'waiting' || !origin) throw error;
    return park(deps, event, origin, error);
  }
}

async function applyToAccount(deps: Deps, event: IncomingEvent): Promise<ProcessResult> {
  const customerId = await deps.store.customerIdOf(event);
  if (customerId === null) throw new DomainError(unknownReference(event), `${event.type}: ${describeReference(event)} is not known (yet)`);
  const eventHash = hashOf(event);

  for (let attempt = 1; ; attempt++) {
    const [marker, loaded] = await Promise.all([deps.store.isProcessed(customerId, event.id), deps.store.load(customerId, event)]);
    if (marker) {
      // A due tick's id names its due instant; its occurredAt is only when the sweep saw it.
      if (marker.eventHash !== undefined && marker.eventHash !== eventHash && event.type !== 'subscription.due') {
        throw new DomainError('event.id_reused', `event id ${event.id} was applied before with another body; give a new event a new id`);
      }
      // The write happened before; a crash may have lost the hand-off, so hand the keys on again.
      if (marker.effectKeys.length > 0) await deps.queues.sendOutbox(marker.effectKeys);
      await recordDuplicate(deps, event.id, customerId);
      return { kind: 'duplicate', customerId, effectKeys: marker.effectKeys };
    }
    if (event.type === 'customer.created' && loaded) refuseConflictingCustomer(loaded.state, event);
    const now = toInstant(deps.clock.now());
    // Load the terms first (cached; a reload only when a profile may be new): decide is synchronous.
    const catalog = await catalogFor(deps, [loaded?.state], event);
    checkBounds(event, loaded?.state ?? null, catalog);
    const decided = await decideNumbered(deps, loaded?.state ?? null, event, catalog, now);
    // Only effects something must carry out go through the outbox: an issued invoice lives in the
    // account and its e-mail is its own effect; a wake-up is the due index's job.
    const decision = { ...decided, effects: decided.effects.filter((e) => e.kind !== 'invoice' && e.kind !== 'wake') };
    // Webhook deliveries of the decision's public events ride in the same transaction (docs/webhooks.md).
    const resellerId = decision.state?.customer.resellerId ?? loaded?.state.customer.resellerId ?? null;
    const webhooks = await webhookEffectsOf(deps, customerId, resellerId, event, decision);
    try {
      await deps.store.save({ customerId, expectedVersion: loaded?.version ?? null, event, decision, now, previous: loaded?.state ?? null, eventHash, webhooks });
    } catch (error) {
      if (InfraError.is(error, 'store.duplicate')) continue;
      if ((InfraError.is(error, 'store.conflict') || InfraError.is(error, 'store.throttled')) && attempt < MAX_SAVE_ATTEMPTS) {
        deps.logger.debug('save failed transiently, retrying', { eventId: event.id, customerId, attempt, code: error.code });
        await backoff(attempt);
        continue;
      }
      throw error;
    }
    const effectKeys = [...decision.effects, ...webhooks].map((e) => e.key);
    if (effectKeys.length > 0) await deps.queues.sendOutbox(effectKeys);
    const redriven = decision.state ? await redrive(deps, newParents(loaded?.state ?? null, decision.state)) : 0;
    return { kind: decision.outcome, customerId, effectKeys, attempts: attempt, redriven };
  }
}

const DEFAULT_INVOICING: InvoicingConfig = { seller: null, series: { id: 'LT', prefix: 'LT-' } };

/**
 * Decides with the provider's number series as last seen (R-INV-01); a decision that takes numbers
 * while the series was not read yet is decided again on the counter's value. The save's condition
 * on the counter catches a writer that took the numbers meanwhile (store.conflict: decided again).
 */
async function decideNumbered(deps: Deps, state: Account | null, event: IncomingEvent, catalog: TermsCatalog, now: string): Promise<Decision> {
  const invoicing = deps.invoicing ?? DEFAULT_INVOICING;
  const known = deps.store.knownSeriesLast(invoicing.series.id);
  const billing = (last: number) => ({ seller: invoicing.seller, series: { ...invoicing.series, last } });
  const decided = decide(state, event, catalog, now, billing(known ?? 0));
  if (decided.numbering === null || known !== undefined) return decided;
  return decide(state, event, catalog, now, billing(await deps.store.readSeriesLast(invoicing.series.id)));
}

/**
 * Parks an event whose parent is unknown, then tries it once more: a parent decided between the
 * first try and the park is seen by that try, one decided after it finds the park (issue 11).
 * A delivery of an event already parked past its deadline is dead-lettered with its reason.
 */
async function park(deps: Deps, event: IncomingEvent, origin: Origin, why: DomainError): Promise<ProcessResult> {
  const ref = refOf(event, why.code);
  const parkedAt = toInstant(deps.clock.now());
  const deadline = new Date(Date.parse(parkedAt) + (deps.parkingHorizonMs ?? DEFAULT_PARKING_HORIZON_MS)).toISOString();
  const stored = await deps.parking.park({ ref, event, reason: { code: why.code, message: why.message }, parkedAt, deadline, queue: origin.queue, messageId: origin.messageId });
  if (stored.expired || stored.deadline <= parkedAt) {
    await deps.parking.remove(stored);
    throw new DomainError('event.parked_too_long', `waited from ${stored.parkedAt} until ${stored.deadline} for ${ref}: ${stored.reason.message}`);
  }
  try {
    const result = await applyToAccount(deps, event);
    await deps.parking.remove(stored);
    return result;
  } catch (error) {
    if (error instanceof DomainError && classOf(error.code) === 'waiting') {
      deps.logger.info('event parked until its parent is decided', { eventId: event.id, ref, deadline: stored.deadline });
      await recordParked(deps, event, parkedAt, stored.deadline, stored.reason);
      return { kind: 'parked', ref, deadline: stored.deadline };
    }
    await deps.parking.remove(stored);
    throw error;
  }
}

/** Puts what waited for the new parents back on their queues (ids unchanged: a second re-drive is a duplicate). */
async function redrive(deps: Deps, refs: readonly ParentRef[]): Promise<number> {
  let count = 0;
  for (const ref of refs) {
    const waiting = await deps.parking.waitingFor(ref);
    if (waiting.length === 0) continue;
    await deps.queues.sendMany(waiting.map((p) => p.event));
    await Promise.all(waiting.map((p) => deps.parking.remove(p)));
    deps.logger.info('re-drove parked events', { ref, events: waiting.length });
    count += waiting.length;
  }
  return count;
}

/** What a decision brought into being that an early event may be waiting for. */
export function newParents(before: Account | null, after: Account): ParentRef[] {
  const refs: ParentRef[] = [];
  if (before === null) refs.push(`customer:${after.customer.id}`);
  const added = (now: Readonly<Record<string, unknown>> | undefined, then: Readonly<Record<string, unknown>> | undefined) => Object.keys(now ?? {}).filter((id) => !then?.[id]);
  for (const id of added(after.subscriptions, before?.subscriptions)) refs.push(`subscription:${id}`);
  for (const id of added(after.payments, before?.payments)) refs.push(`payment:${id}`);
  for (const id of added(after.invoices, before?.invoices)) refs.push(`invoice:${id}`);
  return refs;
}

/** A second customer.created for an existing id must say the same thing, or it is refused (never dropped). */
function refuseConflictingCustomer(state: Account, event: EventOf<'customer.created'>): void {
  const c = state.customer;
  const d = event.data;
  const erased = c.email === '';
  const differs = [
    c.resellerId !== d.resellerId && `resellerId ${d.resellerId} ≠ ${c.resellerId}`,
    c.kind !== d.kind && `kind ${d.kind} ≠ ${c.kind}`,
    !erased && c.name !== d.name && 'name differs',
    !erased && c.email !== d.email && 'email differs',
    c.directDebit !== d.directDebit && 'directDebit differs',
    c.language !== d.language && 'language differs',
  ].filter((x): x is string => typeof x === 'string');
  if (differs.length > 0) {
    throw new DomainError('customer.conflict', `customer ${c.id} exists with other data (${differs.join('; ')}); a customer.created cannot change it`);
  }
}

/** Stores the reseller; a named billing account is linked by a follow-up event (R-SUSP-04). */
async function createReseller(deps: Deps, event: EventOf<'reseller.created'>): Promise<FannedOut> {
  const d = event.data;
  await deps.directory.putReseller({ resellerId: d.resellerId, name: d.name, email: d.email, customerId: d.customerId ?? null, whiteLabel: d.whiteLabel ?? false, at: toInstant(event.occurredAt) });
  if (d.customerId === undefined) return { kind: 'fanned-out', events: 0 };
  await deps.queues.send({ id: `${event.id}:link`, type: 'customer.reseller_account_linked', occurredAt: event.occurredAt, data: { customerId: d.customerId, resellerId: d.resellerId } });
  return { kind: 'fanned-out', events: 1 };
}

/** One event per customer with a subscription on the profile; ids derived from the original, so a redelivery repeats, not doubles. */
async function fanOutTerms(deps: Deps, event: EventOf<'terms.price_change_announced'> | EventOf<'terms.changed'>): Promise<FannedOut> {
  const customers = await deps.directory.customersOnTerms(event.data.termsId);
  const events = customers.map((customerId) => ({ ...event, id: `${event.id}:${customerId}`, data: { ...event.data, customerId } }) as IncomingEvent);
  await deps.queues.sendMany(events);
  return { kind: 'fanned-out', events: events.length };
}

type WaitingCode = 'customer.unknown' | 'subscription.unknown' | 'payment.unknown' | 'invoice.unknown';

function unknownReference(event: IncomingEvent): WaitingCode {
  const d = event.data as Record<string, unknown>;
  if ('customerId' in d) return 'customer.unknown';
  if ('subscriptionId' in d) return 'subscription.unknown';
  if ('paymentId' in d) return 'payment.unknown';
  if ('invoiceId' in d) return 'invoice.unknown';
  return 'customer.unknown';
}

/** The parent an event waits for, from the code it failed with and the id the event names. */
export function refOf(event: IncomingEvent, code: string): ParentRef {
  const d = event.data as Record<string, unknown>;
  const kind = (['customer', 'subscription', 'payment', 'invoice'] as const).find((k) => code === `${k}.unknown`) ?? 'customer';
  const id = d[`${kind}Id`];
  if (typeof id === 'string') return `${kind}:${id}`;
  // A reference resolved through another (an invoice's customer): wait for whatever the event names first.
  for (const k of ['customer', 'subscription', 'payment', 'invoice'] as const) if (typeof d[`${k}Id`] === 'string') return `${k}:${String(d[`${k}Id`])}`;
  return `customer:${event.id}`;
}

function describeReference(event: IncomingEvent): string {
  const d = event.data as Record<string, unknown>;
  for (const field of ['customerId', 'subscriptionId', 'paymentId', 'invoiceId']) {
    if (typeof d[field] === 'string') return `${field} ${String(d[field])}`;
  }
  return 'its account';
}

/** sha256 of the event's canonical JSON (keys sorted), so the same event always hashes the same. */
export function hashOf(event: IncomingEvent): string {
  return createHash('sha256').update(canonical(event)).digest('base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}
