/**
 * Demo data for `npm start`, sent through the real queues and handlers (nothing is written
 * behind the pipeline's back except the demo API key). The reseller `demo-reseller` gets two
 * customers on each of the five presets. The simulated clock is wound back ~10 weeks and walked
 * forward, so every account has a history: invoices, payments, and one customer in arrears far
 * enough to have had a reminder and a suspension (totaldesk: more than two months unpaid).
 * Idempotent: event ids are fixed, and a seeded table is left as it is.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeys } from '../adapters/api-keys.js';
import type { Account, IncomingEvent } from '../domain/index.js';
import type { Deps } from '../functions/deps.js';
import type { SimulatedClock } from './clock.js';
import type { Runner } from './runner.js';

export const DEMO_RESELLER_ID = 'demo-reseller';
export const DEFAULT_LOCAL_API_KEY = 'local-demo-key';

type Plan = { name: string; priceCents: number; period: 'month' | 'year' };

interface DemoCustomer {
  id: string;
  kind: 'consumer' | 'business';
  name: string;
  email: string;
  language: 'nl' | 'en';
  termsId: string;
  plan: Plan;
  seats: number;
  subscriptions?: number;
  /** Pays every invoice a day after it is issued; false: pays nothing (the one in arrears). */
  pays: boolean;
}

const month = (name: string, priceCents: number): Plan => ({ name, priceCents, period: 'month' });

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { id: 'demo-td-bakkerij', kind: 'business', name: 'Bakkerij De Vries B.V.', email: 'finance@bakkerij-devries.example', language: 'nl', termsId: 'totaldesk', plan: month('Online werkplek', 5000), seats: 3, pays: true },
  { id: 'demo-td-architect', kind: 'business', name: 'Architectenbureau Smit', email: 'admin@smit-architecten.example', language: 'nl', termsId: 'totaldesk', plan: month('Online werkplek', 5000), seats: 2, pays: false },
  { id: 'demo-tp-jansen', kind: 'consumer', name: 'Anna Jansen', email: 'anna.jansen@example.nl', language: 'nl', termsId: 'total-progress', plan: { name: 'Onderhoudsplan', priceCents: 24000, period: 'year' }, seats: 1, pays: true },
  { id: 'demo-tp-fixit', kind: 'business', name: 'FixIt Repairs', email: 'office@fixit.example', language: 'en', termsId: 'total-progress', plan: { name: 'Maintenance plan', priceCents: 60000, period: 'year' }, seats: 1, pays: true },
  { id: 'demo-cs-bakker', kind: 'consumer', name: 'Pieter Bakker', email: 'pieter.bakker@example.nl', language: 'nl', termsId: 'computerstudent', plan: month('IT-support', 4000), seats: 1, pays: true },
  { id: 'demo-cs-kapsalon', kind: 'business', name: 'Kapsalon Knip', email: 'info@kapsalon-knip.example', language: 'nl', termsId: 'computerstudent', plan: month('IT-support', 4000), seats: 1, pays: true },
  { id: 'demo-tig-webshop', kind: 'business', name: 'Webshop Tulp B.V.', email: 'boekhouding@tulp.example', language: 'nl', termsId: 'total-internet-group', plan: month('Hosting', 10000), seats: 1, pays: true },
  { id: 'demo-tig-agency', kind: 'business', name: 'Northwind Agency', email: 'billing@northwind.example', language: 'en', termsId: 'total-internet-group', plan: month('Hosting', 2500), seats: 1, pays: true },
  { id: 'demo-it-transport', kind: 'business', name: 'Transport Visser', email: 'administratie@visser.example', language: 'nl', termsId: 'into-telecom', plan: month('VoIP', 3000), seats: 4, subscriptions: 2, pays: true },
  { id: 'demo-it-clinic', kind: 'business', name: 'Tandartspraktijk Mondzorg', email: 'praktijk@mondzorg.example', language: 'nl', termsId: 'into-telecom', plan: month('Internet', 2000), seats: 1, pays: true },
];

