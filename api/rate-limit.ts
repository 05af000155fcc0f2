/**
 * A token bucket per API key: `perSecond` sustained with bursts up to `burst`. In memory, so per
 * Lambda instance (or per local server); API Gateway usage plans are the account-wide limit.
 */
export interface RateLimit {
  /** Takes one token for `key`: allowed with the tokens left, or refused with the seconds until one is back. */
  take(key: string): { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };
  readonly limit: { perSecond: number; burst: number };
}

export function rateLimiter(limit: { perSecond: number; burst: number }, now: () => number = () => performance.now()): RateLimit {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    limit,
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
    },
  };
}
