/**
 * AccountStore over the one table (docs/dynamodb.md): one TransactWriteItems per event per
 * account — the account guarded by its version, the processed-event marker, the index items
 * that changed, audit items and outbox items.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, UpdateCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  apiStatus, missingRecords, noRecords, restoreRecords, subscriptionsConcerned,
  type Account, type ArchivedInvoice, type ArchivedPayment, type ArchivedRecords, type Decision, type EndedSubscription, type IncomingEvent, type RecordIds, type Subscription,
} from '../domain/index.js';
import type { AccountStore, OutboxEffect, ProcessedMarker, SaveInput, StoredAccount } from '../app/ports.js';
import { archivedInvoiceOf, decodeAccount, encodeAccount, storedState } from './account-codec.js';
import { InfraError, translate } from './errors.js';
import { outcomeItem } from './event-outcomes.js';
import { customerIdOfInvoice, dueKeys, invoiceIndexKeys, keys, OUTBOX_PENDING, paymentIndexKeys } from './keys.js';
import { webhookOutboxKeys } from './webhook-store.js';

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const MARKER_TTL_SECONDS = 30 * 24 * 60 * 60;
/** What may ride in the marker when a decision has more items than one transaction holds. */
const MAX_OVERFLOW_BYTES = 300_000;

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const accountItem = z.object({ version: z.number().int().nonnegative(), state: storedState, schemaVersion: z.number().int().optional() });
const markerItem = z.object({
  effectKeys: z.array(z.string()).default([]),
  overflow: z.string().optional(),
  eventHash: z.string().optional(),
});
const refItem = z.object({ customerId: z.string() });
const seriesItem = z.object({ last: z.number().int().nonnegative() });
const recordItem = z.object({ pk: z.string(), customerId: z.string(), record: z.string().optional() });

export type { SaveInput };

