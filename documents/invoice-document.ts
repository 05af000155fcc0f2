/**
 * An invoice or credit note as a document shows it (art. 35a Wet OB; EN 16931): everything the PDF
 * and the UBL carry, in one plain value, so both renderings read the same facts.
 */
import type { LocalDate } from '../domain/calendar.js';
import type { CustomerKind, Language } from '../domain/types.js';

/** How VAT applies to a line: `standard` at its rate, `reverse-charge` (0 %, "BTW verlegd"), `not-subject` (interest, collection costs). */
export type DocumentVatCategory = 'standard' | 'reverse-charge' | 'not-subject';

/** A postal address (EN 16931 BG-5/BG-8). */
export interface DocumentAddress {
  readonly street: string;
  readonly additionalStreet: string | null;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly city: string;
}

/** The provider as every document names it (art. 35a Wet OB). */
export interface DocumentSeller {
  readonly name: string;
  readonly address: DocumentAddress;
  /** Chamber of Commerce number. */
  readonly kvk: string;
  readonly vatId: string;
  readonly iban: string;
}

export interface DocumentLine {
  /** The domain's line kind (`subscription`, `surcharge`, `interest`, …). */
  readonly kind: string;
  /** The domain's line text (English); the documents show a label per kind in the customer's language. */
  readonly description: string;
  /** First and last day billed (inclusive), or null. */
  readonly period: { readonly first: LocalDate; readonly last: LocalDate } | null;
  readonly quantity: number;
  readonly unitCents: number;
  readonly netCents: number;
  readonly vatRateBp: number;
  readonly vatCategory: DocumentVatCategory;
  readonly vatCents: number;
  readonly grossCents: number;
}

export interface DocumentVat {
  readonly vatCategory: DocumentVatCategory;
  readonly vatRateBp: number;
  readonly netCents: number;
  readonly vatCents: number;
}

export interface InvoiceDocument {
  /** The system's key (never printed as the number). */
  readonly id: string;
  /** The legal number of the provider's series. */
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly correctsInvoiceId: string | null;
  /** The legal number of the corrected invoice, when it is known. */
  readonly correctsNumber: string | null;
  readonly correctsIssuedOn: LocalDate | null;
  readonly creditReason: string | null;
  readonly language: Language;
  readonly issuedOn: LocalDate;
  readonly dueOn: LocalDate;
  /** First and last day of the supply (inclusive), or null when no line has a period. */
  readonly supplyPeriod: { readonly first: LocalDate; readonly last: LocalDate } | null;
  readonly seller: DocumentSeller;
  readonly buyer: {
    readonly customerId: string;
    readonly name: string;
    readonly kind: CustomerKind;
    readonly address: DocumentAddress | null;
    readonly vatId: string | null;
    /** For the e-invoice's electronic address (BT-49); '' when erased or unknown. */
    readonly email: string;
  };
  readonly lines: readonly DocumentLine[];
  readonly vatBreakdown: readonly DocumentVat[];
  /** Signed as in the ledger: negative on a credit note. */
  readonly netCents: number;
  readonly vatCents: number;
  readonly totalCents: number;
  readonly reverseCharge: boolean;
  readonly vatNote: string | null;
  /** The customer pays by SEPA direct debit (the document says so instead of asking for a transfer). */
  readonly directDebit: boolean;
}
