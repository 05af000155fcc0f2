/**
 * The state the rules decide over. The consistency boundary is one customer account: a
 * customer with its subscriptions, invoices and payments. Payments are made per customer and
 * arrears are per customer (R-PAY-03, R-SUSP-03), so one account is one atomic write; effects
 * that cross accounts (reseller cascade, terms fan-out) leave as follow-up events.
 */
import type { Instant, LocalDate } from './calendar.js';
import type { DomainEvent } from './domain-events.js';
import type { RuleId } from './rule-ids.js';
import type { EmailTemplate } from './templates.js';
import type { ArchivedRecords } from './archive.js';

export type { Instant, LocalDate, RuleId };

export type Language = 'nl' | 'en';
export type CustomerKind = 'consumer' | 'business';
export type PaymentMethod = 'direct_debit' | 'ideal' | 'card' | 'bank_transfer';
export type CancellationChannel = 'email' | 'portal' | 'registered_mail' | 'api' | 'phone';

/** A pointer to the contract text a decision rests on, e.g. `{ seed: '001', article: '¶arrears' }`. */
export interface Source {
  readonly seed: string;
  readonly article: string;
}

export interface Customer {
  readonly id: string;
  readonly kind: CustomerKind;
  readonly name: string;
  readonly email: string;
  readonly language: Language;
  readonly resellerId: string;
  readonly directDebit: boolean;
  /** Set when this account is the billing account of a reseller (R-SUSP-04). */
  readonly billingAccountOfReseller: string | null;
  readonly createdAt: Instant;
  readonly unreachableSince: Instant | null;
  readonly legalHold: boolean;
  readonly insolvency: { readonly kind: InsolvencyKind; readonly reportedAt: Instant } | null;
  /** A written payment arrangement lifts the arrears suspension without full payment (R-REACT-01). */
  readonly arrangement: { readonly recordedAt: Instant; readonly note: string } | null;
  /** Where invoices are addressed (art. 35a Wet OB); null until the customer gave one. */
  readonly billingAddress: Address | null;
  /** The customer's VAT identification number (B2B), e.g. `NL123456789B01`, `DE123456789`; decides reverse charge (R-INV-03). */
  readonly vatId: string | null;
  readonly erasure:
    | { readonly status: 'scheduled'; readonly requestedAt: Instant; readonly deadline: LocalDate }
    | { readonly status: 'done'; readonly requestedAt: Instant; readonly erasedAt: Instant }
    | null;
}

/** A postal address as invoices carry it (EN 16931 BG-5/BG-8). */
export interface Address {
  readonly street: string;
  readonly additionalStreet: string | null;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2, e.g. `NL`. */
  readonly country: string;
}

/**
 * The provider's details every invoice must show (art. 35a Wet OB): configuration, handed to the
 * domain as input (never read from the environment there) and copied onto each invoice as issued.
 */
export interface ProviderDetails {
  readonly name: string;
  readonly address: Address;
  /** Chamber of Commerce (KvK) number, 8 digits. */
  readonly kvk: string;
  /** VAT identification number, e.g. `NL123456789B01`. */
  readonly vatId: string;
  readonly iban: string;
}

/** The customer as an invoice names it, copied when it is issued (R-INV-02). */
export interface InvoiceBuyer {
  readonly name: string;
  readonly kind: CustomerKind;
  readonly address: Address | null;
  readonly vatId: string | null;
}

export type InsolvencyKind = 'bankruptcy' | 'suspension_of_payments' | 'debt_rescheduling' | 'liquidation' | 'death';

export interface Plan {
  readonly name: string;
  /** Per seat per period; including VAT when the profile's prices include VAT. */
  readonly priceCents: number;
  readonly period: 'month' | 'year';
}

/** A plan and number of seats: what a subscription charges per period. */
export interface Offer {
  readonly plan: Plan;
  readonly seats: number;
}

/**
 * A plan or seat change (R-BILL-02). `from` null: scheduled for a later day and not yet applied.
 * Applied changes are kept while they fall in a period not yet billed in arrears, so that period
 * is split where they took effect (prorateChanges).
 */
export interface PlanChange {
  readonly effectiveOn: LocalDate;
  readonly from: Offer | null;
  readonly to: Offer;
  readonly prorated: boolean;
}

export interface Term {
  readonly start: LocalDate;
  /** Exclusive end (the term ends at 00:00 of this local day); null = indefinite. */
  readonly end: LocalDate | null;
  readonly kind: 'initial' | 'renewal' | 'indefinite';
}

export type SuspensionReason = 'arrears' | 'abuse' | 'reseller-suspended';

export interface Suspension {
  readonly reason: SuspensionReason;
  readonly since: Instant;
  readonly rule: RuleId;
  /** Seats at the moment of suspension: the reactivation fee counts these (R-REACT-02). */
  readonly seats: number;
  readonly detail: string;
}

