/**
 * Issue 8 item 6: an invoice or credit note e-mail carries the document's PDF, through the local
 * stack (DynamoDB Local, SQS, the local SES): the same renderer as GET /v1/invoices/{id}/pdf, named
 * in the customer's language, its text the invoice's number and total; a repeated outbox delivery
 * still sends one mail.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuro } from '../../domain/money.js';
import type { Invoice } from '../../domain/index.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { pdfText } from '../documents/helpers.js';
import { SELLER } from '../documents/samples.js';
import { capturedEmails, stack } from '../support/stack.js';
import { drain, handlersFor, pipeline, sendEvent, sendRaw, type Pipeline } from './harness.js';

let p: Pipeline;
const tag = randomUUID().slice(0, 8);
const series = { id: `M${tag}`, prefix: `M${tag}-` };

beforeAll(async () => {
  const base = await pipeline();
  const deps = createLocalDeps({ clients: base.clients, tableName: stack().tableName, queueUrls: base.queueUrls, clock: base.clock, outboxLeaseMs: 1_000, logLevel: 'SILENT', invoicing: { seller: SELLER, series } });
  p = { ...base, deps, handlers: handlersFor(deps) };
});
afterAll(() => p.clients.destroy());

const at = '2026-03-02T09:00:00.000Z';

async function customerWithInvoice(language: 'nl' | 'en', name: string): Promise<{ customerId: string; email: string; invoice: Invoice }> {
  const customerId = `mail-${tag}-${name}`;
  const email = `${customerId}@example.test`;
  await sendEvent(p, 'subscription-events', { id: `cc-${customerId}`, type: 'customer.created', occurredAt: at, data: { customerId, kind: 'business', name: 'Drukkerij Van Dam B.V.', email, language, resellerId: 'r-mail', directDebit: false } });
  // into-telecom: accepted at once, the first month invoiced at creation.
  await sendEvent(p, 'subscription-events', { id: `sc-${customerId}`, type: 'subscription.created', occurredAt: at, data: { subscriptionId: `sub-${customerId}`, customerId, termsId: 'into-telecom', plan: { name: 'Glasvezel zakelijk', priceCents: 123_456, period: 'month' }, seats: 1 } });
  await drain(p);
  const invoice = Object.values((await p.deps.store.load(customerId))!.state.invoices).find((i) => i.kind === 'invoice')!;
  return { customerId, email, invoice };
}

const mailsTo = async (email: string) => (await capturedEmails()).filter((m) => m.destination.to.includes(email));

describe('invoice e-mails carry the PDF (issue 8 item 6)', () => {
  it('a Dutch invoice e-mail: factuur-<number>.pdf, whose text has the number and the total', async () => {
    const { email, invoice } = await customerWithInvoice('nl', 'nl');
    expect(invoice.number).toMatch(new RegExp(`^${series.prefix}\\d{6}$`));
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const [attachment, ...more] = mails[0]!.attachments ?? [];
    expect(more).toEqual([]);
    expect(attachment).toMatchObject({ filename: `factuur-${invoice.number}.pdf`, contentType: 'application/pdf' });
    const text = await pdfText(Buffer.from(attachment!.content, 'base64'));
    expect(text).toContain(`Factuurnummer ${invoice.number}`);
    expect(text).toContain(`Totaal incl. btw ${formatEuro(invoice.totalCents, 'nl')}`);
    expect(text).toContain(SELLER.name);
  });

  it('an English credit note e-mail: credit-note-<number>.pdf naming the invoice it corrects; the invoice mail had invoice-<number>.pdf', async () => {
    const { customerId, email, invoice } = await customerWithInvoice('en', 'en');
    expect((await mailsTo(email)).map((m) => m.attachments?.map((a) => a.filename))).toEqual([[`invoice-${invoice.number}.pdf`]]);
    await sendEvent(p, 'payment-events', { id: `ic-${customerId}`, type: 'invoice.credited', occurredAt: at, data: { invoiceId: invoice.id, amountCents: 10_000, reason: 'storing', customerId } });
    await drain(p);
    const mails = (await mailsTo(email)).filter((m) => m.attachments?.some((a) => a.filename !== `invoice-${invoice.number}.pdf`));
    expect(mails).toHaveLength(1);
    const attachment = mails[0]!.attachments![0]!;
    // The credit note may have left the account already (settled against the invoice, archived): its number from the file name.
    const number = /^credit-note-(.+)\.pdf$/.exec(attachment.filename ?? '')?.[1];
    expect(number).toMatch(new RegExp(`^${series.prefix}\\d{6}$`));
    expect(number).not.toBe(invoice.number);
    const text = await pdfText(Buffer.from(attachment.content, 'base64'));
    expect(text).toContain(`Credit note number ${number}`);
    expect(text).toContain(`Corrects invoice ${invoice.number}`);
    expect(text).toContain(`Total credited ${formatEuro(-10_000, 'en')}`);
  });

  it('the outbox item delivered again sends no second mail: one mail per effect, attachment or not', async () => {
    const { email, invoice } = await customerWithInvoice('nl', 'again');
    expect(await mailsTo(email)).toHaveLength(1);
    for (let i = 0; i < 3; i++) await sendRaw(p, 'outbox', JSON.stringify({ key: `email:invoice.issued:${invoice.id}` }));
    await drain(p);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
