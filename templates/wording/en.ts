/** The English wording of every e-mail. Dates `3 March 2027`, amounts `€1,234.56`; no rule ids, no internal ids but invoice numbers. */
import type { CancellationChannel, EndReason, InsolvencyKind } from '../../domain/types.js';
import type { Consequence, InterestBasis, LetterOpenInvoice, NextStep, PaymentFailure } from '../../domain/email-facts.js';
import { blocks, list, p, rows, sentence, type Frame, type Pen, type Wording } from '../letter.js';

export const frame: Frame = { greeting: (name) => `Dear ${name},`, closing: 'Kind regards,' };

const users = (n: number): string => (n === 1 ? '1 user' : `${n} users`);

const INTEREST = (i: InterestBasis, pen: Pen): string => {
  switch (i.kind) {
    case 'statutoryConsumer':
      return 'statutory interest (art. 6:119 Dutch Civil Code)';
    case 'statutoryCommercial':
      return 'statutory commercial interest (art. 6:119a Dutch Civil Code)';
    case 'contractualMonthly':
      return `the agreed interest of ${pen.pct(i.monthlyBp)} a month`;
  }
};

const CONSEQUENCE: Record<Consequence, string> = {
  suspension: 'suspension of the service',
  dissolution: 'termination of the contract',
  collectionCosts: 'collection costs',
  lateInterest: 'interest on the amount due',
};
const consequences = (c: readonly Consequence[]): string => `If payment does not follow, this may lead to ${joinEn(c.map((x) => CONSEQUENCE[x]))}.`;

