/**
 * The ports: what the use cases of app/ and the API need from the world, as small interfaces
 * (STYLE 9: dependencies are parameters). Adapters (adapters/) implement them; the composition
 * roots (functions/aws-deps.ts in AWS, functions/local-deps.ts for `npm start` and the tests,
 * app/testing/fakes.ts in memory) build them once. Nothing here names an SDK client, a table or
 * a queue URL.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Account, Decision, Effect, IncomingEvent, ProviderDetails, TermsCatalog, WebhookEventType } from '../domain/index.js';
import type { ErrorClass, ErrorCode } from '../domain/errors.js';

/** The time, injected (R-TIME-04): the system clock in AWS, a settable clock locally. */
export interface Clock {
  now(): string;
}

/** What the decisions need to know of the provider besides the terms (issue 8). */
export interface InvoicingConfig {
  readonly seller: ProviderDetails | null;
  /** The series key and what its numbers start with, e.g. `{ id: 'LT', prefix: 'LT-' }`. */
  readonly series: { readonly id: string; readonly prefix: string };
}

export interface StoredAccount {
  readonly state: Account;
  readonly version: number;
}

/** What an earlier, committed delivery of an event left: its effects and a digest of its body. */
export interface ProcessedMarker {
  readonly effectKeys: string[];
  /** sha256 of the event as it was applied; absent on markers written before it was recorded. */
  readonly eventHash?: string;
}

/** The table of record (docs/dynamodb.md). */
export interface AccountStore {
  /**
   * The account's working state; with `event`, the archived records the event names (a storno's
   * payment and what it paid, a disputed invoice, an ended subscription) are put back first.
   */
  load(customerId: string, event?: IncomingEvent): Promise<StoredAccount | null>;
  /** Which account an event belongs to, or null when its reference is unknown (yet). */
  customerIdOf(event: IncomingEvent): Promise<string | null>;
  isProcessed(customerId: string, eventId: string): Promise<ProcessedMarker | null>;
  /**
   * One TransactWriteItems: state (version-guarded), marker, index items, audit, outbox, and with
   * `decision.numbering` the number series' counter, conditioned on its last number (R-INV-01):
   * a writer that took the same numbers first makes this save fail as `store.conflict`.
   */
  save(input: SaveInput): Promise<void>;
  /**
   * The last number issued in a series as this store last saw it (no I/O), or undefined when it has
   * not read it or a save found it stale. Decisions that take no number never need more.
   */
  knownSeriesLast(seriesId: string): number | undefined;
  /** Reads the series' counter (strongly consistent) and remembers it. */
  readSeriesLast(seriesId: string): Promise<number>;
}

export interface SaveInput {
  customerId: string;
  expectedVersion: number | null;
  event: IncomingEvent;
  decision: Decision;
  now: string;
  /** The state the decision started from: only index items that changed are written. */
  previous?: Account | null;
  /** sha256 of the event, kept in the marker so a reused id with another body is recognised. */
  eventHash?: string;
  /** Webhook deliveries the decision causes (app/webhooks.ts): outbox items in the same transaction. */
  webhooks?: readonly WebhookEffect[];
}

/** Sends events onto the three event queues (by the type → queue table of docs/events.md) and outbox keys onto `outbox`. */
export interface EventQueues {
  send(event: IncomingEvent): Promise<void>;
  sendMany(events: readonly IncomingEvent[]): Promise<void>;
  /** With `delaySeconds` (at most 900, SQS's limit) the messages become visible only then (a webhook retry). */
  sendOutbox(keys: readonly string[], options?: { delaySeconds?: number }): Promise<void>;
}

/** A file an e-mail carries: an invoice's PDF. */
export interface MailAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** One e-mail: plain text and HTML parts; the sender's display name and a reply-to address when they are not the defaults; attachments. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly fromName?: string;
  readonly replyTo?: string;
  readonly attachments?: readonly MailAttachment[];
  readonly key: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** Publishes access.revoked / access.restored / data.delete / data.export for provisioning systems. */
export interface AccessPublisher {
  publish(change: { type: 'access.revoked' | 'access.restored' | 'data.delete' | 'data.export'; key: string; customerId: string; effect: Effect; at: string }): Promise<void>;
}

/** Where the handlers get an up-to-date catalog (presets + stored provider profiles) before they decide. */
export interface TermsCatalogProvider {
  /** The catalog, reloaded first when it is older than its maximum age. */
  current(): Promise<TermsCatalog>;
  /** Reload now (a profile the catalog did not know may have been added since). */
  refresh(): Promise<TermsCatalog>;
}

