/**
 * In-memory fakes of every port (app/ports.ts), with the semantics the DynamoDB and SQS adapters
 * give: a version-guarded save with a processed-event marker, SUB#/PAY# references written with
 * the account, at-least-once queues. `FakeWorld` wires them into a Deps and runs the consumers'
 * use case over the queued messages, so app/ is unit-tested in milliseconds, no stack needed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { presetCatalog, QUEUE_OF, type Account, type IncomingEvent, type TermsCatalog } from '../../domain/index.js';
import { InfraError } from '../../adapters/errors.js';
import { processEvent, type ProcessResult } from '../process-event.js';
import { reasonOf } from '../queue-consumer.js';
import { sweep } from '../sweep.js';
import type {
  AccessPublisher, AccountStore, Claim, Clock, ConsumedQueue, DeadLetters, Deps, Directory, DueIndex, EventOutcome, EventOutcomes, EventQueues, FailureReason, Mailer, Outbox,
  ParentRef, ParkedEvent, Parking, ProcessedMarker, ResellerRecord, SaveInput, StoredAccount, WebhookEndpoint, WebhookReplays, WebhookStore, WebhookTransport,
} from '../ports.js';

export class FakeClock implements Clock {
  constructor(public instant: string) {}
  now(): string {
    return this.instant;
  }
}

interface StoredMarker extends ProcessedMarker {
  readonly outcome: string;
}

export class FakeAccountStore implements AccountStore {
  readonly accounts = new Map<string, { state: Account; version: number; dueAt: string | null }>();
  readonly markers = new Map<string, StoredMarker>();
  readonly subscriptions = new Map<string, string>();
  readonly payments = new Map<string, string>();
  saves = 0;
  conflicts = 0;
  /** Called before each save commits: a test can fail it (`store.conflict`, `store.throttled`, …) or change the world. */
  beforeSave: ((input: SaveInput) => void) | null = null;
  /** Where a save records the event's outcome, as the DynamoDB store does in its transaction. */
  outcomes: EventOutcomes | null = null;

  /** The number series' counters (R-INV-01), as the table's `SERIES#` items. */
  readonly series = new Map<string, number>();

  knownSeriesLast(seriesId: string): number | undefined {
    return this.series.get(seriesId) ?? 0;
  }

  async readSeriesLast(seriesId: string): Promise<number> {
    return this.series.get(seriesId) ?? 0;
  }

  async load(customerId: string): Promise<StoredAccount | null> {
    const a = this.accounts.get(customerId);
    return a ? { state: structuredClone(a.state), version: a.version } : null;
  }

  async customerIdOf(event: IncomingEvent): Promise<string | null> {
    const d = event.data as Record<string, unknown>;
    if (typeof d['customerId'] === 'string') return d['customerId'];
    if (typeof d['subscriptionId'] === 'string') return this.subscriptions.get(d['subscriptionId']) ?? null;
    if (typeof d['paymentId'] === 'string') return this.payments.get(d['paymentId']) ?? null;
    if (typeof d['invoiceId'] === 'string') return /^(.+)-\d{4,}$/.exec(d['invoiceId'])?.[1] ?? null;
    return null;
  }

  async isProcessed(customerId: string, eventId: string): Promise<ProcessedMarker | null> {
    return this.markers.get(`${customerId}/${eventId}`) ?? null;
  }

  async save(input: SaveInput): Promise<void> {
    this.saves++;
    this.beforeSave?.(input);
    const markerKey = `${input.customerId}/${input.event.id}`;
    const current = this.accounts.get(input.customerId);
    if (input.decision.state && (current?.version ?? null) !== input.expectedVersion) {
      this.conflicts++;
      throw new InfraError('store.conflict', `account ${input.customerId} changed since version ${input.expectedVersion ?? 'none'}`);
    }
    if (this.markers.has(markerKey)) throw new InfraError('store.duplicate', `event ${input.event.id} was processed concurrently`);
    const numbering = input.decision.numbering;
    if (numbering && (this.series.get(numbering.series) ?? 0) !== numbering.last) {
      this.conflicts++;
      throw new InfraError('store.conflict', `number series ${numbering.series} moved past ${numbering.last}`);
    }
    if (numbering) this.series.set(numbering.series, numbering.next - 1);
    const state = input.decision.state;
    if (state) {
      this.accounts.set(input.customerId, { state: structuredClone(state), version: (input.expectedVersion ?? 0) + 1, dueAt: input.decision.dueAt });
      for (const id of Object.keys(state.subscriptions)) this.subscriptions.set(id, input.customerId);
      for (const id of Object.keys(state.payments)) this.payments.set(id, input.customerId);
    }
    this.markers.set(markerKey, {
      effectKeys: [...input.decision.effects, ...(input.webhooks ?? [])].map((e) => e.key), outcome: input.decision.outcome, ...(input.eventHash !== undefined && { eventHash: input.eventHash }),
    });
    const owner = state ?? input.previous ?? null;
    const subscriptionId = (input.event.data as { subscriptionId?: unknown }).subscriptionId;
    await this.outcomes?.record({
      eventId: input.event.id, eventType: input.event.type, status: input.decision.outcome, at: input.now, customerId: input.customerId,
      subscriptionId: typeof subscriptionId === 'string' ? subscriptionId : null, resellerId: owner?.customer.resellerId ?? null,
      rule: input.decision.refusal?.rule ?? null, reason: input.decision.refusal?.reason ?? null, code: null, deadLettered: false, deadline: null,
    });
  }
}

