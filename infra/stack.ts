import { existsSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildSync } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arn, ArnFormat, CfnOutput, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { DomainName, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, SingleValueWidget, TextWidget, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, LayerVersion, Runtime, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLING, bundlingDefine, METRICS_NAMESPACE } from './bundling.js';
import { buildRuntimeLayer, functionAliases } from './runtime-layer.js';
import { type DeployConfig, type Names, names as namesOf, providerEnvironment, STAGE_SETTINGS } from './config.js';
import { ENV, type KeyAttribute, QUEUE_NAMES, QUEUES, type QueueName, SECRETS, type SecretName, SWEEP, TABLE, type TableDefinition } from './definitions.js';
import { type FunctionDefinition, functions as registeredFunctions } from './functions.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Node 22, the version the code is built and tested with locally (.nvmrc); see the L1 acknowledgement below.
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

/** How long API Gateway remembers the authorizer's answer for one key: a revoked key stops working within this. */
export const AUTHORIZER_CACHE = Duration.minutes(1);
/** Stage-wide API throttling (requests per second, burst); the partner API also limits per key (api/rate-limit.ts). */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;
/** How often functions re-read their secrets (Powertools Parameters maxAge): a rotated secret is live within this. */
export const SECRET_REFRESH_SECONDS = 300;

/** Acknowledges a cdk-nag finding on a construct, with the reason a reviewer reads. */
export function acknowledge(scope: Construct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

export interface LooptijdFunctionProps {
  /** Handler module, relative to the repository root. */
  entry: string;
  handler: string;
  functionName: string;
  /** The stage's names (for metrics dimensions and service name). */
  stage: string;
  serviceName: string;
  timeout?: Duration;
  memorySize?: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  environment?: Record<string, string>;
  layers?: ILayerVersion[];
  /** Modules left out of the bundle besides BUNDLING.external (they come from a layer). */
  externalModules?: readonly string[];
}

/**
 * A Lambda with the house defaults: ARM64, Node 22, ESM bundle (its libraries from the runtime layer) with
 * source maps, built by local esbuild, X-Ray tracing, Powertools environment, its own log group
 * and a role that may write only to that log group (no AWS managed policy).
 */
export class LooptijdFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LooptijdFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `${props.functionName}: what its code uses, nothing more` });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this function's group only.
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));
    this.fn = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      entry: resolve(REPO_ROOT, props.entry),
      handler: props.handler,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(20),
      logGroup: this.logGroup,
      role: this.role,
      tracing: Tracing.ACTIVE,
      layers: props.layers ?? [],
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOOPTIJD_STAGE: props.stage,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.external, ...(props.externalModules ?? [])],
        // The SDK, Powertools, zod and middy come from the runtime layer as `looptijd-runtime/<package>` (infra/runtime-layer.ts);
        // Node's built-ins load through the require path, not an ESM facade (infra/bundling.ts builtinAliases).
        esbuildArgs: Object.fromEntries(Object.entries(functionAliases()).map(([from, to]) => [`--alias:${from}`, to])),
        banner: BUNDLING.banner,
        define: bundlingDefine(),
      },
    });
    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    acknowledge(this.role, 'IAM5[Resource::*]', 'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions');
    acknowledge(this.fn, 'L1', 'Node 22 on purpose: the runtime the code is built and tested with locally (.nvmrc, engines); move with them, not ahead of them');
  }
}

export interface LooptijdStackProps extends StackProps {
  readonly config: DeployConfig;
  /** Defaults to the registry in infra/functions.ts. */
  readonly functions?: readonly FunctionDefinition[];
}

export class LooptijdStack extends Stack {
  readonly config: DeployConfig;
  readonly names: Names;
  readonly table: Table;
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  readonly bus: EventBus;
  readonly alarmTopic: Topic;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly functions: Record<string, LooptijdFunction> = {};
  /** Created with the first function that reads them. */
  readonly secrets: Partial<Record<SecretName, Secret>> = {};
  readonly alarms: Alarm[] = [];
  private api: HttpApi | undefined;
  private authorizer: IHttpRouteAuthorizer | undefined;
  private readonly layers = new Map<string, LayerVersion>();
  private readonly alarmAction: IAlarmAction;
  private readonly removalPolicy: RemovalPolicy;
  /** Function ids live in their own scope, so a function may share a queue's name. */
  private readonly functionScope: Construct;

