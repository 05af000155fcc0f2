import { inject } from 'vitest';
import { createLocalClients, type LocalClientOptions, type LocalClients } from '../../local/clients.js';
import type { QueueUrls } from '../../local/provision.js';
import type { LocalEndpoints } from '../../local/stack.js';

/** What test/global-setup.ts provides: the stand-ins' endpoints and the provisioned resources. */
export interface ProvidedStack extends LocalEndpoints {
  tableName: string;
  queueUrls: QueueUrls;
  /** Visibility timeout the queues were provisioned with. */
  visibilityTimeoutSeconds: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/** The run's local stack (int and e2e tests only: the unit project has no global setup). */
export function stack(): ProvidedStack {
  const provided = inject('stack');
  if (provided === undefined) throw new Error("no local stack provided: run this as an int/e2e test (vitest --project int)");
  return provided;
}

/** The endpoints alone, in the shape local/ functions take. */
export function stackEndpoints(): LocalEndpoints {
  const { dynamodb, sqs, ses } = stack();
  return { dynamodb, sqs, ses };
}

/** SDK clients for the run's local stack. Call `destroy()` in afterAll. */
export function stackClients(options?: LocalClientOptions): LocalClients {
  return createLocalClients(stackEndpoints(), options);
}

/** An e-mail captured by the local SES, as GET /store returns it. */
export interface CapturedEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Files the mail carries, their content base64. */
  attachments?: { filename?: string; contentType: string; content: string; size: number }[];
  /** Epoch seconds. */
  at: number;
}

/** E-mails the local SES captured, optionally only those since an epoch second. */
export async function capturedEmails(sinceEpochSeconds?: number): Promise<CapturedEmail[]> {
  const url = new URL('/store', stack().ses);
  if (sinceEpochSeconds !== undefined) url.searchParams.set('since', String(Math.floor(sinceEpochSeconds)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: CapturedEmail[] };
  return emails;
}
