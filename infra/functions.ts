import type { QueueName, SecretName } from './definitions.js';

/** What invokes a function. */
export type FunctionTrigger =
  /** An SQS event source with partial batch responses (`batchItemFailures`). */
  | { kind: 'queue'; queue: QueueName; batchSize?: number; maxBatchingWindowSeconds?: number }
  /** The scheduled sweep, at SWEEP.rateMinutes. */
  | { kind: 'schedule' }
  /** Routes of the HTTP API, e.g. `[{ method: 'POST', path: '/webhooks/{provider}' }]`; `authorized` routes go through the API's Lambda authorizer. */
  | { kind: 'api'; routes: readonly ApiRoute[] }
  /** The HTTP API's Lambda authorizer (Authorization: Bearer <api key>), its answers cached by API Gateway. */
  | { kind: 'authorizer' }
  /** SES bounce and complaint events of the stage's configuration set (EventBridge default bus). */
  | { kind: 'emailFeedback' };

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  path: string;
  /** Behind the API-key authorizer; the others justify in infra/stack.ts why they are open. */
  authorized?: boolean;
}

/**
 * What a function's code touches: the stack passes each resource's name or URL and grants exactly
 * this, nothing more (least privilege). A queue consumer also dead-letters to its own queue's DLQ
 * (app/queue-consumer.ts), so that grant follows from its trigger.
 */
export interface FunctionUses {
  /** The table of record: name passed, read or read/write granted; `none` for a function that never touches it. */
  table: 'none' | 'read' | 'readWrite';
  /** Only items whose partition key starts with this (IAM `dynamodb:LeadingKeys`), e.g. `APIKEY#`. */
  tableKeyPrefix?: string;
  /** With `table: 'read'`: writes (PutItem, UpdateItem, DeleteItem) only to items whose partition key starts with one of these. */
  tableWritesUnder?: readonly string[];
  /** Queues it sends to (URL passed, SendMessage granted). */
  sendsTo?: readonly QueueName[];
  /** Sends e-mail through SES. */
  email?: boolean;
  /** Publishes access changes on the bus. */
  bus?: boolean;
  /** Issues or renders invoices: the provider's details and number series passed as PROVIDER_* (infra/config.ts providerEnvironment). */
  invoicing?: boolean;
  /** Secrets it reads at cold start (ARN passed, GetSecretValue granted). */
  secrets?: readonly SecretName[];
}

/** One Lambda function of the app. */
export interface FunctionDefinition {
  /** Short kebab-case name, unique; becomes the construct id. */
  name: string;
  /** Handler module, relative to the repository root, e.g. `functions/payment-events.ts`. */
  entry: string;
  /** Exported handler name in `entry`. */
  handler: string;
  trigger: FunctionTrigger;
  uses: FunctionUses;
  /** Default 20 s; a queue consumer's must stay below the queue's visibility timeout. */
  timeoutSeconds?: number;
  /** Default 512. */
  memoryMb?: number;
  /** Files served from a Lambda layer at /opt/<name> (kept out of the bundle): name → path from the repository root. */
  layerFiles?: Readonly<Record<string, string>>;
  /**
   * npm modules kept out of the bundle and shipped in a Lambda layer as one CommonJS file each,
   * `/opt/<module>.cjs`, for libraries bigger than the bundle budget (issue 9): pdf-lib; also the package's own
   * `#…` imports (package.json `imports`), such as the PDF renderer, which then no bundle carries.
   */
  layerModules?: readonly string[];
}

/** pdf-lib and the renderer over it (documents/pdf.ts, as the package's `#pdf-renderer` import): one layer for the functions that render PDFs. */
export const PDF_LAYER_MODULES = ['pdf-lib', '#pdf-renderer'] as const;