/** Resellers and the lists fan-out needs. */
/** A reseller as the mailer needs it: white-label resellers sign their customers' e-mails themselves. */
export interface ResellerRecord {
  readonly resellerId: string;
  readonly name: string;
  readonly email: string;
  /** The reseller's own billing account, if any: its mail comes from the provider, never white-label. */
  readonly customerId: string | null;
  readonly whiteLabel: boolean;
}

export interface Directory {
  /** The RESELLER item; keeps the first `createdAt`. */
  putReseller(r: { resellerId: string; name: string; email: string; customerId: string | null; whiteLabel?: boolean; at: string }): Promise<void>;
  /** One reseller, or null when unknown. */
  reseller(resellerId: string): Promise<ResellerRecord | null>;
  /** Customer ids of a reseller, page by page. */
  customersOfReseller(resellerId: string): AsyncIterable<string[]>;
  /** Distinct customer ids with a subscription (not ended) on a terms profile. */
  customersOnTerms(termsId: string): Promise<string[]>;
}

/**
 * One message to one reseller endpoint (docs/webhooks.md): written to the outbox with the decision
 * that caused it, sent and retried by the outbox function. `body` is the exact JSON signed and sent,
 * so a retry or a replay sends the same bytes under the same `webhook-id` (`messageId`).
 */
export interface WebhookEffect {
  readonly kind: 'webhook';
  /** The outbox key: `webhook:<endpointId>:<messageId>`. */
  readonly key: string;
  readonly endpointId: string;
  readonly resellerId: string;
  /** The Standard Webhooks `webhook-id`, the same for every endpoint that receives this event. */
  readonly messageId: string;
  readonly eventType: WebhookEventType;
  readonly body: string;
}

/** What an outbox item carries out: an effect of the domain, or a webhook delivery. */
export type OutboxEffect = Effect | WebhookEffect;

export interface OutboxItem {
  readonly key: string;
  readonly kind: string;
  readonly effect: OutboxEffect;
  readonly customerId: string;
  readonly eventId: string;
  readonly at: string;
  readonly status: 'pending' | 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly leaseUntil?: number | undefined;
  /** Webhook deliveries: not to be sent before this wall-clock instant (the next attempt of the schedule). */
  readonly retryAt?: string | undefined;
  /** Webhook deliveries: attempts made in the current round (the schedule restarts on a replay). */
  readonly retryStep?: number | undefined;
  /** Webhook deliveries: the next attempt is a replay asked for through the API. */
  readonly replayPending?: boolean | undefined;
}

export type Claim =
  | { readonly kind: 'claimed'; readonly item: OutboxItem; readonly token: string }
  | { readonly kind: 'done'; readonly status: 'sent' | 'failed' }
  | { readonly kind: 'leased'; readonly until: number }
  | { readonly kind: 'missing' };

/** Outbox items: claimed with a lease, marked sent after the effect ran (docs/dynamodb.md "Outbox"). */
export interface Outbox {
  claim(key: string, leaseMs: number): Promise<Claim>;
  /** False when the lease was lost meanwhile. */
  markSent(key: string, token: string, result: Record<string, unknown>): Promise<boolean>;
  /** A failure that no retry can cure: recorded, never retried. */
  markFailed(key: string, token: string, error: string): Promise<boolean>;
  /** Gives the lease back after a failed attempt. */
  release(key: string, token: string, error: string): Promise<void>;
  /** Keys of items not sent whose hand-off is older than `olderThan`. */
  stale(olderThan: Date, limit?: number): Promise<string[]>;
}

/** One readable error: a zod issue (path + message) or a coded failure. */
export interface FailureDetail {
  readonly path?: string;
  readonly code?: string;
  readonly message: string;
}

/** Why a message failed, as the dead-letter record and the DLQ message's attributes carry it. */
export interface FailureReason {
  readonly code: ErrorCode;
  readonly message: string;
  readonly errors: readonly FailureDetail[];
  /** What is done about it (domain/errors.ts). */
  readonly class: ErrorClass;
  /** No retry can cure it: sent to the DLQ at once. */
  readonly permanent: boolean;
}

/** The consumers' queue names, as infra/definitions.ts spells them. */
export type ConsumedQueue = 'subscription-events' | 'payment-events' | 'cancellation-events' | 'outbox';

