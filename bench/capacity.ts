/**
 * DynamoDB capacity units per request, as DynamoDB itself bills them: SDK middleware that asks
 * every request for `ReturnConsumedCapacity: TOTAL` and sums what comes back (DynamoDB Local
 * reports it as DynamoDB does). Read and write request units are what on-demand pricing charges.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

export class CapacityMeter {
  read = 0;
  write = 0;
  reset(): void {
    this.read = 0;
    this.write = 0;
  }
}

export function meterCapacity(client: DynamoDBClient, meter: CapacityMeter = new CapacityMeter()): CapacityMeter {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (input['ReturnConsumedCapacity'] === undefined) input['ReturnConsumedCapacity'] = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      const isWrite = WRITES.has(context.commandName ?? '') || /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(context.commandName ?? '');
      for (const c of [consumed ?? []].flat()) {
        const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
        if (isWrite) meter.write += units;
        else meter.read += units;
      }
      return result;
    },
    { step: 'initialize', name: 'looptijdMeterCapacity', priority: 'high' },
  );
  return meter;
}
