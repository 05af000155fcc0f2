/** The one module that reads process.env (STYLE 9), zod-parsed: a bad deployment fails loudly at start. */
import * as z from 'zod';
import type { InvoicingConfig } from '../app/ports.js';
import { IBAN, ibanValid, KVK, VAT_ID } from '../documents/seller.js';
import { DEFAULT_REGION, ENV, QUEUE_NAMES, SECRETS, dlqName, type DlqName, type QueueName, type SecretName } from '../infra/definitions.js';

export interface Config {
  readonly region: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly mailFrom: string;
  /** Display name of the From header (the provider's name). */
  readonly mailFromName: string | undefined;
  /** The deployment stage (dev, prod), a metrics dimension; `local` outside AWS. */
  readonly stage: string;
  /** How long Powertools Parameters keeps a secret before reading Secrets Manager again. */
  readonly secretRefreshSeconds: number;
  readonly logLevel: string;
  /** Only the queues this function was given (infra/functions.ts `uses`); reading another throws, naming it. */
  readonly queueUrls: Readonly<Record<QueueName | DlqName, string>>;
  /** ARNs of the Secrets Manager secrets this function was given; the values are fetched at cold start (aws-deps.ts). */
  readonly secretArns: Readonly<Partial<Record<SecretName, string>>>;
  /** How long an event waits for its parent before it is dead-lettered (PARKING_HORIZON_HOURS; default 7 days). */
  readonly parkingHorizonMs?: number;
  /**
   * The provider's details on every invoice (R-INV-02: PROVIDER_NAME, PROVIDER_STREET,
   * PROVIDER_POSTAL_CODE, PROVIDER_CITY, PROVIDER_COUNTRY, PROVIDER_KVK, PROVIDER_VAT_ID, PROVIDER_IBAN;
   * all or none) and the number series (INVOICE_NUMBER_PREFIX, default `LT-`, R-INV-01).
   */
  readonly invoicing: InvoicingConfig;
}

const schema = z.object({
  AWS_REGION: z.string().min(1).default(DEFAULT_REGION),
  [ENV.tableName]: z.string().min(1),
  [ENV.eventBusName]: z.string().min(1).default('looptijd-access'),
  MAIL_FROM: z.email().default('billing@looptijd.example'),
  MAIL_FROM_NAME: z.string().regex(/^[^"<>\r\n]+$/).optional(),
  LOOPTIJD_STAGE: z.string().min(1).default('local'),
  SECRET_REFRESH_SECONDS: z.string().regex(/^\d{1,4}$/, 'whole seconds').default('300'),
  POWERTOOLS_LOG_LEVEL: z.string().default('INFO'),
  PARKING_HORIZON_HOURS: z.coerce.number().positive().max(24 * 60).optional(),
  [ENV.provider.name]: z.string().min(1).max(200).optional(),
  [ENV.provider.street]: z.string().min(1).max(200).optional(),
  [ENV.provider.postalCode]: z.string().min(1).max(16).optional(),
  [ENV.provider.city]: z.string().min(1).max(100).optional(),
  [ENV.provider.country]: z.string().regex(/^[A-Z]{2}$/).default('NL'),
  [ENV.provider.kvk]: z.string().regex(KVK, 'eight digits').optional(),
  [ENV.provider.vatId]: z.string().regex(VAT_ID, 'a VAT id, e.g. NL123456789B01').optional(),
  [ENV.provider.iban]: z.string().regex(IBAN, 'an IBAN without spaces').refine(ibanValid, 'IBAN check digits do not match').optional(),
  [ENV.provider.invoiceNumberPrefix]: z.string().regex(/^[A-Za-z0-9-]{1,10}$/, '1–10 letters, digits or dashes').default('LT-'),
  ...Object.fromEntries(QUEUE_NAMES.map((q) => [ENV.queueUrl(q), z.url().optional()])),
  ...Object.fromEntries(QUEUE_NAMES.map((q) => [ENV.queueUrl(q) + '_DLQ', z.url().optional()])),
  ...Object.fromEntries(Object.values(SECRETS).map((secret) => [secret.envArn, z.string().min(1).optional()])),
});

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data as unknown as Record<string, string | undefined>;
  const queueUrls = {} as Record<QueueName | DlqName, string>;
  for (const q of QUEUE_NAMES) {
    const url = e[ENV.queueUrl(q)];
    // The stack names each DLQ `<queue name>-dlq` next to its queue.
    const dlqUrl = e[ENV.queueUrl(q) + '_DLQ'] ?? (url === undefined ? undefined : `${url}-dlq`);
    for (const [name, value] of [[q, url], [dlqName(q), dlqUrl]] as const) {
      if (value !== undefined) queueUrls[name] = value;
      else Object.defineProperty(queueUrls, name, { get: () => notGiven(`queue ${name}`) });
    }
  }
  const secretArns = Object.fromEntries(Object.entries(SECRETS).flatMap(([name, s]) => (e[s.envArn] ? [[name, e[s.envArn]]] : [])));
  const horizonHours = (parsed.data as { PARKING_HORIZON_HOURS?: number }).PARKING_HORIZON_HOURS;
  return {
    invoicing: invoicingOf(e),
    ...(horizonHours !== undefined && { parkingHorizonMs: horizonHours * 3_600_000 }),
    region: e['AWS_REGION']!, tableName: e[ENV.tableName]!, eventBusName: e[ENV.eventBusName]!, mailFrom: e['MAIL_FROM']!, mailFromName: e['MAIL_FROM_NAME'], stage: e['LOOPTIJD_STAGE']!, secretRefreshSeconds: Number(e['SECRET_REFRESH_SECONDS']), logLevel: e['POWERTOOLS_LOG_LEVEL']!, queueUrls, secretArns,
  };
}

/**
 * The provider's details (all given, or none: the invoices then name no seller and documents say
 * so; the stack always passes all, infra/config.ts) and the series of INVOICE_NUMBER_PREFIX.
 */
function invoicingOf(e: Record<string, string | undefined>): InvoicingConfig {
  const P = ENV.provider;
  const prefix = e[P.invoiceNumberPrefix]!;
  const series = { id: prefix.replace(/-+$/, '') || prefix, prefix };
  const keys = [P.name, P.street, P.postalCode, P.city, P.kvk, P.vatId, P.iban] as const;
  const missing = keys.filter((k) => !e[k]);
  if (missing.length === keys.length) return { seller: null, series };
  if (missing.length > 0) throw new Error(`invalid configuration: the provider details go together, missing ${missing.join(', ')}`);
  const [name, street, postalCode, city, kvk, vatId, iban] = keys.map((k) => e[k]!) as [string, string, string, string, string, string, string];
  return { seller: { name, address: { street, additionalStreet: null, postalCode, city, country: e[P.country]! }, kvk, vatId, iban }, series };
}

function notGiven(what: string): never {
  throw new Error(`this function was not given ${what} (infra/functions.ts \`uses\`)`);
}
