/**
 * The rulebook as the project's own registry: every rule the code names, its section, its text,
 * the contract article(s) it comes from and the terms-profile parameters that drive it. docs/rules.md
 * is generated from it (`npm run docs`). `rules.unit.test.ts` proves that every id in the code is here
 * and, where the developers' rulebook is at hand, that this registry still matches it word for word.
 */

import type { RuleId } from './rule-ids.js';
import type { TermsProfile } from './terms.js';

export interface RuleEntry {
  readonly id: string;
  /** The rulebook section, e.g. "Suspension after arrears". */
  readonly section: string;
  readonly text: string;
  /** The contract article(s), e.g. "001 ¶arrears; 004 art. 5.7"; null for conventions and guardrails. */
  readonly source: string | null;
  /** The terms-profile parameters the rule reads, where a profile drives it (R-SUSP-01 → suspendWhen). */
  readonly params?: readonly (keyof TermsProfile)[];
}

/** The rulebook the project was specified with, word for word (texts, sections, sources). */
export const RULEBOOK = [
  { id: 'R-TIME-01', section: 'Conventions every rule relies on', source: null,
    text: 'All calendar reasoning happens in the `Europe/Amsterdam` time zone. A "day" is a local calendar day; "end of month" is the last local day of the month, 24:00. Instants are stored as ISO-8601 UTC.' },
  { id: 'R-TIME-02', section: 'Conventions every rule relies on', source: null,
    text: '"N months after date D" is calendar-month arithmetic with end-of-month clamping (31 Jan + 1 month = 28/29 Feb). "N days" are calendar days unless the rule says working days.' },
  { id: 'R-TIME-03', section: 'Conventions every rule relies on', source: null,
    text: 'Working days (werkdagen) exclude Saturdays, Sundays and the days of the Algemene termijnenwet listed in `LAW.md` (Good Friday and 5 May included, plus decreed bridge days).' },
  { id: 'R-TIME-04', section: 'Conventions every rule relies on', source: null,
    text: 'The domain never reads the wall clock: `now` is an input. Locally the clock can be set (a simulated clock, like Stripe\'s test clocks) so that months of contract life can be replayed in seconds.' },
  { id: 'R-MONEY-01', section: 'Conventions every rule relies on', source: null,
    text: 'Amounts are integer euro cents. Percentages are applied with half-up rounding to the cent, once per computed amount.' },
  { id: 'R-MONEY-02', params: ['pricesIncludeVat', 'vatBp'], section: 'Conventions every rule relies on', source: null,
    text: 'A profile states whether its prices include VAT (`pricesIncludeVat`). VAT is 21% unless the profile says otherwise; invoices show net, VAT and gross.' },
  { id: 'R-START-01', params: ['activation'], section: 'Formation and start', source: '000 §2.1; 001 ¶"Een overeenkomst vangt aan"; 004 art. 3.5',
    text: 'A subscription is `pending` until its activation condition holds; then it becomes `active` and its first term starts on that local day. Conditions: `onFirstPayment` (service starts after the first invoice is paid), `onActivation` (explicit activation / delivery and acceptance / first use), `onAcceptance` (provider accepts the order).' },
  { id: 'R-START-02', params: ['billingTiming'], section: 'Formation and start', source: '000 §3.6; 001 ¶prices; 003 art. 18.3',
    text: 'When billing is in advance, the first invoice is issued at creation and each later one at the start of its period. When billing is in arrears, each invoice is issued on the first day after its period (monthly: the 1st of the next month).' },
  { id: 'R-TERM-01', params: ['minimumTermMonths'], section: 'Term, renewal and notice', source: '000 §7.1; 001 ¶duration; 002 art. 5.1; 003 art. 17.9; 004 art. 7.1',
    text: 'A subscription has a `minimumTerm` (months; 0 = none). Default per profile: 000 per service (12 months for the yearly maintenance plan), 001 one month, 004 twelve months when none is agreed, 002/003 none (indefinite).' },
  { id: 'R-RENEW-01', params: ['renewalForBusiness'], section: 'Term, renewal and notice', source: '000 §7.1',
    text: '**Business customers**: at the end of a fixed term without timely notice, the contract renews tacitly for `renewalTerm` months (000: the same term again).' },
  { id: 'R-RENEW-02', params: ['renewalForBusiness'], section: 'Term, renewal and notice', source: '004 art. 7.1–7.2',
    text: '**Business customers, renewal into indefinite duration** (`renewalTerm: indefinite`): after the minimum term the contract continues for an indefinite time and can then be ended with the notice period at any allowed end date.' },
  { id: 'R-RENEW-03', params: ['customerKinds'], section: 'Term, renewal and notice', source: '000 §7.1',
    text: '**Consumers** (natural persons not acting in a profession or business): after the first term the contract always continues for an **indefinite** time with a notice period of **at most one month**, whatever the profile says for business customers. This is both the contract (000 §7.1) and Dutch law (R-LAW-02).' },
  { id: 'R-NOTICE-01', params: ['noticePeriodMonths'], section: 'Term, renewal and notice', source: '000 §7.1; 001; 002 art. 6.1; 003 art. 17.9; 004 art. 7.2',
    text: 'A cancellation needs `noticePeriod` (000/001/002/004: one month; 003: two calendar months). The notice runs from the day the cancellation is received.' },
  { id: 'R-NOTICE-02', params: ['endAlignment', 'minimumTermMonths'], section: 'Term, renewal and notice', source: '000 §7.1; 001; 002 art. 6.1; 003 art. 17.9; 004 art. 7.2–7.3',
    text: 'The end date is aligned by `endAlignment`: `termEnd` (only at the end of the current fixed term; notice must be received at least `noticePeriod` before it, else the contract renews — 000), `endOfCalendarMonth` (001), `firstOfMonth` (002, 003: the contract ends at 00:00 on the first day of a month), `anyDay` (notice period only). The earliest end date is the first aligned date on or after receipt + notice period, and never before the end of the minimum term.' },
  { id: 'R-NOTICE-03', params: ['refuseCancellationWhileInArrears'], section: 'Term, renewal and notice', source: '001 ¶duration',
    text: 'Some profiles refuse a cancellation while the customer is in arrears (001: "mits er op moment van opzeggen geen betalingsachterstand is"). The refusal is a decision with a reason, returned to the caller and mailed to the customer; nothing changes.' },
  { id: 'R-NOTICE-04', params: ['cancellationForm'], section: 'Term, renewal and notice', source: '003 art. 17.9; 004 art. 7.2',
    text: 'Form: profiles may require `written` (e-mail counts: 000 §8.3) or `registeredMail` (004 art. 7.2) cancellations. The event carries the channel; a cancellation by a channel the profile does not accept is refused with that reason.' },
  { id: 'R-NOTICE-05', section: 'Term, renewal and notice', source: '004 art. 7.3',
    text: 'A contract that bundles several subscriptions does not end before the minimum term of every subscription in it has passed.' },
  { id: 'R-NOTICE-06', section: 'Term, renewal and notice', source: '(expected behaviour)',
    text: 'A cancellation can be withdrawn until its end date; the contract then continues as if none had been given.' },
  { id: 'R-EARLY-01', params: ['earlyTerminationByCustomer', 'minimumTermMonths'], section: 'Term, renewal and notice', source: '004 art. 8.3; 001 ¶dissolution ("gederfde inkomsten over de resterende contract looptijd")',
    text: 'When a contract with a minimum term ends early for a reason on the customer\'s side, the remaining periodic charges up to the end of the minimum term become due at once, plus a proportional claw-back of granted discounts. Not when the provider itself terminated by notice, or the customer dissolved for the provider\'s breach.' },
  { id: 'R-PAY-01', params: ['paymentTermDays'], section: 'Invoicing and payment', source: '000 §3.4; 002 art. 12.1; 003 art. 5.1; 004 art. 5.1',
    text: 'Payment term (days after invoice date): 000 eight, 002/004 fourteen, 003 thirty (when the invoice names none). The invoice is overdue from the day after its due date.' },
  { id: 'R-PAY-02', params: ['manualPaymentSurchargeBp'], section: 'Invoicing and payment', source: '001 ¶prices',
    text: 'A customer who pays without direct debit pays a surcharge of `manualPaymentSurchargePct` (001: 2%) on the subscription charge.' },
  { id: 'R-PAY-03', section: 'Invoicing and payment', source: '(Dutch law, art. 6:44 BW)',
    text: 'A payment is applied to the oldest open invoice first (interest and costs before principal, per art. 6:44 BW). Partial payments leave the invoice open with its remainder. Overpayment becomes a credit balance used by the next invoice.' },
  { id: 'R-PAY-04', section: 'Invoicing and payment', source: '004 art. 5.3',
    text: 'A failed payment or a reversed direct debit (storno, chargeback) re-opens the invoice it paid, as if it had never been paid; dunning restarts from the invoice\'s own dates.' },
  { id: 'R-PAY-05', params: ['disputeWindowDays'], section: 'Invoicing and payment', source: '000 §3.10; 004 art. 5.10',
    text: 'A customer may dispute an invoice within `disputeWindowDays` of its date (000: 14, 004: 30). A disputed invoice does not count toward arrears, reminders, suspension or dissolution until the dispute is resolved; after the window the invoice stands.' },
  { id: 'R-DUN-01', params: ['dunning'], section: 'Dunning, default, interest and costs', source: '000 §3.2, §3.7; 002 art. 12.2; 003 art. 5.2; 004 art. 5.3',
    text: 'Dunning ladder per profile. 000: reminder when overdue; formal notice (aanmaning) 14 days after the reminder if still unpaid, with the costs below; default after the further term set in the notice. 002/003/004: default arrives on the day after the due date without notice (verzuim van rechtswege); a reminder is still sent.' },
  { id: 'R-DUN-02', params: ['businessLateInterest'], section: 'Dunning, default, interest and costs', source: '000 §3.2, §3.7; 002 art. 12.4; 003 art. 5.2; 004 art. 5.3',
    text: 'Late interest from the day of default: the statutory rate — art. 6:119 BW for consumers, art. 6:119a BW (commercial) for businesses — from the rate table in `LAW.md`, with yearly capitalisation. A profile may instead fix a contractual rate for businesses (000: 2% per month).' },
  { id: 'R-DUN-03', params: ['collectionCosts'], section: 'Dunning, default, interest and costs', source: '000 §3.2, §3.8; 002 art. 12.3; 003 art. 5.2; 004 art. 5.9',
    text: 'Collection costs per profile: 000: 15% of the principal, at least €25, plus €5 administration (up to €25 once handed to collection); 002: +10% of the invoice amount; 003: an immediate 15% penalty, at least €75; 004: the statutory scale (WIK staffel), at least €250.' },
  { id: 'R-DUN-04', section: 'Dunning, default, interest and costs', source: '000 §3.2, §3.7',
    text: 'Every dunning step sends one e-mail (reminder, formal notice, default notice) exactly once per invoice and step, in the customer\'s language (Dutch by default), naming the amounts, the new deadline and the consequences.' },
  { id: 'R-SUSP-01', params: ['suspendWhen'], section: 'Suspension after arrears', source: '001 ¶arrears; 000 §3.6; 004 art. 5.7, 7.5',
    text: 'A subscription is **suspended** when its customer\'s arrears exceed `suspendAfter`: 001 "more than two months after the invoice date" — i.e. an unpaid, undisputed invoice whose invoice date plus two months lies before now; 000: as soon as the invoice of a running prepaid period is overdue (the service is prepaid, 000 §3.6); 004: as soon as any invoice is overdue.' },
  { id: 'R-SUSP-02', section: 'Suspension after arrears', source: '001 ¶arrears; 004 art. 7.5',
    text: 'Suspension denies access: the backend publishes an `access.revoked` effect for every seat (users, workspaces, data, applications) and the partner API reports the subscription as `suspended`. Billing continues during suspension.' },
  { id: 'R-SUSP-03', params: ['suspendScope'], section: 'Suspension after arrears', source: '004 art. 5.7',
    text: 'Arrears are per customer: with `suspendScope: customer` (004: "ook uit andere met de Klant gesloten overeenkomsten") every subscription of the customer is suspended, not only the one with the unpaid invoice.' },
  { id: 'R-SUSP-04', params: ['cascadeSuspensionToResellerCustomers'], section: 'Suspension after arrears', source: '001 ¶arrears',
    text: 'When the suspended customer is a **reseller**, the suspension cascades to every organisation under it ("onderliggende organisaties"): their access is revoked too, with reason `reseller-suspended`, and restored when the reseller is restored.' },
  { id: 'R-SUSP-05', section: 'Suspension after arrears', source: '003 art. 21.9; 004 art. 7.5',
    text: 'Suspension for misuse: an `abuse.reported` event suspends at once, independent of payment, until the provider lifts it.' },
  { id: 'R-REACT-01', params: ['suspendWhen'], section: 'Reactivation', source: '001 ¶arrears ("Her-activering vind plaats indien alle opstaande facturen zijn voldaan")',
    text: 'A subscription suspended for arrears is reactivated only when **all** outstanding invoices of the customer are paid in full (or a written arrangement is recorded).' },
  { id: 'R-REACT-02', params: ['reactivationFeePerSeatCents'], section: 'Reactivation', source: '001 ¶arrears',
    text: 'On reactivation a fee of `reactivationFeePerSeat` (001: €25) times the number of seats (online workspace users) at the moment of suspension is invoiced, once per suspension.' },
  { id: 'R-REACT-03', section: 'Reactivation', source: '001 ¶arrears',
    text: 'Reactivation publishes `access.restored` for every seat, including the cascaded organisations of a reseller.' },
  { id: 'R-DISS-01', params: ['dissolveWhen'], section: 'Dissolution and other immediate endings', source: '001 ¶arrears',
    text: 'When arrears exceed `dissolveAfter` (001: more than four months) the provider may dissolve at once; the subscription ends, costs incurred, the lost revenue over the remaining contract term (R-EARLY-01) and collection costs are invoiced. Profiles choose `automatic` or `manual` (a flag on the subscription for the provider to confirm).' },
  { id: 'R-DISS-02', section: 'Dissolution and other immediate endings', source: '000 §3.11–3.12; 002 art. 6.3; 003 art. 14.1; 004 art. 7.6, 5.8',
    text: 'Insolvency of the customer (bankruptcy, suspension of payments, debt rescheduling, liquidation; for a natural person also death) makes every claim due at once and lets the provider end the contract without notice.' },
  { id: 'R-DISS-03', section: 'Dissolution and other immediate endings', source: '000 §8.5',
    text: 'A customer in default who cannot be reached at any known contact: paid services end at the end of their term, unpaid services at once.' },
  { id: 'R-DISS-04', params: ['termsChangeGivesExitRight'], section: 'Dissolution and other immediate endings', source: '000 §1.8; 004 art. 17.1',
    text: 'When the provider changes its terms, a customer who does not accept may end the contract on the date the new terms take effect.' },
  { id: 'R-PRICE-01', params: ['priceChange'], section: 'Prices over time', source: '004 art. 4.7; 001 ¶indexation',
    text: 'Annual indexation on 1 January announced at least `priceChangeNoticeDays` (004: 30) before; an increase above `priceChangeTerminationThresholdPct` (004: 3%; 001: 10%) gives the customer the right to end the contract — 004: on the date the new price takes effect; 001: with three months\' notice.' },
  { id: 'R-PRICE-02', params: ['priceChange'], section: 'Prices over time', source: '003 art. 4.3',
    text: 'Half-yearly indexation (January and July) by the CBS wage index, reduced by any increase already applied in the previous six months.' },
  { id: 'R-PRICE-03', section: 'Prices over time', source: '001 ¶prices',
    text: 'Prices of a fixed term stay fixed for that term except through R-PRICE-01/02.' },
  { id: 'R-DATA-01', section: 'Data after the end', source: '000 §7.2',
    text: 'When a subscription ends for any reason, the customer\'s hosted data becomes inaccessible at once (`access.revoked`).' },
  { id: 'R-DATA-02', params: ['exportWindowDays', 'refuseExportWhileInArrears'], section: 'Data after the end', source: '000 §7.2; 001 ¶data; 004 art. 26.9, 30.1',
    text: 'Export window: for `exportWindowDays` after the end (000: 0 — the provider may delete at once and owes no copy; 004: a reasonable opportunity, e.g. 30 days, on request, at a charge) the customer may request an export. While the customer is in arrears an export request is refused (001: "behoudens blokkade door mogelijke betalingsachterstanden of gerechtelijk bevel"); a legal hold blocks export and deletion alike.' },
  { id: 'R-DATA-03', section: 'Data after the end', source: '000 §7.2; 004 art. 26.9, 36.5',
    text: 'After the export window the customer\'s hosted data and backups are deleted (`data.delete` effect, executed by the provisioning side and confirmed back), and the subscription\'s personal data is erased, except what the law requires to keep: invoices and their payment records for seven years (R-LAW-04), kept with the minimum personal data.' },
  { id: 'R-DATA-04', section: 'Data after the end', source: '002 art. 9.4',
    text: 'A data subject\'s erasure request (GDPR art. 17; 002 art. 9.4) for a customer without active subscriptions is carried out within one month; with active subscriptions it is refused with the reason, or scheduled for the end.' },
  { id: 'R-DATA-05', section: 'Data after the end', source: '(expected behaviour)',
    text: 'Every deletion is recorded in the audit trail by what was deleted and when, never by the deleted content.' },
  { id: 'R-LAW-01', params: ['customerKinds', 'collectionCosts'], section: 'Legal guardrails (Dutch law over contract text)', source: null,
    text: 'Consumers: extrajudicial collection costs only after a "14-day letter" (a reminder giving 14 days from the day after receipt) and never above the statutory scale (WIK staffel, minimum €40; `LAW.md`). A profile\'s higher or earlier consumer costs (e.g. 000\'s 15% min €25, 002\'s 10%) are capped to the scale and deferred until the letter\'s term has passed; the decision records `R-LAW-01` as applied. Businesses owe at least €40 from the day after the due date (6:96 lid 4 BW).' },
  { id: 'R-LAW-02', params: ['customerKinds', 'cancellationForm', 'noticePeriodMonths'], section: 'Legal guardrails (Dutch law over contract text)', source: null,
    text: 'Consumers: after the first term, tacit renewal only into indefinite duration with at most one month\'s notice, cancellable at any time (art. 6:236 j BW); a consumer may always cancel in the form the contract was made, so a profile\'s `registeredMail` requirement does not bind consumers (6:236 o); a consumer\'s notice may not exceed the provider\'s (6:237 l).' },
  { id: 'R-LAW-03', params: ['customerKinds', 'applyContractualInterestToConsumers'], section: 'Legal guardrails (Dutch law over contract text)', source: null,
    text: 'Consumer late interest is the art. 6:119 BW rate; a contractual rate above it (000\'s 2% a month) is not applied to consumers by default — a conservative choice, since courts routinely moderate such rates; a profile flag may opt in, recorded on each decision.' },
  { id: 'R-LAW-04', section: 'Legal guardrails (Dutch law over contract text)', source: null,
    text: 'Invoices and payment records are kept seven years (fiscal retention), even after erasure of the rest.' },
] as const satisfies readonly RuleEntry[];

