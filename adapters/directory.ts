/** Reads and writes for fan-out: resellers, a reseller's customers, subscriptions on a terms profile. */
import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Directory, ResellerRecord } from '../app/ports.js';
import { TABLE } from '../infra/definitions.js';
import { translate } from './errors.js';
import { keys } from './keys.js';

export class DynamoDirectory implements Directory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The RESELLER item; keeps the first `createdAt`. */
  async putReseller(r: { resellerId: string; name: string; email: string; customerId: string | null; whiteLabel?: boolean; at: string }): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.reseller(r.resellerId),
          UpdateExpression: 'SET resellerId = :id, #name = :name, email = :email, customerId = :cid, whiteLabel = :wl, createdAt = if_not_exists(createdAt, :at), updatedAt = :at',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':id': r.resellerId, ':name': r.name, ':email': r.email, ':cid': r.customerId, ':wl': r.whiteLabel ?? false, ':at': r.at },
        }),
      );
    } catch (error) {
      throw translate(error, 'store.unavailable', `put reseller ${r.resellerId}`);
    }
  }

  /** The RESELLER item, kept for a minute per container: the outbox reads it for every e-mail (white-label). */
  async reseller(resellerId: string): Promise<ResellerRecord | null> {
    const hit = this.resellers.get(resellerId);
    if (hit && hit.until > Date.now()) return hit.record;
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.reseller(resellerId) }));
      const i = out.Item;
      const record = i ? { resellerId, name: String(i['name']), email: String(i['email']), customerId: typeof i['customerId'] === 'string' ? i['customerId'] : null, whiteLabel: i['whiteLabel'] === true } : null;
      this.resellers.set(resellerId, { record, until: Date.now() + 60_000 });
      return record;
    } catch (error) {
      throw translate(error, 'store.unavailable', `get reseller ${resellerId}`);
    }
  }

  private readonly resellers = new Map<string, { record: ResellerRecord | null; until: number }>();

  /** Customer ids of a reseller (`byReseller`, `CUST#…`), page by page. */
  async *customersOfReseller(resellerId: string): AsyncGenerator<string[]> {
    const pages = this.queryPages(
      {
        IndexName: TABLE.indexes.byReseller.name,
        KeyConditionExpression: 'resellerPk = :pk AND begins_with(resellerSk, :c)',
        ExpressionAttributeValues: { ':pk': `RESELLER#${resellerId}`, ':c': 'CUST#' },
        ProjectionExpression: 'customerId',
      },
      `customers of reseller ${resellerId}`,
    );
    for await (const items of pages) yield items.map((i) => String(i['customerId']));
  }

  /** Distinct customer ids with a subscription (not ended) on a terms profile (`byTerms`, then the SUB# items). */
  async customersOnTerms(termsId: string): Promise<string[]> {
    const subKeys: Array<{ pk: string; sk: string }> = [];
    const pages = this.queryPages(
      { IndexName: TABLE.indexes.byTerms.name, KeyConditionExpression: 'termsPk = :pk', ExpressionAttributeValues: { ':pk': `TERMS#${termsId}` } },
      `subscriptions on ${termsId}`,
    );
    for await (const items of pages) for (const i of items) subKeys.push({ pk: String(i['pk']), sk: String(i['sk']) });
    // byTerms projects keys only: the customer comes from the SUB# items.
    const customers = new Set<string>();
    for (let i = 0; i < subKeys.length; i += 100) {
      let pending: Array<Record<string, unknown>> = subKeys.slice(i, i + 100);
      while (pending.length > 0) {
        const out = await this.doc
          .send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: 'customerId' } } }))
          .catch((e: unknown) => {
            throw translate(e, 'store.unavailable', `subscriptions on ${termsId}`);
          });
        for (const item of out.Responses?.[this.tableName] ?? []) customers.add(String(item['customerId']));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return [...customers].sort();
  }

  /** Every page of a query on the table; a failure becomes `store.unavailable` about `what`. */
  private async *queryPages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, what: string): AsyncGenerator<Array<Record<string, unknown>>> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start })).catch((e: unknown) => {
        throw translate(e, 'store.unavailable', what);
      });
      yield out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start);
  }
}
