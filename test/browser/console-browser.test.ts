/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { startHttpFront } from '../../infra/local/http-front';
import { defaultModels } from '../helpers/default-models';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

// The console in a real headless Chromium (Debian's `chromium`; .ci/run installs it), against the
// local pipeline's console handler served by the local HTTP front, as `npm start` serves it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

let f: SyncFixture;
// The models these accounts show: with every default model, a resync waits behind the CRM
// account's other initial syncs on a busy machine.
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      models: defaultModels('crm.Lead', 'crm.Contact', 'hris.Employee', 'hris.Employment'),
    },
  },
});

let server: Server;
let browser: Browser;
let page: Page;
let base: string;
const alerts: string[] = [];
const ids: Record<'healthy' | 'relink' | 'starting', string> = { healthy: '', relink: '', starting: '' };

async function link(name: string, origin: string) {
  const account = f.sim.linkAccount({
    category: 'crm',
    integration: 'HubSpot',
    endUserOrganizationName: name,
    endUserOriginId: origin,
  });
  f.sim.seedRecords(account.id, 'crm.Lead', 3);
  f.sim.seedRecords(account.id, 'crm.Contact', 2);
  return account;
}

beforeAll(async () => {
  const healthy = await link('Acme Corp', 'cust-acme');
  await f.postWebhook(f.sim.linkedEvent(healthy.id));
  await f.pipeline.drain();
  f.sim.finishSync(healthy.id, { result: 'DONE' });
  await f.postWebhook(f.sim.syncCompletedEvent(healthy.id, { isInitialSync: true }));
  const relink = await link('Globex', 'cust-globex');
  await f.postWebhook(f.sim.linkedEvent(relink.id));
  await f.pipeline.drain();
  f.sim.finishSync(relink.id, { result: 'DONE' });
  await f.postWebhook(f.sim.syncCompletedEvent(relink.id, { isInitialSync: true }));
  await f.pipeline.drain();
  f.sim.regenerateAccountToken(relink.id);
  await f.schedule({ tier: 'frequent' });
  await f.pipeline.drain();
  // Linked, its initial sync still running at Merge.
  const starting = f.sim.linkAccount({
    category: 'hris',
    integration: 'BambooHR',
    endUserOrganizationName: 'Initech',
  });
  await f.postWebhook(f.sim.linkedEvent(starting.id));
  await f.pipeline.drain();
  Object.assign(ids, { healthy: healthy.id, relink: relink.id, starting: starting.id });

  server = await startHttpFront({
    port: 0,
    webhookReceiver: f.pipeline.handlers.webhookReceiver,
    readApi: f.pipeline.handlers.readApi,
    writeApi: f.pipeline.handlers.writeApi,
    console: f.pipeline.handlers.console,
    webhookPathSecrets: [],
    isReady: () => true,
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  // The page reports a refused action with alert(), which would block it: recorded and dismissed.
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewport({ width: 1200, height: 900 });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const rows = () =>
  page.$$eval('#accounts tbody tr[data-account]', (trs) => trs.map((tr) => tr.getAttribute('data-account')));
const badgeOf = (id: string) =>
  page.$eval(`tr[data-account="${id}"] .badge`, (b) => b.getAttribute('data-state'));

// A hash change keeps the document: until the new account renders, the page still shows the one
// before it, with its own buttons. Wait until the heading names this account.
async function openAccount(id: string) {
  await page.goto(`${base}/console/#/accounts/${id}`);
  await page.waitForSelector(`h1[data-account="${id}"]`, { timeout: 30_000 });
}

async function openList() {
  await page.goto(`${base}/console/#/`);
  await page.reload(); // a fresh page: no search or filter left from before
  await page.waitForSelector('#accounts tbody tr[data-account]', { timeout: 30_000 });
}

describe('the console in headless Chromium', () => {
  it('lists the accounts with their state badges and counts', async () => {
    await openList();
    expect(await rows()).toEqual(expect.arrayContaining([ids.healthy, ids.relink, ids.starting]));
    expect(await badgeOf(ids.healthy)).toBe('healthy');
    expect(await badgeOf(ids.relink)).toBe('relink_needed');
    // Newest problems first: the relink-needed account before the healthy one.
    const order = await rows();
    expect(order.indexOf(ids.relink)).toBeLessThan(order.indexOf(ids.healthy));
    const relinkChip = await page.$eval('[data-chip="relink_needed"]', (b) => b.textContent);
    expect(relinkChip).toMatch(/relink needed\s*1/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-list.png'), fullPage: true });
  });

  it('search and the state filter narrow the list', async () => {
    await openList();
    await page.type('#search', 'globex');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelectorAll('#accounts tbody tr[data-account]').length === 1,
    );
    expect(await rows()).toEqual([ids.relink]);
    await openList();
    await page.click('[data-chip="healthy"]');
    await page.waitForFunction(
      (id: string) => !document.querySelector(`tr[data-account="${id}"]`),
      { timeout: 30_000 },
      ids.relink,
    );
    expect(await rows()).toContain(ids.healthy);
    expect(await rows()).not.toContain(ids.starting);
  });

  it("shows a relink-needed account's reason and what to do", async () => {
    await openAccount(ids.relink);
    await page.waitForSelector('#issues li[data-reason="token-refused"]', { timeout: 30_000 });
    expect(await page.$eval('#summary', (p) => p.textContent)).toBe(
      'Your HubSpot connection was revoked; reconnect it in Settings.',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'console-account.png'), fullPage: true });
    await page.setViewport({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'console-account-phone.png'), fullPage: true });
    await page.setViewport({ width: 1200, height: 900 });
  });

  it("moving to another account leaves none of the previous one's buttons while it loads", async () => {
    await openAccount(ids.healthy);
    // The next account's health is held back, as a slow answer would be.
    const held: HTTPRequest[] = [];
    const hold = (request: HTTPRequest) => {
      if (request.url().includes(`/accounts/${ids.relink}/health`)) held.push(request);
      else void request.continue();
    };
    await page.setRequestInterception(true);
    page.on('request', hold);
    try {
      await page.goto(`${base}/console/#/accounts/${ids.relink}`);
      const deadline = Date.now() + 30_000;
      while (held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(held.length).toBeGreaterThan(0);
      expect(await page.$('#remove')).toBeNull();
      expect(await page.$('[data-resync]')).toBeNull();
      for (const request of held) await request.continue();
      await page.waitForSelector(`h1[data-account="${ids.relink}"]`, { timeout: 30_000 });
    } finally {
      page.off('request', hold);
      await page.setRequestInterception(false);
    }
  });

  it("a resync from the page moves the model's last successful sync", async () => {
    await openAccount(ids.healthy);
    const cell = 'tr[data-model="crm.Lead"] .last-success';
    await page.waitForSelector(cell, { timeout: 30_000 });
    const before = await page.$eval(cell, (td) => td.getAttribute('title'));
    expect(before).toBeTruthy();
    await page.focus('[data-resync="crm.Lead"]');
    const answered = page.waitForResponse((r) => r.url().includes('/actions/resync'), { timeout: 30_000 });
    await page.keyboard.press('Enter'); // usable by keyboard
    expect((await answered).status()).toBe(200);
    // The resync's fetch may wait for the account's budget (a busy machine books it later): the
    // page is read again until the run shows, not once after the first drain.
    const deadline = Date.now() + 90_000;
    let after: string | null = null;
    while (Date.now() < deadline) {
      await f.pipeline.drain();
      await page.reload();
      await page.waitForSelector(cell, { timeout: 30_000 });
      after = await page.$eval(cell, (td) => td.getAttribute('title'));
      if (after && after > before!) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(after! > before!).toBe(true);
  }, 180_000);

  it('remove asks for the typed account id, and refuses another', async () => {
    await openAccount(ids.starting);
    // Clicked in the page as soon as it is there: the view may render the button again meanwhile.
    await page.waitForFunction(
      () => {
        const button = document.querySelector<HTMLButtonElement>('#remove');
        button?.click();
        return !!document.querySelector('dialog#confirm-remove[open]');
      },
      { timeout: 30_000 },
    );
    expect(await page.$eval('#confirm-id', (code) => code.textContent)).toBe(ids.starting);
    await page.type('#confirm-input', 'not-the-id');
    await page.click('#confirm-ok');
    await page.waitForFunction(() => document.querySelector('#confirm-error')?.textContent !== '');
    expect((await f.accounts.get(ids.starting))?.status).toBe('ACTIVE');
    // The field holds exactly the id (typing after a clear can interleave with a re-render).
    await page.$eval(
      '#confirm-input',
      (input, id) => {
        (input as HTMLInputElement).value = id;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      ids.starting,
    );
    await page.click('#confirm-ok');
    // The removal is done when the account is marked; the page shows it (reloaded if it rendered
    // before the mark was written, as on a busy machine).
    const deadline = Date.now() + 60_000;
    while ((await f.accounts.get(ids.starting))?.status !== 'DELETED' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alerts).toEqual([]);
    expect((await f.accounts.get(ids.starting))?.status).toBe('DELETED');
    if (!(await page.$('h1 .badge[data-state="deleted"]'))) await page.reload();
    await page.waitForSelector('h1 .badge[data-state="deleted"]', { timeout: 30_000 });
  }, 180_000);
});
