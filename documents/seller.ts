/**
 * The provider's legal details as invoices name them (R-INV-02, art. 35a Wet OB): the checks the
 * deployment configuration (infra/config.ts, at synth) and the functions' environment
 * (functions/config.ts, at start) share, and the sample a dev stage or `npm start` falls back to.
 * Pure: no environment, no I/O.
 */
import type { DocumentSeller } from './invoice-document.js';

/** Chamber of Commerce (KvK) number: eight digits. */
export const KVK = /^\d{8}$/;
/** A VAT identification number: country prefix and 2–13 letters or digits; Dutch ones as `NL` + 9 digits + `B` + 2 digits. */
export const VAT_ID = /^(?:NL\d{9}B\d{2}|(?!NL)[A-Z]{2}[A-Z0-9]{2,13})$/;
/** An IBAN without spaces: country, check digits, 11–30 letters or digits (the checksum is {@link ibanValid}). */
export const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** ISO 13616 mod-97 check: the country and check digits moved to the end, letters as 10–35, the number mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  if (!IBAN.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/**
 * Sample details, for a dev stage or `npm start` that configures none: marked in the name, so an
 * invoice that carries them is never mistaken for a real one. Prod refuses to synth without real ones.
 */
export const SAMPLE_PROVIDER: DocumentSeller = {
  name: 'SAMPLE provider details (not configured)', address: { street: 'Voorbeeldstraat 1', additionalStreet: null, postalCode: '1011 AA', city: 'Amsterdam', country: 'NL' },
  kvk: '12345678', vatId: 'NL123456789B01', iban: 'NL91ABNA0417164300',
};

/** What documents show for an invoice issued without provider details when the function has none either: it says so rather than failing. */
export const UNCONFIGURED_PROVIDER: DocumentSeller = {
  name: 'Provider details not configured', address: { street: '—', additionalStreet: null, postalCode: '—', city: '—', country: 'NL' },
  kvk: '00000000', vatId: 'NL000000000B00', iban: 'NL00XXXX0000000000',
};