function joinEn(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const NEXT = (n: NextStep, pen: Pen): string => {
  switch (n.step) {
    case 'formalNotice':
      return `we will send you a formal notice of default on ${pen.d(n.on)}`;
    case 'default':
      return `you will be in default from ${pen.d(n.on)}`;
    case 'suspension':
      return `we will suspend your service from ${pen.d(n.on)}`;
    case 'dissolution':
      return `we may terminate the contract from ${pen.d(n.on)}`;
  }
};

const FAILURE: Record<PaymentFailure, string | null> = {
  insufficientFunds: 'There were insufficient funds in the account.',
  accountClosed: 'The account has been closed or blocked.',
  noMandate: 'There is no valid direct debit mandate.',
  other: null,
};

const CHANNEL: Record<CancellationChannel, string> = {
  email: 'by e-mail',
  portal: 'through the customer portal',
  registered_mail: 'by registered mail',
  api: 'through a system connected to ours',
  phone: 'by phone',
};

const ENDED: Record<EndReason, string> = {
  cancelled: 'following your cancellation',
  dissolved: 'following termination for non-payment',
  insolvency: 'because of insolvency',
  unreachable: 'because we could no longer reach you',
  'price-change': 'following your cancellation after a price change',
  'terms-change': 'following your cancellation after a change of terms',
  erasure: 'at your request to erase your data',
};

const INSOLVENCY: Record<InsolvencyKind, string> = {
  bankruptcy: 'bankruptcy',
  suspension_of_payments: 'a suspension of payments',
  debt_rescheduling: 'a debt rescheduling arrangement',
  liquidation: 'liquidation',
  death: 'the death of the contracting party',
};

const owed = (i: LetterOpenInvoice, pen: Pen): string =>
  i.overdue ? `invoice ${i.invoiceNumber}: ${pen.eur(i.openCents)}, the payment term ended on ${pen.d(i.dueOn)}` : `invoice ${i.invoiceNumber}: ${pen.eur(i.openCents)}, to be paid by ${pen.d(i.dueOn)}`;

const contact = (pen: Pen): string =>
  pen.brand.whiteLabel || pen.brand.resellerName === null ? 'If you have any questions, please contact us.' : sentence(`If you have any questions, please contact ${pen.brand.resellerName}`);

export const en: Wording = {
  'invoice.issued': (f, pen) => ({
    subject: f.purpose === 'collectionCosts' ? `Invoice ${f.invoiceNumber} (collection costs)` : f.purpose === 'reactivation' ? `Invoice ${f.invoiceNumber} (reactivation)` : f.purpose === 'remainingCharges' ? `Invoice ${f.invoiceNumber} (remaining charges)` : `Invoice ${f.invoiceNumber}`,
    blocks: blocks(
      p(f.purpose === 'collectionCosts' ? 'Please find the invoice for the collection costs that are owed because an earlier invoice was not paid on time.' : 'Please find your new invoice.'),
      rows(['Invoice number', f.invoiceNumber], ['Invoice date', pen.d(f.issuedOn)], ['Amount', pen.eur(f.totalCents)], f.vatCents > 0 && ['Of which VAT', pen.eur(f.vatCents)], ['To be paid by', pen.d(f.dueOn)]),
      p(f.directDebit ? 'We will collect the amount from your account by direct debit; there is nothing you need to do.' : `Please transfer the amount by ${pen.d(f.dueOn)}, quoting the invoice number.`),
      p('The invoice is attached as a PDF.'),
    ),
  }),
  'credit_note.issued': (f, pen) => ({
    subject: `Credit note ${f.invoiceNumber}`,
    blocks: blocks(
      p(`Please find credit note ${f.invoiceNumber} for ${pen.eur(f.amountCents)} on invoice ${f.correctsNumber}.`),
      p('We set the amount off against what you still owe; anything left over remains as credit.'),
      p('The credit note is attached as a PDF.'),
    ),
  }),
  'payment.failed': (f, pen) => ({
    subject: 'Your payment failed',
    blocks: blocks(
      p(`A payment of ${pen.eur(f.amountCents)} did not go through.${FAILURE[f.failure] ? ` ${FAILURE[f.failure]}` : ''}`),
      f.invoice
        ? p(f.invoice.overdue
          ? `Invoice ${f.invoice.invoiceNumber} therefore remains open: ${pen.eur(f.invoice.openCents)}. Its payment term ended on ${pen.d(f.invoice.dueOn)}; please transfer the amount as soon as possible.`
          : `Invoice ${f.invoice.invoiceNumber} therefore remains open: ${pen.eur(f.invoice.openCents)}. Please transfer the amount by ${pen.d(f.invoice.dueOn)}.`)
        : p('Please pay the amount another way.'),
    ),
  }),
  'payment.reversed': (f, pen) => ({
    subject: f.reason === 'storno' ? 'Your direct debit was reversed' : f.reason === 'chargeback' ? 'Your card payment was charged back' : f.reason === 'refund' ? 'We have refunded your payment' : 'Your payment failed after all',
    blocks: blocks(
      p(f.reason === 'storno' ? `The direct debit of ${pen.eur(f.amountCents)} of ${pen.d(f.receivedOn)} was reversed.`
        : f.reason === 'chargeback' ? `The card payment of ${pen.eur(f.amountCents)} of ${pen.d(f.receivedOn)} was charged back through your card issuer.`
        : f.reason === 'refund' ? `We have refunded your payment of ${pen.eur(f.amountCents)} of ${pen.d(f.receivedOn)}.`
        : `Your payment of ${pen.eur(f.amountCents)} of ${pen.d(f.receivedOn)} did not go through after all.`),
      f.reopened.length === 0 ? p('No invoice is open because of it.') : p(f.reopened.length === 1 ? 'This invoice is therefore open again:' : 'These invoices are therefore open again:'),
      f.reopened.length > 0 && list(f.reopened.map((i) => owed(i, pen))),
      f.reopened.length > 0 && f.reason !== 'refund' && p('A reversal does not cancel the obligation to pay.'),
      f.reopened.some((i) => i.overdue) && p('Please transfer the amount due as soon as possible.'),
    ),
  }),
  'dunning.reminder': (f, pen) => ({
    subject: `Reminder: invoice ${f.invoiceNumber} is unpaid`,
    blocks: blocks(
      p(`According to our records, invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)} has not been paid in full. The payment term ran until ${pen.d(f.dueOn)} inclusive.`),
      rows(['Invoice number', f.invoiceNumber], ['Amount due', pen.eur(f.openCents)], f.interestCents > 0 && ['Interest to date', pen.eur(f.interestCents)], f.payBy !== null && ['To be paid by', pen.d(f.payBy)]),
      f.payBy !== null && f.next !== null
        ? p(`Please pay the amount due by ${pen.d(f.payBy)}. If we have not received your payment by then, ${NEXT(f.next, pen)}.`)
        : p('Please pay the amount due as soon as possible.'),
      f.inDefault && p(`As the payment term has passed, you are in default without further notice and owe ${INTEREST(f.interest, pen)}.`),
      p(consequences(f.consequences)),
      p('If you have paid in the meantime, please disregard this reminder.'),
    ),
  }),
  'dunning.formal_notice': (f, pen) => ({
    subject: `Formal notice of default: invoice ${f.invoiceNumber}`,
    blocks: blocks(
      p(f.reminder
        ? `On ${pen.d(f.reminder.sentOn)} we sent you a reminder for invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)}, asking you to pay by ${pen.d(f.reminder.payBy)}. We have not received your payment; ${pen.eur(f.openCents)} is still due.`
        : `Invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)} has not been paid; ${pen.eur(f.openCents)} is still due.`),
      f.payBy !== null && f.next !== null
        ? p(`This is a formal notice of default: you have until ${pen.d(f.payBy)} inclusive to pay the amount. If you do not pay by that day, ${NEXT(f.next, pen)}${f.next.step === 'default' ? ` and owe ${INTEREST(f.interest, pen)}` : ''}.`)
        : p('This is a formal notice of default: please pay the amount immediately.'),
      rows(['Invoice number', f.invoiceNumber], ['Amount due', pen.eur(f.openCents)], f.payBy !== null && ['To be paid by', pen.d(f.payBy)]),
      p(f.costsWhen === 'chargedNow' ? `We are charging the collection costs of ${pen.eur(f.costsCents)} on a separate invoice.`
        : f.costsWhen === 'ifUnpaid' ? `If you do not pay on time, we will charge collection costs of ${pen.eur(f.costsCents)}.`
        : `If payment does not follow, we will first send you a letter giving you fourteen days to pay without costs; after that, collection costs of ${pen.eur(f.costsCents)} are owed.`),
      p(consequences(f.consequences)),
    ),
  }),
  'dunning.default_notice': (f, pen) => ({
    subject: `You are in default: invoice ${f.invoiceNumber}`,
    blocks: blocks(
      p(`The term set in our formal notice has passed and invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)} has not been paid; ${pen.eur(f.openCents)} is still due.`),
      p(`You are therefore in default. From ${pen.d(f.interestFrom)} you owe ${INTEREST(f.interest, pen)} on the amount due.`),
      p('Please pay the amount immediately.'),
    ),
  }),
  'dunning.fourteen_day_letter': (f, pen) => ({
    subject: `Last chance to pay without costs: invoice ${f.invoiceNumber}`,
    blocks: blocks(
      p(`Invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)} has not been paid; ${pen.eur(f.openCents)} is still due.`),
      p(`You can pay this amount without extra costs until ${pen.d(f.payBy)} inclusive: fourteen days after the day you receive this letter (we assume you receive it on ${pen.d(f.assumedReceiptOn)}).`),
      p(`If you do not pay by ${pen.d(f.payBy)}, you will owe collection costs of ${pen.eur(f.costsCents)} (art. 6:96 Dutch Civil Code).`),
      rows(['Invoice number', f.invoiceNumber], ['Amount due', pen.eur(f.openCents)], ['Last day to pay without costs', pen.d(f.payBy)], ['Collection costs after that', pen.eur(f.costsCents)]),
    ),
  }),
  'suspension.notice': (f, pen) => {
    switch (f.reason) {
      case 'arrears':
        return {
          subject: 'Your service has been suspended',
          blocks: blocks(
            p(`Because invoice ${f.invoice.invoiceNumber} of ${pen.d(f.invoice.issuedOn)} was not paid on time, we have suspended access for ${users(f.seats)} of your subscription. ${pen.eur(f.invoice.openCents)} is still due on this invoice.`),
            p(`We will lift the suspension as soon as all open invoices are paid, ${pen.eur(f.outstandingCents)} in total.${f.reactivationFeeCents > 0 ? ` We charge ${pen.eur(f.reactivationFeeCents)} for the reactivation.` : ''}`),
            p('Billing continues during the suspension.'),
          ),
        };
      case 'abuse':
        return {
          subject: 'Your service has been suspended',
          blocks: blocks(p(`Following a report of misuse, we have temporarily suspended access for ${users(f.seats)} of your subscription. We will lift the suspension once the report has been dealt with.`), p('Billing continues during the suspension.'), p(contact(pen))),
        };
      case 'reseller-suspended':
        return { subject: 'Your service has been suspended', blocks: blocks(p(`We have temporarily suspended access for ${users(f.seats)} of your subscription.`), p(contact(pen))) };
    }
  },
  'reactivation.notice': (f, pen) => ({
    subject: 'Your service is active again',
    blocks: blocks(
      p(`The suspension since ${pen.d(f.suspendedSince)} has been lifted; ${users(f.seats)} ${f.seats === 1 ? 'has' : 'have'} access again.`),
      p(f.feeCents > 0 ? `We charge ${pen.eur(f.feeCents)} for the reactivation; you will receive a separate invoice for it.` : 'We charge no reactivation fee.'),
    ),
  }),
  'cancellation.confirmed': (f, pen) => ({
    subject: 'Your cancellation is confirmed',
    blocks: blocks(
      p(f.lastDay !== null && f.endsOn !== null ? `We have received your cancellation. Your subscription runs until ${pen.d(f.lastDay)} inclusive and ends as of ${pen.d(f.endsOn)}.`
        : f.endsOn !== null ? `We have received your cancellation. Your subscription had not started yet and has ended as of ${pen.d(f.endsOn)}.`
        : 'We have received your cancellation.'),
      p(f.feeCents > 0 ? `For the early termination we charge the remaining charges: ${pen.eur(f.feeCents)}. You will receive a separate invoice for it.` : 'No early termination fee is due.'),
    ),
  }),
  'cancellation.refused': (f, pen) => ({
    subject: 'Your cancellation cannot be processed',
    blocks: f.reason === 'form'
      ? blocks(
        p(f.required === 'registered_mail'
          ? `Under the terms, you can only cancel by registered mail. Your cancellation reached us ${CHANNEL[f.channel]}.`
          : `Under the terms, you must cancel in writing; an e-mail will do. Your cancellation reached us ${CHANNEL[f.channel]}.`),
        p('Your subscription therefore continues unchanged.'),
      )
      : blocks(
        p(`Under the terms, you can only cancel when no payment is overdue. Invoice ${f.invoiceNumber} has not been paid; ${pen.eur(f.arrearsCents)} is overdue.`),
        p('Your subscription therefore continues unchanged. Once you have paid, you can cancel again.'),
      ),
  }),
  'cancellation.withdrawn': (f, pen) => ({
    subject: 'Your cancellation has been withdrawn',
    blocks: [p(`You have withdrawn your cancellation. Your subscription would have run until ${pen.d(f.lastDayWas)} inclusive and now simply continues.`)],
  }),
  'renewal.notice': (f, pen) => ({
    subject: 'Your subscription renews',
    blocks: 'continuesIndefinitely' in f
      ? [p(`From ${pen.d(f.from)} your subscription continues indefinitely.`), p(`You may then cancel at any time with ${f.noticeMonths === 1 ? 'one month' : `${f.noticeMonths} months`}' notice.`)]
      : [p(f.termEnd !== null ? `Your subscription has been renewed. The new term runs from ${pen.d(f.termStart)} until ${pen.d(f.termEnd)}.` : `Your subscription has been renewed and continues indefinitely from ${pen.d(f.termStart)}.`)],
  }),
  'notice_deadline.reminder': (f, pen) => ({
    subject: 'The last day to cancel is near',
    blocks: blocks(p(`If you do not want your subscription to renew, please cancel by ${pen.d(f.lastDayForNotice)}.`), f.termEnd !== null && p(`The current term runs until ${pen.d(f.termEnd)}.`)),
  }),
  'price_change.notice': (f, pen) => ({
    subject: 'Announcement of a price change',
    blocks: blocks(
      p(`From ${pen.d(f.effectiveOn)} the price of your subscription ${f.changeBp >= 0 ? 'rises' : 'falls'} by ${pen.pct(f.changeBp)}: from ${pen.eur(f.fromCents)} to ${pen.eur(f.toCents)}.`),
      f.terminationRight && p(`You have the right to end the contract as of ${pen.d(f.effectiveOn)}, the date the change takes effect.`),
    ),
  }),
  'terms_change.notice': (f, pen) => ({
    subject: 'Our terms are changing',
    blocks: blocks(p(`From ${pen.d(f.effectiveOn)} our terms change. What changes:`), p(f.summary), p(`If you do not accept the change, you may end the contract as of ${pen.d(f.effectiveOn)}.`)),
  }),
  'dissolution.proposed': (f, pen) => ({
    subject: 'Intended termination of your contract',
    blocks: f.reason === 'arrears'
      ? blocks(
        p(`Invoice ${f.invoice.invoiceNumber} of ${pen.d(f.invoice.issuedOn)} is still unpaid more than ${f.months} months after its date; ${pen.eur(f.invoice.openCents)} is still due.`),
        p(f.automatic ? 'Under the terms, we are therefore terminating the contract.' : 'Under the terms, we may therefore terminate the contract, and we intend to do so. Please pay the amount due as soon as possible to prevent this.'),
      )
      : blocks(
        p(`We have been notified of ${INSOLVENCY[f.insolvency]}. Under the terms, all our claims are therefore due at once and we may end the contract without notice of default.`),
        p('We intend to terminate the contract.'),
      ),
  }),
  'dissolution.notice': (f, pen) => ({
    subject: 'Your contract has been terminated',
    blocks: blocks(
      p(`We have terminated the contract ${f.reason === 'insolvency' ? 'because of insolvency' : 'for non-payment'}.`),
      p(f.remainingChargesCents > 0 ? `The remaining charges until the end of the contract, ${pen.eur(f.remainingChargesCents)}, are due at once; you will receive a separate invoice for them.` : 'We charge no remaining charges.'),
    ),
  }),
  'subscription.ended': (f, pen) => ({
    subject: 'Your subscription has ended',
    blocks: blocks(
      p(`Your subscription ended as of ${pen.d(f.endedOn)} ${ENDED[f.reason]}.`),
      p(f.exportWindowEndsOn !== null ? `You can request an export of your data until ${pen.d(f.exportWindowEndsOn)} inclusive; after that, we delete it.` : 'We will delete your data.'),
    ),
  }),
  'export.available': (f, pen) => ({
    subject: 'Your data export is ready',
    blocks: blocks(p('The export of your data is ready.'), f.windowEndsOn !== null && p(`You can download it until ${pen.d(f.windowEndsOn)} inclusive.`)),
  }),
  'export.refused': (f, pen) => ({
    subject: 'Your export request cannot be carried out',
    blocks: [
      p(f.reason === 'legalHold' ? 'Because of legal proceedings we must keep your data unchanged; an export is therefore not possible now.'
        : f.reason === 'notStarted' ? 'Your subscription has not started yet; there is no data to export.'
        : f.reason === 'noWindow' ? 'Under the terms, an export cannot be requested after the subscription has ended.'
        : f.reason === 'windowEnded' ? `You could request an export until ${pen.d(f.windowEndedOn)} inclusive; that period has passed.`
        : `Under the terms, we cannot deliver an export while invoice ${f.invoiceNumber} is unpaid.`),
    ],
  }),
  'deletion.done': (f, pen) => ({
    subject: 'Your data has been deleted',
    blocks: [p(`The hosted data, backups and personal data of this subscription have been deleted (deletion requested on ${pen.d(f.requestedOn)}).`)],
  }),
  'erasure.done': (f, pen) => ({
    subject: 'Your personal data has been erased',
    blocks: [p(`Your request of ${pen.d(f.requestedOn)} to erase your personal data has been carried out (GDPR art. 17).`), p('We keep invoices and payments as long as tax law requires, with only the data needed for that.')],
  }),
  'erasure.refused': (f) => ({
    subject: 'Your request to erase your data',
    blocks: f.reason === 'legalHold'
      ? [p('Because of legal proceedings we must keep your data for now. We therefore cannot erase your personal data at this time.')]
      : [p(f.running === 1 ? 'You still have a running subscription that needs your data. We therefore cannot erase your personal data now.' : `You still have ${f.running} running subscriptions that need your data. We therefore cannot erase your personal data now.`), p('Once you have cancelled, we will erase your data when the subscription ends.')],
  }),
  'dispute.received': (f) => ({
    subject: `Dispute of invoice ${f.invoiceNumber} received`,
    blocks: [p(`We have received your dispute of invoice ${f.invoiceNumber}.`), p('While it is open, we send no reminders for this invoice and do not suspend the service because of it.')],
  }),
  'dispute.refused': (f, pen) => ({
    subject: `Dispute of invoice ${f.invoiceNumber} not accepted`,
    blocks: [p(`Invoice ${f.invoiceNumber} of ${pen.d(f.issuedOn)} could be disputed until ${pen.d(f.lastDay)} inclusive. Your dispute reached us later, so the invoice stands.`)],
  }),
  'dispute.resolved': (f) => ({
    subject: `Outcome of your dispute of invoice ${f.invoiceNumber}`,
    blocks: [p(f.outcome === 'upheld' ? `Your dispute is upheld: invoice ${f.invoiceNumber} is cancelled. Anything you paid on it becomes credit.` : `Your dispute is rejected: invoice ${f.invoiceNumber} stands and must be paid.`)],
  }),
};
