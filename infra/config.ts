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

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Every configurable key: context name, SSM parameter name (under /looptijd/<stage>/), meaning. */
export const CONFIG_KEYS = {
  senderAddress: { ssm: 'sender-address', help: 'the From address of every e-mail, e.g. billing@mail.provider.example' },
  providerName: { ssm: 'provider-name', help: "the provider's name, shown as the From display name" },
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
}

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
    providerName: z.string().trim().min(1).max(64).regex(/^[^"<>\r\n]+$/, 'no quotes, angle brackets or line breaks'),
    alarmEmail: address.optional(),
    sesIdentity: z.enum(['domain', 'address']).optional(),
    domainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, 'a lower-case DNS name').optional(),
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN').optional(),
  })
  .superRefine((c, ctx) => {
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
  values['providerName'] ??= 'Looptijd';
  if (pendingLookup) return placeholder(stage as Stage);

  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? '') as ConfigKey;
      const meta = CONFIG_KEYS[key];
      const how = meta ? `-c ${key}=… or SSM /looptijd/${String(stage)}/${meta.ssm} with -c configFrom=ssm (${meta.help})` : '';
      return `  ${key}: ${values[key] === undefined ? 'missing' : i.message}${how ? `\n    give it with ${how}` : ''}`;
    });
    throw new ConfigError(`Looptijd ${String(stage)} configuration is invalid:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    stage: c.stage,
    senderAddress: c.senderAddress,
    providerName: c.providerName,
    alarmEmail: c.alarmEmail,
    sesIdentity: c.sesIdentity ?? (c.stage === 'prod' ? 'domain' : 'address'),
    customDomain: c.domainName !== undefined && c.certificateArn !== undefined ? { domainName: c.domainName, certificateArn: c.certificateArn } : undefined,
  };
}

/** Synth-time stand-in while SSM lookups are pending; never deployed (the CLI synthesises again with the values). */
function placeholder(stage: Stage): DeployConfig {
  return { stage, senderAddress: 'pending-lookup@example.com', providerName: 'Looptijd', alarmEmail: undefined, sesIdentity: 'address', customDomain: undefined };
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
