import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, deployConfig, names } from './config.js';
import { createTableInput, dlqAttributes, EVENT_BUS, QUEUE_NAMES, QUEUES, SECRETS, TABLE } from './definitions.js';
import { functions, type FunctionDefinition } from './functions.js';
import { AUTHORIZER_CACHE, API_THROTTLE, LooptijdStack, SECRET_REFRESH_SECONDS } from './stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the synthesised template, read loosely
type Json = Record<string, any>;

const DEV = { stage: 'dev', senderAddress: 'billing@mail.provider.example', providerName: 'Acme Managed IT' };
const PROVIDER = {
  providerStreet: 'Keizersgracht 100', providerPostalCode: '1015 AA', providerCity: 'Amsterdam', providerKvk: '87654321', providerVatId: 'NL864512390B01', providerIban: 'NL02ABNA0123456789',
};
const PROD = { stage: 'prod', senderAddress: 'billing@mail.provider.example', providerName: 'Acme Managed IT B.V.', alarmEmail: 'oncall@provider.example', ...PROVIDER, invoiceNumberPrefix: 'AC-' };
/** The functions that issue invoices (the event handlers decide them) or render them (the outbox's PDF attachments, the document routes). */
const INVOICING = ['cancellation-events', 'invoice-documents', 'outbox', 'payment-events', 'subscription-events'];

/** A function's environment, by its name in the registry. */
function envOf(template: Template, stage: string, name: string): Json {
  const [, fn] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `looptijd-${stage}-${name}`)!;
  return fn.Properties.Environment.Variables as Json;
}

/** The app as `cdk synth` builds it (cdk-nag included), without bundling: the template is what is asserted here; bench/bundles.ts measures the bundles. */
function synth(context: Record<string, unknown>, fns?: readonly FunctionDefinition[], env?: { account: string; region: string }) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const config = deployConfig(app);
  const stack = new LooptijdStack(app, names(config.stage).stackName, { config, ...(fns !== undefined && { functions: fns }), ...(env !== undefined && { env }) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: Template.fromStack(stack) };
}

function resources(template: Template, type?: string): Array<[string, Json]> {
  return Object.entries(template.toJSON().Resources as Record<string, Json>).filter(([, r]) => type === undefined || r.Type === type);
}

/** What a function's role may do, read back from the template in the registry's terms (plus the DLQs). */
function grantsOf(template: Template, name: string) {
  const all = Object.fromEntries(resources(template));
  const [fnId] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `looptijd-dev-${name}`) ?? [];
  const roleId = all[fnId!]!.Properties.Role['Fn::GetAtt'][0] as string;
  const statements = resources(template, 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Json[]);
  const refsOf = (s: Json): string[] => [s.Resource].flat().map((r: Json | string) => (typeof r === 'string' ? r : (r.Ref ?? r['Fn::GetAtt']?.[0] ?? JSON.stringify(r))));
  const targetsOf = (action: string) => [...new Set(statements.filter((s) => [s.Action].flat().includes(action)).flatMap(refsOf))];
  const nameOf = (id: string) => String(all[id]?.Properties?.QueueName ?? all[id]?.Properties?.Name ?? id).replace(/^looptijd-dev-|^looptijd\/dev\//, '');
  const allows = (action: string) => targetsOf(action).length > 0;
  return {
    table: allows('dynamodb:PutItem') ? 'readWrite' : allows('dynamodb:GetItem') ? 'read' : 'none',
    sendsTo: targetsOf('sqs:SendMessage').map(nameOf).sort(),
    email: allows('ses:SendEmail'),
    bus: allows('events:PutEvents'),
    secrets: targetsOf('secretsmanager:GetSecretValue').map(nameOf).sort(),
    statements,
    env: Object.keys(all[fnId!]!.Properties.Environment.Variables as Json).sort(),
  };
}

