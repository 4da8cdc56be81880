import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { acceptedWrite, callWriteApi } from '../helpers/writes';
import { defaultModels } from '../helpers/default-models';

const PLAN_LIMIT = 600;
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  simulator: { rateLimitPerMinute: PLAN_LIMIT },
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ticketing.Ticket'),
      planRequestsPerMinute: PLAN_LIMIT,
    },
    feedSettleMs: 0,
  },
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

describe('writes within the shared budget', () => {
  it('200 concurrent writes and a running initial sync stay under the plan limit together', async () => {
    const account = f.sim.linkAccount({ category: 'ticketing' });
    f.sim.seedRecords(account.id, 'ticketing.Ticket', 500);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    f.sim.finishSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));

    // Everything runs at once, as Lambda would scale it: the initial fetch and the writes.
    const { sources } = f.pipeline;
    sources.events.start(1);
    sources.polls.start(1);
    sources.jobs.start(2);
    sources.writes.start(4);
    // Accepted 20 at a time (the API's own Lambdas would take them in parallel).
    const writeIds: string[] = [];
    for (let start = 0; start < 200; start += 20) {
      const chunk = Array.from({ length: 20 }, (_, i) => start + i);
      const accepted = chunk.map((i) =>
        acceptedWrite(f, account.id, {
          model: 'ticketing.Ticket',
          operation: 'create',
          data: { name: `finding ${i}` },
          idempotency_key: `finding-${i}`,
        }),
      );
      writeIds.push(...(await Promise.all(accepted)));
    }
    const succeeded = async () => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const query: Record<string, string> = {
          status: 'succeeded',
          page_size: '100',
          ...(cursor ? { cursor } : {}),
        };
        const page = await callWriteApi(f, 'GET', `/accounts/${account.id}/writes`, { query });
        count += (page.body.results as unknown[]).length;
        cursor = page.body.next ? String(page.body.next) : undefined;
      } while (cursor);
      return count;
    };
    await until(async () => (await succeeded()) === writeIds.length, 'every write to succeed');
    await until(
      async () => (await f.storedRecords(account.id, 'ticketing.Ticket')).length === 700,
      'the initial sync and the written tickets to be stored',
    );

    const names = f.sim.records(account.id, 'ticketing.Ticket').map((r) => String(r.name));
    expect(names.filter((n) => n.startsWith('finding ')).sort()).toEqual(
      Array.from({ length: 200 }, (_, i) => `finding ${i}`).sort(),
    );
    const mine = f.sim.requests.filter((r) => r.accountId === account.id);
    expect(mine.filter((r) => r.status === 429)).toEqual([]);
    expect(f.sim.maxRequestsInWindow(account.id)).toBeLessThanOrEqual(PLAN_LIMIT);
    // Both really shared the budget: 200 writes and the pages of 500 tickets.
    expect(mine.filter((r) => r.method === 'POST').length).toBe(200);
    expect(
      mine.filter((r) => r.method === 'GET' && r.path.endsWith('/tickets')).length,
    ).toBeGreaterThanOrEqual(5);
  }, 300_000);
});
