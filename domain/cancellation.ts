/**
 * What a cancellation received at an instant by a channel does: R-NOTICE-01..06, R-EARLY-01,
 * R-RENEW-03, R-LAW-02, and the termination rights of R-PRICE-01 and R-DISS-04.
 */
import { addDays, addMonths, firstOfMonthOnOrAfter, isAfter, isBefore, localDateOf, maxDate, type Instant, type LocalDate } from './calendar.js';
import { arrears, billedUntil, chargesBetween } from './billing.js';
import type { Draft } from './context.js';
import type { TermsProfile } from './terms.js';
import type { Account, CancellationChannel, Cancellation, LiveSubscription, Refusal, RuleId, TerminationRight } from './types.js';

export interface CancellationQuote {
  /** Exclusive end: the contract ends at 00:00 of this local day. */
  readonly endsOn: LocalDate | null;
  /** The last day of service (inclusive) — what a person reads as "ends on". */
  readonly earliestEndDate: LocalDate | null;
  readonly earlyTerminationFeeCents: number;
  readonly refusal: Refusal | null;
  readonly rule: RuleId;
  readonly basis: Cancellation['basis'];
  readonly facts: Readonly<CancellationQuoteFacts>;
}

/** The facts a quote rests on, as the decision and the partner API show them. */
export interface CancellationQuoteFacts {
  received?: LocalDate;
  channel?: CancellationChannel;
  note?: string;
  /** A right to leave outside the notice rules that was used (R-PRICE-01, R-DISS-04). */
  right?: TerminationRight['reason'];
  exercisableUntil?: LocalDate;
  /** R-NOTICE-04: the form the terms require. */
  required?: 'registered_mail' | 'written';
  /** R-NOTICE-03: the oldest overdue invoice and the arrears. */
  invoiceId?: string;
  arrearsCents?: number;
  noticeMonths?: number;
  noticeEnd?: LocalDate;
  minimumTermEnd?: LocalDate;
  endAlignment?: string;
  guardrails?: string[];
  requestedEndDate?: LocalDate;
  /** R-EARLY-01: the remaining charges run up to this day (exclusive). */
  remainingUntil?: LocalDate;
}

const WRITTEN: readonly CancellationChannel[] = ['email', 'portal', 'registered_mail', 'api'];

function refused(rule: RuleId, reason: string, facts: CancellationQuoteFacts = {}): CancellationQuote {
  return { endsOn: null, earliestEndDate: null, earlyTerminationFeeCents: 0, refusal: { rule, reason }, rule, basis: 'notice', facts };
}

/** Aligns a candidate end (exclusive) to the profile's allowed end dates (R-NOTICE-02). */
function align(candidate: LocalDate, sub: Draft<LiveSubscription> | LiveSubscription, terms: TermsProfile, consumer: boolean): LocalDate {
  const afterFirstTerm = sub.term.kind !== 'initial';
  if (consumer && afterFirstTerm) return candidate; // 6:236 r BW: not tied to a moment (R-LAW-02)
  switch (terms.endAlignment) {
    case 'anyDay':
      return candidate;
    case 'endOfCalendarMonth': // 24:00 on the last day of a month is 00:00 on the first of the next
    case 'firstOfMonth':
      return firstOfMonthOnOrAfter(candidate);
    case 'termEnd': {
      if (sub.term.end === null) return candidate;
      if (!isAfter(candidate, sub.term.end)) return sub.term.end;
      if (consumer) return candidate; // no renewal for consumers: the contract continues indefinitely (R-RENEW-03)
      const renewal = terms.renewalForBusiness.kind === 'months' ? terms.renewalForBusiness.months : terms.minimumTermMonths;
      if (terms.renewalForBusiness.kind === 'indefinite') return candidate;
      let end = sub.term.end;
      while (isAfter(candidate, end)) end = addMonths(end, renewal);
      return end;
    }
    default: {
      const never: never = terms.endAlignment;
      return never;
    }
  }
}

/**
 * The quote for a cancellation of `subscriptionId` received at `receivedAt` by `channel`. The same
 * function decides a real cancellation, so a quote and the decision cannot disagree.
 */
