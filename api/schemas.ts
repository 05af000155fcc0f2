/**
 * Every input and output of the partner API as zod schemas: the router validates with them and
 * api/openapi.ts generates the OpenAPI 3.1 document from the very same objects.
 */
import * as z from 'zod';
import './openapi-extend.js';
import { WIRE_CODES } from './http.js';
import { customerCreated, customerUpdated, EVENT_TYPES, planChanged, seatsChanged, subscriptionCreated, usageRecorded, type DomainEvent } from '../domain/index.js';

/** An id as the events carry it: 1–128 printable characters, no whitespace or control characters. */
const idParam = z.string().min(1).max(128).regex(/^[^\s\u0000-\u001f\u007f]+$/, 'must be 1–128 printable characters without spaces');
/** Dates and instants in the years 2000–2099, as in the event schemas (domain/events.ts). */
const inSaneYears = (s: string) => s >= '2000' && s < '2100';
const localDate = z.iso.date().refine(inSaneYears, 'must lie in the years 2000–2099');
const instant = z.iso.datetime({ offset: true }).refine(inSaneYears, 'must lie in the years 2000–2099');

const limitQuery = z.coerce.number().int().min(1).max(200).default(50)
  .openapi({ description: 'Page size, 1–200 (default 50).', example: 50 });
const cursorQuery = z.string().min(1).max(2048).optional()
  .openapi({ description: 'The `nextCursor` of the previous page. Opaque; valid only for the same list and the same API key owner.' });

export const pageQuery = z.object({ limit: limitQuery, cursor: cursorQuery }).strict();

/** Event ids are longer than entity ids: fan-out and follow-up ids extend the sender's (domain/events.ts). */
export const eventIdPath = z.object({
  eventId: z.string().min(1).max(512).regex(/^[^\s\u0000-\u001f\u007f]+$/, 'must be 1–512 printable characters without spaces').openapi({ example: 'evt_01J9Z3' }),
}).strict();
export const customerIdPath = z.object({ customerId: idParam.openapi({ example: 'cus_123' }) }).strict();
export const subscriptionIdPath = z.object({ subscriptionId: idParam.openapi({ example: 'sub_123' }) }).strict();
export const invoiceIdPath = z.object({ invoiceId: idParam.openapi({ example: 'cus_123-0001' }) }).strict();

export const apiStatus = z.enum(['pending', 'active', 'suspended', 'cancelling', 'ended']);

export const subscriptionsQuery = z.object({
  limit: limitQuery,
  cursor: cursorQuery,
  customerId: idParam.optional().openapi({ description: 'Only this customer\'s subscriptions.' }),
  status: apiStatus.optional().openapi({ description: 'Only subscriptions in this status.' }),
}).strict();

export const forecastQuery = z.object({
  until: z.union([localDate, instant]).openapi({ description: 'Forecast horizon: a date (`2027-01-01`, 00:00 Amsterdam) or an instant with offset; at most 10 years ahead.', example: '2027-12-31' }),
}).strict();

/** The channels a cancellation can arrive by (`cancellation.requested`, docs/events.md). */
export const cancellationChannel = z.enum(['email', 'portal', 'registered_mail', 'api', 'phone']);

export const quoteQuery = z.object({
  channel: cancellationChannel.default('api').openapi({ description: 'The channel the cancellation would arrive by (R-NOTICE-04: a profile may accept only written or registered-mail cancellations); default `api`, the channel of `POST …/cancellation`.', example: 'registered_mail' }),
  requestedEndDate: localDate.optional().openapi({ description: 'Last day of service the customer asks for (inclusive).' }),
}).strict();

export const cancellationBody = z.object({
  requestedEndDate: localDate.optional().openapi({ description: 'Last day of service the customer asks for (inclusive); default the earliest possible.', example: '2027-06-30' }),
}).strict().openapi('CancellationRequest');

// Writes: bodies built from the event schemas' own fields, so the API's bounds are the pipeline's.
// (`.clone()` first: zod copies methods onto a schema when it is made, and the domain's were made
// before openapi-extend.ts added `.openapi()`.)

const customerData = customerCreated.shape.data.shape;
const subscriptionData = subscriptionCreated.shape.data.shape;