/** Every function of the app; the CDK stack creates one Lambda per entry. The local runner reads it too. */
export const functions: readonly FunctionDefinition[] = [
  // Event handlers: load, decide, save; hand effects to the outbox; fan-outs and follow-ups are subscription events.
  { name: 'subscription-events', entry: 'functions/subscription-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'subscription-events', batchSize: 10, maxBatchingWindowSeconds: 1 }, uses: { table: 'readWrite', sendsTo: ['outbox', 'subscription-events'], invoicing: true } },
  { name: 'payment-events', entry: 'functions/payment-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'payment-events', batchSize: 10, maxBatchingWindowSeconds: 1 }, uses: { table: 'readWrite', sendsTo: ['outbox', 'subscription-events'], invoicing: true } },
  { name: 'cancellation-events', entry: 'functions/cancellation-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'cancellation-events', batchSize: 10, maxBatchingWindowSeconds: 1 }, uses: { table: 'readWrite', sendsTo: ['outbox', 'subscription-events'], invoicing: true } },
  // Mails (an invoice e-mail with its PDF: pdf-lib from a layer), access changes, reseller follow-ups fanned out as subscription events, and webhooks to resellers: outbound
  // HTTPS to any host, so it runs outside a VPC (Lambda's own internet access); a webhook retry is a delayed outbox message.
  { name: 'outbox', entry: 'functions/outbox.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'outbox', batchSize: 10 }, uses: { table: 'readWrite', sendsTo: ['subscription-events', 'outbox'], email: true, bus: true, invoicing: true }, layerModules: PDF_LAYER_MODULES },
  // Reads the due and outbox indexes; due ticks are subscription events, lost hand-offs go back on outbox.
  { name: 'sweep', entry: 'functions/sweep.ts', handler: 'handler', trigger: { kind: 'schedule' }, timeoutSeconds: 60, uses: { table: 'read', sendsTo: ['subscription-events', 'outbox'] } },
  // Writes idempotency keys and id claims (adapters/api-writes.ts); every other write is an event on its queue.
  { name: 'partner-api', entry: 'functions/partner-api.ts', handler: 'handler', trigger: { kind: 'api', routes: [{ method: 'ANY', path: '/v1/{proxy+}', authorized: true }] }, timeoutSeconds: 10, uses: { table: 'readWrite', sendsTo: ['subscription-events', 'payment-events', 'cancellation-events'], secrets: ['cursor'] } },
  // The webhook endpoints: registration, secrets, the delivery log (WHEP#/DLV# items, idempotency keys) and replays onto the outbox queue.
  {
    name: 'webhook-endpoints', entry: 'functions/webhook-endpoints.ts', handler: 'handler', timeoutSeconds: 10,
    trigger: { kind: 'api', routes: [{ method: 'ANY', path: '/v1/webhook-endpoints', authorized: true }, { method: 'ANY', path: '/v1/webhook-endpoints/{proxy+}', authorized: true }, { method: 'GET', path: '/v1/webhook-event-types', authorized: true }] },
    uses: { table: 'readWrite', sendsTo: ['outbox'], secrets: ['cursor'] },
  },
  // The API's documentation, open: /v1/openapi.json (prebuilt into the bundle) and the /docs page (Scalar's 3.5 MB script from a layer). No table, no queue.
  { name: 'api-docs', entry: 'functions/api-docs.ts', handler: 'handler', trigger: { kind: 'api', routes: [{ method: 'GET', path: '/v1/openapi.json' }, { method: 'GET', path: '/docs' }, { method: 'GET', path: '/docs/{proxy+}' }] }, timeoutSeconds: 5, memoryMb: 256, uses: { table: 'none' }, layerFiles: { 'scalar.js': 'node_modules/@scalar/api-reference/dist/browser/standalone.js' } },
  // API Gateway asks it who a key belongs to and caches the answer; it reads the API-key items only.
  { name: 'api-authorizer', entry: 'functions/api-authorizer.ts', handler: 'handler', trigger: { kind: 'authorizer' }, timeoutSeconds: 5, memoryMb: 256, uses: { table: 'read', tableKeyPrefix: 'APIKEY#' } },
  // SES bounces and complaints: marks the address so the outbox stops mailing it; writes the suppression items only.
  { name: 'email-feedback', entry: 'functions/email-feedback.ts', handler: 'handler', trigger: { kind: 'emailFeedback' }, timeoutSeconds: 10, memoryMb: 256, uses: { table: 'readWrite', tableKeyPrefix: 'EMAIL#' } },
  // The invoice documents (PDF, UBL): its own function so pdf-lib and the XML builder stay out of partner-api; pdf-lib from a layer.
  {
    name: 'invoice-documents', entry: 'functions/invoice-documents.ts', handler: 'handler', timeoutSeconds: 10, memoryMb: 1024,
    trigger: { kind: 'api', routes: [{ method: 'GET', path: '/v1/invoices/{invoiceId}/pdf', authorized: true }, { method: 'GET', path: '/v1/invoices/{invoiceId}/ubl', authorized: true }] },
    uses: { table: 'read', invoicing: true }, layerModules: PDF_LAYER_MODULES,
  },
  { name: 'payment-webhook', entry: 'functions/webhook.ts', handler: 'handler', trigger: { kind: 'api', routes: [{ method: 'POST', path: '/webhooks/payments' }] }, timeoutSeconds: 10, uses: { table: 'readWrite', sendsTo: ['payment-events'], secrets: ['webhook'] } },
];
