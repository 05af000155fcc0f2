/** Standard Webhooks delivery ids (`WEBHOOK#<webhook-id>`, docs/dynamodb.md), kept for the replay window. */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebhookReplays } from '../app/ports.js';
import { translate } from './errors.js';

/** Replays are recognised for a week (providers retry for up to three days). */
const REPLAY_WINDOW_SECONDS = 7 * 24 * 3600;
const markerKey = (id: string) => ({ pk: `WEBHOOK#${id}`, sk: 'WEBHOOK' });

export class DynamoWebhookReplays implements WebhookReplays {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async remember(webhookId: string, entry: { eventId: string; type: string; receivedAt: string }): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...markerKey(webhookId), ...entry, expiresAt: Math.floor(this.wallNow().getTime() / 1000) + REPLAY_WINDOW_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw translate(error, 'store.unavailable', `remember webhook ${webhookId}`);
    }
  }

  async forget(webhookId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: markerKey(webhookId) })).catch((error: unknown) => {
      throw translate(error, 'store.unavailable', `forget webhook ${webhookId}`);
    });
  }
}
