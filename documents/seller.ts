/**
 * The provider's details for documents issued before invoices carried them (and when none are
 * configured): `PROVIDER_DETAILS`, one JSON object, read by the functions' config modules.
 */
import * as z from 'zod';
import type { DocumentSeller } from './invoice-document.js';

const address = z.object({
  street: z.string().min(1).max(200), additionalStreet: z.string().max(200).nullable().default(null), postalCode: z.string().min(1).max(20),
  city: z.string().min(1).max(100), country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
});

export const providerDetails = z.object({
  name: z.string().min(1).max(200),
  address,
  kvk: z.string().regex(/^\d{8}$/, '8 digits'),
  vatId: z.string().regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'e.g. NL123456789B01'),
  iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'without spaces'),
});

/** Locally only (like the local secrets): an example provider, so `npm start` renders complete documents. */
export const LOCAL_PROVIDER: DocumentSeller = {
  name: 'Looptijd Demo B.V.', address: { street: 'Voorbeeldstraat 1', additionalStreet: null, postalCode: '1011 AA', city: 'Amsterdam', country: 'NL' },
  kvk: '12345678', vatId: 'NL123456789B01', iban: 'NL91ABNA0417164300',
};

/** What documents show when a deployment has no PROVIDER_DETAILS: it says what is missing rather than failing. */
export const UNCONFIGURED_PROVIDER: DocumentSeller = {
  name: 'PROVIDER_DETAILS not configured', address: { street: '—', additionalStreet: null, postalCode: '—', city: '—', country: 'NL' },
  kvk: '00000000', vatId: 'NL000000000B00', iban: 'NL00XXXX0000000000',
};

/** Parses PROVIDER_DETAILS (JSON); throws naming the field when it is malformed, so a bad deployment fails at start. */
export function parseProviderDetails(json: string): DocumentSeller {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('PROVIDER_DETAILS is not valid JSON');
  }
  const parsed = providerDetails.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid PROVIDER_DETAILS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
