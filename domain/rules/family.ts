/**
 * What a rule family is made of (docs/domain.md, "Rule families"): the incoming events it handles,
 * the time triggers it raises and the domain events it emits. `decide.ts` merges the handlers,
 * `clock.ts` gathers the triggers; a family knows nothing of the others' wiring.
 */
import { localDateOf, toInstant, type Instant, type LocalDate } from '../calendar.js';
import { DomainError, type Ctx, type Draft } from '../context.js';
import type { DomainEventType } from '../domain-events.js';
import type { EventOf, EventType } from '../events.js';
import type { LiveSubscription, Refusal, Subscription } from '../types.js';

/** What an incoming event did; `paidAt` tells settle that a payment arrived (R-REACT-02's fee). */
export type Outcome = { outcome: 'applied' | 'ignored' | 'refused'; refusal: Refusal | null; paidAt?: Instant | null };
export const applied: Outcome = { outcome: 'applied', refusal: null };
export const ignored: Outcome = { outcome: 'ignored', refusal: null };
export const refused = (refusal: Refusal): Outcome => ({ outcome: 'refused', refusal });
export const appliedIf = (changed: boolean): Outcome => (changed ? applied : ignored);

/** Decides one incoming event of type K, at `ctx.at`; `occurred` is the event's own instant. */
export type Handler<K extends EventType> = (ctx: Ctx, event: EventOf<K>, occurred: Instant) => Outcome;
/** A family's handlers: some incoming event types, each to its handler. */
export type Handlers = { readonly [K in EventType]?: Handler<K> };
/** Every incoming event type to exactly one handler: the merged map `decide` dispatches on. */
export type AllHandlers = { readonly [K in EventType]: Handler<K> };

/**
 * The order of the time rules that fall on the same day: a contract ends before it would renew,
 * the notice deadline, price changes and plan changes come before the invoice that uses them, the invoice
 * before the dunning that may count it, and suspension, dissolution, deletion and erasure last.
 */
export const TRIGGER_ORDER = ['end', 'renew', 'noticeDeadline', 'price', 'change', 'invoice', 'dunning', 'suspend', 'dissolve', 'delete', 'erasure'] as const;
export type TriggerKind = (typeof TRIGGER_ORDER)[number];

/** A time rule due on a local day; `advance` runs it at 00:00 Amsterdam of that day. */
export interface Trigger<K extends TriggerKind = TriggerKind> {
  readonly on: LocalDate;
  readonly kind: K;
  readonly label: string;
  readonly run: (ctx: Ctx) => void;
}

/** The domain event types a family emits, checked by the compiler against `DomainEvent`. */
export type Emits = readonly DomainEventType[];

/** The subscription an event names; an unknown id is retried by the pipeline (the creating event may be on its way). */
export function subscription(ctx: Ctx, id: string): Draft<Subscription> {
  const sub = ctx.acc.subscriptions[id];
  if (!sub) throw new DomainError('subscription.unknown', `subscription ${id} is not known for customer ${ctx.acc.customer.id}`);
  return sub;
}

/** The subscription an event names when it is live, else null. */
export function live(ctx: Ctx, id: string): Draft<LiveSubscription> | null {
  const sub = subscription(ctx, id);
  return sub.status === 'live' ? sub : null;
}

/** An event's effective moment as a local day: a date as is, an instant as its Amsterdam day. */
export function effectiveOn(at: string): LocalDate {
  return at.length === 10 ? at : localDateOf(toInstant(at));
}

/** The triggers of a family that raises the kinds K. */
export type TriggersOf<K extends readonly TriggerKind[]> = Trigger<K[number]>[];