export interface Message {
  readonly queue: ConsumedQueue;
  readonly messageId: string;
  readonly body: IncomingEvent | { key: string };
}

export class FakeQueues implements EventQueues {
  readonly messages: Message[] = [];
  private seq = 0;

  async send(event: IncomingEvent): Promise<void> {
    this.push(QUEUE_OF[event.type], event);
  }

  async sendMany(events: readonly IncomingEvent[]): Promise<void> {
    for (const e of events) this.push(QUEUE_OF[e.type], e);
  }

  async sendOutbox(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.push('outbox', { key });
  }

  push(queue: ConsumedQueue, body: Message['body']): void {
    this.messages.push({ queue, messageId: `m-${++this.seq}`, body });
  }

  take(queue?: ConsumedQueue): Message[] {
    const taken = this.messages.filter((m) => queue === undefined || m.queue === queue);
    for (const m of taken) this.messages.splice(this.messages.indexOf(m), 1);
    return taken;
  }
}

export class FakeParking implements Parking {
  readonly items = new Map<string, ParkedEvent & { expired: boolean }>();
  private key = (ref: string, eventId: string) => `${ref}|${eventId}`;

  async park(p: ParkedEvent): Promise<ParkedEvent & { expired: boolean }> {
    const k = this.key(p.ref, p.event.id);
    const existing = this.items.get(k);
    if (existing) return existing;
    const stored = { ...p, expired: false };
    this.items.set(k, stored);
    return stored;
  }

  async waitingFor(ref: ParentRef): Promise<ParkedEvent[]> {
    return [...this.items.values()].filter((p) => p.ref === ref && !p.expired);
  }

  async overdue(now: string): Promise<ParkedEvent[]> {
    return [...this.items.values()].filter((p) => !p.expired && p.deadline <= now).sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  }

  async expire(p: ParkedEvent): Promise<void> {
    const k = this.key(p.ref, p.event.id);
    const item = this.items.get(k);
    if (item) this.items.set(k, { ...item, expired: true });
  }

  async remove(p: Pick<ParkedEvent, 'ref' | 'event' | 'deadline'>): Promise<void> {
    this.items.delete(this.key(p.ref, p.event.id));
  }
}

export class FakeDeadLetters implements DeadLetters {
  readonly records: Array<{ queue: ConsumedQueue; messageId: string; reason: FailureReason; deadLettered: boolean }> = [];
  readonly dlq: Array<{ queue: ConsumedQueue; messageId: string; body: string; reason: FailureReason }> = [];

  async record(input: Parameters<DeadLetters['record']>[0]): Promise<void> {
    this.records.push({ queue: input.queue, messageId: input.messageId, reason: input.reason, deadLettered: input.deadLettered });
  }

  async deadLetter(input: Parameters<DeadLetters['deadLetter']>[0]): Promise<void> {
    this.dlq.push(input);
  }
}

export class FakeOutbox implements Outbox {
  async claim(): Promise<Claim> {
    return { kind: 'missing' };
  }
  async markSent(): Promise<boolean> {
    return true;
  }
  async markFailed(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async stale(): Promise<string[]> {
    return [];
  }
}

export class FakeDirectory implements Directory {
  readonly resellers = new Map<string, { name: string; email: string; customerId: string | null; whiteLabel: boolean }>();
  constructor(private readonly store: FakeAccountStore) {}

