/**
 * The working context of one decision: a private copy of the account that the rules change in
 * place, plus the audit events and effects they add. `decide` hands out an immutable result.
 */
import { addDays, addYears, localDateOf, type Instant, type LocalDate } from './calendar.js';
import { DomainError } from './errors.js';
import { FISCAL_RETENTION_YEARS } from './law.js';
import { vatSplit } from './money.js';
import type { TermsCatalog, TermsProfile } from './terms.js';
import type { EmailTemplate } from './templates.js';
import type { EmailFacts } from './email-facts.js';
import type { DomainEvent, EventData, DomainEventType } from './domain-events.js';
import { apply } from './evolve.js';
import type {
  Account, AccessReason, Effect, Invoice, InvoiceLine, InvoiceLineKind, LiveSubscription, RuleId, Subscription,
} from './types.js';

/** Deep-mutable view of the readonly state types, used only inside a decision. */
export type Draft<T> = T extends readonly (infer E)[] ? Draft<E>[] : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;

/** Lives with the one error vocabulary (errors.ts); re-exported for the rule modules. */
export { DomainError };

export class Ctx {
  readonly events: DomainEvent[] = [];
  readonly effects: Effect[] = [];
  private readonly effectKeys = new Set<string>();

  constructor(
    public acc: Draft<Account>,
    readonly catalog: TermsCatalog,
    /** The instant the rules act at: a due trigger's instant, or the event's (late events: the clock). */
    public at: Instant,
  ) {}

  get today(): LocalDate {
    return localDateOf(this.at);
  }

  termsOf(sub: { termsId: string; termsVersion: number }): TermsProfile {
    const t = this.catalog.get(sub.termsId, sub.termsVersion);
    if (!t) throw new DomainError('terms.unknown', `terms profile ${sub.termsId}@${sub.termsVersion} is not in the catalog`);
    return t;
  }

  /** Records that something happened: `evolve` applies it to the draft, and it joins the decision's events. */
  emit<K extends DomainEventType>(type: K, opts: { sub?: { id: string } | null; rule?: RuleId | null; source?: string | null; data: EventData[K] }): void {
    const event = { type, at: this.at, subscriptionId: opts.sub?.id ?? null, rule: opts.rule ?? null, source: opts.source ?? null, data: opts.data } as DomainEvent;
    apply(this.acc, event);
    this.events.push(event);
  }

  private effect(e: Effect): void {
    if (this.effectKeys.has(e.key)) return;
    this.effectKeys.add(e.key);
    this.effects.push(e);
  }

  email<T extends EmailTemplate>(key: string, template: T, sub: { id: string } | null, facts: EmailFacts[T]): void {
    const c = this.acc.customer;
    if (c.email === '') return; // erased (R-DATA-04): nobody left to write to
    this.effect({ kind: 'email', key: `email:${template}:${key}`, template, to: c.email, language: c.language, subscriptionId: sub?.id ?? null, facts: { customerName: c.name, ...facts } });
  }

  access(action: 'revoke' | 'restore', sub: Draft<LiveSubscription> | Draft<Subscription>, reason: AccessReason, rule: RuleId): void {
    this.effect({ kind: 'access', key: `access:${action}:${sub.id}:${reason}:${this.at}`, action, subscriptionId: sub.id, seats: sub.seats, reason, rule });
  }

  push(e: Effect): void {
    this.effect(e);
  }
}

export interface LineInput {
  kind: InvoiceLineKind;
  description: string;
  subscriptionId: string | null;
  period: { start: LocalDate; end: LocalDate } | null;
  quantity: number;
  unitCents: number;
  amountCents: number;
  rule: RuleId;
  /** Collection costs and interest carry no VAT (LAW.md). */
  vat: { bp: number; included: boolean } | null;
}

export function line(input: LineInput): Draft<InvoiceLine> {
  const split = input.vat ? vatSplit(input.amountCents, input.vat.bp, input.vat.included) : { netCents: input.amountCents, vatCents: 0, grossCents: input.amountCents };
  return {
    kind: input.kind, description: input.description, subscriptionId: input.subscriptionId, period: input.period,
    quantity: input.quantity, unitCents: input.unitCents, ...split, rule: input.rule,
  };
}

/** Issues an invoice (R-START-02, R-MONEY-02) and asks for it to be sent. */
export function issueInvoice(
  ctx: Ctx,
  input: {
    subscriptionId: string | null; lines: Draft<InvoiceLine>[]; paymentTermDays: number; category: 'principal' | 'accessory'; rule: RuleId; source: string;
    startsService?: boolean; billed?: { periodIndex: number; nextInvoiceOn: LocalDate };
  },
): Draft<Invoice> {
  const acc = ctx.acc;
  const id = `${acc.customer.id}-${String(acc.invoiceSeq + 1).padStart(4, '0')}`;
  const issuedOn = ctx.today;
  const sum = (k: 'netCents' | 'vatCents' | 'grossCents') => input.lines.reduce((s, l) => s + l[k], 0);
  const sub = input.subscriptionId ? { id: input.subscriptionId } : null;
  ctx.emit('InvoiceIssued', {
    sub, rule: input.rule, source: input.source,
    data: {
      invoiceId: id, issuedOn, dueOn: addDays(issuedOn, input.paymentTermDays), netCents: sum('netCents'), vatCents: sum('vatCents'), totalCents: sum('grossCents'),
      lines: input.lines, category: input.category, retainUntil: addYears(issuedOn, FISCAL_RETENTION_YEARS), startsService: input.startsService ?? false, billed: input.billed ?? null,
    },
  });
  const invoice = acc.invoices[id]!;
  ctx.push({ kind: 'invoice', key: `invoice:${id}`, invoiceId: id });
  ctx.email(id, 'invoice.issued', sub, { invoiceId: id, totalCents: invoice.totalCents, dueOn: invoice.dueOn });
  return invoice;
}

export const openCents = (i: Pick<Invoice, 'totalCents' | 'paidCents' | 'writtenOffCents'>): number => i.totalCents - i.paidCents - i.writtenOffCents;
export const inOpenDispute = (i: Pick<Invoice, 'dispute'>): boolean => i.dispute !== null && i.dispute.resolved === null;
export const isVoid = (i: Pick<Invoice, 'dispute'>): boolean => i.dispute?.resolved?.outcome === 'upheld';

/** Open, undisputed, not void: what the customer owes and the rules may act on (R-PAY-05). */
export function counts(i: Invoice | Draft<Invoice>): boolean {
  return openCents(i) > 0 && !inOpenDispute(i) && !isVoid(i);
}

export function liveSubs(acc: Account | Draft<Account>): Draft<LiveSubscription>[] {
  return Object.values(acc.subscriptions).filter((s): s is Draft<LiveSubscription> => s.status === 'live') as Draft<LiveSubscription>[];
}
