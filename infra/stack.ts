import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ENV,
  EVENT_BUS,
  type KeyAttribute,
  QUEUE_NAMES,
  QUEUES,
  type QueueName,
  SECRETS,
  type SecretName,
  SWEEP,
  TABLE,
  type TableDefinition,
} from './definitions.js';
import { type FunctionDefinition, functions as registeredFunctions } from './functions.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// nodejs20.x is deprecated on Lambda since 2026-04-30; creation stops 2027-02-01 (cfn-lint W2531).
// Node 22: AWS stops creating Node 20 functions on 2027-02-01. The bundle targets node20 syntax (what
// runs locally), which Node 22 runs unchanged.
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

export interface LooptijdFunctionProps {
  /** Handler module, relative to the repository root. */
  entry: string;
  handler: string;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  /** Files copied next to the handler in the bundle: name in the bundle → absolute path. */
  bundleFiles?: Readonly<Record<string, string>>;
}

/** A Lambda with the house defaults: ARM64, Node 22, ESM bundle with source maps, built by local esbuild, logs kept a month. */
export class LooptijdFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: LooptijdFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: resolve(REPO_ROOT, props.entry),
      handler: props.handler,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(20),
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node20',
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(props.bundleFiles !== undefined && { commandHooks: copyIntoBundle(props.bundleFiles) }),
      },
    });
  }

  /** Passes the table's name and grants read or read/write in one call. */
  useTable(table: ITable, access: 'read' | 'readWrite' = 'readWrite'): this {
    this.fn.addEnvironment(ENV.tableName, table.tableName);
    if (access === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    return this;
  }

  /** Passes the secret's ARN (never its value) and grants reading it in one call; the function fetches it at cold start. */
  readsSecret(name: SecretName, secret: ISecret): this {
    this.fn.addEnvironment(ENV.secretArn(name), secret.secretArn);
    secret.grantRead(this.fn);
    return this;
  }

  /** Passes the queue's URL and grants sending to it in one call. */
  sendsTo(name: QueueName, queue: IQueue): this {
    this.fn.addEnvironment(ENV.queueUrl(name), queue.queueUrl);
    queue.grantSendMessages(this.fn);
    return this;
  }

  /** Passes the dead-letter queue's URL and grants sending to it: handlers dead-letter hopeless messages themselves. */
  deadLettersTo(name: QueueName, dlq: IQueue): this {
    this.fn.addEnvironment(`${ENV.queueUrl(name)}_DLQ`, dlq.queueUrl);
    dlq.grantSendMessages(this.fn);
    return this;
  }

  /** Passes the bus name and grants PutEvents in one call. */
  publishesTo(bus: IEventBus): this {
    this.fn.addEnvironment(ENV.eventBusName, bus.eventBusName);
    bus.grantPutEventsTo(this.fn);
    return this;
  }

  /** Grants sending e-mail through SES. */
  sendsEmail(): this {
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: ['*'] }));
    return this;
  }
}

export interface LooptijdStackProps extends StackProps {
  /** Defaults to the registry in infra/functions.ts. */
  functions?: readonly FunctionDefinition[];
}

export class LooptijdStack extends Stack {
  readonly table: Table;
  readonly queues: Record<QueueName, Queue>;
  readonly deadLetterQueues: Record<QueueName, Queue>;
  readonly bus: EventBus;
  readonly functions: Record<string, LooptijdFunction> = {};
  /** Created with the first function that reads them. */
  readonly secrets: Partial<Record<SecretName, Secret>> = {};
  private api: HttpApi | undefined;
  /** Function ids live in their own scope, so a function may share a queue's name. */
  private readonly functionScope: Construct;