  async putReseller(r: { resellerId: string; name: string; email: string; customerId: string | null; whiteLabel?: boolean }): Promise<void> {
    this.resellers.set(r.resellerId, { name: r.name, email: r.email, customerId: r.customerId, whiteLabel: r.whiteLabel ?? false });
  }

  async reseller(resellerId: string): Promise<ResellerRecord | null> {
    const r = this.resellers.get(resellerId);
    return r ? { resellerId, ...r } : null;
  }

  async *customersOfReseller(resellerId: string): AsyncIterable<string[]> {
    yield [...this.store.accounts.values()].filter((a) => a.state.customer.resellerId === resellerId).map((a) => a.state.customer.id);
  }

  async customersOnTerms(termsId: string): Promise<string[]> {
    return [...this.store.accounts.values()]
      .filter((a) => Object.values(a.state.subscriptions).some((s) => s.termsId === termsId && s.status !== 'ended'))
      .map((a) => a.state.customer.id)
      .sort();
  }
}

export class FakeDueIndex implements DueIndex {
  constructor(private readonly store: FakeAccountStore) {}
  async dueUpTo(now: string) {
    const due = [...this.store.accounts.entries()].filter(([, a]) => a.dueAt !== null && a.dueAt <= now).map(([customerId, a]) => ({ customerId, dueAt: a.dueAt! }));
    return { due, itemsRead: due.length, readCapacityUnits: 0 };
  }
}

/** Endpoints in memory (what a decision's deliveries go to); the delivery log lives in the DynamoDB adapter only. */
export class FakeWebhookStore implements WebhookStore {
  readonly endpoints = new Map<string, WebhookEndpoint>();
  async createEndpoint(e: WebhookEndpoint): Promise<void> {
    this.endpoints.set(e.id, e);
  }
  async endpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.get(id) ?? null;
  }
  async endpointsOf(resellerId: string) {
    return { items: [...this.endpoints.values()].filter((e) => e.resellerId === resellerId), next: null };
  }
  async enabledEndpointsOf(resellerId: string): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()].filter((e) => e.resellerId === resellerId && e.status === 'enabled');
  }
  async deleteEndpoint(id: string): Promise<void> {
    this.endpoints.delete(id);
  }
  async rotateSecret(): Promise<WebhookEndpoint | null> {
    return null;
  }
  async enable(): Promise<WebhookEndpoint | null> {
    return null;
  }
  async noteOutcome() {
    return { disabled: false };
  }
  async deliveriesOf() {
    return { items: [], next: null };
  }
  async delivery() {
    return null;
  }
  async recordAttempt(): Promise<boolean> {
    return true;
  }
  async replay(): Promise<'missing'> {
    return 'missing';
  }
}

const noWebhookTransport: WebhookTransport = { post: async () => ({ statusCode: 204, durationMs: 0, error: null }) };
const noMail: Mailer = { send: async () => ({ messageId: 'fake' }) };
const noAccess: AccessPublisher = { publish: async () => undefined };
const replays = (): WebhookReplays => {
  const seen = new Set<string>();
  return { remember: async (id) => (seen.has(id) ? false : (seen.add(id), true)), forget: async (id) => void seen.delete(id) };
};

export interface FakeWorldOptions {
  readonly start: string;
  readonly catalog?: TermsCatalog;
  readonly parkingHorizonMs?: number;
}

/** Outcomes by event id and customer, with the adapter's rule: accepted, parked and failed never replace a decided one. */
export class FakeEventOutcomes implements EventOutcomes {
  readonly items = new Map<string, EventOutcome>();
  private seq = 0;

  async record(o: EventOutcome): Promise<void> {
    const key = `${o.eventId}/${o.customerId ?? '-'}`;
    const before = this.items.get(key);
    const open = (s: string) => s === 'accepted' || s === 'parked' || s === 'failed';
    if (before && open(o.status) && !open(before.status)) return;
    this.items.set(key, { ...o, recordedAt: String(++this.seq).padStart(8, '0'), duplicates: before?.duplicates ?? 0 });
  }

  async duplicate(eventId: string, customerId: string): Promise<void> {
    const before = this.items.get(`${eventId}/${customerId}`);
    if (before) this.items.set(`${eventId}/${customerId}`, { ...before, duplicates: (before.duplicates ?? 0) + 1 });
  }

