import { describe, expect, it } from 'vitest';
import { cachedKeys } from '../../api/key-cache.js';

describe('API key cache', () => {
  it('remembers a resolved key for the TTL, then asks again; never remembers an unknown key', async () => {
    let calls = 0;
    let now = 0;
    const owner: Record<string, string> = { good: 'res-a' };
    const keys = cachedKeys({ resolve: async (k) => (calls++, owner[k] ? { resellerId: owner[k]!, keyHash: k } : null) }, 5, () => now);
    expect(await keys.resolve('good')).toEqual({ resellerId: 'res-a', keyHash: 'good' });
    await keys.resolve('good');
    expect(calls).toBe(1);
    delete owner.good; // revoked
    now += 5_001;
    expect(await keys.resolve('good')).toBeNull();
    await keys.resolve('bad');
    await keys.resolve('bad');
    expect(calls).toBe(4);
  });
});
