/** R-INV-02: the functions read the provider's details from PROVIDER_* (infra/config.ts passes them), all or none. */
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

const BASE = { TABLE_NAME: 'looptijd-test' };
const PROVIDER = {
  PROVIDER_NAME: 'Acme Managed IT B.V.', PROVIDER_STREET: 'Keizersgracht 100', PROVIDER_POSTAL_CODE: '1015 AA', PROVIDER_CITY: 'Amsterdam',
  PROVIDER_KVK: '87654321', PROVIDER_VAT_ID: 'NL864512390B01', PROVIDER_IBAN: 'NL02ABNA0123456789',
};

describe('the provider configuration of a function (R-INV-02)', () => {
  it('all PROVIDER_* given: the seller every invoice names, country NL unless given, and the number series of INVOICE_NUMBER_PREFIX', () => {
    expect(configFromEnv({ ...BASE, ...PROVIDER, INVOICE_NUMBER_PREFIX: 'AC-' }).invoicing).toEqual({
      seller: { name: 'Acme Managed IT B.V.', address: { street: 'Keizersgracht 100', additionalStreet: null, postalCode: '1015 AA', city: 'Amsterdam', country: 'NL' }, kvk: '87654321', vatId: 'NL864512390B01', iban: 'NL02ABNA0123456789' },
      series: { id: 'AC', prefix: 'AC-' },
    });
  });

  it('none given (a local run): no seller, series LT-', () => {
    expect(configFromEnv(BASE).invoicing).toEqual({ seller: null, series: { id: 'LT', prefix: 'LT-' } });
  });

  it('some given: refuses to start, naming what is missing', () => {
    const { PROVIDER_KVK: _kvk, PROVIDER_IBAN: _iban, ...partial } = PROVIDER;
    expect(() => configFromEnv({ ...BASE, ...partial })).toThrow(/the provider details go together, missing PROVIDER_KVK, PROVIDER_IBAN/);
  });

  it('a malformed KvK, VAT id or IBAN (check digits) refuses to start, naming it', () => {
    expect(() => configFromEnv({ ...BASE, ...PROVIDER, PROVIDER_KVK: '1234' })).toThrow(/PROVIDER_KVK: eight digits/);
    expect(() => configFromEnv({ ...BASE, ...PROVIDER, PROVIDER_VAT_ID: 'NL12345678B01' })).toThrow(/PROVIDER_VAT_ID/);
    expect(() => configFromEnv({ ...BASE, ...PROVIDER, PROVIDER_IBAN: 'NL03ABNA0123456789' })).toThrow(/PROVIDER_IBAN: IBAN check digits do not match/);
  });
});
