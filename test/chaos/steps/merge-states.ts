import type { RunAccount, RunContext } from '../in-process/context';
import { forceResyncAsOperator } from '../lib/operator';
import type { AccountPlan } from '../scenario-types';
import { syncOnly } from './merge-side';
import type { StepFamily } from './registry-types';
import {
  dataReads,
  differences,
  mergeSyncsEverything,
  reconcile,
  scheduledPolls,
  shownState,
  type ShownState,
} from './step-checks';
import { unannouncedChanges } from './upstream';

/*
 * States Merge puts a linked account in that stop its syncing (merge-api.md §12): paused, and
 * flagged `is_duplicate`. Each step checks what the engine documents while the state lasts (shown
 * with what to do, nothing fetched) and after it ends (shown no more, every change caught up); a
 * difference is a `decisions` mismatch. The run's checks (store, idle pass, wire, purge) follow.
 */

/** Whether the read API shows the pause: the account IDLE (Merge's account status) and the model PAUSED. */
function showsPaused(shown: ShownState | undefined, scope: 'account' | 'model' | 'either', model: string) {
  const idle = shown?.account.action_needed?.status === 'IDLE';
  const paused = shown?.models.find((m) => m.model_id === model)?.action_needed?.status === 'PAUSED';
  if (scope === 'either') return idle || paused;
  return scope === 'account' ? idle && paused : paused;
}

/** Whether the read API shows the account as a duplicate, with what to do. */
const showsDuplicate = (shown: ShownState | undefined) =>
  !!shown?.account.duplicate && shown.account.action_needed?.status === 'DUPLICATE';

/** The end user relinks, or an operator runs `resync --in-merge` (falling back to a relink if refused). */
async function unpause(ctx: RunContext, account: RunAccount, how: 'relink' | 'force-resync'): Promise<void> {
  if (how === 'force-resync') {
    try {
      await forceResyncAsOperator(ctx.world, account.id);
      return;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      ctx.ledger.mismatch(
        'decisions',
        `${account.id}: resync --in-merge of a paused account failed (${reason})`,
      );
    }
  }
  ctx.sim.relinkAccount(account.id);
  await ctx.transport.post(ctx.sim.linkedEvent(account.id, { isRelink: true }));
}

