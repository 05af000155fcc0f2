import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from './functions.js';
import { EVENT_BUS, QUEUE_NAMES, QUEUES, SECRETS, TABLE } from './definitions.js';
import type { FunctionDefinition } from './functions.js';
import { LooptijdStack } from './stack.js';

const synth = (functions?: readonly FunctionDefinition[]) =>
  Template.fromStack(new LooptijdStack(new App(), 'Test', functions === undefined ? {} : { functions }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the synthesised template, read loosely
type Json = Record<string, any>;

/** What a function's role may do, read back from the template in the registry's terms (plus the DLQs). */
function grantsOf(template: Template, name: string) {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const [fnId] = Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::Lambda::Function' && id.startsWith(`Functions${name.replaceAll('-', '')}Function`));
  const roleId = resources[fnId!]!.Properties.Role['Fn::GetAtt'][0] as string;
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
  const refsOf = (s: Json): string[] => [s.Resource].flat().map((r: Json | string) => (typeof r === 'string' ? r : (r.Ref ?? r['Fn::GetAtt']?.[0] ?? JSON.stringify(r))));
  const targetsOf = (action: string) => [...new Set(statements.filter((s) => [s.Action].flat().includes(action)).flatMap(refsOf))];
  const nameOf = (id: string) => resources[id]?.Properties?.QueueName ?? resources[id]?.Properties?.Name ?? id;
  const allows = (action: string) => targetsOf(action).length > 0;
  return {
    table: allows('dynamodb:PutItem') ? 'readWrite' : allows('dynamodb:Query') ? 'read' : 'none',
    sendsTo: targetsOf('sqs:SendMessage').map(nameOf).sort(),
    email: allows('ses:SendEmail'),
    bus: allows('events:PutEvents'),
    secrets: targetsOf('secretsmanager:GetSecretValue').map(nameOf).sort(),
    env: Object.keys(resources[fnId!]!.Properties.Environment.Variables as Json).sort(),
  };
}

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

  it('gives every function only what its code uses: table access, queues, e-mail, bus and secrets', () => {
    const handler = { table: 'readWrite', sendsTo: ['outbox', 'subscription-events'], email: false, bus: false, secrets: [] };
    const expected: Record<string, Omit<ReturnType<typeof grantsOf>, 'env'>> = {
      // Each event handler also dead-letters hopeless messages to its own queue's DLQ.
      'subscription-events': { ...handler, sendsTo: ['outbox', 'subscription-events', 'subscription-events-dlq'] },
      'payment-events': { ...handler, sendsTo: ['outbox', 'payment-events-dlq', 'subscription-events'] },
      'cancellation-events': { ...handler, sendsTo: ['cancellation-events-dlq', 'outbox', 'subscription-events'] },
      outbox: { table: 'readWrite', sendsTo: ['outbox-dlq', 'subscription-events'], email: true, bus: true, secrets: [] },
      sweep: { table: 'read', sendsTo: ['outbox', 'subscription-events'], email: false, bus: false, secrets: [] },
      'partner-api': { table: 'read', sendsTo: ['cancellation-events'], email: false, bus: false, secrets: [SECRETS.cursor.name] },
      'payment-webhook': { table: 'readWrite', sendsTo: ['payment-events'], email: false, bus: false, secrets: [SECRETS.webhook.name] },
    };
    expect(functions.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
    for (const f of functions) {
      const { env, ...grants } = grantsOf(template, f.name);
      expect({ [f.name]: grants }).toEqual({ [f.name]: expected[f.name] });
      // Names and URLs only for what it may use, so a call to anything else fails by name (functions/config.ts).
      const queueEnv = env.filter((k) => k.startsWith('QUEUE_URL_'));
      expect(queueEnv.length, f.name).toBe(expected[f.name]!.sendsTo.length);
      expect(env.includes('EVENT_BUS_NAME'), f.name).toBe(expected[f.name]!.bus);
    }
  });

  it('creates the API secrets generated in Secrets Manager and passes functions their ARNs, never the values', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    for (const secret of Object.values(SECRETS)) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: secret.name, GenerateSecretString: Match.objectLike({ ExcludePunctuation: true, PasswordLength: 32 }) });
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CURSOR_SECRET_ARN: { Ref: Match.stringLikeRegexp('^cursorsecret') } }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WEBHOOK_SECRET_ARN: { Ref: Match.stringLikeRegexp('^webhooksecret') } }) },
    });
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/resolve:secretsmanager|"(WEBHOOK|CURSOR)_SECRET"/);
  });

  it('routes the partner API, its docs page and the payment webhook', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(routes.sort()).toEqual(['ANY /v1/{proxy+}', 'GET /docs', 'GET /docs/{proxy+}', 'POST /webhooks/payments']);
  });
});

describe('the Looptijd stack, with one function of each trigger kind', () => {
  const entry = 'test/fixtures/noop-handler.ts';
  let template: Template;
  beforeAll(() => {
    template = synth([
      { name: 'payment-events', entry, handler: 'handler', trigger: { kind: 'queue', queue: 'payment-events' }, uses: { table: 'readWrite' } },
      { name: 'sweep', entry, handler: 'handler', trigger: { kind: 'schedule' }, uses: { table: 'read' } },
      { name: 'partner-api', entry, handler: 'handler', trigger: { kind: 'api', routes: [{ method: 'ANY', path: '/v1/{proxy+}' }] }, uses: { table: 'read' } },
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
