import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { useRuntimeProcess } from '../lib/runtime-fixture';

/**
 * ENGINE BUG-10 (local runtime; found by this suite; fixed: this test now guards the fix). README, Configuration: "Top-level keys
 * can be overridden with the SYNC_CONFIG_OVERRIDES environment variable (JSON)", and
 * shared/config/sync-config.ts says the local runtime uses it. But `npm start` ignores it:
 * startLocalPipeline (infra/local/pipeline.ts) sets SYNC_CONFIG_OVERRIDES to its own
 * `options.syncConfigOverrides ?? {}`, and start.ts never passes any, so the variable a person set is
 * replaced by `{}` before the handlers read it. (test/e2e/restart.test.ts sets it too, to no effect.)
 * Now nothing goes through process.env: start.ts reads the variable with the functions' own reader
 * (shared/runtime/config/from-environment.ts) and hands the settings to the pipeline's config.
 */
const LEAD_HOURLY = DEFAULT_SYNC_CONFIG.models.map((m) =>
  m.modelId === 'crm.Lead' ? { ...m, tier: 'hourly' } : m,
);
const fixture = useRuntimeProcess('config', {
  inMemory: true,
  webhookRetryBackoffMs: 50,
  env: { SYNC_CONFIG_OVERRIDES: JSON.stringify({ models: LEAD_HOURLY }) },
});

it('BUG-10: npm start honours SYNC_CONFIG_OVERRIDES', async () => {
  await fixture.runtime.start();
  const account = fixture.sim.linkAccount({ category: 'crm' });
  await fixture.sim.deliverWebhook(
    `${fixture.runtime.url}/webhooks/merge`,
    fixture.sim.linkedEvent(account.id),
  );
  let tier: string | undefined;
  for (let i = 0; i < 50 && tier === undefined; i++) {
    const answer = await fetch(`${fixture.runtime.url}/accounts/${account.id}/sync-state`);
    if (answer.status === 200) {
      const body = (await answer.json()) as { models: { model_id: string; tier: string }[] };
      tier = body.models.find((m) => m.model_id === 'crm.Lead')?.tier;
    } else await new Promise((r) => setTimeout(r, 200));
  }
  expect({ crmLeadTier: tier }).toEqual({ crmLeadTier: 'hourly' });
}, 60_000);
