/**
 * Outbound webhooks end to end: endpoints registered through the partner API, events through the
 * real queues and handlers, deliveries from the outbox to a real local HTTP receiver that
 * verifies every signature with the `standardwebhooks` library.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../../domain/index.js';
import { call, START, startWorld, type World } from './world.js';

interface Received {
  readonly path: string;
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  readonly verified: boolean;
}

/** A receiver on a free port: `/<name>` answers what `plan[name]` says next (default 204) and records every request. */
class Receiver {
  readonly received: Received[] = [];
  readonly plan = new Map<string, number[]>();
  readonly secrets = new Map<string, string>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '/').slice(1);
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        let verified = false;
        const secret = this.secrets.get(path);
        if (secret) {
          try {
            new Webhook(secret).verify(body, headers);
            verified = true;
          } catch {
            verified = false;
          }
        }
        this.received.push({ path, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verified });
        const status = this.plan.get(path)?.shift() ?? 204;
        res.writeHead(status).end(status >= 300 ? 'no' : '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let seq = 0;
const ev = (type: string, data: Record<string, unknown>, id = `wh_${++seq}_${type}`) => ({ id, type, occurredAt: START, data }) as unknown as IncomingEvent;

describe('outbound webhooks (Standard Webhooks)', () => {
  let w: World;
  const rx = new Receiver();

  /** Registers an endpoint for reseller A at `/<name>` of the receiver; its secret goes to the receiver. */
  const register = async (name: string, eventTypes: string[], key?: string) => {
    const created = await call(w.p.url, key ?? w.keyA, 'POST', '/v1/webhook-endpoints', { body: { url: `${rx.url}/${name}`, eventTypes, description: `test ${name}` } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    rx.secrets.set(name, created.body.secret);
    return created.body as { id: string; secret: string };
  };

  beforeAll(async () => {
    await rx.start();
    // A short schedule so the retries happen within the test: 2nd attempt after ~1 s, 3rd after ~1 s more, then failed.
    // The log keeps the last 4 attempts (24 by default).
    w = await startWorld({ webhookPolicy: { retryDelaysMs: [300, 300], jitter: 0, keepAttempts: 4 } });
  });
  afterAll(async () => {
    await w?.stop();
    await rx.stop();
  });

  describe('registration', () => {
    it('answers 201 with a whsec_ secret shown once; GET and the list never show it again', async () => {
      const created = await register('reg', ['subscription.suspended']);
      expect(created.id).toMatch(/^we_[0-9a-f]{24}$/);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const got = await call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${created.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: created.id, url: `${rx.url}/reg`, eventTypes: ['subscription.suspended'], status: 'enabled', description: 'test reg' });
      expect(JSON.stringify(got.body)).not.toContain(created.secret.slice(6, 20));
      const list = await call(w.p.url, w.keyA, 'GET', '/v1/webhook-endpoints');
      expect(list.body.data.map((e: { id: string }) => e.id)).toContain(created.id);
      expect(JSON.stringify(list.body)).not.toContain('whsec_');
    });

    it.each([
      ['no body fields', {}, ['url', 'eventTypes']],
      ['an http URL that is not localhost', { url: 'http://hooks.example.com/x', eventTypes: ['subscription.suspended'] }, ['url']],
      ['a private host', { url: 'https://10.1.2.3/x', eventTypes: ['subscription.suspended'] }, ['url']],
      ['a CGNAT address', { url: 'https://100.64.1.2/x', eventTypes: ['subscription.suspended'] }, ['url']],
      ['an IPv4-mapped metadata address', { url: 'https://[::ffff:169.254.169.254]/x', eventTypes: ['subscription.suspended'] }, ['url']],
      ['not a URL', { url: 'hooks', eventTypes: ['subscription.suspended'] }, ['url']],
      ['an unknown event type', { url: 'https://hooks.example.com/x', eventTypes: ['subscription.exploded'] }, ['eventTypes.0']],
      ['no event types', { url: 'https://hooks.example.com/x', eventTypes: [] }, ['eventTypes']],
      ['a type twice', { url: 'https://hooks.example.com/x', eventTypes: ['invoice.issued', 'invoice.issued'] }, ['eventTypes']],
      ['an unknown field', { url: 'https://hooks.example.com/x', eventTypes: ['invoice.issued'], secret: 'mine' }, ['secret']],
    ])('refuses %s: 400 with the field errors', async (_, body, fields) => {
      const answer = await call(w.p.url, w.keyA, 'POST', '/v1/webhook-endpoints', { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_request');
      expect(answer.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([...fields].sort());
      for (const d of answer.body.error.details) expect(d).toMatchObject({ in: 'body', message: expect.any(String) });
    });

    it('another reseller\'s endpoint answers 404 exactly like an unknown id, for every route', async () => {
      const { id } = await register('tenancy', ['invoice.issued']);
      const unknown = 'we_000000000000000000000000';
      const probes: Array<[string, (e: string) => string]> = [
        ['GET', (e) => `/v1/webhook-endpoints/${e}`],
        ['DELETE', (e) => `/v1/webhook-endpoints/${e}`],
        ['GET', (e) => `/v1/webhook-endpoints/${e}/deliveries`],
        ['POST', (e) => `/v1/webhook-endpoints/${e}/secret/rotate`],
        ['POST', (e) => `/v1/webhook-endpoints/${e}/enable`],
        ['POST', (e) => `/v1/webhook-endpoints/${e}/deliveries/msg_00000000000000000000000000000000/replay`],
      ];
      for (const [method, path] of probes) {
        const theirs = await call(w.p.url, w.keyB, method, path(id));
        const none = await call(w.p.url, w.keyB, method, path(unknown));
        expect(theirs.status, `${method} ${path('…')}`).toBe(404);
        expect(JSON.stringify(theirs.body).replaceAll(id, '<id>')).toBe(JSON.stringify(none.body).replaceAll(unknown, '<id>'));
      }
      expect((await call(w.p.url, w.keyB, 'GET', '/v1/webhook-endpoints')).body.data).toEqual([]);
      expect((await call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}`)).status).toBe(200);
    });
  });

  describe('deliveries', () => {
    it('a suspension reaches the receiver once, signed; duplicates of the input event deliver nothing more', async () => {
      await register('once', ['subscription.suspended']);
      await register('other-types', ['invoice.issued']);
      const report = ev('abuse.reported', { subscriptionId: 'sub-a1', reason: 'spam from the tenant' });
      await w.p.send(report, report);
      await w.p.drain();
      await w.p.send(report);
      await w.p.drain();
      const got = await eventually(() => rx.at('once'), (r) => r.length >= 1);
      await new Promise((r) => setTimeout(r, 1_500)); // any second delivery would have come by now
      expect(rx.at('once')).toHaveLength(1);
      expect(rx.at('other-types')).toHaveLength(0);
      const [message] = got;
      expect(message!.verified).toBe(true);
      expect(message!.id).toMatch(/^msg_[0-9a-f]{32}$/);
      const payload = JSON.parse(message!.body);
      expect(payload).toMatchObject({
        type: 'subscription.suspended',
        data: { customerId: 'cus-a1', subscriptionId: 'sub-a1', rule: 'R-SUSP-05', reason: 'abuse', causedBy: report.id, report: 'spam from the tenant' },
      });
      expect(Date.parse(payload.timestamp)).toBe(Date.parse(START));
      expect(Math.abs(Number(message!.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    });

    it('a receiver failing twice then answering 2xx gets it on the 3rd attempt with the same webhook-id; the log shows each attempt', async () => {
      const { id } = await register('flaky', ['subscription.reactivated']);
      rx.plan.set('flaky', [500, 503]);
      await w.p.send(ev('abuse.reported', { subscriptionId: 'sub-a2', reason: 'spam' }));
      await w.p.drain();
      await w.p.send(ev('abuse.cleared', { subscriptionId: 'sub-a2', reason: 'resolved' }));
      await w.p.drain();
      const got = await eventually(() => rx.at('flaky'), (r) => r.length >= 3);
      expect(got).toHaveLength(3);
      expect(new Set(got.map((r) => r.id)).size).toBe(1);
      expect(new Set(got.map((r) => r.body)).size).toBe(1);
      expect(got.every((r) => r.verified)).toBe(true);

      const log = await eventually(() => call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}/deliveries`), (a) => a.body.data[0]?.status === 'succeeded');
      expect(log.status).toBe(200);
      expect(log.body.data).toHaveLength(1);
      const [delivery] = log.body.data;
      expect(delivery).toMatchObject({ id: got[0]!.id, eventType: 'subscription.reactivated', status: 'succeeded', nextAttemptAt: null, payload: { type: 'subscription.reactivated' } });
      expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 204]);
      expect(delivery.attempts.map((a: { error: string | null }) => a.error)).toEqual(['HTTP 500', 'HTTP 503', null]);
      for (const a of delivery.attempts) expect(a).toMatchObject({ durationMs: expect.any(Number), trigger: 'scheduled', at: expect.any(String) });
      // ≈300 ms between attempts (whole seconds through the SQS delay): the schedule, not SQS's redelivery.
      const at = delivery.attempts.map((a: { at: string }) => Date.parse(a.at));
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(300);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(300);
    });

    it('gives up after the schedule: the delivery is failed with the last error; replay delivers it again, same webhook-id, newly signed', async () => {
      const { id } = await register('down', ['subscription.seats_changed']);
      rx.plan.set('down', [500, 500, 500]);
      await w.p.send(ev('subscription.seats_changed', { subscriptionId: 'sub-a3', seats: 5 }));
      await w.p.drain();
      const log = await eventually(() => call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}/deliveries`), (a) => a.body.data[0]?.status === 'failed');
      const [delivery] = log.body.data;
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts).toHaveLength(3);
      expect(rx.at('down')).toHaveLength(3);
      const endpoint = await call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}`);
      expect(endpoint.body.failingSince).toEqual(delivery.attempts[0].at);
      expect(endpoint.body.status).toBe('enabled');

      const replay = await call(w.p.url, w.keyA, 'POST', `/v1/webhook-endpoints/${id}/deliveries/${delivery.id}/replay`);
      expect(replay.status).toBe(202);
      expect(replay.body).toEqual({ deliveryId: delivery.id, status: 'queued' });
      const got = await eventually(() => rx.at('down'), (r) => r.length >= 4);
      expect(got).toHaveLength(4);
      expect(got[3]!.id).toBe(delivery.id);
      expect(got[3]!.body).toBe(got[0]!.body);
      expect(got[3]!.verified).toBe(true);
      const after = await eventually(() => call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}/deliveries/${delivery.id}`), (a) => a.body.status === 'succeeded');
      expect(after.body.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(['scheduled', 'scheduled', 'scheduled', 'replay']);
      expect((await call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}`)).body.failingSince).toBeNull();
    });

    it('the delivery log keeps the last attempts only: replays cannot grow it without bound; attemptCount counts them all', async () => {
      const { id } = await register('capped', ['subscription.seats_changed']);
      rx.plan.set('capped', [500, 500, 500, 502, 503, 504]);
      await w.p.send(ev('subscription.seats_changed', { subscriptionId: 'sub-a4', seats: 3 }));
      await w.p.drain();
      const first = await eventually(() => call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}/deliveries`), (a) => a.body.data[0]?.status === 'failed');
      const [delivery] = first.body.data;
      expect(delivery).toMatchObject({ attemptCount: 3 });
      expect((await call(w.p.url, w.keyA, 'POST', `/v1/webhook-endpoints/${id}/deliveries/${delivery.id}/replay`)).status).toBe(202);
      const after = await eventually(() => call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}/deliveries/${delivery.id}`), (a) => a.body.status === 'failed' && a.body.attemptCount === 6);
      expect(rx.at('capped')).toHaveLength(6);
      expect(after.body.attemptCount).toBe(6);
      expect(after.body.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 502, 503, 504]);
      expect(after.body.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(['scheduled', 'replay', 'scheduled', 'scheduled']);
    });

    it('after a secret rotation both secrets verify the next delivery; a deleted endpoint gets nothing more', async () => {
      const { id, secret: old } = await register('rotate', ['subscription.seats_changed']);
      const rotated = await call(w.p.url, w.keyA, 'POST', `/v1/webhook-endpoints/${id}/secret/rotate`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(old);
      await w.p.send(ev('subscription.seats_changed', { subscriptionId: 'sub-a3', seats: 6 }));
      await w.p.drain();
      const [message] = await eventually(() => rx.at('rotate'), (r) => r.length >= 1);
      const headers = { 'webhook-id': message!.id, 'webhook-timestamp': message!.timestamp, 'webhook-signature': message!.signature };
      expect(message!.signature.split(' ')).toHaveLength(2);
      expect(() => new Webhook(old).verify(message!.body, headers)).not.toThrow();
      expect(() => new Webhook(rotated.body.secret).verify(message!.body, headers)).not.toThrow();

      expect((await call(w.p.url, w.keyA, 'DELETE', `/v1/webhook-endpoints/${id}`)).body).toEqual({ id, deleted: true });
      expect((await call(w.p.url, w.keyA, 'GET', `/v1/webhook-endpoints/${id}`)).status).toBe(404);
      await w.p.send(ev('subscription.seats_changed', { subscriptionId: 'sub-a3', seats: 7 }));
      await w.p.drain();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(rx.at('rotate')).toHaveLength(1);
    });
  });
});
