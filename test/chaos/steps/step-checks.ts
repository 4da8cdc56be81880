import { scratchSink, totalMismatches } from '../checks/mismatches';
import { compareStore } from '../checks/store';
import type { RunAccount, RunContext } from '../in-process/context';

/*
 * What a step checks along the way, in the store, the read API and Merge's request log. A step
 * that finds the engine off its documented behaviour counts a `decisions` mismatch.
 */

/** Differences between the store and Merge's data for one live account (every stored model). */
export async function differences(ctx: RunContext, account: RunAccount): Promise<number> {
  const sink = scratchSink();
  const checked = ctx.accounts.checked().filter((c) => c.id === account.id);
  await compareStore(ctx.world, ctx.sim, checked, sink);
  return totalMismatches(sink.mismatches);
}

/** Every cadence tier's schedule, then the queues settled: what the scheduled polls find, they fetch. */
export async function scheduledPolls(ctx: RunContext): Promise<void> {
  for (const tier of ctx.world.settings.config.tiers) await ctx.world.schedule({ tier: tier.name });
  await ctx.transport.settle();
}

/** The daily reconciliation, then the queues settled. */
export async function reconcile(ctx: RunContext): Promise<void> {
  await ctx.world.schedule({ reconcile: true });
  await ctx.transport.settle();
}

/** Merge runs a sync of every model of the account (paused and disabled ones included) and says so. */
export async function mergeSyncsEverything(ctx: RunContext, account: RunAccount): Promise<void> {
  const models = ctx.sim.syncStatus(account.id).map((e) => e.model_id);
  ctx.sim.runSync(account.id, { models, result: 'DONE' });
  await ctx.transport.post(ctx.sim.syncCompletedEvent(account.id));
}

interface ActionNeeded {
  status: string;
}
/** What the read API's `GET /accounts/{id}/sync-state` shows of an account and its models. */
export interface ShownState {
  account: {
    action_needed: ActionNeeded | null;
    duplicate: { source: string } | null;
    merge_account_status: string | null;
  };
  models: { model_id: string; action_needed: ActionNeeded | null }[];
}

export async function shownState(ctx: RunContext, accountId: string): Promise<ShownState | undefined> {
  const answer = await ctx.world.read(`/accounts/${accountId}/sync-state`);
  ctx.ledger.answers.push(answer.body);
  return answer.status === 200 ? (JSON.parse(answer.body) as ShownState) : undefined;
}

/**
 * Reads of the account's data Merge answered since `since` (an index into its request log): GETs
 * other than the account's sync status, details and write metadata; of one model's path if given.
 */
export function dataReads(ctx: RunContext, accountId: string, since: number, modelId?: string): number {
  const path = modelId ? ctx.world.settings.model(modelId)?.path : undefined;
  return ctx.sim.requests
    .slice(since)
    .filter(
      (r) =>
        r.accountId === accountId &&
        r.method === 'GET' &&
        !/\/(sync-status|account-details|linked-accounts)$/.test(r.path) &&
        !r.path.includes('/meta/') &&
        (path === undefined || r.path.endsWith(`/${path}`)),
    ).length;
}
