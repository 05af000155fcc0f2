/**
 * Every template in both languages with sample facts (samples.ts): the text reads in the
 * customer's language only, and nothing internal leaks — no rule id, no internal invoice id (the
 * legal number instead), no ISO date, no raw cents, no `undefined`/`null`/`NaN`. HTML escapes what it shows; the generated layouts are current.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATES, type EmailTemplate } from '../domain/templates.js';
import type { Language } from '../domain/types.js';
import { generate, GENERATED } from './build.js';
import { formatDate, formatPercent } from './format.js';
import { renderEmail, type Brand } from './index.js';
import { samples } from './samples.js';

/** Words that are English and never Dutch: one of them in a Dutch letter is an untranslated string. */
const ENGLISH = ['the', 'and', 'your', 'you', 'invoice', 'payment', 'please', 'due', 'unpaid', 'paid', 'amount', 'subscription', 'suspended', 'running', 'reminder', 'none', 'with', 'from', 'will', 'our', 'which', 'this', 'that', 'not', 'has', 'have', 'been', 'days', 'after', 'before', 'pay', 'reseller', 'costs', 'until', 'default', 'notice', 'rule', 'unknown'];
/** Words that are Dutch and never English. */
const DUTCH = ['de', 'het', 'een', 'uw', 'u', 'factuur', 'betaling', 'betalen', 'abonnement', 'wij', 'niet', 'en', 'van', 'voor', 'uiterlijk', 'met', 'bent', 'zijn', 'dienst', 'dagen', 'herinnering', 'opgeschort', 'gegevens', 'geen', 'heeft', 'op', 'tot', 'regel', 'reden', 'toelichting', 'maand', 'verzuim', 'kosten', 'rente', 'vóór', 'gelieve'];

const words = (s: string): string[] => s.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
const BRAND: Brand = { name: 'Total Progress', whiteLabel: false, resellerName: 'Demo Reseller B.V.' };
/** Proper names in the samples and brand, which are neither language. */
const NAMES = new Set(words(`Jansen Installatietechniek ${BRAND.name} ${BRAND.resellerName} BW AVG GDPR art Dutch Civil Code`));

function leaks(text: string, facts: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  if (/\bR-[A-Z]+-\d+/.test(text)) found.push('a rule id');
  if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) found.push('an ISO date');
  for (const w of ['undefined', 'null', 'NaN', '[object', 'Infinity']) if (text.includes(w)) found.push(w);
  // Raw cents: an amount fact (≥ €1) appearing as the bare integer.
  const cents = (v: unknown, k: string): void => {
    if (typeof v === 'number' && /Cents$/.test(k) && v >= 100 && new RegExp(`(?<![\\d.,])${v}(?![\\d.,])`).test(text)) found.push(`raw cents ${k}=${v}`);
    if (v && typeof v === 'object') for (const [kk, vv] of Object.entries(v)) cents(vv, kk);
  };
  cents(facts, '');
  // Internal invoice ids (`<customerId>-0002`): letters name an invoice by its legal number (R-INV-01).
  const ids = (v: unknown, k: string): void => {
    if (typeof v === 'string' && k === 'invoiceId' && text.includes(v)) found.push(`internal invoice id ${v}`);
    if (v && typeof v === 'object') for (const [kk, vv] of Object.entries(v)) ids(vv, kk);
  };
  ids(facts, '');
  return found;
}

/** Every legal invoice number in the facts (`invoiceNumber`, `correctsNumber`, nested too). */
function numbers(facts: unknown): string[] {
  if (!facts || typeof facts !== 'object') return [];
  return Object.entries(facts).flatMap(([k, v]) => (typeof v === 'string' && /^(invoice|corrects)Number$/.test(k) ? [v] : numbers(v)));
}

const cases = (lang: Language) =>
  EMAIL_TEMPLATES.flatMap((t) => (samples(lang)[t] as readonly Readonly<Record<string, unknown>>[]).map((facts, i) => ({ t, i, facts })));

