/**
 * The facts each e-mail is written from, per template: `ctx.email` takes exactly these, so a rule
 * that forgets a fact its letter needs (or misspells one) does not compile. Facts are data — ids,
 * enums, integer cents, local dates — never sentences: the mailer (templates/) words them in the
 * customer's language, adds the customer's name and signs with the provider's (or, white-label,
 * the reseller's) name. Rule ids stay in the audit trail, not in the facts.
 */
import type { LocalDate } from './calendar.js';
import type { EmailTemplate } from './templates.js';
import type { CancellationChannel, EndReason, InsolvencyKind, PaymentMethod } from './types.js';

/** The invoice a letter is about. */
export interface LetterInvoice {
  readonly invoiceId: string;
  /** The legal number the customer knows the invoice by (R-INV-01), e.g. `LT-000123`: what letters show, never the id. */
  readonly invoiceNumber: string;
  readonly issuedOn: LocalDate;
  /** The last day to pay within the term (R-PAY-01): overdue from the day after. */
  readonly dueOn: LocalDate;
  readonly openCents: number;
}

/** An invoice named in a payment letter, with whether its term has passed on the day of the letter. */
export interface LetterOpenInvoice {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly dueOn: LocalDate;
  readonly openCents: number;
  readonly overdue: boolean;
}

/** The legal ground of late interest (R-DUN-02, R-LAW-03): the template names the article. */
export type InterestBasis =
  | { readonly kind: 'statutoryConsumer' } // art. 6:119 BW
  | { readonly kind: 'statutoryCommercial' } // art. 6:119a BW
  | { readonly kind: 'contractualMonthly'; readonly monthlyBp: number };

/** What every dunning letter states about the invoice it is about (R-DUN-04). */
export interface DunningLetterFacts extends LetterInvoice {
  /** Late interest accrued up to the day of the letter. */
  readonly interestCents: number;
  readonly interest: InterestBasis;
}

/** What may follow when an invoice stays unpaid, as the profile provides (R-DUN-04). */
export type Consequence = 'suspension' | 'dissolution' | 'collectionCosts' | 'lateInterest';

/**
 * The next thing the backend itself does about the invoice if it stays unpaid, and the day it does
 * it (at 00:00): a letter's deadline is the day before, so what it says and what happens agree.
 */
export interface NextStep {
  readonly step: 'formalNotice' | 'default' | 'suspension' | 'dissolution';
  readonly on: LocalDate;
}

/** When the collection costs a formal notice names are charged (R-DUN-03, R-LAW-01). */
export type CostsWhen = 'chargedNow' | 'ifUnpaid' | 'afterFourteenDayLetter';

/** What a payment provider's failure reason comes down to, as the customer can act on it. */
export type PaymentFailure = 'insufficientFunds' | 'accountClosed' | 'noMandate' | 'other';

/** What an invoice is for, as its subject line says. */
export type InvoicePurpose = 'charges' | 'collectionCosts' | 'reactivation' | 'remainingCharges';

export type ExportRefusal = { readonly reason: 'legalHold' } | { readonly reason: 'notStarted' } | { readonly reason: 'noWindow' } | { readonly reason: 'windowEnded'; readonly windowEndedOn: LocalDate } | { readonly reason: 'arrears'; readonly invoiceId: string; readonly invoiceNumber: string };

export type CancellationRefusal =
  | { readonly reason: 'form'; readonly required: 'registered_mail' | 'written'; readonly channel: CancellationChannel }
  | { readonly reason: 'arrears'; readonly invoiceId: string; readonly invoiceNumber: string; readonly arrearsCents: number };