  async of(eventId: string): Promise<EventOutcome[]> {
    return [...this.items.values()].filter((o) => o.eventId === eventId).sort((a, b) => ((a.recordedAt ?? '') < (b.recordedAt ?? '') ? -1 : 1));
  }
}

/** Every port in memory, and a loop that delivers queued events the way the consumers do. */
export class FakeWorld {
  readonly clock: FakeClock;
  readonly store = new FakeAccountStore();
  readonly queues = new FakeQueues();
  readonly parking = new FakeParking();
  readonly outcomes = new FakeEventOutcomes();
  readonly deadLetters = new FakeDeadLetters();
  readonly directory = new FakeDirectory(this.store);
  readonly webhooks = new FakeWebhookStore();
  readonly deps: Deps;
  readonly results: ProcessResult[] = [];
  /** Ids of the events decided (applied, ignored or refused), in the order they were. */
  readonly decided: string[] = [];

  constructor(options: FakeWorldOptions) {
    this.clock = new FakeClock(options.start);
    this.store.outcomes = this.outcomes;
    this.deps = {
      clock: this.clock,
      catalog: options.catalog ?? presetCatalog,
      store: this.store,
      queues: this.queues,
      mailer: noMail,
      access: noAccess,
      directory: this.directory,
      outbox: new FakeOutbox(),
      deadLetters: this.deadLetters,
      dueIndex: new FakeDueIndex(this.store),
      parking: this.parking,
      outcomes: this.outcomes,
      webhookReplays: replays(),
      webhooks: this.webhooks,
      webhookTransport: noWebhookTransport,
      logger: new Logger({ serviceName: 'fake', logLevel: 'SILENT' }),
      ...(options.parkingHorizonMs !== undefined && { parkingHorizonMs: options.parkingHorizonMs }),
    };
  }

  /** Puts events on their queues (as a sender would). */
  send(...events: IncomingEvent[]): void {
    for (const e of events) this.queues.push(QUEUE_OF[e.type], e);
  }

  /**
   * Delivers one message as a consumer would: permanent failures go to the fake DLQ with their
   * reason, transient ones are put back (answers false). Outbox messages are dropped (no executor here).
   */
  async deliver(message: Message): Promise<boolean> {
    if (message.queue === 'outbox') return true;
    try {
      const event = message.body as IncomingEvent;
      const result = await processEvent(this.deps, event, { queue: message.queue, messageId: message.messageId });
      this.results.push(result);
      if (result.kind === 'applied' || result.kind === 'ignored' || result.kind === 'refused') this.decided.push(event.id);
      return true;
    } catch (error) {
      const reason = reasonOf(error);
      if (reason.permanent) {
        await this.deadLetters.record({ queue: message.queue, messageId: message.messageId, body: JSON.stringify(message.body), receiveCount: 1, reason, deadLettered: true });
        await this.deadLetters.deadLetter({ queue: message.queue, messageId: message.messageId, body: JSON.stringify(message.body), reason });
        return true;
      }
      await this.deadLetters.record({ queue: message.queue, messageId: message.messageId, body: JSON.stringify(message.body), receiveCount: 1, reason, deadLettered: false });
      this.queues.messages.push(message);
      return false;
    }
  }

  /** Delivers until the event queues are empty (in the order `pick` chooses; default first in, first out). */
  async drain(pick: (n: number) => number = () => 0, maxDeliveries = 10_000): Promise<number> {
    let delivered = 0;
    for (;;) {
      const pending = this.queues.messages.filter((m) => m.queue !== 'outbox');
      this.queues.take('outbox');
      if (pending.length === 0) return delivered;
      if (++delivered > maxDeliveries) throw new Error(`still ${pending.length} messages after ${maxDeliveries} deliveries`);
      const message = pending[pick(pending.length) % pending.length]!;
      this.queues.messages.splice(this.queues.messages.indexOf(message), 1);
      await this.deliver(message);
    }
  }

  /** Moves the clock and runs the sweep (due ticks, overdue parked events), then drains. */
  async advanceTo(instant: string): Promise<void> {
    this.clock.instant = instant;
    await sweep(this.deps);
    await this.drain();
  }

  account(customerId: string): Account | null {
    return this.store.accounts.get(customerId)?.state ?? null;
  }
}

