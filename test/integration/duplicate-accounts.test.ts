// merge-api.md §12 "Duplicates": Merge flags linked accounts `is_duplicate` (in LinkedAccount.linked's
// linked_account, account-details and linked-accounts). A duplicate syncs the same data as the
// account it duplicates: it is recorded, shown with the reason, and not synced twice.
import { cli, startRuntimeInfo } from '../helpers/cli-run';
import { readApi } from '../helpers/handler-calls';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
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

const LEAD = 'crm.Lead';
const listRequests = (accountId: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && !r.path.endsWith('/account-details')).length;

describe('accounts Merge flags is_duplicate', () => {
  it('flagged in LinkedAccount.linked: recorded, shown with the reason, never polled or fetched', async () => {
    const original = await linkAndSync(f, 'crm', { [LEAD]: 3 });
    const duplicate = f.sim.linkAccount({ category: 'crm', duplicateOf: original.id });
    f.sim.seedRecords(duplicate.id, LEAD, 6);
    const linked = f.sim.linkedEvent(duplicate.id);
    expect(linked.linked_account.is_duplicate).toBe(true);
    await f.postWebhook(linked);
    await f.pipeline.drain();
    f.sim.finishSync(duplicate.id, { result: 'DONE' });
    await f.postWebhook(f.sim.syncCompletedEvent(duplicate.id, { isInitialSync: true }));
    await f.postWebhook(f.sim.modelSyncedEvent(duplicate.id, LEAD));
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();

    expect(await f.accounts.get(duplicate.id)).toMatchObject({ duplicate: { source: 'webhook' } });
    expect(listRequests(duplicate.id)).toBe(0);
    expect(await f.storedRecords(duplicate.id, LEAD)).toEqual([]);

    const view = await readApi(f, `/accounts/${duplicate.id}`);
    expect(view.body.duplicate).toMatchObject({
      source: 'webhook',
      reason: expect.stringMatching(/is_duplicate/),
    });
    const runtime = await startRuntimeInfo(f);
    try {
      const list = await cli(['accounts', 'list', '--url', runtime.url]);
      expect(list.stdout).toMatch(new RegExp(`${duplicate.id}.*ACTIVE, duplicate: not synced`));
      const status = await cli(['status', '--url', runtime.url]);
      expect(status.stdout).toMatch(new RegExp(`${duplicate.id}.*duplicate, not synced`));
      expect(status.stdout).toMatch(new RegExp(`- ${duplicate.id}: DUPLICATE .*--in-merge`));
    } finally {
      await runtime.close();
    }
  });

  it('flagged later (account-details, read by the daily reconciliation): syncing stops; unflagged, it resumes', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 5 });
    f.sim.setDuplicate(account.id, true);
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ duplicate: { source: 'account-details' } });

    const lead = String(f.sim.records(account.id, LEAD)[1]!.id);
    f.sim.updateRecord(account.id, LEAD, lead);
    f.sim.runSync(account.id, { result: 'DONE' });
    const before = listRequests(account.id);
    await f.schedule({ tier: 'frequent' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, LEAD));
    await f.pipeline.drain();
    expect(listRequests(account.id)).toBe(before);

    f.sim.setDuplicate(account.id, false);
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect((await f.accounts.get(account.id))?.duplicate).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });
});
