/**
 * The HTTP POST of an outbound webhook with the platform's fetch (no dependency): redirects are
 * not followed (a 3xx is a failure, as every non-2xx), the answer's body is read and dropped, and
 * the whole exchange is bounded by the timeout. Never throws: what went wrong is in `error`.
 */
import type { WebhookTransport } from '../app/ports.js';

export const fetchTransport: WebhookTransport = {
  async post(url, headers, body, timeoutMs) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, { method: 'POST', headers: { ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { statusCode: response.status, durationMs: elapsed(), error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${timeoutMs} ms`
        : e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
      return { statusCode: null, durationMs: elapsed(), error: why };
    }
  },
};
