import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { capturedLogLines } from '../helpers/log-capture';
import {
  type SyncFixture,
  expectStoreEqualsSimulator,
  failMergeFromPage,
  useSyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ticketing.Ticket'),
      planRequestsPerMinute: 600,
    },
  },
});

async function linkedTicketingAccount(tickets: number) {
  const account = f.sim.linkAccount({ category: 'ticketing' });
  f.sim.seedRecords(account.id, 'ticketing.Ticket', tickets);
  await f.postWebhook(f.sim.linkedEvent(account.id));
  await f.pipeline.drain();
  f.sim.finishSync(account.id, { result: 'DONE' });
  return account;
}

const listRequests = (accountId: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && r.path.endsWith('/tickets'));

describe('a fetch cut off after page k', () => {
  it('resumes from its checkpoint and ends with the store an uninterrupted run produces', async () => {
    const account = await linkedTicketingAccount(450); // 5 pages
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'ticketing.Ticket'));
    await f.pipeline.sources.events.pollOnce();

    // Merge starts failing for good once page 2 has been served: the job dies after page 2.
    const stop = failMergeFromPage(f, account.id, 1);
    const crashed = await f.pipeline.sources.jobs.pollOnce();
    stop();
    expect(crashed).toMatchObject({ received: 1, failed: 1 });
    const checkpoint = await f.states.get(account.id, 'ticketing.Ticket');
    expect(checkpoint.run).toMatchObject({ pages: 2, leaseUntil: 0 });
    expect(checkpoint.run?.pageCursor).toEqual(expect.any(String));
    expect(checkpoint.lastError?.message).toContain('500');
    expect(checkpoint.cursor).toBeNull(); // a failed run never moves the cursor
    const partial = await f.storedRecords(account.id, 'ticketing.Ticket');
    expect(partial).toHaveLength(200);
    const firstTwoPages = new Map(partial.map((r) => [r.id, r.syncedAt]));

    // Merge recovers; SQS redelivers the job, which resumes at page 3.
    f.sim.clearFaults();
    f.sim.resetRequestLog();
    await f.pipeline.drain();
    const resumed = listRequests(account.id);
    expect(resumed).toHaveLength(3);
    expect(resumed.every((r) => typeof r.query.cursor === 'string')).toBe(true);

    const state = await f.states.get(account.id, 'ticketing.Ticket');
    expect(state.run).toBeUndefined();
    expect(state.lastRun).toMatchObject({ id: checkpoint.run?.id, pages: 5 });
    expect(state.lastRun?.counts).toMatchObject({ added: 450, changed: 0, unchanged: 0 });
    expect(state.cursor).not.toBeNull();
    const final = await expectStoreEqualsSimulator(f, account.id, 'ticketing.Ticket');
    // Pages 1-2 were neither fetched nor written again.
    expect(
      final.filter((r) => firstTwoPages.has(r.id)).every((r) => firstTwoPages.get(r.id) === r.syncedAt),
    ).toBe(true);
  });
});

describe('duplicates have no extra effect', () => {
  it('the same sync webhook delivered three times at once makes one fetch', async () => {
    const account = await linkedTicketingAccount(150);
    const event = f.sim.modelSyncedEvent(account.id, 'ticketing.Ticket');
    for (let i = 0; i < 3; i++) expect((await f.postWebhook(event)).statusCode).toBe(200);
    await f.pipeline.drain();
    // A sync webhook naming its sync is idempotent by the sync state, not by a claim: each delivery
    // may be read, but the sync is fetched once.
    const processed = capturedLogLines().filter(
      (l) => l.includes('"processing webhook"') && l.includes(account.id) && l.includes('Ticket.synced'),
    );
    expect(processed.length).toBeGreaterThanOrEqual(1);
    expect(listRequests(account.id)).toHaveLength(2); // one fetch: 2 pages
    const state = await f.states.get(account.id, 'ticketing.Ticket');
    expect(state.lastRun?.counts).toMatchObject({ added: 150 });
    await expectStoreEqualsSimulator(f, account.id, 'ticketing.Ticket');
  });

  it('two fetch jobs for one (account, model) at once make one fetch', async () => {
    const account = await linkedTicketingAccount(150);
    const job = {
      v: 1,
      kind: 'fetch',
      accountId: account.id,
      modelId: 'ticketing.Ticket',
      reason: 'manual',
      requestedAt: new Date().toISOString(),
    } as const;
    for (let i = 0; i < 2; i++) {
      await f.pipeline.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: f.pipeline.queues.jobs, MessageBody: JSON.stringify(job) }),
      );
    }
    const results = await Promise.all([
      f.pipeline.sources.jobs.pollOnce(),
      f.pipeline.sources.jobs.pollOnce(),
    ]);
    // Both jobs at once: in two invocations, or in one that runs its batch's jobs in parallel.
    expect(results.reduce((sum, r) => sum + r.received, 0)).toBe(2);
    await f.pipeline.drain();
    expect(listRequests(account.id)).toHaveLength(2);
    const skipped = capturedLogLines().filter(
      (l) => l.includes('"fetch job skipped"') && l.includes(account.id),
    );
    expect(
      skipped.some((l) => l.includes('covered-by-running-fetch') || l.includes('covered-by-completed-fetch')),
    ).toBe(true);
    await expectStoreEqualsSimulator(f, account.id, 'ticketing.Ticket');
  });
});
