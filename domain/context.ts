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
import type { EmailFacts, InvoicePurpose } from './email-facts.js';
import type { DomainEvent, EventData, DomainEventType } from './domain-events.js';
import { apply } from './evolve.js';
import { buyerOf, creditable, creditLines, formatNumber, NO_BILLING_INPUT, reverseChargeApplies, reverseCharged, reverseChargeNote, supplyPeriod, vatBreakdown } from './invoicing.js';
import type {
  Account, AccessReason, BillingInput, Effect, Invoice, InvoiceLine, InvoiceLineKind, LiveSubscription, RuleId, Subscription, UsageBilled,
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
    /** The provider's details and number series (R-INV-01, R-INV-02): input, never read from the environment. */
    readonly billing: BillingInput = NO_BILLING_INPUT,
  ) {
    this.lastNumber = billing.series.last;
  }

  /** The last number of the provider's series taken so far, by this decision or before it. */
  lastNumber: number;

  /** The next number of the provider's series (R-INV-01); the store commits the series with the decision. */
  takeNumber(): string {
    this.lastNumber += 1;
    return formatNumber(this.billing.series, this.lastNumber);
  }

  get today(): LocalDate {
    return localDateOf(this.at);
  }

  /**
   * The local day the event being decided happened, while it is decided, when that day is before
   * `today` (an event applied after the account's clock passed its day): a condition the event
   * fulfils held that day (R-START-01), whatever order late events arrive in.
   */
  occurredOn: LocalDate | null = null;

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
    this.effect({ kind: 'email', key: `email:${template}:${key}`, template, to: c.email, language: c.language, subscriptionId: sub?.id ?? null, resellerId: c.resellerId, facts: { customerName: c.name, ...facts } });
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
    quantity: input.quantity, unitCents: input.unitCents, ...split,
    vatRateBp: input.vat ? input.vat.bp : 0, vatCategory: input.vat ? 'standard' : 'not-subject', rule: input.rule,
  };
}

/** Sums of lines, for an invoice's or credit note's totals. */
const sum = (lines: readonly Draft<InvoiceLine>[], k: 'netCents' | 'vatCents' | 'grossCents') => lines.reduce((s, l) => s + l[k], 0);

/** Issues an invoice (R-START-02, R-MONEY-02) and asks for it to be sent. */
export function issueInvoice(
  ctx: Ctx,
  input: {
    subscriptionId: string | null; lines: Draft<InvoiceLine>[]; paymentTermDays: number; category: 'principal' | 'accessory'; rule: RuleId; source: string;
    startsService?: boolean; billed?: { periodIndex: number; nextInvoiceOn: LocalDate };
    /** The usage aggregates this invoice covers (R-BILL-03). */
    usage?: UsageBilled;
    /** The early-termination fee of the subscription's cancellation (R-EARLY-01). */
    cancellationFee?: boolean;
  },
): Draft<Invoice> {
  const acc = ctx.acc;
  const id = nextInvoiceId(acc);
  const issuedOn = ctx.today;
  // R-INV-03: an EU business outside the Netherlands accounts for the VAT itself.
  const reverseCharge = reverseChargeApplies(acc.customer) && input.lines.some((l) => l.vatCategory === 'standard');
  const lines = reverseCharge ? input.lines.map(reverseCharged) : input.lines;
  const sub = input.subscriptionId ? { id: input.subscriptionId } : null;
  const number = ctx.takeNumber();
  ctx.emit('InvoiceIssued', {
    sub, rule: input.rule, source: input.source,
    data: {
      invoiceId: id, number, issuedOn, dueOn: addDays(issuedOn, input.paymentTermDays), netCents: sum(lines, 'netCents'), vatCents: sum(lines, 'vatCents'), totalCents: sum(lines, 'grossCents'),
      lines, vatBreakdown: vatBreakdown(lines), supplyPeriod: supplyPeriod(lines), reverseCharge, vatNote: reverseCharge ? reverseChargeNote(acc.customer.language) : null,
      seller: ctx.billing.seller, buyer: buyerOf(acc.customer),
      category: input.category, retainUntil: addYears(issuedOn, FISCAL_RETENTION_YEARS), startsService: input.startsService ?? false, billed: input.billed ?? null,
      ...(input.cancellationFee && { cancellationFee: true as const }),
      ...(input.usage && (input.usage.billed.length > 0 || input.usage.dropped.length > 0) && { usage: structuredClone(input.usage) }),
    },
  });
  const invoice = acc.invoices[id]!;
  ctx.push({ kind: 'invoice', key: `invoice:${id}`, invoiceId: id });
  ctx.email(id, 'invoice.issued', sub, {
    invoiceId: id, invoiceNumber: number, issuedOn: invoice.issuedOn, dueOn: invoice.dueOn, totalCents: invoice.totalCents, vatCents: invoice.vatCents, purpose: purposeOf(input.lines), directDebit: acc.customer.directDebit,
  });
  return invoice;
}