export interface Cancellation {
  readonly requestedAt: Instant;
  readonly channel: CancellationChannel;
  /** Exclusive end: the subscription ends at 00:00 of this local day. */
  readonly endsOn: LocalDate;
  readonly earlyTerminationFeeCents: number;
  readonly rule: RuleId;
  readonly basis: 'notice' | 'priceChange' | 'termsChange' | 'earlyTermination' | 'unreachable';
  /** The invoice of the early-termination fee (R-EARLY-01), credited when the cancellation is withdrawn (R-CREDIT-01). */
  readonly feeInvoiceId: string | null;
}

/** A right to end the contract outside the normal notice rules (R-PRICE-01, R-DISS-04). */
export interface TerminationRight {
  readonly reason: 'priceChange' | 'termsChange';
  readonly rule: RuleId;
  readonly grantedAt: Instant;
  /** The latest day on which the right can be used (inclusive). */
  readonly exercisableUntil: LocalDate;
  /** Where the contract then ends (exclusive), or null when notice months apply from receipt. */
  readonly endsOn: LocalDate | null;
  readonly noticeMonths: number | null;
}

export interface PriceChange {
  readonly announcedAt: Instant;
  readonly effectiveOn: LocalDate;
  readonly changeBp: number;
  readonly newPriceCents: number;
  readonly rule: RuleId;
  readonly applied: boolean;
  /** The price it replaced, set when it takes effect (service billed in arrears is split there, R-PRICE-03). */
  readonly fromCents?: number;
}

interface SubscriptionBase {
  readonly id: string;
  readonly customerId: string;
  readonly termsId: string;
  readonly termsVersion: number;
  readonly plan: Plan;
  readonly seats: number;
  readonly contractId: string | null;
  readonly createdAt: Instant;
  readonly priceChanges: readonly PriceChange[];
}

export interface PendingSubscription extends SubscriptionBase {
  readonly status: 'pending';
  /** onFirstPayment: the invoice whose payment starts the service (R-START-01). */
  readonly firstInvoiceId: string | null;
}

export interface LiveSubscription extends SubscriptionBase {
  readonly status: 'live';
  readonly activatedOn: LocalDate;
  readonly term: Term;
  /** End of the minimum term (exclusive); the first day the contract may end. */
  readonly minimumTermEnd: LocalDate;
  /** Start of the next period to invoice (in advance) or the end of the running one (in arrears). */
  readonly nextInvoiceOn: LocalDate;
  /** Periods are anniversaries of this date, so 31 Jan stays the 31st where the month has one. */
  readonly periodAnchor: LocalDate;
  readonly periodIndex: number;
  readonly suspensions: readonly Suspension[];
  readonly cancellation: Cancellation | null;
  readonly terminationRights: readonly TerminationRight[];
  /** Dissolution for arrears awaiting the provider's confirmation (R-DISS-01, manual). */
  readonly dissolutionProposed: { readonly at: Instant; readonly rule: RuleId; readonly reason: string } | null;
  readonly noticeDeadlineAnnouncedFor: LocalDate | null;
  /** Scheduled changes, and applied ones that split a period still to be billed in arrears (R-BILL-02). */
  readonly changes: readonly PlanChange[];
  /** Usage per calendar month and metric not yet past the late-usage window (R-BILL-03); absent on accounts from before usage: none. */
  readonly usage?: readonly UsageAggregate[];
}

/** What an invoice takes from the usage aggregates (R-BILL-03): the units it now covers, and the aggregates that go. */
export interface UsageBilled {
  readonly billed: readonly { readonly period: string; readonly metric: string; readonly quantity: number }[];
  readonly dropped: readonly { readonly period: string; readonly metric: string }[];
}

/** The units of one metric used in one calendar month (R-BILL-03), and how many of them an invoice already covered. */
export interface UsageAggregate {
  /** The calendar month, `YYYY-MM`. */
  readonly period: string;
  readonly metric: string;
  readonly quantity: number;
  readonly billedQuantity: number;
}

export type EndReason = 'cancelled' | 'dissolved' | 'insolvency' | 'unreachable' | 'price-change' | 'terms-change' | 'erasure';

export interface EndedSubscription extends SubscriptionBase {
  readonly status: 'ended';
  readonly activatedOn: LocalDate | null;
  readonly endedOn: LocalDate;
  readonly endReason: EndReason;
  readonly rule: RuleId;
  /** The last day an export can be requested (inclusive); null when there is no window. */
  readonly exportWindowEndsOn: LocalDate;
  readonly exportRequestedAt: Instant | null;
  readonly dataDeletion: { readonly requestedAt: Instant; readonly confirmedAt: Instant | null } | null;
}