/** Where failures go where an operator (and the sender) can read them. */
export interface DeadLetters {
  /** Records one failure of a message (the history keeps every attempt). */
  record(input: { queue: ConsumedQueue; messageId: string; body: string; receiveCount: number | null; reason: FailureReason; deadLettered: boolean }): Promise<void>;
  /** Puts a message that can never succeed into the queue's DLQ, the reason in its attributes. */
  deadLetter(input: { queue: ConsumedQueue; messageId: string; body: string; reason: FailureReason }): Promise<void>;
}

/** What the due index holds up to an instant (docs/dynamodb.md "due"). */
export interface DueIndex {
  dueUpTo(now: string): Promise<{ due: Array<{ customerId: string; dueAt: string }>; itemsRead: number; readCapacityUnits: number }>;
}

/** What an event that waits for its parent refers to: `customer:c-1`, `subscription:s-9`, … */
export type ParentRef = `${'customer' | 'subscription' | 'payment' | 'invoice'}:${string}`;

export interface ParkedEvent {
  readonly ref: ParentRef;
  readonly event: IncomingEvent;
  /** The code and message it waits with (`subscription.unknown: …`). */
  readonly reason: { readonly code: ErrorCode; readonly message: string };
  readonly parkedAt: string;
  /** After this instant it is dead-lettered with its reason (the horizon, default 7 days). */
  readonly deadline: string;
  /** The queue it arrived on and its message id there, for the dead-letter record. */
  readonly queue: ConsumedQueue;
  readonly messageId: string;
}

/**
 * Events that arrived before what they refer to, kept durably until their parent is decided
 * (then re-driven onto their queue) or their deadline passes (then dead-lettered with the reason).
 */
export interface Parking {
  /** Parks the event for `ref` unless it is parked there already; answers what is stored (the first park wins). */
  park(parked: ParkedEvent): Promise<ParkedEvent & { readonly expired: boolean }>;
  /** Everything still waiting for `ref`. */
  waitingFor(ref: ParentRef): Promise<ParkedEvent[]>;
  /** Those whose deadline is at or before `now`, oldest first. */
  overdue(now: string, limit?: number): Promise<ParkedEvent[]>;
  /** Marks it past its deadline (the next delivery dead-letters it) and takes it off the overdue list. */
  expire(parked: ParkedEvent): Promise<void>;
  /** Gone for good: its parent came, or it was dead-lettered. */
  remove(parked: Pick<ParkedEvent, 'ref' | 'event' | 'deadline'>): Promise<void>;
}

/** Standard Webhooks ids seen in the replay window. */
export interface WebhookReplays {
  /** True the first time `webhookId` is seen; false for a replay. */
  remember(webhookId: string, entry: { eventId: string; type: string; receivedAt: string }): Promise<boolean>;
  /** Forgets a delivery that could not be queued, so the provider's retry is accepted. */
  forget(webhookId: string): Promise<void>;
}

/**
 * What became of an event (issue 10 item 2): `accepted` (queued by the partner API, not decided
 * yet), `parked` (waiting for its customer, subscription, payment or invoice), `applied`,
 * `ignored` (nothing to do: a duplicate payment, a repeated request), `refused` (a rule said no:
 * `rule`, `reason`), `failed` (`code`, `reason`; `deadLettered` once it is in the DLQ).
 */
export type OutcomeStatus = 'accepted' | 'parked' | 'applied' | 'ignored' | 'refused' | 'failed';

export interface EventOutcome {
  readonly eventId: string;
  readonly eventType: string | null;
  readonly status: OutcomeStatus;
  /** When it was decided, parked or failed (the business clock; wall time for failures). */
  readonly at: string;
  /** Wall time of the record; absent on the way in. */
  readonly recordedAt?: string;
  readonly customerId: string | null;
  readonly subscriptionId: string | null;
  /** Whose event it is: only that reseller's API keys see it. */
  readonly resellerId: string | null;
  readonly rule: string | null;
  readonly reason: string | null;
  /** The failure's code (domain/errors.ts). */
  readonly code: string | null;
  readonly deadLettered: boolean;
  /** A parked event's deadline. */
  readonly deadline: string | null;
  /** Deliveries of the same id after it was decided (each had no effect). */
  readonly duplicates?: number;
}

/** The outcomes of events by id; the decided ones are written by `AccountStore.save` in the decision's transaction. */
export interface EventOutcomes {
  /** Records an outcome; an accepted, parked or failed one never replaces a decided one. */
  record(outcome: EventOutcome): Promise<void>;
  /** Counts a delivery of an event already decided. */
  duplicate(eventId: string, customerId: string): Promise<void>;
  /** Every outcome recorded under this id (one per account it reached), oldest record first. */
  of(eventId: string): Promise<EventOutcome[]>;
}

