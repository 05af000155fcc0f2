/**
 * `decide(state, event, terms, now) → { state, events, effects }`: the one entry point of the
 * rules. Pure: the time is an input, the state is copied, effects are data. The rules themselves
 * live in their families (rules/); this module only composes them.
 */
import { localDateOf, toInstant, type Instant } from './calendar.js';
import { advance, nextDue } from './clock.js';
import { archiveSettled, NO_RECORDS } from './archive.js';
import { Ctx, DomainError, type Draft } from './context.js';
import type { EventType, IncomingEvent } from './events.js';
import {
  billing, data, dissolution, dunning, ignored, invoicing, payment, prices, renewalNotice, start, suspension, type AllHandlers, type Handler, type Outcome,
} from './rules/index.js';
import { NO_BILLING_INPUT, normalizeVatId } from './invoicing.js';
import { settle } from './settle.js';
import type { TermsCatalog } from './terms.js';
import type { Account, BillingInput, Decision } from './types.js';

/**
 * Every incoming event type to its one handler: the compiler checks none is missing, and
 * rules/families.unit.test.ts that no two families handle the same type.
 */
const HANDLERS = {
  ...start.handlers, ...renewalNotice.handlers, ...prices.handlers, ...billing.handlers, ...payment.handlers,
  ...dunning.handlers, ...suspension.handlers, ...dissolution.handlers, ...data.handlers, ...invoicing.handlers,
  // The sweep's tick has no rule of its own: decide runs the time rules around every event.
  'subscription.due': () => ignored,
} satisfies AllHandlers;

/**
 * Decides one event for one customer account. `state` is null before customer.created. `billing`
 * is the provider's details and the number series as the store read it (R-INV-01, R-INV-02); the
 * decision says which numbers it took (`numbering`), and the store commits them with it.
 */
export function decide(state: Account | null, event: IncomingEvent, terms: TermsCatalog, now: Instant, billing: BillingInput = NO_BILLING_INPUT): Decision {
  const nowI = toInstant(now);
  const occurred = toInstant(event.occurredAt);
  if (state === null) return decideWithoutAccount(event, nowI, occurred);

  const ctx = new Ctx(structuredClone(state) as Draft<Account>, terms, state.clock, billing);
  // Time rules first run up to when the event happened (never past now), then the event, then up to now.
  const eventAt = occurred < ctx.acc.clock ? ctx.acc.clock : occurred > nowI ? nowI : occurred;
  advance(ctx, eventAt < nowI ? eventAt : nowI);
  ctx.at = eventAt > ctx.acc.clock ? eventAt : ctx.acc.clock;
  const occurredOn = localDateOf(occurred < nowI ? occurred : nowI);
  ctx.occurredOn = occurredOn < ctx.today ? occurredOn : null;
  const result = handle(ctx, event, occurred);
  settle(ctx, result.paidAt ?? null);
  ctx.occurredOn = null;
  advance(ctx, nowI);
  return finish(ctx, result);
}

function finish(ctx: Ctx, result: Outcome): Decision {
  const archived = archiveSettled(ctx.acc);
  return {
    state: ctx.acc as Account,
    events: ctx.events,
    effects: ctx.effects,
    outcome: result.outcome === 'ignored' && (ctx.events.length > 0 || ctx.effects.length > 0) ? 'applied' : result.outcome,
    refusal: result.refusal,
    dueAt: nextDue(ctx),
    archived,
    numbering: ctx.lastNumber === ctx.billing.series.last ? null : { series: ctx.billing.series.id, last: ctx.billing.series.last, next: ctx.lastNumber + 1 },
  };
}

function decideWithoutAccount(event: IncomingEvent, now: Instant, occurred: Instant): Decision {
  if (event.type === 'reseller.created') return { state: null, events: [], effects: [], outcome: 'ignored', refusal: null, dueAt: null, archived: NO_RECORDS, numbering: null };
  if (event.type !== 'customer.created') throw new DomainError('customer.unknown', `${event.type} for a customer that does not exist (yet)`);
  const d = event.data;
  const at = occurred > now ? now : occurred;
  const acc: Draft<Account> = {
    customer: {
      id: d.customerId, kind: d.kind, name: d.name, email: d.email, language: d.language, resellerId: d.resellerId, directDebit: d.directDebit,
      billingAccountOfReseller: null, createdAt: at, unreachableSince: null, legalHold: false, insolvency: null, arrangement: null, erasure: null,
      billingAddress: d.billingAddress ? { ...d.billingAddress, additionalStreet: d.billingAddress.additionalStreet ?? null } : null, vatId: d.vatId ? normalizeVatId(d.vatId) : null,
    },
    subscriptions: {}, invoices: {}, payments: {}, allocations: [], creditCents: 0, clock: at, invoiceSeq: 0, retainRecordsUntil: null, archivedSubscriptionIds: [],
  };
  const ctx = new Ctx(acc, { get: () => undefined, latest: () => undefined }, at);
  ctx.emit('CustomerCreated', { data: { customerId: d.customerId, kind: d.kind, resellerId: d.resellerId, language: d.language, directDebit: d.directDebit } });
  return { state: acc as Account, events: ctx.events, effects: ctx.effects, outcome: 'applied', refusal: null, dueAt: null, archived: NO_RECORDS, numbering: null };
}

function handle(ctx: Ctx, event: IncomingEvent, occurred: Instant): Outcome {
  // Own keys only: a type like 'toString' is no rule, whatever Object.prototype says.
  const handler = Object.hasOwn(HANDLERS, event.type) ? (HANDLERS[event.type] as Handler<EventType>) : undefined;
  if (!handler) throw new DomainError('event.unknown', `no rule handles ${(event as { type: string }).type}`);
  return handler(ctx, event, occurred);
}

/** The account's next due instant (for the sweep's index), without deciding anything. */
export function dueAt(state: Account, terms: TermsCatalog): Instant | null {
  return nextDue(new Ctx(structuredClone(state) as Draft<Account>, terms, state.clock));
}