export const mergeStateSteps: StepFamily<'mergePause' | 'duplicateLinked'> = {
  /**
   * Merge pauses the account (IDLE, every model PAUSED: two weeks without requests, or of failing
   * syncs) or one model, while the data changes. The engine fetches nothing paused and shows it with
   * what to do (the read API's `action_needed`); after a relink or a force resync and Merge's next
   * sync, every change is fetched and the pause is shown no more. Hit when all of that held.
   */
  async mergePause(ctx, { account: index, model, scope, resume, changes }) {
    const { sim, ledger } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    const what = scope === 'account' ? 'the account' : model;
    await ctx.transport.settle();
    if (scope === 'account') sim.pauseAccount(account.id);
    else sim.setModelStatus(account.id, model, 'PAUSED');
    ledger.count('paused-by-merge', false);
    // The third party's data changes on; a paused account's syncs (and their webhooks) wait.
    await unannouncedChanges(ctx, index, model, changes);
    const since = sim.requests.length;
    await scheduledPolls(ctx);
    await reconcile(ctx);
    const shown = showsPaused(await shownState(ctx, account.id), scope, model);
    if (!shown)
      ledger.mismatch('decisions', `${account.id}: Merge paused ${what}; the read API does not show it`);
    const reads = dataReads(ctx, account.id, since, scope === 'model' ? model : undefined);
    if (reads > 0)
      ledger.mismatch('decisions', `${account.id}: ${reads} read(s) of ${what} while Merge paused it`);

    await unpause(ctx, account, resume);
    await mergeSyncsEverything(ctx, account);
    await ctx.transport.settle();
    const left = await differences(ctx, account);
    if (left > 0)
      ledger.mismatch(
        'decisions',
        `${account.id}: ${left} difference(s) left after Merge resumed ${what} (${resume}) and synced`,
      );
    await reconcile(ctx);
    const stillShown = showsPaused(await shownState(ctx, account.id), 'either', model);
    if (stillShown)
      ledger.mismatch(
        'decisions',
        `${account.id}: still shown paused after Merge resumed ${what} (${resume})`,
      );
    if (shown && reads === 0 && left === 0 && !stillShown) ledger.faults['paused-by-merge'].hit++;
  },

  /**
   * A second linked account of the same end user and integration: Merge flags it `is_duplicate` in
   * its LinkedAccount.linked, and the original too (account-details, read by the reconciliation).
   * While flagged, neither is fetched (its webhooks and syncs ignored), nothing of the duplicate is
   * stored, and both are shown as duplicates. Then the duplicate is deleted in Merge, or Merge flags
   * neither any more: what is left is synced again and catches up. Hit when all of that held.
   */
  async duplicateLinked(ctx, { account: index, model, resolution, changes }) {
    const { sim, ledger, transport } = ctx;
    const original = ctx.accounts.live(index);
    if (!original) return;
    await transport.settle();
    const linked = sim.account(original.id);
    const models = original.plan.models;
    const simDuplicate = sim.linkAccount({
      category: original.plan.category,
      duplicateOf: original.id,
      ...(linked ? { endUserOriginId: linked.endUserOriginId } : {}),
      ...(models ? { models: 'all' as const } : {}),
      announce: false,
    });
    const plan: AccountPlan = {
      index: Math.max(ctx.accounts.nextIndex(), ctx.scenario.accounts.length),
      category: original.plan.category,
      ...(models ? { models } : {}),
      seeds: { [model]: changes + 2 },
    };
    sim.seedRecords(simDuplicate.id, model, changes + 2);
    const duplicate: RunAccount = {
      plan,
      id: simDuplicate.id,
      token: simDuplicate.accountToken,
      deleted: false,
    };
    ctx.accounts.add(plan.index, duplicate);
    ledger.count('duplicate-account', false);
    const since = sim.requests.length;
    await transport.post(sim.linkedEvent(duplicate.id));
    if (models) await syncOnly(ctx, duplicate.id, models);
    await reconcile(ctx);
    const flagged = sim.requests.length;

    // Both accounts' data changes; Merge syncs it and says so (changed-data webhooks included).
    const pending = await unannouncedChanges(ctx, index, model, changes);
    const added = sim.addRecord(duplicate.id, model);
    pending.push({ account: duplicate, model, id: String(added.id), action: 'added' });
    for (const c of pending)
      await transport.post(sim.changedDataEvent(c.account.id, c.model, c.id, c.action));
    for (const account of [original, duplicate]) await mergeSyncsEverything(ctx, account);
    await scheduledPolls(ctx);

    const unshown = [];
    for (const account of [original, duplicate])
      if (!showsDuplicate(await shownState(ctx, account.id))) unshown.push(account.id);
    if (unshown.length > 0)
      ledger.mismatch(
        'decisions',
        `Merge flags ${unshown.join(', ')} is_duplicate; the read API does not show it`,
      );
    const reads = dataReads(ctx, duplicate.id, since) + dataReads(ctx, original.id, flagged);
    if (reads > 0)
      ledger.mismatch(
        'decisions',
        `${reads} read(s) of ${original.id}'s data or its duplicate's while flagged`,
      );
    let stored = 0;
    for (const m of ctx.accounts.configuredModels(duplicate))
      stored += (await ctx.world.storedRecords(duplicate.id, m)).length;
    if (stored > 0)
      ledger.mismatch(
        'decisions',
        `${duplicate.id}: ${stored} record(s) of a duplicate stored (synced twice)`,
      );

    if (resolution === 'delete-duplicate') {
      sim.deleteAccount(duplicate.id);
      duplicate.deleted = true;
      await transport.post(sim.accountDeletedEvent(duplicate.id));
    } else sim.setDuplicate(duplicate.id, null);
    sim.setDuplicate(original.id, null);
    await reconcile(ctx);
    const live = [original, duplicate].filter((a) => !a.deleted);
    let left = 0;
    let stillShown = 0;
    for (const account of live) {
      left += await differences(ctx, account);
      if ((await shownState(ctx, account.id))?.account.duplicate) stillShown++;
    }
    if (left > 0)
      ledger.mismatch(
        'decisions',
        `${left} difference(s) left after Merge stopped flagging ${original.id} (${resolution})`,
      );
    if (stillShown > 0)
      ledger.mismatch(
        'decisions',
        `${stillShown} account(s) still shown as duplicates after Merge stopped flagging them`,
      );
    if (unshown.length === 0 && reads === 0 && stored === 0 && left === 0 && stillShown === 0)
      ledger.faults['duplicate-account'].hit++;
  },
};