/** A reseller's webhook endpoint (docs/webhooks.md). `secret` signs; no answer of the API contains it after creation. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly resellerId: string;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly description: string | null;
  readonly status: 'enabled' | 'disabled';
  /** `whsec_` + base64: the current signing secret. */
  readonly secret: string;
  /** After a rotation, the previous secret also signs until `previousSecretUntil` (two signatures in the header). */
  readonly previousSecret: string | null;
  readonly previousSecretUntil: string | null;
  readonly createdAt: string;
  /** Wall time of the first failed attempt since the last success; null while deliveries succeed. */
  readonly failingSince: string | null;
  readonly disabledAt: string | null;
  readonly disabledReason: string | null;
}

/** One attempt to deliver a webhook, as the delivery log shows it. */
export interface WebhookAttempt {
  readonly at: string;
  /** The receiver's HTTP status; null when there was no answer (timeout, connection refused, DNS). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly trigger: 'scheduled' | 'replay';
}

export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed';

/** A delivery of one message to one endpoint, with every attempt. */
export interface WebhookDelivery {
  readonly id: string;
  readonly key: string;
  readonly endpointId: string;
  readonly eventType: string;
  readonly createdAt: string;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
  /** The last attempts, oldest first: at most the policy's `keepAttempts` (older ones are dropped). */
  readonly attempts: readonly WebhookAttempt[];
  /** Every attempt ever made, the dropped ones included. */
  readonly attemptCount: number;
  readonly body: string;
}

/** What became of an attempt: done, or try again at `retryAt`, or given up. */
export type AttemptOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'retry'; readonly retryAt: string; readonly step: number }
  | { readonly status: 'failed'; readonly error: string };

/** Endpoints and the delivery log (adapters/webhook-store.ts). */
export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  endpoint(id: string): Promise<WebhookEndpoint | null>;
  /** A reseller's endpoints, in id order. */
  endpointsOf(resellerId: string, limit: number, start: Record<string, unknown> | null): Promise<{ items: WebhookEndpoint[]; next: Record<string, unknown> | null }>;
  /** The reseller's enabled endpoints (what a decision's deliveries go to); may be cached briefly. */
  enabledEndpointsOf(resellerId: string): Promise<WebhookEndpoint[]>;
  deleteEndpoint(id: string): Promise<void>;
  /** A new current secret; the old one keeps signing until `previousUntil`. */
  rotateSecret(id: string, secret: string, previousUntil: string): Promise<WebhookEndpoint | null>;
  enable(id: string): Promise<WebhookEndpoint | null>;
  /** Tracks failing endpoints: a success clears `failingSince`; a failure after `disableAfterMs` of failures disables it. Answers whether it is now disabled. */
  noteOutcome(id: string, ok: boolean, at: string, disableAfterMs: number): Promise<{ disabled: boolean }>;
  /** An endpoint's deliveries, newest first. */
  deliveriesOf(endpointId: string, limit: number, start: Record<string, unknown> | null): Promise<{ items: WebhookDelivery[]; next: Record<string, unknown> | null }>;
  delivery(endpointId: string, deliveryId: string): Promise<WebhookDelivery | null>;
  /** Appends the attempt and moves the claimed item on (sent, retry later, failed); false when the lease was lost. */
  /** Appends the attempt to the delivery's log, keeping the last `keep`; false when the lease was lost. */
  recordAttempt(key: string, token: string, attempt: WebhookAttempt, outcome: AttemptOutcome, keep: number): Promise<boolean>;
  /** Puts a finished delivery back in the outbox for a new round of attempts; `in-flight` when it is not finished. */
  replay(key: string, at: string): Promise<'queued' | 'in-flight' | 'missing'>;
}

/** The HTTP POST of a webhook: never throws; a network failure or timeout is `statusCode: null` with the error. */
export interface WebhookTransport {
  post(url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number): Promise<{ statusCode: number | null; durationMs: number; error: string | null }>;
}

/** Retry schedule and limits of webhook deliveries (defaults in app/webhooks.ts). */
export interface WebhookPolicy {
  /** Delays before the 2nd, 3rd, … attempt, in ms, before jitter; its length + 1 is the number of attempts. */
  readonly retryDelaysMs: readonly number[];
  /** ±fraction of each delay drawn at random (0.2: 80–120 %). */
  readonly jitter: number;
  readonly timeoutMs: number;
  /** An endpoint whose deliveries all failed for this long is disabled. */
  readonly disableAfterMs: number;
  /** http:// URLs on localhost may be registered, and deliveries go to loopback addresses (the local stack only). */
  readonly allowLocalHttp: boolean;
  /** How many attempts a delivery's log keeps (the last ones); every round of a replay adds up to `retryDelaysMs.length + 1`. */
  readonly keepAttempts: number;
}

