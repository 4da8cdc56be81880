import { healthChanges, readHealth, transitions as announced } from '../helpers/health';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

// Merge's clock runs 30 minutes behind ours, so a sync it finishes "now" finished 30 minutes ago for
// us (its timestamps only move forward). The functions read the real clock.
const SIM_BEHIND_MS = 30 * 60_000;
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  simulator: { now: () => Date.now() - SIM_BEHIND_MS },
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
  },
});
const health = (accountId: string) => readHealth(f, accountId);
const changes = (accountId: string) => healthChanges(f, accountId);
const transitions = (accountId: string) => announced(f, accountId);

describe('integration health: delayed', () => {
  it('delayed while a sync Merge finished over twice the cadence ago is not stored; one event', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    const before = changes(account.id).length;
    // Our last fetch of crm.Lead as it would stand 40 minutes later (the functions use the real clock).
    const state = await f.states.get(account.id, 'crm.Lead');
    const lastRun = state.lastRun!;
    const earlier = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await f.states.save({
      ...state,
      lastRun: { ...lastRun, startedAt: earlier(41), finishedAt: earlier(40) },
    });
    f.sim.updateRecord(account.id, 'crm.Lead', String(f.sim.records(account.id, 'crm.Lead')[0]!.id));
    // Merge finishes a sync 30 minutes ago, after that fetch (crm.Lead's tier: every 5 minutes).
    f.sim.runSync(account.id, { models: ['crm.Lead'], result: 'DONE' });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.sources.polls.pollOnce(0); // the poll asks for the fetch; it has not run yet
    expect(await health(account.id)).toMatchObject({ state: 'delayed', actions: ['resync'] });
    await f.pipeline.drain();
    expect((await health(account.id)).state).toBe('healthy');
    expect(transitions(account.id).slice(before)).toEqual(['healthy→delayed', 'delayed→healthy']);
  });
});
