/**
 * SDK middleware that counts AWS requests by command name (for the bench and the tests), and
 * the hook the crash tests use to fail after the N-th call.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';

type AnyClient = DynamoDBClient | SQSClient | SESv2Client;

/** Counts of sent commands, e.g. `{ GetCommand: 2, TransactWriteCommand: 1 }` (one per send, retries not counted). */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  record(command: string): void {
    this.counts.set(command, (this.counts.get(command) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }
}

/**
 * Calls `after(commandName)` once each command of `client` has answered (successfully). Add it
 * to the base DynamoDBClient: a DynamoDBDocumentClient shares its middleware stack.
 * `after` may throw, which is how the crash tests cut a handler off right after a call.
 */
export function observeCalls(client: AnyClient, name: string, hooks: { before?: (command: string) => void; after?: (command: string) => void }): void {
  const stack = client.middlewareStack as unknown as {
    add(mw: unknown, options: { step: string; name: string; override?: boolean }): void;
    remove(name: string): boolean;
  };
  stack.remove(name);
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const command = context.commandName ?? 'unknown';
      hooks.before?.(command);
      const result = await next(args);
      hooks.after?.(command);
      return result;
    },
    { step: 'initialize', name, override: true },
  );
}

/** Adds a counting middleware to every client; returns the counter. */
export function countRequests(clients: { dynamodb: DynamoDBClient; sqs: SQSClient; ses: SESv2Client }, counter = new RequestCounter()): RequestCounter {
  for (const [service, client] of Object.entries(clients) as Array<[string, AnyClient]>) {
    observeCalls(client, 'looptijdRequestCounter', { before: (command) => counter.record(`${service}.${command}`) });
  }
  return counter;
}
