/**
 * Remembers resolved API keys for a few seconds per instance, as an API Gateway authorizer cache
 * does: one GetItem fewer per request. Unknown keys are never remembered; a revocation takes
 * effect within the TTL.
 */
import type { ApiKeys } from '../adapters/api-keys.js';

type Resolver = Pick<ApiKeys, 'resolve'>;

export function cachedKeys(inner: Resolver, ttlSeconds: number, now: () => number = () => performance.now()): Resolver {
  if (ttlSeconds <= 0) return inner;
  const cache = new Map<string, { value: Awaited<ReturnType<Resolver['resolve']>>; until: number }>();
  return {
    async resolve(key) {
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.value;
      const value = await inner.resolve(key);
      if (value) {
        if (cache.size >= 10_000) cache.delete(cache.keys().next().value!);
        cache.set(key, { value, until: now() + ttlSeconds * 1000 });
      } else cache.delete(key);
      return value;
    },
  };
}
