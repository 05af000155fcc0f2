/**
 * The incoming events as zod schemas (the event contract, docs/events.md, is generated from them):
 * the edges parse with these, the core sees only the inferred types. Names and fields are the interface; the events marked
 * "added" are Looptijd's own additions for rules the contract texts need.
 */
import * as z from 'zod';

/**
 * Input bounds (issue 11): the hard ceilings no terms profile can pass, so that no input can make
 * an amount overflow or a stored item approach DynamoDB's 400 KB; INPUT_LIMITS are the defaults
 * the pipeline checks against (app/bounds.ts), which a terms profile's `limits` may raise.
 */
export const INPUT_CEILINGS = { maxSeats: 100_000, maxPriceCents: 100_000_000, maxAmountCents: 10_000_000_000 } as const;
export interface InputLimits {
  readonly maxSeats: number;
  readonly maxPriceCents: number;
  readonly maxAmountCents: number;
}
export const INPUT_LIMITS: InputLimits = { maxSeats: 1_000, maxPriceCents: 1_000_000, maxAmountCents: 100_000_000 };
export const inputLimitsSchema = z.object({
  maxSeats: z.number().int().positive().max(INPUT_CEILINGS.maxSeats),
  maxPriceCents: z.number().int().positive().max(INPUT_CEILINGS.maxPriceCents),
  maxAmountCents: z.number().int().positive().max(INPUT_CEILINGS.maxAmountCents),
}).partial().strict();

/** Lengths of the strings events carry. */
export const TEXT_LIMITS = { id: 128, eventId: 512, name: 200, email: 254, text: 1_000 } as const;
/** C0/C1 controls, DEL, and the bidirectional overrides that can disguise a name in an e-mail. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const noControl = (s: string) => !CONTROL.test(s);
const text = (max: number) => z.string().min(1).max(max).refine(noControl, 'must not contain control characters');
const id = z.string().min(1).max(TEXT_LIMITS.id).regex(/^[^\s\u0000-\u001f\u007f-\u009f]+$/, 'printable characters without spaces');
/** Derived ids (fan-out, follow-ups) extend the sender's id; a sender's own stays within `id`'s 128 in practice. */
const eventId = z.string().min(1).max(TEXT_LIMITS.eventId).regex(/^[^\s\u0000-\u001f\u007f-\u009f]+$/, 'printable characters without spaces');
const name = text(TEXT_LIMITS.name);
const email = z.email().max(TEXT_LIMITS.email);
/** Years 2000–2099: a static sanity bound; the pipeline also keeps occurredAt near its clock (app/bounds.ts). */
const inSaneYears = (s: string) => s >= '2000' && s < '2100';
const instant = z.iso.datetime({ offset: true }).refine(inSaneYears, 'must lie in the years 2000–2099');
const localDate = z.iso.date().refine(inSaneYears, 'must lie in the years 2000–2099');
const cents = z.number().int().nonnegative().max(INPUT_CEILINGS.maxAmountCents);
const seats = z.number().int().positive().max(INPUT_CEILINGS.maxSeats);

/** A postal address on invoices (R-INV-02): country as ISO 3166-1 alpha-2. */
export const addressSchema = z.object({
  street: text(TEXT_LIMITS.name),
  additionalStreet: text(TEXT_LIMITS.name).nullable().default(null),
  postalCode: z.string().min(1).max(16).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and dashes'),
  city: text(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. NL'),
});
/**
 * A VAT identification number (R-INV-03): two letters of the member state and 2–13 characters;
 * spaces, dots and dashes are allowed and dropped, letters upper-cased (`nl 8123.45.678.b01` is
 * kept as `NL812345678B01`, domain/invoicing.ts normalizeVatId).
 */
export const vatIdSchema = z.string().max(30).refine((s) => /^[A-Z]{2}[A-Z0-9+*]{2,13}$/.test(s.replace(/[\s.-]/g, '').toUpperCase()), 'a VAT id: country prefix and 2–13 letters or digits, e.g. NL812345678B01');

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ id: eventId, type: z.literal(type), occurredAt: instant, data });

