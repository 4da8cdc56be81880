import { lambdaContext } from '../../infra/local/lambda-context';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { httpApiEvent } from '../helpers/events';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
// remote_data kept (the deployment asks for it), with the third party's own zone-less local times and
// `__proto__` / `constructor` keys in it.
useSyncFixture((started) => (f = started), {
  simulator: { remoteDataHostileKeys: true },
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      models: [{ modelId: 'ticketing.Ticket', tier: 'frequent', includeRemoteData: true }],
    },
    feedSettleMs: 0,
  },
});

const MODEL = 'ticketing.Ticket';
type Detail = {
  accountId: string;
  recordId: string;
  changedFields?: string[];
  record: Record<string, unknown>;
};
const lastSeq = () => f.pipeline.bus.since().at(-1)?.seq ?? 0;
const recordEvents = (accountId: string, after: number) =>
  f.pipeline.bus
    .since(after)
    .filter(
      (e) => e.detailType !== DETAIL_TYPE.syncCompleted && (e.detail as Detail).accountId === accountId,
    );
/** The simulator's record as JSON text: remote_data exactly as the third party sent it. */
const truthText = (accountId: string, id: string) =>
  JSON.stringify(f.sim.records(accountId, MODEL).find((r) => r.id === id)!.remote_data);

async function served(accountId: string, id: string): Promise<string> {
  const answer = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path: `/accounts/${accountId}/records/${MODEL}/${id}` }),
    lambdaContext('read-api', 10_000),
  );
  return answer.body ?? '';
}

describe('remote_data and third-party data are stored exactly as received', () => {
  it('zone-less third-party times and __proto__ / constructor keys survive storing and serving', async () => {
    const account = await linkAndSync(f, 'ticketing', { [MODEL]: 5 });
    for (const truth of f.sim.records(account.id, MODEL)) {
      const text = JSON.stringify(truth.remote_data);
      expect(text).toContain('"__proto__":{');
      expect(text).toMatch(/"lastModifiedLocal":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"/);
      const stored = await f.records.get(account.id, MODEL, String(truth.id));
      expect(JSON.stringify(stored!.data.remote_data)).toBe(text);
      expect(await served(account.id, String(truth.id))).toContain(text.slice(1, -1));
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('a record webhook (no remote_data) never takes away what the fetch stored', () => {
  it('at the stored modified_at it is the stored version: no write, no event, remote_data intact', async () => {
    const account = await linkAndSync(f, 'ticketing', { [MODEL]: 3 });
    const id = String(f.sim.records(account.id, MODEL)[0]!.id);
    const before = await f.records.get(account.id, MODEL, id);
    const from = lastSeq();
    const webhook = f.sim.changedDataEvent(account.id, MODEL, id, 'changed');
    expect(JSON.stringify(webhook)).not.toContain('remote_data');
    await f.postWebhook(webhook);
    await f.pipeline.drain();
    expect(await f.records.get(account.id, MODEL, id)).toEqual(before);
    expect(recordEvents(account.id, from)).toEqual([]);
  });

  it('a newer version is stored with the stored remote_data kept, and announced once', async () => {
    const account = await linkAndSync(f, 'ticketing', { [MODEL]: 3 });
    const id = String(f.sim.records(account.id, MODEL)[1]!.id);
    const remoteData = truthText(account.id, id);
    f.sim.updateRecord(account.id, MODEL, id, { name: 'Renamed upstream' });
    const from = lastSeq();
    await f.postWebhook(f.sim.changedDataEvent(account.id, MODEL, id, 'changed'));
    await f.pipeline.drain();
    const stored = await f.records.get(account.id, MODEL, id);
    expect(stored?.data.name).toBe('Renamed upstream');
    expect(JSON.stringify(stored?.data.remote_data)).toBe(remoteData);
    const events = recordEvents(account.id, from);
    expect(events).toHaveLength(1);
    expect((events[0]!.detail as Detail).changedFields).toEqual(['modified_at', 'name']);
    expect(JSON.stringify((events[0]!.detail as Detail).record.remote_data)).toBe(remoteData);

    // The next fetch (the source of truth) brings the record again with Merge's current remote_data.
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, MODEL));
    await f.pipeline.drain();
    const fetched = await f.records.get(account.id, MODEL, id);
    expect(JSON.stringify(fetched?.data.remote_data)).toBe(truthText(account.id, id));
    expect(fetched?.data.name).toBe('Renamed upstream');
  });
});
