/**
 * What the partner API and the CLI read (docs/dynamodb.md "Access patterns"): index items and
 * accounts by key, a reseller's customers and subscriptions through `byReseller`, a customer's
 * subscriptions through `byCustomer`, a subscription's audit trail. Reads only; never a scan
 * except the operator's listing of resellers.
 */
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Account, ArchivedPayment, EndedSubscription, Invoice } from '../domain/index.js';
import { TABLE } from '../infra/definitions.js';
import { archivedInvoiceOf, decodeAccount, storedState } from './account-codec.js';
import type { EventOutcome } from '../app/ports.js';
import { DynamoEventOutcomes } from './event-outcomes.js';

export type StartKey = Record<string, unknown>;
export interface Page<T> {
  readonly items: T[];
  readonly next: StartKey | null;
}

const accountItem = z.object({ customerId: z.string(), resellerId: z.string().optional(), state: storedState, version: z.number().optional(), schemaVersion: z.number().int().optional() });
const subscriptionItem = z.object({ pk: z.string(), customerId: z.string(), resellerId: z.string(), termsId: z.string().optional(), status: z.string().optional(), record: z.string().optional() });
const invoiceItem = z.object({ customerId: z.string(), record: z.string() });
const auditItem = z.object({
  type: z.string(), at: z.string(), rule: z.string().nullish(), source: z.string().nullish(), data: z.record(z.string(), z.unknown()).nullish(),
  subscriptionId: z.string().nullish(), eventId: z.string().optional(),
});
const resellerItem = z.object({ pk: z.string(), name: z.string().optional(), email: z.string().optional(), customerId: z.string().nullish() });

export interface LoadedAccount {
  readonly customerId: string;
  readonly resellerId: string;
  readonly state: Account;
}
export type SubscriptionRef = {
  readonly subscriptionId: string; readonly customerId: string; readonly resellerId: string; readonly status: string | null;
  /** The ended subscription's record once it left its account (domain/archive.ts). */
  readonly archived: EndedSubscription | null;
};
export type AuditRecord = {
  readonly type: string; readonly at: string; readonly rule: string | null; readonly source: string | null; readonly data: Record<string, unknown>;
  /** Null for a customer-level decision (a payment, a storno, an insolvency …), also where it is shown in a subscription's trail. */
  readonly subscriptionId: string | null;
  /** The incoming event that was decided (`GET /v1/events/{eventId}`). */
  readonly eventId: string | null;
};

function toAudit(raw: unknown): AuditRecord[] {
  const item = auditItem.safeParse(raw);
  if (!item.success) return [];
  const d = item.data;
  return [{ type: d.type, at: d.at, rule: d.rule ?? null, source: d.source ?? null, data: d.data ?? {}, subscriptionId: d.subscriptionId ?? null, eventId: d.eventId ?? null }];
}
export type ResellerRecord = { readonly resellerId: string; readonly name: string | null; readonly email: string | null; readonly customerId: string | null };

/** The customer of an invoice id `<customerId>-0007` (domain/context.ts), or null when the id has no such shape. */
export function customerOfInvoiceId(invoiceId: string): string | null {
  const m = /^(.+)-\d+$/.exec(invoiceId);
  return m ? m[1]! : null;
}

function toAccount(raw: unknown): LoadedAccount | null {
  const item = accountItem.safeParse(raw);
  if (!item.success) return null;
  const state = decodeAccount(item.data.customerId, item.data);
  return { customerId: item.data.customerId, resellerId: item.data.resellerId ?? state.customer.resellerId, state };
}

function toRef(raw: unknown): SubscriptionRef | null {
  const item = subscriptionItem.safeParse(raw);
  if (!item.success) return null;
  const archived = item.data.record === undefined ? null : (JSON.parse(item.data.record) as EndedSubscription);
  return { subscriptionId: item.data.pk.slice('SUB#'.length), customerId: item.data.customerId, resellerId: item.data.resellerId, status: item.data.status ?? null, archived };
}

export class ReadModel {
  constructor(private readonly doc: DynamoDBDocumentClient, private readonly tableName: string) {}

