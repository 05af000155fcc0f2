/** Item keys of the one table (docs/dynamodb.md): the only place that spells them. */
import { createHash } from 'node:crypto';
import { duePartitionKey, TABLE } from '../infra/definitions.js';

const ACCOUNT_SK = 'ACCOUNT';

export const keys = {
  account: (customerId: string) => ({ pk: `CUST#${customerId}`, sk: ACCOUNT_SK }),
  marker: (customerId: string, eventId: string) => ({ pk: `CUST#${customerId}`, sk: `EVT#${eventId}` }),
  subscription: (subscriptionId: string) => ({ pk: `SUB#${subscriptionId}`, sk: 'SUBSCRIPTION' }),
  payment: (paymentId: string) => ({ pk: `PAY#${paymentId}`, sk: 'PAYMENT' }),
  /** A settled invoice that left the account (domain/archive.ts); listed per customer and subscription through `byCustomer`. */
  invoice: (invoiceId: string) => ({ pk: `INV#${invoiceId}`, sk: 'INVOICE' }),
  outbox: (key: string) => ({ pk: `OUTBOX#${key}`, sk: 'OUTBOX' }),
  reseller: (resellerId: string) => ({ pk: `RESELLER#${resellerId}`, sk: 'RESELLER' }),
  dlqReason: (queue: string, messageId: string) => ({ pk: `DLQ#${queue}`, sk: messageId }),
  audit: (owner: { subscriptionId: string | null; customerId: string }, at: string, eventId: string, n: number) => ({
    pk: owner.subscriptionId ? `SUB#${owner.subscriptionId}` : `CUST#${owner.customerId}`,
    sk: `AUDIT#${at}#${eventId}#${String(n).padStart(4, '0')}`,
  }),
  /** `byCustomer` keys of an audit item: the customer's whole trail, oldest first (issue 10). */
  customerTrail: (customerId: string, sk: string) => ({ customerPk: `CUST#${customerId}`, customerSk: sk }),
  /** The counter of an invoice number series (R-INV-01): `last`, the last number issued. */
  series: (seriesId: string) => ({ pk: `SERIES#${seriesId}`, sk: 'SERIES' }),
  access: (subscriptionId: string, at: string, key: string) => ({ pk: `SUB#${subscriptionId}`, sk: `ACCESS#${at}#${key}` }),
  /** A partner API idempotency key, scoped to its reseller and hashed: neither's characters reach the key's structure. */
  idempotency: (resellerId: string, key: string) => ({ pk: `IDEMP#${createHash('sha256').update(`${resellerId}\n${key}`).digest('base64url')}`, sk: 'IDEMPOTENCY' }),
  /** An id a reseller asked the partner API to create, until the pipeline has decided it. */
  claim: (kind: 'customer' | 'subscription', id: string) => ({ pk: `CLAIM#${kind}#${id}`, sk: 'CLAIM' }),
} as const;

/** `byCustomer` keys of an archived payment: `PAY#` lists a customer's (the accounting export's payments that left the account). */
export function paymentIndexKeys(customerId: string, paymentId: string): { customerPk: string; customerSk: string } {
  return { customerPk: `CUST#${customerId}`, customerSk: `PAY#${paymentId}` };
}

/** `byCustomer` keys of an archived invoice: `INV#` lists a customer's, `INV#<subscriptionId>#` one subscription's, in number order. */
export function invoiceIndexKeys(customerId: string, subscriptionId: string | null, invoiceId: string): { customerPk: string; customerSk: string } {
  return { customerPk: `CUST#${customerId}`, customerSk: `INV#${subscriptionId ?? '-'}#${invoiceId}` };
}

/** `outboxPk` of every outbox item not yet sent (sparse `outbox` index). */
export const OUTBOX_PENDING = 'PENDING';

/** FNV-1a, so a customer always lands on the same `due` shard. */
function dueShardOf(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) {
    hash ^= customerId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % TABLE.dueShards;
}

export function dueKeys(customerId: string, dueAt: string): { duePk: string; dueSk: string } {
  return { duePk: duePartitionKey(dueShardOf(customerId)), dueSk: `${dueAt}#${customerId}` };
}

/** Invoice ids are `<customerId>-<nnnn>` (domain/context.ts issueInvoice). */
export function customerIdOfInvoice(invoiceId: string): string | null {
  const match = /^(.+)-\d{4,}$/.exec(invoiceId);
  return match?.[1] ?? null;
}
