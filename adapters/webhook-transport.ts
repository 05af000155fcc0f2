/**
 * The HTTP POST of an outbound webhook with node:http(s) (no dependency): redirects are not
 * followed (a 3xx is a failure, as every non-2xx), the answer's body is read and dropped, and the
 * whole exchange is bounded by the timeout. Never throws: what went wrong is in `error`.
 *
 * Server-side request forgery: the host is resolved when the connection is made, and the POST is
 * refused when any of its addresses is private, loopback, link-local (the instance metadata
 * service), CGNAT, multicast or reserved — checked at delivery time, so a name that resolved to a
 * public address at registration and to an internal one now (DNS rebinding) is refused too. The
 * address checked is the address connected to (the check is the connection's own lookup). Only
 * the local stack allows loopback (`allowLoopback`, from the policy's `allowLocalHttp`).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { WebhookTransport } from '../app/ports.js';
import { refusedAddress } from './internal-addresses.js';

export { refusedAddress };

/** A resolver with the shape of dns.lookup's `all: true` form (tests give a fake one: a name that resolves to what they say). */
export type Resolve = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const REFUSED = 'EWEBHOOKADDRESS';

/** dns.lookup that fails when any address of the name is one a webhook may not go to. */
function guardedLookup(resolve: Resolve, allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const bad = addresses.map((a) => ({ a, why: refusedAddress(a.address, allowLoopback) })).find((x) => x.why !== null);
      if (bad) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${bad.a.address}, a ${bad.why} address`), { code: REFUSED }), '', 4);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface TransportOptions {
  /** Deliver to 127.0.0.0/8 and ::1 (the local stack's receivers); never in AWS. */
  readonly allowLoopback: boolean;
  /** Default dns.lookup. */
  readonly resolve?: Resolve;
}

export function webhookTransport(options: TransportOptions): WebhookTransport {
  const lookup = guardedLookup(options.resolve ?? (dnsLookup as unknown as Resolve), options.allowLoopback);
  return {
    async post(url, headers, body, timeoutMs) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const failed = (error: string) => ({ statusCode: null, durationMs: elapsed(), error });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return failed('not a valid URL');
      }
      if (target.protocol !== 'https:' && target.protocol !== 'http:') return failed(`unsupported protocol ${target.protocol}`);
      const literal = target.hostname.replace(/^\[(.*)\]$/, '$1');
      // An address in the URL is connected to without a lookup: check it here.
      if (isIP(literal) !== 0) {
        const why = refusedAddress(literal, options.allowLoopback);
        if (why) return failed(`refused: ${literal} is a ${why} address`);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      const payload = Buffer.from(body, 'utf8');
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      try {
        const statusCode = await new Promise<number>((resolve, reject) => {
          const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) }, lookup, signal }, (res: IncomingMessage) => {
            res.on('error', reject);
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.resume(); // read and drop the answer's body
          });
          req.on('error', reject);
          req.end(payload);
        });
        const ok = statusCode >= 200 && statusCode < 300;
        return { statusCode, durationMs: elapsed(), error: ok ? null : `HTTP ${statusCode}` };
      } catch (error) {
        if (signal.aborted) return failed(`timed out after ${timeoutMs} ms`);
        const e = error as { code?: string; message?: string };
        return failed(e.code === REFUSED ? (e.message ?? 'refused') : (e.code ?? e.message ?? String(error)));
      }
    },
  };
}
