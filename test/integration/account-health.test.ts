import { healthChanges, readHealth, transitions as announced } from '../helpers/health';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
const health = (accountId: string) => readHealth(f, accountId);
const changes = (accountId: string) => healthChanges(f, accountId);
const transitions = (accountId: string) => announced(f, accountId);
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
  },
});

describe('integration health through the real handlers', () => {
  it('moves initial_sync → healthy once every model has finished its first fetch, with one event', async () => {
    const account = f.sim.linkAccount({ category: 'crm' });
    f.sim.seedRecords(account.id, 'crm.Lead', 3);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    f.sim.finishSync(account.id, { models: ['crm.Lead'], result: 'DONE' });
    await f.schedule({ tier: 'frequent' }); // crm.Lead's tier; crm.Contact is still syncing
    await f.pipeline.drain();
    const during = await health(account.id);
    expect(during).toMatchObject({
      state: 'initial_sync',
      initial_sync: { models_done: 1, models_total: 2 },
    });
    expect((await f.accounts.get(account.id))?.health?.state).toBe('initial_sync');

    f.sim.finishSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));
    await f.pipeline.drain();
    expect(await health(account.id)).toMatchObject({ state: 'healthy', actions: [] });
    // The first state (initial_sync) is recorded quietly; the change to healthy is announced once.
    expect(transitions(account.id)).toEqual(['initial_sync→healthy']);
  });

  it('relink_needed when Merge refuses the token, and back to healthy after the relink', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    f.sim.regenerateAccountToken(account.id); // the token we hold is refused from now on
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    const refused = await health(account.id);
    expect(refused).toMatchObject({ state: 'relink_needed', actions: ['relink'] });
    expect(refused.issues[0]?.reason).toBe('token-refused');
    expect(refused.summary).toMatch(/revoked; reconnect it in Settings\.$/);
    // More polls while refused announce nothing new.
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(transitions(account.id).slice(-1)).toEqual(['healthy→relink_needed']);

    f.sim.relinkAccount(account.id);
    await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
    await f.pipeline.drain();
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    expect((await health(account.id)).state).toBe('healthy');
    expect(changes(account.id).filter((c) => c.to === 'relink_needed')).toHaveLength(1);
    expect(transitions(account.id).slice(-2)).toEqual(['healthy→relink_needed', 'relink_needed→healthy']);
  });

  it('paused when Merge pauses a model, one event', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    const before = changes(account.id).length;
    f.sim.setModelStatus(account.id, 'crm.Lead', 'PAUSED');
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(await health(account.id)).toMatchObject({ state: 'paused' });
    expect(transitions(account.id).slice(before)).toEqual(['healthy→paused']);
  });

  it('failing when Merge’s syncs fail, healthy again after a good one; one event each way', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    const before = changes(account.id).length;
    f.sim.runSync(account.id, { result: 'FAILED' });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    expect(await health(account.id)).toMatchObject({
      state: 'failing',
      actions: ['resync', 'contact_support'],
    });
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'hourly' });
    await f.pipeline.drain();
    expect((await health(account.id)).state).toBe('healthy');
    expect(transitions(account.id).slice(before)).toEqual(['healthy→failing', 'failing→healthy']);
  });
});
