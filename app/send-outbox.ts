/**
 * Sends one outbox item: claim it (conditional update + lease), run its effect by kind, mark it
 * sent. One executor per effect kind (STYLE 4). The one window for a duplicate e-mail: SES
 * accepted the mail and the sender died before `markSent`; the next claim after the lease
 * expires sends it again (docs/dynamodb.md, "Outbox").
 */
import { InfraError } from '../adapters/errors.js';
import type { Effect, IncomingEvent } from '../domain/index.js';
import { DEFAULT_BRAND, renderEmail, type Brand } from '../templates/index.js';
import { DEFAULT_OUTBOX_LEASE_MS, type Deps, type MailAttachment, type OutboxItem, type WebhookEffect } from './ports.js';
import { deliverWebhook } from './webhooks.js';

/** `retrying`: a webhook attempt failed and the next is scheduled (the message is done with; the item is not). */
export type SendResult = 'sent' | 'already-done' | 'failed' | 'retrying';

export async function sendOutboxItem(deps: Deps, key: string): Promise<SendResult> {
  const { outbox } = deps;
  const leaseMs = deps.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const claim = await outbox.claim(key, leaseMs);
  switch (claim.kind) {
    case 'done':
      return 'already-done';
    case 'missing':
      // Handed off before its item is visible (an overflow not yet written): retry later.
      throw new InfraError('outbox.missing', `outbox item ${key} does not exist (yet)`, { key });
    case 'leased':
      throw new InfraError('outbox.leased', `outbox item ${key} is being sent by another worker until ${new Date(claim.until).toISOString()}`, { key });
    case 'claimed':
      break;
    default: {
      const never: never = claim;
      throw new Error(`unknown claim ${String(never)}`);
    }
  }
  const { item } = claim;
  if (item.effect.kind === 'webhook') {
    try {
      const sent = await deliverWebhook(deps, item as OutboxItem & { effect: WebhookEffect }, claim.token);
      return sent === 'not-due' ? 'retrying' : sent;
    } catch (error) {
      await outbox.release(key, claim.token, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
  let result: Record<string, unknown>;
  try {
    result = await execute(deps, item);
  } catch (error) {
    if (InfraError.is(error, 'mail.rejected')) {
      deps.logger.error('outbox item failed for good', { key, error: error.message });
      await outbox.markFailed(key, claim.token, error.message);
      return 'failed';
    }
    await outbox.release(key, claim.token, error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (!(await outbox.markSent(key, claim.token, result))) deps.logger.warn('outbox lease lost before marking sent', { key });
  return 'sent';
}

async function execute(deps: Deps, item: OutboxItem): Promise<Record<string, unknown>> {
  const effect = item.effect;
  switch (effect.kind) {
    case 'email': {
      if (effect.to === '') return { skipped: 'no recipient (erased)' };
      const { brand, replyTo } = await senderOf(deps, item.customerId, effect.resellerId);
      const { subject, text, html } = renderEmail(effect.template, effect.language, effect.facts, brand);
      const attachment = await attachmentOf(deps, item.customerId, effect);
      const { messageId } = await deps.mailer.send({
        to: effect.to, subject, text, html, fromName: brand.name, ...(replyTo !== undefined && { replyTo }), ...(attachment !== null && { attachments: [attachment] }), key: effect.key,
      });
      return { messageId, ...(attachment !== null && { attached: attachment.fileName }) };
    }
    case 'access':
      await deps.access.publish({ type: effect.action === 'revoke' ? 'access.revoked' : 'access.restored', key: effect.key, customerId: item.customerId, effect, at: item.at });
      return { published: effect.action === 'revoke' ? 'access.revoked' : 'access.restored' };
    case 'data.delete':
      await deps.access.publish({ type: 'data.delete', key: effect.key, customerId: item.customerId, effect, at: item.at });
      return { published: 'data.delete' };
    case 'data.export':
      await deps.access.publish({ type: 'data.export', key: effect.key, customerId: item.customerId, effect, at: item.at });
      return { published: 'data.export' };
    case 'follow-up':
      return { events: await fanOutReseller(deps, item, effect) };
    case 'webhook':
      throw new Error('webhook deliveries are sent by deliverWebhook (app/webhooks.ts)');
    case 'invoice':
    case 'wake':
      // Not queued any more (processEvent keeps them out of the outbox); items written earlier complete here.
      return {};
    default: {
      const never: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(never)}`);
    }
  }
}

/**
 * An invoice or credit note e-mail carries the document's PDF (issue 8 item 6); the renderer loads on
 * the first one. An invoice no longer there (the customer erased) goes without, logged.
 */
async function attachmentOf(deps: Deps, customerId: string, effect: Extract<Effect, { kind: 'email' }>): Promise<MailAttachment | null> {
  if (effect.template !== 'invoice.issued' && effect.template !== 'credit_note.issued') return null;
  const invoiceId = (effect.facts as { invoiceId?: unknown }).invoiceId;
  if (typeof invoiceId !== 'string') return null;
  const { invoiceAttachment } = await import('./invoice-attachment.js');
  const attachment = await invoiceAttachment(deps, customerId, invoiceId);
  if (attachment === null) deps.logger.warn('invoice e-mail sent without its PDF: the invoice is not found', { key: effect.key, invoiceId });
  return attachment;
}

/**
 * Who signs an e-mail: the provider, naming the reseller the customer buys from; or, when that
 * reseller is white-label, the reseller itself, with its address for replies. A reseller's own
 * billing account always hears from the provider.
 */
async function senderOf(deps: Deps, customerId: string, resellerId: string | undefined): Promise<{ brand: Brand; replyTo?: string }> {
  const provider = deps.providerName ?? DEFAULT_BRAND.name;
  const reseller = resellerId === undefined ? null : await deps.directory.reseller(resellerId);
  if (reseller === null || reseller.customerId === customerId) return { brand: { name: provider, whiteLabel: false, resellerName: null } };
  if (reseller.whiteLabel) return { brand: { name: reseller.name, whiteLabel: true, resellerName: null }, replyTo: reseller.email };
  return { brand: { name: provider, whiteLabel: false, resellerName: reseller.name } };
}

/** R-SUSP-04 / R-REACT-03: one event per customer of the reseller; ids derived from the key, so a re-run repeats, not doubles. */
async function fanOutReseller(deps: Deps, item: OutboxItem, effect: Extract<Effect, { kind: 'follow-up' }>): Promise<number> {
  const resellerId = effect.event.data.resellerId;
  let sent = 0;
  for await (const page of deps.directory.customersOfReseller(resellerId)) {
    const events: IncomingEvent[] = page
      .filter((customerId) => customerId !== item.customerId) // the billing account itself is suspended for its own arrears
      .map((customerId) =>
        effect.event.type === 'reseller.suspended'
          ? { id: `${effect.key}:${customerId}`, type: 'customer.reseller_suspended', occurredAt: effect.event.data.since, data: { customerId, resellerId } }
          : { id: `${effect.key}:${customerId}`, type: 'customer.reseller_restored', occurredAt: item.at, data: { customerId, resellerId } },
      );
    await deps.queues.sendMany(events);
    sent += events.length;
  }
  return sent;
}
