/**
 * The operator CLI's main commands against the local stack: resellers, keys (shown once, usable,
 * revocable), sending events from a file and from flags, the clock, a timeline and a forecast as
 * tables, and the dead-letter queues listed with reasons and replayed with a progress bar.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/context.js';
import { createProgram } from '../../cli/program.js';
import { call, startWorld, type World } from '../api/world.js';


// Revocation is tested as immediate: no key cache in this file's server.
process.env.API_KEY_CACHE_SECONDS = '0';
describe('the operator CLI', () => {
  let w: World;
  let progress: string;

  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w?.stop());

  async function cli(...args: string[]): Promise<{ out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const stream = new PassThrough();
    progress = '';
    stream.on('data', (chunk: Buffer) => (progress += chunk.toString()));
    const context: CliContext = {
      clients: w.p.clients, tableName: w.p.tableName, apiUrl: w.p.url,
      queueUrl: async (name) => w.p.queueUrls[name], now: async () => w.p.clock.now(), close: () => undefined,
    };
    const program = createProgram(() => context, { out: (t) => out.push(t), err: (t) => err.push(t), progressStream: stream, throwOnError: true });
    await program.parseAsync(['node', 'looptijd', ...args]);
    return { out: out.join('\n'), err: err.join('\n') };
  }

  it('npm run cli -- --help lists the commands', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'cli/index.ts', '--help'], { cwd: process.cwd(), timeout: 60_000 });
    for (const command of ['resellers', 'keys', 'send', 'clock', 'timeline', 'forecast', 'dlq', 'webhooks']) expect(stdout).toContain(command);
  });

  it('creates a reseller through the pipeline and lists it', async () => {
    expect((await cli('resellers', 'create', 'res-cli', '--name', 'CLI Reseller', '--email', 'cli@reseller.example')).out).toMatch(/queued reseller.created for res-cli/);
    await w.p.drain();
    const { out } = await cli('resellers', 'list');
    expect(out).toContain('res-cli');
    expect(out).toContain('CLI Reseller');
  });

  it('creates a key shown once, lists it by id only, and revokes it', async () => {
    const created = (await cli('keys', 'create', '--reseller', 'res-a', '--name', 'from cli')).out;
    const [, keyId, key] = /API key ([0-9a-f]{12}) .*\n(\S+)$/.exec(created)!;
    expect((await call(w.p.url, key!, 'GET', '/v1/customers')).status).toBe(200);
    const listed = (await cli('keys', 'list', '--reseller', 'res-a')).out;
    expect(listed).toContain(keyId);
    expect(listed).not.toContain(key);
    expect((await cli('keys', 'revoke', keyId!)).out).toMatch(/revoked/);
    expect((await call(w.p.url, key!, 'GET', '/v1/customers')).status).toBe(401);
    await expect(cli('keys', 'revoke', keyId!)).rejects.toThrow(/no active key/);
  });

  it('sends an event from a JSON file and from flags onto its queue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'looptijd-cli-'));
    const file = join(dir, 'payment.json');
    writeFileSync(file, JSON.stringify({ type: 'payment.succeeded', data: { paymentId: 'pay_cli_file', customerId: 'cus-a1', amountCents: 12100, method: 'bank_transfer' } }));
    expect((await cli('send', file)).out).toMatch(/sent payment.succeeded \S+ to payment-events/);
    expect((await cli('send', '--type', 'subscription.seats_changed', '--set', 'subscriptionId=sub-a3', '--set', 'seats=5')).out).toMatch(/to subscription-events/);
    await w.p.drain();
    await expect.poll(async () => (await call(w.p.url, w.keyA, 'GET', '/v1/subscriptions/sub-a1/invoices')).body.data[0].status, { timeout: 10_000 }).toBe('paid');
    await expect.poll(async () => (await call(w.p.url, w.keyA, 'GET', '/v1/subscriptions/sub-a3')).body.seats, { timeout: 10_000 }).toBe(5);
  });

  it('refuses an invalid event with the field errors', async () => {
    await expect(cli('send', '--type', 'payment.succeeded', '--set', 'paymentId=p', '--set', 'amountCents=-1')).rejects.toThrow(/data.customerId|data.amountCents/);
  });

  it('sets the clock through the running stack', async () => {
    expect((await cli('clock', 'set', '2026-03-20T09:00:00+01:00')).out).toMatch(/clock at 2026-03-20T08:00:00.000Z; \d+ message\(s\) processed/);
    expect((await cli('clock', 'show')).out).toBe('2026-03-20T08:00:00.000Z');
  });

  it('shows a timeline as a table with rules', async () => {
    const { out } = await cli('timeline', 'sub-a1');
    expect(out).toMatch(/│ at\s+│ event\s+│ rule/);
    expect(out).toMatch(/R-[A-Z]+-\d+/);
    await expect(cli('timeline', 'sub-nope')).rejects.toThrow(/no subscription/);
  });

  it('shows a forecast as a table', async () => {
    const { out } = await cli('forecast', 'sub-a1', '--until', '2026-07-01');
    expect(out).toContain('forecast for sub-a1');
    expect(out.split('\n').filter((l) => /2026-0[4-6]/.test(l)).length).toBeGreaterThan(0);
    await expect(cli('forecast', 'sub-a1', '--until', 'soon')).rejects.toThrow(/a date/);
  });

  it('webhooks: registers an endpoint (secret shown once), lists it, shows its delivery log, replays, rotates, enables and deletes it', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const created = (await cli('webhooks', 'create', '--reseller', 'res-a', '--url', url, '--events', 'subscription.seats_changed,invoice.issued', '--description', 'cli')).out;
      const [, endpointId, secret] = /webhook endpoint (we_[0-9a-f]{24}) for res-a .*\n.*\n(whsec_\S+)$/.exec(created)!;
      const listed = (await cli('webhooks', 'list', '--reseller', 'res-a')).out;
      expect(listed).toContain(endpointId);
      expect(listed).toContain('subscription.seats_changed, invoice.issued');
      expect(listed).not.toContain(secret);
      expect((await cli('webhooks', 'list', '--reseller', 'res-b')).out).toBe('no webhook endpoints for res-b');
      // The API's own checks: an unknown event type and a private host are refused with the field.
      await expect(cli('webhooks', 'create', '--reseller', 'res-a', '--url', url, '--events', 'subscription.exploded')).rejects.toThrow(/eventTypes\.0/);
      await expect(cli('webhooks', 'create', '--reseller', 'res-a', '--url', 'https://10.0.0.5/x', '--events', 'invoice.issued')).rejects.toThrow(/url: must name a public host/);

      await cli('send', '--type', 'subscription.seats_changed', '--set', 'subscriptionId=sub-a3', '--set', 'seats=4');
      await w.p.drain();
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
      await expect.poll(async () => (await cli('webhooks', 'deliveries', endpointId!)).out, { timeout: 10_000 }).toMatch(/succeeded/);
      const log = (await cli('webhooks', 'deliveries', endpointId!)).out;
      expect(log).toContain(received[0]);
      expect(log).toMatch(/subscription\.seats_changed/);
      expect(log).toMatch(/ 204 ok/);

      expect((await cli('webhooks', 'replay', endpointId!, received[0]!)).out).toBe(`replay of ${received[0]} queued`);
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
      expect(received[1]).toBe(received[0]);

      const rotated = (await cli('webhooks', 'rotate', endpointId!)).out;
      expect(rotated).toMatch(/^new signing secret for we_\S+ — shown once.*\nwhsec_\S+$/);
      expect(rotated).not.toContain(secret);
      expect((await cli('webhooks', 'enable', endpointId!)).out).toBe(`webhook endpoint ${endpointId} is enabled`);
      expect((await cli('webhooks', 'delete', endpointId!)).out).toBe(`deleted webhook endpoint ${endpointId}`);
      expect((await cli('webhooks', 'list', '--reseller', 'res-a')).out).not.toContain(endpointId);
      await expect(cli('webhooks', 'deliveries', endpointId!)).rejects.toThrow(/no webhook endpoint/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lists dead letters with their reason and replays them with a progress bar', async () => {
    await w.p.clients.sqs.send(new SendMessageCommand({ QueueUrl: w.p.queueUrls['subscription-events'], MessageBody: '{"type": "subscription.created", "broken": ' }));
    await w.p.drain();
    await expect.poll(async () => (await cli('dlq', 'list')).out, { timeout: 20_000 }).toContain('subscription-events-dlq');
    const listed = (await cli('dlq', 'list', '--queue', 'subscription-events')).out;
    expect(listed).toMatch(/malformed|JSON/i);
    const replayed = await cli('dlq', 'replay', '--queue', 'subscription-events');
    expect(replayed.out).toMatch(/replayed 1 message\(s\) from subscription-events-dlq onto subscription-events/);
    expect(progress).toMatch(/1\/1/);
  });
});
