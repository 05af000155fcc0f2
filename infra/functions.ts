import type { QueueName } from './definitions.js';

/** What invokes a function. */
export type FunctionTrigger =
  /** An SQS event source with partial batch responses (`batchItemFailures`). */
  | { kind: 'queue'; queue: QueueName; batchSize?: number; maxBatchingWindowSeconds?: number }
  /** The scheduled sweep, at SWEEP.rateMinutes. */
  | { kind: 'schedule' }
  /** A route of the HTTP API, e.g. `{ method: 'POST', path: '/webhooks/{provider}' }`. */
  | { kind: 'api'; method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY'; path: string };

/** One Lambda function of the app. */
export interface FunctionDefinition {
  /** Short kebab-case name, unique; becomes the construct id. */
  name: string;
  /** Handler module, relative to the repository root, e.g. `functions/payment-events.ts`. */
  entry: string;
  /** Exported handler name in `entry`. */
  handler: string;
  trigger: FunctionTrigger;
  /** Default 20 s; a queue consumer's must stay below the queue's visibility timeout. */
  timeoutSeconds?: number;
  /** Default 512. */
  memoryMb?: number;
}

/** Every function of the app; the CDK stack creates one Lambda per entry. The local runner reads it too. */
export const functions: readonly FunctionDefinition[] = [
  { name: 'subscription-events', entry: 'functions/subscription-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'subscription-events', batchSize: 10, maxBatchingWindowSeconds: 1 } },
  { name: 'payment-events', entry: 'functions/payment-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'payment-events', batchSize: 10, maxBatchingWindowSeconds: 1 } },
  { name: 'cancellation-events', entry: 'functions/cancellation-events.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'cancellation-events', batchSize: 10, maxBatchingWindowSeconds: 1 } },
  { name: 'outbox', entry: 'functions/outbox.ts', handler: 'handler', trigger: { kind: 'queue', queue: 'outbox', batchSize: 10 } },
  { name: 'sweep', entry: 'functions/sweep.ts', handler: 'handler', trigger: { kind: 'schedule' }, timeoutSeconds: 60 },
  { name: 'partner-api', entry: 'functions/partner-api.ts', handler: 'handler', trigger: { kind: 'api', method: 'ANY', path: '/v1/{proxy+}' }, timeoutSeconds: 10 },
  { name: 'payment-webhook', entry: 'functions/webhook.ts', handler: 'handler', trigger: { kind: 'api', method: 'POST', path: '/webhooks/payments' }, timeoutSeconds: 10 },
];
