import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, presetCatalog, tick } from '../domain/index.js';
import { InfraError } from './errors.js';
import { ACCOUNT_SCHEMA_VERSION, decodeAccount, encodeAccount } from './account-codec.js';

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
