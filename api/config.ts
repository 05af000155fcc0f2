/** The partner API's and the webhook's configuration: the one place they read the environment. */
import { z } from 'zod';

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

const positive = z.coerce.number().positive();

export function apiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  // In AWS the secrets must be configured: the local defaults are public.
  if (env.AWS_LAMBDA_FUNCTION_NAME && (!env.WEBHOOK_SECRET || !env.CURSOR_SECRET)) {
    throw new Error('WEBHOOK_SECRET and CURSOR_SECRET must be set in AWS');
  }
  const perSecond = positive.default(50).parse(env.API_RATE_LIMIT_PER_SECOND || undefined);
  return {
    webhookSecret: env.WEBHOOK_SECRET || LOCAL_WEBHOOK_SECRET,
    cursorSecret: env.CURSOR_SECRET || LOCAL_CURSOR_SECRET,
    rateLimit: { perSecond, burst: positive.default(perSecond * 2).parse(env.API_RATE_LIMIT_BURST || undefined) },
    apiKeyCacheSeconds: z.coerce.number().min(0).max(300).default(5).parse(env.API_KEY_CACHE_SECONDS || undefined),
  };
}