describe.each(['nl', 'en'] as const)('every template in %s', (lang) => {
  const foreign = new Set(lang === 'nl' ? ENGLISH : DUTCH);
  it.each(cases(lang))('$t #$i reads in its own language and leaks nothing internal', ({ t, facts }) => {
    for (const brand of [BRAND, { ...BRAND, whiteLabel: true, name: 'Demo Reseller B.V.' }]) {
      const mail = renderEmail(t as EmailTemplate, lang, facts, brand);
      const all = `${mail.subject}\n${mail.text}`;
      const strays = words(all).filter((w) => foreign.has(w) && !NAMES.has(w));
      expect(strays, all).toEqual([]);
      expect(leaks(all, facts), all).toEqual([]);
      expect(leaks(mail.html.replace(/<[^>]*>/g, ' '), facts), mail.html).toEqual([]);
      // The letter names each invoice it is about by its number, as the customer's documents do.
      for (const number of numbers(facts)) expect(all, number).toContain(number);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text).toContain(lang === 'nl' ? 'Beste Jansen Installatietechniek,' : 'Dear Jansen Installatietechniek,');
      expect(mail.text.trimEnd().endsWith(brand.name)).toBe(true);
    }
  });

  it('covers every template with samples', () => {
    for (const t of EMAIL_TEMPLATES) expect(samples(lang)[t].length, t).toBeGreaterThan(0);
  });
});

describe('the words of a letter', () => {
  it('writes dates and amounts as people do in each language', () => {
    expect(formatDate('2027-03-03', 'nl')).toBe('3 maart 2027');
    expect(formatDate('2027-03-03', 'en')).toBe('3 March 2027');
    expect(formatPercent(250, 'nl')).toBe('2,5%');
    const [mail] = samples('nl')['invoice.issued'];
    expect(renderEmail('invoice.issued', 'nl', mail!).text).toContain('Bedrag: € 1.234,56');
    expect(renderEmail('invoice.issued', 'en', samples('en')['invoice.issued'][0]!).text).toContain('Amount: €1,234.56');
  });

  it('R-PAY-01: the due date is the last valid day — "uiterlijk op", never "vóór"', () => {
    const mail = renderEmail('invoice.issued', 'nl', samples('nl')['invoice.issued'][0]!);
    expect(mail.text).toContain('Uiterlijk te betalen op: 15 februari 2027');
    expect(mail.text).not.toMatch(/vóór/);
  });

  it('R-DUN-02: names the statutory article of the interest, never "(none)"', () => {
    const consumer = renderEmail('dunning.default_notice', 'nl', samples('nl')['dunning.default_notice'][0]!).text;
    expect(consumer).toContain('de wettelijke rente (art. 6:119 BW)');
    const business = renderEmail('dunning.default_notice', 'nl', samples('nl')['dunning.default_notice'][1]!).text;
    expect(business).toContain('de wettelijke handelsrente (art. 6:119a BW)');
    expect(renderEmail('dunning.reminder', 'en', samples('en')['dunning.reminder'][2]!).text).toContain('the agreed interest of 2% a month');
  });

  it('R-SUSP-04: an end customer suspended for its reseller hears nothing of the reseller\'s arrears', () => {
    const facts = samples('nl')['suspension.notice'][3]!;
    const plain = renderEmail('suspension.notice', 'nl', facts, BRAND).text;
    const white = renderEmail('suspension.notice', 'nl', facts, { name: 'Demo Reseller B.V.', whiteLabel: true, resellerName: null }).text;
    for (const text of [plain, white]) expect(text.replaceAll('Demo Reseller B.V.', '')).not.toMatch(/achterstand|betaald|reseller|wanbetaling|opgeschort wegens/i);
    expect(plain).toContain('Neem dan contact op met Demo Reseller B.V.');
    expect(white).toContain('Neem dan contact met ons op.');
    expect(white.trimEnd().endsWith('Demo Reseller B.V.')).toBe(true);
  });

  it('an outbox item decided before letters carried invoice numbers names the invoice by its id, never "undefined"', () => {
    const { invoiceNumber: _n, ...old } = samples('nl')['dunning.reminder'][0]!;
    const text = renderEmail('dunning.reminder', 'nl', old).text;
    expect(text).toContain(`factuur ${old.invoiceId} van`);
    expect(text).not.toContain('undefined');
  });

    it('escapes what it shows in HTML', () => {
    const facts = { ...samples('nl')['terms_change.notice'][0]!, customerName: 'A & B <script>' };
    const mail = renderEmail('terms_change.notice', 'nl', facts, { ...BRAND, name: 'Q "&" R' });
    expect(mail.html).toContain('Beste A &amp; B &lt;script&gt;,');
    expect(mail.html).toContain('Q &quot;&amp;&quot; R');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Beste A & B <script>,');
  });

  it('the precompiled layouts are those layouts/*.eta compile to (npm run templates)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generate());
  });
});
