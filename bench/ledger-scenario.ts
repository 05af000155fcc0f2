/**
 * The issue-7 scenario, shared by the ledger benches: one business customer (a reseller's billing
 * account) with N totaldesk workplaces of 3 seats at €50, all started on the first of a month and
 * paid monthly, one payment per invoice (direct debit, a few days after the invoices are issued).
 *
 * Only what domain/index.ts exports and the contract's event shapes are used, so the benches
 * survive a rewrite of the domain's insides: payments carry the invoice amount but no invoice id
 * (R-PAY-03 allocates each to the oldest open invoice), so nothing depends on how invoices are
 * numbered or where settled ones are kept.
 */
import type { IncomingEvent } from '../domain/index.js';

export const TERMS_ID = 'totaldesk';
export const SEATS = 3;
export const PRICE_CENTS = 5000;
/** 3 seats × €50 net + 21 % VAT: one monthly invoice of one workplace. */
export const INVOICE_CENTS = Math.round(SEATS * PRICE_CENTS * 1.21);
/** The scenario starts here (00:00 Amsterdam is 23:00Z the day before). */
export const START_YEAR = 2026;

type Data<T extends IncomingEvent['type']> = Extract<IncomingEvent, { type: T }>['data'];

/** ISO instant of a local (Europe/Amsterdam) wall-clock time, month 0 = January of START_YEAR. */
export function localInstant(monthIndex: number, day: number, hour: number): string {
  const year = START_YEAR + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  // Amsterdam is UTC+1 in winter, UTC+2 from the last Sunday of March to the last Sunday of October.
  const utcGuess = Date.UTC(year, month, day, hour - 1);
  const offset = isSummerTime(utcGuess) ? 2 : 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month + 1)}-${pad(day)}T${pad(hour)}:00:00+0${offset}:00`;
}

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1); // 01:00Z
}

function isSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9);
}

/** Builds the scenario's events for one customer; ids unique per `tag`. */
export class LedgerScenario {
  readonly customerId: string;
  private seq = 0;

  constructor(
    readonly subscriptions: number,
    readonly tag: string,
  ) {
    this.customerId = `cus_ledger_${tag}`;
  }

  subscriptionId(i: number): string {
    return `sub_ledger_${this.tag}_${i}`;
  }

  event<T extends IncomingEvent['type']>(type: T, data: Data<T>, occurredAt: string): IncomingEvent {
    return { id: `evt_ledger_${this.tag}_${++this.seq}`, type, occurredAt, data } as IncomingEvent;
  }

  /** When the customer and its workplaces start: the first of month 0, 09:00. */
  get startAt(): string {
    return localInstant(0, 1, 9);
  }

  customerCreated(at = this.startAt): IncomingEvent {
    return this.event('customer.created', { customerId: this.customerId, kind: 'business', name: `Reseller ${this.tag} B.V.`, email: `billing-${this.tag}@reseller.example`, language: 'nl', resellerId: `res_ledger_${this.tag}`, directDebit: true }, at);
  }

  subscriptionCreated(i: number, at = this.startAt): IncomingEvent {
    return this.event('subscription.created', { subscriptionId: this.subscriptionId(i), customerId: this.customerId, termsId: TERMS_ID, plan: { name: 'Online werkplek', priceCents: PRICE_CENTS, period: 'month' }, seats: SEATS }, at);
  }

  subscriptionActivated(i: number, at = this.startAt): IncomingEvent {
    return this.event('subscription.activated', { subscriptionId: this.subscriptionId(i) }, at);
  }

  /** The events that start the account: the customer, then each workplace created and activated. */
  /** The opening as a provisioning system sends it, in three waves: the customer, its subscriptions, their activations. */
  openingWaves(): IncomingEvent[][] {
    const [customer, ...rest] = this.opening();
    return [[customer!], rest.filter((e) => e.type === 'subscription.created'), rest.filter((e) => e.type === 'subscription.activated')];
  }

  opening(): IncomingEvent[] {
    const out = [this.customerCreated()];
    for (let i = 0; i < this.subscriptions; i++) out.push(this.subscriptionCreated(i), this.subscriptionActivated(i));
    return out;
  }

  /** When month `m`'s invoices are paid: the 5th, 10:00 (the invoices are issued on the 1st). */
  payDay(m: number): string {
    return localInstant(m, 5, 10);
  }

  /** One direct-debit payment per invoice of month `m`. */
  payments(m: number): IncomingEvent[] {
    const at = this.payDay(m);
    return Array.from({ length: this.subscriptions }, (_, i) =>
      this.event('payment.succeeded', { paymentId: `pay_ledger_${this.tag}_${m}_${i}`, customerId: this.customerId, amountCents: INVOICE_CENTS, method: 'direct_debit' }, at),
    );
  }

  /** A `subscription.due` tick as the sweep sends it. */
  tick(at: string): IncomingEvent {
    return { id: `tick:${this.customerId}:${at}`, type: 'subscription.due', occurredAt: at, data: { customerId: this.customerId } } as IncomingEvent;
  }
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * The size DynamoDB bills an item at (AWS: attribute names + values; strings UTF-8, numbers about
 * one byte per two significant digits + 1, booleans/null 1, maps and lists 3 + their contents + 1
 * per element). Good to within a few bytes, which is all the capacity rounding needs.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += utf8(name) + valueBytes(value);
  }
  return total;
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/[.-]|e.*$/g, '').replace(/^0+/, '').length || 1;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value as Record<string, unknown>).reduce((s, [k, v]) => (v === undefined ? s : s + 1 + utf8(k) + valueBytes(v)), 0);
  return utf8(String(value));
}
