/**
 * customer.updated from the partner API's PATCH /v1/customers/{id} (issue 10; the billing details
 * are in rules-invoicing.unit.test.ts): only the fields given change; a new e-mail address is the
 * account's, never the trail's (R-DATA-05: an erasure can remove it), and what does not differ is
 * no change at all.
 */
import { describe, expect, it } from 'vitest';
import { Life, business } from '../test/support/life.js';
import { customerUpdated, customerView } from './index.js';

function customer(): Life {
  const life = new Life('2026-03-02T10:00:00+01:00');
  life.send('customer.created', business('cus_1'));
  return life;
}

describe('a reseller changes a customer\'s details', () => {
  it('writes the new e-mail address to the account and only its field name to the trail', () => {
    const life = customer();
    const d = life.send('customer.updated', { customerId: 'cus_1', email: 'boekhouding@devries.example' });
    expect(d.outcome).toBe('applied');
    expect(life.state!.customer).toMatchObject({ email: 'boekhouding@devries.example', language: 'nl', directDebit: true });
    expect(d.events).toEqual([expect.objectContaining({ type: 'CustomerUpdated', subscriptionId: null, rule: null, source: null, data: { changed: ['email'] } })]);
    expect(JSON.stringify(life.events)).not.toContain('boekhouding@devries.example');
  });

  it('a new name is what invoices name from now on (R-INV-02), with the address in the account only', () => {
    const life = customer();
    const d = life.send('customer.updated', { customerId: 'cus_1', name: 'Bakkerij De Vries & Zn. B.V.', email: 'boekhouding@devries.example' });
    expect(d.events[0]).toMatchObject({ type: 'CustomerUpdated', rule: 'R-INV-02', data: { changed: ['name', 'email'], name: 'Bakkerij De Vries & Zn. B.V.' } });
    expect(life.state!.customer).toMatchObject({ name: 'Bakkerij De Vries & Zn. B.V.', email: 'boekhouding@devries.example' });
  });

  it('records language and direct debit in the trail, and the view answers them', () => {
    const life = customer();
    const d = life.send('customer.updated', { customerId: 'cus_1', language: 'en', directDebit: false }, '2026-03-05T09:00:00+01:00');
    expect(d.events[0]).toMatchObject({ type: 'CustomerUpdated', at: '2026-03-05T08:00:00.000Z', data: { changed: ['language', 'directDebit'], language: 'en', directDebit: false } });
    expect(customerView(life.state!, life.now)).toMatchObject({ language: 'en', directDebit: false });
  });

  it('is ignored when nothing given differs', () => {
    const life = customer();
    const d = life.send('customer.updated', { customerId: 'cus_1', name: 'Bakkerij De Vries B.V.', directDebit: true });
    expect(d.outcome).toBe('ignored');
    expect(d.events).toEqual([]);
  });

  it('changes only the fields given', () => {
    const life = customer();
    life.send('customer.updated', { customerId: 'cus_1', email: 'nieuw@devries.example' });
    expect(life.state!.customer).toMatchObject({ name: 'Bakkerij De Vries B.V.', email: 'nieuw@devries.example', kind: 'business', resellerId: 'demo-reseller' });
  });

  it('the event schema refuses a bad e-mail address and drops a kind or a reseller', () => {
    const envelope = { id: 'e1', type: 'customer.updated', occurredAt: '2026-03-02T10:00:00+01:00' };
    expect(customerUpdated.safeParse({ ...envelope, data: { customerId: 'cus_1', email: 'not an address' } }).success).toBe(false);
    const parsed = customerUpdated.parse({ ...envelope, data: { customerId: 'cus_1', name: 'X', kind: 'consumer', resellerId: 'other' } });
    expect(parsed.data).toEqual({ customerId: 'cus_1', name: 'X' });
  });
});
