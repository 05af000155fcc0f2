/**
 * Access changes for provisioning systems: an EventBridge bus in AWS; locally recorded in the
 * table as `SUB#<sid>/ACCESS#<at>#<key>` items (visible in the timeline and to the CLI).
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Effect } from '../domain/index.js';
import type { AccessPublisher } from '../app/ports.js';
import { EVENT_BUS } from '../infra/definitions.js';
import { InfraError, translate } from './errors.js';
import { keys } from './keys.js';

type Change = Parameters<AccessPublisher['publish']>[0];

/** The detail every consumer gets: subscription, seats and reason (the access events provisioning systems consume). */
function accessDetail(change: Change): Record<string, unknown> {
  const e: Effect = change.effect;
  const base = { key: change.key, customerId: change.customerId, at: change.at };
  switch (e.kind) {
    case 'access':
      return { ...base, subscriptionId: e.subscriptionId, seats: e.seats, reason: e.reason, rule: e.rule };
    case 'data.delete':
      return { ...base, subscriptionId: e.subscriptionId, scope: e.scope, rule: 'R-DATA-05' };
    case 'data.export':
      return { ...base, subscriptionId: e.subscriptionId };
    default:
      return { ...base };
  }
}

function subscriptionOf(change: Change): string {
  const e = change.effect;
  return 'subscriptionId' in e && typeof e.subscriptionId === 'string' ? e.subscriptionId : `customer:${change.customerId}`;
}

export class EventBridgeAccessPublisher implements AccessPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(change: Change): Promise<void> {
    try {
      // Imported here, not at the top: only the function that publishes loads the EventBridge client (issue 9 item 5).
      const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: this.busName, Source: EVENT_BUS.source, DetailType: change.type, Detail: JSON.stringify(accessDetail(change)) }],
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) throw new InfraError('access.unavailable', `EventBridge refused ${change.key}: ${out.Entries?.[0]?.ErrorMessage ?? 'unknown'}`);
    } catch (error) {
      throw translate(error, 'access.unavailable', `publish ${change.key}`);
    }
  }
}

/** The local stand-in: an idempotent item per change (same key, same item). */
export class TableAccessPublisher implements AccessPublisher {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async publish(change: Change): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.access(subscriptionOf(change), change.at, change.key), type: change.type, ...accessDetail(change) },
        }),
      );
    } catch (error) {
      throw translate(error, 'access.unavailable', `record ${change.key}`);
    }
  }
}