export const createCustomerBody = z.object({
  customerId: customerData.customerId.optional().clone().openapi({ description: 'Your id for the customer (1–128 printable characters, unique across Looptijd); default one Looptijd assigns (`cus_…`), answered in the 202.', example: 'cus_123' }),
  kind: customerData.kind,
  name: customerData.name.clone().openapi({ description: '1–200 characters, no control characters.', example: 'Bakkerij De Vries B.V.' }),
  email: customerData.email.clone().openapi({ example: 'finance@devries.example' }),
  language: z.enum(['nl', 'en']).default('nl').openapi({ description: 'The language of the customer\'s mail; default `nl`.' }),
  directDebit: z.boolean().default(false).openapi({ description: 'Whether the customer pays by SEPA direct debit; default false.' }),
  billingAddress: customerData.billingAddress.clone().openapi({ description: 'Where invoices are addressed (street, additionalStreet, postalCode, city, country as ISO 3166-1 alpha-2).' }),
  vatId: customerData.vatId.clone().openapi({ description: 'A business\'s VAT id (e.g. NL812345678B01); an EU id outside NL reverse-charges its invoices.' }),
}).strict().openapi('CreateCustomerRequest');

export const updateCustomerBody = z.object({
  name: customerData.name.optional(),
  email: customerData.email.optional(),
  language: z.enum(['nl', 'en']).optional(),
  directDebit: z.boolean().optional(),
  billingAddress: customerUpdated.shape.data.shape.billingAddress.clone().openapi({ description: 'null removes it.' }),
  vatId: customerUpdated.shape.data.shape.vatId.clone().openapi({ description: 'null removes it.' }),
}).strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one of name, email, language, directDebit, billingAddress, vatId', path: [] })
  .openapi('UpdateCustomerRequest', { description: 'Only the fields given change. `kind` cannot change (the terms depend on it), nor the reseller.' });

const plan = subscriptionData.plan.strict().openapi('Plan', {
  description: '`priceCents` per seat per period: including VAT when the terms profile\'s prices include VAT, else excluding; integer 0–100,000,000 (by default at most 1,000,000; a terms profile\'s `limits` may raise it).',
});

export const createSubscriptionBody = z.object({
  subscriptionId: subscriptionData.subscriptionId.optional().clone().openapi({ description: 'Your id for the subscription; default one Looptijd assigns (`sub_…`), answered in the 202.', example: 'sub_123' }),
  customerId: subscriptionData.customerId.clone().openapi({ description: 'One of your customers (also one created a moment ago whose creation is still queued).', example: 'cus_123' }),
  termsId: subscriptionData.termsId.clone().openapi({ description: 'A preset id or a provider terms profile id.', example: 'totaldesk' }),
  plan,
  seats: subscriptionData.seats.clone().openapi({ description: 'Integer 1–100,000 (by default at most 1,000; a terms profile\'s `limits` may raise it).', example: 2 }),
  contractId: subscriptionData.contractId.clone().openapi({ description: 'Bundles subscriptions into one contract (R-NOTICE-05).' }),
}).strict().openapi('CreateSubscriptionRequest');

export const changeSeatsBody = z.object({
  seats: seatsChanged.shape.data.shape.seats.clone().openapi({ description: 'The new number of seats, integer 1–100,000 (by default at most 1,000).', example: 5 }),
}).strict().openapi('ChangeSeatsRequest');

const planData = planChanged.shape.data.shape;
const usageData = usageRecorded.shape.data.shape;

export const changePlanBody = z.object({
  plan,
  effectiveAt: planData.effectiveAt.clone().openapi({
    description: 'The day (`2027-04-01`, from 00:00 Amsterdam) or instant the new plan applies from; default now. A later day is applied on that day; one after the contract\'s end is refused (R-BILL-02).',
    example: '2027-04-01',
  }),
  seats: planData.seats.clone().openapi({ description: 'A new number of seats with the plan, integer 1–100,000 (by default at most 1,000); default unchanged.', example: 5 }),
}).strict().openapi('ChangePlanRequest', {
  description: 'The plan must have the subscription\'s billing period. Whether the change is charged pro rata from its day or from the next period is the terms profile\'s (R-BILL-02).',
});

