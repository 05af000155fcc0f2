/**
 * The facts each e-mail is written from, per template: `ctx.email` takes exactly these, so a rule
 * that forgets a fact its letter needs (or misspells one) does not compile. The mailer
 * (templates/) adds the customer's name and renders them in the customer's language.
 */
import type { Instant, LocalDate } from './calendar.js';
import type { RuleId } from './rules.js';
import type { EmailTemplate } from './templates.js';
import type { EndReason, SuspensionReason } from './types.js';

/** What every dunning letter states about the invoice it is about. */
export interface DunningFacts {
  readonly invoiceId: string;
  readonly issuedOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly openCents: number;
  readonly interestCents: number;
  readonly interestBasis: string;
}

export type EmailFacts = {
  readonly 'invoice.issued': { readonly invoiceId: string; readonly invoiceNumber: string; readonly totalCents: number; readonly dueOn: LocalDate };
  readonly 'credit_note.issued': { readonly invoiceId: string; readonly invoiceNumber: string; readonly correctsNumber: string; readonly amountCents: number; readonly reason: string };
  readonly 'payment.failed': { readonly amountCents: number; readonly reason: string; readonly invoiceId: string | null };
  readonly 'dunning.reminder': DunningFacts & { readonly inDefault: boolean; readonly payBy: LocalDate; readonly consequences: readonly string[] };
  readonly 'dunning.formal_notice': DunningFacts & { readonly costsCents: number; readonly deadline: LocalDate; readonly consequences: readonly string[] };
  readonly 'dunning.default_notice': DunningFacts;
  readonly 'dunning.fourteen_day_letter': DunningFacts & { readonly costsCents: number; readonly payBy: LocalDate };
  /** The suspending rule's own facts ride along (the invoice and threshold for arrears, the report for abuse). */
  readonly 'suspension.notice': { readonly reason: SuspensionReason; readonly detail: string; readonly seats: number; readonly rule: RuleId } & Readonly<Record<string, unknown>>;
  readonly 'reactivation.notice': { readonly seats: number; readonly feeCents: number; readonly suspendedSince: Instant };
  readonly 'cancellation.confirmed': { readonly endsOn: LocalDate | null; readonly lastDay: LocalDate | null; readonly feeCents: number; readonly rule?: RuleId };
  readonly 'cancellation.refused': { readonly reason: string; readonly rule: RuleId };
  readonly 'cancellation.withdrawn': { readonly endsOnWas: LocalDate };
  readonly 'renewal.notice':
    | { readonly continuesIndefinitely: true; readonly from: LocalDate; readonly noticeMonths: number }
    | { readonly termStart: LocalDate; readonly termEnd: LocalDate | null };
  readonly 'notice_deadline.reminder': { readonly lastDayForNotice: LocalDate; readonly termEnd: LocalDate | null; readonly rule: RuleId };
  readonly 'price_change.notice': { readonly effectiveOn: LocalDate; readonly fromCents: number; readonly toCents: number; readonly changeBp: number; readonly terminationRight: boolean };
  readonly 'terms_change.notice': { readonly effectiveOn: LocalDate; readonly summary: string };
  readonly 'dissolution.proposed': { readonly reason: string; readonly rule: RuleId; readonly invoiceId?: string; readonly openCents?: number };
  readonly 'dissolution.notice': { readonly reason: string; readonly remainingChargesCents: number };
  readonly 'subscription.ended': { readonly endedOn: LocalDate; readonly reason: EndReason; readonly exportWindowEndsOn: LocalDate | null };
  readonly 'export.available': { readonly windowEndsOn: LocalDate | null };
  readonly 'export.refused': { readonly reason: string; readonly rule: RuleId };
  readonly 'deletion.done': { readonly requestedAt: Instant };
  readonly 'erasure.done': { readonly requestedAt: Instant };
  readonly 'erasure.refused': { readonly reason: string };
  readonly 'dispute.received': { readonly invoiceId: string };
  readonly 'dispute.refused': { readonly invoiceId: string; readonly reason: string };
  readonly 'dispute.resolved': { readonly invoiceId: string; readonly outcome: 'upheld' | 'rejected' };
};

// Every template has its facts, and nothing else does.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyTemplate: Exact<keyof EmailFacts, EmailTemplate> = true;
void everyTemplate;
