/**
 * Opaque cursors: the DynamoDB start key with the owner and the list it belongs to, sealed with
 * an HMAC. A cursor cannot be forged, and one reseller's cursor (or another list's) is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { ApiError } from './http.js';

const payload = z.object({ v: z.literal(1), r: z.string(), l: z.string(), k: z.record(z.string(), z.unknown()) });

export interface CursorSealer {
  seal(resellerId: string, list: string, startKey: Record<string, unknown> | null): string | null;
  /** The start key, or an `invalid_cursor` ApiError. */
  open(resellerId: string, list: string, cursor: string | undefined): Record<string, unknown> | null;
}

export function cursorSealer(secret: string): CursorSealer {
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest();
  const refuse = () => new ApiError('api.invalid_cursor', 'cursor is not valid for this list: pass back the nextCursor of the previous page unchanged', [{ in: 'query', field: 'cursor', message: 'invalid cursor' }]);
  return {
    seal(resellerId, list, startKey) {
      if (startKey === null) return null;
      const body = Buffer.from(JSON.stringify({ v: 1, r: resellerId, l: list, k: startKey })).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    open(resellerId, list, cursor) {
      if (cursor === undefined) return null;
      const [body, sig, ...rest] = cursor.split('.');
      if (!body || !sig || rest.length > 0) throw refuse();
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
      let parsed: z.infer<typeof payload>;
      try {
        parsed = payload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      } catch {
        throw refuse();
      }
      if (parsed.r !== resellerId || parsed.l !== list) throw refuse();
      return parsed.k;
    },
  };
}
