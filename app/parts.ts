/** The adapters the use cases need beyond Deps' interfaces, built once per Deps from its clients. */
import { DlqReasons } from '../adapters/dlq-reasons.js';
import { DynamoDirectory } from '../adapters/directory.js';
import { DynamoOutbox } from '../adapters/outbox-store.js';
import type { Deps } from '../functions/deps.js';

export interface Parts {
  readonly directory: DynamoDirectory;
  readonly outbox: DynamoOutbox;
  readonly dlq: DlqReasons;
  readonly wallNow: () => Date;
  readonly leaseMs: number;
}

const DEFAULT_OUTBOX_LEASE_MS = 60_000;
const cache = new WeakMap<Deps, Parts>();

export function partsOf(deps: Deps): Parts {
  let parts = cache.get(deps);
  if (!parts) {
    const wallNow = deps.wallClock ?? (() => new Date());
    parts = {
      directory: new DynamoDirectory(deps.clients.doc, deps.tableName),
      outbox: new DynamoOutbox(deps.clients.doc, deps.tableName, wallNow),
      dlq: new DlqReasons(deps.clients.doc, deps.clients.sqs, deps.tableName, wallNow),
      wallNow,
      leaseMs: deps.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS,
    };
    cache.set(deps, parts);
  }
  return parts;
}