export type Subscription = PendingSubscription | LiveSubscription | EndedSubscription;

export type InvoiceLineKind =
  | 'subscription'
  | 'surcharge'
  | 'reactivation'
  | 'early-termination'
  | 'plan-change'
  | 'usage'
  | 'collection-costs'
  | 'interest'
  /** A credit note's line that corrects an invoice without line detail (a partial credit of a mixed invoice). */
  | 'credit';

/**
 * How VAT applies to a line (R-INV-02, R-INV-03): `standard` at the line's rate; `reverse-charge`
 * at 0 %, the customer (an EU business outside the Netherlands) accounts for it ("BTW verlegd");
 * `not-subject`: no supply for VAT (late interest, collection costs).
 * UBL/EN 16931 category codes: S, AE, O.
 */
export type VatCategory = 'standard' | 'reverse-charge' | 'not-subject';

/** The VAT of one rate and category on an invoice: what art. 35a Wet OB asks per rate. */
export interface VatBreakdown {
  readonly vatCategory: VatCategory;
  readonly vatRateBp: number;
  readonly netCents: number;
  readonly vatCents: number;
}

export interface InvoiceLine {
  readonly kind: InvoiceLineKind;
  readonly description: string;
  readonly subscriptionId: string | null;
  readonly period: { readonly start: LocalDate; readonly end: LocalDate } | null;
  readonly quantity: number;
  readonly unitCents: number;
  readonly netCents: number;
  readonly vatCents: number;
  readonly grossCents: number;
  /** The VAT rate in basis points (21 % = 2100); 0 for reverse charge and for lines not subject to VAT. */
  readonly vatRateBp: number;
  readonly vatCategory: VatCategory;
  readonly rule: RuleId;
}

/** Dunning progress of one invoice; each step happens once (R-DUN-04). */
export interface Dunning {
  readonly reminderOn: LocalDate | null;
  readonly formalNoticeOn: LocalDate | null;
  readonly defaultOn: LocalDate | null;
  readonly letterOn: LocalDate | null;
  readonly costsInvoiceId: string | null;
  readonly suspendedOn: LocalDate | null;
  readonly dissolutionOn: LocalDate | null;
}

/**
 * An invoice or a credit note (R-INV-01, R-CREDIT-01). `id` is the system's key (`<customerId>-0007`,
 * stable, in every reference); `number` is the legal invoice number of the provider's one series.
 * A credit note has negative amounts and names the invoice it corrects.
 */
export interface Invoice {
  readonly id: string;
  /** The provider's gap-free sequential number (R-INV-01), e.g. `LT-000123`; credit notes share the series. */
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  /** For a credit note: the invoice it corrects; null for an invoice. */
  readonly correctsInvoiceId: string | null;
  /** For a credit note: why it was issued (customer-facing, in the customer's language); null for an invoice. */
  readonly creditReason: string | null;
  readonly customerId: string;
  /** The subscription it bills, or null for customer-level invoices (collection costs, interest). */
  readonly subscriptionId: string | null;
  readonly issuedOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly lines: readonly InvoiceLine[];
  readonly netCents: number;
  readonly vatCents: number;
  readonly totalCents: number;
  /** VAT per category and rate (art. 35a lid 1 onder i Wet OB); the sums equal netCents and vatCents. */
  readonly vatBreakdown: readonly VatBreakdown[];
  /** The period the supply covers (first line start, last line end; end exclusive like the lines'); null when no line has one. */
  readonly supplyPeriod: { readonly start: LocalDate; readonly end: LocalDate } | null;
  /** R-INV-03: the customer, an EU business outside the Netherlands, accounts for the VAT. */
  readonly reverseCharge: boolean;
  /** The note the VAT treatment requires on the document, in the customer's language ("BTW verlegd"); null when none. */
  readonly vatNote: string | null;
  /** The provider as configured when issued; null when no provider details were configured (tests, earlier releases). */
  readonly seller: ProviderDetails | null;
  readonly buyer: InvoiceBuyer;
  /** Principal (subscription charges) or accessory claims (costs and interest, paid first by 6:44 BW). */
  readonly category: 'principal' | 'accessory';
  readonly paidCents: number;
  readonly writtenOffCents: number;
  /** What credit notes took off this invoice (positive cents, R-CREDIT-02); 0 for a credit note itself. */
  readonly creditedCents: number;
  readonly dispute: { readonly openedAt: Instant; readonly resolved: null | { readonly at: Instant; readonly outcome: 'upheld' | 'rejected' } } | null;
  readonly dunning: Dunning;
  /** The invoice and its payment records are kept until then (R-LAW-04). */
  readonly retainUntil: LocalDate;
}

