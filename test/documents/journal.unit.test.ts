/**
 * The journal export's description column: the domain names the invoices a collection-costs line
 * claims by their internal ids; the bookkeeping reads their legal numbers (R-INV-01).
 */
import { describe, expect, it } from 'vitest';
import { withInvoiceNumbers } from '../../documents/journal.js';

const numbers: Record<string, string> = { 'cus-a2-0001': 'LT-000017', 'cus-a2-0012': 'LT-000123' };
const numberOf = (id: string) => numbers[id] ?? null;

describe('journal descriptions (R-DUN-03 lines)', () => {
  it('names the claimed invoices by their legal numbers', () => {
    expect(withInvoiceNumbers('Collection costs on invoice cus-a2-0001 (WIK scale)', 'cus-a2', numberOf)).toBe('Collection costs on invoice LT-000017 (WIK scale)');
    expect(withInvoiceNumbers('Collection costs on invoices cus-a2-0001, cus-a2-0012 (WIK scale)', 'cus-a2', numberOf)).toBe('Collection costs on invoices LT-000017, LT-000123 (WIK scale)');
  });
  it('leaves an id without a number yet, another customer\'s ids and look-alikes alone', () => {
    expect(withInvoiceNumbers('on invoice cus-a2-0003', 'cus-a2', numberOf)).toBe('on invoice cus-a2-0003');
    expect(withInvoiceNumbers('on invoice xcus-a2-0001 and cus-a2-0001x', 'cus-a2', numberOf)).toBe('on invoice xcus-a2-0001 and cus-a2-0001x');
    expect(withInvoiceNumbers('Subscription Basis, 1–31 March', 'cus-a2', numberOf)).toBe('Subscription Basis, 1–31 March');
  });
  it('reads a customer id with characters a pattern would take as operators literally', () => {
    expect(withInvoiceNumbers('on invoice c.1+2-0001', 'c.1+2', (id) => (id === 'c.1+2-0001' ? 'LT-000001' : null))).toBe('on invoice LT-000001');
    expect(withInvoiceNumbers('on invoice cX1+2-0001', 'c.1+2', () => 'LT-000001')).toBe('on invoice cX1+2-0001');
  });
});