export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Wall time for outbox bookkeeping (lease, staleness), independent of the simulated clock. */
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  /** The last number of each series as this store last read or wrote it (R-INV-01); dropped when a save finds it stale. */
  private readonly seriesLast = new Map<string, number>();

  knownSeriesLast(seriesId: string): number | undefined {
    return this.seriesLast.get(seriesId);
  }

  async readSeriesLast(seriesId: string): Promise<number> {
    const item = await this.get(keys.series(seriesId));
    const parsed = seriesItem.safeParse(item ?? { last: 0 });
    if (!parsed.success) throw new InfraError('store.invalid', `number series ${seriesId} is malformed: ${parsed.error.message}`);
    this.seriesLast.set(seriesId, parsed.data.last);
    return parsed.data.last;
  }

  async load(customerId: string, event?: IncomingEvent): Promise<StoredAccount | null> {
    const item = await this.get(keys.account(customerId));
    if (!item) return null;
    const parsed = accountItem.safeParse(item);
    if (!parsed.success) throw new InfraError('store.invalid', `account ${customerId} is malformed: ${parsed.error.message}`);
    let state = decodeAccount(customerId, parsed.data);
    // Archived records the event names come back first (domain/archive.ts): a restored payment
    // names the invoices it paid, so look again until nothing more is missing.
    for (let round = 0; event && round < 3; round++) {
      const ids = missingRecords(state, event);
      if (noRecords(ids)) break;
      const records = await this.records(customerId, ids);
      if (noRecords(records)) break;
      state = restoreRecords(state, records);
    }
    return { state, version: parsed.data.version };
  }

  /** Archived records of this customer by id, in one BatchGetItem per 100 keys; unknown ids are skipped. */
  private async records(customerId: string, ids: RecordIds): Promise<ArchivedRecords> {
    const wanted = [
      ...ids.invoices.map((id) => keys.invoice(id)),
      ...ids.payments.map((id) => keys.payment(id)),
      ...ids.subscriptions.map((id) => keys.subscription(id)),
    ];
    const out: { invoices: ArchivedInvoice[]; payments: ArchivedPayment[]; subscriptions: EndedSubscription[] } = { invoices: [], payments: [], subscriptions: [] };
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new InfraError('store.unavailable', `archived records of ${customerId}: keys left unprocessed`);
        const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } })).catch((e: unknown) => {
          throw translate(e, 'store.unavailable', `archived records of ${customerId}`);
        });
        for (const raw of res.Responses?.[this.tableName] ?? []) {
          const item = recordItem.safeParse(raw);
          if (!item.success || item.data.customerId !== customerId || item.data.record === undefined) continue;
          if (item.data.pk.startsWith('INV#')) {
            out.invoices.push(archivedInvoiceOf(item.data.record));
            continue;
          }
          const record = JSON.parse(item.data.record) as unknown;
          if (item.data.pk.startsWith('PAY#')) out.payments.push(record as ArchivedPayment);
          else out.subscriptions.push(record as EndedSubscription);
        }
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  async customerIdOf(event: IncomingEvent): Promise<string | null> {
    const data = event.data as Record<string, unknown>;
    if (typeof data['customerId'] === 'string') return data['customerId'];
    if (typeof data['subscriptionId'] === 'string') return this.refOf(keys.subscription(data['subscriptionId']));
    if (typeof data['paymentId'] === 'string') return this.refOf(keys.payment(data['paymentId']));
    if (typeof data['invoiceId'] === 'string') return customerIdOfInvoice(data['invoiceId']);
    return null;
  }

  async isProcessed(customerId: string, eventId: string): Promise<ProcessedMarker | null> {
    const item = await this.get(keys.marker(customerId, eventId));
    if (!item) return null;
    const marker = markerItem.safeParse(item);
    if (!marker.success) throw new InfraError('store.invalid', `marker ${eventId} is malformed: ${marker.error.message}`);
    // A crash after the transaction but before the overflow was written: finish it now.
    if (marker.data.overflow !== undefined) await this.writeOverflow(customerId, eventId, marker.data.overflow);
    return { effectKeys: marker.data.effectKeys, ...(marker.data.eventHash !== undefined && { eventHash: marker.data.eventHash }) };
  }

  async save(input: SaveInput): Promise<void> {
    const { customerId, event, decision, now } = input;
    const account = accountPut(this.tableName, input);
    const effects: OutboxEffect[] = [...decision.effects, ...(input.webhooks ?? [])];
    const effectKeys = effects.map((e) => e.key);
    const marker: Item = {
      ...keys.marker(customerId, event.id),
      eventType: event.type,
      outcome: decision.outcome,
      ...(decision.refusal && { refusal: decision.refusal }),
      effectKeys,
      ...(input.eventHash !== undefined && { eventHash: input.eventHash }),
      at: now,
      expiresAt: Math.floor(this.wallNow().getTime() / 1000) + MARKER_TTL_SECONDS,
    };
    const required: TransactItem[] = [...(account ? [account] : [])];
    const markerIndex = required.length;
    required.push({ Put: { TableName: this.tableName, Item: marker, ConditionExpression: 'attribute_not_exists(pk)' } });
    // What became of the event, with the decision (issue 10 item 2): replaces an accepted, parked or failed record.
    const owner = decision.state ?? input.previous ?? null;
    const subscriptionId = (event.data as { subscriptionId?: unknown }).subscriptionId;
    required.push({ Put: { TableName: this.tableName, Item: outcomeItem({
      eventId: event.id, eventType: event.type, status: decision.outcome, at: now, customerId, subscriptionId: typeof subscriptionId === 'string' ? subscriptionId : null,
      resellerId: owner?.customer.resellerId ?? null, rule: decision.refusal?.rule ?? null, reason: decision.refusal?.reason ?? null, code: null, deadLettered: false, deadline: null,
    }, this.wallNow()) } });
    // R-INV-01: the numbers the decision took, committed with it; another writer that took them first fails this save.
    const numbering = decision.numbering;
    const seriesIndex = numbering ? required.length : -1;
    if (numbering) {
      required.push({
        Update: {
          TableName: this.tableName, Key: keys.series(numbering.series),
          UpdateExpression: 'SET #last = :next, updatedAt = :now',
          ConditionExpression: 'attribute_not_exists(pk) AND :last = :zero OR #last = :last',
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues: { ':next': numbering.next - 1, ':last': numbering.last, ':zero': 0, ':now': now },
        },
      });
    }
    if (decision.state) required.push(...indexPuts(this.tableName, customerId, decision.state, input.previous).map((Item) => ({ Put: { TableName: this.tableName, Item } })));
    // Records that left the account are written with it, or the account would lose them.
    if (decision.state) required.push(...archivePuts(customerId, decision.state.customer.resellerId, decision.archived).map((Item) => ({ Put: { TableName: this.tableName, Item } })));

    const createdAt = this.wallNow().toISOString();
    const outbox = effects.map((effect) => outboxItem(effect, customerId, event.id, now, createdAt));
    const audit = auditItems(customerId, event.id, decision);

    // Outbox items first (they make the effects exactly-once), audit after; what does not fit
    // rides in the marker and is written right after the commit (and again on a duplicate).
    let room = MAX_TRANSACTION_ITEMS - required.length;
    if (room < 0) throw new InfraError('store.too_large', `event ${event.id} changes ${required.length} index items, more than one transaction holds`);
    const inOutbox = outbox.slice(0, room);
    room -= inOutbox.length;
    const inAudit = audit.slice(0, room);
    const overflow = { outbox: outbox.slice(inOutbox.length), audit: audit.slice(inAudit.length) };
    const hasOverflow = overflow.outbox.length + overflow.audit.length > 0;
    if (hasOverflow) {
      marker['overflow'] = JSON.stringify(overflow);
      if ((marker['overflow'] as string).length > MAX_OVERFLOW_BYTES) throw new InfraError('store.too_large', `event ${event.id}: decision too large to store`);
    }

    let outboxItems = inOutbox;
    for (let attempt = 0; ; attempt++) {
      const items: TransactItem[] = [
        ...required,
        ...outboxItems.map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
        ...inAudit.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      ];
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        break;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translate(error, 'store.unavailable', `save ${event.id}`);
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        if (account && codes[0] === 'ConditionalCheckFailed') {
          throw new InfraError('store.conflict', `account ${customerId} changed since version ${input.expectedVersion ?? 'none'}`, { customerId, expectedVersion: input.expectedVersion });
        }
        if (codes[markerIndex] === 'ConditionalCheckFailed') throw new InfraError('store.duplicate', `event ${event.id} was processed concurrently`, { customerId, eventId: event.id });
        if (numbering && (codes[seriesIndex] === 'ConditionalCheckFailed' || codes[seriesIndex] === 'TransactionConflict')) {
          // Another decision took these numbers: read the counter again and decide again.
          this.seriesLast.delete(numbering.series);
          throw new InfraError('store.conflict', `number series ${numbering.series} moved past ${numbering.last}`, { customerId, series: numbering.series });
        }
        if (codes.includes('TransactionConflict')) throw new InfraError('store.conflict', `account ${customerId}: concurrent transaction`, { customerId });
        // An effect key that already has an outbox item (from an earlier event): keep the existing one.
        const existing = new Set(outboxItems.filter((_, i) => codes[required.length + i] === 'ConditionalCheckFailed').map((o) => o.pk));
        if (existing.size === 0 || attempt >= 2) throw translate(error, 'store.unavailable', `save ${event.id} (${codes.join(',')})`);
        outboxItems = outboxItems.filter((o) => !existing.has(o.pk));
      }
    }
    if (numbering) this.seriesLast.set(numbering.series, numbering.next - 1);
    if (hasOverflow) await this.writeOverflow(customerId, event.id, marker['overflow'] as string);
  }

  private async writeOverflow(customerId: string, eventId: string, overflowJson: string): Promise<void> {
    const overflow = JSON.parse(overflowJson) as { outbox: Item[]; audit: Item[] };
    for (const Item of overflow.outbox) {
      try {
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw translate(error, 'store.unavailable', 'write overflow outbox');
      }
    }
    for (let i = 0; i < overflow.audit.length; i += 25) {
      let requests = overflow.audit.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } })).catch((e: unknown) => {
          throw translate(e, 'store.unavailable', 'write overflow audit');
        });
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
    await this.doc
      .send(new UpdateCommand({ TableName: this.tableName, Key: keys.marker(customerId, eventId), UpdateExpression: 'REMOVE overflow' }))
      .catch((e: unknown) => {
        throw translate(e, 'store.unavailable', 'clear overflow');
      });
  }

  private async refOf(key: { pk: string; sk: string }): Promise<string | null> {
    const item = await this.get(key);
    if (!item) return null;
    const parsed = refItem.safeParse(item);
    return parsed.success ? parsed.data.customerId : null;
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    try {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return Item;
    } catch (error) {
      throw translate(error, 'store.unavailable', `get ${key.pk}/${key.sk}`);
    }
  }
}