export interface Payment {
  readonly id: string;
  readonly amountCents: number;
  readonly method: PaymentMethod;
  readonly receivedAt: Instant;
  readonly invoiceId: string | null;
  /** `failed`: announced by payment.failed and never received; kept so the failure is handled once. */
  readonly status: 'succeeded' | 'reversed' | 'failed';
  readonly reversal: { readonly at: Instant; readonly reason: 'storno' | 'chargeback' | 'refund' | 'failed' } | null;
}

export interface Allocation {
  readonly paymentId: string;
  readonly invoiceId: string;
  readonly cents: number;
}

export interface Account {
  readonly customer: Customer;
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly invoices: Readonly<Record<string, Invoice>>;
  readonly payments: Readonly<Record<string, Payment>>;
  /** Derived from payments and invoices by R-PAY-03; kept so a reader sees who paid what. */
  readonly allocations: readonly Allocation[];
  readonly creditCents: number;
  /** The instant up to which time rules have been applied (monotone). */
  readonly clock: Instant;
  /** Sequence for invoice ids within the account (`<customerId>-0007`); the legal number is the provider's series (R-INV-01). */
  readonly invoiceSeq: number;
  /** The last retention date of any invoice issued (R-LAW-04): records are kept until then. */
  readonly retainRecordsUntil: LocalDate | null;
  /** Ended subscriptions whose records left the working set (domain/archive.ts). */
  readonly archivedSubscriptionIds: readonly string[];
}

/** The audit trail is the domain events: a union on `type` with typed facts (domain-events.ts). */
export type { DomainEvent, DomainEvent as AuditEvent, EventData, DomainEventType, EventOfType, DunningFacts } from './domain-events.js';

export type AccessReason = SuspensionReason | 'ended' | 'reactivated' | 'abuse-cleared' | 'reseller-restored';

export type Effect =
  | {
      readonly kind: 'email';
      readonly key: string;
      readonly template: EmailTemplate;
      readonly to: string;
      readonly language: Language;
      readonly subscriptionId: string | null;
      /** The customer's reseller: the outbox signs white-label mail with its name. Absent on items written before. */
      readonly resellerId?: string;
      readonly facts: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'invoice'; readonly key: string; readonly invoiceId: string }
  | {
      readonly kind: 'access';
      readonly key: string;
      readonly action: 'revoke' | 'restore';
      readonly subscriptionId: string;
      readonly seats: number;
      readonly reason: AccessReason;
      readonly rule: RuleId;
    }
  | { readonly kind: 'data.export'; readonly key: string; readonly subscriptionId: string }
  | { readonly kind: 'data.delete'; readonly key: string; readonly subscriptionId: string; readonly scope: 'hosted-data-and-backups' | 'personal-data' }
  | { readonly kind: 'follow-up'; readonly key: string; readonly event: FollowUpEvent }
  | { readonly kind: 'wake'; readonly key: string; readonly at: Instant };

/** Events the domain asks the pipeline to deliver to other accounts. */
export type FollowUpEvent =
  | { readonly type: 'reseller.suspended'; readonly data: { readonly resellerId: string; readonly since: Instant } }
  | { readonly type: 'reseller.restored'; readonly data: { readonly resellerId: string } };

export interface Refusal {
  readonly rule: RuleId;
  readonly reason: string;
}

export interface Decision {
  readonly state: Account | null;
  readonly events: readonly DomainEvent[];
  readonly effects: readonly Effect[];
  /** `ignored`: a duplicate or an event with nothing to do; `refused`: a rule said no (also mailed). */
  readonly outcome: 'applied' | 'ignored' | 'refused';
  readonly refusal: Refusal | null;
  /** The next instant at which a time rule may fire for this account (for the due index). */
  readonly dueAt: Instant | null;
  /** Settled records that left the working set with this decision: the store writes each as an item of its own. */
  readonly archived: ArchivedRecords;
  /**
   * The invoice numbers this decision took from the provider's series (R-INV-01), or null when it
   * issued none: the store moves the series counter from `last` to `next - 1` in the decision's own
   * transaction, conditioned on it still being `last`.
   */
  readonly numbering: { readonly series: string; readonly last: number; readonly next: number } | null;
}

/**
 * The provider's invoice number series as the pipeline read it: the last number issued. The
 * decision takes the next ones in order (R-INV-01).
 */
export interface NumberSeries {
  /** The series key (one counter item per series), e.g. `LT`. */
  readonly id: string;
  /** What every number starts with, e.g. `LT-`: number = prefix + the sequence padded to 6 digits. */
  readonly prefix: string;
  /** The last number issued in the series (0 when none yet). */
  readonly last: number;
}

/** What a decision needs to know about the provider besides the terms: its details and its number series. */
export interface BillingInput {
  readonly series: NumberSeries;
  readonly seller: ProviderDetails | null;
}
