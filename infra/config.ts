/**
 * The deployment's stage and configuration, from CDK context (`-c key=value`, or cdk.json) or,
 * with `-c configFrom=ssm`, from SSM parameters `/looptijd/<stage>/<key>` (looked up at synth,
 * cached in cdk.context.json). Validated at synth: a missing or malformed value stops the synth
 * with a message that says what to pass.
 */
import { Token } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import * as z from 'zod';
import type { DocumentSeller } from '../documents/invoice-document.js';
import { IBAN, ibanValid, KVK, SAMPLE_PROVIDER, VAT_ID } from '../documents/seller.js';
import { ENV } from './definitions.js';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Every configurable key: context name, SSM parameter name (under /looptijd/<stage>/), meaning. */
export const CONFIG_KEYS = {
  senderAddress: { ssm: 'sender-address', help: 'the From address of every e-mail, e.g. billing@mail.provider.example' },
  providerName: { ssm: 'provider-name', help: "the provider's legal name: on every invoice (prod: required) and the From display name" },
  providerStreet: { ssm: 'provider-street', help: "the provider's street and number, on every invoice (prod: required)" },
  providerPostalCode: { ssm: 'provider-postal-code', help: "the provider's postal code, e.g. 1011 AA (prod: required)" },
  providerCity: { ssm: 'provider-city', help: "the provider's city (prod: required)" },
  providerCountry: { ssm: 'provider-country', help: "the provider's country, ISO 3166-1 alpha-2 (default NL)" },
  providerKvk: { ssm: 'provider-kvk', help: "the provider's KvK (Chamber of Commerce) number, 8 digits (prod: required)" },
  providerVatId: { ssm: 'provider-vat-id', help: "the provider's VAT id, e.g. NL123456789B01 (prod: required)" },
  providerIban: { ssm: 'provider-iban', help: "the IBAN invoices ask to pay to, without spaces (prod: required)" },
  invoiceNumberPrefix: { ssm: 'invoice-number-prefix', help: 'what every invoice and credit note number starts with, 1–10 letters, digits or dashes (default LT-)' },
  alarmEmail: { ssm: 'alarm-email', help: 'who the alarm topic e-mails (prod: required)' },
  sesIdentity: { ssm: 'ses-identity', help: "'domain' (DKIM-signed sending domain of senderAddress) or 'address' (one verified address; fine for dev)" },
  domainName: { ssm: 'domain-name', help: 'custom domain of the API, e.g. api.provider.example (optional; needs certificateArn)' },
  certificateArn: { ssm: 'certificate-arn', help: 'ACM certificate ARN for domainName, in the stack region' },
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;

export interface DeployConfig {
  readonly stage: Stage;
  readonly senderAddress: string;
  readonly providerName: string;
  /** Unset in dev: the alarm topic exists but nobody is subscribed. */
  readonly alarmEmail: string | undefined;
  readonly sesIdentity: 'domain' | 'address';
  readonly customDomain: { readonly domainName: string; readonly certificateArn: string } | undefined;
  /** The seller on every invoice (R-INV-02); `sample` in a dev stage that configured none (marked in the name). */
  readonly provider: { readonly details: DocumentSeller; readonly sample: boolean };
  /** The invoice number series' prefix (R-INV-01), e.g. `LT-`. */
  readonly invoiceNumberPrefix: string;
}

/** The provider's details that go together: all or none (dev), all (prod). */
const PROVIDER_DETAIL_KEYS = ['providerStreet', 'providerPostalCode', 'providerCity', 'providerKvk', 'providerVatId', 'providerIban'] as const satisfies readonly ConfigKey[];

/** What a stage changes beyond names. */
export interface StageSettings {
  /** prod: DynamoDB deletion protection, tables, secrets and logs retained when the stack goes. */
  readonly protect: boolean;
  readonly logRetentionDays: 30 | 90 | 365;
}

export const STAGE_SETTINGS: Readonly<Record<Stage, StageSettings>> = {
  dev: { protect: false, logRetentionDays: 30 },
  prod: { protect: true, logRetentionDays: 365 },
};

const address = z.email();
const schema = z
  .object({
    stage: z.enum(STAGES),
    senderAddress: address,
    providerName: z.string().trim().min(1).max(64).regex(/^[^"<>\r\n]+$/, 'no quotes, angle brackets or line breaks').optional(),
    alarmEmail: address.optional(),
    sesIdentity: z.enum(['domain', 'address']).optional(),
    domainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'a lower-case DNS name').optional(),
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN').optional(),
    providerStreet: z.string().trim().min(1).max(200).optional(),
    providerPostalCode: z.string().trim().min(1).max(16).optional(),
    providerCity: z.string().trim().min(1).max(100).optional(),
    providerCountry: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1 alpha-2), e.g. NL').optional(),
    providerKvk: z.string().regex(KVK, 'eight digits').optional(),
    providerVatId: z.string().regex(VAT_ID, 'a VAT id with its country prefix, e.g. NL123456789B01').optional(),
    providerIban: z.string().regex(IBAN, 'an IBAN without spaces, e.g. NL91ABNA0417164300').refine(ibanValid, 'the IBAN check digits do not match: a typo?').optional(),
    invoiceNumberPrefix: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, '1–10 letters, digits or dashes').optional(),
  })
  .superRefine((c, ctx) => {
    // R-INV-02: an invoice without the seller's name, address, KvK and VAT id is no invoice (art. 35a Wet OB).
    const given = PROVIDER_DETAIL_KEYS.filter((k) => c[k] !== undefined);
    if (c.stage === 'prod' || given.length > 0) {
      const why = c.stage === 'prod' ? 'required in prod: every invoice names the provider (art. 35a Wet OB)' : 'the provider details go together: give all of them or none (dev then uses marked sample details)';
      for (const key of PROVIDER_DETAIL_KEYS) if (c[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: why });
      if (c.stage === 'prod' && c.providerName === undefined) ctx.addIssue({ code: 'custom', path: ['providerName'], message: why });
    }
    if (c.stage === 'prod' && c.alarmEmail === undefined) ctx.addIssue({ code: 'custom', path: ['alarmEmail'], message: 'required in prod: alarms must reach someone' });
    if ((c.domainName === undefined) !== (c.certificateArn === undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.domainName === undefined ? 'domainName' : 'certificateArn'], message: 'domainName and certificateArn go together' });
    }
  });

