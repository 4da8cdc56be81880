// Merge pauses a linked account that "has not had an inbound API request for over 2 weeks" (help
// 8184193, merge-api.md §5 "Paused"), and only a relink or a force resync brings it back (§12
// "Unpausing"). The daily reconciliation therefore sends at least one request for every active
// account, even one with no model configured here or every model DISABLED. Proved on the
// simulator's clock, 20 simulated days of one reconciliation a day.
import { defaultModels } from '../helpers/default-models';
import { expectStoreEqualsSimulator, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

const DAY = 86_400_000;
let simNow = Date.now();

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  simulator: { now: () => simNow },
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 600,
      // This deployment syncs no filestorage model: its filestorage accounts have nothing to fetch.
      models: defaultModels('hris.Employee', 'hris.Employment', 'crm.Lead', 'crm.Contact'),
    },
  },
});

async function link(category: 'filestorage' | 'crm' | 'hris', seeds: Record<string, number> = {}) {
  const account = f.sim.linkAccount({ category });
  for (const [modelId, count] of Object.entries(seeds)) f.sim.seedRecords(account.id, modelId, count);
  await f.postWebhook(f.sim.linkedEvent(account.id));
  await f.pipeline.drain();
  f.sim.finishSync(account.id, { result: 'DONE' });
  return account;
}

describe("Merge's pausing after two weeks without API requests", () => {
  it('never pauses an account the daily reconciliation polls, with or without models to fetch', async () => {
    const noModels = await link('filestorage', { 'filestorage.File': 2 });
    const allDisabled = await link('crm');
    for (const model of f.sim.account(allDisabled.id)!.models)
      f.sim.setModelStatus(allDisabled.id, model, 'DISABLED');
    const synced = await link('hris', { 'hris.Employee': 4 });
    // Linked in Merge, never announced to us: nobody sends a request with its token.
    const unknownToUs = f.sim.linkAccount({ category: 'hris', announce: false });

    for (let day = 1; day <= 20; day++) {
      simNow += DAY;
      if (day % 5 === 0) f.sim.runSync(synced.id, { result: 'DONE' });
      await f.schedule({ reconcile: true });
      await f.pipeline.drain();
    }

    expect(f.sim.account(unknownToUs.id)).toMatchObject({ paused: true, status: 'IDLE' });
    for (const account of [noModels, allDisabled, synced]) {
      expect({ id: account.id, paused: f.sim.account(account.id)?.paused }).toEqual({
        id: account.id,
        paused: false,
      });
    }
    expect(f.sim.syncStatus(synced.id).every((e) => e.status !== 'PAUSED')).toBe(true);
    await expectStoreEqualsSimulator(f, synced.id, 'hris.Employee');
  });
});
