/** The sweep's read of the sparse `due` index (docs/dynamodb.md): every shard up to an instant, never a scan. */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DueIndex } from '../app/ports.js';
import { duePartitionKeys, TABLE } from '../infra/definitions.js';
import { translate } from './errors.js';

export class DynamoDueIndex implements DueIndex {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async dueUpTo(now: string): Promise<{ due: Array<{ customerId: string; dueAt: string }>; itemsRead: number; readCapacityUnits: number }> {
    let itemsRead = 0;
    let readCapacityUnits = 0;
    const due: Array<{ customerId: string; dueAt: string }> = [];
    await Promise.all(
      duePartitionKeys().map(async (duePk) => {
        let start: Record<string, unknown> | undefined;
        do {
          const out = await this.doc
            .send(
              new QueryCommand({
                TableName: this.tableName,
                IndexName: TABLE.indexes.due.name,
                // dueSk = `<dueAt>#<customerId>`: everything due at or before now.
                KeyConditionExpression: 'duePk = :pk AND dueSk <= :upTo',
                ExpressionAttributeValues: { ':pk': duePk, ':upTo': `${now}#\uffff` },
                ProjectionExpression: 'customerId, dueAt',
                ReturnConsumedCapacity: 'TOTAL',
                ExclusiveStartKey: start,
              }),
            )
            .catch((e: unknown) => {
              throw translate(e, 'store.unavailable', `sweep ${duePk}`);
            });
          itemsRead += out.ScannedCount ?? 0;
          readCapacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
          for (const item of out.Items ?? []) due.push({ customerId: String(item['customerId']), dueAt: String(item['dueAt']) });
          start = out.LastEvaluatedKey;
        } while (start);
      }),
    );
    return { due, itemsRead, readCapacityUnits };
  }
}
