/**
 * The console's accounts list with 2,000 accounts in headless Chromium, against the local runtime's
 * console handler: time to first render (navigation to the first page of rows) and to a filtered
 * view (a search typed and submitted, to its rows), medians of 7 runs.
 * `npx tsx test/bench/console-list.ts` (needs Debian's chromium, or CHROMIUM_PATH).
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import puppeteer from 'puppeteer-core';
import { startHttpFront } from '../../infra/local/http-front';
import { LOCAL_CREDENTIALS } from '../../infra/local/local-functions';
import { startMergeSimulator } from '../../infra/local/merge-simulator';
import { startLocalPipeline } from '../../infra/local/pipeline';
import { HEALTH_STATES } from '../../shared/core/health';
import { makeCurrent } from '../../shared/sync/account-tokens';
import { tokenSealer } from '../../shared/runtime/deps/sync-deps';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';

const ACCOUNTS = 2_000;
const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const sim = await startMergeSimulator({ apiKey: 'bench', webhookSignatureKey: 'bench' });
  const pipeline = await startLocalPipeline({
    mergeBaseUrl: sim.baseUrl,
    mergeApiKey: 'bench',
    webhookSignatureKey: 'bench',
  });
  const client = new DynamoDBClient({
    endpoint: pipeline.standIns.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const accounts = new DynamoAccountStore(
    client,
    pipeline.tableName,
    tokenSealer(pipeline.config.engine.tokenKey, undefined),
  );
  const now = Date.now();
  for (let i = 0; i < ACCOUNTS; i++) {
    const state = HEALTH_STATES[i % (HEALTH_STATES.length - 1)]!; // none deleted
    const at = new Date(now - i * 60_000).toISOString();
    const id = `acct-${String(i).padStart(5, '0')}`;
    await accounts.update(
      id,
      () => ({
        id: `acct-${String(i).padStart(5, '0')}`,
        category: 'hris',
        status: 'ACTIVE',
        integration: i % 2 ? 'BambooHR' : 'Workday',
        endUserOrganizationName: `Customer ${i}`,
        endUserOriginId: `origin-${i}`,
        source: 'import',
        linkedAt: at,
        updatedAt: at,
        health: { state, reason: 'bench', since: at, history: [] },
      }),
      makeCurrent(id, `token-${i}`, { verified: true }),
    );
  }
  const server = await startHttpFront({
    port: 0,
    webhookReceiver: pipeline.handlers.webhookReceiver,
    readApi: pipeline.handlers.readApi,
    writeApi: pipeline.handlers.writeApi,
    console: pipeline.handlers.console,
    webhookPathSecrets: [],
    isReady: () => true,
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const firstRender: number[] = [];
  const filtered: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage();
      const start = performance.now();
      await page.goto(`${base}/console/#/`);
      await page.waitForSelector('#accounts tbody tr[data-account]', { timeout: 60_000 });
      firstRender.push(performance.now() - start);
      const typed = performance.now();
      await page.type('#search', 'Customer 1999');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelectorAll('#accounts tbody tr[data-account]').length === 1,
        { timeout: 60_000 },
      );
      filtered.push(performance.now() - typed);
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    client.destroy();
    await pipeline.close();
    await sim.close();
  }
  console.log(
    JSON.stringify({
      accounts: ACCOUNTS,
      runs: RUNS,
      firstRenderMedianMs: Math.round(median(firstRender)),
      filteredViewMedianMs: Math.round(median(filtered)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
