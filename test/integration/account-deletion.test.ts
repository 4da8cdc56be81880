import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
  },
});

describe('LinkedAccount.deleted', () => {
  it('stops all polling of the account and purges its records, states and token', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 130, 'crm.Contact': 15 });
    const other = await linkAndSync(f, 'crm', { 'crm.Lead': 10 });
    expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(130);

    expect((await f.postWebhook(f.sim.accountDeletedEvent(account.id))).statusCode).toBe(200);
    f.sim.deleteAccount(account.id);
    await f.pipeline.drain();

    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    expect(await f.accounts.getToken(account.id)).toBeUndefined();
    expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(0);
    expect(await f.storedRecords(account.id, 'crm.Contact')).toHaveLength(0);
    expect(await f.states.listForAccount(account.id)).toHaveLength(0);
    // The other account is untouched.
    expect(await f.storedRecords(other.id, 'crm.Lead')).toHaveLength(10);

    // Schedules, a reconciliation, late webhooks: Merge never again sees a request for it.
    f.sim.resetRequestLog();
    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'hourly' });
    await f.schedule({ reconcile: true });
    await f.postWebhook(f.sim.modelSyncedEvent(other.id, 'crm.Lead'));
    await f.pipeline.drain();
    expect(
      f.sim.requests.filter((r) => r.accountId === account.id || r.tokenMatchesAccount === false),
    ).toHaveLength(0);
    expect(f.sim.requestCount({ accountId: other.id })).toBeGreaterThan(0);
  });

  it('is never undone by a late or replayed LinkedAccount.linked', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const linked = f.sim.linkedEvent(account.id);
    await f.postWebhook(f.sim.accountDeletedEvent(account.id));
    await f.pipeline.drain();
    await f.postWebhook({ ...linked, data: { ...(linked.data as object), is_relink: true } });
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    expect(await f.accounts.getToken(account.id)).toBeUndefined();
  });
});
