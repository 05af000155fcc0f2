/**
 * POST /webhooks/payments: a payment provider's event, verified per the Standard Webhooks
 * specification with the `standardwebhooks` library, mapped onto a payment.* event of
 * docs/events.md and queued once. `webhook-id` is the idempotency key: a replay answers 200 and
 * queues nothing; a bad signature, a stale or future timestamp or a bad body answer 4xx and
 * queue nothing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { checkWindow } from '../app/bounds.js';
import { DomainError, paymentEvent } from '../domain/index.js';
import type { Deps } from '../app/ports.js';
import { ApiError, errorJson, invalid, json, type FieldError, type Response } from './http.js';
import { webhookBody } from './schemas.js';

export interface WebhookOptions {
  readonly secret: string;
}

export function paymentWebhook(deps: Pick<Deps, 'clock' | 'queues' | 'logger' | 'webhookReplays'>, options: WebhookOptions) {
  const verifier = new Webhook(options.secret);

  async function handle(event: APIGatewayProxyEventV2): Promise<Response> {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'POST';
    if (method !== 'POST') throw new ApiError('api.method_not_allowed', 'webhooks are POSTed', null, { allow: 'POST' });
    const body = event.body == null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;

    const missing = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].filter((h) => !headers[h]);
    if (missing.length) throw invalid(missing.map((h): FieldError => ({ in: 'header', field: h, message: 'required (Standard Webhooks)' })));
    const webhookId = headers['webhook-id']!;
    if (!/^[\x21-\x7e]{1,120}$/.test(webhookId)) throw invalid([{ in: 'header', field: 'webhook-id', message: '1–120 printable ASCII characters' }]);
    if (!/^\d{1,12}$/.test(headers['webhook-timestamp']!)) throw invalid([{ in: 'header', field: 'webhook-timestamp', message: 'Unix seconds' }]);

    try {
      verifier.verify(body, headers, { jsonParse: false });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      const why = /too old/i.test(error.message) ? 'timestamp is more than 5 minutes old'
        : /too new/i.test(error.message) ? 'timestamp is more than 5 minutes in the future'
        : 'signature does not match the body, id and timestamp for the configured secret';
      throw new ApiError('api.unauthorized', `webhook refused: ${why}`);
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw invalid([{ in: 'body', field: '', message: 'not valid JSON' }]);
    }
    const outer = webhookBody.safeParse(parsed);
    if (!outer.success) throw invalid(outer.error.issues.map((i) => ({ in: 'body', field: i.path.join('.'), message: i.message })));
    // webhook-timestamp is the provider's wall time, checked for freshness above; an event that names no time
    // of its own happened when it reached us, on Looptijd's clock (the same in AWS; the simulated one locally).
    const occurredAt = outer.data.occurredAt ?? outer.data.timestamp ?? deps.clock.now();
    const candidate = { id: `whk_${webhookId}`, type: outer.data.type, occurredAt, data: outer.data.data };
    const result = paymentEvent.safeParse(candidate);
    if (!result.success) throw invalid(result.error.issues.map((i) => ({ in: 'body', field: i.path.join('.'), message: i.message })));
    try {
      checkWindow(result.data, deps.clock.now());
    } catch (error) {
      if (error instanceof DomainError) throw invalid([{ in: 'body', field: 'occurredAt', message: error.message }]);
      throw error;
    }

    const first = await deps.webhookReplays.remember(webhookId, { receivedAt: deps.clock.now(), eventId: candidate.id, type: candidate.type });
    if (!first) return json(200, { status: 'duplicate', eventId: candidate.id, message: 'this webhook-id was received before; nothing queued again' });
    try {
      await deps.queues.send(result.data);
    } catch (error) {
      // Let the provider's retry deliver it: forget the delivery, answer 503.
      await deps.webhookReplays.forget(webhookId).catch(() => undefined);
      deps.logger.error('could not queue a webhook event', { error: String(error), webhookId });
      throw new ApiError('api.unavailable', 'could not queue the event; retry later');
    }
    deps.logger.info('webhook queued', { webhookId, type: candidate.type });
    return json(202, { status: 'queued', eventId: candidate.id });
  }

  return async (event: APIGatewayProxyEventV2): Promise<Response> => {
    try {
      return await handle(event);
    } catch (error) {
      if (error instanceof ApiError) return errorJson(error);
      deps.logger.error('unexpected error in the payment webhook', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return errorJson(new ApiError('api.internal', 'internal error'));
    }
  };
}
