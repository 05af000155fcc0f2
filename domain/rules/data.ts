/**
 * The customer's data: export (R-DATA-02), deletion after the export window (R-DATA-03, R-DATA-05),
 * erasure (R-DATA-04) and the legal hold that stops both. The steps themselves live in ../data.ts
 * and ../lifecycle.ts.
 */
import { addDays, localDateOf } from '../calendar.js';
import { liveSubs, type Ctx, type Draft } from '../context.js';
import { carryOutErasure, requestErasure, requestExport } from '../data.js';
import { requestDeletion } from '../lifecycle.js';
import type { EndedSubscription } from '../types.js';
import { applied, ignored, refused, subscription, type Emits, type Handlers, type TriggersOf, type TriggerKind } from './family.js';

export const emits = [
  'ExportRequested', 'ExportRefused', 'DataDeletionRequested', 'DataDeleted', 'ErasureScheduled', 'ErasureRefused', 'PersonalDataErased', 'LegalHoldSet', 'LegalHoldReleased',
] as const satisfies Emits;

/** The time triggers this family raises. */
export const triggerKinds = ['delete', 'erasure'] as const satisfies readonly TriggerKind[];

export const handlers = {
  'data.export_requested': (ctx, event) => {
    subscription(ctx, event.data.subscriptionId);
    const r = requestExport(ctx, event.data.subscriptionId);
    return r ? refused(r) : applied;
  },
  'data.erasure_requested': (ctx) => {
    if (ctx.acc.customer.erasure) return ignored;
    const r = requestErasure(ctx);
    return r ? refused(r) : applied;
  },
  'data.deleted': (ctx, event) => {
    const sub = subscription(ctx, event.data.subscriptionId);
    if (sub.status !== 'ended' || !sub.dataDeletion || sub.dataDeletion.confirmedAt) return ignored;
    ctx.emit('DataDeleted', { sub, rule: 'R-DATA-05', data: { what: ['hosted data', 'backups', 'personal data of the subscription'], requestedAt: sub.dataDeletion.requestedAt } });
    ctx.email(sub.id, 'deletion.done', sub, { requestedOn: localDateOf(sub.dataDeletion.requestedAt) });
    return applied;
  },
  'customer.legal_hold_set': (ctx, event) => {
    if (ctx.acc.customer.legalHold) return ignored;
    ctx.emit('LegalHoldSet', { rule: 'R-DATA-02', data: { reason: event.data.reason } });
    return applied;
  },
  'customer.legal_hold_released': (ctx) => {
    if (!ctx.acc.customer.legalHold) return ignored;
    ctx.emit('LegalHoldReleased', { rule: 'R-DATA-02', data: {} });
    return applied;
  },
} satisfies Handlers;

/** Deletion when an ended subscription's export window closes; a scheduled erasure once nothing runs. Both wait for a legal hold. */
export function triggers(ctx: Ctx): TriggersOf<typeof triggerKinds> {
  const acc = ctx.acc;
  const out: TriggersOf<typeof triggerKinds> = [];
  const ended = Object.values(acc.subscriptions).filter((s): s is Draft<EndedSubscription> => s.status === 'ended');
  for (const sub of ended) {
    if (sub.dataDeletion === null && !acc.customer.legalHold) {
      const terms = ctx.termsOf(sub);
      out.push({ on: addDays(sub.endedOn, terms.exportWindowDays), kind: 'delete', label: `delete ${sub.id}`, run: (c) => requestDeletion(c, sub, terms) });
    }
  }
  if (acc.customer.erasure?.status === 'scheduled' && liveSubs(acc).length === 0 && !acc.customer.legalHold) {
    const last = ended.map((s) => s.endedOn).sort().at(-1) ?? acc.customer.erasure.requestedAt.slice(0, 10);
    out.push({ on: last, kind: 'erasure', label: 'erasure', run: (c) => carryOutErasure(c, 'scheduled') });
  }
  return out;
}
