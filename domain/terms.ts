/**
 * A terms profile: the contract rules of one provider as validated data (STYLE 3). Field names
 * read as rules; every preset annotates each parameter with the article it comes from.
 */
import * as z from 'zod';
import { inputLimitsSchema } from './events.js';

const months = z.number().int().min(0).max(120);
const days = z.number().int().min(0).max(3650);
const bp = z.number().int().min(0).max(100_000).describe('basis points: 2100 = 21%');
const cents = z.number().int().min(0);

export const collectionCostsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentageOfPrincipal'), pctBp: bp, minimumCents: cents, administrationCents: cents }),
  z.object({ kind: z.literal('wikScale'), minimumCents: cents }),
  z.object({ kind: z.literal('statutoryMinimum') }),
]);

/**
 * One rung of the dunning ladder (R-DUN-01): a step and when it is due, counted from the invoice's
 * due date or from the day the previous rung was taken (like Kill Bill's overdue states).
 */
export const dunningRungSchema = z.union([
  z.object({ step: z.enum(['reminder', 'formalNotice', 'default']), daysAfterDueDate: days }).strict(),
  z.object({ step: z.enum(['reminder', 'formalNotice', 'default']), daysAfterPreviousStep: days }).strict(),
]);

/** Stored profiles from before the ladder was data name one of three shapes; they are read as their ladder. */
function upcastDunning(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('kind' in input)) return input;
  const legacy = input as { kind: unknown; formalNoticeAfterReminderDays?: unknown; defaultAfterFormalNoticeDays?: unknown };
  const reminder = { step: 'reminder', daysAfterDueDate: 1 };
  switch (legacy.kind) {
    case 'reminderThenFormalNotice':
      return { ladder: [reminder, { step: 'formalNotice', daysAfterPreviousStep: legacy.formalNoticeAfterReminderDays }, { step: 'default', daysAfterPreviousStep: legacy.defaultAfterFormalNoticeDays }] };
    case 'defaultAfterDueDate':
      return { ladder: [reminder, { step: 'default', daysAfterDueDate: 1 }] };
    case 'reminderOnly':
      return { ladder: [reminder] };
    default:
      return input;
  }
}

/**
 * The dunning ladder, in the order its steps are taken. A reminder is always sent (R-DUN-01);
 * collection costs (R-DUN-03) are claimed for businesses with the first formal notice or default
 * the ladder reaches, and not at all by a ladder of reminders only (001: on dissolution).
 */
export const dunningSchema = z.preprocess(upcastDunning, z.object({
  ladder: z.array(dunningRungSchema).min(1),
}).strict().superRefine((d, ctx) => {
  const steps = d.ladder.map((r) => r.step);
  if (steps[0] !== 'reminder') ctx.addIssue({ code: 'custom', path: ['ladder', 0], message: 'the ladder starts with a reminder (R-DUN-01: a reminder is always sent)' });
  steps.forEach((s, i) => {
    if (steps.indexOf(s) !== i) ctx.addIssue({ code: 'custom', path: ['ladder', i], message: `${s} appears more than once` });
  });
  if (d.ladder[0] && 'daysAfterPreviousStep' in d.ladder[0]) ctx.addIssue({ code: 'custom', path: ['ladder', 0], message: 'the first step has no previous step: use daysAfterDueDate' });
}));

export const suspendWhenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never') }),
  z.object({ kind: z.literal('unpaidInvoiceOlderThanMonths'), months }),
  z.object({ kind: z.literal('prepaidPeriodInvoiceOverdue') }),
  z.object({ kind: z.literal('anyInvoiceOverdue') }),
]);

export const dissolveWhenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never') }),
  z.object({ kind: z.literal('unpaidInvoiceOlderThanMonths'), months, confirmation: z.enum(['automatic', 'manual']) }),
]);

export const renewalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sameTerm') }),
  z.object({ kind: z.literal('months'), months: months.min(1) }),
  z.object({ kind: z.literal('indefinite') }),
]);

