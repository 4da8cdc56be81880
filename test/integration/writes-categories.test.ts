import { expectedData, linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import {
  acceptedWrite,
  busEvents,
  lastBusSeq,
  postWrite,
  settledWrite,
  simRequests,
  type Json,
} from '../helpers/writes';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 600 }, feedSettleMs: 0 },
});

type Category = 'hris' | 'ats' | 'crm' | 'accounting' | 'ticketing' | 'filestorage';
interface Case {
  category: Category;
  modelId: string;
  path: string;
  create: Json;
  /** What an update sends; null when Merge has no PATCH for the model. */
  update: Json | null;
  remoteUserId?: string;
  /** The default config syncs it, so the store follows the write. */
  synced: boolean;
}

// Each category's main writable model (the acceptance list).
const CASES: Case[] = [
  {
    category: 'ticketing',
    modelId: 'ticketing.Ticket',
    path: 'tickets',
    create: { name: 'Finding 123: outdated TLS', description: 'Upgrade the load balancer', priority: 'HIGH' },
    update: { status: 'CLOSED' },
    synced: true,
  },
  {
    category: 'ats',
    modelId: 'ats.Candidate',
    path: 'candidates',
    create: { first_name: 'Ada', last_name: 'Lovelace', title: 'Engineer' },
    update: { title: 'Principal Engineer' },
    remoteUserId: 'recruiter-1',
    synced: true,
  },
  {
    category: 'crm',
    modelId: 'crm.Contact',
    path: 'contacts',
    create: { first_name: 'Grace', last_name: 'Hopper' },
    update: { first_name: 'Amazing Grace' },
    synced: true,
  },
  {
    category: 'hris',
    modelId: 'hris.TimeOff',
    path: 'time-off',
    create: {
      employee: 'employee-1',
      start_time: '2026-07-01T00:00:00Z',
      end_time: '2026-07-05T00:00:00Z',
      request_type: 'VACATION',
    },
    update: null,
    synced: false,
  },
  {
    category: 'accounting',
    modelId: 'accounting.Invoice',
    path: 'invoices',
    create: { contact: 'contact-1', number: 'INV-2026-001', total_amount: 1200 },
    update: { memo: 'Paid by transfer' },
    synced: true,
  },
  {
    category: 'filestorage',
    modelId: 'filestorage.Folder',
    path: 'folders',
    create: { name: 'Audit reports' },
    update: null,
    synced: true,
  },
];

const body = (c: Case, operation: 'create' | 'update', data: Json, extra: Json = {}) => ({
  model: c.modelId,
  operation,
  data,
  idempotency_key: `${c.modelId}-${operation}-${Math.random()}`,
  ...(c.remoteUserId ? { remote_user_id: c.remoteUserId } : {}),
  ...extra,
});

/** Merge's copy of the record: a list of the model, or what the simulator keeps of models it does not list. */
/** The record at Merge: the simulator lists every catalog model, synced by the account or not. */
function atMerge(accountId: string, c: Case, id: string): Json | undefined {
  return f.sim.records(accountId, c.modelId).find((r) => r.id === id);
}

describe.each(CASES)('writes to $modelId', (c) => {
  it('a create reaches Merge once; the store and the bus follow; the next sync is not a second change', async () => {
    const account = await linkAndSync(f, c.category, c.synced ? { [c.modelId]: 2 } : {});
    const seq = lastBusSeq(f);
    const posts = simRequests(f, 'POST', `/${c.category}/v1/${c.path}`).length;
    const writeId = await acceptedWrite(f, account.id, body(c, 'create', c.create));
    const write = await settledWrite(f, account.id, writeId);

    expect(write).toMatchObject({ write_id: writeId, status: 'succeeded', attempts: 1, error: null });
    const recordId = String(write.record_id);
    expect(simRequests(f, 'POST', `/${c.category}/v1/${c.path}`)).toHaveLength(posts + 1);
    expect(atMerge(account.id, c, recordId)).toMatchObject(c.create);
    const succeeded = busEvents(f, 'Write Succeeded', seq);
    expect(succeeded.map((e) => (e.detail as Json).writeId)).toEqual([writeId]);
    expect(succeeded[0]!.detail).toMatchObject({ recordId, modelId: c.modelId, status: 'succeeded' });

    const stored = (await f.storedRecords(account.id, c.modelId)).find((r) => r.id === recordId);
    if (!c.synced) {
      expect(stored).toBeUndefined(); // the account does not sync the model
      return;
    }
    expect(stored?.data).toEqual(expectedData(atMerge(account.id, c, recordId)!));
    const added = busEvents(f, 'Merge Record Added', seq).filter(
      (e) => (e.detail as Json).recordId === recordId,
    );
    expect(added).toHaveLength(1);

    // Merge's next sync brings the same record back: unchanged, no second event.
    const after = lastBusSeq(f);
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, c.modelId));
    await f.pipeline.drain();
    const again = f.pipeline.bus.since(after).filter((e) => (e.detail as Json).recordId === recordId);
    expect(again).toEqual([]);
  });

  it(
    c.update
      ? 'an update reaches Merge once and the stored record follows'
      : 'an update is refused: Merge has no PATCH',
    async () => {
      // Several records, so one differs from the update whatever the generated values.
      const account = await linkAndSync(f, c.category, c.synced ? { [c.modelId]: 6 } : {});
      if (!c.update) {
        const refused = await postWrite(f, account.id, body(c, 'update', { name: 'x' }, { id: 'some-id' }));
        expect(refused).toEqual({
          status: 400,
          body: { error: `model ${c.modelId} cannot be updated: Merge has no PATCH for it` },
        });
        return;
      }
      // A record the update changes (a PATCH that changes nothing is no change event).
      const target = f.sim
        .records(account.id, c.modelId)
        .find((r) => Object.entries(c.update!).some(([k, v]) => JSON.stringify(r[k]) !== JSON.stringify(v)))!;
      const seq = lastBusSeq(f);
      const writeId = await acceptedWrite(f, account.id, body(c, 'update', c.update, { id: target.id }));
      const write = await settledWrite(f, account.id, writeId);
      expect(write).toMatchObject({ status: 'succeeded', record_id: target.id, attempts: 1 });
      expect(simRequests(f, 'PATCH', `/${c.category}/v1/${c.path}/${String(target.id)}`)).toHaveLength(1);
      const atMergeNow = atMerge(account.id, c, String(target.id))!;
      expect(atMergeNow).toMatchObject(c.update);
      const stored = (await f.storedRecords(account.id, c.modelId)).find((r) => r.id === target.id);
      expect(stored?.data).toEqual(expectedData(atMergeNow));
      // Changed, or Added where the first sync had not stored the record yet: one event either way.
      const changed = f.pipeline.bus
        .since(seq)
        .filter((e) => e.detailType.startsWith('Merge Record') && (e.detail as Json).recordId === target.id);
      expect(changed).toHaveLength(1);
    },
  );
});