export const recordUsageBody = z.object({
  usageId: usageData.subscriptionId.clone().openapi({
    description: 'Your id for this usage record (1–128 printable characters without spaces): it becomes the event id, so a record sent twice counts once. Sent again with another body it is refused (422).',
    example: 'use_2027-03-17_0001',
  }),
  metric: usageData.metric.clone().openapi({ description: 'A metric of the subscription\'s terms profile (its `allowances`), e.g. `data-gb`.', example: 'data-gb' }),
  quantity: usageData.quantity.clone().openapi({ description: 'Whole units used, 1–1,000,000,000.', example: 12 }),
  period: usageData.period.clone().openapi({ description: 'The calendar month the units were used in, `YYYY-MM`; default the current month (Amsterdam time).', example: '2027-03' }),
}).strict().openapi('RecordUsageRequest');

export const emptyBody = z.object({}).strict();

// Responses ------------------------------------------------------------------------------------

export const eventAccepted = z.object({
  status: z.literal('queued'),
  eventId: z.string().openapi({ description: 'The id of the queued event; the same Idempotency-Key answers the same id. What became of it: `GET /v1/events/{eventId}` (also in `Location`).' }),
  type: z.string().openapi({ description: 'The event type queued (the event contract\'s names).', example: 'customer.created' }),
  customerId: z.string().optional(),
  subscriptionId: z.string().optional(),
  invoiceId: z.string().optional(),
  links: z.object({ event: z.string().openapi({ example: '/v1/events/api_3f2b…' }) }),
}).openapi('EventAccepted');

export const errorResponse = z.object({
  error: z.object({
    code: z.enum(WIRE_CODES).openapi({ description: 'The `api.*` codes of the one error vocabulary (domain/errors.ts), without the prefix.' }),
    message: z.string(),
    details: z.unknown().openapi({ description: 'For `invalid_request`: `[{ in, field, message }]`; else null.' }),
  }),
}).openapi('Error');

export const customer = z.object({
  id: z.string(),
  kind: z.enum(['consumer', 'business']),
  name: z.string(),
  email: z.string().nullable(),
  language: z.enum(['nl', 'en']),
  resellerId: z.string(),
  directDebit: z.boolean(),
  status: z.enum(['active', 'suspended', 'inactive', 'erased']),
  arrearsCents: z.number().int(),
  creditCents: z.number().int(),
  subscriptionIds: z.array(z.string()),
  createdAt: z.string(),
}).openapi('Customer');

const arrears = z.object({ amountCents: z.number().int(), oldestUnpaidInvoiceDate: z.string() }).nullable();

export const subscription = z.object({
  id: z.string(),
  customerId: z.string(),
  termsId: z.string(),
  termsVersion: z.number().int(),
  status: apiStatus,
  suspension: z.object({ reason: z.string(), since: z.string(), rule: z.string() }).nullable(),
  currentTerm: z.object({ start: z.string(), end: z.string().nullable() }).nullable(),
  nextRenewalAt: z.string().nullable(),
  noticeDeadline: z.string().nullable(),
  cancellation: z.object({ requestedAt: z.string(), endsAt: z.string(), lastDay: z.string(), channel: z.string(), rule: z.string() }).nullable(),
  arrears,
  seats: z.number().int(),
  plan: z.object({ name: z.string(), priceCents: z.number().int(), period: z.enum(['month', 'year']) }),
  endedOn: z.string().nullable(),
  dataDeletionAt: z.string().nullable(),
  dissolutionProposed: z.object({ at: z.string(), rule: z.string(), reason: z.string() }).nullable(),
}).openapi('Subscription');

const auditEvent = z.object({
  type: z.string().openapi({ description: `What happened, past tense: ${EVENT_TYPES.join(', ')}.` }),
  at: z.string(),
  rule: z.string().nullable().openapi({ description: 'The rule id (R-…) that fired, where one did.' }),
  source: z.string().nullable().openapi({ description: 'The contract article the decision rests on.' }),
  data: z.record(z.string(), z.unknown()).openapi({ description: 'The facts the decision used.' }),
  subscriptionId: z.string().nullable().openapi({ description: 'The subscription it happened to; null for a customer-level decision (a payment and its allocation, a storno, a dispute, an insolvency, an erasure …), which also appears in the trail of every subscription it changes.' }),
  eventId: z.string().nullable().openapi({ description: 'The incoming event whose decision this was (see `GET /v1/events/{eventId}`); null on entries recorded before it was kept.' }),
}).openapi('AuditEvent');

