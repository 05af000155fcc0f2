/**
 * Dutch and English texts for every e-mail the rules can send (domain/templates.ts). Amounts
 * through formatEuro; a text names the rule and the reason wherever the facts carry them.
 */
import type { EmailTemplate, Language } from '../domain/index.js';
import { formatEuro } from '../domain/money.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
}

type Facts = Readonly<Record<string, unknown>>;
type Text = (f: F) => { subject: string; body: string[] };

/** Reading helpers over the facts of one e-mail, in one language. */
class F {
  constructor(
    readonly facts: Facts,
    readonly lang: Language,
  ) {}
  str(key: string, fallback = '—'): string {
    const v = this.facts[key];
    return v === undefined || v === null || v === '' ? fallback : String(v);
  }
  eur(key: string): string {
    const v = this.facts[key];
    return typeof v === 'number' && Number.isSafeInteger(v) ? formatEuro(v, this.lang) : '—';
  }
  num(key: string): number | null {
    const v = this.facts[key];
    return typeof v === 'number' ? v : null;
  }
  has(key: string): boolean {
    const v = this.facts[key];
    return v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;
  }
  pct(key: string): string {
    const bp = this.num(key);
    if (bp === null) return '—';
    const s = (bp / 100).toFixed(2).replace(/\.?0+$/, '');
    return `${this.lang === 'nl' ? s.replace('.', ',') : s}%`;
  }
  list(key: string): string {
    const v = this.facts[key];
    const items = Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
    return items.map((i) => (this.lang === 'nl' ? CONSEQUENCE_NL[i] ?? i : i)).join(', ');
  }
}

const CONSEQUENCE_NL: Record<string, string> = {
  suspension: 'opschorting van de dienst',
  dissolution: 'ontbinding van de overeenkomst',
  'collection costs': 'incassokosten',
  'late interest': 'wettelijke rente',
};

const REASON_NL: Record<string, string> = {
  arrears: 'betalingsachterstand',
  abuse: 'misbruik',
  'reseller-suspended': 'de reseller via wie u afneemt is opgeschort',
  cancelled: 'opzegging',
  dissolved: 'ontbinding wegens wanbetaling',
  insolvency: 'insolventie',
  unreachable: 'onbereikbaarheid',
  'price-change': 'opzegging na prijswijziging',
  'terms-change': 'opzegging na wijziging van de voorwaarden',
  erasure: 'verwijdering van uw gegevens',
};
const reasonNl = (r: string): string => REASON_NL[r] ?? r;

/** The invoice's legal number (R-INV-01); mails queued by an earlier release name only its id. */
const num = (f: F): string => f.str('invoiceNumber', f.str('invoiceId'));

