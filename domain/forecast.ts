/**
 * What will happen if nothing else happens: the same `decide` run forward on due ticks, so a
 * forecast and the later reality cannot disagree.
 */
import { toInstant, type Instant } from './calendar.js';
import { decide } from './decide.js';
import type { TermsCatalog } from './terms.js';
import { NO_BILLING_INPUT } from './invoicing.js';
import type { Account, AuditEvent, BillingInput, Effect } from './types.js';

export interface Forecast {
  readonly events: readonly AuditEvent[];
  readonly effects: readonly Effect[];
  /** The account as it would be at `until`. */
  readonly state: Account;
}

export function forecast(state: Account, terms: TermsCatalog, now: Instant, until: Instant, billing: BillingInput = NO_BILLING_INPUT): Forecast {
  // Bring the account up to now first: what is already due is the present, not the forecast.
  const d = decide(state, tick(state, now), terms, now, billing);
  const present = d.state!;
  // Numbers taken by the present are taken; the forecast's documents follow them (R-INV-01).
  const series = d.numbering ? { ...billing.series, last: d.numbering.next - 1 } : billing.series;
  const future = decide(present, tick(present, now), terms, toInstant(until), { ...billing, series });
  return { events: future.events, effects: future.effects, state: future.state! };
}

/** A due tick for an account at an instant, as the sweep sends it. */
export function tick(state: Account, at: Instant) {
  return { id: `tick:${state.customer.id}:${at}`, type: 'subscription.due' as const, occurredAt: at, data: { customerId: state.customer.id } };
}
