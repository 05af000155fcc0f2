/**
 * The stored shape of a customer account: a schema version beside the state, parsed with zod on
 * every read (STYLE 7), and upcasters that bring older versions to the current one, so data
 * written by an earlier release survives this one and the next.
 *
 * Version history:
 * - 1 (until December 2026, no `schemaVersion` attribute): the whole history in the account.
 * - 2: bounded working state (domain/archive.ts): `archivedSubscriptionIds`, `retainRecordsUntil`.
 *   A version-1 account is read as is and sheds its settled records on its next decision.
 * - 3: invoices a finance team can file (issue 8): invoices carry `number`, `kind`,
 *   `correctsInvoiceId`, `creditReason`, `creditedCents`, the VAT breakdown, supply period, reverse
 *   charge, seller and buyer; lines their `vatRateBp` and `vatCategory`; the customer
 *   `billingAddress` and `vatId`; a cancellation its `feeInvoiceId`. Invoices of earlier versions
 *   keep their id as their number (that is what they were sent as), their rate is read back from
 *   their amounts. Archived invoice records are upcast the same way when read (`archivedInvoiceOf`).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as z from 'zod';
import { isRuleId, type Account, type ArchivedInvoice, type RuleId } from '../domain/index.js';
import { InfraError } from './errors.js';

export const ACCOUNT_SCHEMA_VERSION = 3;

const instant = z.string().min(1);
const localDate = z.iso.date();
const cents = z.number().int();
const ruleId = z.custom<RuleId>((v) => typeof v === 'string' && isRuleId(v), 'not a rule id of the rulebook (domain/rules.ts)');

const plan = z.object({ name: z.string(), priceCents: cents, period: z.enum(['month', 'year']) });
const offer = z.object({ plan, seats: z.number().int() });
const priceChange = z.object({
  announcedAt: instant, effectiveOn: localDate, changeBp: z.number().int(), newPriceCents: cents, rule: ruleId, applied: z.boolean(), fromCents: cents.optional(),
});
const subscriptionBase = {
  id: z.string(), customerId: z.string(), termsId: z.string(), termsVersion: z.number().int(), plan, seats: z.number().int(),
  contractId: z.string().nullable(), createdAt: instant, priceChanges: z.array(priceChange),
};
const suspension = z.object({ reason: z.enum(['arrears', 'abuse', 'reseller-suspended']), since: instant, rule: ruleId, seats: z.number().int(), detail: z.string() });
const cancellation = z.object({
  requestedAt: instant, channel: z.enum(['email', 'portal', 'registered_mail', 'api', 'phone']), endsOn: localDate, earlyTerminationFeeCents: cents, rule: ruleId,
  basis: z.enum(['notice', 'priceChange', 'termsChange', 'earlyTermination', 'unreachable']), feeInvoiceId: z.string().nullable(),
});
const terminationRight = z.object({
  reason: z.enum(['priceChange', 'termsChange']), rule: ruleId, grantedAt: instant, exercisableUntil: localDate, endsOn: localDate.nullable(), noticeMonths: z.number().int().nullable(),
});
const subscription = z.discriminatedUnion('status', [
  z.object({ ...subscriptionBase, status: z.literal('pending'), firstInvoiceId: z.string().nullable() }),
  z.object({
    ...subscriptionBase, status: z.literal('live'), activatedOn: localDate,
    term: z.object({ start: localDate, end: localDate.nullable(), kind: z.enum(['initial', 'renewal', 'indefinite']) }),
    minimumTermEnd: localDate, nextInvoiceOn: localDate, periodAnchor: localDate, periodIndex: z.number().int(),
    suspensions: z.array(suspension), cancellation: cancellation.nullable(), terminationRights: z.array(terminationRight),
    dissolutionProposed: z.object({ at: instant, rule: ruleId, reason: z.string() }).nullable(), noticeDeadlineAnnouncedFor: localDate.nullable(),
    changes: z.array(z.object({ effectiveOn: localDate, from: offer.nullable(), to: offer, prorated: z.boolean() })).default([]),
    usage: z.array(z.object({ period: z.string().regex(/^\d{4}-\d{2}$/), metric: z.string(), quantity: z.number().int().nonnegative(), billedQuantity: z.number().int().nonnegative() })).default([]),
  }),
  z.object({
    ...subscriptionBase, status: z.literal('ended'), activatedOn: localDate.nullable(), endedOn: localDate,
    endReason: z.enum(['cancelled', 'dissolved', 'insolvency', 'unreachable', 'price-change', 'terms-change', 'erasure']), rule: ruleId,
    exportWindowEndsOn: localDate, exportRequestedAt: instant.nullable(), dataDeletion: z.object({ requestedAt: instant, confirmedAt: instant.nullable() }).nullable(),
  }),
]);
const vatCategory = z.enum(['standard', 'reverse-charge', 'not-subject']);
const invoiceLine = z.object({
  kind: z.enum(['subscription', 'surcharge', 'reactivation', 'early-termination', 'plan-change', 'usage', 'collection-costs', 'interest', 'credit']), description: z.string(), subscriptionId: z.string().nullable(),
  period: z.object({ start: localDate, end: localDate }).nullable(), quantity: z.number(), unitCents: cents, netCents: cents, vatCents: cents, grossCents: cents,
  vatRateBp: z.number().int().nonnegative(), vatCategory, rule: ruleId,
});
const address = z.object({ street: z.string(), additionalStreet: z.string().nullable(), postalCode: z.string(), city: z.string(), country: z.string() });
const invoice = z.object({
  id: z.string(), number: z.string(), kind: z.enum(['invoice', 'credit_note']), correctsInvoiceId: z.string().nullable(), creditReason: z.string().nullable(),
  customerId: z.string(), subscriptionId: z.string().nullable(), issuedOn: localDate, dueOn: localDate, lines: z.array(invoiceLine),
  netCents: cents, vatCents: cents, totalCents: cents,
  vatBreakdown: z.array(z.object({ vatCategory, vatRateBp: z.number().int().nonnegative(), netCents: cents, vatCents: cents })),
  supplyPeriod: z.object({ start: localDate, end: localDate }).nullable(), reverseCharge: z.boolean(), vatNote: z.string().nullable(),
  seller: z.object({ name: z.string(), address, kvk: z.string(), vatId: z.string(), iban: z.string() }).nullable(),
  buyer: z.object({ name: z.string(), kind: z.enum(['consumer', 'business']), address: address.nullable(), vatId: z.string().nullable() }),
  category: z.enum(['principal', 'accessory']), paidCents: cents, writtenOffCents: cents, creditedCents: cents,
  dispute: z.object({ openedAt: instant, resolved: z.object({ at: instant, outcome: z.enum(['upheld', 'rejected']) }).nullable() }).nullable(),
  dunning: z.object({
    reminderOn: localDate.nullable(), formalNoticeOn: localDate.nullable(), defaultOn: localDate.nullable(), letterOn: localDate.nullable(),
    costsInvoiceId: z.string().nullable(), suspendedOn: localDate.nullable(), dissolutionOn: localDate.nullable(),
  }),
  retainUntil: localDate,
});
const payment = z.object({
  id: z.string(), amountCents: cents, method: z.enum(['direct_debit', 'ideal', 'card', 'bank_transfer']), receivedAt: instant, invoiceId: z.string().nullable(),
  status: z.enum(['succeeded', 'reversed', 'failed']), reversal: z.object({ at: instant, reason: z.enum(['storno', 'chargeback', 'refund', 'failed']) }).nullable(),
});
const allocation = z.object({ paymentId: z.string(), invoiceId: z.string(), cents });
const customer = z.object({
  id: z.string(), kind: z.enum(['consumer', 'business']), name: z.string(), email: z.string(), language: z.enum(['nl', 'en']), resellerId: z.string(), directDebit: z.boolean(),
  billingAccountOfReseller: z.string().nullable(), createdAt: instant, unreachableSince: instant.nullable(), legalHold: z.boolean(),
  insolvency: z.object({ kind: z.enum(['bankruptcy', 'suspension_of_payments', 'debt_rescheduling', 'liquidation', 'death']), reportedAt: instant }).nullable(),
  arrangement: z.object({ recordedAt: instant, note: z.string() }).nullable(),
  billingAddress: address.nullable(), vatId: z.string().nullable(),
  erasure: z.discriminatedUnion('status', [
    z.object({ status: z.literal('scheduled'), requestedAt: instant, deadline: localDate }),
    z.object({ status: z.literal('done'), requestedAt: instant, erasedAt: instant }),
  ]).nullable(),
});

/** The current shape; the compiler keeps it equal to `Account`. */
export const accountSchema = z.object({
  customer,
  subscriptions: z.record(z.string(), subscription),
  invoices: z.record(z.string(), invoice),
  payments: z.record(z.string(), payment),
  allocations: z.array(allocation),
  creditCents: cents,
  clock: instant,
  invoiceSeq: z.number().int(),
  retainRecordsUntil: localDate.nullable(),
  archivedSubscriptionIds: z.array(z.string()),
}) satisfies z.ZodType<Account>;

