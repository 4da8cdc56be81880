// Merge's model_id is not always `<category>.<Common Model>` (merge-api.md §12; merge-common-models
// §1.1): `filestorage.FileStorageFile` (model_name "File"), `accounting.Invoices` (plural),
// `ticketing.TicketingTeam`. The simulator spells them as Merge's examples do; the engine must match
// every spelling, and treat one it does not know as a signal to record, never a crash.
import { capturedLogLines } from '../helpers/log-capture';
import { readApi } from '../helpers/handler-calls';
import {
  expectNoSecretsInLogs,
  expectStoreEqualsSimulator,
  startSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { startMergeProxy, type MergeProxy } from '../chaos/lib/merge-proxy';

let f: SyncFixture;
let proxy: MergeProxy;

beforeAll(async () => {
  // A pass-through proxy, so one test can add an entry Merge might send that no model goes by.
  proxy = await startMergeProxy();
  f = await startSyncFixture({
    pipeline: { mergeBaseUrl: proxy.baseUrl, syncConfigOverrides: { planRequestsPerMinute: 600 } },
  });
  proxy.setTarget(f.sim.baseUrl);
});

afterAll(async () => {
  try {
    expectNoSecretsInLogs(f.secrets());
  } finally {
    await f.close();
    await proxy.close();
  }
});

afterEach(() => proxy.setRewrite(null));

/** Links an account through the real webhook, seeds it, and finishes Merge's initial sync. */
async function linkedAndSynced(
  category: 'filestorage' | 'accounting' | 'ticketing',
  seeds: Record<string, number>,
) {
  const account = f.sim.linkAccount({ category });
  for (const [modelId, count] of Object.entries(seeds)) f.sim.seedRecords(account.id, modelId, count);
  await f.postWebhook(f.sim.linkedEvent(account.id));
  await f.pipeline.drain();
  f.sim.finishSync(account.id, { result: 'DONE' });
  return account;
}

describe('model ids as Merge spells them', () => {
  it('the poller matches filestorage.FileStorageFile and accounting.Invoices to their models and fetches them', async () => {
    const files = await linkedAndSynced('filestorage', { 'filestorage.File': 12 });
    const invoices = await linkedAndSynced('accounting', { 'accounting.Invoice': 7 });
    expect(f.sim.syncStatus(files.id).map((e) => e.model_id)).toContain('filestorage.FileStorageFile');
    expect(f.sim.syncStatus(invoices.id).map((e) => e.model_id)).toContain('accounting.Invoices');

    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'periodic' });
    await f.pipeline.drain();

    expect(await expectStoreEqualsSimulator(f, files.id, 'filestorage.File')).toHaveLength(12);
    expect(await expectStoreEqualsSimulator(f, invoices.id, 'accounting.Invoice')).toHaveLength(7);
    expect((await f.states.get(invoices.id, 'accounting.Invoice')).merge?.status).toBe('DONE');
    expect((await f.accounts.get(invoices.id))?.unmatchedModelIds).toBeUndefined();
  });

  it('LinkedAccount.sync_completed keyed by accounting.Invoices fetches the invoices', async () => {
    const account = await linkedAndSynced('accounting', { 'accounting.Invoice': 5 });
    const event = f.sim.syncCompletedEvent(account.id, { isInitialSync: true });
    expect(Object.keys((event.data as { sync_status: object }).sync_status)).toContain('accounting.Invoices');
    expect((await f.postWebhook(event)).statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await expectStoreEqualsSimulator(f, account.id, 'accounting.Invoice')).toHaveLength(5);
  });

  it('an unknown model id is counted, logged once and shown on the account; the known ones still sync', async () => {
    proxy.setRewrite((path, body) => {
      if (!path.includes('/ticketing/v1/sync-status')) return undefined;
      const page = JSON.parse(body) as { results: Record<string, unknown>[] };
      page.results.push({
        ...page.results[0],
        model_id: 'ticketing.TicketingMystery',
        model_name: 'Mystery',
      });
      return JSON.stringify(page);
    });
    const account = await linkedAndSynced('ticketing', { 'ticketing.Ticket': 4 });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    const completed = f.sim.syncCompletedEvent(account.id);
    (completed.data as { sync_status: Record<string, object> }).sync_status['ticketing.Unheard'] = {
      last_sync_result: 'DONE',
      last_sync_finished: new Date().toISOString(),
    };
    expect((await f.postWebhook(completed)).statusCode).toBe(200);
    await f.pipeline.drain();

    await expectStoreEqualsSimulator(f, account.id, 'ticketing.Ticket');
    const stored = await f.accounts.get(account.id);
    expect(stored?.unmatchedModelIds).toEqual([
      { modelId: 'ticketing.TicketingMystery', source: 'sync-status', firstSeenAt: expect.any(String) },
      { modelId: 'ticketing.Unheard', source: 'sync_completed', firstSeenAt: expect.any(String) },
    ]);
    const logged = capturedLogLines().filter((l) => l.includes('ticketing.TicketingMystery'));
    expect(logged).toHaveLength(1);
    const view = await readApi(f, `/accounts/${account.id}`);
    expect(view.body.unmatched_model_ids).toEqual([
      { model_id: 'ticketing.TicketingMystery', source: 'sync-status', first_seen_at: expect.any(String) },
      { model_id: 'ticketing.Unheard', source: 'sync_completed', first_seen_at: expect.any(String) },
    ]);
    expect(await f.pipeline.queueDepth('pollsDlq')).toMatchObject({ visible: 0 });
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0 });
  });
});
