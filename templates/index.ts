/**
 * Every e-mail the rules can send (domain/templates.ts), rendered from its typed facts
 * (domain/email-facts.ts) in the customer's language: the wording (wording/nl.ts, wording/en.ts)
 * turns facts into a subject and blocks of text; the layouts (layouts/*.eta, precompiled by Eta
 * into compiled.gen.ts) make the HTML part — every value escaped — and the plain-text part.
 * Adding a template: its name in EMAIL_TEMPLATES, its facts in EmailFacts, its wording in both
 * languages; the compiler points at each place that is missing.
 */
import type { LetterFacts } from '../domain/email-facts.js';
import type { EmailTemplate } from '../domain/templates.js';
import type { Language } from '../domain/types.js';
import { html, text } from './compiled.gen.js';
import { formatsFor } from './format.js';
import { runLayout } from './layout.js';
import type { Brand, Frame, Letter, Wording } from './letter.js';
import { en, frame as enFrame } from './wording/en.js';
import { nl, frame as nlFrame } from './wording/nl.js';

export type { Brand, Letter } from './letter.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const WORDING: Readonly<Record<Language, Wording>> = { nl, en };
const FRAMES: Readonly<Record<Language, Frame>> = { nl: nlFrame, en: enFrame };

/** The provider's own name when no configuration names it. */
export const DEFAULT_BRAND: Brand = { name: 'Looptijd', whiteLabel: false, resellerName: null };

/** The letter one template's facts make in one language: subject and blocks, before the layout. */
export function compose<T extends EmailTemplate>(template: T, language: Language, facts: LetterFacts<T>, brand: Brand = DEFAULT_BRAND): Letter {
  const write = WORDING[language][template] as (f: LetterFacts<T>, pen: Parameters<Wording[T]>[1]) => Letter;
  return write(facts, { ...formatsFor(language), brand });
}

/**
 * Subject, plain text and HTML of one e-mail. The facts are those the domain decided (an outbox
 * item carries them untyped, as stored); the customer's name opens the letter and the brand's
 * name signs it.
 */
export function renderEmail(template: EmailTemplate, language: Language, stored: object, brand: Brand = DEFAULT_BRAND): RenderedEmail {
  const facts = withInvoiceNumbers(stored) as Readonly<Record<string, unknown>>;
  const letter = compose(template, language, facts as LetterFacts<typeof template>, brand);
  const f = FRAMES[language];
  const name = typeof facts['customerName'] === 'string' && facts['customerName'] !== '' ? facts['customerName'] : language === 'nl' ? 'klant' : 'customer';
  const data = { lang: language, subject: letter.subject, greeting: f.greeting(name), blocks: letter.blocks, closing: f.closing, signature: brand.name };
  return { subject: letter.subject, text: runLayout(text, data), html: runLayout(html, data) };
}

/**
 * Outbox items decided before letters carried `invoiceNumber` name the invoice by its id only: they
 * show the id rather than "undefined" (a deploy-time window; every new letter has the number).
 */
function withInvoiceNumbers(facts: unknown): unknown {
  if (Array.isArray(facts)) return facts.map(withInvoiceNumbers);
  if (facts === null || typeof facts !== 'object') return facts;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, withInvoiceNumbers(v)]));
  if (typeof out['invoiceId'] === 'string' && out['invoiceNumber'] === undefined) out['invoiceNumber'] = out['invoiceId'];
  return out;
}
