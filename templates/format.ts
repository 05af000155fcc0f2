/**
 * How a letter writes dates, amounts and percentages in each language: "3 maart 2027" and
 * "€ 1.234,56" in Dutch, "3 March 2027" and "€1,234.56" in English. Dates arrive as the domain's
 * local dates (YYYY-MM-DD, Europe/Amsterdam); they are never shown as such.
 */
import type { LocalDate } from '../domain/calendar.js';
import { formatEuro } from '../domain/money.js';
import type { Language } from '../domain/types.js';

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A local date as a person writes it: `3 maart 2027` / `3 March 2027`. */
export function formatDate(date: LocalDate, lang: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a local date: ${JSON.stringify(date)}`);
  return `${Number(m[3])} ${MONTHS[lang][Number(m[2]) - 1]} ${m[1]}`;
}

/** Integer cents as an amount in euros. */
export const formatAmount = (cents: number, lang: Language): string => formatEuro(cents, lang);

/** Basis points as a percentage without trailing zeros: `2,5%` / `2.5%`. */
export function formatPercent(bp: number, lang: Language): string {
  const s = (Math.abs(bp) / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${lang === 'nl' ? s.replace('.', ',') : s}%`;
}

/** The writing helpers a wording function gets. */
export interface Formats {
  readonly d: (date: LocalDate) => string;
  readonly eur: (cents: number) => string;
  readonly pct: (bp: number) => string;
}

export const formatsFor = (lang: Language): Formats => ({ d: (date) => formatDate(date, lang), eur: (cents) => formatAmount(cents, lang), pct: (bp) => formatPercent(bp, lang) });