/** The compiler checks that every domain event (a typed union, domain/domain-events.ts) is a valid audit event of this API. */
type Fits<Api, Domain extends Api> = Domain;
type _DomainEventsFitTheApi = Fits<z.infer<typeof auditEvent>, DomainEvent & { eventId: string | null }>;

const vatCategory = z.enum(['standard', 'reverse-charge', 'not-subject']).openapi({ description: 'standard: at the line\'s rate; reverse-charge: 0 %, the customer accounts for the VAT ("BTW verlegd", R-INV-03); not-subject: no VAT supply (interest, collection costs). UBL category S, AE, O.' });
const invoiceLine = z.object({
  kind: z.string(), description: z.string(), subscriptionId: z.string().nullable(),
  period: z.object({ start: z.string(), end: z.string() }).nullable().openapi({ description: 'The period the line bills; `end` is exclusive (the day after the last day).' }),
  quantity: z.number(), unitCents: z.number().int(), netCents: z.number().int(), vatCents: z.number().int(), grossCents: z.number().int(),
  vatRateBp: z.number().int().openapi({ description: 'VAT rate in basis points: 2100 = 21 %.' }), vatCategory, rule: z.string(),
}).openapi('InvoiceLine');

const address = z.object({ street: z.string(), additionalStreet: z.string().nullable(), postalCode: z.string(), city: z.string(), country: z.string().openapi({ description: 'ISO 3166-1 alpha-2' }) }).openapi('Address');

export const invoice = z.object({
  id: z.string().openapi({ description: 'Looptijd\'s id of the document (stable key in every reference).' }),
  number: z.string().openapi({ description: 'The provider\'s legal invoice number: one gap-free sequential series for invoices and credit notes (R-INV-01).' }),
  kind: z.enum(['invoice', 'credit_note']),
  correctsInvoiceId: z.string().nullable().openapi({ description: 'For a credit note: the id of the invoice it corrects (R-CREDIT-01).' }),
  creditReason: z.string().nullable().openapi({ description: 'For a credit note: why it was issued.' }),
  customerId: z.string(),
  subscriptionId: z.string().nullable(),
  issuedAt: z.string(),
  dueAt: z.string(),
  netCents: z.number().int().openapi({ description: 'Negative on a credit note, as are VAT and total.' }),
  vatCents: z.number().int(),
  totalCents: z.number().int(),
  openCents: z.number().int(),
  paidCents: z.number().int(),
  creditedCents: z.number().int().openapi({ description: 'What credit notes took off this invoice (R-CREDIT-02).' }),
  status: z.enum(['open', 'paid', 'disputed', 'void', 'credited', 'credit_note']),
  lateInterestCents: z.number().int(),
  lines: z.array(invoiceLine),
  vatBreakdown: z.array(z.object({ vatCategory, vatRateBp: z.number().int(), netCents: z.number().int(), vatCents: z.number().int() })).openapi({ description: 'Net and VAT per category and rate (art. 35a Wet OB).' }),
  supplyPeriod: z.object({ start: z.string(), end: z.string() }).nullable().openapi({ description: 'The period the supply covers; `end` exclusive.' }),
  reverseCharge: z.boolean(),
  vatNote: z.string().nullable().openapi({ description: 'The note the VAT treatment requires, in the customer\'s language ("BTW verlegd").' }),
  seller: z.object({ name: z.string(), address, kvk: z.string(), vatId: z.string(), iban: z.string() }).nullable().openapi({ description: 'The provider as configured when the document was issued.' }),
  buyer: z.object({ name: z.string(), kind: z.enum(['consumer', 'business']), address: address.nullable(), vatId: z.string().nullable() }),
  retainUntil: z.string(),
}).openapi('Invoice');

