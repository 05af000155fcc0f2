/**
 * The records decisions moved out of the account (domain/archive.ts), kept in memory the way the
 * store keeps them as items: domain tests and benches deliver events through it, so an event that
 * names an archived record gets it back first, exactly as `DynamoAccountStore.load` does.
 */
import { missingRecords, noRecords, restoreRecords, type Account, type ArchivedInvoice, type ArchivedPayment, type Decision, type EndedSubscription, type IncomingEvent, type Invoice } from '../../domain/index.js';

export class MemoryArchive {
  readonly invoices = new Map<string, ArchivedInvoice>();
  readonly payments = new Map<string, ArchivedPayment>();
  readonly subscriptions = new Map<string, EndedSubscription>();

  /** `state` with every archived record `event` needs put back. */
  restoreFor(state: Account | null, event: IncomingEvent): Account | null {
    for (let round = 0; state && round < 3; round++) {
      const ids = missingRecords(state, event);
      if (noRecords(ids)) break;
      const pick = <T>(m: Map<string, T>, keys: readonly string[]) => keys.flatMap((k) => (m.has(k) ? [m.get(k)!] : []));
      state = restoreRecords(state, { invoices: pick(this.invoices, ids.invoices), payments: pick(this.payments, ids.payments), subscriptions: pick(this.subscriptions, ids.subscriptions) });
    }
    return state;
  }

  copy(): MemoryArchive {
    const c = new MemoryArchive();
    for (const [k, v] of this.invoices) c.invoices.set(k, v);
    for (const [k, v] of this.payments) c.payments.set(k, v);
    for (const [k, v] of this.subscriptions) c.subscriptions.set(k, v);
    return c;
  }

  keep(decision: Decision): void {
    for (const i of decision.archived.invoices) this.invoices.set(i.id, i);
    for (const p of decision.archived.payments) this.payments.set(p.id, p);
    for (const s of decision.archived.subscriptions) this.subscriptions.set(s.id, s);
  }

  /** Every invoice, working or archived (the working copy wins), by id. */
  allInvoices(state: Account | null): Invoice[] {
    const all = new Map<string, Invoice>();
    for (const { paidBy: _p, ...inv } of this.invoices.values()) all.set(inv.id, inv);
    for (const inv of Object.values(state?.invoices ?? {})) all.set(inv.id, inv);
    return [...all.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