type Json = Record<string, unknown>;

/** Upcasters by the version they read: each returns the state of the next version. */
const UPCASTERS: Readonly<Record<number, (state: Json) => Json>> = {
  1: (state) => {
    const invoices = Object.values((state['invoices'] ?? {}) as Record<string, { retainUntil?: string }>);
    const retainRecordsUntil = invoices.map((i) => i.retainUntil).filter((d): d is string => typeof d === 'string').sort().at(-1) ?? null;
    return { ...state, retainRecordsUntil, archivedSubscriptionIds: [] };
  },
  2: (state) => {
    const customer = state['customer'] as Json;
    const subscriptions = Object.fromEntries(Object.entries((state['subscriptions'] ?? {}) as Record<string, Json>).map(([id, sub]) => [
      id, sub['status'] === 'live' && sub['cancellation'] ? { ...sub, cancellation: { ...(sub['cancellation'] as Json), feeInvoiceId: null } } : sub,
    ]));
    const invoices = Object.fromEntries(Object.entries((state['invoices'] ?? {}) as Record<string, Json>).map(([id, inv]) => [id, invoiceV3(inv, customer)]));
    return { ...state, customer: { ...customer, billingAddress: null, vatId: null }, subscriptions, invoices };
  },
};

/** A line of version 2 or earlier: its VAT rate read back from its amounts (whole percents), interest and costs not subject to VAT. */
function lineV3(line: Json): Json {
  const net = Number(line['netCents'] ?? 0);
  const vat = Number(line['vatCents'] ?? 0);
  const notSubject = vat === 0 && (line['kind'] === 'interest' || line['kind'] === 'collection-costs');
  const vatRateBp = net === 0 ? 0 : Math.round((vat * 100) / net) * 100;
  return { ...line, vatRateBp: notSubject ? 0 : vatRateBp, vatCategory: notSubject ? 'not-subject' : 'standard' };
}

