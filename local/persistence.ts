/**
 * What `npm start` keeps across restarts in persistent mode besides DynamoDB Local's file
 * (issue 11): the messages on every queue and dead-letter queue, and the mail the local SES
 * captured. The local SQS and SES hold these in memory only, so a graceful stop (Ctrl-C,
 * SIGTERM) writes them under `.local-stack/` after the runner has stopped, and the next start
 * puts them back before the runner starts. A hard kill (kill -9) skips the snapshot: what was on
 * the queues then is lost, and the README says so.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueUrls } from './provision.js';

interface SavedMessage {
  readonly body: string;
  readonly attributes?: Record<string, { DataType: string; StringValue?: string }>;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Takes every message off every queue (waiting up to `waitMs` for in-flight ones to come back) and writes them to `file`. */
export async function saveQueues(sqs: SQSClient, queueUrls: QueueUrls, file: string, waitMs = 6_000): Promise<number> {
  const saved: Record<string, SavedMessage[]> = {};
  let total = 0;
  await Promise.all(
    Object.entries(queueUrls).map(async ([name, url]) => {
      const messages: SavedMessage[] = [];
      const deadline = Date.now() + waitMs;
      for (;;) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 3_600, MessageAttributeNames: ['All'] }));
        for (const m of out.Messages ?? []) {
          const attributes = Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).flatMap(([k, v]: [string, MessageAttributeValue]) => (v.StringValue === undefined ? [] : [[k, { DataType: v.DataType ?? 'String', StringValue: v.StringValue }]])),
          );
          messages.push({ body: m.Body ?? '', ...(Object.keys(attributes).length > 0 && { attributes }) });
        }
        if ((out.Messages ?? []).length > 0) continue;
        // Messages a failed delivery left invisible come back after the visibility timeout.
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
        if (Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) <= messages.length || Date.now() > deadline) break;
        await sleep(250);
      }
      if (messages.length > 0) saved[name] = messages;
      total += messages.length;
    }),
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ savedAt: new Date().toISOString(), queues: saved }));
  return total;
}

/** Puts the messages of `file` back on their queues (once: the file is renamed afterwards). */
export async function restoreQueues(sqs: SQSClient, queueUrls: QueueUrls, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  const { queues } = JSON.parse(readFileSync(file, 'utf8')) as { queues: Record<string, SavedMessage[]> };
  let total = 0;
  for (const [name, messages] of Object.entries(queues)) {
    const url = (queueUrls as Record<string, string>)[name];
    if (url === undefined) continue;
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: chunk.map((m, n) => ({ Id: String(n), MessageBody: m.body, ...(m.attributes && { MessageAttributes: m.attributes }) })) }));
      total += chunk.length;
    }
  }
  renameSync(file, `${file}.restored`);
  return total;
}

interface SesStore {
  getStoreReadonly(): { emails: unknown[] };
  saveEmail(email: unknown): void;
}

/** The in-process local SES's store (the same module instance its server uses). */
const sesStore = (): SesStore => createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as SesStore;

export function saveMail(file: string): number {
  const { emails } = sesStore().getStoreReadonly();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ savedAt: new Date().toISOString(), emails }));
  return emails.length;
}

/** Puts captured mail back into the local SES, with its original ids and times. */
export function restoreMail(file: string): number {
  if (!existsSync(file)) return 0;
  const { emails } = JSON.parse(readFileSync(file, 'utf8')) as { emails: unknown[] };
  const store = sesStore();
  for (const email of emails) store.saveEmail(email);
  return emails.length;
}