export type EmailFacts = {
  readonly 'invoice.issued': {
    readonly invoiceId: string; readonly invoiceNumber: string; readonly issuedOn: LocalDate; readonly dueOn: LocalDate; readonly totalCents: number; readonly vatCents: number;
    readonly purpose: InvoicePurpose; readonly directDebit: boolean;
  };
  /** R-CREDIT-01: the reason stays in the trail; the letter names the invoice it corrects. */
  readonly 'credit_note.issued': { readonly invoiceId: string; readonly invoiceNumber: string; readonly correctsNumber: string; readonly amountCents: number };
  readonly 'payment.failed': { readonly amountCents: number; readonly failure: PaymentFailure; readonly invoice: LetterOpenInvoice | null };
  /** R-PAY-04: a payment taken back (storno, chargeback, refund) or failing after it was received. */
  readonly 'payment.reversed': {
    readonly reason: 'storno' | 'chargeback' | 'refund' | 'failed'; readonly amountCents: number; readonly method: PaymentMethod; readonly receivedOn: LocalDate;
    readonly reopened: readonly LetterOpenInvoice[];
  };
  readonly 'dunning.reminder': DunningLetterFacts & {
    readonly inDefault: boolean; readonly next: NextStep | null; readonly payBy: LocalDate | null; readonly consequences: readonly Consequence[];
  };
  readonly 'dunning.formal_notice': DunningLetterFacts & {
    /** The reminder that came before and the deadline it gave (the day before this notice was due). */
    readonly reminder: { readonly sentOn: LocalDate; readonly payBy: LocalDate } | null;
    readonly next: NextStep | null; readonly payBy: LocalDate | null;
    readonly costsCents: number; readonly costsWhen: CostsWhen; readonly consequences: readonly Consequence[];
  };
  readonly 'dunning.default_notice': DunningLetterFacts & { readonly interestFrom: LocalDate };
  readonly 'dunning.fourteen_day_letter': DunningLetterFacts & { readonly costsCents: number; readonly payBy: LocalDate; readonly assumedReceiptOn: LocalDate };
  readonly 'suspension.notice':
    | { readonly reason: 'arrears'; readonly seats: number; readonly invoice: LetterInvoice; readonly outstandingCents: number; readonly reactivationFeeCents: number }
    | { readonly reason: 'abuse'; readonly seats: number }
    /** The end customer hears nothing of the reseller's own arrears. */
    | { readonly reason: 'reseller-suspended'; readonly seats: number };
  readonly 'reactivation.notice': { readonly seats: number; readonly feeCents: number; readonly suspendedSince: LocalDate };
  /** `endsOn` is exclusive (the contract ends at 00:00 of it), `lastDay` the last day of service. */
  readonly 'cancellation.confirmed': { readonly endsOn: LocalDate | null; readonly lastDay: LocalDate | null; readonly feeCents: number };
  readonly 'cancellation.refused': CancellationRefusal;
  readonly 'cancellation.withdrawn': { readonly lastDayWas: LocalDate };
  readonly 'renewal.notice':
    | { readonly continuesIndefinitely: true; readonly from: LocalDate; readonly noticeMonths: number }
    | { readonly termStart: LocalDate; readonly termEnd: LocalDate | null };
  readonly 'notice_deadline.reminder': { readonly lastDayForNotice: LocalDate; readonly termEnd: LocalDate | null };
  readonly 'price_change.notice': { readonly effectiveOn: LocalDate; readonly fromCents: number; readonly toCents: number; readonly changeBp: number; readonly terminationRight: boolean };
  /** `summary` is the provider's own announcement, passed on as written. */
  readonly 'terms_change.notice': { readonly effectiveOn: LocalDate; readonly summary: string };
  readonly 'dissolution.proposed':
    | { readonly reason: 'arrears'; readonly invoice: LetterInvoice; readonly months: number; readonly automatic: boolean }
    | { readonly reason: 'insolvency'; readonly insolvency: InsolvencyKind };
  readonly 'dissolution.notice': { readonly reason: 'dissolved' | 'insolvency'; readonly remainingChargesCents: number };
  readonly 'subscription.ended': { readonly endedOn: LocalDate; readonly reason: EndReason; readonly exportWindowEndsOn: LocalDate | null };
  readonly 'export.available': { readonly windowEndsOn: LocalDate | null };
  readonly 'export.refused': ExportRefusal;
  readonly 'deletion.done': { readonly requestedOn: LocalDate };
  readonly 'erasure.done': { readonly requestedOn: LocalDate };
  readonly 'erasure.refused': { readonly reason: 'legalHold' } | { readonly reason: 'running'; readonly running: number };
  readonly 'dispute.received': { readonly invoiceId: string; readonly invoiceNumber: string };
  readonly 'dispute.refused': { readonly invoiceId: string; readonly invoiceNumber: string; readonly issuedOn: LocalDate; readonly lastDay: LocalDate };
  readonly 'dispute.resolved': { readonly invoiceId: string; readonly invoiceNumber: string; readonly outcome: 'upheld' | 'rejected' };
};

/** The facts of one template as they reach the mailer: with the name `ctx.email` adds. */
export type LetterFacts<T extends EmailTemplate> = EmailFacts[T] & { readonly customerName: string };

// Every template has its facts, and nothing else does.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyTemplate: Exact<keyof EmailFacts, EmailTemplate> = true;
void everyTemplate;
