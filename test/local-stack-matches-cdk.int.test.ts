/** The local stack the tests and `npm start` run on is the deployed one, less the names: same keys, indexes, TTL, stream, queue redrive. */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployConfig } from '../infra/config.js';
import { dlqName, QUEUE_NAMES } from '../infra/definitions.js';
import { LooptijdStack } from '../infra/stack.js';
import { stack, stackClients } from './support/stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the synthesised template, read loosely
type Json = Record<string, any>;
const byKey = <T>(items: readonly T[], key: (t: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

describe('the local stack, against the synthesized dev stack', () => {
  const clients = stackClients();
  const provided = stack();
  let resources: Json[];
  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'dev', senderAddress: 'billing@provider.example' } });
    resources = Object.values(Template.fromStack(new LooptijdStack(app, 'Looptijd-dev', { config: deployConfig(app) })).toJSON().Resources as Record<string, Json>);
  }, 120_000);
  afterAll(() => clients.destroy());

  it('has the same table: keys, attributes, indexes and their projections, billing, stream and TTL', async () => {
    const synthesized = resources.find((r) => r.Type === 'AWS::DynamoDB::Table')!.Properties as Json;
    const { Table: local } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: provided.tableName }));
    const ttl = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: provided.tableName }));
    expect(local!.KeySchema).toEqual(synthesized.KeySchema);
    expect(byKey(local!.AttributeDefinitions!, (a) => a.AttributeName!)).toEqual(byKey(synthesized.AttributeDefinitions as Json[], (a) => a.AttributeName));
    const indexes = (list: Json[]) => byKey(list.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: { ProjectionType: i.Projection.ProjectionType } })), (i) => i.IndexName);
    expect(indexes(local!.GlobalSecondaryIndexes as Json[])).toEqual(indexes(synthesized.GlobalSecondaryIndexes));
    expect(local!.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe(synthesized.BillingMode);
    expect(local!.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: synthesized.StreamSpecification.StreamViewType });
    expect({ AttributeName: ttl.TimeToLiveDescription?.AttributeName, Enabled: ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' }).toEqual(synthesized.TimeToLiveSpecification);
  });

  it('has the same queues: each redriving to its own DLQ after as many receives, DLQs keeping messages as long', async () => {
    for (const name of QUEUE_NAMES) {
      const queue = resources.find((r) => r.Type === 'AWS::SQS::Queue' && r.Properties.QueueName === `looptijd-dev-${name}`)!.Properties as Json;
      const dlq = resources.find((r) => r.Type === 'AWS::SQS::Queue' && r.Properties.QueueName === `looptijd-dev-${dlqName(name)}`)!.Properties as Json;
      const attributes = async (url: string) => (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
      const local = await attributes(provided.queueUrls[name]);
      const localDlq = await attributes(provided.queueUrls[dlqName(name)]);
      const redrive = JSON.parse(local['RedrivePolicy'] ?? '{}') as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
      expect({ name, maxReceiveCount: Number(redrive.maxReceiveCount), dlq: redrive.deadLetterTargetArn }).toEqual({ name, maxReceiveCount: queue.RedrivePolicy.maxReceiveCount, dlq: localDlq['QueueArn'] });
      expect(Number(localDlq['MessageRetentionPeriod'])).toBe(dlq.MessageRetentionPeriod);
      // The tests provision with a shorter visibility timeout on purpose (faster redelivery); npm start with the definition's.
      expect(Number(local['VisibilityTimeout'])).toBe(provided.visibilityTimeoutSeconds);
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(provided.visibilityTimeoutSeconds);
    }
  });
});
