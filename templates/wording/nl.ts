/** The Dutch wording of every e-mail. Dates `3 maart 2027`, amounts `€ 1.234,56`; no rule ids, no internal ids but invoice numbers. */
import type { CancellationChannel, EndReason, InsolvencyKind } from '../../domain/types.js';
import type { Consequence, InterestBasis, LetterOpenInvoice, NextStep, PaymentFailure } from '../../domain/email-facts.js';
import { blocks, list, p, rows, sentence, type Frame, type Pen, type Wording } from '../letter.js';

export const frame: Frame = { greeting: (name) => `Beste ${name},`, closing: 'Met vriendelijke groet,' };

const users = (n: number): string => (n === 1 ? '1 gebruiker' : `${n} gebruikers`);

const INTEREST = (i: InterestBasis, pen: Pen): string => {
  switch (i.kind) {
    case 'statutoryConsumer':
      return 'de wettelijke rente (art. 6:119 BW)';
    case 'statutoryCommercial':
      return 'de wettelijke handelsrente (art. 6:119a BW)';
    case 'contractualMonthly':
      return `de overeengekomen rente van ${pen.pct(i.monthlyBp)} per maand`;
  }
};

const CONSEQUENCE: Record<Consequence, string> = {
  suspension: 'opschorting van de dienst',
  dissolution: 'ontbinding van de overeenkomst',
  collectionCosts: 'incassokosten',
  lateInterest: 'rente over het openstaande bedrag',
};
const consequences = (c: readonly Consequence[]): string => `Blijft betaling uit, dan kan dat leiden tot ${joinNl(c.map((x) => CONSEQUENCE[x]))}.`;

function joinNl(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}

/** What happens on the day after a deadline if the money has not come in. */
const NEXT = (n: NextStep, pen: Pen): string => {
  switch (n.step) {
    case 'formalNotice':
      return `sturen wij u op ${pen.d(n.on)} een ingebrekestelling`;
    case 'default':
      return `bent u vanaf ${pen.d(n.on)} in verzuim`;
    case 'suspension':
      return `schorten wij uw dienst op met ingang van ${pen.d(n.on)}`;
    case 'dissolution':
      return `kunnen wij de overeenkomst met ingang van ${pen.d(n.on)} ontbinden`;
  }
};

const FAILURE: Record<PaymentFailure, string | null> = {
  insufficientFunds: 'Er stond onvoldoende saldo op de rekening.',
  accountClosed: 'De rekening is opgeheven of geblokkeerd.',
  noMandate: 'Er is geen geldige machtiging voor automatische incasso.',
  other: null,
};

const CHANNEL: Record<CancellationChannel, string> = {
  email: 'per e-mail',
  portal: 'via het klantportaal',
  registered_mail: 'per aangetekende brief',
  api: 'via een koppeling met ons systeem',
  phone: 'telefonisch',
};

const ENDED: Record<EndReason, string> = {
  cancelled: 'na uw opzegging',
  dissolved: 'na ontbinding wegens wanbetaling',
  insolvency: 'wegens insolventie',
  unreachable: 'omdat wij u niet meer konden bereiken',
  'price-change': 'na uw opzegging wegens een prijswijziging',
  'terms-change': 'na uw opzegging wegens gewijzigde voorwaarden',
  erasure: 'op uw verzoek om uw gegevens te wissen',
};

const INSOLVENCY: Record<InsolvencyKind, string> = {
  bankruptcy: 'het faillissement',
  suspension_of_payments: 'de surseance van betaling',
  debt_rescheduling: 'de schuldsaneringsregeling',
  liquidation: 'de vereffening',
  death: 'het overlijden van de contractant',
};

