/**
 * The domain events: what happened to an account, past tense, each with its typed facts. They are
 * the audit trail (what, when, by which rule, from which article, on which facts: STYLE 5) and the
 * only way state changes: a decision emits them and `evolve` (evolve.ts) folds them into the
 * account. Data field names are part of the partner API's `/events` and the stored audit items.
 */
import type { CancellationQuoteFacts } from './cancellation.js';
import type { Instant, LocalDate } from './calendar.js';
import type { NextStep } from './email-facts.js';
import type { RuleId } from './rule-ids.js';
import type { TermsProfile } from './terms.js';
import type {
  Address, Allocation, CancellationChannel, Cancellation, CustomerKind, EndReason, InsolvencyKind, Invoice, InvoiceBuyer, InvoiceLine, Language, Offer, PaymentMethod, Plan,
  ProviderDetails, Suspension, Term, UsageBilled, VatBreakdown,
} from './types.js';

/** What art. 35a Wet OB asks of every invoice and credit note besides its amounts (R-INV-01..03). */
interface LegalFacts {
  /** The provider's series number (R-INV-01). */
  number: string;
  vatBreakdown: VatBreakdown[];
  supplyPeriod: { start: LocalDate; end: LocalDate } | null;
  reverseCharge: boolean;
  vatNote: string | null;
  seller: ProviderDetails | null;
  buyer: InvoiceBuyer;
}

type Reversal = 'storno' | 'chargeback' | 'refund' | 'failed';

/** Each event type with its facts. */
export interface EventData {
  // -- the customer ------------------------------------------------------------------------------
  /** The account opens (its contact data is the account's, not the trail's: erasure can remove it, R-DATA-04). */
  CustomerCreated: { customerId: string; kind: CustomerKind; resellerId: string; language: Language; directDebit: boolean };
  ResellerAccountLinked: { resellerId: string };
  ArrangementRecorded: { note: string };
  LegalHoldSet: { reason: string };
  LegalHoldReleased: Record<string, never>;
  InsolvencyReported: { kind: InsolvencyKind; claimsDueAtOnce: string[]; dueOn: LocalDate };
  CustomerUnreachable: { owed: string[] };
  /**
   * Details changed (customer.updated): billing details that invoices from now on name (R-INV-02,
   * R-INV-03), language and direct debit. A new e-mail address is named, not recorded: it is the
   * account's, not the trail's, as at creation (R-DATA-05).
   */
  CustomerUpdated: {
    changed: ('name' | 'billingAddress' | 'vatId' | 'email' | 'language' | 'directDebit')[];
    name?: string; billingAddress?: Address | null; vatId?: string | null; language?: Language; directDebit?: boolean;
  };

  // -- subscriptions -----------------------------------------------------------------------------
  SubscriptionCreated: { termsId: string; termsVersion: number; plan: Plan; seats: number; activation: TermsProfile['activation']; contractId: string | null };
  SubscriptionRefused: { subscriptionId: string; reason: string };
  SubscriptionActivated: {
    activation: TermsProfile['activation']; because: string; termStart: LocalDate; termEnd: LocalDate | null; termKind: Term['kind'];
    minimumTermMonths: number; minimumTermEnd: LocalDate; periodIndex: number; nextInvoiceOn: LocalDate;
    /** What billing periods are anniversaries of (R-BILL-01); absent on events from before billing anchors: the term's start. */
    periodAnchor?: LocalDate;
  };
  SeatsChanged: { from: number; to: number; appliesFrom: string; effectiveOn?: LocalDate; prorated?: boolean };
  /** R-BILL-02: a new plan (and seats) from a day; `prorated`: the rest of the period is charged or credited by days. */
  PlanChanged: { from: Offer; to: Offer; effectiveOn: LocalDate; prorated: boolean; appliesFrom: string };
  /** R-BILL-02: a change for a later day, applied on that day. */
  PlanChangeScheduled: { to: Offer; effectiveOn: LocalDate; prorated: boolean };
  /** R-BILL-03: units of a metric used in a calendar month; `total` the month's aggregate after it. */
  UsageRecorded: { metric: string; period: string; quantity: number; total: number };
  SubscriptionContinuedIndefinitely: { previousTermEnd: LocalDate; noticeMonths: number; guardrail?: string };
  SubscriptionRenewed: { termStart: LocalDate; termEnd: LocalDate; months: number };
  NoticeDeadline: { lastDayForNotice: LocalDate; termEnd: LocalDate | null; noticeMonths: number; renewsOtherwise: string };
  CancellationAccepted: CancellationQuoteFacts & {
    endsOn: LocalDate; lastDay: LocalDate | null; earlyTerminationFeeCents: number; channel: CancellationChannel; basis: Cancellation['basis'];
  };
  CancellationRefused: CancellationQuoteFacts & { reason: string; channel: CancellationChannel };
  CancellationWithdrawn: { endsOnWas: LocalDate };
  EndScheduledUnreachable: { paid: true; endsOn: LocalDate };
  EndedUnreachable: { paid: false };
  SubscriptionEnded: {
    endedOn: LocalDate; reason: EndReason; exportWindowDays: number; exportWindowEndsOn: LocalDate | null;
    /** The last day an export can be requested (the state's `exportWindowEndsOn`, also set without a window). */
    lastExportDay: LocalDate;
    note?: string;
  };
  PriceChangeAnnounced: {
    askedEffectiveOn: LocalDate; effectiveOn: LocalDate; changeBp: number; fromCents: number; toCents: number; terminationRight: boolean; thresholdBp: number | null;
    /** The right to leave it gives (R-PRICE-01), when `terminationRight`. */
    right: { exercisableUntil: LocalDate; endsOn: LocalDate | null; noticeMonths: number | null } | null;
  };
  PriceChanged: { fromCents: number; toCents: number; changeBp: number; effectiveOn: LocalDate; announcedAt: Instant };
  TermsChangeAnnounced: { effectiveOn: LocalDate; summary: string; mayEndOn: LocalDate };

