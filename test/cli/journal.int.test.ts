/** `npm run cli -- export journal` against the local stack: invoices and payments as Dutch journal CSV. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.js';
import { createProgram } from '../../cli/program.js';
import type { IncomingEvent } from '../../domain/index.js';
import { START, startWorld, type World } from '../api/world.js';

describe('export journal', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
    const pay = { id: 'pay-journal-1', type: 'payment.succeeded', occurredAt: START, data: { paymentId: 'pay-journal-1', customerId: 'cus-a2', amountCents: 12100, method: 'direct_debit', invoiceId: 'cus-a2-0001' } } as unknown as IncomingEvent;
    await w.p.send(pay);
    await w.p.drain();
  });
  afterAll(async () => w?.stop());

  async function cli(...args: string[]): Promise<string> {
    const out: string[] = [];
    const context: CliContext = {
      clients: w.p.clients, tableName: w.p.tableName, apiUrl: w.p.url,
      queueUrl: async (name) => w.p.queueUrls[name], now: async () => w.p.clock.now(), close: () => undefined,
    };
    await createProgram(() => context, { out: (t) => out.push(t), err: () => undefined, throwOnError: true }).parseAsync(['node', 'looptijd', ...args]);
    return out.join('\n');
  }

  it('one row per invoice line and per payment, ";" and decimal comma, open and settled (archived) invoices alike', async () => {
    const csv = await cli('export', 'journal', '--from', '2026-03-01', '--to', '2026-03-31');
    const [header, ...rows] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe('datum;boekstuknummer;soort;klantnummer;klantnaam;grootboek;omschrijving;netto;btw_tarief;btw_code;btw;bruto;corrigeert;factuur_id');
    // Four activated subscriptions of 2 seats × €50.00 (totaldesk): four invoices of €100.00 + 21 % = €121.00, one paid.
    const invoices = rows.filter((r) => r.split(';')[2] === 'factuur');
    expect(invoices).toHaveLength(4);
    for (const r of invoices) expect(r).toMatch(/^2026-03-02;LT-\d{6};factuur;cus-[ab]\d;Klant cus-[ab]\d;8000;.*;100,00;21,00;hoog;21,00;121,00;;cus-[ab]\d-\d{4}$/);
    expect(invoices.some((r) => r.endsWith(';cus-a2-0001'))).toBe(true); // settled, so archived
    expect(rows.filter((r) => r.split(';')[2] === 'betaling')).toEqual([expect.stringMatching(/^2026-03-02;pay-journal-1;betaling;cus-a2;Klant cus-a2;1100;direct_debit LT-\d{6};121,00;;;0,00;121,00;;cus-a2-0001$/)]);
  });

  it('an empty period gives only the header; dates outside it are left out; a bad date is refused', async () => {
    expect((await cli('export', 'journal', '--from', '2026-04-01', '--to', '2026-04-30')).replace(/^\ufeff/, '').split('\r\n')).toHaveLength(1);
    await expect(cli('export', 'journal', '--from', '2026-13-01', '--to', '2026-04-30')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('keeps a payment that left the account (archived after 56 days, domain/archive.ts): listed once, from its PAY# item', async () => {
    const march = async () => (await cli('export', 'journal', '--from', '2026-03-01', '--to', '2026-03-31')).replace(/^\ufeff/, '').split('\r\n').filter((r) => r.split(';')[1] === 'pay-journal-1');
    expect(await march()).toHaveLength(1);
    await w.p.setClock('2026-06-15T09:00:00+02:00');
    await w.p.drain();
    expect((await w.p.account('cus-a2'))?.state.payments['pay-journal-1']).toBeUndefined();
    expect((await w.p.item('PAY#pay-journal-1', 'PAYMENT'))?.['record']).toEqual(expect.any(String));
    expect(await march()).toEqual([expect.stringMatching(/^2026-03-02;pay-journal-1;betaling;cus-a2;/)]);
  });
});
