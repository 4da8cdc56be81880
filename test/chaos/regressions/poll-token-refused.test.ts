import { linkAndSync, useSyncFixture, type SyncFixture } from '../../helpers/sync-fixture';

/**
 * ENGINE BUG-1 (found by this suite; fixed in the engine by cdf8001 while it was being written: this
 * test now guards the fix). An account deleted at Merge whose LinkedAccount.deleted
 * webhook is late or lost (Merge gives up after 3 attempts; API Gateway may throttle it): Merge answers
 * 401 to its token. The fetcher treats a refused token as final (`failed: auth`, no retry), but the
 * poller (shared/sync/poll-account.ts) lets MergeAuthError escape: the poll message fails, is
 * redelivered 4 more times (each a failing request counted toward Merge's per-IP block) and lands in
 * the polls dead-letter queue, where it raises the DeadLetters alarm. Every schedule (every 5 minutes
 * for the frequent tier) adds another.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      initialSyncWatch: { fastEverySeconds: 5, fastForMinutes: 1, slowEverySeconds: 5, giveUpAfterHours: 1 },
    },
  },
});

it('BUG-1: a poll whose account token Merge refuses is not retried into the dead-letter queue', async () => {
  const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
  f.sim.deleteAccount(account.id); // at Merge; the LinkedAccount.deleted webhook never arrives
  const before = f.sim.requests.length;
  await f.schedule({ tier: 'frequent' });
  // Until the queues are empty and stay so (a failed message is invisible for its visibility timeout).
  for (let quiet = 0; quiet < 3;) {
    await f.pipeline.drain({ timeoutMs: 30_000 });
    const depths = await Promise.all(
      (['polls', 'jobs', 'events'] as const).map((q) => f.pipeline.queueDepth(q)),
    );
    quiet = depths.every((d) => d.visible + d.inFlight + d.delayed === 0) ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 700));
  }
  const refused = f.sim.requests.slice(before).filter((r) => r.accountId === account.id && r.status === 401);
  // Two polls ran (the schedule's and the initial-sync watch's): each may ask once, none is retried.
  expect({
    pollsDeadLetters: (await f.pipeline.queueDepth('pollsDlq')).visible,
    retried: refused.length > 2,
  }).toEqual({ pollsDeadLetters: 0, retried: false });
});
