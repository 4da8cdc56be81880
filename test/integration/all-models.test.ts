import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { findModel, syncableModelIds } from '../../shared/config/model-catalog';
import { type SyncFixture, expectStoreEqualsSimulator, useSyncFixture } from '../helpers/sync-fixture';

/**
 * Every catalog model of a category enabled (the ones with a plain list: nested lists are synced
 * through nothing and refused by the config, docs/models.md says why): one account links, converges
 * on its initial sync, then on a round of adds, changes and deletes on every model. Through the real
 * handlers against the simulator seeded with every model of the category, few records each.
 */
const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
const TIERS = DEFAULT_SYNC_CONFIG.tiers.map((t) => t.name);

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      // Every model of every category, spread over the tiers.
      models: syncableModelIds().map((modelId, i) => ({ modelId, tier: TIERS[i % TIERS.length]! })),
    },
  },
});

/** The account's models whose store must equal Merge's: every enabled one. */
async function expectEveryModelConverged(accountId: string, category: string) {
  let records = 0;
  for (const modelId of syncableModelIds(category)) {
    const stored = await expectStoreEqualsSimulator(f, accountId, modelId);
    records += stored.length;
  }
  return records;
}

describe('every catalog model of a category enabled', () => {
  it.each(CATEGORIES)(
    '%s: converges on the initial sync and on a round of adds, changes and deletes',
    async (category) => {
      const models = syncableModelIds(category);
      expect(models.length).toBeGreaterThan(3);
      const account = f.sim.linkAccount({ category, seed: 'all-models', seedPerModel: 3, announce: false });
      await f.postWebhook(f.sim.linkedEvent(account.id));
      await f.pipeline.drain();
      f.sim.finishSync(account.id, { result: 'DONE' });
      await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));
      await f.pipeline.drain();

      const initial = await expectEveryModelConverged(account.id, category);
      // Every model has records stored (seeded 3 each, more where other models' relations needed them).
      for (const modelId of models)
        expect((await f.storedRecords(account.id, modelId)).length).toBeGreaterThan(0);
      expect(initial).toBeGreaterThanOrEqual(3 * models.length);
      for (const modelId of models) {
        const state = await f.states.get(account.id, modelId);
        expect({ modelId, run: state.run, lastRun: state.lastRun?.reason }).toEqual({
          modelId,
          run: undefined,
          lastRun: expect.any(String),
        });
      }

      // A round of upstream activity on every model (soft deletes among it), then Merge's next sync.
      const changes = f.sim.churn(account.id, { models, added: 1, changed: 1, removed: 1 });
      expect(new Set(changes.map((c) => findModel(c.modelId)?.modelId ?? c.modelId)).size).toBeGreaterThan(3);
      f.sim.runSync(account.id, { result: 'DONE' });
      await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: false }));
      await f.pipeline.drain();
      await expectEveryModelConverged(account.id, category);
      for (const modelId of models) {
        const stored = await f.storedRecords(account.id, modelId);
        expect({ modelId, deleted: stored.some((r) => r.deleted) }).toEqual({ modelId, deleted: true });
      }
    },
  );
});
