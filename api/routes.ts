/**
 * The partner API's endpoints: each takes validated input and the caller's reseller id, reads
 * through the read model and answers with a view computed by the domain at the current time.
 * Tenancy: anything not owned by the caller answers exactly what an unknown id answers.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  cancellationRequested, customerView, decide, forecast, invoiceView, quoteCancellation, subscriptionView, tick,
  type Account, type CancellationChannel, type CancellationQuote, type Subscription,
} from '../domain/index.js';
import { startOfDay, toInstant } from '../domain/calendar.js';
import type { Deps, EventOutcome } from '../app/ports.js';
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
}

export interface Route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly method: 'GET' | 'POST' | 'DELETE';
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

const MAX_FORECAST_MS = 10 * 366 * 24 * 3600 * 1000;

export const routes: readonly Route[] = [
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
    async handle(ctx, { caller, path, body, headers }) {
      const { account, sub } = await owned(ctx, caller, path.subscriptionId);
      const idem = headers['idempotency-key'];
      if (idem !== undefined && !/^[\x21-\x7e]{1,100}$/.test(idem)) {
        throw invalid([{ in: 'header', field: 'Idempotency-Key', message: '1–100 printable ASCII characters' }]);
      }
      const now = ctx.deps.clock.now();
      const quote = quoteOf(ctx, account, sub, now, 'api', body.requestedEndDate);
      const id = idem ? `api_${createHash('sha256').update(`${caller.resellerId}\n${path.subscriptionId}\n${idem}`).digest('hex').slice(0, 32)}` : `api_${randomUUID()}`;
      // Only a value the domain's own schema accepts is ever queued.
      const event = cancellationRequested.parse({
        id, type: 'cancellation.requested', occurredAt: now,
        data: { subscriptionId: path.subscriptionId, channel: 'api', ...(body.requestedEndDate ? { requestedEndDate: body.requestedEndDate } : {}) },
      });
      await ctx.deps.queues.send(event);
      await accepted(ctx, { eventId: id, eventType: event.type, at: now, customerId: account.customerId, subscriptionId: path.subscriptionId, resellerId: caller.resellerId });
      return { ...quote, eventId: id };
    },
  }),
  ...webhookRoutes,
];
