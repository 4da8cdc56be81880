import type { SimFaultKind } from '../fault-kinds';
import type { RunAccount, RunContext } from '../in-process/context';
import { simulatorFault } from '../sim-faults';
import { modelPath } from './faults';
import type { StepFamily } from './registry-types';

/** If the model holds at most `count` records at Merge, seeds it up to `count + extra()` (extra >= 1). */
function seedBeyond(
  ctx: RunContext,
  account: RunAccount,
  modelId: string,
  count: number,
  extra: () => number,
): void {
  const all = ctx.sim.records(account.id, modelId, { includeDeleted: true });
  if (all.length <= count) ctx.sim.seedRecords(account.id, modelId, count - all.length + extra());
}

/** Deletes the account at Merge, sends LinkedAccount.deleted and processes it; `purgeNow`: the purge job too. */
async function deleteAccount(ctx: RunContext, account: RunAccount, purgeNow: boolean) {
  const { sim, world } = ctx;
  account.deleted = true;
  sim.deleteAccount(account.id);
  await ctx.transport.post(sim.accountDeletedEvent(account.id));
  for (let i = 0; i < 10; i++) {
    await world.pipeline.sources.events.pollOnce(0);
    if ((await world.accounts.get(account.id))?.status === 'DELETED') break;
  }
  // The purge job runs at once, side by side with the fetch still storing its current page.
  if (purgeNow) for (let i = 0; i < 3; i++) await world.pipeline.sources.jobs.pollOnce(0);
}

/** Fetches interrupted or raced: killed, failing, changed under them, doubled, their account deleted. */
export const fetchRaceSteps: StepFamily<
  'killFetch' | 'failingFetch' | 'midPagination' | 'doubleJob' | 'deleteDuringFetch'
> = {
  /** The fetcher is killed (its context reports no time left) once it reaches page `atPage`. */
  async killFetch(ctx, { account: index, model: modelId, atPage }) {
    const { sim, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    seedBeyond(ctx, account, modelId, 100 * atPage + 1, () => 1 + ctx.rng.int(0, 60));
    let cut = false;
    const off = sim.onBeforePage((c) => {
      if (c.accountId === account.id && c.modelId === modelId && c.pageIndex >= atPage) cut = true;
    });
    ctx.hooks.push(off);
    await transport.sendFetchJob(account.id, modelId);
    for (let i = 0; i < 8 && !cut; i++) {
      const r = await transport.invoke('jobs', { max: 1 }, () => cut);
      if (r.received === 0) break;
    }
    off();
    ctx.ledger.count('handler-killed-mid-fetch', cut);
  },

  /** Merge answers a fetch with 5xx again and again. */
  async failingFetch(ctx, { account: index, model: modelId, failures, status }) {
    const { sim, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    const kind: SimFaultKind = status === 500 ? 'http500' : status === 502 ? 'http502' : 'http503';
    const before = sim.requests.length;
    const match = { accountId: account.id, pathIncludes: modelPath(ctx.world, modelId) };
    ctx.simFaults.inject(kind, simulatorFault(kind, match, failures, ctx.rng));
    await transport.sendFetchJob(account.id, modelId);
    await transport.process(2, 1);
    const failed = sim.requests
      .slice(before)
      .filter((r) => r.accountId === account.id && r.status === status).length;
    ctx.ledger.count('fetch-merge-keeps-failing', failed >= 5);
  },

  /** Records change at Merge while a fetch pages through them (their webhooks maybe processed meanwhile). */
  async midPagination(ctx, { account: index, model: modelId, atPage, changes }) {
    const { sim, rng, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    seedBeyond(ctx, account, modelId, 100 * atPage, () => rng.int(1, 40));
    let fired = false;
    const withWebhooks = rng.chance(0.5);
    const off = sim.onBeforePage(async (c) => {
      if (fired || c.accountId !== account.id || c.modelId !== modelId || c.pageIndex !== atPage) return;
      fired = true;
      // Records of the pages already served (the previous one may be being stored right now).
      const served = sim.records(account.id, modelId).slice(0, 100 * atPage);
      const touched: { id: string; action: 'added' | 'changed' | 'removed' }[] = [];
      for (let i = 0; i < changes && served.length > 0; i++) {
        const target = rng.pick(served);
        if (i === 0) touched.push({ id: sim.addRecord(account.id, modelId).id, action: 'added' });
        else if (i === 1)
          touched.push({ id: sim.deleteRecord(account.id, modelId, target.id).id, action: 'removed' });
        else touched.push({ id: sim.updateRecord(account.id, modelId, target.id).id, action: 'changed' });
      }
      if (!withWebhooks) return;
      // Their webhooks, processed while the fetch stores a page holding the older versions.
      for (const t of touched)
        await transport.post(sim.changedDataEvent(account.id, modelId, t.id, t.action));
      for (let i = 0; i < 3; i++) await ctx.world.pipeline.sources.events.pollOnce(0);
    });
    ctx.hooks.push(off);
    await transport.sendFetchJob(account.id, modelId);
    for (let i = 0; i < 6 && !fired; i++) await transport.process(1, 1);
    await transport.process(2, 1);
    off();
    ctx.ledger.count('modified-mid-pagination', fired);
  },

  /** Two fetch jobs for one (account, model), taken by two invocations at once. */
  async doubleJob(ctx, { account: index, model: modelId }) {
    const account = ctx.accounts.live(index);
    if (!account) return;
    const requestedAt = new Date().toISOString();
    await ctx.transport.sendFetchJob(account.id, modelId, requestedAt);
    await ctx.transport.sendFetchJob(account.id, modelId, requestedAt);
    const jobs = ctx.world.pipeline.sources.jobs;
    // One job each, as two Lambda pollers may take them (one poller's batch would hold both).
    const [a, b] = await Promise.all([jobs.pollOnce(0, 1), jobs.pollOnce(0, 1)]);
    ctx.ledger.count('two-fetch-jobs-at-once', (a?.received ?? 0) > 0 && (b?.received ?? 0) > 0);
  },

  /** The account is deleted (and maybe purged) while a fetch of it stores its first page. */
  async deleteDuringFetch(ctx, { account: index, model: modelId }) {
    const { sim, rng } = ctx;
    const account = ctx.accounts.live(index);
    if (!account || ctx.accounts.liveOnes().length < 2) return;
    let fired = false;
    const purgeNow = rng.chance(0.6);
    // Fire while the fetch requests page 2, so the deletion (and maybe the purge) runs while page 1 is stored.
    seedBeyond(ctx, account, modelId, 101, () => 1 + rng.int(0, 60));
    const off = sim.onBeforePage(async (c) => {
      if (fired || c.accountId !== account.id || c.modelId !== modelId || c.pageIndex < 1) return;
      fired = true;
      await deleteAccount(ctx, account, purgeNow);
    });
    ctx.hooks.push(off);
    await ctx.transport.sendFetchJob(account.id, modelId);
    for (let i = 0; i < 6 && !fired; i++) await ctx.transport.process(1, 1);
    off();
    if (!fired) await deleteAccount(ctx, account, false);
    await ctx.transport.process(2, 1);
    ctx.ledger.count('account-deleted-during-fetch', fired);
  },
};
