/** Who signs an e-mail the outbox sends: the provider, or a white-label reseller (issue 10 item 7). */
import { describe, expect, it } from 'vitest';
import type { Effect } from '../domain/index.js';
import type { MailMessage, Outbox, OutboxItem } from './ports.js';
import { sendOutboxItem } from './send-outbox.js';
import { FakeWorld } from './testing/fakes.js';

const effect: Effect = {
  kind: 'email', key: 'email:suspension.notice:s1', template: 'suspension.notice', to: 'it@jansen.example', language: 'nl', subscriptionId: 's1', resellerId: 'r10',
  facts: { customerName: 'Jansen', reason: 'reseller-suspended', seats: 5 },
};

async function send(whiteLabel: boolean, customerId = 'cus_1'): Promise<MailMessage> {
  const world = new FakeWorld({ start: '2027-03-01T09:00:00Z' });
  await world.directory.putReseller({ resellerId: 'r10', name: 'Demo Reseller B.V.', email: 'support@demo-reseller.example', customerId: 'cus_r10', whiteLabel });
  const item: OutboxItem = { key: effect.key, kind: 'email', effect, customerId, eventId: 'e1', at: '2027-03-01T09:00:00Z', status: 'pending', attempts: 0 };
  const outbox: Outbox = { claim: async () => ({ kind: 'claimed', item, token: 't' }), markSent: async () => true, markFailed: async () => true, release: async () => undefined, stale: async () => [] };
  const sent: MailMessage[] = [];
  await sendOutboxItem({ ...world.deps, outbox, providerName: 'Total Progress', mailer: { send: async (m) => (sent.push(m), { messageId: 'm1' }) } }, effect.key);
  return sent[0]!;
}

describe('the sender of an e-mail', () => {
  it('is the provider, naming the reseller the customer buys from; HTML and text both sent', async () => {
    const m = await send(false);
    expect(m).toMatchObject({ fromName: 'Total Progress', subject: 'Uw dienst is opgeschort' });
    expect(m.replyTo).toBeUndefined();
    expect(m.text).toContain('Neem dan contact op met Demo Reseller B.V.');
    expect(m.text.trimEnd().endsWith('Total Progress')).toBe(true);
    expect(m.html).toContain('<html lang="nl">');
  });

  it('white-label: the reseller signs, takes the replies, and the provider is not named', async () => {
    const m = await send(true);
    expect(m).toMatchObject({ fromName: 'Demo Reseller B.V.', replyTo: 'support@demo-reseller.example' });
    expect(`${m.text}${m.html}`).not.toContain('Total Progress');
    expect(m.text).toContain('Neem dan contact met ons op.');
  });

  it('the reseller\'s own billing account hears from the provider even when the reseller is white-label', async () => {
    expect(await send(true, 'cus_r10')).toMatchObject({ fromName: 'Total Progress' });
  });
});
