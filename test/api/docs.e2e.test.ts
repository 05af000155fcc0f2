/**
 * /docs opened in headless Chromium (Debian's chromium driven by playwright-core): Scalar's
 * reference, served from node_modules, renders the endpoints of /v1/openapi.json.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './world.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`docs.e2e: skipped — no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!available)('the /docs page in headless Chromium', () => {
  let w: World;
  let browser: Browser;

  beforeAll(async () => {
    w = await startWorld();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // The flags node.md lists: without the background-networking ones the closed network refuses connections.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      // playwright gives each launch a fresh temporary profile
    });
  });
  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('renders every endpoint of the partner API from the OpenAPI document, with no request leaving localhost', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol.startsWith('http')) outside.push(req.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${w.p.url}/docs`, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(200);
    await page.getByText('Looptijd partner API').first().waitFor({ timeout: 30_000 });
    // The sidebar shows the first tag open; open the others (Scalar renders collapsed groups lazily).
    for (const group of ['Subscriptions', 'Meta', 'Webhooks']) await page.getByRole('button', { name: group, exact: false }).first().click().catch(async () => page.getByText(group, { exact: true }).first().click());
    for (const summary of ['List your customers', 'Get one customer', 'List your subscriptions', 'Get one subscription', 'The audit trail of a subscription', 'The invoices of a subscription', 'What a cancellation received now would do', 'What will happen if nothing else happens', 'Cancel a subscription']) {
      await expect.poll(async () => page.getByText(summary).count(), { timeout: 15_000, message: summary }).toBeGreaterThan(0);
    }
    const text = await page.locator('body').innerText();
    expect(text).toContain('/v1/subscriptions/{subscriptionId}/forecast');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