/**
 * An invoice of version 2 or earlier as version 3 has it: its id is its number (what it was sent
 * as), no seller was recorded, the buyer is the account's customer as known now.
 */
function invoiceV3(inv: Json, customer: Json | null): Json {
  if (typeof inv['number'] === 'string') return inv;
  const lines = ((inv['lines'] ?? []) as Json[]).map(lineV3);
  const breakdown = new Map<string, { vatCategory: string; vatRateBp: number; netCents: number; vatCents: number }>();
  for (const l of lines) {
    const key = `${String(l['vatCategory'])}:${String(l['vatRateBp'])}`;
    const g = breakdown.get(key) ?? { vatCategory: String(l['vatCategory']), vatRateBp: Number(l['vatRateBp']), netCents: 0, vatCents: 0 };
    g.netCents += Number(l['netCents']);
    g.vatCents += Number(l['vatCents']);
    breakdown.set(key, g);
  }
  const periods = lines.map((l) => l['period'] as { start: string; end: string } | null).filter((p): p is { start: string; end: string } => p !== null);
  return {
    ...inv, number: inv['id'], kind: 'invoice', correctsInvoiceId: null, creditReason: null, creditedCents: 0, lines,
    vatBreakdown: [...breakdown.values()], supplyPeriod: periods.length === 0 ? null : { start: periods.map((p) => p.start).sort()[0], end: periods.map((p) => p.end).sort().at(-1) },
    reverseCharge: false, vatNote: null, seller: null,
    buyer: { name: customer?.['name'] ?? '', kind: customer?.['kind'] ?? 'business', address: null, vatId: null },
  };
}

const archivedInvoice = invoice.extend({ paidBy: z.array(allocation) });

/** An archived invoice record (`INV#` item) of any release, as the current version has it. */
export function archivedInvoiceOf(json: string, customer?: Pick<Account['customer'], 'name' | 'kind'>): ArchivedInvoice {
  const raw = JSON.parse(json) as Json;
  const parsed = archivedInvoice.safeParse(invoiceV3(raw, customer ? { name: customer.name, kind: customer.kind } : null));
  if (!parsed.success) throw new InfraError('store.invalid', `archived invoice ${String(raw['id'])} does not parse: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * What goes into the account item: the state as raw-deflated JSON in a binary attribute. JSON of
 * invoices and subscriptions compresses about 8×, and DynamoDB charges reads, writes and the
 * index copies by the stored bytes. (Items written as a JSON string still read.)
 */
export function encodeAccount(state: Account): { schemaVersion: number; state: Uint8Array } {
  return { schemaVersion: ACCOUNT_SCHEMA_VERSION, state: deflateRawSync(JSON.stringify(state)) };
}

/** The stored form of `state`: a JSON string (before compression) or deflated JSON bytes. */
export const storedState = z.union([z.string(), z.instanceof(Uint8Array)]);

/** The account of a stored item of any known version, brought up to date and parsed. */
export function decodeAccount(customerId: string, stored: { schemaVersion?: number | undefined; state: string | Uint8Array }): Account {
  const from = stored.schemaVersion ?? 1;
  if (!Number.isInteger(from) || from < 1 || from > ACCOUNT_SCHEMA_VERSION) {
    throw new InfraError('store.invalid', `account ${customerId} has schema version ${from}; this release reads 1 to ${ACCOUNT_SCHEMA_VERSION}`);
  }
  let state: Json;
  try {
    const json = typeof stored.state === 'string' ? stored.state : inflateRawSync(stored.state).toString('utf8');
    state = JSON.parse(json) as Json;
  } catch (error) {
    throw new InfraError('store.invalid', `account ${customerId}: state is not (deflated) JSON (${(error as Error).message})`);
  }
  for (let v = from; v < ACCOUNT_SCHEMA_VERSION; v++) state = UPCASTERS[v]!(state);
  const parsed = accountSchema.safeParse(state);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InfraError('store.invalid', `account ${customerId} (schema version ${from}) does not parse: ${where}`);
  }
  return parsed.data;
}
