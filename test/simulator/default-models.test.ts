// An account linked without `models` lists the models a default deployment syncs, as Merge lists
// every model in the account's scopes: otherwise a default deployment would wait for models
// /sync-status never reports (the initial-sync watch's unreportedGiveUpMinutes).
import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { resolveSyncStatusModel } from '../../shared/config/model-catalog';
import { CATEGORIES } from '../../shared/merge/types';
import { startHarness, type Harness, type Page } from './helpers';

describe('merge simulator: the models an account is linked with by default', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it.each(CATEGORIES)('%s: /sync-status lists every model the default config syncs', async (category) => {
    const account = h.sim.linkAccount({ category });
    const res = await h.json<Page>(`/${category}/v1/sync-status`, { token: account.accountToken });
    const listed = res.body.results.map((r) =>
      resolveSyncStatusModel(category, { modelId: r.model_id, modelName: r.model_name }),
    );
    const defaults = DEFAULT_SYNC_CONFIG.models
      .map((m) => m.modelId)
      .filter((id) => id.startsWith(`${category}.`));
    expect(defaults.length).toBeGreaterThan(0);
    expect(listed).toEqual(expect.arrayContaining(defaults));
  });
});
