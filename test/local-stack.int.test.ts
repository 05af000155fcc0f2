import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { duePartitionKey, QUEUES, TABLE } from '../infra/definitions.js';
import { ensureQueueWithDlq } from '../local/provision.js';
import { capturedEmails, stack, stackClients } from './support/stack.js';

// What the handlers rely on from the stand-ins; if one of these fails, the stand-in changed.
const clients = stackClients();
const { tableName } = stack();
const run = randomUUID();

afterAll(() => clients.destroy());

describe('DynamoDB Local, a transaction whose version condition fails', () => {
  it('is cancelled with a reason per item and writes nothing', async () => {
    const pk = `SUB#${run}`;
    await clients.doc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: 'STATE', version: 2, status: 'active' } }));

    const attempt = clients.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { pk, sk: `EVENT#${run}`, type: 'SubscriptionSuspended' } } },
          {
            Put: {
              TableName: tableName,
              Item: { pk, sk: 'STATE', version: 2, status: 'suspended' },
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': 1 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );

    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    // The old item comes back in raw attribute-value form, even through lib-dynamodb.
    expect(reasons[1]?.Item?.version).toEqual({ N: '2' });

    const state = await clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'STATE' } }));
    expect(state.Item).toMatchObject({ version: 2, status: 'active' });
    const event = await clients.doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk: `EVENT#${run}` } }));
    expect(event.Item).toBeUndefined();
  });
});

describe('DynamoDB Local, the due index', () => {
  it('returns only items due at or before now, and leaves out items without the index keys', async () => {
    const now = '2030-01-01T00:00:00.000Z';
    const shard = duePartitionKey(3);
    const items = [
      { pk: `SUB#${run}#past`, dueSk: '2029-12-31T23:59:59.999Z' },
      { pk: `SUB#${run}#now`, dueSk: now },
      { pk: `SUB#${run}#future`, dueSk: '2030-01-01T00:00:00.001Z' },
    ];
    for (const { pk, dueSk } of items) {
      await clients.doc.send(new PutCommand({ TableName: tableName, Item: { pk, sk: 'STATE', duePk: shard, dueSk } }));
    }
    await clients.doc.send(new PutCommand({ TableName: tableName, Item: { pk: `SUB#${run}#never`, sk: 'STATE' } }));

    const { Items = [] } = await clients.doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: TABLE.indexes.due.name,
        KeyConditionExpression: 'duePk = :shard AND dueSk <= :now',
        ExpressionAttributeValues: { ':shard': shard, ':now': now },
      }),
    );

    const ours = Items.map((i) => i.pk as string).filter((pk) => pk.startsWith(`SUB#${run}`));
    expect(ours.sort()).toEqual([`SUB#${run}#now`, `SUB#${run}#past`]);
  });
});

describe('local SQS, a message that fails maxReceiveCount times', () => {
  it('moves to the dead-letter queue', { timeout: 30_000 }, async () => {
    const definition = { ...QUEUES['subscription-events'], visibilityTimeoutSeconds: 1 };
    const name = `redrive-${run}`;
    const { url: queueUrl, dlqUrl } = await ensureQueueWithDlq(clients.sqs, definition, { name, dlqName: `${name}-dlq` });

    try {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `poison ${run}` }));

      // A handler that always fails: receive, never delete, wait for the visibility timeout.
      let receives = 0;
      while (receives < definition.maxReceiveCount + 1) {
        const { Messages = [] } = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3, MaxNumberOfMessages: 1 }),
        );
        if (Messages.length === 0) break;
        receives += 1;
      }
      expect(receives).toBe(definition.maxReceiveCount);

      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 3, MaxNumberOfMessages: 1 }),
      );
      expect(Messages.map((m) => m.Body)).toEqual([`poison ${run}`]);
    } finally {
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: dlqUrl }));
    }
  });
});

describe('local SES, SendEmail', () => {
  it('captures the message and serves it at GET /store', async () => {
    const since = Math.floor(Date.now() / 1000);
    const subject = `Uw abonnement is opgeschort ${run}`;
    await clients.ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@looptijd.example',
        Destination: { ToAddresses: ['klant@example.nl'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Factuur 2026-001 is onbetaald.' } } } },
      }),
    );

    const emails = await capturedEmails(since);
    const email = emails.find((e) => e.subject === subject);
    expect(email).toMatchObject({
      from: 'noreply@looptijd.example',
      destination: { to: ['klant@example.nl'] },
      body: { text: 'Factuur 2026-001 is onbetaald.' },
    });
  });
});