const nl: Record<EmailTemplate, Text> = {
  'invoice.issued': (f) => ({ subject: `Factuur ${num(f)}`, body: [`Hierbij ontvangt u factuur ${num(f)} van ${f.eur('totalCents')}.`, `Gelieve te betalen vóór ${f.str('dueOn')}.`] }),
  'credit_note.issued': (f) => ({
    subject: `Creditnota ${f.str('invoiceNumber')}`,
    body: [`Hierbij ontvangt u creditnota ${f.str('invoiceNumber')} van ${f.eur('amountCents')} op factuur ${f.str('correctsNumber')}.`, `Reden: ${f.str('reason')}.`, 'Het bedrag wordt verrekend met wat u nog moet betalen; wat overblijft is tegoed.'],
  }),
  'payment.failed': (f) => ({ subject: 'Uw betaling is mislukt', body: [`Een betaling van ${f.eur('amountCents')} is mislukt${f.has('invoiceId') ? ` (factuur ${f.str('invoiceId')})` : ''}.`, `Reden: ${f.str('reason')}.`, 'Wij verzoeken u het bedrag alsnog te voldoen.'] }),
  'dunning.reminder': (f) => ({
    subject: `Herinnering: factuur ${f.str('invoiceId')} is nog niet betaald`,
    body: [
      `Factuur ${f.str('invoiceId')} van ${f.str('issuedOn')} (vervallen op ${f.str('dueOn')}) staat nog open: ${f.eur('openCents')}.`,
      `Betaal uiterlijk ${f.str('payBy')}.`,
      ...(f.has('inDefault') ? ['U bent met het verstrijken van de betaaltermijn in verzuim.'] : []),
      ...(f.has('interestCents') ? [`Verschuldigde rente tot nu: ${f.eur('interestCents')} (${f.str('interestBasis')}).`] : []),
      `Blijft betaling uit, dan volgen: ${f.list('consequences')}.`,
    ],
  }),
  'dunning.formal_notice': (f) => ({
    subject: `Ingebrekestelling: factuur ${f.str('invoiceId')}`,
    body: [`Ondanks onze herinnering staat factuur ${f.str('invoiceId')} nog open: ${f.eur('openCents')}.`, `Wij stellen u hierbij in gebreke. Betaal uiterlijk ${f.str('deadline')}.`, `Incassokosten bij uitblijven van betaling: ${f.eur('costsCents')}.`, `Daarna volgen: ${f.list('consequences')}.`],
  }),
  'dunning.default_notice': (f) => ({ subject: `U bent in verzuim: factuur ${f.str('invoiceId')}`, body: [`De termijn uit onze ingebrekestelling is verstreken; factuur ${f.str('invoiceId')} staat nog open: ${f.eur('openCents')}.`, `Vanaf nu bent u in verzuim en is rente verschuldigd (${f.str('interestBasis')}).`] }),
  'dunning.fourteen_day_letter': (f) => ({
    subject: `Laatste kans om kosteloos te betalen: factuur ${f.str('invoiceId')}`,
    body: [`Factuur ${f.str('invoiceId')} staat nog open: ${f.eur('openCents')}.`, `Betaal uiterlijk ${f.str('payBy')} (veertien dagen na ontvangst van deze brief); daarna bent u incassokosten verschuldigd van ${f.eur('costsCents')} (art. 6:96 BW).`],
  }),
  'suspension.notice': (f) => ({
    subject: 'Uw dienst is opgeschort',
    body: [`Wij hebben ${f.num('seats') ?? '—'} gebruiker(s) van uw abonnement opgeschort wegens ${reasonNl(f.str('reason'))}.`, `Toelichting: ${f.str('detail')}.`, ...(f.has('openCents') ? [`Openstaand bedrag: ${f.eur('openCents')}.`] : []), 'De facturering loopt door tijdens de opschorting.'],
  }),
  'reactivation.notice': (f) => ({
    subject: 'Uw dienst is weer actief',
    body: [`De opschorting sinds ${f.str('suspendedSince')} is opgeheven; ${f.num('seats') ?? '—'} gebruiker(s) hebben weer toegang.`, f.has('feeCents') ? `Voor de heractivering brengen wij ${f.eur('feeCents')} in rekening (R-REACT-02).` : 'Er worden geen heractiveringskosten in rekening gebracht.'],
  }),
  'cancellation.confirmed': (f) => ({
    subject: 'Bevestiging van uw opzegging',
    body: [`Wij hebben uw opzegging ontvangen. Uw abonnement eindigt op ${f.str('endsOn')} om 00:00; de laatste dag is ${f.str('lastDay')}.`, f.has('feeCents') ? `Vergoeding voor voortijdige beëindiging: ${f.eur('feeCents')}.` : 'Er is geen vergoeding voor voortijdige beëindiging verschuldigd.'],
  }),
  'cancellation.refused': (f) => ({ subject: 'Uw opzegging kan niet worden verwerkt', body: [`Wij kunnen uw opzegging niet verwerken.`, `Reden: ${f.str('reason')}.`] }),
  'cancellation.withdrawn': (f) => ({ subject: 'Uw opzegging is ingetrokken', body: [`U heeft uw opzegging ingetrokken; uw abonnement zou eindigen op ${f.str('endsOnWas')} en loopt nu gewoon door.`] }),
  'renewal.notice': (f) => ({
    subject: 'Uw abonnement wordt verlengd',
    body: f.has('continuesIndefinitely')
      ? [`Uw abonnement loopt vanaf ${f.str('from')} voor onbepaalde tijd door.`, `U kunt daarna op elk moment opzeggen met een opzegtermijn van ${f.num('noticeMonths') ?? '—'} maand(en).`]
      : [`Uw abonnement is verlengd: de nieuwe termijn loopt van ${f.str('termStart')} tot ${f.str('termEnd')}.`],
  }),
  'notice_deadline.reminder': (f) => ({ subject: 'Laatste dag om op te zeggen nadert', body: [`Wilt u uw abonnement niet laten verlengen, zeg dan uiterlijk ${f.str('lastDayForNotice')} op.`, `De huidige termijn eindigt op ${f.str('termEnd')}.`] }),
  'price_change.notice': (f) => ({
    subject: 'Aankondiging van een prijswijziging',
    body: [`Per ${f.str('effectiveOn')} wijzigt de prijs van uw abonnement met ${f.pct('changeBp')}: van ${f.eur('fromCents')} naar ${f.eur('toCents')}.`, ...(f.has('terminationRight') ? ['U heeft het recht de overeenkomst op te zeggen tegen de ingangsdatum van de wijziging (R-PRICE-01).'] : [])],
  }),
  'terms_change.notice': (f) => ({ subject: 'Wijziging van onze voorwaarden', body: [`Per ${f.str('effectiveOn')} wijzigen onze voorwaarden: ${f.str('summary')}.`, `Gaat u niet akkoord, dan kunt u de overeenkomst beëindigen per ${f.str('effectiveOn')} (R-DISS-04).`] }),
  'dissolution.proposed': (f) => ({ subject: 'Voorgenomen ontbinding van uw overeenkomst', body: [`Wij zijn voornemens de overeenkomst te ontbinden.`, `Reden: ${f.str('reason')}.`] }),
  'dissolution.notice': (f) => ({
    subject: 'Uw overeenkomst is ontbonden',
    body: [`Wij hebben de overeenkomst ontbonden wegens ${reasonNl(f.str('reason'))}.`, f.has('remainingChargesCents') ? `De resterende termijnen tot het einde van de overeenkomst, ${f.eur('remainingChargesCents')}, zijn direct opeisbaar.` : 'Er worden geen resterende termijnen in rekening gebracht.'],
  }),
  'subscription.ended': (f) => ({
    subject: 'Uw abonnement is beëindigd',
    body: [`Uw abonnement is beëindigd op ${f.str('endedOn')} (${reasonNl(f.str('reason'))}).`, f.has('exportWindowEndsOn') ? `U kunt tot en met ${f.str('exportWindowEndsOn')} een export van uw gegevens aanvragen; daarna worden ze verwijderd.` : 'Uw gegevens worden verwijderd.'],
  }),
  'export.available': (f) => ({ subject: 'Uw gegevensexport staat klaar', body: ['De export van uw gegevens staat klaar.', ...(f.has('windowEndsOn') ? [`U kunt hem downloaden tot en met ${f.str('windowEndsOn')}.`] : [])] }),
  'export.refused': (f) => ({ subject: 'Uw exportverzoek kan niet worden uitgevoerd', body: [`Wij kunnen uw exportverzoek niet uitvoeren.`, `Reden: ${f.str('reason')}.`] }),
  'deletion.done': (f) => ({ subject: 'Uw gegevens zijn verwijderd', body: [`Op uw verzoek of na afloop van de bewaartermijn (aangevraagd ${f.str('requestedAt')}) zijn de gehoste gegevens, back-ups en persoonsgegevens van dit abonnement verwijderd.`] }),
  'erasure.done': (f) => ({ subject: 'Uw persoonsgegevens zijn gewist', body: [`Uw verzoek van ${f.str('requestedAt')} om uw persoonsgegevens te wissen is uitgevoerd (AVG art. 17).`, 'Facturen bewaren wij zolang de fiscale bewaarplicht dat vereist.'] }),
  'erasure.refused': (f) => ({ subject: 'Uw verzoek om gegevens te wissen', body: ['Wij kunnen uw persoonsgegevens nu niet wissen.', `Reden: ${f.str('reason')}.`] }),
  'dispute.received': (f) => ({ subject: `Bezwaar tegen factuur ${f.str('invoiceId')} ontvangen`, body: [`Wij hebben uw bezwaar tegen factuur ${f.str('invoiceId')} ontvangen.`, 'Zolang het bezwaar loopt, sturen wij geen aanmaningen voor deze factuur en schorten wij de dienst er niet voor op.'] }),
  'dispute.refused': (f) => ({ subject: `Bezwaar tegen factuur ${f.str('invoiceId')} niet in behandeling genomen`, body: [`Wij kunnen uw bezwaar tegen factuur ${f.str('invoiceId')} niet in behandeling nemen.`, `Reden: ${f.str('reason')}.`] }),
  'dispute.resolved': (f) => ({
    subject: `Uitkomst van uw bezwaar tegen factuur ${f.str('invoiceId')}`,
    body: [f.str('outcome') === 'upheld' ? `Uw bezwaar is gegrond: factuur ${f.str('invoiceId')} vervalt; wat u erop betaalde wordt als tegoed verrekend.` : `Uw bezwaar is ongegrond: factuur ${f.str('invoiceId')} blijft staan en moet worden betaald.`],
  }),
};