  async account(customerId: string): Promise<LoadedAccount | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `CUST#${customerId}`, sk: 'ACCOUNT' } }));
    return Item ? toAccount(Item) : null;
  }

  async accounts(customerIds: readonly string[]): Promise<Map<string, LoadedAccount>> {
    const out = new Map<string, LoadedAccount>();
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ pk: `CUST#${id}`, sk: 'ACCOUNT' }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 8; attempt++) {
        const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const raw of res.Responses?.[this.tableName] ?? []) {
          const acc = toAccount(raw);
          if (acc) out.set(acc.customerId, acc);
        }
        keys = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  async subscription(subscriptionId: string): Promise<SubscriptionRef | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `SUB#${subscriptionId}`, sk: 'SUBSCRIPTION' } }));
    return Item ? toRef(Item) : null;
  }

  /** A reseller's customer accounts, in customer id order. */
  async customersOf(resellerId: string, limit: number, start: StartKey | null): Promise<Page<LoadedAccount>> {
    const page = await this.doc.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: TABLE.indexes.byReseller.name,
      KeyConditionExpression: 'resellerPk = :pk AND begins_with(resellerSk, :prefix)',
      ExpressionAttributeValues: { ':pk': `RESELLER#${resellerId}`, ':prefix': 'CUST#' },
      Limit: limit,
      ExclusiveStartKey: start ?? undefined,
    }));
    const items = (page.Items ?? []).map(toAccount).filter((a): a is LoadedAccount => a !== null && a.resellerId === resellerId);
    return { items, next: page.LastEvaluatedKey ?? null };
  }

  /**
   * A reseller's subscriptions (or one of its customers'), optionally in one status, in id order.
   * DynamoDB applies `Limit` before the filter, so pages are filled by querying on.
   */
  async subscriptionsOf(
    resellerId: string,
    filter: { customerId?: string | undefined; status?: string | undefined },
    limit: number,
    start: StartKey | null,
  ): Promise<Page<SubscriptionRef>> {
    const byCustomer = filter.customerId !== undefined;
    const index = byCustomer ? TABLE.indexes.byCustomer : TABLE.indexes.byReseller;
    const values: Record<string, unknown> = { ':pk': byCustomer ? `CUST#${filter.customerId}` : `RESELLER#${resellerId}`, ':prefix': 'SUB#', ':r': resellerId };
    const conditions = ['resellerId = :r'];
    if (filter.status !== undefined) {
      conditions.push('#status = :status');
      values[':status'] = filter.status;
    }
    const items: SubscriptionRef[] = [];
    let next: StartKey | null = start;
    do {
      const page = await this.doc.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey.name} = :pk AND begins_with(${index.sortKey.name}, :prefix)`,
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: filter.status !== undefined ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: values,
        Limit: limit - items.length,
        ExclusiveStartKey: next ?? undefined,
      }));
      for (const raw of page.Items ?? []) {
        const ref = toRef(raw);
        if (ref && ref.resellerId === resellerId) items.push(ref);
      }
      next = page.LastEvaluatedKey ?? null;
    } while (next && items.length < limit);
    return { items, next };
  }

  /** The audit trail of a subscription, oldest first, with the customer-level decisions that changed it. */
  async auditOf(subscriptionId: string, limit: number, start: StartKey | null): Promise<Page<AuditRecord>> {
    const page = await this.doc.send(new QueryCommand({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `SUB#${subscriptionId}`, ':prefix': 'AUDIT#' },
      Limit: limit,
      ExclusiveStartKey: start ?? undefined,
    }));
    return { items: (page.Items ?? []).flatMap(toAudit), next: page.LastEvaluatedKey ?? null };
  }

  /**
   * The audit trail of a customer, oldest first: every decision on the account, customer-level
   * and per subscription, through `byCustomer` (`AUDIT#<at>#<eventId>#<nn>`).
   */
  async auditOfCustomer(customerId: string, limit: number, start: StartKey | null): Promise<Page<AuditRecord>> {
    const index = TABLE.indexes.byCustomer;
    const page = await this.doc.send(new QueryCommand({
      TableName: this.tableName,
      IndexName: index.name,
      KeyConditionExpression: `${index.partitionKey.name} = :pk AND begins_with(${index.sortKey.name}, :prefix)`,
      ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':prefix': 'AUDIT#' },
      Limit: limit,
      ExclusiveStartKey: start ?? undefined,
    }));
    return { items: (page.Items ?? []).flatMap(toAudit), next: page.LastEvaluatedKey ?? null };
  }

  /** Payments of a customer that left the account (domain/archive.ts), with the invoices they paid: the accounting export's. */
  async archivedPayments(customerId: string): Promise<ArchivedPayment[]> {
    const index = TABLE.indexes.byCustomer;
    const out: ArchivedPayment[] = [];
    let start: StartKey | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey.name} = :pk AND begins_with(${index.sortKey.name}, :prefix)`,
        ExpressionAttributeValues: { ':pk': `CUST#${customerId}`, ':prefix': 'PAY#' },
        ExclusiveStartKey: start,
      }));
      for (const raw of page.Items ?? []) {
        if (raw['customerId'] !== customerId || typeof raw['record'] !== 'string') continue;
        out.push(JSON.parse(raw['record']) as ArchivedPayment);
      }
      start = page.LastEvaluatedKey as StartKey | undefined;
    } while (start);
    return out;
  }

  /**
   * Settled invoices of a customer that left the account (domain/archive.ts), one subscription's
   * when `subscriptionId` is given, in number order after `after`.
   */
  async archivedInvoices(customerId: string, subscriptionId: string | null, limit: number, after: string | null): Promise<Invoice[]> {
    const index = TABLE.indexes.byCustomer;
    const prefix = subscriptionId === null ? 'INV#' : `INV#${subscriptionId}#`;
    const out: Invoice[] = [];
    let start: StartKey | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: after === null || subscriptionId === null
          ? `${index.partitionKey.name} = :pk AND begins_with(${index.sortKey.name}, :prefix)`
          : `${index.partitionKey.name} = :pk AND ${index.sortKey.name} BETWEEN :from AND :to`,
        ExpressionAttributeValues: after === null || subscriptionId === null
          ? { ':pk': `CUST#${customerId}`, ':prefix': prefix }
          : { ':pk': `CUST#${customerId}`, ':from': `${prefix}${after}\u0000`, ':to': `${prefix}\uffff` },
        Limit: limit - out.length,
        ExclusiveStartKey: start,
      }));
      for (const raw of page.Items ?? []) {
        const item = invoiceItem.safeParse(raw);
        if (!item.success || item.data.customerId !== customerId) continue;
        const { paidBy: _paidBy, ...inv } = archivedInvoiceOf(item.data.record);
        if (after === null || inv.id > after) out.push(inv);
      }
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  /** What became of an event: one record per account it reached (docs/dynamodb.md `EVENT#`), oldest record first. */
  async eventOutcomes(eventId: string): Promise<EventOutcome[]> {
    return new DynamoEventOutcomes(this.doc, this.tableName).of(eventId);
  }

  /**
   * One invoice or credit note by id with the account it belongs to: the account's copy while it
   * is open, else the archived item (`INV#<invoiceId>`, domain/archive.ts). Invoice ids are
   * `<customerId>-<sequence>` (domain/context.ts), so the account is found without an index.
   */
  async invoice(invoiceId: string): Promise<{ account: LoadedAccount; invoice: Invoice } | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `INV#${invoiceId}`, sk: 'INVOICE' } }));
    const archived = invoiceItem.safeParse(Item);
    const customerId = archived.success ? archived.data.customerId : customerOfInvoiceId(invoiceId);
    if (customerId === null) return null;
    const account = await this.account(customerId);
    if (!account) return null;
    const working = account.state.invoices[invoiceId];
    if (working) return { account, invoice: working };
    if (!archived.success) return null;
    const { paidBy: _paidBy, ...inv } = archivedInvoiceOf(archived.data.record, account.state.customer);
    return inv.id === invoiceId && inv.customerId === customerId ? { account, invoice: inv } : null;
  }

  /** Every reseller (an operator's listing). */
  async resellers(): Promise<ResellerRecord[]> {
    const out: ResellerRecord[] = [];
    let start: StartKey | undefined;
    do {
      const page = await this.doc.send(new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'sk = :sk AND begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':sk': 'RESELLER', ':prefix': 'RESELLER#' },
        ExclusiveStartKey: start,
      }));
      for (const raw of page.Items ?? []) {
        const item = resellerItem.safeParse(raw);
        if (item.success) out.push({ resellerId: item.data.pk.slice('RESELLER#'.length), name: item.data.name ?? null, email: item.data.email ?? null, customerId: item.data.customerId ?? null });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => (a.resellerId < b.resellerId ? -1 : 1));
  }
}