/** One reopened or unpaid invoice with its own deadline: the due date is the last valid day. */
const owed = (i: LetterOpenInvoice, pen: Pen): string =>
  i.overdue ? `factuur ${i.invoiceNumber}: ${pen.eur(i.openCents)}, de betaaltermijn is verstreken op ${pen.d(i.dueOn)}` : `factuur ${i.invoiceNumber}: ${pen.eur(i.openCents)}, uiterlijk te betalen op ${pen.d(i.dueOn)}`;

const contact = (pen: Pen): string =>
  pen.brand.whiteLabel || pen.brand.resellerName === null ? 'Heeft u vragen? Neem dan contact met ons op.' : sentence(`Heeft u vragen? Neem dan contact op met ${pen.brand.resellerName}`);

export const nl: Wording = {
  'invoice.issued': (f, pen) => ({
    subject: f.purpose === 'collectionCosts' ? `Factuur ${f.invoiceNumber} (incassokosten)` : f.purpose === 'reactivation' ? `Factuur ${f.invoiceNumber} (heractivering)` : f.purpose === 'remainingCharges' ? `Factuur ${f.invoiceNumber} (resterende termijnen)` : `Factuur ${f.invoiceNumber}`,
    blocks: blocks(
      p(f.purpose === 'collectionCosts' ? 'Hierbij ontvangt u de factuur voor de incassokosten die verschuldigd zijn omdat een eerdere factuur niet op tijd is betaald.' : 'Hierbij ontvangt u een nieuwe factuur.'),
      rows(['Factuurnummer', f.invoiceNumber], ['Factuurdatum', pen.d(f.issuedOn)], ['Bedrag', pen.eur(f.totalCents)], f.vatCents > 0 && ['Waarvan btw', pen.eur(f.vatCents)], ['Uiterlijk te betalen op', pen.d(f.dueOn)]),
      p(f.directDebit ? `Wij schrijven het bedrag via automatische incasso van uw rekening af; u hoeft zelf niets te doen.` : `Wilt u het bedrag uiterlijk op ${pen.d(f.dueOn)} overmaken, onder vermelding van het factuurnummer?`),
      p('De factuur zit als pdf in de bijlage.'),
    ),
  }),
  'credit_note.issued': (f, pen) => ({
    subject: `Creditfactuur ${f.invoiceNumber}`,
    blocks: blocks(
      p(`Hierbij ontvangt u creditfactuur ${f.invoiceNumber} van ${pen.eur(f.amountCents)} op factuur ${f.correctsNumber}.`),
      p('Wij verrekenen het bedrag met wat u nog moet betalen; wat overblijft, houdt u als tegoed.'),
      p('De creditfactuur zit als pdf in de bijlage.'),
    ),
  }),
  'payment.failed': (f, pen) => ({
    subject: 'Uw betaling is mislukt',
    blocks: blocks(
      p(`Een betaling van ${pen.eur(f.amountCents)} is niet gelukt.${FAILURE[f.failure] ? ` ${FAILURE[f.failure]}` : ''}`),
      f.invoice
        ? p(f.invoice.overdue
          ? `Factuur ${f.invoice.invoiceNumber} staat daardoor nog open: ${pen.eur(f.invoice.openCents)}. De betaaltermijn is verstreken op ${pen.d(f.invoice.dueOn)}; wilt u het bedrag zo snel mogelijk overmaken?`
          : `Factuur ${f.invoice.invoiceNumber} staat daardoor nog open: ${pen.eur(f.invoice.openCents)}. Wilt u het bedrag uiterlijk op ${pen.d(f.invoice.dueOn)} overmaken?`)
        : p('Wilt u het bedrag alsnog overmaken?'),
    ),
  }),
  'payment.reversed': (f, pen) => ({
    subject: f.reason === 'storno' ? 'Uw automatische incasso is teruggeboekt' : f.reason === 'chargeback' ? 'Uw creditcardbetaling is teruggedraaid' : f.reason === 'refund' ? 'Wij hebben uw betaling terugbetaald' : 'Uw betaling is alsnog mislukt',
    blocks: blocks(
      p(f.reason === 'storno' ? `De automatische incasso van ${pen.eur(f.amountCents)} van ${pen.d(f.receivedOn)} is teruggeboekt (gestorneerd).`
        : f.reason === 'chargeback' ? `De creditcardbetaling van ${pen.eur(f.amountCents)} van ${pen.d(f.receivedOn)} is via uw creditcardmaatschappij teruggedraaid.`
        : f.reason === 'refund' ? `Wij hebben uw betaling van ${pen.eur(f.amountCents)} van ${pen.d(f.receivedOn)} aan u terugbetaald.`
        : `Uw betaling van ${pen.eur(f.amountCents)} van ${pen.d(f.receivedOn)} is achteraf toch niet gelukt.`),
      f.reopened.length === 0 ? p('Er staat daardoor geen factuur open.') : p(f.reopened.length === 1 ? 'Daardoor staat deze factuur weer open:' : 'Daardoor staan deze facturen weer open:'),
      f.reopened.length > 0 && list(f.reopened.map((i) => owed(i, pen))),
      f.reopened.length > 0 && f.reason !== 'refund' && p('Een terugboeking heft de betalingsverplichting niet op.'),
      f.reopened.some((i) => i.overdue) && p('Wilt u het openstaande bedrag zo snel mogelijk overmaken?'),
    ),
  }),
  'dunning.reminder': (f, pen) => ({
    subject: `Herinnering: factuur ${f.invoiceNumber} is nog niet betaald`,
    blocks: blocks(
      p(`Volgens onze administratie is factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)} nog niet (volledig) betaald. De betaaltermijn liep tot en met ${pen.d(f.dueOn)}.`),
      rows(['Factuurnummer', f.invoiceNumber], ['Openstaand bedrag', pen.eur(f.openCents)], f.interestCents > 0 && ['Rente tot vandaag', pen.eur(f.interestCents)], f.payBy !== null && ['Uiterlijk te betalen op', pen.d(f.payBy)]),
      f.payBy !== null && f.next !== null
        ? p(`Wilt u het openstaande bedrag uiterlijk op ${pen.d(f.payBy)} betalen? Hebben wij uw betaling dan niet ontvangen, dan ${NEXT(f.next, pen)}.`)
        : p('Wilt u het openstaande bedrag zo snel mogelijk betalen?'),
      f.inDefault && p(`Omdat de betaaltermijn is verstreken, bent u zonder nadere ingebrekestelling in verzuim en bent u ${INTEREST(f.interest, pen)} verschuldigd.`),
      p(consequences(f.consequences)),
      p('Heeft u inmiddels betaald? Dan kunt u deze herinnering als niet verzonden beschouwen.'),
    ),
  }),
  'dunning.formal_notice': (f, pen) => ({
    subject: `Ingebrekestelling: factuur ${f.invoiceNumber}`,
    blocks: blocks(
      p(f.reminder
        ? `Op ${pen.d(f.reminder.sentOn)} stuurden wij u een herinnering voor factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)}, met het verzoek uiterlijk op ${pen.d(f.reminder.payBy)} te betalen. Wij hebben uw betaling niet ontvangen; er staat nog ${pen.eur(f.openCents)} open.`
        : `Factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)} is nog niet betaald; er staat nog ${pen.eur(f.openCents)} open.`),
      f.payBy !== null && f.next !== null
        ? p(`Wij stellen u hierbij in gebreke en geven u de gelegenheid het bedrag alsnog uiterlijk op ${pen.d(f.payBy)} te betalen. Betaalt u niet uiterlijk op die dag, dan ${NEXT(f.next, pen)}${f.next.step === 'default' ? ` en bent u ${INTEREST(f.interest, pen)} verschuldigd` : ''}.`)
        : p('Wij stellen u hierbij in gebreke en verzoeken u het bedrag per omgaande te betalen.'),
      rows(['Factuurnummer', f.invoiceNumber], ['Openstaand bedrag', pen.eur(f.openCents)], f.payBy !== null && ['Uiterlijk te betalen op', pen.d(f.payBy)]),
      p(f.costsWhen === 'chargedNow' ? `De incassokosten van ${pen.eur(f.costsCents)} brengen wij met een aparte factuur in rekening.`
        : f.costsWhen === 'ifUnpaid' ? `Betaalt u niet op tijd, dan brengen wij incassokosten van ${pen.eur(f.costsCents)} in rekening.`
        : `Blijft betaling uit, dan sturen wij u eerst nog een brief waarin u veertien dagen krijgt om zonder kosten te betalen; daarna bent u incassokosten van ${pen.eur(f.costsCents)} verschuldigd.`),
      p(consequences(f.consequences)),
    ),
  }),
  'dunning.default_notice': (f, pen) => ({
    subject: `U bent in verzuim: factuur ${f.invoiceNumber}`,
    blocks: blocks(
      p(`De termijn uit onze ingebrekestelling is verstreken en factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)} is nog niet betaald; er staat nog ${pen.eur(f.openCents)} open.`),
      p(`U bent daarom in verzuim. Vanaf ${pen.d(f.interestFrom)} bent u over het openstaande bedrag ${INTEREST(f.interest, pen)} verschuldigd.`),
      p('Wilt u het bedrag per omgaande betalen?'),
    ),
  }),
  'dunning.fourteen_day_letter': (f, pen) => ({
    subject: `Laatste kans om kosteloos te betalen: factuur ${f.invoiceNumber}`,
    blocks: blocks(
      p(`Factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)} is nog niet betaald; er staat nog ${pen.eur(f.openCents)} open.`),
      p(`U kunt dit bedrag zonder extra kosten betalen tot en met ${pen.d(f.payBy)}: veertien dagen na de dag waarop u deze brief ontvangt (wij gaan uit van ontvangst op ${pen.d(f.assumedReceiptOn)}).`),
      p(`Betaalt u niet uiterlijk op ${pen.d(f.payBy)}, dan bent u incassokosten verschuldigd van ${pen.eur(f.costsCents)} (art. 6:96 BW).`),
      rows(['Factuurnummer', f.invoiceNumber], ['Openstaand bedrag', pen.eur(f.openCents)], ['Uiterlijk kosteloos te betalen op', pen.d(f.payBy)], ['Incassokosten daarna', pen.eur(f.costsCents)]),
    ),
  }),
  'suspension.notice': (f, pen) => {
    switch (f.reason) {
      case 'arrears':
        return {
          subject: 'Uw dienst is opgeschort',
          blocks: blocks(
            p(`Omdat factuur ${f.invoice.invoiceNumber} van ${pen.d(f.invoice.issuedOn)} niet op tijd is betaald, hebben wij de toegang van ${users(f.seats)} van uw abonnement opgeschort. Op deze factuur staat nog ${pen.eur(f.invoice.openCents)} open.`),
            p(`Wij heffen de opschorting op zodra alle openstaande facturen zijn betaald, in totaal ${pen.eur(f.outstandingCents)}.${f.reactivationFeeCents > 0 ? ` Voor het heractiveren brengen wij ${pen.eur(f.reactivationFeeCents)} in rekening.` : ''}`),
            p('Tijdens de opschorting loopt de facturering door.'),
          ),
        };
      case 'abuse':
        return {
          subject: 'Uw dienst is opgeschort',
          blocks: blocks(p(`Naar aanleiding van een melding van misbruik hebben wij de toegang van ${users(f.seats)} van uw abonnement tijdelijk opgeschort. Zodra de melding is afgehandeld, heffen wij de opschorting op.`), p('Tijdens de opschorting loopt de facturering door.'), p(contact(pen))),
        };
      case 'reseller-suspended':
        return { subject: 'Uw dienst is opgeschort', blocks: blocks(p(`Wij hebben de toegang van ${users(f.seats)} van uw abonnement tijdelijk opgeschort.`), p(contact(pen))) };
    }
  },
  'reactivation.notice': (f, pen) => ({
    subject: 'Uw dienst is weer actief',
    blocks: blocks(
      p(`De opschorting sinds ${pen.d(f.suspendedSince)} is opgeheven; ${users(f.seats)} ${f.seats === 1 ? 'heeft' : 'hebben'} weer toegang.`),
      p(f.feeCents > 0 ? `Voor de heractivering brengen wij ${pen.eur(f.feeCents)} in rekening; daarvoor ontvangt u een aparte factuur.` : 'Wij brengen geen heractiveringskosten in rekening.'),
    ),
  }),
  'cancellation.confirmed': (f, pen) => ({
    subject: 'Bevestiging van uw opzegging',
    blocks: blocks(
      p(f.lastDay !== null && f.endsOn !== null ? `Wij hebben uw opzegging ontvangen. Uw abonnement loopt tot en met ${pen.d(f.lastDay)} en eindigt per ${pen.d(f.endsOn)}.`
        : f.endsOn !== null ? `Wij hebben uw opzegging ontvangen. Uw abonnement was nog niet gestart en is per ${pen.d(f.endsOn)} beëindigd.`
        : 'Wij hebben uw opzegging ontvangen.'),
      p(f.feeCents > 0 ? `Voor de voortijdige beëindiging brengen wij de resterende termijnen in rekening: ${pen.eur(f.feeCents)}. Daarvoor ontvangt u een aparte factuur.` : 'U bent geen vergoeding voor voortijdige beëindiging verschuldigd.'),
    ),
  }),
  'cancellation.refused': (f, pen) => ({
    subject: 'Uw opzegging kan niet worden verwerkt',
    blocks: f.reason === 'form'
      ? blocks(
        p(f.required === 'registered_mail'
          ? `Volgens de voorwaarden kunt u alleen per aangetekende brief opzeggen. Uw opzegging kwam ${CHANNEL[f.channel]} binnen.`
          : `Volgens de voorwaarden moet u schriftelijk opzeggen; een e-mail is voldoende. Uw opzegging kwam ${CHANNEL[f.channel]} binnen.`),
        p('Uw abonnement loopt daarom ongewijzigd door.'),
      )
      : blocks(
        p(`Volgens de voorwaarden kunt u alleen opzeggen als er geen betalingsachterstand is. Factuur ${f.invoiceNumber} is nog niet betaald; de achterstand bedraagt ${pen.eur(f.arrearsCents)}.`),
        p('Uw abonnement loopt daarom ongewijzigd door. Na betaling kunt u opnieuw opzeggen.'),
      ),
  }),
  'cancellation.withdrawn': (f, pen) => ({
    subject: 'Uw opzegging is ingetrokken',
    blocks: [p(`U heeft uw opzegging ingetrokken. Uw abonnement zou doorlopen tot en met ${pen.d(f.lastDayWas)} en loopt nu gewoon door.`)],
  }),
  'renewal.notice': (f, pen) => ({
    subject: 'Uw abonnement wordt verlengd',
    blocks: 'continuesIndefinitely' in f
      ? [p(`Vanaf ${pen.d(f.from)} loopt uw abonnement voor onbepaalde tijd door.`), p(`U kunt het daarna op elk moment opzeggen met een opzegtermijn van ${f.noticeMonths === 1 ? 'één maand' : `${f.noticeMonths} maanden`}.`)]
      : [p(f.termEnd !== null ? `Uw abonnement is verlengd. De nieuwe termijn loopt van ${pen.d(f.termStart)} tot ${pen.d(f.termEnd)}.` : `Uw abonnement is verlengd en loopt vanaf ${pen.d(f.termStart)} voor onbepaalde tijd door.`)],
  }),
  'notice_deadline.reminder': (f, pen) => ({
    subject: 'De laatste dag om op te zeggen nadert',
    blocks: blocks(p(`Wilt u niet dat uw abonnement wordt verlengd? Zeg dan uiterlijk op ${pen.d(f.lastDayForNotice)} op.`), f.termEnd !== null && p(`De huidige termijn loopt tot ${pen.d(f.termEnd)}.`)),
  }),
  'price_change.notice': (f, pen) => ({
    subject: 'Aankondiging van een prijswijziging',
    blocks: blocks(
      p(`Per ${pen.d(f.effectiveOn)} ${f.changeBp >= 0 ? 'stijgt' : 'daalt'} de prijs van uw abonnement met ${pen.pct(f.changeBp)}: van ${pen.eur(f.fromCents)} naar ${pen.eur(f.toCents)}.`),
      f.terminationRight && p(`U heeft het recht de overeenkomst op te zeggen tegen ${pen.d(f.effectiveOn)}, de datum waarop de wijziging ingaat.`),
    ),
  }),
  'terms_change.notice': (f, pen) => ({
    subject: 'Wijziging van onze voorwaarden',
    blocks: blocks(p(`Per ${pen.d(f.effectiveOn)} wijzigen onze voorwaarden. Wat er verandert:`), p(f.summary), p(`Gaat u niet akkoord, dan kunt u de overeenkomst beëindigen per ${pen.d(f.effectiveOn)}.`)),
  }),
  'dissolution.proposed': (f, pen) => ({
    subject: 'Voorgenomen ontbinding van uw overeenkomst',
    blocks: f.reason === 'arrears'
      ? blocks(
        p(`Factuur ${f.invoice.invoiceNumber} van ${pen.d(f.invoice.issuedOn)} is meer dan ${f.months} maanden na de factuurdatum nog niet betaald; er staat nog ${pen.eur(f.invoice.openCents)} open.`),
        p(f.automatic ? 'Op grond van de voorwaarden ontbinden wij daarom de overeenkomst.' : 'Op grond van de voorwaarden mogen wij de overeenkomst daarom ontbinden, en wij zijn voornemens dat te doen. Wilt u het openstaande bedrag zo snel mogelijk betalen om dat te voorkomen?'),
      )
      : blocks(
        p(`Wij hebben bericht ontvangen van ${INSOLVENCY[f.insolvency]}. Op grond van de voorwaarden zijn al onze vorderingen daarmee direct opeisbaar en mogen wij de overeenkomst zonder ingebrekestelling beëindigen.`),
        p('Wij zijn voornemens de overeenkomst te ontbinden.'),
      ),
  }),
  'dissolution.notice': (f, pen) => ({
    subject: 'Uw overeenkomst is ontbonden',
    blocks: blocks(
      p(`Wij hebben de overeenkomst ontbonden ${f.reason === 'insolvency' ? 'wegens insolventie' : 'wegens wanbetaling'}.`),
      p(f.remainingChargesCents > 0 ? `De resterende termijnen tot het einde van de overeenkomst, ${pen.eur(f.remainingChargesCents)}, zijn direct opeisbaar; daarvoor ontvangt u een aparte factuur.` : 'Wij brengen geen resterende termijnen in rekening.'),
    ),
  }),
  'subscription.ended': (f, pen) => ({
    subject: 'Uw abonnement is beëindigd',
    blocks: blocks(
      p(`Uw abonnement is per ${pen.d(f.endedOn)} beëindigd ${ENDED[f.reason]}.`),
      p(f.exportWindowEndsOn !== null ? `U kunt tot en met ${pen.d(f.exportWindowEndsOn)} een export van uw gegevens aanvragen; daarna verwijderen wij ze.` : 'Wij verwijderen uw gegevens.'),
    ),
  }),
  'export.available': (f, pen) => ({
    subject: 'Uw gegevensexport staat klaar',
    blocks: blocks(p('De export van uw gegevens staat klaar.'), f.windowEndsOn !== null && p(`U kunt hem downloaden tot en met ${pen.d(f.windowEndsOn)}.`)),
  }),
  'export.refused': (f, pen) => ({
    subject: 'Uw exportverzoek kan niet worden uitgevoerd',
    blocks: [
      p(f.reason === 'legalHold' ? 'Vanwege een juridische procedure moeten wij uw gegevens ongewijzigd bewaren; een export is daarom nu niet mogelijk.'
        : f.reason === 'notStarted' ? 'Uw abonnement is nog niet gestart; er zijn nog geen gegevens om te exporteren.'
        : f.reason === 'noWindow' ? 'Volgens de voorwaarden kunt u na het einde van het abonnement geen export meer aanvragen.'
        : f.reason === 'windowEnded' ? `U kon een export aanvragen tot en met ${pen.d(f.windowEndedOn)}; die termijn is verstreken.`
        : `Volgens de voorwaarden leveren wij geen export zolang factuur ${f.invoiceNumber} niet is betaald.`),
    ],
  }),
  'deletion.done': (f, pen) => ({
    subject: 'Uw gegevens zijn verwijderd',
    blocks: [p(`De gehoste gegevens, back-ups en persoonsgegevens van dit abonnement zijn verwijderd (verwijdering aangevraagd op ${pen.d(f.requestedOn)}).`)],
  }),
  'erasure.done': (f, pen) => ({
    subject: 'Uw persoonsgegevens zijn gewist',
    blocks: [p(`Uw verzoek van ${pen.d(f.requestedOn)} om uw persoonsgegevens te wissen is uitgevoerd (AVG art. 17).`), p('Facturen en betalingen bewaren wij zolang de fiscale bewaarplicht dat vereist, met alleen de gegevens die daarvoor nodig zijn.')],
  }),
  'erasure.refused': (f) => ({
    subject: 'Uw verzoek om gegevens te wissen',
    blocks: f.reason === 'legalHold'
      ? [p('Vanwege een juridische procedure moeten wij uw gegevens voorlopig bewaren. Wij kunnen uw persoonsgegevens daarom nu niet wissen.')]
      : [p(f.running === 1 ? 'U heeft nog een lopend abonnement dat uw gegevens nodig heeft. Wij kunnen uw persoonsgegevens daarom nu niet wissen.' : `U heeft nog ${f.running} lopende abonnementen die uw gegevens nodig hebben. Wij kunnen uw persoonsgegevens daarom nu niet wissen.`), p('Zodra u heeft opgezegd, wissen wij uw gegevens aan het einde van het abonnement.')],
  }),
  'dispute.received': (f) => ({
    subject: `Bezwaar tegen factuur ${f.invoiceNumber} ontvangen`,
    blocks: [p(`Wij hebben uw bezwaar tegen factuur ${f.invoiceNumber} ontvangen.`), p('Zolang het bezwaar loopt, sturen wij geen aanmaningen voor deze factuur en schorten wij de dienst er niet voor op.')],
  }),
  'dispute.refused': (f, pen) => ({
    subject: `Bezwaar tegen factuur ${f.invoiceNumber} niet in behandeling genomen`,
    blocks: [p(`Bezwaar tegen factuur ${f.invoiceNumber} van ${pen.d(f.issuedOn)} kon tot en met ${pen.d(f.lastDay)} worden ingediend. Uw bezwaar kwam later binnen; de factuur blijft daarom staan.`)],
  }),
  'dispute.resolved': (f) => ({
    subject: `Uitkomst van uw bezwaar tegen factuur ${f.invoiceNumber}`,
    blocks: [p(f.outcome === 'upheld' ? `Uw bezwaar is gegrond: factuur ${f.invoiceNumber} vervalt. Wat u erop betaalde, verrekenen wij als tegoed.` : `Uw bezwaar is ongegrond: factuur ${f.invoiceNumber} blijft staan en moet worden betaald.`)],
  }),
};
