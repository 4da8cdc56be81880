import type { SyncState } from '../../shared/core/sync-state';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';
import { capturedLogLines } from '../helpers/log-capture';
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

const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
const writes = () => WRITES.reduce((n, op) => n + f.dynamoWrites.count(op), 0);

/** The lines one function wrote to the log (JSON lines and metrics) since `from`. */
const linesOf = (from: number, service: string) =>
  capturedLogLines()
    .slice(from)
    .filter((l) => l.includes(`"service":"${service}"`));

describe('idle polls and fetches that find nothing new are nearly free', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a poll whose /sync-status has nothing new: one Merge request, at most one write, at most one log line', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 30, 'crm.Contact': 5 });
    // The tick after the initial sync answers nothing new (Merge's sync was answered by the webhook).
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();

    await f.schedule({ tier: 'frequent' });
    f.dynamoWrites.reset();
    const merge0 = f.sim.requestCount({ accountId: account.id });
    const logs0 = capturedLogLines().length;
    await f.pipeline.drain();
    expect(f.sim.requestCount({ accountId: account.id }) - merge0).toBe(1);
    expect(writes()).toBeLessThanOrEqual(1);
    expect(linesOf(logs0, 'sync-status-poller').length).toBeLessThanOrEqual(1);
    expect(linesOf(logs0, 'fetcher')).toHaveLength(0);
  });

  it('a fetch whose only page has nothing new writes its claim and its completion, no page checkpoint', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 30, 'crm.Contact': 5 });
    const saved: SyncState[] = [];
    const save = DynamoSyncStateStore.prototype.save;
    jest.spyOn(DynamoSyncStateStore.prototype, 'save').mockImplementation(function (
      this: DynamoSyncStateStore,
      state: SyncState,
    ) {
      if (state.accountId === account.id && state.modelId === 'crm.Lead') saved.push(state);
      return save.call(this, state);
    });
    const before = await f.states.get(account.id, 'crm.Lead');
    // Merge syncs again and finds nothing new: the poll asks for a fetch, which pages once.
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();

    const after = await f.states.get(account.id, 'crm.Lead');
    expect(after.lastRun?.startedAt).not.toBe(before.lastRun?.startedAt);
    // (The cursor's overlap reads the records just stored again: unchanged, not rewritten.)
    expect(after.lastRun).toMatchObject({ pages: 1, counts: { added: 0, changed: 0, deleted: 0 } });
    const runWrites = saved.filter((s) => s.run || s.lastRun?.id === after.lastRun?.id);
    // The claim (a run with no page yet) and the completion (the run done): nothing between.
    expect(runWrites.filter((s) => s.run)).toEqual([
      expect.objectContaining({ run: expect.objectContaining({ pages: 0, pageCursor: null }) }),
    ]);
    expect(runWrites.filter((s) => !s.run)).toHaveLength(1);
  });
});