/**
 * Rules the issues added where the rulebook is silent (issue 8: invoices a finance team can file).
 * They live here, after the rulebook, so the comparison with it stays exact.
 */
export const ADDED_RULES = [
  { id: 'R-BILL-01', params: ['billingAnchor'], section: 'Billing periods and changes (issue 8)', source: '003 art. 18.3; 002 art. 6.1',
    text: 'A profile\'s `billingAnchor` sets where periods start: `anniversary` of the start day, `calendarMonth` (the 1st of each month; a yearly plan twelve months from the 1st of a month) or `calendarYear` (yearly plans from 1 January). A first or last period shorter than the whole is charged pro rata by days of the whole period, half-up once per line (R-MONEY-01). Ends aligned by R-NOTICE-02 and billed periods agree: no day is billed twice or never.' },
  { id: 'R-BILL-02', params: ['prorateChanges'], section: 'Billing periods and changes (issue 8)', source: '003 art. 18.3; 002 art. 12.1',
    text: 'A plan change (`subscription.plan_changed`, a plan of the same billing period, from a day) or a seat change applies from its day. When the profile says `prorateChanges`, the rest of the current period is charged or credited pro rata by days: billed in arrears the period is split where the change took effect; billed in advance the days already billed are credited at the old plan and seats and charged at the new, half-up once per line. Otherwise the change applies from the next period billed. A change for a later day is applied on that day; one after the contract\'s end, or to a plan of another period, is refused.' },
  { id: 'R-BILL-03', params: ['allowances'], section: 'Billing periods and changes (issue 8)', source: '004 art. 22.1, 29.1',
    text: 'Usage (`usage.recorded`: whole units of a metric in a calendar month, idempotent by event id) adds to that month\'s aggregate per metric. The profile\'s `allowances` give per metric the units included per month and the price per unit above them. The first periodic invoice after the month is over carries one line per metric and month: units above the allowance × unit price, VAT as the other lines (R-MONEY-01). Late usage for a month already invoiced goes on the next invoice for the units it adds above the allowance, in a line naming the month; at the end of the contract the months not yet invoiced are invoiced. Refused: a metric without an allowance, a month not begun, before the start or from the end of the contract, more than three months late, or a subscription that has ended or not started.' },
  { id: 'R-INV-01', section: 'Invoices and credit notes (issue 8)', source: 'art. 35a lid 1 onder b Wet OB',
    text: 'Every invoice and credit note carries a number of one gap-free sequential series per provider (prefix + sequence), credit notes in the same series. The number is taken in the same transaction that records the decision, so retries, duplicates and concurrent writers never skip or reuse one. Invoice ids stay the system\'s keys; numbers are what the documents show.' },
  { id: 'R-INV-02', section: 'Invoices and credit notes (issue 8)', source: 'art. 35a lid 1 Wet OB',
    text: 'An invoice shows the provider\'s name, address, KvK number, VAT id and IBAN, the customer\'s name, billing address and (B2B) VAT id, the date, the supply period, per line the quantity, price and VAT rate, and the net amount and VAT per rate.' },
  { id: 'R-INV-03', section: 'Invoices and credit notes (issue 8)', source: 'art. 12 lid 3 and art. 35a lid 1 onder j Wet OB; art. 44 and 196 Directive 2006/112/EC',
    text: 'A business customer with a VAT id of another EU member state is charged 0 % VAT with the note "BTW verlegd" / "VAT reverse charged" and its VAT id on the invoice; a Dutch VAT id, no VAT id, a consumer or a VAT id outside the EU is charged Dutch VAT as the profile says.' },
  { id: 'R-CREDIT-01', section: 'Invoices and credit notes (issue 8)', source: 'art. 35a lid 1 and art. 29 lid 1 Wet OB (a correction is a document of its own)',
    text: 'An invoice is corrected by a credit note, never changed or voided: negative amounts at the VAT rates of the lines it corrects, the number of the corrected invoice, numbered in the same series. Issued for a withdrawn cancellation\'s early-termination fee, an upheld dispute, a period cut short, and the provider\'s `invoice.credited`. A credit note takes off at most what is left of the invoice\'s total after earlier credit notes.' },
  { id: 'R-CREDIT-02', section: 'Invoices and credit notes (issue 8)', source: '(Dutch law, art. 6:44 BW; R-PAY-03)',
    text: 'Credit is allocated like a payment (R-PAY-03): it settles the invoice it corrects first; what that invoice had already been paid is freed and goes, as the payment\'s would, to the oldest open invoices and then to the credit balance for the next invoice.' },
  { id: 'R-CREDIT-03', section: 'Invoices and credit notes (issue 8)', source: 'art. 6:271 BW; 003 art. 13.6 and 14.3, 004 art. 8.1 (what was performed stays due); 001 ¶arrears, 004 art. 8.3 (remaining charges)',
    text: 'When a subscription billed in advance ends before the end of the period already invoiced (a dissolution, insolvency, an end aligned or fixed inside the period, any end the rules compute after the invoice), the days from the end up to the end of what was invoiced are credited pro rata by days, half-up once per line (R-MONEY-01), by a credit note on the invoice that billed them — net of what earlier credit notes took off those days. Days the end still claims as remaining charges (R-EARLY-01) stay billed: only the days after the remaining charges run out are credited.' },
] as const satisfies readonly RuleEntry[];

export const RULES = [...RULEBOOK, ...ADDED_RULES] as const;

export { isRuleId, RULE_ID_LIST, type RuleId } from './rule-ids.js';

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** The registry entry of a rule id. */
export function ruleOf(id: RuleId): RuleEntry {
  return RULES.find((r) => r.id === id)!;
}