export const resellerCreated = envelope('reseller.created', z.object({
  resellerId: id, name, email, customerId: id.optional(),
  /** White-label: the reseller's name signs its customers' e-mails and its address takes their replies. */
  whiteLabel: z.boolean().optional(),
}));
export const customerCreated = envelope('customer.created', z.object({
  customerId: id,
  kind: z.enum(['consumer', 'business']),
  name,
  email,
  language: z.enum(['nl', 'en']).default('nl'),
  resellerId: id,
  directDebit: z.boolean(),
  /** Added (issue 8): where invoices are addressed, and the VAT id of a business (R-INV-02, R-INV-03). */
  billingAddress: addressSchema.optional(),
  vatId: vatIdSchema.optional(),
}));
/** Added (issue 8): the customer's billing details changed; a field left out stays as it was, null clears it. */
export const customerUpdated = envelope('customer.updated', z.object({
  customerId: id,
  name: name.optional(),
  billingAddress: addressSchema.nullable().optional(),
  vatId: vatIdSchema.nullable().optional(),
  /** Added (issue 10, the partner API's PATCH): contact and payment details. The kind and the reseller never change. */
  email: email.optional(),
  language: z.enum(['nl', 'en']).optional(),
  directDebit: z.boolean().optional(),
}));
export const subscriptionCreated = envelope('subscription.created', z.object({
  subscriptionId: id,
  customerId: id,
  termsId: id,
  plan: z.object({ name, priceCents: cents.max(INPUT_CEILINGS.maxPriceCents), period: z.enum(['month', 'year']) }),
  seats,
  contractId: id.optional(),
}));
const subscriptionRef = z.object({ subscriptionId: id });
export const subscriptionActivated = envelope('subscription.activated', subscriptionRef);
export const seatsChanged = envelope('subscription.seats_changed', z.object({
  subscriptionId: id, seats,
  /** Added: the day the new number of seats applies from (R-BILL-02); default the day it happened. */
  effectiveAt: z.union([localDate, instant]).optional(),
}));
/**
 * Added (issue 8): the customer moves to another plan of the same billing period from a date
 * (R-BILL-02): `effectiveAt` a day or an instant (default: `occurredAt`), `seats` optionally with it.
 */
export const planChanged = envelope('subscription.plan_changed', z.object({
  subscriptionId: id,
  plan: z.object({ name, priceCents: cents.max(INPUT_CEILINGS.maxPriceCents), period: z.enum(['month', 'year']) }),
  effectiveAt: z.union([localDate, instant]).optional(),
  seats: seats.optional(),
}));
/**
 * Added (issue 8): metered use of a subscription (R-BILL-03; 004 art. 22.1, 29.1): `quantity`
 * whole units of `metric` (a metric of the terms profile's `allowances`) used in `period`, the
 * calendar month `YYYY-MM` (default: the month of `occurredAt`, Amsterdam time). Idempotent by id.
 */
export const usageRecorded = envelope('usage.recorded', z.object({
  subscriptionId: id,
  metric: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, dots, dashes and underscores'),
  quantity: z.number().int().positive().max(1_000_000_000),
  period: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'a calendar month YYYY-MM in the years 2000–2099').optional(),
}));
export const abuseReported = envelope('abuse.reported', z.object({ subscriptionId: id, reason: text(TEXT_LIMITS.text) }));
export const abuseCleared = envelope('abuse.cleared', z.object({ subscriptionId: id, reason: text(TEXT_LIMITS.text) }));
export const insolvencyReported = envelope('customer.insolvency_reported', z.object({
  customerId: id, kind: z.enum(['bankruptcy', 'suspension_of_payments', 'debt_rescheduling', 'liquidation', 'death']),
}));
export const priceChangeAnnounced = envelope('terms.price_change_announced', z.object({
  termsId: id, effectiveAt: z.union([localDate, instant]), changePct: z.number().min(-100).max(1000),
  /** Added: the account the fan-out delivers it to. */
  customerId: id.optional(),
}));
export const exportRequested = envelope('data.export_requested', subscriptionRef);
export const erasureRequested = envelope('data.erasure_requested', z.object({ customerId: id }));
export const dataDeleted = envelope('data.deleted', subscriptionRef);
export const paymentSucceeded = envelope('payment.succeeded', z.object({
  paymentId: id, customerId: id, amountCents: cents.positive(),
  method: z.enum(['direct_debit', 'ideal', 'card', 'bank_transfer']), invoiceId: id.optional(),
}));
export const paymentFailed = envelope('payment.failed', z.object({
  paymentId: id, customerId: id, amountCents: cents, reason: text(TEXT_LIMITS.text), invoiceId: id.optional(),
}));
export const paymentReversed = envelope('payment.reversed', z.object({
  paymentId: id, reason: z.enum(['storno', 'chargeback', 'refund']),
  /** Added: the pipeline resolves the payment's account before the domain sees it. */
  customerId: id.optional(),
}));
export const invoiceDisputed = envelope('invoice.disputed', z.object({ invoiceId: id, customerId: id.optional() }));
export const disputeResolved = envelope('invoice.dispute_resolved', z.object({
  invoiceId: id, outcome: z.enum(['upheld', 'rejected']), customerId: id.optional(),
}));
/** Added (issue 8): the provider credits an invoice (R-CREDIT-01): the amount (gross, default all that is left) and why. */
export const invoiceCredited = envelope('invoice.credited', z.object({
  invoiceId: id, amountCents: cents.positive().optional(), reason: text(TEXT_LIMITS.text), customerId: id.optional(),
}));
export const cancellationRequested = envelope('cancellation.requested', z.object({
  subscriptionId: id,
  channel: z.enum(['email', 'portal', 'registered_mail', 'api', 'phone']),
  requestedEndDate: localDate.optional(),
}));
export const cancellationWithdrawn = envelope('cancellation.withdrawn', subscriptionRef);

