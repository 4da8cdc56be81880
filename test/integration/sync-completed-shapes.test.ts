import { defaultModels } from '../helpers/default-models';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';

/**
 * LinkedAccount.sync_completed's `data.sync_status` is a map keyed by model_id in Merge's sample
 * (reference §6b). Another documented form (an array of SyncStatus entries, §5) is read entry by
 * entry; one that cannot be read at all still says a sync completed, so /sync-status is polled at once.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { models: defaultModels('hris.Employee'), planRequestsPerMinute: 6000 } },
});

type SyncCompleted = { data: { sync_status?: unknown } & Record<string, unknown> } & Record<string, unknown>;

/** A linked, initially synced account with 3 employees, and 2 more Merge has synced since. */
async function accountWithNewEmployees() {
  const account = await linkAndSync(f, 'hris', { 'hris.Employee': 3 });
  expect(await f.storedRecords(account.id, 'hris.Employee')).toHaveLength(3);
  f.sim.addRecord(account.id, 'hris.Employee');
  f.sim.addRecord(account.id, 'hris.Employee');
  f.sim.runSync(account.id, { result: 'DONE' });
  return account;
}

describe('LinkedAccount.sync_completed in the shapes Merge documents', () => {
  it('reads sync_status given as an array of SyncStatus entries, and fetches each finished model', async () => {
    const account = await accountWithNewEmployees();
    const payload = f.sim.syncCompletedEvent(account.id) as unknown as SyncCompleted;
    const map = payload.data.sync_status as Record<string, Record<string, unknown>>;
    payload.data.sync_status = Object.entries(map).map(([modelId, entry]) => ({
      model_id: modelId,
      is_initial_sync: false,
      ...entry,
    }));
    expect((await f.postWebhook(payload)).statusCode).toBe(200);
    await f.pipeline.drain();

    expect(await expectStoreEqualsSimulator(f, account.id, 'hris.Employee')).toHaveLength(5);
  });

  it.each([
    ['absent', (data: SyncCompleted['data']) => delete data.sync_status],
    ['a string', (data: SyncCompleted['data']) => (data.sync_status = 'DONE')],
  ])(
    'polls /sync-status at once when sync_status is %s, and fetches what it reports',
    async (_shape, reshape) => {
      const account = await accountWithNewEmployees();
      const payload = f.sim.syncCompletedEvent(account.id) as unknown as SyncCompleted;
      reshape(payload.data);
      f.sim.resetRequestLog();
      expect((await f.postWebhook(payload)).statusCode).toBe(200);
      await f.pipeline.drain();

      expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/sync-status' })).toBeGreaterThan(0);
      expect(await expectStoreEqualsSimulator(f, account.id, 'hris.Employee')).toHaveLength(5);
    },
  );
});