export const termsProfileSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    version: z.number().int().positive(),
    name: z.string().min(1),
    seed: z.string().describe('the contract text it reproduces, e.g. "001"'),
    customerKinds: z.array(z.enum(['consumer', 'business'])).min(1),
    pricesIncludeVat: z.boolean(),
    vatBp: bp,
    activation: z.enum(['onFirstPayment', 'onActivation', 'onAcceptance']),
    billingTiming: z.enum(['inAdvance', 'inArrears']),
    /**
     * Where billing periods start (R-BILL-01): `anniversary` of the start day (31 Jan → 28 Feb → 31 Mar),
     * `calendarMonth` (periods start on the 1st; a yearly plan runs twelve months from the 1st of a month),
     * `calendarYear` (monthly plans as calendarMonth, yearly plans from 1 January). A first and last
     * period shorter than the whole is charged pro rata by days.
     */
    billingAnchor: z.enum(['anniversary', 'calendarMonth', 'calendarYear']).default('anniversary'),
    /**
     * A plan or seat change inside a period is charged (or credited) pro rata by days for
     * the rest of that period; false: the change applies from the next period billed.
     */
    prorateChanges: z.boolean().default(false),
    /**
     * Usage above the allowance (R-BILL-03): per metric (as `usage.recorded` names it) the units
     * included per calendar month and the price per unit above them, in cents (VAT as the profile's
     * prices); `unit` names the unit on the invoice (GB, min). No entry: usage of that metric is refused.
     */
    allowances: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/).max(64),
      z.object({ includedPerMonth: z.number().int().nonnegative(), unitCents: z.number().int().nonnegative().max(100_000_000), unit: z.string().min(1).max(20) }).strict(),
    ).default({}),
    minimumTermMonths: months,
    renewalForBusiness: renewalSchema,
    noticePeriodMonths: months.min(0).max(24),
    endAlignment: z.enum(['termEnd', 'endOfCalendarMonth', 'firstOfMonth', 'anyDay']),
    cancellationForm: z.enum(['any', 'written', 'registeredMail']),
    refuseCancellationWhileInArrears: z.boolean(),
    earlyTerminationByCustomer: z.enum(['notAllowed', 'withRemainingCharges']),
    paymentTermDays: days.min(1),
    manualPaymentSurchargeBp: bp,
    disputeWindowDays: days.nullable().describe('null: the contract sets no window'),
    dunning: dunningSchema,
    businessLateInterest: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('statutoryCommercial') }),
      z.object({ kind: z.literal('contractualMonthly'), monthlyBp: bp }),
    ]),
    applyContractualInterestToConsumers: z.boolean(),
    collectionCosts: collectionCostsSchema,
    suspendWhen: suspendWhenSchema,
    suspendScope: z.enum(['subscription', 'customer']),
    cascadeSuspensionToResellerCustomers: z.boolean(),
    reactivationFeePerSeatCents: cents,
    dissolveWhen: dissolveWhenSchema,
    termsChangeGivesExitRight: z.boolean(),
    exportWindowDays: days,
    refuseExportWhileInArrears: z.boolean(),
    priceChange: z.object({
      noticeDays: days,
      terminationThresholdBp: bp.nullable(),
      terminationRight: z.enum(['onEffectiveDate', 'withNoticeMonths']),
      terminationNoticeMonths: months,
      indexation: z.enum(['annualJanuary', 'halfYearlyWageIndex', 'none']),
    }),
    /** The article each parameter comes from, by field name. */
    sources: z.record(z.string(), z.string()),
    /** Raises the input bounds (seats, prices, amounts) for this provider's events, up to the hard ceilings (issue 11). */
    limits: inputLimitsSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.endAlignment === 'termEnd' && t.minimumTermMonths === 0) {
      ctx.addIssue({ code: 'custom', path: ['endAlignment'], message: 'termEnd alignment needs a minimumTermMonths above 0' });
    }
    if (t.renewalForBusiness.kind === 'sameTerm' && t.minimumTermMonths === 0) {
      ctx.addIssue({ code: 'custom', path: ['renewalForBusiness'], message: 'sameTerm renewal needs a minimumTermMonths above 0' });
    }
    if (t.billingAnchor !== 'anniversary' && t.activation === 'onFirstPayment') {
      ctx.addIssue({ code: 'custom', path: ['billingAnchor'], message: 'onFirstPayment bills a whole first period before the start is known: use anniversary' });
    }
    if (t.priceChange.terminationRight === 'withNoticeMonths' && t.priceChange.terminationNoticeMonths === 0) {
      ctx.addIssue({ code: 'custom', path: ['priceChange', 'terminationNoticeMonths'], message: 'withNoticeMonths needs terminationNoticeMonths above 0' });
    }
  });

export type TermsProfile = z.infer<typeof termsProfileSchema>;

/** Validation errors as `field: why`, the way an operator reads them. */
export function parseTermsProfile(input: unknown): { ok: true; profile: TermsProfile } | { ok: false; errors: string[] } {
  const result = termsProfileSchema.safeParse(input);
  if (result.success) return { ok: true, profile: result.data };
  return { ok: false, errors: result.error.issues.map((i) => `${i.path.join('.') || '(profile)'}: ${i.message}`) };
}

/** Profiles by id and version; a subscription is pinned to one version. */
export interface TermsCatalog {
  get(id: string, version?: number): TermsProfile | undefined;
  latest(id: string): TermsProfile | undefined;
}

export function catalogOf(profiles: readonly TermsProfile[]): TermsCatalog {
  const byKey = new Map(profiles.map((p) => [`${p.id}@${p.version}`, p]));
  const latest = new Map<string, TermsProfile>();
  for (const p of profiles) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
  return {
    get: (id, version) => (version === undefined ? latest.get(id) : byKey.get(`${id}@${version}`)),
    latest: (id) => latest.get(id),
  };
}

/** `{ seed: '001', article: '¶arrears' }` from a preset's sources entry such as `001 ¶arrears`. */
export function sourceOf(terms: TermsProfile, field: string): string {
  return terms.sources[field] ?? `${terms.seed} (profile ${terms.id}@${terms.version})`;
}
