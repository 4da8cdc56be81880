import { expectedData, linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { acceptedWrite, settledWrite, simRequests } from '../helpers/writes';

// An account whose sync asks for more than Merge's write answer carries (here remote_data): the
// written record is read back with the sync's query, so the store holds what a sync would store
// (the next sync finds it at the same modified_at and never rewrites it).
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 600,
      models: [{ modelId: 'ticketing.Ticket', tier: 'frequent', includeRemoteData: true }],
    },
    feedSettleMs: 0,
  },
});

describe('the store follows a write the sync would read with more', () => {
  it('reads the written record back with include_remote_data and stores it as the sync would', async () => {
    const account = await linkAndSync(f, 'ticketing', { 'ticketing.Ticket': 2 });
    const writeId = await acceptedWrite(f, account.id, {
      model: 'ticketing.Ticket',
      operation: 'create',
      data: { name: 'Finding 7', priority: 'HIGH' },
      idempotency_key: 'finding-7',
    });
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({ status: 'succeeded' });
    const recordId = String(write.record_id);
    const readBack = simRequests(f, 'GET', `/ticketing/v1/tickets/${recordId}`);
    expect(readBack).toHaveLength(1);
    expect(readBack[0]!.query).toMatchObject({ include_remote_data: 'true' });
    const atMerge = f.sim.records(account.id, 'ticketing.Ticket').find((r) => r.id === recordId)!;
    const stored = (await f.storedRecords(account.id, 'ticketing.Ticket')).find((r) => r.id === recordId);
    expect(stored?.data).toMatchObject({ ...expectedData(atMerge), remote_data: expect.anything() });
    expect(stored?.data.remote_data).toEqual(atMerge.remote_data);
  });
});
