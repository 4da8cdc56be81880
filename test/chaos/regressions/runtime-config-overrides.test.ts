import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMergeSimulator, type MergeSimulator } from '../../../infra/local/merge-simulator';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { RuntimeProcess } from '../lib/runtime-process';

/**
 * ENGINE BUG-10 (local runtime; found by this suite; fixed: this test now guards the fix). README, Configuration: "Top-level keys
 * can be overridden with the SYNC_CONFIG_OVERRIDES environment variable (JSON)", and
 * shared/config/sync-config.ts says the local runtime uses it. But `npm start` ignores it:
 * startLocalPipeline (infra/local/pipeline.ts) sets SYNC_CONFIG_OVERRIDES to its own
 * `options.syncConfigOverrides ?? {}`, and start.ts never passes any, so the variable a person set is
 * replaced by `{}` before the handlers read it. (test/e2e/restart.test.ts sets it too, to no effect.)
 */
const apiKey = `config-key-${randomBytes(8).toString('hex')}`;
const signingKey = `config-signing-${randomBytes(8).toString('hex')}`;
let sim: MergeSimulator;
let runtime: RuntimeProcess;
let dir: string;

beforeAll(async () => {
  sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey, webhookRetryBackoffMs: 50 });
  dir = mkdtempSync(join(tmpdir(), 'merge-sync-config-'));
  const models = DEFAULT_SYNC_CONFIG.models.map((m) =>
    m.modelId === 'crm.Lead' ? { ...m, tier: 'hourly' } : m,
  );
  runtime = new RuntimeProcess({
    cwd: dir,
    mergeBaseUrl: sim.baseUrl,
    apiKey,
    signingKey,
    inMemory: true,
    verbose: false,
    env: { SYNC_CONFIG_OVERRIDES: JSON.stringify({ models }) },
  });
});
afterAll(async () => {
  await runtime?.stop('SIGTERM').catch(() => undefined);
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('BUG-10: npm start honours SYNC_CONFIG_OVERRIDES', async () => {
  await runtime.start();
  const account = sim.linkAccount({ category: 'crm' });
  await sim.deliverWebhook(`${runtime.url}/webhooks/merge`, sim.linkedEvent(account.id));
  let tier: string | undefined;
  for (let i = 0; i < 50 && tier === undefined; i++) {
    const answer = await fetch(`${runtime.url}/accounts/${account.id}/sync-state`);
    if (answer.status === 200) {
      const body = (await answer.json()) as { models: { model_id: string; tier: string }[] };
      tier = body.models.find((m) => m.model_id === 'crm.Lead')?.tier;
    } else await new Promise((r) => setTimeout(r, 200));
  }
  expect({ crmLeadTier: tier }).toEqual({ crmLeadTier: 'hourly' });
}, 60_000);
