import { lambdaContext } from '../../infra/local/lambda-context';
import { capturedLogLines } from '../helpers/log-capture';
import { httpApiEvent } from '../helpers/events';
import { expectStoreEqualsSimulator, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

/**
 * Merge's webhooks are organization-wide (reference §12): every linked account's events come to our
 * one URL, for every category (knowledgebase, chat and marketing included, which we do not sync)
 * and for accounts we never stored. They are answered 2xx, counted, and dropped at once by the event
 * processor: never retried, never dead-lettered.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('hris.Employee', 'hris.Employment', 'ats.Candidate', 'ats.Application'),
      planRequestsPerMinute: 6000,
      // The initial sync's first watch poll after 5 s (the shortest allowed), so a test can wait for it.
      initialSyncWatch: {
        fastEverySeconds: 5,
        fastForMinutes: 3,
        slowEverySeconds: 120,
        giveUpAfterHours: 48,
      },
    },
  },
});

/** How often the event processor took up (processing) or dropped (with this reason) a webhook of the account. */
const logged = (accountId: string, message: string, reason?: string) =>
  capturedLogLines().filter(
    (l) =>
      l.includes(`"message":"${message}"`) &&
      l.includes(accountId) &&
      (reason === undefined || l.includes(`"reason":"${reason}"`)),
  ).length;

async function post(payload: object) {
  expect((await f.postWebhook(payload)).statusCode).toBe(200);
}

async function expectQueuesClean() {
  expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0, inFlight: 0 });
}

async function readApi(path: string) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path }),
    lambdaContext('read-api', 10_000),
  );
  return { status: result.statusCode, raw: result.body ?? '' };
}

describe('organization-wide webhooks', () => {
  it('the data webhooks of an account we never stored are dropped at once: taken up once each, never retried or dead-lettered', async () => {
    // Linked in Merge (say, by another product of the organization); its LinkedAccount.linked never came here.
    const elsewhere = f.sim.linkAccount({ category: 'hris', announce: false });
    f.sim.seedRecords(elsewhere.id, 'hris.Employee', 3);
    f.sim.finishSync(elsewhere.id, { result: 'DONE' });
    const employee = String(f.sim.records(elsewhere.id, 'hris.Employee')[0]!.id);
    await post(f.sim.syncCompletedEvent(elsewhere.id));
    await post(f.sim.modelSyncedEvent(elsewhere.id, 'hris.Employee'));
    await post(f.sim.changedDataEvent(elsewhere.id, 'hris.Employee', employee, 'changed'));
    await post(
      f.sim.issueEvent(elsewhere.id, { status: 'ONGOING', errorDescription: 'Missing Permissions' }),
    );
    await f.pipeline.drain();

    await expectQueuesClean();
    expect(logged(elsewhere.id, 'processing webhook')).toBe(4); // once each: no redelivery
    expect(logged(elsewhere.id, 'webhook dropped', 'unknown-account')).toBe(3);
    expect(await f.accounts.get(elsewhere.id)).toBeUndefined();
    expect(f.sim.requestCount({ accountId: elsewhere.id })).toBe(0);
  });

  it.each(['knowledgebase', 'chat', 'mktg'] as const)(
    'an account of a category we do not sync (%s) is recorded and listed with its token stored, never polled; its data webhooks are dropped',
    async (category) => {
      const account = f.sim.linkAccount({ category, announce: false });
      await post(f.sim.linkedEvent(account.id));
      await f.pipeline.drain();
      expect(await f.accounts.get(account.id)).toMatchObject({ status: 'NOT_SYNCED', category });
      expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
      const listed = await readApi('/accounts');
      expect(listed.status).toBe(200);
      const view = (JSON.parse(listed.raw) as { results: Record<string, unknown>[] }).results.find(
        (a) => a.id === account.id,
      );
      expect(view).toMatchObject({ status: 'NOT_SYNCED', status_detail: `not synced: category ${category}` });
      expect(listed.raw).not.toContain(account.accountToken);

      f.sim.finishSync(account.id, { result: 'DONE' });
      await post(f.sim.syncCompletedEvent(account.id));
      const [modelId] = f.sim.account(account.id)!.models;
      await post(f.sim.modelSyncedEvent(account.id, modelId!));
      await f.pipeline.drain();
      expect(logged(account.id, 'webhook dropped', 'category-not-synced')).toBe(2);

      f.sim.resetRequestLog();
      for (const tier of f.pipeline.config.engine.settings.config.tiers)
        await f.schedule({ tier: tier.name });
      await f.schedule({ reconcile: true });
      await f.pipeline.drain();
      expect(f.sim.requestCount({ accountId: account.id })).toBe(0);
      await expectQueuesClean();
    },
  );

  it('sync webhooks taken up before their LinkedAccount.linked are dropped; the initial fetch the link starts reads their data', async () => {
    const account = f.sim.linkAccount({ category: 'ats', announce: false });
    f.sim.seedRecords(account.id, 'ats.Candidate', 12);
    f.sim.finishSync(account.id, { result: 'DONE' });
    // Queues do not keep order: the sync webhooks are processed first.
    await post(f.sim.modelSyncedEvent(account.id, 'ats.Candidate'));
    await post(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));
    await f.pipeline.drain();
    expect(logged(account.id, 'webhook dropped', 'unknown-account')).toBe(2);
    await expectQueuesClean();

    await post(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    // The link's watch polls /sync-status (DONE) and fetches everything: nothing the dropped ones carried is lost.
    await eventually(async () => (await f.storedRecords(account.id, 'ats.Candidate')).length === 12);
    await expectStoreEqualsSimulator(f, account.id, 'ats.Candidate');
    await expectStoreEqualsSimulator(f, account.id, 'ats.Application');
  });
});

/** Drains the pipeline until `condition` holds (delayed polls included), within a generous deadline. */
async function eventually(condition: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await f.pipeline.drain();
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
