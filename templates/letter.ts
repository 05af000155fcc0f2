/**
 * A letter as the wording builds it and the layouts (layouts/*.eta) render it: a subject and a
 * list of blocks — paragraphs, a small table of facts, a bulleted list. The wording decides the
 * words; the layouts decide HTML and plain text, and escape in HTML.
 */
import type { EmailTemplate } from '../domain/templates.js';
import type { LetterFacts } from '../domain/email-facts.js';
import type { Formats } from './format.js';

export type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'rows'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export interface Letter {
  readonly subject: string;
  readonly blocks: readonly Block[];
}

/**
 * Who signs: the provider, or — white-label — the reseller the customer buys from. `resellerName`
 * is the reseller when it is known and not the sender itself.
 */
export interface Brand {
  readonly name: string;
  readonly whiteLabel: boolean;
  readonly resellerName: string | null;
}

/** What a wording function gets besides the facts. */
export interface Pen extends Formats {
  readonly brand: Brand;
}

/** Every template's wording in one language: the compiler checks none is missing and each reads its own facts. */
export type Wording = { readonly [T in EmailTemplate]: (f: LetterFacts<T>, pen: Pen) => Letter };

/** The frame around every letter in one language. */
export interface Frame {
  readonly greeting: (name: string) => string;
  readonly closing: string;
}

export const p = (text: string): Block => ({ kind: 'p', text });
export const rows = (...r: (readonly [string, string] | null | false)[]): Block => ({ kind: 'rows', rows: r.filter((x): x is readonly [string, string] => Boolean(x)) });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items });
/** Blocks, leaving out the ones a condition dropped. */
export const blocks = (...b: (Block | null | false | undefined)[]): Block[] => b.filter((x): x is Block => Boolean(x));
/** Closes a sentence with one full stop, also after a name that ends in one ("B.V."). */
export const sentence = (s: string): string => (s.endsWith('.') ? s : `${s}.`);
