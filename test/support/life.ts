/**
 * A customer's life on the simulated clock, for domain tests: send events and move the clock;
 * every audit event and effect is kept, so tests can ask what happened when.
 */
import { decide, presetCatalog, tick, type Account, type BillingInput, type ProviderDetails, type Invoice, type EndedSubscription, type LiveSubscription, type AuditEvent, type Decision, type Effect, type IncomingEvent, type TermsCatalog } from '../../domain/index.js';
import { expect } from 'vitest';
import { startOfDay, toInstant } from '../../domain/calendar.js';
import { replay } from '../../domain/archive.js';
import { MemoryArchive } from './archive.js';

type Data<T extends IncomingEvent['type']> = Extract<IncomingEvent, { type: T }>['data'];

/** '2026-03-02' is 00:00 Amsterdam that day; anything with a 'T' is taken as an instant. */
export const at = (when: string): string => (when.includes('T') ? toInstant(when) : startOfDay(when));

export class Life {
  state: Account | null = null;
  readonly events: AuditEvent[] = [];
  readonly effects: Effect[] = [];
  last: Decision | null = null;
  now: string;
  private seq = 0;

  constructor(start: string, readonly catalog: TermsCatalog = presetCatalog) {
    this.now = at(start);
  }

  send<T extends IncomingEvent['type']>(type: T, data: Data<T>, when?: string, id?: string): Decision {
    if (when) this.now = at(when);
    const event = { id: id ?? `evt_${++this.seq}`, type, occurredAt: this.now, data } as IncomingEvent;
    return this.apply(event);
  }

  /** Records the decisions moved out of the account, as the store keeps them (domain/archive.ts). */
  readonly archive = new MemoryArchive();

  /** The provider's number series across the life's decisions, as the store keeps it (R-INV-01). */
  billing: BillingInput = { series: { id: 'LT', prefix: 'LT-', last: 0 }, seller: null };

  /** Configures the provider's details the invoices carry (R-INV-02). */
  provider(seller: ProviderDetails): this {
    this.billing = { ...this.billing, seller };
    return this;
  }

  apply(event: IncomingEvent, now = this.now): Decision {
    const before = this.archive.restoreFor(this.state, event);
    const d = decide(before, event, this.catalog, now, this.billing);
    if (d.numbering) this.billing = { ...this.billing, series: { ...this.billing.series, last: d.numbering.next - 1 } };
    // Every decision of every rule test also proves that state changes only through its events (evolve).
    if (before !== null && d.state !== null) expect(replay(before, { ...d, state: d.state }), `${event.type} folded`).toEqual(d.state);
    this.archive.keep(d);
    this.state = d.state;
    this.events.push(...d.events);
    this.effects.push(...d.effects);
    this.last = d;
    return d;
  }

  /** Moves the clock and runs the sweep's tick. */
  tickTo(when: string): Decision {
    this.now = at(when);
    return this.apply(tick(this.state!, this.now));
  }

  eventsOf<K extends AuditEvent['type']>(type: K): Extract<AuditEvent, { type: K }>[] {
    return this.events.filter((e): e is Extract<AuditEvent, { type: K }> => e.type === type);
  }

  emails(template?: string) {
    return this.effects.filter((e): e is Extract<Effect, { kind: 'email' }> => e.kind === 'email' && (!template || e.template === template));
  }

  access() {
    return this.effects.filter((e): e is Extract<Effect, { kind: 'access' }> => e.kind === 'access');
  }

  /** Every invoice, in the working set or archived. */
  invoices(): Invoice[] {
    return this.archive.allInvoices(this.state);
  }

  invoice(id: string): Invoice {
    return this.invoices().find((i) => i.id === id)!;
  }

  sub(id: string) {
    return this.state!.subscriptions[id] ?? this.archive.subscriptions.get(id)!;
  }

  /** The subscription, which must be live (a test that expects otherwise fails here, by name). */
  live(id: string): LiveSubscription {
    const s = this.sub(id);
    if (s.status !== 'live') throw new Error(`${id} is ${s.status}`);
    return s;
  }

  ended(id: string): EndedSubscription {
    const s = this.sub(id);
    if (s.status !== 'ended') throw new Error(`${id} is ${s.status}`);
    return s;
  }
}

/** Plans per seat per period, in cents. */
export const month = (priceCents: number) => ({ name: 'Werkplek', priceCents, period: 'month' as const });
export const year = (priceCents: number) => ({ name: 'Onderhoud', priceCents, period: 'year' as const });

export const business = (customerId = 'cus_1', extra: Partial<Data<'customer.created'>> = {}): Data<'customer.created'> => ({
  customerId, kind: 'business', name: 'Bakkerij De Vries B.V.', email: 'finance@devries.example', language: 'nl', resellerId: 'demo-reseller', directDebit: true, ...extra,
});

export const consumer = (customerId = 'cus_c', extra: Partial<Data<'customer.created'>> = {}): Data<'customer.created'> => ({
  customerId, kind: 'consumer', name: 'Anna Jansen', email: 'anna@example.nl', language: 'nl', resellerId: 'demo-reseller', directDebit: false, ...extra,
});