function accountPut(tableName: string, input: SaveInput): TransactItem | null {
  const { customerId, decision, expectedVersion } = input;
  const state = decision.state;
  if (!state) return null;
  const c = state.customer;
  const Item: Item = {
    ...keys.account(customerId),
    version: (expectedVersion ?? 0) + 1,
    ...encodeAccount(state),
    dueAt: decision.dueAt,
    customerId,
    resellerId: c.resellerId,
    kind: c.kind,
    name: c.name,
    updatedAt: input.now,
    resellerPk: `RESELLER#${c.resellerId}`,
    resellerSk: `CUST#${customerId}`,
    // Only while a time rule is pending: the due index stays as small as the work due.
    ...(decision.dueAt !== null && dueKeys(customerId, decision.dueAt)),
  };
  return expectedVersion === null
    ? { Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
    : { Put: { TableName: tableName, Item, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } };
}

/**
 * The decision's audit items (issue 10 item 1): each under its subscription (or, customer-level,
 * under the customer) and in the customer's trail through `byCustomer`; a customer-level event
 * is copied into the trail of every subscription it changes (domain/trail.ts), the copy outside
 * the customer's trail so that lists it once. Cost: one GSI write per audit item and one item
 * per subscription a customer-level event changes.
 */
function auditItems(customerId: string, eventId: string, decision: Decision): Item[] {
  const out: Item[] = [];
  decision.events.forEach((e, n) => {
    const key = keys.audit({ subscriptionId: e.subscriptionId, customerId }, e.at, eventId, n);
    const body = { type: e.type, at: e.at, rule: e.rule, source: e.source, data: e.data, subscriptionId: e.subscriptionId, customerId, eventId };
    out.push({ ...key, ...keys.customerTrail(customerId, key.sk), ...body });
    if (!decision.state) return;
    for (const sid of subscriptionsConcerned(e, decision.state, decision.archived)) out.push({ ...keys.audit({ subscriptionId: sid, customerId }, e.at, eventId, n), ...body, concerns: sid });
  });
  return out;
}

/** One item per archived record: the record as JSON beside the keys that find it. */
function archivePuts(customerId: string, resellerId: string, archived: ArchivedRecords): Item[] {
  const out: Item[] = [];
  for (const inv of archived.invoices) {
    out.push({ ...keys.invoice(inv.id), ...invoiceIndexKeys(customerId, inv.subscriptionId, inv.id), customerId, subscriptionId: inv.subscriptionId, issuedOn: inv.issuedOn, retainUntil: inv.retainUntil, record: JSON.stringify(inv) });
  }
  for (const payment of archived.payments) out.push({ ...keys.payment(payment.id), ...paymentIndexKeys(customerId, payment.id), customerId, record: JSON.stringify(payment) });
  for (const sub of archived.subscriptions) out.push({ ...subscriptionIndexItem(customerId, resellerId, sub), record: JSON.stringify(sub) });
  return out;
}

function subscriptionIndexItem(customerId: string, resellerId: string, sub: Subscription): Item {
  const status = apiStatus(sub);
  return {
    ...keys.subscription(sub.id),
    customerId, resellerId, termsId: sub.termsId, status, seats: sub.seats,
    resellerPk: `RESELLER#${resellerId}`, resellerSk: `SUB#${sub.id}`,
    customerPk: `CUST#${customerId}`, customerSk: `SUB#${sub.id}`,
    // Terms-wide fan-out only reaches subscriptions that are not ended.
    ...(status !== 'ended' && { termsPk: `TERMS#${sub.termsId}`, termsSk: `SUB#${sub.id}` }),
  };
}

/** SUB#/PAY# items that are new or whose indexed facts changed. */
function indexPuts(tableName: string, customerId: string, state: Account, previous: Account | null | undefined): Item[] {
  void tableName;
  const out: Item[] = [];
  const resellerId = state.customer.resellerId;
  for (const sub of Object.values(state.subscriptions)) {
    const status = apiStatus(sub);
    const before = previous?.subscriptions[sub.id];
    if (previous !== undefined && before && apiStatus(before) === status && before.seats === sub.seats && before.termsId === sub.termsId) continue;
    out.push(subscriptionIndexItem(customerId, resellerId, sub));
  }
  for (const payment of Object.values(state.payments)) {
    if (previous !== undefined && previous?.payments[payment.id]) continue;
    out.push({ ...keys.payment(payment.id), customerId });
  }
  return out;
}

function outboxItem(effect: OutboxEffect, customerId: string, eventId: string, at: string, createdAt: string): Item & { pk: string } {
  return {
    ...(effect.kind === 'webhook' && webhookOutboxKeys(effect, createdAt)),
    ...keys.outbox(effect.key),
    key: effect.key,
    kind: effect.kind,
    effect,
    customerId,
    eventId,
    at,
    createdAt,
    status: 'pending',
    attempts: 0,
    outboxPk: OUTBOX_PENDING,
    outboxSk: `${createdAt}#${effect.key}`,
  };
}