const REASON_EN: Record<string, string> = { 'reseller-suspended': 'your reseller has been suspended', 'price-change': 'termination after a price change', 'terms-change': 'termination after a change of terms' };
const reasonEn = (r: string): string => REASON_EN[r] ?? r;

const en: Record<EmailTemplate, Text> = {
  'invoice.issued': (f) => ({ subject: `Invoice ${num(f)}`, body: [`Please find invoice ${num(f)} for ${f.eur('totalCents')}.`, `Please pay by ${f.str('dueOn')}.`] }),
  'credit_note.issued': (f) => ({
    subject: `Credit note ${f.str('invoiceNumber')}`,
    body: [`Please find credit note ${f.str('invoiceNumber')} for ${f.eur('amountCents')} on invoice ${f.str('correctsNumber')}.`, `Reason: ${f.str('reason')}.`, 'The amount is set off against what you still owe; what is left is credit.'],
  }),
  'payment.failed': (f) => ({ subject: 'Your payment failed', body: [`A payment of ${f.eur('amountCents')} failed${f.has('invoiceId') ? ` (invoice ${f.str('invoiceId')})` : ''}.`, `Reason: ${f.str('reason')}.`, 'Please pay the amount another way.'] }),
  'dunning.reminder': (f) => ({
    subject: `Reminder: invoice ${f.str('invoiceId')} is unpaid`,
    body: [
      `Invoice ${f.str('invoiceId')} of ${f.str('issuedOn')} (due ${f.str('dueOn')}) is still open: ${f.eur('openCents')}.`,
      `Please pay by ${f.str('payBy')}.`,
      ...(f.has('inDefault') ? ['With the payment term expired, you are in default.'] : []),
      ...(f.has('interestCents') ? [`Interest owed so far: ${f.eur('interestCents')} (${f.str('interestBasis')}).`] : []),
      `If payment does not follow: ${f.list('consequences')}.`,
    ],
  }),
  'dunning.formal_notice': (f) => ({
    subject: `Formal notice: invoice ${f.str('invoiceId')}`,
    body: [`Despite our reminder, invoice ${f.str('invoiceId')} is still open: ${f.eur('openCents')}.`, `This is a formal notice of default. Please pay by ${f.str('deadline')}.`, `Collection costs if payment does not follow: ${f.eur('costsCents')}.`, `After that: ${f.list('consequences')}.`],
  }),
  'dunning.default_notice': (f) => ({ subject: `You are in default: invoice ${f.str('invoiceId')}`, body: [`The term of our formal notice has passed; invoice ${f.str('invoiceId')} is still open: ${f.eur('openCents')}.`, `You are now in default and interest is owed (${f.str('interestBasis')}).`] }),
  'dunning.fourteen_day_letter': (f) => ({
    subject: `Last chance to pay without costs: invoice ${f.str('invoiceId')}`,
    body: [`Invoice ${f.str('invoiceId')} is still open: ${f.eur('openCents')}.`, `Pay by ${f.str('payBy')} (fourteen days after receiving this letter); after that, collection costs of ${f.eur('costsCents')} are owed (art. 6:96 Dutch Civil Code).`],
  }),
  'suspension.notice': (f) => ({
    subject: 'Your service has been suspended',
    body: [`We have suspended ${f.num('seats') ?? '—'} seat(s) of your subscription because of ${reasonEn(f.str('reason'))}.`, `Details: ${f.str('detail')}.`, ...(f.has('openCents') ? [`Amount open: ${f.eur('openCents')}.`] : []), 'Billing continues during the suspension.'],
  }),
  'reactivation.notice': (f) => ({
    subject: 'Your service is active again',
    body: [`The suspension since ${f.str('suspendedSince')} has been lifted; ${f.num('seats') ?? '—'} seat(s) have access again.`, f.has('feeCents') ? `A reactivation fee of ${f.eur('feeCents')} is charged (R-REACT-02).` : 'No reactivation fee is charged.'],
  }),
  'cancellation.confirmed': (f) => ({
    subject: 'Your cancellation is confirmed',
    body: [`We received your cancellation. Your subscription ends on ${f.str('endsOn')} at 00:00; the last day is ${f.str('lastDay')}.`, f.has('feeCents') ? `Early termination fee: ${f.eur('feeCents')}.` : 'No early termination fee is due.'],
  }),
  'cancellation.refused': (f) => ({ subject: 'Your cancellation cannot be processed', body: ['We cannot process your cancellation.', `Reason: ${f.str('reason')}.`] }),
  'cancellation.withdrawn': (f) => ({ subject: 'Your cancellation has been withdrawn', body: [`You withdrew your cancellation; your subscription would have ended on ${f.str('endsOnWas')} and now simply continues.`] }),
  'renewal.notice': (f) => ({
    subject: 'Your subscription renews',
    body: f.has('continuesIndefinitely')
      ? [`From ${f.str('from')} your subscription continues indefinitely.`, `You may then cancel at any time with ${f.num('noticeMonths') ?? '—'} month(s) notice.`]
      : [`Your subscription has renewed: the new term runs from ${f.str('termStart')} to ${f.str('termEnd')}.`],
  }),
  'notice_deadline.reminder': (f) => ({ subject: 'The last day to cancel is near', body: [`If you do not want your subscription to renew, cancel by ${f.str('lastDayForNotice')}.`, `The current term ends on ${f.str('termEnd')}.`] }),
  'price_change.notice': (f) => ({
    subject: 'Announcement of a price change',
    body: [`From ${f.str('effectiveOn')} the price of your subscription changes by ${f.pct('changeBp')}: from ${f.eur('fromCents')} to ${f.eur('toCents')}.`, ...(f.has('terminationRight') ? ['You may end the contract as of the date the change takes effect (R-PRICE-01).'] : [])],
  }),
  'terms_change.notice': (f) => ({ subject: 'Our terms are changing', body: [`From ${f.str('effectiveOn')} our terms change: ${f.str('summary')}.`, `If you do not accept, you may end the contract as of ${f.str('effectiveOn')} (R-DISS-04).`] }),
  'dissolution.proposed': (f) => ({ subject: 'Intended dissolution of your contract', body: ['We intend to dissolve the contract.', `Reason: ${f.str('reason')}.`] }),
  'dissolution.notice': (f) => ({
    subject: 'Your contract has been dissolved',
    body: [`We have dissolved the contract because of ${reasonEn(f.str('reason'))}.`, f.has('remainingChargesCents') ? `The remaining charges until the end of the contract, ${f.eur('remainingChargesCents')}, are due at once.` : 'No remaining charges are invoiced.'],
  }),
  'subscription.ended': (f) => ({
    subject: 'Your subscription has ended',
    body: [`Your subscription ended on ${f.str('endedOn')} (${reasonEn(f.str('reason'))}).`, f.has('exportWindowEndsOn') ? `You can request an export of your data until ${f.str('exportWindowEndsOn')} inclusive; after that it is deleted.` : 'Your data will be deleted.'],
  }),
  'export.available': (f) => ({ subject: 'Your data export is ready', body: ['The export of your data is ready.', ...(f.has('windowEndsOn') ? [`You can download it until ${f.str('windowEndsOn')} inclusive.`] : [])] }),
  'export.refused': (f) => ({ subject: 'Your export request cannot be carried out', body: ['We cannot carry out your export request.', `Reason: ${f.str('reason')}.`] }),
  'deletion.done': (f) => ({ subject: 'Your data has been deleted', body: [`As requested on ${f.str('requestedAt')}, the hosted data, backups and personal data of this subscription have been deleted.`] }),
  'erasure.done': (f) => ({ subject: 'Your personal data has been erased', body: [`Your request of ${f.str('requestedAt')} to erase your personal data has been carried out (GDPR art. 17).`, 'Invoices are kept as long as tax law requires.'] }),
  'erasure.refused': (f) => ({ subject: 'Your erasure request', body: ['We cannot erase your personal data now.', `Reason: ${f.str('reason')}.`] }),
  'dispute.received': (f) => ({ subject: `Dispute of invoice ${f.str('invoiceId')} received`, body: [`We received your dispute of invoice ${f.str('invoiceId')}.`, 'While it is open, we send no reminders for this invoice and do not suspend the service for it.'] }),
  'dispute.refused': (f) => ({ subject: `Dispute of invoice ${f.str('invoiceId')} not accepted`, body: [`We cannot accept your dispute of invoice ${f.str('invoiceId')}.`, `Reason: ${f.str('reason')}.`] }),
  'dispute.resolved': (f) => ({
    subject: `Outcome of your dispute of invoice ${f.str('invoiceId')}`,
    body: [f.str('outcome') === 'upheld' ? `Your dispute is upheld: invoice ${f.str('invoiceId')} is void; anything paid on it becomes credit.` : `Your dispute is rejected: invoice ${f.str('invoiceId')} stands and must be paid.`],
  }),
};

export const TEMPLATES: Readonly<Record<Language, Record<EmailTemplate, Text>>> = { nl, en };

/** Subject and plain text of one e-mail; the rule that decided it closes the text when the facts name one. */
export function renderEmail(template: EmailTemplate, language: Language, facts: Facts): RenderedEmail {
  const f = new F(facts, language);
  const { subject, body } = TEMPLATES[language][template](f);
  const greeting = language === 'nl' ? `Beste ${f.str('customerName', 'klant')},` : `Dear ${f.str('customerName', 'customer')},`;
  const rule = f.has('rule') ? [language === 'nl' ? `Regel: ${f.str('rule')}` : `Rule: ${f.str('rule')}`] : [];
  const closing = language === 'nl' ? 'Met vriendelijke groet,\nLooptijd' : 'Kind regards,\nLooptijd';
  return { subject, text: [greeting, '', ...body, ...(rule.length ? ['', ...rule] : []), '', closing].join('\n') };
}