  constructor(scope: Construct, id: string, props: LooptijdStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    this.names = namesOf(config.stage);
    const settings = STAGE_SETTINGS[config.stage];
    this.removalPolicy = settings.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.tags.setTag('looptijd:stage', config.stage);

    // Alarms go to one encrypted topic; prod mails the on-call address (config alarmEmail).
    const topicKey = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: `${this.names.alarmTopic}: encrypts alarm notifications`, removalPolicy: RemovalPolicy.DESTROY });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { topicName: this.names.alarmTopic, masterKey: topicKey, enforceSSL: true });
    if (config.alarmEmail !== undefined) this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    this.alarmAction = new SnsAction(this.alarmTopic);

    this.table = createTable(this, TABLE, this.names.table, settings.protect);

    const queues = {} as Record<QueueName, Queue>;
    const deadLetterQueues = {} as Record<QueueName, Queue>;
    for (const name of QUEUE_NAMES) {
      const definition = QUEUES[name];
      const dlq = new Queue(this, `${name}-dlq`, {
        queueName: this.names.queue(definition.dlqName),
        retentionPeriod: Duration.seconds(definition.dlqRetentionSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: this.removalPolicy,
      });
      queues[name] = new Queue(this, name, {
        queueName: this.names.queue(definition.name),
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: this.removalPolicy,
      });
      deadLetterQueues[name] = dlq;
      // Any message in a DLQ needs a person: alarm on the first one.
      this.alarm(`${name}-dlq-alarm`, {
        alarmName: this.names.alarm(`${definition.dlqName}-not-empty`),
        alarmDescription: `Messages in ${definition.dlqName}: inspect and replay them (npm run cli).`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
      });
      // Work piling up: the consumer is failing, throttled or too slow.
      this.alarm(`${name}-age-alarm`, {
        alarmName: this.names.alarm(`${definition.name}-oldest-message-age`),
        alarmDescription: `The oldest message in ${definition.name} waited over 5 minutes: is its function failing or throttled?`,
        metric: queues[name].metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 300,
        evaluationPeriods: 5,
      });
    }
    this.queues = queues;
    this.deadLetterQueues = deadLetterQueues;

    this.bus = new EventBus(this, 'AccessBus', { eventBusName: this.names.bus });

    // SES: the sending identity, with the configuration set as its default (every send is tracked and
    // SES's own suppression list applies); bounces and complaints come back on the default bus.
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.names.configurationSet,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.DELIVERY_DELAY],
    });
    const senderDomain = config.senderAddress.split('@')[1]!;
    this.identity = new EmailIdentity(this, 'EmailIdentity', {
      // prod: the whole sending domain, DKIM-signed (Easy DKIM: publish the three CNAMEs in the stack's outputs);
      // dev: one address, verified by clicking the link SES mails to it.
      identity: config.sesIdentity === 'domain' ? Identity.domain(senderDomain) : Identity.email(config.senderAddress),
      configurationSet: this.configurationSet,
    });
    if (config.sesIdentity === 'domain') {
      for (const [i, record] of this.identity.dkimRecords.entries()) new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
    }

    this.functionScope = new Construct(this, 'Functions');
    // The authorizer first: the API's authorized routes attach to it.
    const definitions = [...(props.functions ?? registeredFunctions)].sort((a, b) => Number(b.trigger.kind === 'authorizer') - Number(a.trigger.kind === 'authorizer'));
    for (const definition of definitions) this.addFunction(definition);

    this.dashboard();
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'SesIdentity', { value: this.identity.emailIdentityName });
  }

  private alarm(id: string, props: { alarmName: string; alarmDescription: string; metric: Metric | MathExpression; threshold: number; evaluationPeriods?: number }): Alarm {
    const alarm = new Alarm(this, id, {
      ...props,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    alarm.addOkAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }

  private addFunction(definition: FunctionDefinition): LooptijdFunction {
    if (this.functions[definition.name] !== undefined) throw new Error(`function '${definition.name}' is registered twice`);
    const fn = new LooptijdFunction(this.functionScope, definition.name, {
      entry: definition.entry,
      handler: definition.handler,
      functionName: this.names.fn(definition.name),
      stage: this.config.stage,
      serviceName: definition.name,
      logRetention: STAGE_SETTINGS[this.config.stage].logRetentionDays,
      removalPolicy: this.removalPolicy,
      ...(definition.timeoutSeconds !== undefined && { timeout: Duration.seconds(definition.timeoutSeconds) }),
      ...(definition.memoryMb !== undefined && { memorySize: definition.memoryMb }),
      layers: [
        this.runtimeLayer(),
        ...(definition.layerFiles !== undefined ? [this.layer(definition.name, definition.layerFiles)] : []),
        ...(definition.layerModules !== undefined ? [this.moduleLayer(definition.layerModules)] : []),
      ],
      ...(definition.layerModules !== undefined && { externalModules: definition.layerModules }),
    });
    // Least privilege: exactly what the registry says the handler's code uses.
    const uses = definition.uses;
    this.grantTable(fn, uses.table, uses.tableKeyPrefix);
    if (uses.tableWritesUnder !== undefined && uses.tableWritesUnder.length > 0) {
      if (uses.table !== 'read') throw new Error(`function '${definition.name}': tableWritesUnder narrows a read-only grant`);
      fn.role.addToPolicy(new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': uses.tableWritesUnder.map((prefix) => `${prefix}*`) } },
      }));
    }
    for (const name of uses.sendsTo ?? []) this.grantSend(fn, name, this.queues[name], ENV.queueUrl(name));
    if (uses.bus === true) {
      fn.fn.addEnvironment(ENV.eventBusName, this.bus.eventBusName);
      this.bus.grantPutEventsTo(fn.role);
    }
    if (uses.email === true) this.grantEmail(fn);
    if (uses.invoicing === true) for (const [name, value] of Object.entries(providerEnvironment(this.config))) fn.fn.addEnvironment(name, value);
    for (const name of uses.secrets ?? []) this.grantSecret(fn, name, this.secret(name));

    const trigger = definition.trigger;
    switch (trigger.kind) {
      case 'queue':
        // Handlers dead-letter hopeless messages themselves (app/queue-consumer.ts).
        this.grantSend(fn, `${trigger.queue}-dlq`, this.deadLetterQueues[trigger.queue], `${ENV.queueUrl(trigger.queue)}_DLQ`);
        fn.fn.addEventSource(
          new SqsEventSource(this.queues[trigger.queue], {
            batchSize: trigger.batchSize ?? 10,
            ...(trigger.maxBatchingWindowSeconds !== undefined && { maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds) }),
            reportBatchItemFailures: true,
          }),
        );
        break;
      case 'schedule':
        new Rule(fn, 'Schedule', { ruleName: this.names.fn(`${definition.name}-schedule`), schedule: Schedule.rate(Duration.minutes(SWEEP.rateMinutes)), targets: [new LambdaFunction(fn.fn)] });
        break;
      case 'api': {
        const integration = new HttpLambdaIntegration(`${definition.name}-integration`, fn.fn);
        for (const route of trigger.routes) {
          const [created] = this.httpApi().addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, ...(route.authorized === true && { authorizer: this.apiAuthorizer() }) });
          if (route.authorized !== true && created !== undefined) acknowledge(created, 'APIG4', openRouteReason(route.path));
        }
        break;
      }
      case 'authorizer':
        if (this.authorizerFunction !== undefined) throw new Error('only one authorizer function');
        this.authorizerFunction = fn;
        break;
      case 'emailFeedback':
        new Rule(fn, 'SesFeedback', {
          ruleName: this.names.fn('ses-feedback'),
          description: `Bounces and complaints of configuration set ${this.names.configurationSet}`,
          eventPattern: { source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': [this.names.configurationSet] } } } },
          targets: [new LambdaFunction(fn.fn, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
        });
        break;
      default: {
        const unknown: never = trigger;
        throw new Error(`unknown trigger ${JSON.stringify(unknown)}`);
      }
    }
    this.functionAlarms(definition.name, fn);
    this.functions[definition.name] = fn;
    return fn;
  }

  private authorizerFunction: LooptijdFunction | undefined;

  /** Errors and throttles of every function notify the alarm topic. */
  private functionAlarms(name: string, fn: LooptijdFunction): void {
    this.alarm(`${name}-errors-alarm`, {
      alarmName: this.names.alarm(`${name}-errors`),
      alarmDescription: `${name} failed invocations (a whole batch or request failed, not one message): see its logs and traces.`,
      metric: fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
    });
    this.alarm(`${name}-throttles-alarm`, {
      alarmName: this.names.alarm(`${name}-throttles`),
      alarmDescription: `${name} was throttled: account concurrency exhausted or a reserved limit too low.`,
      metric: fn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
    });
  }

  /** Table name passed and access granted: actions on the table and on its named indexes only (no `index/*`). */
  private grantTable(fn: LooptijdFunction, access: 'none' | 'read' | 'readWrite', keyPrefix: string | undefined): void {
    if (access === 'none') return;
    fn.fn.addEnvironment(ENV.tableName, this.table.tableName);
    const indexArns = Object.values(TABLE.indexes).map((index) => `${this.table.tableArn}/index/${index.name}`);
    const leadingKeys = keyPrefix === undefined ? {} : { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keyPrefix}*`] } } };
    const read = keyPrefix === undefined ? ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem'] : ['dynamodb:GetItem'];
    fn.role.addToPolicy(new PolicyStatement({ actions: read, resources: keyPrefix === undefined ? [this.table.tableArn, ...indexArns] : [this.table.tableArn], ...leadingKeys }));
    if (access === 'readWrite') {
      const write = keyPrefix === undefined ? ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] : ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
      fn.role.addToPolicy(new PolicyStatement({ actions: write, resources: [this.table.tableArn], ...leadingKeys }));
    }
  }

  private grantSend(fn: LooptijdFunction, _name: string, queue: Queue, envName: string): void {
    fn.fn.addEnvironment(envName, queue.queueUrl);
    fn.role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  }

  /** SendEmail from the stage's identity, through its configuration set, from the configured address only. */
  private grantEmail(fn: LooptijdFunction): void {
    fn.fn.addEnvironment('MAIL_FROM', this.config.senderAddress);
    fn.fn.addEnvironment('MAIL_FROM_NAME', this.config.providerName);
    const sesArn = (resource: string, name: string) => Arn.format({ service: 'ses', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, this);
    fn.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [sesArn('identity', this.identity.emailIdentityName), sesArn('configuration-set', this.names.configurationSet)],
        conditions: { StringEquals: { 'ses:FromAddress': this.config.senderAddress } },
      }),
    );
    // In the SES sandbox every recipient is a verified identity too, and SES authorizes the send against it:
    // dev (sandbox) may also use those identities, still only from the configured address. Prod is out of the sandbox.
    if (this.config.stage === 'dev') {
      fn.role.addToPolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [sesArn('identity', '*')], conditions: { StringEquals: { 'ses:FromAddress': this.config.senderAddress } } }));
      const shown = (value: string, token: string) => (Token.isUnresolved(value) ? `<${token}>` : value);
      const finding = `IAM5[Resource::arn:${shown(this.partition, 'AWS::Partition')}:ses:${shown(this.region, 'AWS::Region')}:${shown(this.account, 'AWS::AccountId')}:identity/*]`;
      acknowledge(fn.role, finding, 'dev runs in the SES sandbox, where SendEmail is also authorized against each (verified) recipient identity; the ses:FromAddress condition pins the sender to the configured address');
    }
  }

  private grantSecret(fn: LooptijdFunction, name: SecretName, secret: ISecret): void {
    fn.fn.addEnvironment(ENV.secretArn(name), secret.secretArn);
    fn.fn.addEnvironment('SECRET_REFRESH_SECONDS', String(SECRET_REFRESH_SECONDS));
    fn.role.addToPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
  }

  /** A generated secret (Secrets Manager), created with the first function that reads it. */
  private secret(name: SecretName): Secret {
    const existing = this.secrets[name];
    if (existing !== undefined) return existing;
    const secret = new Secret(this, `${name}-secret`, {
      secretName: this.names.secret(SECRETS[name].name.split('/').pop()!),
      description: SECRETS[name].description,
      // Letters and digits only: also valid base64, as a Standard Webhooks secret must be (decodes to a 24-byte key).
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy: this.removalPolicy,
    });
    acknowledge(
      secret,
      'SMG4',
      name === 'webhook'
        ? 'shared with the payment provider: rotating it is a coordinated change on their side too (README "Deploy: secrets"); functions pick up a new value within SECRET_REFRESH_SECONDS or at once on a failed signature'
        : 'rotating the cursor key invalidates every outstanding pagination cursor; rotated by hand (README "Deploy: secrets"), functions pick it up within SECRET_REFRESH_SECONDS',
    );
    this.secrets[name] = secret;
    return secret;
  }

  private runtime: ILayerVersion | undefined;

  /**
   * The runtime layer every function loads its libraries from (infra/runtime-layer.ts): the AWS SDK
   * clients, Powertools, zod and middy at the installed versions, tree-shaken and minified; built
   * locally by esbuild at synth.
   */
  private runtimeLayer(): ILayerVersion {
    if (this.runtime !== undefined) return this.runtime;
    const root = mkdtempSync(join(tmpdir(), 'looptijd-runtime-'));
    buildRuntimeLayer(root);
    this.runtime = new LayerVersion(this, 'RuntimeLayer', {
      layerVersionName: this.names.fn('runtime'),
      description: 'AWS SDK clients, Powertools, zod and middy for the functions (infra/runtime-layer.ts), tree-shaken and minified',
      compatibleArchitectures: [Architecture.ARM_64],
      compatibleRuntimes: [LAMBDA_RUNTIME],
      removalPolicy: RemovalPolicy.DESTROY,
      code: Code.fromAsset(root),
    });
    return this.runtime;
  }

  /** A layer holding files a function serves but should not bundle (Scalar's 3.5 MB docs page). */
  private layer(name: string, files: Readonly<Record<string, string>>): LayerVersion {
    const existing = this.layers.get(name);
    if (existing !== undefined) return existing;
    const paths = Object.entries(files).map(([file, path]) => [file, resolve(REPO_ROOT, path)] as const);
    for (const [, path] of paths) if (!existsSync(path)) throw new Error(`cannot put ${path} in a layer: not found (npm ci?)`);
    const layer = new LayerVersion(this, `${name}-files`, {
      layerVersionName: this.names.fn(`${name}-files`),
      description: `Files ${name} serves from /opt: ${Object.keys(files).join(', ')}`,
      compatibleArchitectures: [Architecture.ARM_64],
      removalPolicy: RemovalPolicy.DESTROY,
      code: Code.fromAsset(dirname(paths[0]![1]), {
        // Copied locally, no Docker: the layer holds exactly these files.
        bundling: {
          image: DockerImage.fromRegistry('scratch'),
          local: {
            tryBundle(outputDir: string) {
              for (const [file, path] of paths) copyFileSync(path, join(outputDir, file));
              return true;
            },
          },
        },
      }),
    });
    this.layers.set(name, layer);
    return layer;
  }

  /**
   * A layer holding npm modules too big for a function's bundle, each bundled by esbuild into one
   * CommonJS file `/opt/<module>.cjs` (pdf-lib: documents/pdf-lib.ts loads it from there). One
   * layer per set of modules, shared by the functions that name the same set.
   */
  private moduleLayer(modules: readonly string[]): LayerVersion {
    const key = `modules:${[...modules].sort().join(',')}`;
    const existing = this.layers.get(key);
    if (existing !== undefined) return existing;
    const id = [...modules].sort().join('-').replace(/[^A-Za-z0-9-]/g, '');
    const layer = new LayerVersion(this, `${id}-modules`, {
      layerVersionName: this.names.fn(`${id}-modules`),
      description: `npm modules as /opt/<module>.cjs: ${modules.join(', ')}`,
      compatibleArchitectures: [Architecture.ARM_64],
      removalPolicy: RemovalPolicy.DESTROY,
      code: Code.fromAsset(resolve(REPO_ROOT, 'node_modules', modules[0]!), {
        // Bundled locally, no Docker: the layer holds exactly one file per module.
        bundling: {
          image: DockerImage.fromRegistry('scratch'),
          local: {
            tryBundle(outputDir: string) {
              for (const name of modules) {
                buildSync({
                  stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: REPO_ROOT, loader: 'js' },
                  bundle: true, platform: 'node', format: 'cjs', target: BUNDLING.target, minify: true, logLevel: 'error',
                  outfile: join(outputDir, `${name.replace(/\//g, '__')}.cjs`),
                });
              }
              return true;
            },
          },
        },
      }),
    });
    this.layers.set(key, layer);
    return layer;
  }

  private apiAuthorizer(): IHttpRouteAuthorizer {
    if (this.authorizer !== undefined) return this.authorizer;
    const fn = this.authorizerFunction;
    if (fn === undefined) throw new Error("an authorized route needs the 'authorizer' function registered before it (infra/functions.ts)");
    this.authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', fn.fn, {
      authorizerName: this.names.fn('api-key'),
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: AUTHORIZER_CACHE,
    });
    return this.authorizer;
  }

  /** The HTTP API, created with the first api route: throttled, access-logged, 5xx alarmed, optionally on a custom domain. */
  private httpApi(): HttpApi {
    if (this.api !== undefined) return this.api;
    const api = new HttpApi(this, 'HttpApi', { apiName: this.names.api, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { logGroupName: `/aws/apigateway/${this.names.api}`, retention: STAGE_SETTINGS[this.config.stage].logRetentionDays, removalPolicy: this.removalPolicy });
    const domain = this.config.customDomain;
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      detailedMetricsEnabled: false,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            reseller: '$context.authorizer.resellerId',
          }),
        ),
      },
      ...(domain !== undefined && {
        domainMapping: { domainName: new DomainName(this, 'ApiDomain', { domainName: domain.domainName, certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', domain.certificateArn) }) },
      }),
    });
    this.alarm('api-5xx-alarm', {
      alarmName: this.names.alarm('api-5xx-rate'),
      alarmDescription: 'Over 1 % of API requests answered 5xx for 5 minutes: see the access logs and the functions behind the routes.',
      metric: new MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { errors: stage.metricServerError({ statistic: 'Sum' }), requests: stage.metricCount({ statistic: 'SampleCount' }) },
        period: Duration.minutes(1),
        label: '5xx %',
      }),
      threshold: 1,
      evaluationPeriods: 5,
    });
    new CfnOutput(this, 'ApiUrl', { value: domain !== undefined ? `https://${domain.domainName}` : api.apiEndpoint });
    this.api = api;
    this.apiStage = stage;
    return api;
  }

  private apiStage: HttpStage | undefined;

  private dashboard(): void {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: this.names.dashboard });
    const custom = (metricName: string, label: string, dimensionsMap: Record<string, string> = {}) =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { stage: this.config.stage, ...dimensionsMap }, statistic: 'Sum', period: Duration.minutes(5), label });
    const fns = Object.entries(this.functions);
    dashboard.addWidgets(
      new TextWidget({ markdown: `# Looptijd ${this.config.stage}\nAlarms notify \`${this.names.alarmTopic}\`. A message in a DLQ needs a person: \`npm run cli -- dlq\`.`, width: 24, height: 2 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Events decided (by outcome)',
        width: 12,
        left: ['applied', 'ignored', 'refused'].map((outcome) => new MathExpression({ expression: `SUM(SEARCH('{${METRICS_NAMESPACE},outcome,service,stage} MetricName="EventsDecided" outcome="${outcome}" stage="${this.config.stage}"', 'Sum', 300))`, label: outcome, period: Duration.minutes(5) })),
      }),
      new GraphWidget({ title: 'E-mails sent, suppressed; DLQ writes', width: 12, left: [custom('EmailsSent', 'e-mails sent'), custom('EmailsSuppressed', 'suppressed (bounced/complained)'), new MathExpression({ expression: `SUM(SEARCH('{${METRICS_NAMESPACE},queue,service,stage} MetricName="DlqWrites" stage="${this.config.stage}"', 'Sum', 300))`, label: 'DLQ writes', period: Duration.minutes(5) })] }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Queue depth', width: 8, left: QUEUE_NAMES.map((q) => this.queues[q].metricApproximateNumberOfMessagesVisible({ label: q, statistic: 'Maximum' })) }),
      new GraphWidget({ title: 'Age of oldest message (s)', width: 8, left: QUEUE_NAMES.map((q) => this.queues[q].metricApproximateAgeOfOldestMessage({ label: q, statistic: 'Maximum' })) }),
      new SingleValueWidget({ title: 'Dead-letter queues', width: 8, metrics: QUEUE_NAMES.map((q) => this.deadLetterQueues[q].metricApproximateNumberOfMessagesVisible({ label: `${q}-dlq`, statistic: 'Maximum' })) }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', width: 8, left: fns.map(([name, f]) => f.fn.metricErrors({ label: name, statistic: 'Sum' })) }),
      new GraphWidget({ title: 'Function duration p95 (ms)', width: 8, left: fns.map(([name, f]) => f.fn.metricDuration({ label: name, statistic: 'p95' })) }),
      new GraphWidget({ title: 'Throttles', width: 8, left: fns.map(([name, f]) => f.fn.metricThrottles({ label: name, statistic: 'Sum' })) }),
    );
    if (this.apiStage !== undefined) {
      const stage = this.apiStage;
      dashboard.addWidgets(
        new GraphWidget({ title: 'API requests, 4xx, 5xx', width: 12, left: [stage.metricCount({ statistic: 'Sum', label: 'requests' }), stage.metricClientError({ statistic: 'Sum', label: '4xx' }), stage.metricServerError({ statistic: 'Sum', label: '5xx' })] }),
        new GraphWidget({ title: 'API latency (ms)', width: 12, left: [stage.metricLatency({ statistic: 'p50', label: 'p50' }), stage.metricLatency({ statistic: 'p99', label: 'p99' })] }),
      );
    }
  }
}

function openRouteReason(path: string): string {
  if (path.startsWith('/webhooks/')) return 'the payment provider cannot send our API key: every request is authenticated by its Standard Webhooks signature (HMAC over id, timestamp and body) in the function, and refused with 401 before anything is queued';
  if (path === '/v1/openapi.json' || path.startsWith('/docs')) return 'public API documentation (OpenAPI document and its reference page): no customer data, nothing to authorize';
  return `route ${path} is open`;
}

function createTable(scope: Construct, definition: TableDefinition, tableName: string, protect: boolean): Table {
  const attribute = (key: KeyAttribute) => ({
    name: key.name,
    type: key.type === 'S' ? AttributeType.STRING : key.type === 'N' ? AttributeType.NUMBER : AttributeType.BINARY,
  });
  const table = new Table(scope, 'Table', {
    tableName,
    partitionKey: attribute(definition.partitionKey),
    sortKey: attribute(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    stream: StreamViewType[definition.stream],
    // PITR in every stage (cheap at dev's size, and cdk-nag DDB3 holds); prod also cannot be deleted.
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: protect,
    removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  for (const index of Object.values(definition.indexes)) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: ProjectionType[index.projection],
    });
  }
  return table;
}
