// A Merge request may take 60 s (Merge's SDK waits that long; merge-api.md §12 "Timeouts"), and a 429
// carries no documented header (§12): the client defers to the next minute. The poller and the
// fetcher give the Merge client their Lambda deadline, so no request starts that could not end in
// time, and treat a deferral (rate limited, deadline too close) as work to put back on the queue
// with a delay, never as a failure for SQS to redeliver (polls: after 18 minutes).
import type { PollMessage } from '../../shared/queue/messages';
import { fetchWith, pollWith } from '../helpers/handler-calls';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
  },
});

const LEAD = 'crm.Lead';
/** Less than one Merge request (60 s) plus the safety margin: no request may start. */
const TOO_LITTLE_TIME_MS = 30_000;

const queued = async (queue: 'polls' | 'jobs') => {
  const d = await f.pipeline.queueDepth(queue);
  return d.visible + d.inFlight + d.delayed;
};
const pollMessage = (accountId: string): PollMessage => ({
  v: 1,
  kind: 'poll',
  accountId,
  reason: 'schedule',
  tier: 'frequent',
  requestedAt: new Date().toISOString(),
});

describe('the poller', () => {
  it('with too little time left, sends nothing to Merge and puts the poll back on its queue', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 2 });
    const requests = f.sim.requestCount({ accountId: account.id, pathIncludes: '/sync-status' });
    const before = await queued('polls');
    const result = await pollWith(f, pollMessage(account.id), TOO_LITTLE_TIME_MS);
    expect(result.batchItemFailures).toEqual([]);
    expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/sync-status' })).toBe(requests);
    expect(await queued('polls')).toBe(before + 1);
  });

  it('rate limited by Merge (a 429 without headers), defers the poll instead of failing it', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 2 });
    f.sim.injectFault({
      kind: 'http429',
      times: Infinity,
      match: { accountId: account.id, pathIncludes: '/sync-status' },
    });
    const before = await queued('polls');
    const result = await pollWith(f, pollMessage(account.id), 120_000);
    expect(result.batchItemFailures).toEqual([]);
    expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/sync-status' })).toBeGreaterThan(0);
    expect(await f.pipeline.queueDepth('polls')).toMatchObject({ visible: 0 });
    expect(await queued('polls')).toBe(before + 1);
  });
});

describe('the fetcher', () => {
  it('with too little time left for a page, hands the run over with its checkpoint; the next invocation completes it', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 3 });
    f.sim.updateRecord(account.id, LEAD, String(f.sim.records(account.id, LEAD)[0]!.id));
    const before = await f.states.get(account.id, LEAD);
    const pages = f.sim.requestCount({ accountId: account.id, pathIncludes: '/leads' });
    const job = { v: 1, kind: 'fetch', accountId: account.id, modelId: LEAD, reason: 'manual' } as const;
    const result = await fetchWith(f, { ...job, requestedAt: new Date().toISOString() }, TOO_LITTLE_TIME_MS);
    expect(result.batchItemFailures).toEqual([]);
    expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/leads' })).toBe(pages);
    const handedOver = await f.states.get(account.id, LEAD);
    expect(handedOver.run).toMatchObject({ pages: 0, leaseUntil: 0 });
    expect(handedOver.lastError).toBeUndefined();
    expect(handedOver.lastRun?.id).toBe(before.lastRun?.id);

    await f.pipeline.drain();
    const state = await f.states.get(account.id, LEAD);
    expect(state.run).toBeUndefined();
    expect(state.lastRun?.id).toBe(handedOver.run?.id);
    expect(state.lastRun?.counts.changed).toBe(1);
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });
});
