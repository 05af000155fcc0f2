/**
 * The stored shape of a customer account: a schema version beside the state, parsed with zod on
 * every read (STYLE 7), and upcasters that bring older versions to the current one, so data
 * written by an earlier release survives this one and the next.
 *
 * Version history:
 * - 1 (until December 2026, no `schemaVersion` attribute): the whole history in the account.
 * - 2: bounded working state (domain/archive.ts): `archivedSubscriptionIds`, `retainRecordsUntil`.
 *   A version-1 account is read as is and sheds its settled records on its next decision.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as z from 'zod';
import { isRuleId, type Account, type RuleId } from '../domain/index.js';
import { InfraError } from './errors.js';

export const ACCOUNT_SCHEMA_VERSION = 2;

const instant = z.string().min(1);
const localDate = z.iso.date();
const cents = z.number().int();
const ruleId = z.custom<RuleId>((v) => typeof v === 'string' && isRuleId(v), 'not a rule id of the rulebook (domain/rules.ts)');

const plan = z.object({ name: z.string(), priceCents: cents, period: z.enum(['month', 'year']) });
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
  basis: z.enum(['notice', 'priceChange', 'termsChange', 'earlyTermination', 'unreachable']),
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
  }),
  z.object({
    ...subscriptionBase, status: z.literal('ended'), activatedOn: localDate.nullable(), endedOn: localDate,
    endReason: z.enum(['cancelled', 'dissolved', 'insolvency', 'unreachable', 'price-change', 'terms-change', 'erasure']), rule: ruleId,
    exportWindowEndsOn: localDate, exportRequestedAt: instant.nullable(), dataDeletion: z.object({ requestedAt: instant, confirmedAt: instant.nullable() }).nullable(),
  }),
]);
const invoiceLine = z.object({
  kind: z.enum(['subscription', 'surcharge', 'reactivation', 'early-termination', 'collection-costs', 'interest']), description: z.string(), subscriptionId: z.string().nullable(),
  period: z.object({ start: localDate, end: localDate }).nullable(), quantity: z.number(), unitCents: cents, netCents: cents, vatCents: cents, grossCents: cents, rule: ruleId,
});
const invoice = z.object({
  id: z.string(), customerId: z.string(), subscriptionId: z.string().nullable(), issuedOn: localDate, dueOn: localDate, lines: z.array(invoiceLine),
  netCents: cents, vatCents: cents, totalCents: cents, category: z.enum(['principal', 'accessory']), paidCents: cents, writtenOffCents: cents,
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
};

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
