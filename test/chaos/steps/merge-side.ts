import type { WebhookPayload } from '../../../infra/local/merge-simulator/types';
import type { RunAccount, RunContext } from '../in-process/context';
import type { AccountPlan } from '../scenario-types';
import type { StepFamily } from './registry-types';

/** Merge's `{Model}.synced` webhook for every configured model of the account. */
function modelsSynced(ctx: RunContext, account: RunAccount): { payload: WebhookPayload; label: 'sync' }[] {
  return ctx.accounts.configuredModels(account).map((m) => ({
    payload: ctx.sim.modelSyncedEvent(account.id, m),
    label: 'sync' as const,
  }));
}

/**
 * The account syncs only its plan's models, as an operator's `accounts configure --models` sets it:
 * stored once the linked webhook is processed, before any poll or fetch of the account runs.
 */
export async function syncOnly(ctx: RunContext, accountId: string, models: string[]): Promise<void> {
  await ctx.transport.drainEvents();
  const updatedAt = new Date().toISOString();
  const stored = await ctx.world.accounts.update(accountId, (current) =>
    current ? { ...current, overrides: { ...current.overrides, models, updatedAt } } : null,
  );
  if (!stored) throw new Error(`chaos: account ${accountId} was not stored by its linked webhook`);
}

/** What happens at Merge and what Merge says about it: links, syncs, odd statuses, issues. */
export const mergeSideSteps: StepFamily<
  'link' | 'relink' | 'mergeSync' | 'failedThenDone' | 'oddStatus' | 'issue'
> = {
  async link(ctx, step) {
    const plan = ctx.scenario.accounts[step.account] as AccountPlan;
    // Merge's /sync-status lists every model the account syncs (by default only the usual ones).
    const simAccount = ctx.sim.linkAccount({
      category: plan.category,
      ...(plan.models ? { models: 'all' } : {}),
    });
    const account = { plan, id: simAccount.id, token: simAccount.accountToken, deleted: false };
    ctx.accounts.add(step.account, account);
    for (const [modelId, count] of Object.entries(plan.seeds)) {
      if (count > 0) ctx.sim.seedRecords(simAccount.id, modelId, count);
    }
    await ctx.transport.deliver([{ payload: ctx.sim.linkedEvent(simAccount.id), label: 'linked' }]);
    if (plan.models) await syncOnly(ctx, simAccount.id, plan.models);
  },

  async relink(ctx, step) {
    const account = ctx.accounts.live(step.account);
    if (!account) return;
    ctx.ledger.count('relink');
    await ctx.transport.deliver([
      { payload: ctx.sim.linkedEvent(account.id, { isRelink: true }), label: 'relink' },
    ]);
  },

  async mergeSync(ctx, { account: index, result, signal }) {
    const { sim, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    const syncing = sim.syncStatus(account.id).some((e) => e.status === 'SYNCING');
    if (syncing) sim.finishSync(account.id, { result });
    else sim.runSync(account.id, { result });
    if (signal === 'account')
      await transport.deliver([{ payload: sim.syncCompletedEvent(account.id), label: 'sync' }]);
    if (signal === 'models') await transport.deliver(modelsSynced(ctx, account));
  },

  /** Merge's sync fails (recorded as FAILED by the engine), then a later one completes. */
  async failedThenDone(ctx, step) {
    const { sim, transport, ledger } = ctx;
    const account = ctx.accounts.live(step.account);
    if (!account) return;
    ledger.count('sync-failed-then-done');
    sim.startSync(account.id);
    sim.finishSync(account.id, { result: 'FAILED' });
    await transport.post(sim.syncCompletedEvent(account.id));
    await transport.drainEvents();
    for (const modelId of ctx.accounts.configuredModels(account)) {
      const state = await ctx.world.states.get(account.id, modelId);
      if (state.merge?.lastSyncResult !== 'FAILED' || !state.failedSyncs)
        ledger.mismatch('decisions', `${account.id} ${modelId}: Merge's FAILED sync was not recorded`);
    }
    await transport.process(2, 1);
    sim.runSync(account.id, { result: 'DONE' });
    await transport.deliver(modelsSynced(ctx, account));
  },

  /** A model's sync status Merge reports but rarely (paused, disabled, syncing, queued). */
  async oddStatus(ctx, { account: index, model, status, signal }) {
    const account = ctx.accounts.live(index);
    if (!account) return;
    ctx.ledger.count('sync-status-odd');
    ctx.sim.setModelStatus(account.id, model, status);
    if (signal)
      await ctx.transport.deliver([{ payload: ctx.sim.modelSyncedEvent(account.id, model), label: 'sync' }]);
  },

  async issue(ctx, step) {
    const account = ctx.accounts.live(step.account);
    if (!account) return;
    const event = step.status === 'RESOLVED' ? 'Issue.resolved' : 'Issue.new';
    await ctx.transport.deliver([
      { payload: ctx.sim.issueEvent(account.id, { status: step.status }, event), label: 'sync' },
    ]);
  },
};