  constructor(scope: Construct, id: string, props: LooptijdStackProps = {}) {
    super(scope, id, props);
    this.table = createTable(this, TABLE);

    const queues = {} as Record<QueueName, Queue>;
    const deadLetterQueues = {} as Record<QueueName, Queue>;
    for (const name of QUEUE_NAMES) {
      const definition = QUEUES[name];
      const dlq = new Queue(this, `${name}-dlq`, {
        queueName: definition.dlqName,
        retentionPeriod: Duration.seconds(definition.dlqRetentionSeconds),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      queues[name] = new Queue(this, name, {
        queueName: definition.name,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      deadLetterQueues[name] = dlq;
      // Any message in a DLQ needs a person: alarm on the first one.
      new Alarm(this, `${name}-dlq-alarm`, {
        alarmName: `${definition.dlqName}-not-empty`,
        alarmDescription: `Messages in ${definition.dlqName}: inspect and replay them (npm run cli).`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    this.queues = queues;
    this.deadLetterQueues = deadLetterQueues;

    this.bus = new EventBus(this, 'AccessBus', { eventBusName: EVENT_BUS.name });

    this.functionScope = new Construct(this, 'Functions');
    for (const definition of props.functions ?? registeredFunctions) this.addFunction(definition);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }

  private addFunction(definition: FunctionDefinition): LooptijdFunction {
    if (this.functions[definition.name] !== undefined) throw new Error(`function '${definition.name}' is registered twice`);
    const fn = new LooptijdFunction(this.functionScope, definition.name, {
      entry: definition.entry,
      handler: definition.handler,
      ...(definition.timeoutSeconds !== undefined && { timeout: Duration.seconds(definition.timeoutSeconds) }),
      ...(definition.memoryMb !== undefined && { memorySize: definition.memoryMb }),
      ...(definition.bundleFiles !== undefined && {
        bundleFiles: Object.fromEntries(Object.entries(definition.bundleFiles).map(([name, path]) => [name, resolve(REPO_ROOT, path)])),
      }),
    });
    // Least privilege: exactly what the registry says the handler's code uses.
    const uses = definition.uses;
    fn.useTable(this.table, uses.table);
    for (const name of uses.sendsTo ?? []) fn.sendsTo(name, this.queues[name]);
    if (uses.bus === true) fn.publishesTo(this.bus);
    if (uses.email === true) fn.sendsEmail();
    for (const name of uses.secrets ?? []) fn.readsSecret(name, this.secret(name));

    const trigger = definition.trigger;
    switch (trigger.kind) {
      case 'queue':
        fn.deadLettersTo(trigger.queue, this.deadLetterQueues[trigger.queue]);
        fn.fn.addEventSource(
          new SqsEventSource(this.queues[trigger.queue], {
            batchSize: trigger.batchSize ?? 10,
            ...(trigger.maxBatchingWindowSeconds !== undefined && {
              maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
            }),
            reportBatchItemFailures: true,
          }),
        );
        break;
      case 'schedule':
        new Rule(fn, 'Schedule', {
          schedule: Schedule.rate(Duration.minutes(SWEEP.rateMinutes)),
          targets: [new LambdaFunction(fn.fn)],
        });
        break;
      case 'api': {
        const integration = new HttpLambdaIntegration(`${definition.name}-integration`, fn.fn);
        for (const route of trigger.routes) this.httpApi().addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
        break;
      }
      default: {
        const unknown: never = trigger;
        throw new Error(`unknown trigger ${JSON.stringify(unknown)}`);
      }
    }
    this.functions[definition.name] = fn;
    return fn;
  }

  /** A generated secret (Secrets Manager), created with the first function that reads it. */
  private secret(name: SecretName): Secret {
    return (this.secrets[name] ??= new Secret(this, `${name}-secret`, {
      secretName: SECRETS[name].name,
      description: SECRETS[name].description,
      // Letters and digits only: also valid base64, as a Standard Webhooks secret must be (decodes to a 24-byte key).
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    }));
  }

  /** The HTTP API, created with the first api route. */
  private httpApi(): HttpApi {
    if (this.api === undefined) {
      this.api = new HttpApi(this, 'HttpApi', { apiName: 'looptijd' });
      new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    }
    return this.api;
  }
}

/** esbuild bundling hooks that copy files next to the bundled handler (no Docker: these run in a local shell). */
function copyIntoBundle(files: Readonly<Record<string, string>>) {
  for (const path of Object.values(files)) if (!existsSync(path)) throw new Error(`cannot bundle ${path}: not found (npm ci?)`);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => Object.entries(files).map(([name, path]) => `cp "${path}" "${outputDir}/${name}"`),
  };
}

function createTable(scope: Construct, definition: TableDefinition): Table {
  const attribute = (key: KeyAttribute) => ({
    name: key.name,
    type: key.type === 'S' ? AttributeType.STRING : key.type === 'N' ? AttributeType.NUMBER : AttributeType.BINARY,
  });
  const table = new Table(scope, 'Table', {
    tableName: definition.name,
    partitionKey: attribute(definition.partitionKey),
    sortKey: attribute(definition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    stream: StreamViewType[definition.stream],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
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
