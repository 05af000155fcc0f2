/**
 * R-INV-01 against DynamoDB Local: one gap-free number series for every customer of the provider,
 * taken in the transaction that records each decision. Four writers (four stores, as four Lambda
 * containers with their own view of the counter) decide events for many customers at once, every
 * event delivered twice, some three times at once; the numbers on the invoices and credit notes
 * must then be exactly 1..N, none twice, and the counter N.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../../adapters/errors.js';
import { ReadModel } from '../../adapters/read-model.js';
import { processEvent } from '../../app/process-event.js';
import type { IncomingEvent, Invoice } from '../../domain/index.js';
import type { Deps } from '../../functions/deps.js';
import { createLocalDeps } from '../../functions/local-deps.js';
import { stack } from '../support/stack.js';
import { pipeline, type Pipeline } from './harness.js';

let p: Pipeline;
beforeAll(async () => {
  p = await pipeline();
});
afterAll(() => p.clients.destroy());

const CUSTOMERS = 16;

describe('R-INV-01 the number series under concurrent, repeated and retried events', () => {
  it(`${CUSTOMERS} customers, four writers at once, every event twice: invoices and credit notes numbered exactly 1..N`, async () => {
    const tag = randomUUID().slice(0, 8);
    const series = { id: `T${tag}`, prefix: `T${tag}-` };
    const writers: Deps[] = Array.from({ length: 4 }, () =>
      createLocalDeps({ clients: p.clients, tableName: stack().tableName, queueUrls: p.queueUrls, clock: p.clock, logLevel: 'SILENT', invoicing: { seller: null, series } }),
    );
    let conflicts = 0;
    const run = async (w: number, event: IncomingEvent) => {
      const deps = writers[w % writers.length]!;
      for (let attempt = 0; ; attempt++) {
        try {
          return await processEvent(deps, event);
        } catch (error) {
          // What SQS would do with a failed delivery: deliver it again.
          if (!InfraError.is(error, 'store.conflict') || attempt > 20) throw error;
          conflicts++;
        }
      }
    };
    const at = p.clock.now();
    const ids = Array.from({ length: CUSTOMERS }, (_, n) => `num-${tag}-${n}`);
    // Each customer's events in order (one account's events are ordered by its lane), the customers all at once.
    const invoicesPerCustomer = await Promise.all(ids.map(async (customerId, n) => {
      const events: IncomingEvent[] = [
        { id: `cc-${customerId}`, type: 'customer.created', occurredAt: at, data: { customerId, kind: 'business', name: `Klant ${n} B.V.`, email: `${customerId}@example.test`, language: 'nl', resellerId: 'r-num', directDebit: true } },
        // into-telecom: accepted at once, the first month invoiced at creation.
        ...[0, 1].map((k): IncomingEvent => ({ id: `sc-${customerId}-${k}`, type: 'subscription.created', occurredAt: at, data: { subscriptionId: `sub-${customerId}-${k}`, customerId, termsId: 'into-telecom', plan: { name: 'Vast', priceCents: 1000 + n, period: 'month' }, seats: 1 } })),
        ...(n % 3 === 0 ? [{ id: `ic-${customerId}`, type: 'invoice.credited', occurredAt: at, data: { invoiceId: `${customerId}-0001`, amountCents: 100, reason: 'storing', customerId } } as IncomingEvent] : []),
      ];
      for (const [k, event] of events.entries()) {
        // Delivered twice, by two writers at once; every fourth event a third time, later.
        await Promise.all([run(n + k, event), run(n + k + 1, event)]);
        if (k % 4 === 3) await run(n + k + 2, event);
      }
      const account = await writers[0]!.store.load(customerId);
      return Object.values(account!.state.invoices);
    }));
    // Settled documents (a credit note at once) leave the account as records of their own (domain/archive.ts): read them too.
    const read = new ReadModel(p.clients.doc, stack().tableName);
    const archived = await Promise.all(ids.map((c) => read.archivedInvoices(c, null, 100, null)));
    const all = new Map<string, Invoice>();
    for (const inv of [...invoicesPerCustomer.flat(), ...archived.flat()]) all.set(inv.id, inv);
    const credits = [...all.values()].filter((i) => i.kind === 'credit_note').length;
    expect(credits).toBe(Math.ceil(CUSTOMERS / 3));
    const numbers = [...all.values()].map((i) => Number(i.number.slice(series.prefix.length))).sort((a, b) => a - b);
    const n = CUSTOMERS * 2 + credits;
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect([...all.values()].every((i) => i.number.startsWith(series.prefix) && i.number.length === series.prefix.length + 6)).toBe(true);
    const counter = await p.clients.doc.send(new GetCommand({ TableName: stack().tableName, Key: { pk: `SERIES#${series.id}`, sk: 'SERIES' }, ConsistentRead: true }));
    expect(counter.Item?.['last']).toBe(n);
    console.log(`number series: ${n} documents for ${CUSTOMERS} customers by 4 writers, ${conflicts} deliveries failed on a conflict and were redelivered`);
  }, 180_000);
});
