import type { FetchJob } from '../../shared/queue/messages';
import { Deadline } from '../../shared/sync/deadline';
import { runFetchJob } from '../../shared/sync/fetch-job';
import { engineDeps } from '../helpers/operator-target';
import { type SyncFixture, linkAndSync, useSyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

/**
 * The fetcher gives way to the account's initial syncs and fastest tier while the account's shared
 * request schedule is booked (shared/sync/fetch-priority.ts): the same job is asked again later,
 * never past its cadence. A crm account: crm.Lead every 5 minutes, crm.Contact hourly (defaults).
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
  },
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const job = (accountId: string, modelId: string, requestedAt: string): FetchJob => ({
  v: 1,
  kind: 'fetch',
  accountId,
  modelId,
  reason: 'poll',
  requestedAt,
});

/** The fetcher's dependencies with the schedule booked `backlogMs` ahead, and the jobs it sends. */
async function bookedDeps(backlogMs: number) {
  const sent: { queue: string; messages: unknown[]; delaySeconds?: number }[] = [];
  const deps = {
    ...(await engineDeps(f)),
    scheduleBacklogMs: async () => backlogMs,
  };
  const send = deps.queue.send.bind(deps.queue);
  deps.queue = {
    ...deps.queue,
    send: async (queue, messages, options) => {
      sent.push({
        queue,
        messages,
        ...(options?.delaySeconds ? { delaySeconds: options.delaySeconds } : {}),
      });
      return send(queue, messages, options);
    },
  };
  return { deps, sent };
}

describe('fetch priority while the account budget is booked', () => {
  it('a slower tier gives way (the same job, later); the fastest tier and a job past its cadence fetch', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5, 'crm.Contact': 5 });
    // The initial syncs were two hours ago: every job below asks for data newer than that.
    for (const modelId of ['crm.Lead', 'crm.Contact']) {
      const state = await f.states.get(account.id, modelId);
      await f.states.save({ ...state, lastRun: { ...state.lastRun!, startedAt: minutesAgo(120) } });
    }
    const { deps, sent } = await bookedDeps(90_000);
    const contactJob = job(account.id, 'crm.Contact', minutesAgo(1));
    expect(await runFetchJob(deps, contactJob, Deadline.none())).toEqual({
      outcome: 'skipped',
      reason: 'gave-way-to-faster-tier',
    });
    expect(sent).toEqual([{ queue: 'jobs', messages: [contactJob], delaySeconds: 90 }]);
    expect((await f.states.get(account.id, 'crm.Contact')).run).toBeUndefined();

    expect(
      await runFetchJob(deps, job(account.id, 'crm.Lead', minutesAgo(0)), Deadline.none()),
    ).toMatchObject({
      outcome: 'completed',
    });
    // Asked for an hour ago (its cadence): its turn, however booked the budget.
    expect(
      await runFetchJob(deps, job(account.id, 'crm.Contact', minutesAgo(61)), Deadline.none()),
    ).toMatchObject({
      outcome: 'completed',
    });
  });

  it('an initial sync never gives way', async () => {
    const account = f.sim.linkAccount({ category: 'crm' });
    f.sim.seedRecords(account.id, 'crm.Contact', 3);
    // Linked (the account is stored), nothing fetched yet.
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.sources.events.pollOnce();
    expect((await f.states.get(account.id, 'crm.Contact')).lastRun).toBeUndefined();
    const { deps } = await bookedDeps(90_000);
    expect(
      await runFetchJob(deps, job(account.id, 'crm.Contact', minutesAgo(0)), Deadline.none()),
    ).toMatchObject({
      outcome: 'completed',
    });
    expect(await f.storedRecords(account.id, 'crm.Contact')).toHaveLength(3);
  });
});
