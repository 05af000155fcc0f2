/**
 * Sends outbound webhooks (docs/webhooks.md): one attempt of a claimed delivery, signed with the
 * `standardwebhooks` library; a failure (non-2xx, timeout, no connection) is retried on the
 * policy's schedule with jitter (app/webhook-effects.ts), then the delivery is marked failed.
 */
import { Webhook } from 'standardwebhooks';
import type { Deps, OutboxItem, WebhookAttempt, WebhookEffect, WebhookEndpoint } from './ports.js';
import { webhookPolicy } from './webhook-effects.js';

const SECOND = 1000;
/** SQS delays a message by at most 15 minutes; a later retry is picked up by the sweep once due (its `outboxSk` is the due time). */
const MAX_SQS_DELAY_SECONDS = 900;

/** The Standard Webhooks headers: `webhook-signature` carries a v1 signature per secret that signs now (two during a rotation's overlap). */
export function signedHeaders(endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretUntil'>, messageId: string, body: string, at: Date): Record<string, string> {
  const secrets = [endpoint.secret, ...(endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > at.toISOString() ? [endpoint.previousSecret] : [])];
  return {
    'content-type': 'application/json',
    'user-agent': 'Looptijd-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(messageId, at, body)).join(' '),
  };
}

export type WebhookSendResult = 'sent' | 'retrying' | 'failed' | 'not-due';

/** One attempt of a claimed delivery: send it if due, record the attempt, schedule the next or give up. */
export async function deliverWebhook(deps: Deps, item: OutboxItem & { effect: WebhookEffect }, token: string): Promise<WebhookSendResult> {
  const policy = webhookPolicy(deps);
  const effect = item.effect;
  const now = (deps.wallClock ?? (() => new Date()))();
  if (item.retryAt !== undefined && Date.parse(item.retryAt) > now.getTime() + SECOND) {
    // Early (a sweep that raced a delayed message): give it back and come again when due.
    await deps.outbox.release(item.key, token, `not due before ${item.retryAt}`);
    await handOnLater(deps, item.key, Date.parse(item.retryAt) - now.getTime());
    return 'not-due';
  }
  const trigger: WebhookAttempt['trigger'] = item.replayPending === true ? 'replay' : 'scheduled';
  const endpoint = await deps.webhooks.endpoint(effect.endpointId);
  if (!endpoint || endpoint.status !== 'enabled') {
    const error = endpoint ? `endpoint disabled: ${endpoint.disabledReason ?? 'by its owner'}` : 'endpoint deleted';
    await deps.webhooks.recordAttempt(item.key, token, { at: now.toISOString(), statusCode: null, durationMs: 0, error, trigger }, { status: 'failed', error }, policy.keepAttempts);
    return 'failed';
  }

  const answer = await deps.webhookTransport.post(endpoint.url, signedHeaders(endpoint, effect.messageId, effect.body, now), effect.body, policy.timeoutMs);
  const attempt: WebhookAttempt = { at: now.toISOString(), statusCode: answer.statusCode, durationMs: answer.durationMs, error: answer.error, trigger };
  const ok = answer.error === null;
  const step = item.retryStep ?? 0;
  const delay = step < policy.retryDelaysMs.length ? jittered(policy.retryDelaysMs[step]!, policy.jitter) : null;
  const outcome = ok ? ({ status: 'succeeded' } as const)
    : delay === null ? ({ status: 'failed', error: `gave up after ${step + 1} attempts; last: ${answer.error}` } as const)
    : ({ status: 'retry', retryAt: new Date(now.getTime() + delay).toISOString(), step: step + 1 } as const);
  if (!(await deps.webhooks.recordAttempt(item.key, token, attempt, outcome, policy.keepAttempts))) {
    deps.logger.warn('webhook delivery lease lost before recording the attempt', { key: item.key });
    return ok ? 'sent' : 'retrying';
  }
  const { disabled } = await deps.webhooks.noteOutcome(endpoint.id, ok, attempt.at, policy.disableAfterMs);
  if (disabled) deps.logger.warn('webhook endpoint disabled after failing too long', { endpointId: endpoint.id, resellerId: endpoint.resellerId });
  deps.logger.info('webhook attempt', { key: item.key, statusCode: answer.statusCode, durationMs: answer.durationMs, outcome: outcome.status });
  if (outcome.status === 'retry' && delay !== null) await handOnLater(deps, item.key, delay);
  return ok ? 'sent' : outcome.status === 'retry' ? 'retrying' : 'failed';
}

/** A delayed outbox message when SQS can delay it that long; otherwise the sweep picks the item up when due. */
async function handOnLater(deps: Deps, key: string, ms: number): Promise<void> {
  const seconds = Math.max(0, Math.ceil(ms / SECOND));
  if (seconds > MAX_SQS_DELAY_SECONDS) return;
  await deps.queues.sendOutbox([key], { delaySeconds: seconds }).catch((error: unknown) => {
    deps.logger.warn('could not hand a webhook retry on; the sweep will', { key, error: String(error) });
  });
}

function jittered(ms: number, jitter: number): number {
  return Math.round(ms * (1 - jitter + 2 * jitter * Math.random()));
}
