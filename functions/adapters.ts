/**
 * The adapters behind each port, per kind of function: a function's entry passes one of these
 * builders to depsFromEnv (functions/aws-deps.ts), so its bundle holds only the adapters it uses
 * (issue 9 item 5). The queue consumers and the sweep take them all; the API functions a few.
 */
import { EventBridgeAccessPublisher } from '../adapters/access-publisher.js';
import { DynamoDirectory } from '../adapters/directory.js';
import { DlqReasons } from '../adapters/dlq-reasons.js';
import { DynamoDueIndex } from '../adapters/due-index.js';
import { DynamoAccountStore } from '../adapters/dynamo-store.js';
import { EmailSuppressions, suppressingMailer } from '../adapters/email-suppressions.js';
import { DynamoEventOutcomes } from '../adapters/event-outcomes.js';
import { DynamoOutbox } from '../adapters/outbox-store.js';
import { DynamoParking } from '../adapters/parking.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { SqsEventQueues } from '../adapters/sqs-queues.js';
import { DynamoWebhookReplays } from '../adapters/webhook-replays.js';
import { DynamoWebhookStore } from '../adapters/webhook-store.js';
import { webhookTransport } from '../adapters/webhook-transport.js';
import type { AdapterBuilder } from './aws-deps.js';

/** How long a function instance remembers a reseller's webhook endpoints (docs/webhooks.md). */
export const WEBHOOK_ENDPOINT_CACHE_MS = 10_000;

/** Every port: the event handlers, the outbox and the sweep. */
export const allAdapters: AdapterBuilder = (b) => ({
  store: new DynamoAccountStore(b.doc, b.tableName),
  queues: new SqsEventQueues(b.sqs, b.queueUrls),
  // An address that bounced for good or complained is not mailed again (functions/email-feedback.ts marks it).
  ...(b.ses !== undefined && { mailer: suppressingMailer(new SesMailer(b.ses, b.mailFrom), new EmailSuppressions(b.doc, b.tableName), b.logger) }),
  ...(b.eventBridge !== undefined && { access: new EventBridgeAccessPublisher(b.eventBridge, b.eventBusName) }),
  directory: new DynamoDirectory(b.doc, b.tableName),
  outbox: new DynamoOutbox(b.doc, b.tableName, b.wallClock),
  deadLetters: new DlqReasons(b.doc, b.sqs, b.tableName, b.queueUrls, b.wallClock),
  dueIndex: new DynamoDueIndex(b.doc, b.tableName),
  parking: new DynamoParking(b.doc, b.tableName),
  outcomes: new DynamoEventOutcomes(b.doc, b.tableName, b.wallClock),
  webhookReplays: new DynamoWebhookReplays(b.doc, b.tableName, b.wallClock),
  // An endpoint registered or changed reaches the event handlers' decisions within WEBHOOK_ENDPOINT_CACHE_MS.
  webhooks: new DynamoWebhookStore(b.doc, b.tableName, WEBHOOK_ENDPOINT_CACHE_MS, b.wallClock),
  // Refuses hosts that resolve to private, loopback or link-local addresses, at every delivery (DNS rebinding).
  webhookTransport: webhookTransport({ allowLoopback: false }),
});

/** The partner API: events onto the queues (writes) and their outcomes. */
export const partnerApiAdapters: AdapterBuilder = (b) => ({
  queues: new SqsEventQueues(b.sqs, b.queueUrls),
  outcomes: new DynamoEventOutcomes(b.doc, b.tableName, b.wallClock),
});

/** The webhook endpoints: the endpoint and delivery items, and replays onto the outbox queue. */
export const webhookEndpointsAdapters: AdapterBuilder = (b) => ({
  queues: new SqsEventQueues(b.sqs, b.queueUrls),
  webhooks: new DynamoWebhookStore(b.doc, b.tableName, WEBHOOK_ENDPOINT_CACHE_MS, b.wallClock),
});

/** The payment webhook: the replay marks and the payment-events queue. */
export const paymentWebhookAdapters: AdapterBuilder = (b) => ({
  queues: new SqsEventQueues(b.sqs, b.queueUrls),
  webhookReplays: new DynamoWebhookReplays(b.doc, b.tableName, b.wallClock),
  outcomes: new DynamoEventOutcomes(b.doc, b.tableName, b.wallClock),
});

/** The invoice documents read through the read model only: no port. */
export const noAdapters: AdapterBuilder = () => ({});