describe('the dev stage', () => {
  let template: Template;
  let app: App;
  beforeAll(() => {
    ({ template, app } = synth(DEV));
  }, 120_000);

  it('passes cdk-nag AwsSolutions: every finding fixed or acknowledged with its reason', () => {
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as Json;
    expect(report.pluginReports.map((p: Json) => [p.pluginName, p.conclusion])).toEqual([['AwsSolutions', 'success']]);
  });

  it('passes cdk-nag too when the CLI knows account and region (ARNs then hold them literally)', () => {
    const { app: located } = synth(DEV, undefined, { account: '123456789012', region: 'eu-west-1' });
    expect(() => located.synth()).not.toThrow();
  }, 120_000);

  it('names every resource it names after the stage, so stages and developers share an account', () => {
    const nameProps = ['TableName', 'QueueName', 'FunctionName', 'TopicName', 'DashboardName', 'AlarmName', 'LogGroupName', 'ConfigurationSetName', 'LayerName'];
    const named = resources(template).flatMap(([id, r]) => {
      const props = (r.Properties ?? {}) as Json;
      const byName = nameProps.filter((p) => typeof props[p] === 'string').map((p) => props[p] as string);
      if (['AWS::Events::EventBus', 'AWS::SecretsManager::Secret', 'AWS::ApiGatewayV2::Api', 'AWS::Events::Rule', 'AWS::ApiGatewayV2::Authorizer'].includes(r.Type) && typeof props.Name === 'string') byName.push(props.Name);
      return byName.map((n) => [id, n] as const);
    });
    expect(named.length).toBeGreaterThan(40);
    for (const [id, name] of named) expect(name, id).toMatch(/looptijd-dev|looptijd\/dev\//);
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'looptijd-dev' });
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'looptijd-dev-access' });
  });

  it('can be destroyed: nothing retained, no deletion protection', () => {
    for (const [id, r] of resources(template)) expect(r.DeletionPolicy ?? 'Delete', id).not.toBe('Retain');
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
  });

  it('has the table keyed pk/sk, on demand, with TTL on expiresAt, a new-and-old-images stream and the indexes the code queries', () => {
    const [[, table]] = resources(template, 'AWS::DynamoDB::Table') as [[string, Json]];
    const local = createTableInput(TABLE);
    // The local stack creates its table from the same definition (local/provision.ts): the two agree.
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(sortBy(table.Properties.AttributeDefinitions, 'AttributeName')).toEqual(sortBy(local.AttributeDefinitions!, 'AttributeName'));
    expect(sortBy(table.Properties.GlobalSecondaryIndexes, 'IndexName')).toEqual(sortBy(local.GlobalSecondaryIndexes!, 'IndexName'));
    expect(table.Properties.BillingMode).toBe(local.BillingMode);
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: local.StreamSpecification!.StreamViewType });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.timeToLiveAttribute, Enabled: true });
  });

  it('has four work queues, each redriving to its own encrypted DLQ as the local stack provisions them', () => {
    template.resourceCountIs('AWS::SQS::Queue', 8);
    for (const name of QUEUE_NAMES) {
      const [[dlqId, dlq]] = resources(template, 'AWS::SQS::Queue').filter(([, r]) => r.Properties.QueueName === `looptijd-dev-${name}-dlq`) as [[string, Json]];
      expect(dlq.Properties.MessageRetentionPeriod).toBe(Number(dlqAttributes(QUEUES[name]).MessageRetentionPeriod));
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `looptijd-dev-${name}`,
        VisibilityTimeout: QUEUES[name].visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: QUEUES[name].maxReceiveCount },
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('creates one function per registry entry, each traced, with its own service name, log group and the runtime layer (SDK, Powertools, zod, middy)', () => {
    template.resourceCountIs('AWS::Lambda::Function', functions.length);
    for (const f of functions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `looptijd-dev-${f.name}`,
        Architectures: ['arm64'],
        Runtime: 'nodejs22.x',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: Match.anyValue() },
        Layers: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^RuntimeLayer') }]),
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: f.name, POWERTOOLS_METRICS_NAMESPACE: 'Looptijd', LOOPTIJD_STAGE: 'dev' }) },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/lambda/looptijd-dev-${f.name}`, RetentionInDays: 30 });
    }
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { LayerName: 'looptijd-dev-runtime', CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['arm64'] });
  });

  it('gives every function only what its code uses: table access, queues, e-mail, bus and secrets', () => {
    const handler = { table: 'readWrite', sendsTo: ['outbox', 'subscription-events'], email: false, bus: false, secrets: [] };
    const expected: Record<string, Omit<ReturnType<typeof grantsOf>, 'env' | 'statements'>> = {
      // Each event handler also dead-letters hopeless messages to its own queue's DLQ.
      'subscription-events': { ...handler, sendsTo: ['outbox', 'subscription-events', 'subscription-events-dlq'] },
      'payment-events': { ...handler, sendsTo: ['outbox', 'payment-events-dlq', 'subscription-events'] },
      'cancellation-events': { ...handler, sendsTo: ['cancellation-events-dlq', 'outbox', 'subscription-events'] },
      // Webhook retries are delayed messages on its own queue.
      outbox: { table: 'readWrite', sendsTo: ['outbox', 'outbox-dlq', 'subscription-events'], email: true, bus: true, secrets: [] },
      sweep: { table: 'read', sendsTo: ['outbox', 'subscription-events'], email: false, bus: false, secrets: [] },
      // Idempotency keys and id claims are written through the API, writes go onto the event queues.
      'partner-api': { table: 'readWrite', sendsTo: ['cancellation-events', 'payment-events', 'subscription-events'], email: false, bus: false, secrets: ['cursor-secret'] },
      // Endpoints and deliveries written through the API; a replay goes onto the outbox queue.
      'webhook-endpoints': { table: 'readWrite', sendsTo: ['outbox'], email: false, bus: false, secrets: ['cursor-secret'] },
      'payment-webhook': { table: 'readWrite', sendsTo: ['payment-events'], email: false, bus: false, secrets: ['webhook-secret'] },
      'invoice-documents': { table: 'read', sendsTo: [], email: false, bus: false, secrets: [] },
      // The OpenAPI document and the docs page: no data at all.
      'api-docs': { table: 'none', sendsTo: [], email: false, bus: false, secrets: [] },
      'api-authorizer': { table: 'read', sendsTo: [], email: false, bus: false, secrets: [] },
      'email-feedback': { table: 'readWrite', sendsTo: [], email: false, bus: false, secrets: [] },
    };
    expect(functions.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
    for (const f of functions) {
      const { env, statements, ...grants } = grantsOf(template, f.name);
      expect({ [f.name]: grants }).toEqual({ [f.name]: expected[f.name] });
      // Names and URLs only for what it may use, so a call to anything else fails by name (functions/config.ts).
      expect(env.filter((k) => k.startsWith('QUEUE_URL_')).length, f.name).toBe(expected[f.name]!.sendsTo.length);
      expect(env.includes('EVENT_BUS_NAME'), f.name).toBe(expected[f.name]!.bus);
      // The only `*` resource is X-Ray's, which has no resource-level permissions; no action wildcards.
      for (const s of statements) {
        if ([s.Resource].flat().includes('*')) expect([s.Action].flat().sort(), f.name).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        for (const action of [s.Action].flat() as string[]) expect(action, f.name).not.toMatch(/\*$/);
        expect(JSON.stringify(s.Resource), f.name).not.toContain('index/*');
      }
    }
  });

  it('R-INV-02: passes the provider details and number series to exactly the functions that issue or render invoices; a dev stage without them gets marked samples', () => {
    expect(functions.filter((f) => f.uses.invoicing === true).map((f) => f.name).sort()).toEqual(INVOICING);
    for (const f of functions) {
      const env = envOf(template, 'dev', f.name);
      const keys = Object.keys(env).filter((k) => k.startsWith('PROVIDER_') || k === 'INVOICE_NUMBER_PREFIX').sort();
      if (INVOICING.includes(f.name)) {
        expect(keys, f.name).toEqual(['INVOICE_NUMBER_PREFIX', 'PROVIDER_CITY', 'PROVIDER_COUNTRY', 'PROVIDER_IBAN', 'PROVIDER_KVK', 'PROVIDER_NAME', 'PROVIDER_POSTAL_CODE', 'PROVIDER_STREET', 'PROVIDER_VAT_ID']);
        expect(env.PROVIDER_NAME, f.name).toMatch(/SAMPLE/);
        expect(env.INVOICE_NUMBER_PREFIX, f.name).toBe('LT-');
      } else expect(keys, f.name).toEqual([]);
    }
    expect(JSON.stringify(template.toJSON())).not.toContain('PROVIDER_DETAILS');
  });

  it('runs the outbox function outside any VPC, so webhooks reach resellers\' HTTPS endpoints, within the queue\'s visibility timeout', () => {
    const [, outbox] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === 'looptijd-dev-outbox')!;
    expect(outbox.Properties.VpcConfig).toBeUndefined();
    // A webhook attempt times out after 10 s (app/webhook-effects.ts); the function has 20 s, the queue hides a message 30 s.
    expect(outbox.Properties.Timeout).toBe(20);
  });

  it('gives function roles no AWS managed policy; each writes only to its own log group', () => {
    for (const [id, role] of resources(template, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('lets the authorizer read API-key items only and the SES feedback function write suppression items only', () => {
    const leading = (name: string) => grantsOf(template, name).statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    for (const [name, prefix] of [['api-authorizer', 'APIKEY#*'], ['email-feedback', 'EMAIL#*']] as const) {
      for (const s of leading(name)) expect(s.Condition, name).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [prefix] } });
    }
  });

  it('creates the API secrets in Secrets Manager, passes ARNs (never values) and re-reads them every SECRET_REFRESH_SECONDS', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    for (const secret of Object.values(SECRETS)) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: `looptijd/dev/${secret.name.split('/').pop()}`, GenerateSecretString: Match.objectLike({ ExcludePunctuation: true, PasswordLength: 32 }) });
    }
    for (const env of ['CURSOR_SECRET_ARN', 'WEBHOOK_SECRET_ARN']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ [env]: { Ref: Match.anyValue() }, SECRET_REFRESH_SECONDS: String(SECRET_REFRESH_SECONDS) }) },
      });
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager|"(WEBHOOK|CURSOR)_SECRET"/);
  });

  it('puts /v1/* behind the API-key Lambda authorizer, answers cached; docs and the signed webhook stay open', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE.toSeconds(),
    });
    const routes = Object.fromEntries(resources(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r.Properties.AuthorizationType ?? 'NONE']));
    expect(routes).toEqual({
      'ANY /v1/{proxy+}': 'CUSTOM', 'GET /v1/invoices/{invoiceId}/pdf': 'CUSTOM', 'GET /v1/invoices/{invoiceId}/ubl': 'CUSTOM',
      'ANY /v1/webhook-endpoints': 'CUSTOM', 'ANY /v1/webhook-endpoints/{proxy+}': 'CUSTOM', 'GET /v1/webhook-event-types': 'CUSTOM',
      'GET /v1/openapi.json': 'NONE', 'GET /docs': 'NONE', 'GET /docs/{proxy+}': 'NONE', 'POST /webhooks/payments': 'NONE',
    });
  });

  it('throttles the API and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: API_THROTTLE.burstLimit, ThrottlingRateLimit: API_THROTTLE.rateLimit },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/apigateway/looptijd-dev' });
  });

  it('serves the OpenAPI document and the docs page from a function of their own, the page script from a layer', () => {
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { LayerName: 'looptijd-dev-api-docs-files' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'looptijd-dev-api-docs', Layers: Match.arrayWith([{ Ref: Match.stringLikeRegexp('apidocsfiles') }]) });
    for (const path of ['/v1/openapi.json', '/docs', '/docs/{proxy+}']) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `GET ${path}`, AuthorizationType: 'NONE' });
  });

  it('gives the functions that render PDFs pdf-lib and the renderer from one layer, not in their bundles', () => {
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { LayerName: 'looptijd-dev-pdf-renderer-pdf-lib-modules' });
    expect(resources(template, 'AWS::Lambda::LayerVersion').filter(([, r]) => String(r.Properties.LayerName).includes('pdf'))).toHaveLength(1);
    const rendering = functions.filter((f) => f.layerModules?.includes('pdf-lib')).map((f) => f.name).sort();
    // The outbox attaches the PDF to invoice and credit note e-mails (issue 8 item 6).
    expect(rendering).toEqual(['invoice-documents', 'outbox']);
    for (const name of rendering) {
      expect(functions.find((f) => f.name === name)?.layerModules, name).toEqual(['pdf-lib', '#pdf-renderer']);
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `looptijd-dev-${name}`, Layers: Match.arrayWith([{ Ref: Match.stringLikeRegexp('pdfrendererpdflibmodules') }]) });
    }
  });

  it('sends e-mail from a verified SES address through the configuration set, which suppresses bounces and complaints and reports them', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DEV.senderAddress, ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() } });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'looptijd-dev',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), EventBridgeDestination: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': ['looptijd-dev'] } } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('emailfeedback'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'looptijd-dev-outbox',
      Environment: { Variables: Match.objectLike({ MAIL_FROM: DEV.senderAddress, MAIL_FROM_NAME: DEV.providerName }) },
    });
    // SendEmail only from the configured address.
    for (const s of grantsOf(template, 'outbox').statements.filter((st) => [st.Action].flat().includes('ses:SendEmail'))) {
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': DEV.senderAddress } });
    }
  });

  it('alarms on DLQ depth, age of oldest message, function errors and throttles, and the API 5xx rate, all to the alarm topic', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties as Json);
    const byName = (re: RegExp) => alarms.filter((a) => re.test(a.AlarmName));
    expect(byName(/-dlq-not-empty$/)).toHaveLength(4);
    expect(byName(/-oldest-message-age$/)).toHaveLength(4);
    expect(byName(/-errors$/)).toHaveLength(functions.length);
    expect(byName(/-throttles$/)).toHaveLength(functions.length);
    expect(byName(/api-5xx-rate$/)).toHaveLength(1);
    const [[topicId]] = resources(template, 'AWS::SNS::Topic') as [[string, Json]];
    for (const a of alarms) expect(a.AlarmActions, a.AlarmName).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'looptijd-dev-alarms', KmsMasterKeyId: Match.anyValue() });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('has a dashboard with decisions, e-mails, DLQ writes, queues, functions and the API', () => {
    const [[, dashboard]] = resources(template, 'AWS::CloudWatch::Dashboard') as [[string, Json]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Events decided', 'E-mails sent', 'Queue depth', 'Age of oldest message', 'Dead-letter queues', 'Function errors', 'API requests']) expect(body).toContain(title);
    expect(body).toContain('DlqWrites');
  });

  it('has the access event bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `looptijd-dev-${EVENT_BUS.name.replace(/^looptijd-/, '')}` });
  });
});

describe('the prod stage', () => {
  let template: Template;
  let app: App;
  beforeAll(() => {
    ({ template, app } = synth({ ...PROD, domainName: 'api.provider.example', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666' }));
  }, 120_000);

  it('passes cdk-nag AwsSolutions', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('protects the table (deletion protection, point-in-time recovery, retained) and retains queues, secrets and logs', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'looptijd-prod', DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    });
    for (const type of ['AWS::SQS::Queue', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup']) {
      for (const [id, r] of resources(template, type)) expect(r.DeletionPolicy, id).toBe('Retain');
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('verifies the sending domain with DKIM, mails alarms to the on-call address and serves the API on the custom domain', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.provider.example' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: PROD.alarmEmail });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.provider.example' });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
  });

  it('R-INV-02: gives the issuing and rendering functions the configured provider and number prefix', () => {
    for (const name of INVOICING) {
      expect(envOf(template, 'prod', name), name).toMatchObject({
        PROVIDER_NAME: 'Acme Managed IT B.V.', PROVIDER_STREET: 'Keizersgracht 100', PROVIDER_POSTAL_CODE: '1015 AA', PROVIDER_CITY: 'Amsterdam', PROVIDER_COUNTRY: 'NL',
        PROVIDER_KVK: '87654321', PROVIDER_VAT_ID: 'NL864512390B01', PROVIDER_IBAN: 'NL02ABNA0123456789', INVOICE_NUMBER_PREFIX: 'AC-',
      });
    }
  });

  it('lets the outbox send only through its own identity and configuration set (no sandbox recipient wildcard)', () => {
    const ses = grantsOf2(template, 'looptijd-prod-outbox').filter((s) => [s.Action].flat().includes('ses:SendEmail'));
    expect(JSON.stringify(ses)).not.toContain('identity/*');
    expect(JSON.stringify(ses)).toContain('configuration-set/looptijd-prod');
  });
});

describe('the configuration', () => {
  const error = (context: Record<string, unknown>) => {
    try {
      deployConfig(new App({ context }));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    return 'no error';
  };

  it('stops the synth naming each missing value and how to give it', () => {
    expect(error({ stage: 'dev' })).toMatch(/senderAddress: missing\n\s+give it with -c senderAddress=… or SSM \/looptijd\/dev\/sender-address/);
    expect(error({ stage: 'prod', senderAddress: 'billing@p.example', ...PROVIDER, providerName: 'P' })).toMatch(/alarmEmail: missing/);
    expect(error({ stage: 'staging' })).toBe("unknown stage 'staging': pass -c stage=dev or -c stage=prod");
    expect(error({ ...DEV, senderAddress: 'not-an-address' })).toMatch(/senderAddress: Invalid email/);
    expect(error({ ...DEV, domainName: 'api.provider.example' })).toMatch(/certificateArn: missing/);
  });

  it('R-INV-02: stops a prod synth without the provider details, naming each key and how to give it', () => {
    const { providerStreet, providerKvk, providerIban, ...rest } = PROD;
    void providerStreet; void providerKvk; void providerIban;
    const message = error(rest);
    expect(message).toMatch(/providerStreet: missing \(required in prod: every invoice names the provider \(art\. 35a Wet OB\)\)\n\s+give it with -c providerStreet=… or SSM \/looptijd\/prod\/provider-street/);
    expect(message).toMatch(/providerKvk: missing/);
    expect(message).toMatch(/providerIban: missing/);
    expect(message).not.toMatch(/providerCity/);
    const { providerName, ...unnamed } = PROD;
    void providerName;
    expect(error(unnamed)).toMatch(/providerName: missing \(required in prod/);
  });

  it('R-INV-02: checks KvK (8 digits), VAT id and IBAN (mod-97 check digits) at synth, naming the key', () => {
    expect(error({ ...PROD, providerKvk: '1234567' })).toMatch(/providerKvk: eight digits/);
    expect(error({ ...PROD, providerVatId: 'NL12345678B01' })).toMatch(/providerVatId: a VAT id with its country prefix/);
    expect(error({ ...PROD, providerVatId: '864512390B01' })).toMatch(/providerVatId:/);
    expect(error({ ...PROD, providerIban: 'NL03ABNA0123456789' })).toMatch(/providerIban: the IBAN check digits do not match/);
    expect(error({ ...PROD, providerIban: 'NL02 ABNA 0123 4567 89' })).toMatch(/providerIban: an IBAN without spaces/);
    expect(error({ ...PROD, invoiceNumberPrefix: 'LT 2027' })).toMatch(/invoiceNumberPrefix: 1–10 letters/);
    expect(error({ ...PROD, providerVatId: 'BE0123456789', providerCountry: 'BE' })).toBe('no error');
  });

  it('R-INV-02: dev takes all provider details or none (then marked samples), never half', () => {
    expect(error({ ...DEV, providerKvk: '87654321' })).toMatch(/providerStreet: missing \(the provider details go together/);
    const sample = deployConfig(new App({ context: DEV }));
    expect(sample.provider).toMatchObject({ sample: true, details: { name: expect.stringMatching(/SAMPLE/) } });
    const real = deployConfig(new App({ context: { ...DEV, ...PROVIDER } }));
    expect(real.provider).toEqual({
      sample: false,
      details: { name: 'Acme Managed IT', address: { street: 'Keizersgracht 100', additionalStreet: null, postalCode: '1015 AA', city: 'Amsterdam', country: 'NL' }, kvk: '87654321', vatId: 'NL864512390B01', iban: 'NL02ABNA0123456789' },
    });
  });

  it('takes per-stage defaults from cdk.json (looptijd:<stage>), overridden by -c', () => {
    const config = deployConfig(new App({ context: { stage: 'dev', 'looptijd:dev': { senderAddress: 'a@p.example', providerName: 'P' }, providerName: 'Q' } }));
    expect(config).toMatchObject({ stage: 'dev', senderAddress: 'a@p.example', providerName: 'Q', sesIdentity: 'address', alarmEmail: undefined });
  });

  it('defaults to the dev stage, and names resources per stage', () => {
    expect(deployConfig(new App({ context: { senderAddress: 'a@p.example' } })).stage).toBe('dev');
    expect(names('prod')).toMatchObject({ table: 'looptijd-prod', stackName: 'Looptijd-prod', bus: 'looptijd-prod-access' });
  });
});

function grantsOf2(template: Template, functionName: string): Json[] {
  const all = Object.fromEntries(resources(template));
  const [fnId] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === functionName) ?? [];
  const roleId = all[fnId!]!.Properties.Role['Fn::GetAtt'][0] as string;
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Json[]);
}

function sortBy<T>(items: readonly T[], key: keyof T): T[] {
  return [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
