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
export const functions: readonly FunctionDefinition[] = [];
