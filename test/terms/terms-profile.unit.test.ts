/**
 * Provider terms profiles: the validation messages an operator reads (`field.path: why`, as
 * parseTermsProfile words them), the example profile, and the handlers' cached catalog
 * (presets + stored, reloaded at most every N seconds, never shadowing a preset).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CachedTermsCatalog, type StoredTerms } from '../../adapters/terms-store.js';
import { catalogFor } from '../../app/terms.js';
import { parseTermsProfile, PRESETS, type TermsProfile } from '../../domain/index.js';
import { termsProfileSchema } from '../../domain/terms.js';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/terms-profile.json', import.meta.url), 'utf8')) as TermsProfile;
const errorsOf = (input: unknown): string[] => {
  const r = parseTermsProfile(input);
  return r.ok ? [] : r.errors;
};

describe('the presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))('%s satisfies termsProfileSchema as written, defaults and cross-field rules included', (_id, preset) => {
    // PRESETS are not parsed at load (a cold-start cost): a preset that breaks its schema, or leans on a default, fails here.
    expect(termsProfileSchema.parse(preset)).toEqual(preset);
  });
});

describe('parseTermsProfile messages', () => {
  it('accepts the example provider profile, a preset copy with its own id and sources', () => {
    const r = parseTermsProfile(example);
    expect(r.ok).toBe(true);
    expect(example.id).toBe('acme-managed-it');
    expect(PRESETS.map((p) => p.id)).not.toContain(example.id);
    expect(Object.values(example.sources).every((s) => s.startsWith('ACME'))).toBe(true);
  });

  it('names a field of the wrong type with its path', () => {
    expect(errorsOf({ ...example, noticePeriodMonths: 'one' })).toEqual(['noticePeriodMonths: Invalid input: expected number, received string']);
    expect(errorsOf({ ...example, priceChange: { ...example.priceChange, noticeDays: -1 } })).toEqual(['priceChange.noticeDays: Too small: expected number to be >=0']);
    expect(errorsOf({ ...example, dunning: { kind: 'sternLetter' } })).toEqual(['dunning.ladder: Invalid input: expected array, received undefined', 'dunning: Unrecognized key: "kind"']);
  });

  it('words the dunning ladder rules at the rung', () => {
    expect(errorsOf({ ...example, dunning: { ladder: [{ step: 'default', daysAfterPreviousStep: 3 }, { step: 'default', daysAfterDueDate: 3 }] } })).toEqual([
      'dunning.ladder.0: the ladder starts with a reminder (R-DUN-01: a reminder is always sent)',
      'dunning.ladder.1: default appears more than once',
      'dunning.ladder.0: the first step has no previous step: use daysAfterDueDate',
    ]);
  });

  it('reads a stored profile of the three dunning shapes from before the ladder as that ladder', () => {
    const ladderOf = (dunning: unknown) => {
      const r = parseTermsProfile({ ...example, dunning });
      return r.ok ? r.profile.dunning.ladder : r.errors;
    };
    expect(ladderOf({ kind: 'reminderThenFormalNotice', formalNoticeAfterReminderDays: 14, defaultAfterFormalNoticeDays: 10 })).toEqual([
      { step: 'reminder', daysAfterDueDate: 1 }, { step: 'formalNotice', daysAfterPreviousStep: 14 }, { step: 'default', daysAfterPreviousStep: 10 },
    ]);
    expect(ladderOf({ kind: 'defaultAfterDueDate' })).toEqual([{ step: 'reminder', daysAfterDueDate: 1 }, { step: 'default', daysAfterDueDate: 1 }]);
    expect(ladderOf({ kind: 'reminderOnly' })).toEqual([{ step: 'reminder', daysAfterDueDate: 1 }]);
  });

  it('names a missing field', () => {
    const { paymentTermDays: _, ...missing } = example;
    expect(errorsOf(missing)).toEqual(['paymentTermDays: Invalid input: expected number, received undefined']);
  });

  it('words the id rule', () => {
    expect(errorsOf({ ...example, id: 'ACME Managed' })).toEqual(['id: lower-case letters, digits and dashes']);
  });

  it('reports the cross-field rules (superRefine) at their field', () => {
    expect(errorsOf({ ...example, minimumTermMonths: 0, endAlignment: 'termEnd', renewalForBusiness: { kind: 'indefinite' } })).toEqual([
      'endAlignment: termEnd alignment needs a minimumTermMonths above 0',
    ]);
    expect(errorsOf({ ...example, minimumTermMonths: 0, renewalForBusiness: { kind: 'sameTerm' } })).toEqual([
      'renewalForBusiness: sameTerm renewal needs a minimumTermMonths above 0',
    ]);
    expect(errorsOf({ ...example, priceChange: { ...example.priceChange, terminationRight: 'withNoticeMonths', terminationNoticeMonths: 0 } })).toEqual([
      'priceChange.terminationNoticeMonths: withNoticeMonths needs terminationNoticeMonths above 0',
    ]);
  });

  it('a non-object is refused as a whole', () => {
    expect(errorsOf(null)).toEqual(['(profile): Invalid input: expected object, received null']);
  });
});

describe('the handlers\' cached catalog', () => {
  const stored = (p: Partial<TermsProfile>): StoredTerms => ({ profile: { ...example, ...p }, createdAt: '2026-01-01T00:00:00.000Z' });

  it('serves presets before the first load, then presets + stored, reloading at most every maxAge', async () => {
    let now = 0;
    let lists = 0;
    let rows = [stored({})];
    const catalog = new CachedTermsCatalog({ list: async () => (lists++, rows) }, { maxAgeSeconds: 10, now: () => now });
    expect(catalog.get('totaldesk', 1)?.id).toBe('totaldesk');
    expect(catalog.latest('acme-managed-it')).toBeUndefined();

    await catalog.current();
    expect(catalog.latest('acme-managed-it')?.version).toBe(1);
    rows = [stored({}), stored({ version: 2 })];
    now = 9_999;
    await catalog.current();
    expect(lists).toBe(1);
    expect(catalog.latest('acme-managed-it')?.version).toBe(1);
    now = 10_000;
    await catalog.current();
    expect(lists).toBe(2);
    expect(catalog.latest('acme-managed-it')?.version).toBe(2);
    expect(catalog.get('acme-managed-it', 1)?.version).toBe(1);
  });

  it('coalesces concurrent loads and never lets a stored profile shadow a preset', async () => {
    let lists = 0;
    const catalog = new CachedTermsCatalog({ list: async () => (lists++, [stored({ id: 'totaldesk', version: 9 })]) }, { maxAgeSeconds: 60 });
    await Promise.all([catalog.current(), catalog.current(), catalog.refresh()]);
    expect(lists).toBe(1);
    expect(catalog.latest('totaldesk')?.version).toBe(1);
  });

  it('catalogFor loads only when a profile may be new: a new subscription on a stored id, or a pinned version it lacks', async () => {
    let lists = 0;
    const catalog = new CachedTermsCatalog({ list: async () => (lists++, [stored({})]) }, { maxAgeSeconds: 60 });
    const deps = { catalog, catalogProvider: catalog };
    const created = (termsId: string) => ({ id: 'e', type: 'subscription.created', occurredAt: '2026-03-02T09:00:00+01:00', data: { subscriptionId: 's', customerId: 'c', termsId, plan: { name: 'p', priceCents: 1, period: 'month' }, seats: 1 } }) as never;
    await catalogFor(deps, [null], created('totaldesk'));
    expect(lists).toBe(0);
    await catalogFor(deps, [null], created('acme-managed-it'));
    expect(lists).toBe(1);
    const pinned = (termsId: string, termsVersion: number) => ({ subscriptions: { s: { termsId, termsVersion } } }) as never;
    await catalogFor(deps, [pinned('acme-managed-it', 1)]);
    expect(lists).toBe(1);
    await catalogFor(deps, [pinned('acme-managed-it', 3)]);
    expect(lists).toBe(2);
  });
});