export const cancellationQuote = z.object({
  earliestEndDate: z.string().nullable().openapi({ description: 'Last day of service (inclusive), or null when refused.' }),
  endsAt: z.string().nullable().openapi({ description: 'The instant the contract ends (00:00 Amsterdam after the last day).' }),
  earlyTerminationFeeCents: z.number().int(),
  refusal: z.object({ rule: z.string(), reason: z.string() }).nullable(),
  rule: z.string(),
  basis: z.string(),
  facts: z.record(z.string(), z.unknown()),
  quotedAt: z.string(),
}).openapi('CancellationQuote');

export const cancellationAccepted = cancellationQuote.extend({
  eventId: z.string().openapi({ description: 'Id of the queued `cancellation.requested` event; the same Idempotency-Key gives the same id. What became of it: `GET /v1/events/{eventId}` (also in `Location`).' }),
  links: z.object({ event: z.string() }),
}).openapi('CancellationAccepted');

const forecastEvent = z.object({
  type: z.string(), at: z.string(), rule: z.string().nullable(), source: z.string().nullable(), data: z.record(z.string(), z.unknown()),
}).openapi('ForecastEvent');

export const forecastResponse = z.object({
  subscriptionId: z.string(), from: z.string(), until: z.string(), events: z.array(forecastEvent),
}).openapi('Forecast');

export const eventOutcome = z.object({
  eventId: z.string(),
  type: z.string().nullable().openapi({ description: 'The event\'s `type` (null when the body had none that could be read).' }),
  status: z.enum(['accepted', 'parked', 'applied', 'ignored', 'refused', 'failed']).openapi({
    description: '`accepted`: queued by this API, not decided yet. `parked`: waiting for the customer, subscription, payment or invoice it names (until `deadline`, then `failed`). '
      + '`applied`: decided, see the trails. `ignored`: nothing to do (a payment already known, a repeated request). `refused`: a rule said no (`rule`, `reason`). '
      + '`failed`: could not be processed (`code`, `reason`); `deadLettered` once it is in the dead-letter queue, else it is being retried.',
  }),
  at: z.string().openapi({ description: 'When it was decided, parked, accepted or failed.' }),
  customerId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  rule: z.string().nullable().openapi({ description: 'For `refused`: the rule id (R-…) that refused it.' }),
  reason: z.string().nullable(),
  code: z.string().nullable().openapi({ description: 'For `failed` and `parked`: the error code (`event.invalid`, `subscription.unknown`, …).' }),
  deadLettered: z.boolean(),
  deadline: z.string().nullable().openapi({ description: 'For `parked`: when it is given up and dead-lettered.' }),
  duplicates: z.number().int().openapi({ description: 'Deliveries of the same id after it was decided; each had no effect.' }),
}).openapi('EventOutcome');

const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null at the end.' }) }).openapi(name);

export const customerPage = page(customer, 'CustomerPage');
export const subscriptionPage = page(subscription, 'SubscriptionPage');
export const auditEventPage = page(auditEvent, 'AuditEventPage');
export const invoicePage = page(invoice, 'InvoicePage');

// Payment webhooks -----------------------------------------------------------------------------

/** The body a payment provider posts: a payment.* event of docs/events.md without the envelope id. */
export const webhookBody = z.object({
  type: z.enum(['payment.succeeded', 'payment.failed', 'payment.reversed', 'invoice.disputed', 'invoice.dispute_resolved', 'invoice.credited']),
  timestamp: instant.optional().openapi({ description: 'When it happened in the world; default when it reached Looptijd. Must lie within 3 years before and 7 days after Looptijd\'s clock.' }),
  occurredAt: instant.optional(),
  data: z.record(z.string(), z.unknown()).openapi({
    description: 'The payment.* event\'s data (docs/events.md). Bounds: ids 1–128 printable characters without spaces; amountCents an integer 0–100,000,000 by default (a terms profile\'s `limits.maxAmountCents` may raise it to 10,000,000,000); reason 1–1,000 characters without control characters.',
  }),
}).openapi('PaymentWebhook');

export const webhookQueued = z.object({ status: z.literal('queued'), eventId: z.string().openapi({ description: '`whk_<webhook-id>`: ask `GET /v1/events/{eventId}` what became of it.' }) }).openapi('PaymentWebhookQueued');
export const webhookDuplicate = z.object({ status: z.literal('duplicate'), eventId: z.string(), message: z.string() }).openapi('PaymentWebhookDuplicate');
