/**
 * The partner API's endpoints: each takes validated input and the caller's reseller id, reads
 * through the read model and answers with a view computed by the domain at the current time.
 * Tenancy: anything not owned by the caller answers exactly what an unknown id answers.
 */
import * as z from 'zod';
import {
  cancellationRequested, cancellationWithdrawn, customerCreated, customerUpdated, customerView, decide, DomainError, forecast, invoiceDisputed, invoiceView,
  planChanged, quoteCancellation, seatsChanged, usageRecorded, subscriptionCreated, subscriptionView, tick,
  type Account, type CancellationChannel, type CancellationQuote, type IncomingEvent, type Subscription,
} from '../domain/index.js';
import { startOfDay, toInstant } from '../domain/calendar.js';
import type { Deps, EventOutcome, IdClaims, IdempotencyKeys } from '../app/ports.js';
import { checkBounds, checkWindow } from '../app/bounds.js';
import { catalogFor } from '../app/terms.js';
import type { LoadedAccount, ReadModel } from '../adapters/read-model.js';
import { ownedInvoice } from './invoice-access.js';
import type { CursorSealer } from './cursor.js';
import { ApiError, invalid, notFound } from './http.js';
import * as s from './schemas.js';
import { webhookRoutes } from './webhook-routes.js';

export interface RouteContext {
  readonly deps: Pick<Deps, 'clock' | 'catalog' | 'catalogProvider' | 'queues' | 'logger' | 'webhooks' | 'webhookPolicy' | 'wallClock'> & Partial<Pick<Deps, 'outcomes'>>;
  readonly read: ReadModel;
  readonly cursors: CursorSealer;
  /** The write routes' idempotency keys and id claims (adapters/api-writes.ts); an API without writes (the documents) has none. */
  readonly writes?: { readonly idempotency: IdempotencyKeys; readonly claims: IdClaims };
}

export interface Caller {
  readonly resellerId: string;
}

