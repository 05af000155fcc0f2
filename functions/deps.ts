/**
 * What every handler receives (STYLE 9: dependencies are parameters). Built once at the
 * composition root: from the environment in AWS (`functions/config.ts`), from the local stack
 * in `npm start` and the tests.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Account, AuditEvent, Decision, Effect, IncomingEvent, TermsCatalog } from '../domain/index.js';
import type { DlqName, QueueName } from '../infra/definitions.js';

/** The time, injected (R-TIME-04): the system clock in AWS, a settable clock locally. */
export interface Clock {
  now(): string;
}

export interface StoredAccount {
  readonly state: Account;
  readonly version: number;
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
  isProcessed(customerId: string, eventId: string): Promise<{ effectKeys: string[] } | null>;
  /** One TransactWriteItems: state (version-guarded), marker, index items, audit, outbox. */
  save(input: { customerId: string; expectedVersion: number | null; event: IncomingEvent; decision: Decision; now: string; previous?: Account | null }): Promise<void>;
}

/** Sends events onto the three event queues (by CONTRACT.md's type → queue table) and outbox keys onto `outbox`. */
export interface EventQueues {
  send(event: IncomingEvent): Promise<void>;
  sendMany(events: readonly IncomingEvent[]): Promise<void>;
  sendOutbox(keys: readonly string[]): Promise<void>;
}

export interface Mailer {
  send(message: { to: string; subject: string; text: string; html?: string; key: string }): Promise<{ messageId: string }>;
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
  readonly logger: Logger;
  readonly tableName: string;
  readonly queueUrls: Readonly<Record<QueueName | DlqName, string>>;
  readonly clients: { readonly doc: DynamoDBDocumentClient; readonly sqs: SQSClient; readonly ses: SESv2Client };
  /** How long an outbox sender owns a claimed item before another may take it over (default 60 s). */
  readonly outboxLeaseMs?: number;
  /** Wall time for infrastructure bookkeeping (leases, stale outbox items); not the business clock. */
  readonly wallClock?: () => Date;
}

export type { AuditEvent };
