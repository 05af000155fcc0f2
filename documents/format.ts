/**
 * How the documents write dates, amounts, rates and line labels for a customer, in Dutch or
 * English: "3 maart 2027" / "3 March 2027", "€ 1.234,56" / "€1,234.56", "21%" / "21 %".
 */
import { formatEuro } from '../domain/money.js';
import type { LocalDate } from '../domain/calendar.js';
import type { Language } from '../domain/types.js';
import type { DocumentLine, DocumentVatCategory, InvoiceDocument } from './invoice-document.js';

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "3 maart 2027" (nl) or "3 March 2027" (en), from `2027-03-03`. */
export function formatDate(date: LocalDate, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return `${Number(m[3])} ${MONTHS[lang][Number(m[2]) - 1]} ${m[1]}`;
}

export const formatAmount = (cents: number, lang: Language): string => formatEuro(cents, lang);

/** A VAT rate in basis points as people write it: 2100 → "21%", 550 → "5,5%" (nl) / "5.5%" (en). */
export function formatRate(bp: number, lang: Language): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  const fraction = rest === 0 ? '' : `${lang === 'nl' ? ',' : '.'}${String(rest).padStart(2, '0').replace(/0$/, '')}`;
  return `${whole}${fraction}%`;
}

/** Quantities are whole seats or units, sometimes a fraction of usage: "3", "1,5" (nl). */
export function formatQuantity(q: number, lang: Language): string {
  const text = Number.isInteger(q) ? String(q) : String(Math.round(q * 1000) / 1000);
  return lang === 'nl' ? text.replace('.', ',') : text;
}

export function formatPeriod(p: { readonly first: LocalDate; readonly last: LocalDate }, lang: Language): string {
  return p.first === p.last ? formatDate(p.first, lang) : `${formatDate(p.first, lang)} ${lang === 'nl' ? 't/m' : 'to'} ${formatDate(p.last, lang)}`;
}

const KIND_LABELS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  nl: {
    subscription: 'Abonnement', surcharge: 'Toeslag betaling zonder automatische incasso', reactivation: 'Heractivering',
    'early-termination': 'Vergoeding voortijdige beëindiging', 'plan-change': 'Wijziging abonnement, naar rato', usage: 'Verbruik boven de bundel', 'collection-costs': 'Buitengerechtelijke incassokosten', interest: 'Rente', credit: 'Creditering',
  },
  en: {
    subscription: 'Subscription', surcharge: 'Surcharge for payment without direct debit', reactivation: 'Reactivation',
    'early-termination': 'Early termination fee', 'plan-change': 'Plan change, pro rata', usage: 'Usage above the allowance', 'collection-costs': 'Extrajudicial collection costs', interest: 'Interest', credit: 'Credit',
  },
};

/**
 * The line's text in the customer's language: a label per kind (the domain's descriptions are
 * English and name internal ids), with the plan's name for subscription lines. A kind this module
 * does not know yet shows the domain's text.
 */
export function lineLabel(line: Pick<DocumentLine, 'kind' | 'description'>, lang: Language): string {
  const label = Object.hasOwn(KIND_LABELS[lang], line.kind) ? KIND_LABELS[lang][line.kind] : undefined;
  if (!label) return line.description;
  if (line.kind === 'subscription') {
    const plan = line.description.split(', ')[0]?.trim();
    return plan ? `${label} ${plan}` : label;
  }
  return label;
}

/** How a VAT category reads on the document. */
export function vatLabel(category: DocumentVatCategory, bp: number, lang: Language): string {
  switch (category) {
    case 'standard':
      return `${lang === 'nl' ? 'btw' : 'VAT'} ${formatRate(bp, lang)}`;
    case 'reverse-charge':
      return lang === 'nl' ? 'btw verlegd' : 'VAT reverse charged';
    case 'not-subject':
      return lang === 'nl' ? 'niet belast' : 'not subject to VAT';
    default: {
      const never: never = category;
      throw new RangeError(`unknown VAT category ${String(never)}`);
    }
  }
}

/** The document's title: "Factuur" / "Creditfactuur", "Invoice" / "Credit note". */
export const documentTitle = (doc: Pick<InvoiceDocument, 'kind' | 'language'>): string =>
  doc.kind === 'invoice' ? (doc.language === 'nl' ? 'Factuur' : 'Invoice') : doc.language === 'nl' ? 'Creditfactuur' : 'Credit note';

/** The file name partners and e-mails get: `factuur-LT-000123.pdf`, `creditfactuur-…`, `invoice-…`. */
export const documentFileName = (doc: Pick<InvoiceDocument, 'kind' | 'language' | 'number'>, ext: 'pdf' | 'xml'): string =>
  `${documentTitle(doc).toLowerCase().replace(/\s+/g, '-')}-${doc.number.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