/** A readable synth error: every problem, and how to give each value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration of the app's stage (`-c stage=dev|prod`, default dev). */
export function deployConfig(scope: Construct): DeployConfig {
  const raw = (key: string): unknown => {
    const v: unknown = scope.node.tryGetContext(key);
    return v === '' ? undefined : v;
  };
  const stage = raw('stage') ?? 'dev';
  if (!STAGES.includes(stage as Stage)) throw new ConfigError(`unknown stage '${String(stage)}': pass -c stage=dev or -c stage=prod`);
  const fromSsm = raw('configFrom') === 'ssm';
  // cdk.json may hold per-stage defaults under "looptijd:<stage>"; -c key=value wins.
  const stageDefaults = (raw(`looptijd:${String(stage)}`) ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = { stage };
  let pendingLookup = false;
  for (const [key, { ssm }] of Object.entries(CONFIG_KEYS)) {
    let value = raw(key) ?? stageDefaults[key];
    if (value === undefined && fromSsm) {
      value = StringParameter.valueFromLookup(scope, `/looptijd/${String(stage)}/${ssm}`, 'none');
      // The first synth answers a placeholder; the CLI looks the values up and synthesises again.
      if (Token.isUnresolved(value) || String(value).startsWith('dummy-value-for-')) pendingLookup = true;
      if (value === 'none') value = undefined;
    }
    values[key] = value;
  }
  if (pendingLookup) return placeholder(stage as Stage);

  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '') as ConfigKey;
      const meta = CONFIG_KEYS[key];
      const how = meta ? `-c ${key}=… or SSM /looptijd/${String(stage)}/${meta.ssm} with -c configFrom=ssm (${meta.help})` : '';
      return `  ${key}: ${values[key] === undefined ? (i.code === 'custom' ? `missing (${i.message})` : 'missing') : i.message}${how ? `\n    give it with ${how}` : ''}`;
    });
    throw new ConfigError(`Looptijd ${String(stage)} configuration is invalid:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const providerName = c.providerName ?? 'Looptijd';
  const configured = c.providerStreet !== undefined && c.providerPostalCode !== undefined && c.providerCity !== undefined && c.providerKvk !== undefined && c.providerVatId !== undefined && c.providerIban !== undefined;
  return {
    stage: c.stage,
    senderAddress: c.senderAddress,
    providerName,
    provider: configured
      ? {
          details: { name: providerName, address: { street: c.providerStreet!, additionalStreet: null, postalCode: c.providerPostalCode!, city: c.providerCity!, country: c.providerCountry ?? 'NL' }, kvk: c.providerKvk!, vatId: c.providerVatId!, iban: c.providerIban! },
          sample: false,
        }
      : { details: SAMPLE_PROVIDER, sample: true },
    invoiceNumberPrefix: c.invoiceNumberPrefix ?? 'LT-',
    alarmEmail: c.alarmEmail,
    sesIdentity: c.sesIdentity ?? (c.stage === 'prod' ? 'domain' : 'address'),
    customDomain: c.domainName !== undefined && c.certificateArn !== undefined ? { domainName: c.domainName, certificateArn: c.certificateArn } : undefined,
  };
}

/** Synth-time stand-in while SSM lookups are pending; never deployed (the CLI synthesises again with the values). */
function placeholder(stage: Stage): DeployConfig {
  return { stage, senderAddress: 'pending-lookup@example.com', providerName: 'Looptijd', alarmEmail: undefined, sesIdentity: 'address', customDomain: undefined, provider: { details: SAMPLE_PROVIDER, sample: true }, invoiceNumberPrefix: 'LT-' };
}

/**
 * The PROVIDER_* environment functions/config.ts reads (R-INV-01, R-INV-02): given by the stack to
 * exactly the functions that issue or render invoices (infra/functions.ts `uses.invoicing`).
 */
export function providerEnvironment(config: Pick<DeployConfig, 'provider' | 'invoiceNumberPrefix'>): Record<string, string> {
  const p = config.provider.details;
  return {
    [ENV.provider.name]: p.name, [ENV.provider.street]: p.address.street, [ENV.provider.postalCode]: p.address.postalCode, [ENV.provider.city]: p.address.city,
    [ENV.provider.country]: p.address.country, [ENV.provider.kvk]: p.kvk, [ENV.provider.vatId]: p.vatId, [ENV.provider.iban]: p.iban,
    [ENV.provider.invoiceNumberPrefix]: config.invoiceNumberPrefix,
  };
}

/** Resource names carry the stage, so dev and prod (or two developers' stages) fit one account and region. */
export function names(stage: Stage) {
  const prefix = `looptijd-${stage}`;
  return {
    prefix,
    stackName: `Looptijd-${stage}`,
    table: prefix,
    queue: (name: string) => `${prefix}-${name}`,
    bus: `${prefix}-access`,
    secret: (name: string) => `looptijd/${stage}/${name}`,
    fn: (name: string) => `${prefix}-${name}`,
    api: prefix,
    configurationSet: prefix,
    alarmTopic: `${prefix}-alarms`,
    dashboard: prefix,
    alarm: (what: string) => `${prefix}-${what}`,
  } as const;
}
export type Names = ReturnType<typeof names>;