export interface SeedInput {
  deps: Deps;
  clock: SimulatedClock;
  runner: Runner;
  apiKey: string;
  log?: (message: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  customers: number;
  events: number;
  ms: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** Seeds the demo data unless it is there already; always (re)installs the demo API key. */
export async function seed(input: SeedInput): Promise<SeedResult> {
  const { deps, clock, runner } = input;
  const log = input.log ?? (() => undefined);
  const startedAt = Date.now();
  await new ApiKeys(deps.clients.doc, deps.tableName, () => clock.now()).create({ resellerId: DEMO_RESELLER_ID, name: 'local demo key', key: input.apiKey });

  const first = DEMO_CUSTOMERS[0]!;
  const existing = await deps.clients.doc.send(new GetCommand({ TableName: deps.tableName, Key: { pk: `CUST#${first.id}`, sk: 'ACCOUNT' } }));
  if (existing.Item !== undefined) return { seeded: false, customers: DEMO_CUSTOMERS.length, events: 0, ms: Date.now() - startedAt };

  const end = Date.parse(clock.now());
  let events = 0;
  const send = async (list: IncomingEvent[]) => {
    if (list.length === 0) return;
    events += list.length;
    await deps.queues.sendMany(list);
  };
  /** As POST /dev/clock: move, sweep, drain. */
  const moveTo = async (ms: number) => {
    clock.set(new Date(ms).toISOString());
    await runner.runSweep();
    await runner.drain({ timeoutMs: 120_000 });
  };
  const at = () => clock.now();

  // ~10 weeks back: long enough for the non-payer's first invoice to pass invoice date + 2 months.
  const start = end - 70 * DAY;
  clock.set(new Date(start).toISOString());
  log(`seeding from ${at()}`);
  await send([
    { id: 'seed-reseller', type: 'reseller.created', occurredAt: at(), data: { resellerId: DEMO_RESELLER_ID, name: 'Demo Reseller B.V.', email: 'partners@demo-reseller.example' } },
  ]);
  await runner.drain();
  await send(
    DEMO_CUSTOMERS.map((c): IncomingEvent => ({
      id: `seed-${c.id}-created`,
      type: 'customer.created',
      occurredAt: at(),
      data: { customerId: c.id, kind: c.kind, name: c.name, email: c.email, language: c.language, resellerId: DEMO_RESELLER_ID, directDebit: c.kind === 'business' },
    })),
  );
  await runner.drain();
  await send(
    DEMO_CUSTOMERS.flatMap((c) =>
      subscriptionIds(c).map((subscriptionId): IncomingEvent => ({
        id: `seed-${subscriptionId}-created`,
        type: 'subscription.created',
        occurredAt: at(),
        data: { subscriptionId, customerId: c.id, termsId: c.termsId, plan: c.plan, seats: c.seats },
      })),
    ),
  );
  await runner.drain();
  await send(
    DEMO_CUSTOMERS.filter((c) => c.termsId === 'totaldesk').flatMap((c) =>
      subscriptionIds(c).map((subscriptionId): IncomingEvent => ({ id: `seed-${subscriptionId}-activated`, type: 'subscription.activated', occurredAt: at(), data: { subscriptionId } })),
    ),
  );
  await runner.drain();

  // Walk forward; the payers pay what is open the day after each step.
  for (const day of [1, 20, 32, 45, 62, 70]) {
    const ms = Math.min(start + day * DAY, end);
    await moveTo(ms);
    await send(await payments(deps, `d${day}`, at()));
    await runner.drain();
  }
  if (Date.parse(clock.now()) < end) await moveTo(end);
  log(`seeded ${DEMO_CUSTOMERS.length} customers with ${events} events`);
  return { seeded: true, customers: DEMO_CUSTOMERS.length, events, ms: Date.now() - startedAt };
}

function subscriptionIds(c: DemoCustomer): string[] {
  return Array.from({ length: c.subscriptions ?? 1 }, (_, i) => `${c.id.replace(/^demo-/, 'demo-sub-')}${i === 0 ? '' : `-${i + 1}`}`);
}

/** One payment per open invoice of every paying customer. */
async function payments(deps: Deps, step: string, occurredAt: string): Promise<IncomingEvent[]> {
  const list: IncomingEvent[] = [];
  for (const c of DEMO_CUSTOMERS.filter((x) => x.pays)) {
    const stored = await deps.store.load(c.id);
    if (stored === null) continue;
    const account: Account = stored.state;
    for (const invoice of Object.values(account.invoices)) {
      const open = invoice.totalCents - invoice.paidCents - invoice.writtenOffCents;
      if (open <= 0 || invoice.dispute !== null) continue;
      list.push({
        id: `seed-pay-${invoice.id}-${step}`,
        type: 'payment.succeeded',
        occurredAt,
        data: { paymentId: `seed-pay-${invoice.id}-${step}`, customerId: c.id, amountCents: open, method: c.kind === 'business' ? 'direct_debit' : 'ideal', invoiceId: invoice.id },
      });
    }
  }
  return list;
}
