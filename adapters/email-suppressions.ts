/**
 * Addresses that must not be mailed again: a permanent bounce or a complaint reported by SES
 * (functions/email-feedback.ts) marks the address; the outbox's mailer then skips it. One item per
 * address, `EMAIL#<lower-case address>` / `SUPPRESSION` (docs/dynamodb.md).
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Mailer } from '../functions/deps.js';

export const SUPPRESSION_SK = 'SUPPRESSION';
export const suppressionPk = (address: string): string => `EMAIL#${address.trim().toLowerCase()}`;

export interface Suppression {
  readonly address: string;
  readonly reason: 'bounce' | 'complaint';
  /** SES's words: bounce type/subtype or complaint feedback type. */
  readonly detail: string;
  readonly at: string;
}

export class EmailSuppressions {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Marks the address; the first reason is kept (a later bounce does not overwrite a complaint). */
  async suppress(s: Suppression): Promise<void> {
    await this.doc
      .send(new PutCommand({ TableName: this.tableName, Item: { pk: suppressionPk(s.address), sk: SUPPRESSION_SK, ...s, address: s.address.toLowerCase() }, ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async find(address: string): Promise<Suppression | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: suppressionPk(address), sk: SUPPRESSION_SK } }));
    return Item === undefined ? null : { address: String(Item['address']), reason: Item['reason'] === 'complaint' ? 'complaint' : 'bounce', detail: String(Item['detail'] ?? ''), at: String(Item['at'] ?? '') };
  }
}

/** A mailer that does not send to suppressed addresses: it answers `suppressed:<reason>` instead of a message id, so the outbox item is settled, not retried. */
export function suppressingMailer(inner: Mailer, suppressions: Pick<EmailSuppressions, 'find'>, logger: Pick<Logger, 'warn'>): Mailer {
  return {
    async send(message) {
      const suppressed = await suppressions.find(message.to);
      if (suppressed !== null) {
        logger.warn('not mailed: the address is suppressed', { key: message.key, reason: suppressed.reason, detail: suppressed.detail, since: suppressed.at });
        return { messageId: `suppressed:${suppressed.reason}` };
      }
      return inner.send(message);
    },
  };
}