/** An answer of the partner API as an idempotency key keeps it: replayed as it was. */
export interface StoredResponse {
  readonly status: number;
  /** The JSON body as sent. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What an earlier request with the same key left, or the key for this one (docs/api.md "Idempotency"). */
export type IdempotencyBegin =
  /** This request runs: as `eventId` at `at` — new, or the same as a request whose lease ran out (so a retry repeats, not doubles). */
  | { readonly kind: 'started'; readonly token: string; readonly eventId: string; readonly at: string }
  | { readonly kind: 'done'; readonly requestHash: string; readonly response: StoredResponse }
  /** Another request with the key is running (its lease has not run out). */
  | { readonly kind: 'running'; readonly requestHash: string };

/**
 * Idempotency keys of the partner API's writes, as Stripe keeps them: per reseller, for 24 hours;
 * the first request claims the key with a conditional write, so two concurrent first requests
 * produce one event.
 */
export interface IdempotencyKeys {
  /** `eventId` and `at` are used only when the key is new. */
  begin(input: { resellerId: string; key: string; requestHash: string; eventId: string; at: string }): Promise<IdempotencyBegin>;
  /** What an earlier request left, read again (while another runs). */
  peek(resellerId: string, key: string): Promise<IdempotencyBegin | null>;
  /** Keeps the answer for replays. */
  complete(resellerId: string, key: string, token: string, response: StoredResponse): Promise<void>;
  /** Gives the key back: nothing was sent, so a retry may run afresh. */
  release(resellerId: string, key: string, token: string): Promise<void>;
}

/**
 * Ids a reseller has asked the API to create but the pipeline may not have decided yet: the
 * first claim of an id wins (a second create answers 409 at once), and the owner may refer to it
 * before its account exists (the pipeline parks the event until then).
 */
export interface IdClaims {
  /** True when the id is now the reseller's for this event (or was already, for the same event). */
  claim(kind: 'customer' | 'subscription', id: string, owner: { resellerId: string; customerId: string; eventId: string }): Promise<boolean>;
  /** The claim on an id, while it lasts. */
  claimOf(kind: 'customer' | 'subscription', id: string): Promise<{ resellerId: string; customerId: string; eventId: string } | null>;
}

/** What the use cases of app/ and the API receive. */
export interface Deps {
  readonly clock: Clock;
  /** The last loaded catalog, synchronously; `catalogProvider.current()` first where it must be fresh. */
  readonly catalog: TermsCatalog;
  /** Absent: `catalog` is fixed (the presets, or a test's own). */
  readonly catalogProvider?: TermsCatalogProvider;
  readonly store: AccountStore;
  readonly queues: EventQueues;
  readonly mailer: Mailer;
  readonly access: AccessPublisher;
  readonly directory: Directory;
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  readonly dueIndex: DueIndex;
  readonly parking: Parking;
  readonly outcomes: EventOutcomes;
  readonly webhookReplays: WebhookReplays;
  readonly webhooks: WebhookStore;
  readonly webhookTransport: WebhookTransport;
  /** Absent: the defaults (app/webhooks.ts DEFAULT_WEBHOOK_POLICY). */
  readonly webhookPolicy?: Partial<WebhookPolicy>;
  readonly logger: Logger;
  /**
   * The provider's details and its invoice number series (R-INV-01, R-INV-02), from configuration
   * (functions/config.ts); absent: series `LT-`, no provider details on the invoices.
   */
  readonly invoicing?: InvoicingConfig;
  /** The provider's name: the sender's display name and the signature of every e-mail (default `Looptijd`). */
  readonly providerName?: string;
  /** How long an outbox sender owns a claimed item before another may take it over (default 60 s). */
  readonly outboxLeaseMs?: number;
  /** How long an event waits for its parent before it is dead-lettered (default 7 days). */
  readonly parkingHorizonMs?: number;
  /** Wall time for infrastructure bookkeeping (leases, stale outbox items); not the business clock. */
  readonly wallClock?: () => Date;
}

export const DEFAULT_OUTBOX_LEASE_MS = 60_000;
export const DEFAULT_PARKING_HORIZON_MS = 7 * 24 * 60 * 60 * 1000;
