/**
 * SES bounce and complaint events of the stage's configuration set (EventBridge): a permanent bounce
 * or a complaint marks each address, and the outbox stops mailing it (adapters/email-suppressions.ts).
 * Transient bounces, rejections and delays are only logged: SES retries those itself.
 */
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { EmailSuppressions, type Suppression } from '../adapters/email-suppressions.js';
import { awsTelemetry, tableClient } from './aws-telemetry.js';
import { configFromEnv } from './config.js';
import { observe } from './observability.js';
import type { Deps } from './deps.js';

const recipients = z.array(z.object({ emailAddress: z.string().min(3) })).min(1);
const sesEvent = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string(), timestamp: z.string().optional() }).loose(),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: recipients, timestamp: z.string() }).loose().optional(),
  complaint: z.object({ complainedRecipients: recipients, complaintFeedbackType: z.string().optional(), timestamp: z.string() }).loose().optional(),
}).loose();

/** The suppressions an SES event asks for: none for anything but a permanent bounce or a complaint. */
export function suppressionsOf(detail: unknown): { suppressions: Suppression[]; eventType: string; messageId: string | null } {
  const parsed = sesEvent.safeParse(detail);
  if (!parsed.success) return { suppressions: [], eventType: 'unparseable', messageId: null };
  const e = parsed.data;
  const out: Suppression[] = [];
  if (e.eventType === 'Bounce' && e.bounce?.bounceType === 'Permanent') {
    for (const r of e.bounce.bouncedRecipients) out.push({ address: r.emailAddress, reason: 'bounce', detail: `${e.bounce.bounceType}/${e.bounce.bounceSubType ?? ''}`, at: e.bounce.timestamp });
  }
  if (e.eventType === 'Complaint' && e.complaint !== undefined) {
    for (const r of e.complaint.complainedRecipients) out.push({ address: r.emailAddress, reason: 'complaint', detail: e.complaint.complaintFeedbackType ?? 'complaint', at: e.complaint.timestamp });
  }
  return { suppressions: out, eventType: e.eventType, messageId: e.mail.messageId };
}

export const createHandler = (suppressions: Pick<EmailSuppressions, 'suppress'>, deps: Pick<Deps, 'logger'>, telemetry?: Parameters<typeof observe>[2]) => {
  const { logger, middlewares } = observe(deps as Deps, 'email-feedback', telemetry);
  return middy(async (event: EventBridgeEvent<string, unknown>, _context: Context) => {
    const { suppressions: marks, eventType, messageId } = suppressionsOf(event.detail);
    for (const mark of marks) await suppressions.suppress(mark);
    if (marks.length > 0) telemetry?.metrics.addMetric('AddressesSuppressed', 'Count', marks.length);
    logger[marks.length > 0 ? 'warn' : 'info']('SES feedback', { eventType, messageId, suppressed: marks.map((m) => ({ reason: m.reason, detail: m.detail })) });
  }).use(middlewares);
};

let built: ReturnType<typeof createHandler> | undefined;
/** The Lambda entry point: the table client only, built on the first invocation. */
export const handler = (event: EventBridgeEvent<string, unknown>, context: Context) => {
  if (built === undefined) {
    const config = configFromEnv();
    const telemetry = awsTelemetry(config);
    const doc = tableClient(config, telemetry.tracer);
    built = createHandler(new EmailSuppressions(doc, config.tableName), { logger: telemetry.logger }, telemetry);
  }
  return built(event, context);
};
