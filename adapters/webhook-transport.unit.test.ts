/**
 * The webhook transport refuses internal addresses at delivery time (server-side request
 * forgery, DNS rebinding): against a receiver on loopback, with resolvers that say where a name
 * points now. Loopback is allowed only where the local stack asks for it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedAddress, webhookTransport, type Resolve } from './webhook-transport.js';

describe('webhook transport: no deliveries to internal addresses', () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A resolver that answers `addresses` for every name, as DNS would at this moment. */
  const resolvesTo = (...addresses: string[]): Resolve => (_host, _options, callback) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const post = (url: string, allowLoopback: boolean, resolve?: Resolve) =>
    webhookTransport({ allowLoopback, ...(resolve && { resolve }) }).post(url, { 'content-type': 'application/json' }, '{}', 2_000);

  it.each([
    ['127.0.0.1', 'loopback'], ['127.1.2.3', 'loopback'], ['::1', 'loopback'],
    ['10.0.0.5', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'private'], ['100.64.0.1', 'private'], ['0.0.0.0', 'private'], ['224.0.0.1', 'private'], ['255.255.255.255', 'private'],
    ['fd00:ec2::254', 'private'], ['fe80::1', 'private'], ['::', 'private'], ['::ffff:10.0.0.1', 'private'], ['::ffff:169.254.169.254', 'private'],
  ])('%s is a %s address', (address, why) => {
    expect(refusedAddress(address, false)).toBe(why);
  });

  it.each(['93.184.215.14', '172.32.0.1', '2606:4700::1111', '::ffff:93.184.215.14'])('%s is public', (address) => {
    expect(refusedAddress(address, false)).toBeNull();
  });

  it('in AWS (no loopback): a URL naming 127.0.0.1, or a name resolving to it, is refused without connecting', async () => {
    const before = hits;
    expect(await post(`http://127.0.0.1:${port}/hook`, false)).toMatchObject({ statusCode: null, error: 'refused: 127.0.0.1 is a loopback address' });
    expect(await post(`http://localhost:${port}/hook`, false, resolvesTo('127.0.0.1'))).toMatchObject({ statusCode: null, error: 'refused: localhost resolves to 127.0.0.1, a loopback address' });
    expect(hits).toBe(before);
  });

  it('DNS rebinding: a name public at registration that resolves to an internal address now is refused at delivery', async () => {
    const before = hits;
    const answer = await post(`http://hooks.reseller.example:${port}/hook`, false, resolvesTo('93.184.215.14', '169.254.169.254'));
    expect(answer).toMatchObject({ statusCode: null, error: 'refused: hooks.reseller.example resolves to 169.254.169.254, a private address' });
    expect(await post(`http://[::ffff:a9fe:a9fe]:${port}/hook`, false)).toMatchObject({ error: expect.stringMatching(/^refused: .* is a private address$/) });
    expect(hits).toBe(before);
  });

  it('locally (loopback allowed): the receiver on 127.0.0.1 gets it, by address and by a name resolving to it; private ranges stay refused', async () => {
    const before = hits;
    expect(await post(`http://127.0.0.1:${port}/hook`, true)).toMatchObject({ statusCode: 204, error: null });
    expect(await post(`http://receiver.local.test:${port}/hook`, true, resolvesTo('127.0.0.1'))).toMatchObject({ statusCode: 204, error: null });
    expect(hits).toBe(before + 2);
    // (Another name: a kept-alive connection to the first is reused without a lookup — to the address checked when it was made.)
    expect((await post(`http://intranet.local.test:${port}/hook`, true, resolvesTo('10.0.0.5'))).error).toBe('refused: intranet.local.test resolves to 10.0.0.5, a private address');
  });
});
