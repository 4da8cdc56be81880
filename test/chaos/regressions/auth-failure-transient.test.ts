import { AUTH_FAILED } from '../../../shared/sync/auth-failures';
import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import { settleQueues } from '../lib/queues';
import { ChaosWorld } from '../lib/world';

/**
 * ENGINE BUG-5 (found by this suite; fixed in e99b3b1: this test now guards the fix). A 401 from Merge marks the account AUTH_FAILED
 * (shared/sync/auth-failures.ts), and scheduled polls then skip it: only the daily reconciliation
 * polls it (shared/sync/schedule-polls.ts). Only a relink or an import clears the mark. When the
 * refusal was transient (Merge answered 401 once - an incident on their side, a token being rotated)
 * the reconciliation's poll succeeds with the same token, the account syncs again - and stays marked
 * for good: polled once a day instead of at its models' cadence (5 minutes for crm.Lead), so any
 * change whose webhook is missed waits up to a day (SyncLag alarm), and its status shows a refused
 * token that works. A request Merge answers with the token should clear the mark.
 */
let world: ChaosWorld;
let sim: MergeSimulator;

beforeAll(async () => {
  world = await ChaosWorld.start();
  sim = await world.newSimulator({ seed: 77 });
});
afterAll(async () => {
  await sim?.close();
  await world?.close();
});

const settle = () => settleQueues(world.pipeline, { timeoutMs: 60_000 });

it('BUG-5: a token Merge accepts again clears AUTH_FAILED, and cadence polling resumes', async () => {
  const account = sim.linkAccount({ category: 'crm' });
  sim.seedRecords(account.id, 'crm.Lead', 5);
  await world.postWebhook(sim, sim.linkedEvent(account.id));
  sim.finishSync(account.id, { result: 'DONE' });
  await world.postWebhook(sim, sim.syncCompletedEvent(account.id));
  await settle();

  // Merge refuses the token once.
  world.proxy.answerNext('/sync-status', 401, 1);
  await world.schedule({ tier: 'frequent' });
  await settle();
  expect((await world.accounts.get(account.id))?.issue?.status).toBe(AUTH_FAILED);

  // The daily reconciliation: Merge accepts the token again and the account syncs.
  await world.schedule({ reconcile: true });
  await settle();
  expect(sim.requests.at(-1)?.status).toBe(200);

  // A change whose webhook is lost: the 5-minute tier must find it.
  const lead = sim.records(account.id, 'crm.Lead')[0] as { id: string };
  sim.updateRecord(account.id, 'crm.Lead', lead.id);
  sim.runSync(account.id, { result: 'DONE' });
  await world.schedule({ tier: 'frequent' });
  await settle();
  const stored = await world.records.get(account.id, 'crm.Lead', lead.id);
  const truth = sim.records(account.id, 'crm.Lead').find((r) => r.id === lead.id);
  expect({
    issue: (await world.accounts.get(account.id))?.issue?.status ?? null,
    leadUpToDate: stored?.data.modified_at === truth?.modified_at,
  }).toEqual({ issue: null, leadUpToDate: true });
}, 120_000);
