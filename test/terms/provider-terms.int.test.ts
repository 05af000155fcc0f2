/**
 * Provider terms profiles through the real event handler: a profile stored in the table is used
 * by subscription.created and the subscription is pinned to id@version; adding version 2 leaves
 * that subscription on version 1 (also for later events) while a new subscription gets version 2.
 * The store refuses overwriting a version, a preset id and an invalid profile.
 */
import { decodeAccount } from '../../adapters/account-codec.js';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TermsStore, TermsStoreError } from '../../adapters/terms-store.js';
import type { Account, TermsProfile } from '../../domain/index.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { drain, handlersFor, pipeline, sendEvent, type Pipeline } from '../pipeline/harness.js';
import { stack } from '../support/stack.js';

const example = JSON.parse(readFileSync(new URL('../../docs/examples/terms-profile.json', import.meta.url), 'utf8')) as TermsProfile;
const at = '2026-03-02T09:00:00.000Z';

let p: Pipeline;
let store: TermsStore;
beforeAll(async () => {
  const base = await pipeline();
  // A cache age of 0: this test adds version 2 and expects the very next subscription to get it
  // (in AWS the handlers see a new version within TERMS_CACHE_SECONDS).
  const deps = createLocalDeps({ clients: base.clients, tableName: stack().tableName, queueUrls: base.queueUrls, clock: base.clock, outboxLeaseMs: 1_000, logLevel: 'SILENT', termsCacheSeconds: 0 });
  p = { ...base, deps, handlers: handlersFor(deps) };
  store = new TermsStore(p.clients.doc, stack().tableName);
});
afterAll(() => p?.clients.destroy());

async function account(customerId: string): Promise<Account> {
  const { Item } = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `CUST#${customerId}`, sk: 'ACCOUNT' }, ConsistentRead: true }));
  return decodeAccount(customerId, Item as { state: Uint8Array });
}

const subscriptionCreated = (subscriptionId: string, customerId: string) => ({
  id: `evt-${subscriptionId}-created`, type: 'subscription.created', occurredAt: at,
  data: { subscriptionId, customerId, termsId: 'acme-managed-it', plan: { name: 'Managed werkplek', priceCents: 4500, period: 'month' }, seats: 3 },
});

describe('a provider terms profile stored in the table', () => {
  it('pins a subscription to acme-managed-it@1; version 2 goes to new subscriptions only', async () => {
    const run = randomUUID().slice(0, 8);
    const customerId = `c-acme-${run}`;
    expect((await store.put(example)).profile).toMatchObject({ id: 'acme-managed-it', version: 1 });

    await sendEvent(p, 'subscription-events', {
      id: `evt-${customerId}-created`, type: 'customer.created', occurredAt: at,
      data: { customerId, kind: 'business', name: 'ACME klant', email: `acme-${run}@example.com`, language: 'nl', resellerId: 'demo-reseller', directDebit: true },
    });
    await drain(p);
    await sendEvent(p, 'subscription-events', subscriptionCreated(`s1-${run}`, customerId));
    await drain(p);
    const first = (await account(customerId)).subscriptions[`s1-${run}`];
    expect(first).toMatchObject({ termsId: 'acme-managed-it', termsVersion: 1 });
    const index = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `SUB#s1-${run}`, sk: 'SUBSCRIPTION' }, ConsistentRead: true }));
    expect(index.Item).toMatchObject({ termsId: 'acme-managed-it' });

    await store.put({ ...example, version: 2, name: 'ACME Managed IT 2027', noticePeriodMonths: 2 });
    await sendEvent(p, 'subscription-events', subscriptionCreated(`s2-${run}`, customerId));
    await drain(p);
    // A later event on the first subscription still decides on version 1.
    await sendEvent(p, 'subscription-events', { id: `evt-s1-${run}-activated`, type: 'subscription.activated', occurredAt: at, data: { subscriptionId: `s1-${run}` } });
    await drain(p);

    const after = await account(customerId);
    expect(after.subscriptions[`s1-${run}`]).toMatchObject({ termsId: 'acme-managed-it', termsVersion: 1, status: 'live' });
    expect(after.subscriptions[`s2-${run}`]).toMatchObject({ termsId: 'acme-managed-it', termsVersion: 2 });

    // A cold container (presets only until it loads) still finds the pinned version.
    const cold = createLocalDeps({ clients: p.clients, tableName: stack().tableName, queueUrls: p.queueUrls, clock: p.clock, logLevel: 'SILENT' });
    expect(cold.catalog.get('acme-managed-it', 1)).toBeUndefined();
    await sendEvent(p, 'subscription-events', { id: `evt-s2-${run}-activated`, type: 'subscription.activated', occurredAt: at, data: { subscriptionId: `s2-${run}` } });
    await drain({ ...p, deps: cold, handlers: handlersFor(cold) });
    expect((await account(customerId)).subscriptions[`s2-${run}`]).toMatchObject({ termsVersion: 2, status: 'live' });
    expect(cold.catalog.get('acme-managed-it', 1)?.name).toBe(example.name);
  });

  it('lists and reads versions; refuses an existing version, a preset id and an invalid profile', async () => {
    const listed = (await store.list()).filter((s) => s.profile.id === 'acme-managed-it').map((s) => s.profile.version);
    expect(listed).toEqual([1, 2]);
    expect((await store.get('acme-managed-it'))?.profile.version).toBe(2);
    expect((await store.get('acme-managed-it', 1))?.profile.noticePeriodMonths).toBe(1);
    expect(await store.get('acme-managed-it', 7)).toBeNull();

    const refusal = (input: unknown) => store.put(input).then(() => null, (e: unknown) => e as TermsStoreError);
    expect(await refusal({ ...example, name: 'overwrite' })).toMatchObject({ code: 'terms.version_exists', message: expect.stringContaining('store the change as version 3') });
    expect(await refusal({ ...example, id: 'totaldesk' })).toMatchObject({ code: 'terms.preset' });
    expect(await refusal({ ...example, id: 'acme-x', vatBp: 'high' })).toMatchObject({ code: 'terms.invalid', errors: ['vatBp: Invalid input: expected number, received string'] });
    expect((await store.get('acme-managed-it', 1))?.profile.name).toBe(example.name);
  });
});