export interface Input<P, Q, B> {
  readonly caller: Caller;
  readonly path: P;
  readonly query: Q;
  readonly body: B;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * A write's event: its id and `occurredAt` — from the Idempotency-Key's first request when one is
   * given (a retry queues the very same event), else new. Reads get one too and ignore it.
   */
  readonly event: { readonly id: string; readonly at: string };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /** Every method but GET is a write and honours an Idempotency-Key (api/idempotency.ts); most queue one event. */
  readonly method: Method;
  /** OpenAPI style, e.g. `/v1/subscriptions/{subscriptionId}`. */
  readonly path: string;
  /** Unique, lowerCamelCase: what generated clients name the call (api/openapi.unit.test.ts checks every route has one). */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B | null;
  readonly status: 200 | 201 | 202;
  readonly response: z.ZodType;
  /** A route that answers a file (its handler returns a FileBody) instead of JSON. */
  readonly produces?: 'application/pdf' | 'application/xml';
  readonly handle: (ctx: RouteContext, input: Input<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;
  /**
   * A write whose body names its own idempotency key (a usage record's id): that key, per reseller,
   * instead of the Idempotency-Key header — the same id with the same body answers the first answer
   * again, with another body 422.
   */
  readonly idempotencyKey?: { readonly field: string; readonly of: (input: { path: z.infer<P>; body: z.infer<B> }) => string };
}

/** What a file route's handler returns: the bytes (or text), their type and the name to save them as. */
export interface FileBody {
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly fileName: string;
  /** `attachment` (default) or `inline` (open in the browser). */
  readonly disposition?: 'attachment' | 'inline';
}

const none = z.object({}).strict();
const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(r: Route<P, Q, B>): Route => r as unknown as Route;

/** The subscription, its account and its owner — or 404 when the caller does not own it. */
async function owned(ctx: RouteContext, caller: Caller, subscriptionId: string): Promise<{ account: LoadedAccount; sub: Subscription }> {
  const ref = await ctx.read.subscription(subscriptionId);
  if (!ref || ref.resellerId !== caller.resellerId) throw notFound('subscription', subscriptionId);
  const account = await ctx.read.account(ref.customerId);
  const sub = account?.state.subscriptions[subscriptionId] ?? ref.archived ?? undefined;
  if (!account || account.resellerId !== caller.resellerId || account.state.customer.resellerId !== caller.resellerId || !sub) {
    throw notFound('subscription', subscriptionId);
  }
  await catalogFor(ctx.deps, [account.state]); // the views read ctx.deps.catalog synchronously
  return { account, sub };
}

/** The account brought up to now: what is due already is the present (as forecast() does it). */
function present(ctx: RouteContext, state: Account, now: string): Account {
  if (state.clock >= now) return state;
  try {
    return decide(state, tick(state, now), ctx.deps.catalog, now).state ?? state;
  } catch (error) {
    ctx.deps.logger.warn('could not bring the account up to now; answering from the stored state', { error: String(error) });
    return state;
  }
}

function quoteOf(ctx: RouteContext, account: LoadedAccount, sub: Subscription, now: string, channel: CancellationChannel, requestedEndDate?: string) {
  const profile = ctx.deps.catalog.get(sub.termsId, sub.termsVersion);
  if (!profile) throw new ApiError('api.internal', `terms profile ${sub.termsId}@${sub.termsVersion} is not in the catalog`);
  const q: CancellationQuote = quoteCancellation(present(ctx, account.state, now), sub.id, profile, now, channel, requestedEndDate);
  return {
    earliestEndDate: q.earliestEndDate, endsAt: q.endsOn ? startOfDay(q.endsOn) : null, earlyTerminationFeeCents: q.earlyTerminationFeeCents,
    refusal: q.refusal, rule: q.rule, basis: q.basis, facts: { ...q.facts }, quotedAt: now,
  };
}

/**
 * Records that this API queued an event (`GET /v1/events/{eventId}` answers `accepted` until it
 * is decided); never fails the request, and never replaces an outcome already decided.
 */
export async function accepted(ctx: RouteContext, o: Pick<EventOutcome, 'eventId' | 'eventType' | 'at' | 'customerId' | 'subscriptionId' | 'resellerId'>): Promise<void> {
  try {
    await ctx.deps.outcomes?.record({ ...o, status: 'accepted', rule: null, reason: null, code: null, deadLettered: false, deadline: null });
  } catch (error) {
    ctx.deps.logger.warn('could not record the accepted event', { eventId: o.eventId, error: String(error) });
  }
}

/** The outcome a caller may see: its own reseller's, the latest recorded where the id reached several of its accounts. */
function outcomeView(o: EventOutcome) {
  return {
    eventId: o.eventId, type: o.eventType, status: o.status, at: o.at, customerId: o.customerId, subscriptionId: o.subscriptionId,
    rule: o.rule, reason: o.reason, code: o.code, deadLettered: o.deadLettered, deadline: o.deadline, duplicates: o.duplicates ?? 0,
  };
}

// Writes ---------------------------------------------------------------------------------------

function claims(ctx: RouteContext): IdClaims {
  if (!ctx.writes) throw new ApiError('api.internal', 'this API has no write routes');
  return ctx.writes.claims;
}

/** The customer's account when it exists and is the caller's; null when only claimed by the caller (its creation still queued); else 404. */
async function ownedCustomer(ctx: RouteContext, caller: Caller, customerId: string): Promise<LoadedAccount | null> {
  const account = await ctx.read.account(customerId);
  if (account) {
    if (account.resellerId !== caller.resellerId || account.state.customer.resellerId !== caller.resellerId) throw notFound('customer', customerId);
    return account;
  }
  const claim = await claims(ctx).claimOf('customer', customerId);
  if (claim?.resellerId === caller.resellerId) return null;
  throw notFound('customer', customerId);
}

/** The subscription's account when the subscription exists and is the caller's (account null while only claimed); else 404. */
async function ownedSubscription(ctx: RouteContext, caller: Caller, subscriptionId: string): Promise<{ customerId: string; account: LoadedAccount | null }> {
  const ref = await ctx.read.subscription(subscriptionId);
  if (ref) {
    if (ref.resellerId !== caller.resellerId) throw notFound('subscription', subscriptionId);
    const account = await ctx.read.account(ref.customerId);
    if (account && (account.resellerId !== caller.resellerId || account.state.customer.resellerId !== caller.resellerId)) throw notFound('subscription', subscriptionId);
    return { customerId: ref.customerId, account };
  }
  const claim = await claims(ctx).claimOf('subscription', subscriptionId);
  if (claim?.resellerId === caller.resellerId) return { customerId: claim.customerId, account: null };
  throw notFound('subscription', subscriptionId);
}

const taken = (what: 'customer' | 'subscription', id: string) =>
  new ApiError('api.conflict', `${what} id '${id}' is taken; choose another or leave ${what}Id out to have one assigned`, [{ in: 'body', field: `${what}Id`, message: 'is taken' }]);

/** Seats, price and amount over the terms' limits (app/bounds.ts): a 400 naming the field. */
function withinBounds(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'event.out_of_bounds') throw error;
    const field = /^seats × /.test(error.message) ? 'seats' : /^plan\.priceCents/.test(error.message) ? 'plan.priceCents' : /^seats/.test(error.message) ? 'seats'
      : /^usage × /.test(error.message) ? 'quantity' : '';
    throw invalid([{ in: 'body', field, message: error.message }]);
  }
}