  // -- suspension, reactivation, dissolution ---------------------------------------------------------
  SubscriptionSuspended: {
    reason: Suspension['reason']; seats: number; detail: string;
    report?: string; resellerId?: string;
    invoiceId?: string; invoiceIssuedOn?: LocalDate; invoiceDueOn?: LocalDate; openCents?: number; threshold?: TermsProfile['suspendWhen']; suspendableFrom?: LocalDate; scope?: TermsProfile['suspendScope'];
  };
  SuspensionLifted: {
    reason: Suspension['reason']; since: Instant;
    clearance?: string; resellerId?: string; basis?: string; paidBeforeSuspension?: boolean; feeWaived?: string | null;
  };
  AccessRevoked: { seats: number; reason: Suspension['reason'] | 'ended'; billingContinues?: true };
  AccessRestored: { seats: number };
  ResellerSuspensionCascaded: { resellerId: string };
  DissolutionProposed: {
    confirmation: string; because: string;
    reason?: InsolvencyKind; invoiceId?: string; invoiceIssuedOn?: LocalDate; openCents?: number;
  };
  SubscriptionDissolved: {
    reason: 'dissolved' | 'insolvency'; remainingChargesCents: number; remainingUntil: LocalDate; claims: string[];
    /** The invoice that charged accrued interest and collection costs, and the claims whose costs it carries. */
    costsInvoiceId: string | null; costsFor: string[];
  };

  // -- invoices and payments -----------------------------------------------------------------------
  InvoiceIssued: LegalFacts & {
    invoiceId: string; issuedOn: LocalDate; dueOn: LocalDate; netCents: number; vatCents: number; totalCents: number;
    lines: InvoiceLine[]; category: Invoice['category']; retainUntil: LocalDate;
    /** R-START-01 onFirstPayment: paying this invoice starts the subscription. */
    startsService: boolean;
    /** Periodic billing moves on: the subscription's next period and the day it is invoiced (R-START-02). */
    billed: { periodIndex: number; nextInvoiceOn: LocalDate } | null;
    /** The early-termination fee of the subscription's cancellation (R-EARLY-01): credited if it is withdrawn. */
    cancellationFee?: true;
    /** R-BILL-03: the usage aggregates the invoice covers (units now invoiced) and those dropped. */
    usage?: UsageBilled;
  };
  /** R-CREDIT-01: a credit note corrects an invoice (negative amounts); the invoice's credited amount grows by its total. */
  CreditNoteIssued: LegalFacts & {
    creditNoteId: string; correctsInvoiceId: string; correctsNumber: string; reason: string; issuedOn: LocalDate;
    netCents: number; vatCents: number; totalCents: number; lines: InvoiceLine[]; category: Invoice['category']; retainUntil: LocalDate;
  };
  PaymentReceived: { paymentId: string; amountCents: number; method: PaymentMethod; receivedAt: Instant; invoiceId: string | null; allocations: Allocation[]; creditCents: number };
  PaymentFailed: { paymentId: string; amountCents: number; reason: string; invoiceId: string | null; receivedAt: Instant };
  PaymentReversed: { paymentId: string; reason: Reversal; amountCents: number; reopened: { invoiceId: string; cents: number }[]; note: string };
  /** R-PAY-03's allocation after a change: what each changed invoice has paid and written off, who paid what, the credit. */
  PaymentsAllocated: { invoices: { invoiceId: string; paidCents: number; writtenOffCents: number }[]; allocations: Allocation[]; creditCents: number };
  InvoiceDisputed: { invoiceId: string; openCents: number; windowDays: number | null; effect: string; costsInvoiceId: string | null };
  DisputeRefused: { invoiceId: string; lastDay: LocalDate | null };
  DisputeResolved: { invoiceId: string; outcome: 'upheld' | 'rejected'; effect: string; costsInvoiceId: string | null };
  /** The provider credited an invoice (invoice.credited); the credit note follows as CreditNoteIssued. */
  InvoiceCreditRequested: { invoiceId: string; requestedCents: number | null; creditedCents: number; reason: string };