export function quoteCancellation(
  acc: Account | Draft<Account>,
  subscriptionId: string,
  terms: TermsProfile,
  receivedAt: Instant,
  channel: CancellationChannel,
  requestedEndDate?: LocalDate,
  withRights = true,
): CancellationQuote {
  const sub = acc.subscriptions[subscriptionId];
  if (!sub) return refused('R-NOTICE-01', `subscription ${subscriptionId} is not known for this customer`);
  const received = localDateOf(receivedAt);
  if (sub.status === 'ended') return refused('R-NOTICE-06', `the subscription already ended on ${sub.endedOn}`);
  if (sub.status === 'pending') {
    return { endsOn: received, earliestEndDate: addDays(received, -1), earlyTerminationFeeCents: 0, refusal: null, rule: 'R-START-01', basis: 'notice', facts: { received, note: 'not started yet: ends at once' } };
  }
  const consumer = acc.customer.kind === 'consumer';

  // R-NOTICE-04 / R-LAW-02: the form. A consumer may always cancel in the (electronic) form the contract was made in.
  if (terms.cancellationForm === 'registeredMail' && channel !== 'registered_mail' && !(consumer && WRITTEN.includes(channel))) {
    return refused('R-NOTICE-04', `these terms accept a cancellation by registered mail only; received by ${channel}`, { channel, required: 'registered_mail' });
  }
  if (terms.cancellationForm !== 'any' && !WRITTEN.includes(channel)) {
    return refused('R-NOTICE-04', `these terms require a written cancellation (e-mail counts); received by ${channel}`, { channel, required: 'written' });
  }

  // Rights to leave outside the notice rules: a price rise above the threshold, changed terms.
  const right = withRights ? sub.terminationRights.find((r) => !isAfter(received, r.exercisableUntil)) : undefined;
  if (right) {
    const endsOn = right.endsOn ?? addMonths(received, right.noticeMonths ?? 0);
    // A right to leave never makes leaving later: where ordinary notice ends sooner, that applies.
    const ordinary = quoteCancellation(acc, subscriptionId, terms, receivedAt, channel, requestedEndDate, false);
    if (ordinary.refusal === null && ordinary.endsOn !== null && isBefore(ordinary.endsOn, endsOn)) return ordinary;
    return {
      endsOn, earliestEndDate: addDays(endsOn, -1), earlyTerminationFeeCents: 0, refusal: null, rule: right.rule,
      basis: right.reason, facts: { received, right: right.reason, exercisableUntil: right.exercisableUntil },
    };
  }

  // R-NOTICE-03: some terms refuse a cancellation while the customer is in arrears.
  if (terms.refuseCancellationWhileInArrears) {
    const owed = arrears(acc, received);
    if (owed.length > 0) {
      const oldest = owed[0]!;
      return refused('R-NOTICE-03', `a cancellation is accepted only without payment arrears; invoice ${oldest.id} of ${oldest.issuedOn} is overdue`, {
        invoiceId: oldest.id, arrearsCents: owed.reduce((s, i) => s + (i.totalCents - i.paidCents - i.writtenOffCents), 0),
      });
    }
  }

  // R-NOTICE-01 / R-RENEW-03 / R-LAW-02: the notice period, at most one month for consumers after the first term.
  const noticeMonths = consumer ? Math.min(terms.noticePeriodMonths, 1) : terms.noticePeriodMonths;
  // "The decision records which guardrail applied" (R-LAW-01): the consumer exemptions of R-LAW-02.
  const guardrails: string[] = [];
  if (consumer && terms.cancellationForm === 'registeredMail' && channel !== 'registered_mail') guardrails.push('R-LAW-02: a consumer may cancel in the form the contract was made (6:236 o BW); registered mail not required');
  if (noticeMonths < terms.noticePeriodMonths) guardrails.push('R-LAW-02: a consumer\'s notice is at most one month');
  const noticeEnd = addMonths(received, noticeMonths);
  // R-NOTICE-05: a bundle ends no earlier than the minimum term of every subscription in it.
  const bundle = Object.values(acc.subscriptions).filter(
    (s): s is Draft<LiveSubscription> => s.status === 'live' && sub.contractId !== null && s.contractId === sub.contractId,
  );
  const minimumEnd = maxDate(sub.minimumTermEnd, ...bundle.map((s) => s.minimumTermEnd));
  const earliest = align(maxDate(noticeEnd, minimumEnd), sub, terms, consumer);
  const rule = minimumEnd !== sub.minimumTermEnd && isAfter(minimumEnd, noticeEnd) ? 'R-NOTICE-05' : 'R-NOTICE-02';
  const facts: CancellationQuoteFacts = { received, noticeMonths, noticeEnd, minimumTermEnd: minimumEnd, endAlignment: consumer && sub.term.kind !== 'initial' ? 'anyDay (consumer, R-LAW-02)' : terms.endAlignment, channel, ...(guardrails.length > 0 ? { guardrails } : {}) };

  if (requestedEndDate !== undefined) {
    const wanted = addDays(requestedEndDate, 1);
    if (!isBefore(wanted, earliest)) {
      const endsOn = align(wanted, sub, terms, consumer);
      return { endsOn, earliestEndDate: addDays(endsOn, -1), earlyTerminationFeeCents: 0, refusal: null, rule, basis: 'notice', facts: { ...facts, requestedEndDate } };
    }
    // R-EARLY-01: ending before the minimum term, where the terms allow it, makes the remaining charges due.
    const ownNoticeEnd = align(noticeEnd, sub, terms, consumer);
    if (terms.earlyTerminationByCustomer === 'withRemainingCharges' && !isBefore(wanted, ownNoticeEnd) && isBefore(wanted, minimumEnd)) {
      const fee = chargesBetween(sub, maxDate(wanted, billedUntil(sub)), minimumEnd);
      return {
        endsOn: wanted, earliestEndDate: requestedEndDate, earlyTerminationFeeCents: fee, refusal: null, rule: 'R-EARLY-01',
        basis: 'earlyTermination', facts: { ...facts, requestedEndDate, remainingUntil: minimumEnd },
      };
    }
    return { endsOn: earliest, earliestEndDate: addDays(earliest, -1), earlyTerminationFeeCents: 0, refusal: null, rule, basis: 'notice', facts: { ...facts, requestedEndDate, note: 'requested date is before the earliest possible end' } };
  }
  return { endsOn: earliest, earliestEndDate: addDays(earliest, -1), earlyTerminationFeeCents: 0, refusal: null, rule, basis: 'notice', facts };
}

/** The last day on which notice still prevents the next fixed renewal (R-NOTICE-02, termEnd). */
export function noticeDeadline(sub: Draft<LiveSubscription> | LiveSubscription, terms: TermsProfile): LocalDate | null {
  if (terms.endAlignment !== 'termEnd' || sub.term.end === null || sub.cancellation) return null;
  // The last day whose receipt + notice still reaches the term end, as quoteCancellation decides it:
  // month arithmetic clamps (R-TIME-02), so for a term ending 30 April that is 31 March, not 30 March.
  let last = addMonths(sub.term.end, -terms.noticePeriodMonths);
  while (!isAfter(addMonths(addDays(last, 1), terms.noticePeriodMonths), sub.term.end)) last = addDays(last, 1);
  return last;
}