/**
 * Parses with the domain's own schema (only what the pipeline accepts is ever queued), checks the
 * time window, sends, and records the event as accepted for the caller (GET /v1/events/{eventId}).
 */
async function queue<E extends IncomingEvent>(
  ctx: RouteContext, caller: Caller, schema: z.ZodType<E>, event: unknown, concerns: { customerId: string | null; subscriptionId?: string },
): Promise<E> {
  const parsed = schema.parse(event);
  checkWindow(parsed, ctx.deps.clock.now());
  await ctx.deps.queues.send(parsed);
  await accepted(ctx, { eventId: parsed.id, eventType: parsed.type, at: parsed.occurredAt, customerId: concerns.customerId, subscriptionId: concerns.subscriptionId ?? null, resellerId: caller.resellerId });
  return parsed;
}

const links = (event: IncomingEvent) => ({ event: `/v1/events/${encodeURIComponent(event.id)}` });

function acceptedBody(event: IncomingEvent, ids: { customerId?: string; subscriptionId?: string; invoiceId?: string }) {
  return { status: 'queued' as const, eventId: event.id, type: event.type, ...ids, links: links(event) };
}

/** A subscription's event from the partner API: within the terms' bounds of the account it changes (400 otherwise), then queued for its customer. */
async function queueForSubscription<E extends IncomingEvent>(
  ctx: RouteContext, caller: Caller, owned: { customerId: string; account: LoadedAccount | null }, subscriptionId: string, schema: z.ZodType<E>, candidate: E,
) {
  const { account, customerId } = owned;
  if (account) await catalogFor(ctx.deps, [account.state]);
  withinBounds(() => checkBounds(candidate, account?.state ?? null, ctx.deps.catalog));
  return acceptedBody(await queue(ctx, caller, schema, candidate, { customerId, subscriptionId }), { subscriptionId });
}

const MAX_FORECAST_MS = 10 * 366 * 24 * 3600 * 1000;