/** The next invoice id of the account (`<customerId>-0007`): the system's key, not the legal number. */
const nextInvoiceId = (acc: Draft<Account>): string => `${acc.customer.id}-${String(acc.invoiceSeq + 1).padStart(4, '0')}`;

/**
 * R-CREDIT-01: corrects an invoice by a credit note of its own — negative amounts at the rates of
 * the lines it corrects, the next number of the same series — for `amountCents` (gross, positive)
 * or, when absent, all that is left of the invoice after earlier credit notes. The credit is
 * allocated like a payment by the next settle (R-CREDIT-02). Returns null when nothing is left to
 * credit. Any rule family may call it; the reason is customer-facing text.
 */
export function issueCreditNote(
  ctx: Ctx,
  input: {
    invoiceId: string; amountCents?: number; reason: string; rule: RuleId; source: string | null; lineDescription?: (l: InvoiceLine) => string;
    /** The credit note's own lines (negative), when it credits something more precise than a share of every line (R-CREDIT-03). */
    lines?: Draft<InvoiceLine>[];
  },
): Draft<Invoice> | null {
  const acc = ctx.acc;
  const inv = acc.invoices[input.invoiceId];
  if (!inv) throw new DomainError('invoice.unknown', `invoice ${input.invoiceId} is not known for customer ${acc.customer.id}`);
  const left = creditable(inv);
  const given = input.lines ? -sum(input.lines, 'grossCents') : null;
  const amount = Math.min(given ?? input.amountCents ?? left, left);
  if (amount <= 0) return null;
  const describe = input.lineDescription ?? ((l: InvoiceLine) => (acc.customer.language === 'nl' ? `Creditering: ${l.description}` : `Credit: ${l.description}`));
  // Given lines that would take more than is left give way to a share of every line, for what is left.
  const lines = input.lines && given === amount ? input.lines : creditLines(inv as Invoice, amount, describe);
  const id = nextInvoiceId(acc);
  const issuedOn = ctx.today;
  const number = ctx.takeNumber();
  const sub = inv.subscriptionId ? { id: inv.subscriptionId } : null;
  ctx.emit('CreditNoteIssued', {
    sub, rule: input.rule, source: input.source,
    data: {
      creditNoteId: id, number, correctsInvoiceId: inv.id, correctsNumber: inv.number, reason: input.reason, issuedOn,
      netCents: sum(lines, 'netCents'), vatCents: sum(lines, 'vatCents'), totalCents: sum(lines, 'grossCents'),
      lines, vatBreakdown: vatBreakdown(lines), supplyPeriod: supplyPeriod(lines), reverseCharge: inv.reverseCharge, vatNote: inv.vatNote,
      seller: ctx.billing.seller ?? (inv.seller as Invoice['seller']), buyer: structuredClone(inv.buyer) as Invoice['buyer'],
      category: inv.category, retainUntil: addYears(issuedOn, FISCAL_RETENTION_YEARS),
    },
  });
  const note = acc.invoices[id]!;
  ctx.push({ kind: 'invoice', key: `invoice:${id}`, invoiceId: id });
  ctx.email(id, 'credit_note.issued', sub, { invoiceId: id, invoiceNumber: number, correctsNumber: inv.number, amountCents: -note.totalCents });
  return note;
}

/** What an invoice is for, by its lines: the subject line of its e-mail. */
function purposeOf(lines: readonly Pick<InvoiceLine, 'kind'>[]): InvoicePurpose {
  if (lines.length > 0 && lines.every((l) => l.kind === 'collection-costs' || l.kind === 'interest')) return 'collectionCosts';
  if (lines.some((l) => l.kind === 'reactivation')) return 'reactivation';
  if (lines.some((l) => l.kind === 'early-termination')) return 'remainingCharges';
  return 'charges';
}

/** What is left to pay: nothing on a credit note; on an invoice its total less payments, write-off and credit notes. */
export const openCents = (i: Pick<Invoice, 'kind' | 'totalCents' | 'paidCents' | 'writtenOffCents' | 'creditedCents'>): number =>
  i.kind === 'credit_note' ? 0 : i.totalCents - i.paidCents - i.writtenOffCents - i.creditedCents;
export const inOpenDispute = (i: Pick<Invoice, 'dispute'>): boolean => i.dispute !== null && i.dispute.resolved === null;
export const isVoid = (i: Pick<Invoice, 'dispute'>): boolean => i.dispute?.resolved?.outcome === 'upheld';

/** Open, undisputed, not void: what the customer owes and the rules may act on (R-PAY-05). */
export function counts(i: Invoice | Draft<Invoice>): boolean {
  return openCents(i) > 0 && !inOpenDispute(i) && !isVoid(i);
}

export function liveSubs(acc: Account | Draft<Account>): Draft<LiveSubscription>[] {
  return Object.values(acc.subscriptions).filter((s): s is Draft<LiveSubscription> => s.status === 'live') as Draft<LiveSubscription>[];
}
