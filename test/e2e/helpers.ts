/** Small helpers the end-to-end lives share: ids unique per run, events, reads of the results. */
import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { Account, IncomingEvent, Invoice, Subscription } from '../../domain/index.js';
import { at } from '../support/life.js';
import { type Pipeline, type PipelineOptions, startPipeline } from '../support/pipeline.js';

export { at };

type Data<T extends IncomingEvent['type']> = Extract<IncomingEvent, { type: T }>['data'];

/** A short tag that keeps this run's ids and e-mail addresses apart from every other run's. */
export const tag = () => randomUUID().slice(0, 8);

let seq = 0;
/** An event as a producer would put it on its queue; `when` as in test/support/life.ts. */
export function event<T extends IncomingEvent['type']>(type: T, data: Data<T>, when: string, id?: string): IncomingEvent {
  return { id: id ?? `evt_${tag()}_${++seq}`, type, occurredAt: at(when), data } as IncomingEvent;
}

/**
 * A pipeline of its own for each test, stopped after it. Call once in a file; in a test,
 * `const life = await begin({ start })` (the pipeline itself is `life.p`).
 */
export function pipelinePerTest(): (options: PipelineOptions) => Promise<E2ELife> {
  let p: Pipeline | undefined;
  afterEach(async () => {
    await p?.stop();
    p = undefined;
  });
  return async (options) => {
    p = await startPipeline(options);
    return new E2ELife(p);
  };
}

/** A driver for one life: the clock moves as the world does, every event waits for the pipeline. */
export class E2ELife {
  constructor(readonly p: Pipeline) {}

  /** Moves the simulated clock (POST /dev/clock: sweep and drain). */
  async tickTo(when: string): Promise<void> {
    await this.p.setClock(at(when));
  }

  /** Moves the clock to the event's instant, sends it and waits until everything it caused is done. */
  async send<T extends IncomingEvent['type']>(type: T, data: Data<T>, when: string, id?: string): Promise<IncomingEvent> {
    const e = event(type, data, when, id);
    await this.tickTo(when);
    await this.p.send(e);
    await this.p.drain();
    return e;
  }

  async account(customerId: string): Promise<Account> {
    const stored = await this.p.ledger(customerId);
    if (stored === null) throw new Error(`no account ${customerId}`);
    return stored.state;
  }

  async sub(customerId: string, subscriptionId: string): Promise<Subscription> {
    const s = (await this.account(customerId)).subscriptions[subscriptionId];
    if (s === undefined) throw new Error(`no subscription ${subscriptionId}`);
    return s;
  }

  async invoice(customerId: string, invoiceId: string): Promise<Invoice> {
    const i = (await this.account(customerId)).invoices[invoiceId];
    if (i === undefined) throw new Error(`no invoice ${invoiceId}`);
    return i;
  }

  /** Audit event types of a subscription, oldest first. */
  async audit(subscriptionId: string): Promise<Array<{ type: string; at: string; rule: string | null }>> {
    const items = await this.p.query(`SUB#${subscriptionId}`, 'AUDIT#');
    return items.map((i) => ({ type: String(i.type), at: String(i.at), rule: (i.rule as string | null) ?? null }));
  }

  /** Access events published for a subscription, as `type:reason:seats` (data.delete: `data.delete:<scope>`). */
  async accessLog(subscriptionId: string): Promise<string[]> {
    const items = await this.p.access(subscriptionId);
    return items.map((i) => (i.type === 'data.delete' ? `data.delete:${String(i.scope)}` : `${String(i.type)}:${String(i.reason)}:${String(i.seats)}`));
  }

  /** Subjects of the e-mails captured for an address, in the order sent. */
  async subjects(address: string): Promise<string[]> {
    return (await this.p.emailsTo(address)).map((e) => e.subject);
  }
}

export const money = (i: Invoice) => ({ net: i.netCents, vat: i.vatCents, total: i.totalCents, paid: i.paidCents });
export const suspendedFor = (s: Subscription): string[] => (s.status === 'live' ? s.suspensions.map((x) => x.reason) : []);
export const count = (list: readonly string[], predicate: (s: string) => boolean) => list.filter(predicate).length;
