/** EventQueues over SQS: events onto their queue by type (docs/events.md), outbox keys onto `outbox`. */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_OF, type IncomingEvent } from '../domain/index.js';
import type { EventQueues } from '../app/ports.js';
import type { DlqName, QueueName } from '../infra/definitions.js';
import { InfraError, translate } from './errors.js';

/** Body of a message on the `outbox` queue. */
export interface OutboxMessage {
  key: string;
}

export class SqsEventQueues implements EventQueues {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Readonly<Record<QueueName | DlqName, string>>,
  ) {}

  async send(event: IncomingEvent): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrls[QUEUE_OF[event.type]], MessageBody: JSON.stringify(event) }));
    } catch (error) {
      throw translate(error, 'queue.unavailable', `send ${event.type} ${event.id}`);
    }
  }

  async sendMany(events: readonly IncomingEvent[]): Promise<void> {
    const byQueue = new Map<QueueName, string[]>();
    for (const event of events) {
      const queue = QUEUE_OF[event.type];
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), JSON.stringify(event)]);
    }
    await Promise.all([...byQueue].map(([queue, bodies]) => this.sendBodies(queue, bodies)));
  }

  async sendOutbox(keys: readonly string[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = options.delaySeconds === undefined ? undefined : Math.min(900, Math.max(0, Math.ceil(options.delaySeconds)));
    await this.sendBodies('outbox', keys.map((key) => JSON.stringify({ key } satisfies OutboxMessage)), delay);
  }

  /** SendMessageBatch in tens; entries SQS refuses are sent once more, then it is an error. */
  private async sendBodies(queue: QueueName, bodies: readonly string[], delaySeconds?: number): Promise<void> {
    const chunks: string[][] = [];
    for (let i = 0; i < bodies.length; i += 10) chunks.push(bodies.slice(i, i + 10));
    await Promise.all(
      chunks.map(async (chunk) => {
        let entries = chunk.map((MessageBody, i) => ({ Id: String(i), MessageBody, ...(delaySeconds !== undefined && delaySeconds > 0 && { DelaySeconds: delaySeconds }) }));
        for (let attempt = 0; entries.length > 0; attempt++) {
          const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrls[queue], Entries: entries })).catch((e: unknown) => {
            throw translate(e, 'queue.unavailable', `send to ${queue}`);
          });
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          entries = entries.filter((e) => failed.has(e.Id));
          if (entries.length > 0 && attempt >= 1) throw new InfraError('queue.partial', `${entries.length} message(s) not accepted by ${queue}`, { failed: out.Failed });
        }
      }),
    );
  }
}
