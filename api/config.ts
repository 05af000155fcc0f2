/** The partner API's and the webhook's configuration: the one place they read the environment. */
import * as z from 'zod';

/** Locally only: `npm start` prints it so a developer can sign test webhooks. */
export const LOCAL_WEBHOOK_SECRET = 'whsec_bG9vcHRpamQtbG9jYWwtd2ViaG9vay1zZWNyZXQ=';
export const LOCAL_CURSOR_SECRET = 'looptijd-local-cursor-secret';

export interface ApiConfig {
  /** Standard Webhooks secret (`whsec_` + base64). */
  readonly webhookSecret: string;
  /** HMAC key sealing pagination cursors. */
  readonly cursorSecret: string;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  /** How long a resolved key is remembered per instance (as an API Gateway authorizer cache): a revocation takes effect within this. */
  readonly apiKeyCacheSeconds?: number;
}

/** Secret values fetched outside the environment (from Secrets Manager in AWS: functions/aws-deps.ts); they win over env. */
export type ApiSecrets = { readonly [K in 'webhookSecret' | 'cursorSecret']?: string | undefined };

const positive = z.coerce.number().positive();

export function apiConfigFromEnv(secrets: ApiSecrets = {}, env: NodeJS.ProcessEnv = process.env): ApiConfig {
  // In AWS the local defaults (public) are never used: a secret the function was not given throws when read.
  const inAws = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const webhookSecret = secrets.webhookSecret || env.WEBHOOK_SECRET || (inAws ? undefined : LOCAL_WEBHOOK_SECRET);
  const cursorSecret = secrets.cursorSecret || env.CURSOR_SECRET || (inAws ? undefined : LOCAL_CURSOR_SECRET);
  const perSecond = positive.default(50).parse(env.API_RATE_LIMIT_PER_SECOND || undefined);
  return {
    get webhookSecret() {
      return webhookSecret ?? notGiven('WEBHOOK_SECRET');
    },
    get cursorSecret() {
      return cursorSecret ?? notGiven('CURSOR_SECRET');
    },
    rateLimit: { perSecond, burst: positive.default(perSecond * 2).parse(env.API_RATE_LIMIT_BURST || undefined) },
    apiKeyCacheSeconds: z.coerce.number().min(0).max(300).default(5).parse(env.API_KEY_CACHE_SECONDS || undefined),
  };
}

function notGiven(name: string): never {
  throw new Error(`${name} must be set in AWS: give the function the secret (infra/functions.ts \`uses.secrets\`)`);
}
