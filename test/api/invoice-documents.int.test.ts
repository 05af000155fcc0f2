/**
 * GET /v1/invoices/{id}, /pdf and /ubl against the local stack: the JSON through the partner API
 * function, the documents through their own function (functions/invoice-documents.ts), tenancy
 * as elsewhere, settled (archived) invoices too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBisRules } from '../../documents/bis-rules.js';
import type { IncomingEvent } from '../../domain/index.js';
import { pdfText, validateUbl } from '../documents/helpers.js';
import { call, START, startWorld, type World } from './world.js';

process.env.API_KEY_CACHE_SECONDS = '0';

describe('invoice documents in the partner API', () => {
  let w: World;
  const get = (path: string, key: string | null = w.keyA) => call(w.p.url, key, 'GET', path);
  const raw = async (path: string, key: string = w.keyA) => {
    const response = await fetch(new URL(path, w.p.url), { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w?.stop());

  it('GET /v1/invoices/{id}: the invoice as the subscription list shows it', async () => {
    const r = await get('/v1/invoices/cus-a1-0001');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'cus-a1-0001', customerId: 'cus-a1', subscriptionId: 'sub-a1', netCents: 10000, vatCents: 2100, totalCents: 12100, status: 'open' });
  });

  it('another reseller\'s invoice answers 404 exactly as an unknown one, on all three endpoints', async () => {
    const unknown = await get('/v1/invoices/cus-a1-9999');
    expect(unknown.status).toBe(404);
    for (const path of ['/v1/invoices/cus-a1-0001', '/v1/invoices/cus-a1-0001/pdf', '/v1/invoices/cus-a1-0001/ubl']) {
      const r = await get(path, w.keyB);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    expect((await get('/v1/invoices/nothing-like-an-id/pdf')).status).toBe(404);
    expect((await get('/v1/invoices/cus-a1-0001/pdf', null)).status).toBe(401);
  });

  it('GET /pdf: a Dutch PDF with the invoice\'s amounts and dates, as an attachment', async () => {
    const r = await raw('/v1/invoices/cus-a1-0001/pdf');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="factuur-.+\.pdf"$/);
    const text = await pdfText(r.bytes);
    expect(text).toContain('Factuur');
    expect(text).toContain('Klant cus-a1');
    expect(text).toContain('Factuurdatum 2 maart 2026');
    expect(text).toContain('Totaal incl. btw € 121,00');
    expect(text).toContain('btw 21% over € 100,00 € 21,00');
  });

  it('GET /ubl: UBL 2.1 valid by the XSD; of the BIS rules only the missing billing address (NL-R-004) can fail', async () => {
    const r = await raw('/v1/invoices/cus-a1-0001/ubl');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = Buffer.from(r.bytes).toString('utf8');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount>');
    expect((await validateUbl(xml)).errors).toEqual([]);
    expect(checkBisRules(xml).filter((v) => v.rule !== 'NL-R-004')).toEqual([]);
  });

  it('a settled invoice leaves the account (archived) and its documents still answer', async () => {
    const pay = { id: 'pay-docs-1', type: 'payment.succeeded', occurredAt: START, data: { paymentId: 'pay-docs-1', customerId: 'cus-a2', amountCents: 12100, method: 'direct_debit', invoiceId: 'cus-a2-0001' } } as unknown as IncomingEvent;
    await w.p.send(pay);
    await w.p.drain();
    const json = await get('/v1/invoices/cus-a2-0001');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ id: 'cus-a2-0001', status: 'paid', openCents: 0 });
    const pdf = await raw('/v1/invoices/cus-a2-0001/pdf');
    expect(pdf.status).toBe(200);
    expect(await pdfText(pdf.bytes)).toContain('Klant cus-a2');
    expect((await raw('/v1/invoices/cus-a2-0001/ubl')).status).toBe(200);
  });

  it('the OpenAPI document lists the three endpoints, the documents with their media types', async () => {
    const doc = (await get('/v1/openapi.json', null)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/invoices/{invoiceId}', '/v1/invoices/{invoiceId}/pdf', '/v1/invoices/{invoiceId}/ubl']));
    expect(Object.keys(doc.paths['/v1/invoices/{invoiceId}/pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
  });
});
