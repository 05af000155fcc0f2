import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from './functions.js';
import { EVENT_BUS, QUEUE_NAMES, QUEUES, TABLE } from './definitions.js';
import type { FunctionDefinition } from './functions.js';
import { LooptijdStack } from './stack.js';

const synth = (functions?: readonly FunctionDefinition[]) =>
  Template.fromStack(new LooptijdStack(new App(), 'Test', functions === undefined ? {} : { functions }));

describe('the Looptijd stack, as registered', () => {
  let template: Template;
  // Synthesis bundles every registered function with esbuild: seconds each on two busy cores.
  beforeAll(() => {
    template = synth();
  }, 180_000);

  it('has the table keyed pk/sk, on demand, with TTL on expiresAt and a new-and-old-images stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'looptijd',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('has the due, byReseller, byCustomer, outbox and byTerms indexes with the keys the code queries', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const indexes = (table?.Properties.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string; KeySchema: unknown }>;
    expect(Object.fromEntries(indexes.map((i) => [i.IndexName, i.KeySchema]))).toEqual({
      due: [{ AttributeName: 'duePk', KeyType: 'HASH' }, { AttributeName: 'dueSk', KeyType: 'RANGE' }],
      byReseller: [{ AttributeName: 'resellerPk', KeyType: 'HASH' }, { AttributeName: 'resellerSk', KeyType: 'RANGE' }],
      byCustomer: [{ AttributeName: 'customerPk', KeyType: 'HASH' }, { AttributeName: 'customerSk', KeyType: 'RANGE' }],
      outbox: [{ AttributeName: 'outboxPk', KeyType: 'HASH' }, { AttributeName: 'outboxSk', KeyType: 'RANGE' }],
      byTerms: [{ AttributeName: 'termsPk', KeyType: 'HASH' }, { AttributeName: 'termsSk', KeyType: 'RANGE' }],
    });
    expect(Object.keys(TABLE.indexes).sort()).toEqual(indexes.map((i) => i.IndexName).sort());
  });

  it('has four work queues, each redriving to its own DLQ after 5 receives', () => {
    template.resourceCountIs('AWS::SQS::Queue', 8);
    for (const name of QUEUE_NAMES) {
      const dlqs = template.findResources('AWS::SQS::Queue', { Properties: { QueueName: `${name}-dlq` } });
      const [dlqId] = Object.keys(dlqs);
      expect(dlqId).toBeDefined();
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: name,
        VisibilityTimeout: 30,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `${name}-dlq`,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      expect(QUEUES[name].maxReceiveCount).toBe(5);
    }
  });

  it('alarms on the first message visible in every DLQ', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    for (const name of QUEUE_NAMES) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`${name.replaceAll('-', '')}dlq`), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
      });
    }
  });

  it('has the access event bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: EVENT_BUS.name });
  });

  it('creates one function per registry entry, each with a queue, schedule or API trigger', () => {
    template.resourceCountIs('AWS::Lambda::Function', functions.length);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', functions.filter((f) => f.trigger.kind === 'queue').length);
  });
});

describe('the Looptijd stack, with one function of each trigger kind', () => {
  const entry = 'test/fixtures/noop-handler.ts';
  let template: Template;
  beforeAll(() => {
    template = synth([
      { name: 'payment-events', entry, handler: 'handler', trigger: { kind: 'queue', queue: 'payment-events' } },
      { name: 'sweep', entry, handler: 'handler', trigger: { kind: 'schedule' } },
      { name: 'partner-api', entry, handler: 'handler', trigger: { kind: 'api', method: 'ANY', path: '/v1/{proxy+}' } },
    ]);
  }, 60_000);

  it('builds every function with the house defaults: ARM64, Node 22, source maps, table name passed', () => {
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: { Ref: Match.anyValue() } }),
      },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('reports partial batch failures from the queue consumer', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^paymentevents'), 'Arn'] },
    });
  });

  it('runs the sweep every minute and routes the API', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/{proxy+}' });
  });

  it('grants read/write on the table', () => {
    for (const action of ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith([action]), Effect: 'Allow' })]),
        },
      });
    }
  });
});
