/**
 * Why a message failed, where an operator can read it: SQS's DLQ keeps only the body, so every
 * failure writes `DLQ#<queue>/<messageId>` (docs/dynamodb.md) with the errors and the receive count.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumedQueue, DeadLetters, FailureReason } from '../app/ports.js';
import { dlqName, type DlqName } from '../infra/definitions.js';
import { translate } from './errors.js';
import { keys } from './keys.js';

const REASON_TTL_SECONDS = 15 * 24 * 60 * 60; // past the DLQ's 14-day retention
const MAX_BODY = 8_000;

export class DlqReasons implements DeadLetters {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly sqs: SQSClient,
    private readonly tableName: string,
    /** The dead-letter queues' URLs (only those of the queues this function consumes need be given). */
    private readonly dlqUrls: Readonly<Partial<Record<DlqName, string>>>,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  /** Records one failure of a message (upsert; the history keeps every attempt). */
  async record(input: { queue: ConsumedQueue; messageId: string; body: string; receiveCount: number | null; reason: FailureReason; deadLettered: boolean }): Promise<void> {
    const at = this.wallNow();
    const { reason } = input;
    const attempt = { at: at.toISOString(), receiveCount: input.receiveCount, code: reason.code, message: reason.message };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.dlqReason(input.queue, input.messageId),
          UpdateExpression:
            'SET itemType = :t, queue = :q, messageId = :m, body = :b, code = :c, message = :msg, errors = :e, permanent = :p, receiveCount = :rc, ' +
            'errorClass = :cls, lastFailedAt = :at, firstFailedAt = if_not_exists(firstFailedAt, :at), deadLettered = :dl, expiresAt = :exp, ' +
            'attempts = list_append(if_not_exists(attempts, :none), :attempt)',
          ExpressionAttributeValues: {
            ':t': 'DLQREASON', ':q': input.queue, ':m': input.messageId, ':b': input.body.slice(0, MAX_BODY), ':c': reason.code, ':msg': reason.message,
            ':e': reason.errors, ':p': reason.permanent, ':cls': reason.class, ':rc': input.receiveCount, ':at': at.toISOString(), ':dl': input.deadLettered,
            ':exp': Math.floor(at.getTime() / 1000) + REASON_TTL_SECONDS, ':none': [], ':attempt': [attempt],
          },
        }),
      );
    } catch (error) {
      throw translate(error, 'store.unavailable', `record failure of ${input.messageId}`);
    }
  }

  /** Puts a message that can never succeed straight into the DLQ, the reason in its attributes. */
  async deadLetter(input: { queue: ConsumedQueue; messageId: string; body: string; reason: FailureReason }): Promise<void> {
    const { reason } = input;
    const dlqUrl = this.dlqUrls[dlqName(input.queue)];
    if (dlqUrl === undefined) throw new Error(`no dead-letter queue URL for ${input.queue}`);
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: input.body === '' ? '(empty body)' : input.body,
          MessageAttributes: {
            'looptijd.reason': { DataType: 'String', StringValue: `${reason.code}: ${reason.message}`.slice(0, 1024) },
            'looptijd.errors': { DataType: 'String', StringValue: JSON.stringify(reason.errors).slice(0, 8_000) },
            'looptijd.sourceQueue': { DataType: 'String', StringValue: input.queue },
            'looptijd.originalMessageId': { DataType: 'String', StringValue: input.messageId },
          },
        }),
      );
    } catch (error) {
      throw translate(error, 'queue.unavailable', `dead-letter ${input.messageId}`);
    }
  }
}