// Added events: Looptijd's own, for rules the contract texts need.
/** The provider confirms a dissolution the rules proposed (R-DISS-01 manual, R-DISS-02). */
export const dissolutionConfirmed = envelope('subscription.dissolution_confirmed', subscriptionRef);
/** The provider could not reach a defaulting customer at any known contact (R-DISS-03). */
export const customerUnreachable = envelope('customer.unreachable', z.object({ customerId: id }));
/** The provider changes its terms; customers who do not accept may leave (R-DISS-04). */
export const termsChanged = envelope('terms.changed', z.object({
  termsId: id, effectiveAt: z.union([localDate, instant]), summary: text(TEXT_LIMITS.text), customerId: id.optional(),
}));
/** A written payment arrangement (R-REACT-01). */
export const arrangementRecorded = envelope('customer.arrangement_recorded', z.object({ customerId: id, note: text(TEXT_LIMITS.text) }));
export const legalHoldSet = envelope('customer.legal_hold_set', z.object({ customerId: id, reason: text(TEXT_LIMITS.text) }));
export const legalHoldReleased = envelope('customer.legal_hold_released', z.object({ customerId: id }));
/** Fan-out of a reseller's suspension to each of its customers (R-SUSP-04, R-REACT-03). */
export const resellerSuspendedForCustomer = envelope('customer.reseller_suspended', z.object({ customerId: id, resellerId: id }));
export const resellerRestoredForCustomer = envelope('customer.reseller_restored', z.object({ customerId: id, resellerId: id }));
/** Marks an existing customer account as a reseller's billing account (from reseller.created). */
export const resellerAccountLinked = envelope('customer.reseller_account_linked', z.object({ customerId: id, resellerId: id }));
/** The time-driven "due" tick from the sweep: apply every time rule up to now. */
export const dueTick = envelope('subscription.due', z.object({ customerId: id, subscriptionId: id.optional() }));

export const subscriptionEvent = z.discriminatedUnion('type', [
  resellerCreated, customerCreated, subscriptionCreated, subscriptionActivated, seatsChanged, planChanged, usageRecorded, abuseReported,
  abuseCleared, insolvencyReported, priceChangeAnnounced, exportRequested, erasureRequested, dataDeleted,
  dissolutionConfirmed, customerUnreachable, termsChanged, arrangementRecorded, legalHoldSet, legalHoldReleased,
  resellerSuspendedForCustomer, resellerRestoredForCustomer, resellerAccountLinked, dueTick, customerUpdated,
]);
export const paymentEvent = z.discriminatedUnion('type', [paymentSucceeded, paymentFailed, paymentReversed, invoiceDisputed, disputeResolved, invoiceCredited]);
export const cancellationEvent = z.discriminatedUnion('type', [cancellationRequested, cancellationWithdrawn]);
export const anyEvent = z.discriminatedUnion('type', [...subscriptionEvent.options, ...paymentEvent.options, ...cancellationEvent.options]);

export type IncomingEvent = z.infer<typeof anyEvent>;
export type EventType = IncomingEvent['type'];
export type EventOf<T extends EventType> = Extract<IncomingEvent, { type: T }>;

/** Which queue carries which event type (docs/events.md). */
export const QUEUE_OF: Record<EventType, 'subscription-events' | 'payment-events' | 'cancellation-events'> = Object.fromEntries([
  ...subscriptionEvent.options.map((o) => [o.shape.type.value, 'subscription-events']),
  ...paymentEvent.options.map((o) => [o.shape.type.value, 'payment-events']),
  ...cancellationEvent.options.map((o) => [o.shape.type.value, 'cancellation-events']),
]) as Record<EventType, 'subscription-events' | 'payment-events' | 'cancellation-events'>;