/** The partner API function's routes (functions/partner-api.ts). */
export const partnerRoutes: readonly Route[] = [
  route({
    method: 'GET', path: '/v1/customers', operationId: 'listCustomers', summary: 'List your customers',
    description: 'The customers of the reseller that owns the API key, in id order.',
    params: none, query: s.pageQuery, body: null, status: 200, response: s.customerPage,
    async handle(ctx, { caller, query }) {
      const list = 'customers';
      const page = await ctx.read.customersOf(caller.resellerId, query.limit, ctx.cursors.open(caller.resellerId, list, query.cursor));
      const now = ctx.deps.clock.now();
      return { data: page.items.map((a) => customerView(a.state, now)), nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/customers/{customerId}', operationId: 'getCustomer', summary: 'Get one customer',
    description: 'With `arrearsCents` and `status` as the rules see them now.',
    params: s.customerIdPath, query: none, body: null, status: 200, response: s.customer,
    async handle(ctx, { caller, path }) {
      const account = await ctx.read.account(path.customerId);
      if (!account || account.resellerId !== caller.resellerId || account.state.customer.resellerId !== caller.resellerId) throw notFound('customer', path.customerId);
      return customerView(account.state, ctx.deps.clock.now());
    },
  }),
  route({
    method: 'GET', path: '/v1/customers/{customerId}/events', operationId: 'listCustomerEvents', summary: 'The audit trail of a customer',
    description: 'Oldest first: every decision on the customer\'s account — its own (payments and their allocation, stornos, disputes, dunning, insolvency, erasure …) and each of its subscriptions\' — with the rule that fired, its source article, the facts it used and the incoming event it decided.',
    params: s.customerIdPath, query: s.pageQuery, body: null, status: 200, response: s.auditEventPage,
    async handle(ctx, { caller, path, query }) {
      const account = await ctx.read.account(path.customerId);
      if (!account || account.resellerId !== caller.resellerId || account.state.customer.resellerId !== caller.resellerId) throw notFound('customer', path.customerId);
      const list = `customer-events:${path.customerId}`;
      const page = await ctx.read.auditOfCustomer(path.customerId, query.limit, ctx.cursors.open(caller.resellerId, list, query.cursor));
      return { data: page.items, nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions', operationId: 'listSubscriptions', summary: 'List your subscriptions',
    description: 'Filter by `customerId` and/or `status`; in subscription id order.',
    params: none, query: s.subscriptionsQuery, body: null, status: 200, response: s.subscriptionPage,
    async handle(ctx, { caller, query }) {
      const list = `subscriptions?customerId=${query.customerId ?? ''}&status=${query.status ?? ''}`;
      const start = ctx.cursors.open(caller.resellerId, list, query.cursor);
      const page = await ctx.read.subscriptionsOf(caller.resellerId, { customerId: query.customerId, status: query.status }, query.limit, start);
      const accounts = await ctx.read.accounts(page.items.map((r) => r.customerId));
      await catalogFor(ctx.deps, [...accounts.values()].map((a) => a.state));
      const now = ctx.deps.clock.now();
      const data = page.items.flatMap((ref) => {
        const acc = accounts.get(ref.customerId);
        const sub = acc?.state.subscriptions[ref.subscriptionId] ?? ref.archived ?? undefined;
        return acc && sub && acc.resellerId === caller.resellerId ? [subscriptionView(acc.state, sub, ctx.deps.catalog, now)] : [];
      });
      return { data, nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}', operationId: 'getSubscription', summary: 'Get one subscription',
    description: 'Status, suspension, current term, renewal and notice dates, cancellation, arrears, seats and data deletion.',
    params: s.subscriptionIdPath, query: none, body: null, status: 200, response: s.subscription,
    async handle(ctx, { caller, path }) {
      const { account, sub } = await owned(ctx, caller, path.subscriptionId);
      return subscriptionView(account.state, sub, ctx.deps.catalog, ctx.deps.clock.now());
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}/events', operationId: 'listSubscriptionEvents', summary: 'The audit trail of a subscription',
    description: 'Oldest first: every decision with the rule that fired, its source article and the facts it used — including the customer-level decisions that changed this subscription (a payment of its invoices, a storno that re-opens one, an insolvency report …; `subscriptionId` null).',
    params: s.subscriptionIdPath, query: s.pageQuery, body: null, status: 200, response: s.auditEventPage,
    async handle(ctx, { caller, path, query }) {
      await owned(ctx, caller, path.subscriptionId);
      const list = `events:${path.subscriptionId}`;
      const page = await ctx.read.auditOf(path.subscriptionId, query.limit, ctx.cursors.open(caller.resellerId, list, query.cursor));
      return { data: page.items, nextCursor: ctx.cursors.seal(caller.resellerId, list, page.next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}/invoices', operationId: 'listSubscriptionInvoices', summary: 'The invoices of a subscription',
    description: 'Invoices billing this subscription, in invoice number order, with open amount and status.',
    params: s.subscriptionIdPath, query: s.pageQuery, body: null, status: 200, response: s.invoicePage,
    async handle(ctx, { caller, path, query }) {
      const { account } = await owned(ctx, caller, path.subscriptionId);
      const list = `invoices:${path.subscriptionId}`;
      const start = ctx.cursors.open(caller.resellerId, list, query.cursor);
      const after = typeof start?.after === 'string' ? start.after : null;
      const now = ctx.deps.clock.now();
      // Open work lives in the account, settled invoices in items of their own (domain/archive.ts); the account's copy wins.
      const archived = await ctx.read.archivedInvoices(account.customerId, path.subscriptionId, query.limit + 1, after);
      const working = Object.values(account.state.invoices);
      const all = [...working, ...archived.filter((i) => !account.state.invoices[i.id])]
        .filter((i) => i.subscriptionId === path.subscriptionId || i.lines.some((l) => l.subscriptionId === path.subscriptionId))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .filter((i) => after === null || i.id > after);
      const slice = all.slice(0, query.limit);
      const next = all.length > query.limit ? { after: slice[slice.length - 1]!.id } : null;
      return { data: slice.map((i) => invoiceView(account.state, i, ctx.deps.catalog, now)), nextCursor: ctx.cursors.seal(caller.resellerId, list, next) };
    },
  }),
  route({
    method: 'GET', path: '/v1/invoices/{invoiceId}', operationId: 'getInvoice', summary: 'Get one invoice or credit note',
    description: 'Open or settled (archived) alike, with open amount and status. The documents: `/v1/invoices/{invoiceId}/pdf` and `/v1/invoices/{invoiceId}/ubl`.',
    params: s.invoiceIdPath, query: none, body: null, status: 200, response: s.invoice,
    async handle(ctx, { caller, path }) {
      const { account, invoice } = await ownedInvoice(ctx.read, caller, path.invoiceId);
      await catalogFor(ctx.deps, [account.state]);
      return invoiceView(account.state, invoice, ctx.deps.catalog, ctx.deps.clock.now());
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}/cancellation-quote', operationId: 'getCancellationQuote', summary: 'What a cancellation received now would do',
    description: 'Earliest end date, early termination fee and, where a rule refuses, the refusal — computed by the same function that decides a real cancellation received now by `channel` (default `api`): a reseller can preview what a registered letter or an e-mail would do.',
    params: s.subscriptionIdPath, query: s.quoteQuery, body: null, status: 200, response: s.cancellationQuote,
    async handle(ctx, { caller, path, query }) {
      const { account, sub } = await owned(ctx, caller, path.subscriptionId);
      return quoteOf(ctx, account, sub, ctx.deps.clock.now(), query.channel, query.requestedEndDate);
    },
  }),
  route({
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}/forecast', operationId: 'getForecast', summary: 'What will happen if nothing else happens',
    description: 'Dated future events up to `until` (renewals, notice deadlines, invoices, reminders, default, suspension, dissolution, export window, deletion), computed by the rules that will later decide them.',
    params: s.subscriptionIdPath, query: s.forecastQuery, body: null, status: 200, response: s.forecastResponse,
    async handle(ctx, { caller, path, query }) {
      const until = query.until.includes('T') ? toInstant(query.until) : startOfDay(query.until);
      const now = ctx.deps.clock.now();
      const span = Date.parse(until) - Date.parse(now);
      if (!(span > 0)) throw invalid([{ in: 'query', field: 'until', message: `must be after now (${now})` }]);
      if (span > MAX_FORECAST_MS) throw invalid([{ in: 'query', field: 'until', message: 'at most 10 years ahead' }]);
      const { account } = await owned(ctx, caller, path.subscriptionId);
      const f = forecast(account.state, ctx.deps.catalog, now, until);
      const events = f.events
        .filter((e) => e.subscriptionId === path.subscriptionId || e.subscriptionId === null)
        .map((e) => ({ type: e.type, at: e.at, rule: e.rule, source: e.source, data: { ...e.data } }));
      return { subscriptionId: path.subscriptionId, from: now, until, events };
    },
  }),
  route({
    method: 'GET', path: '/v1/events/{eventId}', operationId: 'getEventOutcome', summary: 'What became of an event',
    description: 'For an event you sent (onto a queue, through a webhook or this API): `accepted`, `parked`, `applied`, `ignored`, `refused` (with the rule and reason) or `failed` '
      + '(with the code and reason, and whether it is dead-lettered), when, and the customer and subscription it concerned. A refused `subscription.created` leaves no subscription '
      + '(its `GET` answers 404); its outcome says why. Kept 90 days. Only events of your own customers; anything else answers 404.',
    params: s.eventIdPath, query: none, body: null, status: 200, response: s.eventOutcome,
    async handle(ctx, { caller, path }) {
      const mine = (await ctx.read.eventOutcomes(path.eventId)).filter((o) => o.resellerId === caller.resellerId);
      const latest = mine[mine.length - 1];
      if (!latest) throw notFound('event', path.eventId);
      return outcomeView(latest);
    },
  }),
  route({
    method: 'POST', path: '/v1/subscriptions/{subscriptionId}/cancellation', operationId: 'cancelSubscription', summary: 'Cancel a subscription',
    description: 'Answers 202 with the quote and queues `cancellation.requested` with channel `api`; the audit trail shows the decision. Send an `Idempotency-Key` header to make retries safe.',
    params: s.subscriptionIdPath, query: none, body: s.cancellationBody, status: 202, response: s.cancellationAccepted,
    async handle(ctx, { caller, path, body, event }) {
      const { account, sub } = await owned(ctx, caller, path.subscriptionId);
      const quote = quoteOf(ctx, account, sub, event.at, 'api', body.requestedEndDate);
      const queued = await queue(ctx, caller, cancellationRequested, {
        id: event.id, type: 'cancellation.requested', occurredAt: event.at,
        data: { subscriptionId: path.subscriptionId, channel: 'api', ...(body.requestedEndDate ? { requestedEndDate: body.requestedEndDate } : {}) },
      }, { customerId: account.customerId, subscriptionId: path.subscriptionId });
      return { ...quote, eventId: queued.id, links: links(queued) };
    },
  }),
  route({
    method: 'DELETE', path: '/v1/subscriptions/{subscriptionId}/cancellation', operationId: 'withdrawCancellation', summary: 'Withdraw a cancellation',
    description: 'Queues `cancellation.withdrawn`: the contract continues as if no cancellation had been given, when withdrawn before its end date (R-NOTICE-06). A subscription without a cancellation is left as it is; the event\'s outcome says so.',
    params: s.subscriptionIdPath, query: none, body: s.emptyBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, path, event }) {
      const { customerId } = await ownedSubscription(ctx, caller, path.subscriptionId);
      const queued = await queue(ctx, caller, cancellationWithdrawn, { id: event.id, type: 'cancellation.withdrawn', occurredAt: event.at, data: { subscriptionId: path.subscriptionId } }, { customerId, subscriptionId: path.subscriptionId });
      return acceptedBody(queued, { subscriptionId: path.subscriptionId });
    },
  }),
  route({
    method: 'POST', path: '/v1/customers', operationId: 'createCustomer', summary: 'Create a customer',
    description: 'Queues `customer.created` for the reseller that owns the API key. 409 when the id is taken (by any reseller: ids are global — leave `customerId` out to have one assigned). The customer can be used at once (e.g. in `POST /v1/subscriptions`), even before the pipeline has created it.',
    params: none, query: none, body: s.createCustomerBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, body, event }) {
      const customerId = body.customerId ?? `cus_${event.id.slice('api_'.length)}`;
      if (await ctx.read.account(customerId)) throw taken('customer', customerId);
      if (!(await claims(ctx).claim('customer', customerId, { resellerId: caller.resellerId, customerId, eventId: event.id }))) throw taken('customer', customerId);
      const queued = await queue(ctx, caller, customerCreated, {
        id: event.id, type: 'customer.created', occurredAt: event.at,
        data: {
          customerId, kind: body.kind, name: body.name, email: body.email, language: body.language, resellerId: caller.resellerId, directDebit: body.directDebit,
          ...(body.billingAddress && { billingAddress: body.billingAddress }), ...(body.vatId !== undefined && { vatId: body.vatId }),
        },
      }, { customerId });
      return acceptedBody(queued, { customerId });
    },
  }),
  route({
    method: 'PATCH', path: '/v1/customers/{customerId}', operationId: 'updateCustomer', summary: 'Change a customer\'s details',
    description: 'Queues `customer.updated` with the fields given (name, e-mail, language, direct debit, billing address, VAT id; null removes an address or VAT id). Invoices issued from then on name the new details; issued ones keep theirs (R-INV-02). The trail records which fields changed, never the new e-mail address.',
    params: s.customerIdPath, query: none, body: s.updateCustomerBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, path, body, event }) {
      await ownedCustomer(ctx, caller, path.customerId);
      const queued = await queue(ctx, caller, customerUpdated, { id: event.id, type: 'customer.updated', occurredAt: event.at, data: { customerId: path.customerId, ...body } }, { customerId: path.customerId });
      return acceptedBody(queued, { customerId: path.customerId });
    },
  }),
  route({
    method: 'POST', path: '/v1/subscriptions', operationId: 'createSubscription', summary: 'Create a subscription',
    description: 'Queues `subscription.created` for one of your customers. The terms profile must exist (400 otherwise) and seats and price lie within its limits (400). Whether the terms admit the customer (R-START-01: business-only profiles refuse consumers) is decided by the pipeline: see the event\'s outcome.',
    params: none, query: none, body: s.createSubscriptionBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, body, event }) {
      const account = await ownedCustomer(ctx, caller, body.customerId);
      const subscriptionId = body.subscriptionId ?? `sub_${event.id.slice('api_'.length)}`;
      const catalog = await catalogFor(ctx.deps, [account?.state]);
      if (!catalog.latest(body.termsId)) throw invalid([{ in: 'body', field: 'termsId', message: `no terms profile '${body.termsId}' (a preset id or a provider profile id)` }]);
      const candidate = subscriptionCreated.parse({ id: event.id, type: 'subscription.created', occurredAt: event.at, data: { ...body, subscriptionId } });
      withinBounds(() => checkBounds(candidate, account?.state ?? null, catalog));
      if (await ctx.read.subscription(subscriptionId)) throw taken('subscription', subscriptionId);
      if (!(await claims(ctx).claim('subscription', subscriptionId, { resellerId: caller.resellerId, customerId: body.customerId, eventId: event.id }))) throw taken('subscription', subscriptionId);
      return acceptedBody(await queue(ctx, caller, subscriptionCreated, candidate, { customerId: body.customerId, subscriptionId }), { customerId: body.customerId, subscriptionId });
    },
  }),
  route({
    method: 'POST', path: '/v1/subscriptions/{subscriptionId}/seats', operationId: 'changeSeats', summary: 'Change the number of seats',
    description: 'Queues `subscription.seats_changed`; the terms profile decides from when the new number is billed (R-START-02). Within the profile\'s limits (400 otherwise).',
    params: s.subscriptionIdPath, query: none, body: s.changeSeatsBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, path, body, event }) {
      const owned = await ownedSubscription(ctx, caller, path.subscriptionId);
      const candidate = seatsChanged.parse({ id: event.id, type: 'subscription.seats_changed', occurredAt: event.at, data: { subscriptionId: path.subscriptionId, seats: body.seats } });
      return queueForSubscription(ctx, caller, owned, path.subscriptionId, seatsChanged, candidate);
    },
  }),
  route({
    method: 'POST', path: '/v1/subscriptions/{subscriptionId}/plan', operationId: 'changePlan', summary: 'Change the plan',
    description: 'Queues `subscription.plan_changed`: the new plan (and optionally seats) from `effectiveAt` (default now). The plan must have the subscription\'s billing period and lie within the terms profile\'s limits (400 otherwise). The terms profile decides whether the rest of the period is charged pro rata (R-BILL-02); the event\'s outcome and the audit trail show the decision.',
    params: s.subscriptionIdPath, query: none, body: s.changePlanBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, path, body, event }) {
      const owned = await ownedSubscription(ctx, caller, path.subscriptionId);
      const candidate = planChanged.parse({
        id: event.id, type: 'subscription.plan_changed', occurredAt: event.at,
        data: { subscriptionId: path.subscriptionId, plan: body.plan, ...(body.effectiveAt !== undefined && { effectiveAt: body.effectiveAt }), ...(body.seats !== undefined && { seats: body.seats }) },
      });
      const sub = owned.account?.state.subscriptions[path.subscriptionId];
      if (sub && sub.plan.period !== body.plan.period) throw invalid([{ in: 'body', field: 'plan.period', message: `must be the subscription's billing period, '${sub.plan.period}'` }]);
      return queueForSubscription(ctx, caller, owned, path.subscriptionId, planChanged, candidate);
    },
  }),
  route({
    method: 'POST', path: '/v1/subscriptions/{subscriptionId}/usage', operationId: 'recordUsage', summary: 'Record usage',
    description: 'Queues `usage.recorded` with your `usageId` as its event id: whole units of a metric of the terms profile in a calendar month (R-BILL-03). Units above the month\'s allowance are invoiced on the first invoice after the month. The `usageId` is the idempotency key (no Idempotency-Key header needed): sent again with the same body it answers the first answer and counts once; with another body it is 422. Ids are yours: keep them unique among your usage records.',
    params: s.subscriptionIdPath, query: none, body: s.recordUsageBody, status: 202, response: s.eventAccepted,
    idempotencyKey: { field: 'usageId', of: ({ body }) => `usage:${body.usageId}` },
    async handle(ctx, { caller, path, body, event }) {
      const owned = await ownedSubscription(ctx, caller, path.subscriptionId);
      const { account } = owned;
      const candidate = usageRecorded.parse({
        id: body.usageId, type: 'usage.recorded', occurredAt: event.at,
        data: { subscriptionId: path.subscriptionId, metric: body.metric, quantity: body.quantity, ...(body.period !== undefined && { period: body.period }) },
      });
      const sub = account?.state.subscriptions[path.subscriptionId];
      if (account && sub) {
        await catalogFor(ctx.deps, [account.state]);
        const metrics = Object.keys(ctx.deps.catalog.get(sub.termsId, sub.termsVersion)?.allowances ?? {});
        if (!metrics.includes(body.metric)) throw invalid([{ in: 'body', field: 'metric', message: metrics.length ? `not a metric of the terms: one of ${metrics.join(', ')}` : 'the subscription\'s terms meter no usage' }]);
      }
      return queueForSubscription(ctx, caller, owned, path.subscriptionId, usageRecorded, candidate);
    },
  }),
  route({
    method: 'POST', path: '/v1/invoices/{invoiceId}/dispute', operationId: 'disputeInvoice', summary: 'Dispute an invoice',
    description: 'Queues `invoice.disputed` on behalf of the customer: within the profile\'s dispute window the invoice does not count toward arrears, reminders, suspension or dissolution until the dispute is resolved (R-PAY-05). The provider resolves it (`invoice.dispute_resolved`). Invoice ids are in `GET /v1/subscriptions/{id}/invoices`.',
    params: s.invoiceIdPath, query: none, body: s.emptyBody, status: 202, response: s.eventAccepted,
    async handle(ctx, { caller, path, event }) {
      const { account, invoice } = await ownedInvoice(ctx.read, caller, path.invoiceId);
      const customerId = account.customerId;
      const queued = await queue(ctx, caller, invoiceDisputed, { id: event.id, type: 'invoice.disputed', occurredAt: event.at, data: { invoiceId: path.invoiceId, customerId } }, { customerId, ...(invoice.subscriptionId && { subscriptionId: invoice.subscriptionId }) });
      return acceptedBody(queued, { customerId, invoiceId: path.invoiceId });
    },
  }),
];

/** Every route of the partner API, as the OpenAPI document describes it: these and the webhook endpoints' (another function's, functions/webhook-endpoints.ts). */
export const routes: readonly Route[] = [...partnerRoutes, ...webhookRoutes];
