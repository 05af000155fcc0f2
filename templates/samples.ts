/**
 * Sample facts for every template, one or more variants each (every branch of the wording): the
 * letters test renders each in both languages, and docs/letters.md shows a few. Typed per
 * template, so a template without samples does not compile.
 */
import type { LetterFacts } from '../domain/email-facts.js';
import type { EmailTemplate } from '../domain/templates.js';
import type { Language } from '../domain/types.js';

export type Samples = { readonly [T in EmailTemplate]: readonly LetterFacts<T>[] };

const invoice = { invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', issuedOn: '2027-02-01', dueOn: '2027-02-15', openCents: 123456 } as const;
const dunning = { ...invoice, interestCents: 0, interest: { kind: 'statutoryCommercial' } } as const;
const customerName = 'Jansen Installatietechniek';

/** The provider's own words in a terms change are passed on as written: the sample is in the customer's language. */
const SUMMARY: Record<Language, string> = {
  nl: 'De opzegtermijn wordt twee maanden en de back-ups worden dertig dagen bewaard.',
  en: 'The notice period becomes two months and backups are kept for thirty days.',
};

export function samples(lang: Language): Samples {
  const c = { customerName };
  return {
    'invoice.issued': [
      { ...c, invoiceId: 'cus_1-0002', invoiceNumber: 'LT-000142', issuedOn: '2027-02-01', dueOn: '2027-02-15', totalCents: 123456, vatCents: 21426, purpose: 'charges', directDebit: false },
      { ...c, invoiceId: 'cus_1-0002', invoiceNumber: 'LT-000143', issuedOn: '2027-03-02', dueOn: '2027-03-16', totalCents: 18518, vatCents: 0, purpose: 'collectionCosts', directDebit: true },
      { ...c, invoiceId: 'cus_1-0002', invoiceNumber: 'LT-000144', issuedOn: '2027-03-02', dueOn: '2027-03-16', totalCents: 7500, vatCents: 1302, purpose: 'reactivation', directDebit: false },
      { ...c, invoiceId: 'cus_1-0002', invoiceNumber: 'LT-000145', issuedOn: '2027-03-02', dueOn: '2027-03-16', totalCents: 90000, vatCents: 15620, purpose: 'remainingCharges', directDebit: false },
    ],
    'credit_note.issued': [{ ...c, invoiceId: 'cus_1-0003', invoiceNumber: 'LT-000146', correctsNumber: 'LT-000142', amountCents: 123456 }],
    'payment.failed': [
      { ...c, amountCents: 123456, failure: 'insufficientFunds', invoice: { invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', dueOn: '2027-02-15', openCents: 123456, overdue: false } },
      { ...c, amountCents: 123456, failure: 'other', invoice: { invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', dueOn: '2027-02-15', openCents: 123456, overdue: true } },
      { ...c, amountCents: 5000, failure: 'noMandate', invoice: null },
      { ...c, amountCents: 5000, failure: 'accountClosed', invoice: null },
    ],
    'payment.reversed': [
      { ...c, reason: 'storno', amountCents: 123456, method: 'direct_debit', receivedOn: '2027-02-10', reopened: [{ invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', dueOn: '2027-02-15', openCents: 123456, overdue: true }] },
      { ...c, reason: 'chargeback', amountCents: 20000, method: 'card', receivedOn: '2027-02-10', reopened: [{ invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', dueOn: '2027-02-15', openCents: 10000, overdue: false }, { invoiceId: 'cus_1-0150', invoiceNumber: 'LT-000150', dueOn: '2027-03-15', openCents: 10000, overdue: false }] },
      { ...c, reason: 'refund', amountCents: 5000, method: 'ideal', receivedOn: '2027-02-10', reopened: [] },
      { ...c, reason: 'failed', amountCents: 5000, method: 'direct_debit', receivedOn: '2027-02-10', reopened: [{ invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', dueOn: '2027-02-15', openCents: 5000, overdue: false }] },
    ],
    'dunning.reminder': [
      // 000: reminder the day after the due date, formal notice 14 days later: pay by the day before it.
      { ...c, ...dunning, inDefault: false, next: { step: 'formalNotice', on: '2027-03-02' }, payBy: '2027-03-01', consequences: ['collectionCosts', 'lateInterest'] },
      // 003/004: in default by operation of law, interest running; suspension next.
      { ...c, ...dunning, interestCents: 1234, inDefault: true, next: { step: 'suspension', on: '2027-04-02' }, payBy: '2027-04-01', consequences: ['suspension', 'dissolution', 'collectionCosts', 'lateInterest'] },
      { ...c, ...dunning, interest: { kind: 'contractualMonthly', monthlyBp: 200 }, inDefault: true, next: null, payBy: null, consequences: ['lateInterest'] },
      { ...c, ...dunning, inDefault: false, next: { step: 'default', on: '2027-03-02' }, payBy: '2027-03-01', consequences: ['lateInterest'] },
      { ...c, ...dunning, inDefault: false, next: { step: 'dissolution', on: '2027-06-02' }, payBy: '2027-06-01', consequences: ['dissolution', 'lateInterest'] },
    ],
    'dunning.formal_notice': [
      { ...c, ...dunning, reminder: { sentOn: '2027-02-16', payBy: '2027-03-01' }, next: { step: 'default', on: '2027-03-16' }, payBy: '2027-03-15', costsCents: 18518, costsWhen: 'chargedNow', consequences: ['collectionCosts', 'lateInterest'] },
      { ...c, ...dunning, interest: { kind: 'statutoryConsumer' }, reminder: { sentOn: '2027-02-16', payBy: '2027-03-01' }, next: { step: 'default', on: '2027-03-16' }, payBy: '2027-03-15', costsCents: 16018, costsWhen: 'afterFourteenDayLetter', consequences: ['collectionCosts', 'lateInterest'] },
      { ...c, ...dunning, reminder: null, next: null, payBy: null, costsCents: 4000, costsWhen: 'ifUnpaid', consequences: ['lateInterest'] },
    ],
    'dunning.default_notice': [
      { ...c, ...dunning, interest: { kind: 'statutoryConsumer' }, interestFrom: '2027-03-16' },
      { ...c, ...dunning, interestFrom: '2027-02-16' },
    ],
    'dunning.fourteen_day_letter': [{ ...c, ...dunning, interest: { kind: 'statutoryConsumer' }, costsCents: 16018, payBy: '2027-04-01', assumedReceiptOn: '2027-03-18' }],
    'suspension.notice': [
      { ...c, reason: 'arrears', seats: 12, invoice, outstandingCents: 246912, reactivationFeeCents: 30000 },
      { ...c, reason: 'arrears', seats: 1, invoice, outstandingCents: 123456, reactivationFeeCents: 0 },
      { ...c, reason: 'abuse', seats: 3 },
      { ...c, reason: 'reseller-suspended', seats: 5 },
    ],
    'reactivation.notice': [
      { ...c, seats: 12, feeCents: 30000, suspendedSince: '2027-04-02' },
      { ...c, seats: 1, feeCents: 0, suspendedSince: '2027-04-02' },
    ],
    'cancellation.confirmed': [
      { ...c, endsOn: '2027-05-01', lastDay: '2027-04-30', feeCents: 0 },
      { ...c, endsOn: '2027-05-01', lastDay: '2027-04-30', feeCents: 90000 },
      { ...c, endsOn: '2027-03-02', lastDay: null, feeCents: 0 },
    ],
    'cancellation.refused': [
      { ...c, reason: 'form', required: 'registered_mail', channel: 'api' },
      { ...c, reason: 'form', required: 'written', channel: 'phone' },
      { ...c, reason: 'arrears', invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', arrearsCents: 123456 },
    ],
    'cancellation.withdrawn': [{ ...c, lastDayWas: '2027-04-30' }],
    'renewal.notice': [
      { ...c, continuesIndefinitely: true, from: '2027-06-01', noticeMonths: 1 },
      { ...c, continuesIndefinitely: true, from: '2027-06-01', noticeMonths: 3 },
      { ...c, termStart: '2027-06-01', termEnd: '2028-06-01' },
      { ...c, termStart: '2027-06-01', termEnd: null },
    ],
    'notice_deadline.reminder': [{ ...c, lastDayForNotice: '2027-04-30', termEnd: '2027-06-01' }],
    'price_change.notice': [
      { ...c, effectiveOn: '2027-07-01', fromCents: 3000, toCents: 3120, changeBp: 400, terminationRight: true },
      { ...c, effectiveOn: '2027-07-01', fromCents: 3000, toCents: 2850, changeBp: -500, terminationRight: false },
    ],
    'terms_change.notice': [{ ...c, effectiveOn: '2027-07-01', summary: SUMMARY[lang] }],
    'dissolution.proposed': [
      { ...c, reason: 'arrears', invoice, months: 4, automatic: false },
      { ...c, reason: 'arrears', invoice, months: 4, automatic: true },
      { ...c, reason: 'insolvency', insolvency: 'bankruptcy' },
      { ...c, reason: 'insolvency', insolvency: 'death' },
    ],
    'dissolution.notice': [
      { ...c, reason: 'dissolved', remainingChargesCents: 90000 },
      { ...c, reason: 'insolvency', remainingChargesCents: 0 },
    ],
    'subscription.ended': [
      { ...c, endedOn: '2027-05-01', reason: 'cancelled', exportWindowEndsOn: '2027-05-31' },
      { ...c, endedOn: '2027-05-01', reason: 'dissolved', exportWindowEndsOn: null },
      { ...c, endedOn: '2027-05-01', reason: 'insolvency', exportWindowEndsOn: null },
      { ...c, endedOn: '2027-05-01', reason: 'unreachable', exportWindowEndsOn: null },
      { ...c, endedOn: '2027-05-01', reason: 'price-change', exportWindowEndsOn: null },
      { ...c, endedOn: '2027-05-01', reason: 'terms-change', exportWindowEndsOn: null },
      { ...c, endedOn: '2027-05-01', reason: 'erasure', exportWindowEndsOn: null },
    ],
    'export.available': [{ ...c, windowEndsOn: '2027-05-31' }, { ...c, windowEndsOn: null }],
    'export.refused': [
      { ...c, reason: 'legalHold' }, { ...c, reason: 'notStarted' }, { ...c, reason: 'noWindow' },
      { ...c, reason: 'windowEnded', windowEndedOn: '2027-05-31' }, { ...c, reason: 'arrears', invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142' },
    ],
    'deletion.done': [{ ...c, requestedOn: '2027-06-01' }],
    'erasure.done': [{ ...c, requestedOn: '2027-06-01' }],
    'erasure.refused': [{ ...c, reason: 'legalHold' }, { ...c, reason: 'running', running: 1 }, { ...c, reason: 'running', running: 2 }],
    'dispute.received': [{ ...c, invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142' }],
    'dispute.refused': [{ ...c, invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', issuedOn: '2027-02-01', lastDay: '2027-02-15' }],
    'dispute.resolved': [{ ...c, invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', outcome: 'upheld' }, { ...c, invoiceId: 'cus_1-0142', invoiceNumber: 'LT-000142', outcome: 'rejected' }],
  };
}