  // -- dunning ---------------------------------------------------------------------------------------
  /** `payBy` is the day before `next` (the backend's next step on the invoice), null when none follows. */
  ReminderSent: DunningFacts & { ladder: string[]; inDefault: boolean; payBy: LocalDate | null; next?: NextStep | null };
  /** `deadline` is the day default begins; `payBy` the last day to pay before the next step. */
  FormalNoticeSent: DunningFacts & { costsCents: number; costsBasis: string; deadline: LocalDate; payBy?: LocalDate | null };
  CustomerInDefault: DunningFacts & { interestFrom: LocalDate; interestBasis: string };
  FourteenDayLetterSent: DunningFacts & { costsCents: number; payBy: LocalDate; assumedReceipt: LocalDate };
  CollectionCostsCharged: DunningFacts & {
    costsCents: number; claim: string[]; combinedPrincipalCents: number; basis: string; guardrail?: string | null; note?: string; costsInvoiceId: string | null;
  };

  // -- data ------------------------------------------------------------------------------------------
  ExportRequested: { windowEndsOn: LocalDate | null };
  ExportRefused: { reason: string };
  DataDeletionRequested: { what: string[]; kept: string; exportWindowEndedOn: LocalDate };
  DataDeleted: { what: string[]; requestedAt: Instant };
  ErasureScheduled: { at: LocalDate | undefined; deadline: LocalDate };
  ErasureRefused: { reason: string; running?: string[] };
  PersonalDataErased: {
    because: 'request' | 'scheduled'; erased: string[]; kept: string;
    /** Invoices and payment records are kept until then (R-LAW-04). */
    retainedUntil: LocalDate | null;
    requestedAt: Instant;
    /** Ended subscriptions whose hosted data deletion is requested with the erasure (R-DATA-03). */
    dataDeletionRequested: string[];
  };
}

/** The facts every dunning step names (R-DUN-04). */
export interface DunningFacts {
  invoiceId: string;
  issuedOn: LocalDate;
  dueOn: LocalDate;
  openCents: number;
  interestCents: number;
  interestBasis: string;
}

export type DomainEventType = keyof EventData;

/** One domain event: a discriminated union on `type`, with the facts of that type in `data`. */
export type DomainEvent = {
  [K in DomainEventType]: {
    readonly type: K;
    readonly at: Instant;
    readonly subscriptionId: string | null;
    readonly rule: RuleId | null;
    readonly source: string | null;
    readonly data: Readonly<EventData[K]>;
  };
}[DomainEventType];

export type EventOfType<K extends DomainEventType> = Extract<DomainEvent, { type: K }>;

/** Every event type, for readers that list them (the compiler checks the list is complete). */
export const EVENT_TYPES = Object.keys({
  CustomerCreated: 1, ResellerAccountLinked: 1, ArrangementRecorded: 1, LegalHoldSet: 1, LegalHoldReleased: 1, InsolvencyReported: 1, CustomerUnreachable: 1, CustomerUpdated: 1,
  SubscriptionCreated: 1, SubscriptionRefused: 1, SubscriptionActivated: 1, SeatsChanged: 1, UsageRecorded: 1, PlanChanged: 1, PlanChangeScheduled: 1, SubscriptionContinuedIndefinitely: 1, SubscriptionRenewed: 1,
  NoticeDeadline: 1, CancellationAccepted: 1, CancellationRefused: 1, CancellationWithdrawn: 1, EndScheduledUnreachable: 1, EndedUnreachable: 1,
  SubscriptionEnded: 1, PriceChangeAnnounced: 1, PriceChanged: 1, TermsChangeAnnounced: 1, SubscriptionSuspended: 1, SuspensionLifted: 1,
  AccessRevoked: 1, AccessRestored: 1, ResellerSuspensionCascaded: 1, DissolutionProposed: 1, SubscriptionDissolved: 1, InvoiceIssued: 1, CreditNoteIssued: 1,
  PaymentReceived: 1, PaymentFailed: 1, PaymentReversed: 1, PaymentsAllocated: 1, InvoiceDisputed: 1, DisputeRefused: 1, DisputeResolved: 1, InvoiceCreditRequested: 1,
  ReminderSent: 1, FormalNoticeSent: 1, CustomerInDefault: 1, FourteenDayLetterSent: 1, CollectionCostsCharged: 1, ExportRequested: 1,
  ExportRefused: 1, DataDeletionRequested: 1, DataDeleted: 1, ErasureScheduled: 1, ErasureRefused: 1, PersonalDataErased: 1,
} satisfies Record<DomainEventType, 1>) as DomainEventType[];
