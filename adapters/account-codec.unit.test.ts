import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, presetCatalog, tick } from '../domain/index.js';
import { InfraError } from './errors.js';
import { ACCOUNT_SCHEMA_VERSION, archivedInvoiceOf, decodeAccount, encodeAccount } from './account-codec.js';

/** An account item exactly as the release before the bounded ledger stored it (schema version 1, no attribute). */
const v1 = JSON.parse(readFileSync(new URL('../test/fixtures/account-v1.json', import.meta.url), 'utf8')) as { state: string; schemaVersion?: number };

describe('the stored account carries a schema version and is parsed on read', () => {
  it('reads a version-1 item of the earlier release: upcast to the current version, every invoice and payment kept', () => {
    const state = decodeAccount('cus_v1', v1);
    const raw = JSON.parse(v1.state) as { invoices: object; payments: object };
    expect(Object.keys(state.invoices)).toEqual(Object.keys(raw.invoices));
    expect(Object.keys(state.payments)).toEqual(Object.keys(raw.payments));
    expect(state.archivedSubscriptionIds).toEqual([]);
    // R-LAW-04: the latest retention date of what it holds: its last invoice, of 15 May 2026, + 7 years.
    expect(Object.values(state.invoices).map((i) => i.issuedOn).sort().at(-1)).toBe('2026-05-15');
    expect(state.retainRecordsUntil).toBe('2033-05-15');
  });

  it('an upcast account sheds its settled records on its next decision and decides as before', () => {
    const state = decodeAccount('cus_v1', v1);
    const d = decide(state, tick(state, '2026-05-21T07:00:00.000Z'), presetCatalog, '2026-05-21T07:00:00.000Z');
    expect(d.archived.invoices.length).toBeGreaterThan(0);
    expect(Object.keys(d.state!.invoices).length).toBeLessThan(Object.keys(state.invoices).length);
    // The storno of 1 April re-opened that month's invoices: they stay in the working set.
    expect(Object.values(d.state!.invoices).every((i) => i.totalCents - i.paidCents - i.writtenOffCents > 0)).toBe(true);
  });

  it('writes the current version and reads it back unchanged', () => {
    const state = decodeAccount('cus_v1', v1);
    const stored = encodeAccount(state);
    expect(stored.schemaVersion).toBe(ACCOUNT_SCHEMA_VERSION);
    // Deflated: the stored bytes are a fraction of the JSON (DynamoDB bills by stored bytes).
    expect(stored.state.byteLength).toBeLessThan(JSON.stringify(state).length / 4);
    expect(decodeAccount('cus_v1', stored)).toEqual(state);
  });

  it('refuses a version it does not know and a state that does not parse, naming the field', () => {
    expect(() => decodeAccount('cus_v1', { ...v1, schemaVersion: 99 })).toThrow(/schema version 99; this release reads 1 to/);
    const broken = JSON.parse(v1.state) as { customer: { kind: string } };
    broken.customer.kind = 'martian';
    try {
      decodeAccount('cus_v1', { state: JSON.stringify(broken) });
      expect.unreachable();
    } catch (error) {
      expect(InfraError.is(error, 'store.invalid')).toBe(true);
      expect((error as Error).message).toContain('customer.kind');
    }
  });
});

/** An account item as the release before issue 8 stored it (schema version 2; state written as a JSON string, which still reads). */
const v2 = JSON.parse(readFileSync(new URL('../test/fixtures/account-v2.json', import.meta.url), 'utf8')) as { state: string; schemaVersion: number };

describe('version 2 → 3: invoices a finance team can file (issue 8)', () => {
  it('an invoice of version 2 keeps its id as its number (what it was sent as), is an invoice, and reads its VAT rate back from its amounts', () => {
    expect(v2.schemaVersion).toBe(2);
    const state = decodeAccount('cus_v2', v2);
    const inv1 = state.invoices['cus_v2-0001']!;
    // 2 seats × €100 = €200 net, 21 % = €42, €242.
    expect(inv1).toMatchObject({ number: 'cus_v2-0001', kind: 'invoice', correctsInvoiceId: null, creditReason: null, creditedCents: 0, reverseCharge: false, vatNote: null, seller: null });
    expect(inv1.lines.map((l) => [l.kind, l.vatCategory, l.vatRateBp])).toEqual([['subscription', 'standard', 2100]]);
    expect(inv1.vatBreakdown).toEqual([{ vatCategory: 'standard', vatRateBp: 2100, netCents: 20000, vatCents: 4200 }]);
    expect(inv1.supplyPeriod).toEqual(inv1.lines[0]!.period);
    expect(inv1.buyer).toEqual({ name: 'Telefonie Jansen B.V.', kind: 'business', address: null, vatId: null });
    // Collection costs are no supply for VAT: not subject, 0 %.
    expect(state.invoices['cus_v2-0002']!.lines.map((l) => [l.kind, l.vatCategory, l.vatRateBp])).toEqual([['collection-costs', 'not-subject', 0]]);
  });

  it('the customer has no billing address or VAT id yet, and the pending cancellation names no fee invoice', () => {
    const state = decodeAccount('cus_v2', v2);
    expect(state.customer).toMatchObject({ billingAddress: null, vatId: null });
    const sub = state.subscriptions['sub_v2']!;
    expect(sub.status === 'live' && sub.cancellation).toMatchObject({ earlyTerminationFeeCents: 162000, feeInvoiceId: null });
  });

  it('an archived invoice record of version 2 reads as version 3 (archivedInvoiceOf)', () => {
    const raw = JSON.parse(v2.state) as { invoices: Record<string, Record<string, unknown>> };
    const record = JSON.stringify({ ...raw.invoices['cus_v2-0001'], paidBy: [] });
    expect(archivedInvoiceOf(record, { name: 'Telefonie Jansen B.V.', kind: 'business' })).toMatchObject({ id: 'cus_v2-0001', number: 'cus_v2-0001', kind: 'invoice', paidBy: [] });
    expect(() => archivedInvoiceOf(JSON.stringify({ id: 'x' }))).toThrow(/archived invoice x does not parse/);
  });

  it('an upcast account decides on: its next invoice takes the next number of the series', () => {
    const state = decodeAccount('cus_v2', v2);
    const now = '2026-04-06T07:00:00.000Z';
    const d = decide(state, tick(state, now), presetCatalog, now, { series: { id: 'LT', prefix: 'LT-', last: 41 }, seller: null });
    const issued = d.events.filter((e) => e.type === 'InvoiceIssued').map((e) => (e.data as { number: string }).number);
    expect(issued[0]).toBe('LT-000042');
    expect(d.numbering).toEqual({ series: 'LT', last: 41, next: 42 + issued.length });
    expect(decodeAccount('cus_v2', encodeAccount(d.state!))).toEqual(d.state);
  });
});
