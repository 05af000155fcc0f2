/**
 * The customer's data: export (R-DATA-02), deletion after the window (R-DATA-03, R-DATA-05),
 * erasure requests (R-DATA-04) and fiscal retention (R-LAW-04).
 */
import { addMonths, isAfter, localDateOf } from './calendar.js';
import { arrears } from './billing.js';
import { Ctx, liveSubs } from './context.js';
import { GDPR_ERASURE_MONTHS } from './law.js';
import type { ExportRefusal } from './email-facts.js';
import type { Refusal } from './types.js';

/** R-DATA-02: an export while the subscription runs or within the window; blocked by arrears (where the terms say so) and by a legal hold. */
export function requestExport(ctx: Ctx, subscriptionId: string): Refusal | null {
  const sub = ctx.acc.subscriptions[subscriptionId]!;
  const terms = ctx.termsOf(sub);
  const source = terms.sources['exportWindowDays'] ?? null;
  const refuse = (reason: string, letter: ExportRefusal): Refusal => {
    ctx.emit('ExportRefused', { sub, rule: 'R-DATA-02', source, data: { reason } });
    ctx.email(`${sub.id}:${ctx.today}`, 'export.refused', sub, letter);
    return { rule: 'R-DATA-02', reason };
  };
  if (ctx.acc.customer.legalHold) return refuse('a legal hold blocks export and deletion', { reason: 'legalHold' });
  if (sub.status === 'pending') return refuse('the subscription has not started', { reason: 'notStarted' });
  if (sub.status === 'ended' && isAfter(ctx.today, sub.exportWindowEndsOn)) {
    return terms.exportWindowDays === 0
      ? refuse('these terms give no export window after the end', { reason: 'noWindow' })
      : refuse(`the export window ended on ${sub.exportWindowEndsOn}`, { reason: 'windowEnded', windowEndedOn: sub.exportWindowEndsOn });
  }
  if (terms.refuseExportWhileInArrears) {
    const owed = arrears(ctx.acc, ctx.today);
    if (owed.length > 0) return refuse(`payment arrears block the export (invoice ${owed[0]!.id} is overdue)`, { reason: 'arrears', invoiceId: owed[0]!.id, invoiceNumber: owed[0]!.number });
  }
  ctx.push({ kind: 'data.export', key: `data.export:${sub.id}:${ctx.today}`, subscriptionId: sub.id });
  ctx.emit('ExportRequested', { sub, rule: 'R-DATA-02', source, data: { windowEndsOn: sub.status === 'ended' ? sub.exportWindowEndsOn : null } });
  ctx.email(`${sub.id}:${ctx.today}`, 'export.available', sub, { windowEndsOn: sub.status === 'ended' ? sub.exportWindowEndsOn : null });
  return null;
}

/**
 * R-DATA-04: without running subscriptions the personal data goes now (within the month GDPR
 * allows); while every running subscription is already cancelled it is scheduled for the end;
 * otherwise it is refused with the reason. Invoices stay (R-LAW-04).
 */
export function requestErasure(ctx: Ctx): Refusal | null {
  const running = liveSubs(ctx.acc);
  const deadline = addMonths(ctx.today, GDPR_ERASURE_MONTHS);
  if (ctx.acc.customer.legalHold) {
    const reason = 'a legal hold requires the data to be kept';
    ctx.emit('ErasureRefused', { rule: 'R-DATA-04', source: '002 art. 9.4', data: { reason } });
    ctx.email(`erasure:${ctx.today}`, 'erasure.refused', null, { reason: 'legalHold' });
    return { rule: 'R-DATA-04', reason };
  }
  if (running.length === 0) {
    carryOutErasure(ctx, 'request');
    return null;
  }
  const uncancelled = running.filter((s) => s.cancellation === null);
  if (uncancelled.length > 0) {
    const reason = `subscriptions ${uncancelled.map((s) => s.id).join(', ')} are running; the data they need can be erased once they are cancelled`;
    ctx.emit('ErasureRefused', { rule: 'R-DATA-04', source: '002 art. 9.4', data: { reason, running: uncancelled.map((s) => s.id) } });
    ctx.email(`erasure:${ctx.today}`, 'erasure.refused', null, { reason: 'running', running: uncancelled.length });
    return { rule: 'R-DATA-04', reason };
  }
  ctx.emit('ErasureScheduled', { rule: 'R-DATA-04', source: '002 art. 9.4', data: { at: running.map((s) => s.cancellation!.endsOn).sort().at(-1), deadline } });
  return null;
}

/** Erases the customer's contact data; invoices and payments keep the name and id only (R-LAW-04, R-DATA-05). */
export function carryOutErasure(ctx: Ctx, because: 'request' | 'scheduled'): void {
  const c = ctx.acc.customer;
  const requestedAt = c.erasure?.requestedAt ?? ctx.at;
  ctx.email(`erasure:${localDateOf(ctx.at)}`, 'erasure.done', null, { requestedOn: localDateOf(requestedAt) });
  const toDelete = Object.values(ctx.acc.subscriptions).filter((sub) => sub.status === 'ended' && sub.dataDeletion === null).map((sub) => sub.id);
  for (const id of toDelete) {
    ctx.push({ kind: 'data.delete', key: `data.delete:${id}:hosted`, subscriptionId: id, scope: 'hosted-data-and-backups' });
    ctx.push({ kind: 'data.delete', key: `data.delete:${id}:personal`, subscriptionId: id, scope: 'personal-data' });
  }
  ctx.emit('PersonalDataErased', {
    rule: 'R-DATA-04', source: '002 art. 9.4',
    data: { because, erased: ['e-mail address', 'contact details', 'hosted data of ended subscriptions'], kept: 'customer id and name on invoices and payments (R-LAW-04)', retainedUntil: ctx.acc.retainRecordsUntil, requestedAt, dataDeletionRequested: toDelete },
  });
}
