// merge-api.md §12: "SYNCING does not mean nothing has finished": Merge reports SYNCING while a
// sync runs *or is queued* (help 8184193), and its SDK says to use last_sync_finished where
// last_sync_result is DONE. And a model Merge never lists in /sync-status (or lists under a spelling
// we do not know) must still sync: the daily reconciliation fetches it, and the initial-sync watch
// stops waiting for it after `initialSyncWatch.unreportedGiveUpMinutes` (0 here: at once).
import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { startMergeProxy, type MergeProxy } from '../chaos/lib/merge-proxy';
import { pollWith } from '../helpers/handler-calls';
import {
  expectNoSecretsInLogs,
  expectStoreEqualsSimulator,
  linkAndSync,
  startSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
let proxy: MergeProxy;

beforeAll(async () => {
  proxy = await startMergeProxy();
  f = await startSyncFixture({
    pipeline: {
      mergeBaseUrl: proxy.baseUrl,
      syncConfigOverrides: {
        models: defaultModels('crm.Lead', 'crm.Contact'),
        planRequestsPerMinute: 600,
        initialSyncWatch: { ...DEFAULT_SYNC_CONFIG.initialSyncWatch, unreportedGiveUpMinutes: 0 },
      },
    },
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

const LEAD = 'crm.Lead';
const CONTACT = 'crm.Contact';
const pagesOf = (accountId: string, path: string) => f.sim.requestCount({ accountId, pathIncludes: path });

async function poll() {
  await f.schedule({ tier: 'frequent' });
  await f.pipeline.drain();
}

/** /sync-status of crm accounts without the crm.Contact entry: a model Merge does not report. */
function hideContactsFromSyncStatus() {
  proxy.setRewrite((path, body) => {
    if (!path.includes('/crm/v1/sync-status')) return undefined;
    const page = JSON.parse(body) as { results: { model_id: string }[] };
    return JSON.stringify({ ...page, results: page.results.filter((e) => e.model_id !== CONTACT) });
  });
}

/** A watch poll of the account's current initial-sync watch, through the poller handler. */
async function watchPoll(accountId: string) {
  const watch = (await f.accounts.get(accountId))?.watch;
  if (!watch) throw new Error(`account ${accountId} is not watched`);
  const message = { v: 1, kind: 'poll', accountId, reason: 'watch', watchId: watch.id } as const;
  const result = await pollWith(f, { ...message, requestedAt: new Date().toISOString() }, 120_000);
  expect(result.batchItemFailures).toEqual([]);
  await f.pipeline.drain();
}

describe('SYNCING with a finished result', () => {
  it('a finished DONE sync is fetched while the next one is queued (SYNCING), once', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 20 });
    const before = await f.states.get(account.id, LEAD);
    f.sim.updateRecord(account.id, LEAD, String(f.sim.records(account.id, LEAD)[3]!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    f.sim.queueSync(account.id);
    const entry = f.sim.syncStatus(account.id).find((e) => e.model_id === LEAD);
    expect(entry).toMatchObject({ status: 'SYNCING', last_sync_result: 'DONE' });

    await poll();
    const after = await f.states.get(account.id, LEAD);
    expect(after.lastRun?.id).not.toBe(before.lastRun?.id);
    expect(after.lastRun?.counts.changed).toBe(1);
    expect(after.answeredSyncFinished).toBe(entry!.last_sync_finished);
    await expectStoreEqualsSimulator(f, account.id, LEAD);

    // The same finished sync is not asked for again, however often it is polled.
    const pages = pagesOf(account.id, '/leads');
    await poll();
    await poll();
    expect(pagesOf(account.id, '/leads')).toBe(pages);
  });

  it('a sync running after a fetched one: its own DONE is still fetched when it finishes', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 10 });
    f.sim.runSync(account.id, { result: 'DONE' });
    f.sim.startSync(account.id); // running: last_sync_start is this sync's, the result the previous one's
    await poll();
    const fetched = await f.states.get(account.id, LEAD);
    f.sim.updateRecord(account.id, LEAD, String(f.sim.records(account.id, LEAD)[0]!.id));
    f.sim.finishSync(account.id, { result: 'DONE' });
    await poll();
    const state = await f.states.get(account.id, LEAD);
    expect(state.lastRun?.id).not.toBe(fetched.lastRun?.id);
    expect(state.lastRun?.counts.changed).toBe(1);
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });

  it('the initial-sync watch ends once every model has a finished result, though Merge stays SYNCING', async () => {
    const account = f.sim.linkAccount({ category: 'crm' });
    f.sim.seedRecords(account.id, LEAD, 6);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    // The initial sync finished and the next one is queued at once: Merge reports SYNCING.
    f.sim.finishSync(account.id, { result: 'DONE' });
    f.sim.queueSync(account.id);
    await watchPoll(account.id);
    const entries = f.sim.syncStatus(account.id);
    expect(entries.every((e) => e.status === 'SYNCING' && e.last_sync_result === 'DONE')).toBe(true);
    expect((await f.accounts.get(account.id))?.watch).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });
});

describe('a model /sync-status does not list', () => {
  it('is fetched by the daily reconciliation, with the reason on its sync state', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 5, [CONTACT]: 8 });
    hideContactsFromSyncStatus();
    f.sim.updateRecord(account.id, CONTACT, String(f.sim.records(account.id, CONTACT)[2]!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    const before = await f.states.get(account.id, CONTACT);
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    const state = await f.states.get(account.id, CONTACT);
    expect(state.lastRun?.id).not.toBe(before.lastRun?.id);
    expect(state.lastRun?.reason).toBe('reconcile');
    expect(state.notReported?.note).toMatch(/reconciliation/);
    await expectStoreEqualsSimulator(f, account.id, CONTACT);
  });

  it('the initial-sync watch stops waiting for it, fetches it once and says why', async () => {
    hideContactsFromSyncStatus();
    const account = f.sim.linkAccount({ category: 'crm' });
    f.sim.seedRecords(account.id, LEAD, 4);
    f.sim.seedRecords(account.id, CONTACT, 9);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    f.sim.finishSync(account.id, { result: 'DONE' });
    await watchPoll(account.id);

    const contacts = await f.states.get(account.id, CONTACT);
    expect(contacts.lastRun?.reason).toBe('watch');
    expect(contacts.notReported?.note).toMatch(/not listed in \/sync-status/);
    await expectStoreEqualsSimulator(f, account.id, CONTACT);
    await expectStoreEqualsSimulator(f, account.id, LEAD);
    // Every reported model has finished and the unreported one was fetched: the watch is over.
    expect((await f.accounts.get(account.id))?.watch).toBeUndefined();
  });
});
