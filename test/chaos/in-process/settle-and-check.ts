import { changeEventsOnTheBus } from '../checks/events';
import { deadLettersAreThePoison, DEAD_LETTER_QUEUES } from '../checks/dead-letters';
import {
  idleFetchesWriteNothing,
  lastRunIds,
  noDriftAfterIdlePass,
  noRequestsForDeletedAccounts,
} from '../checks/idle-pass';
import type { CheckedAccount } from '../checks/mismatches';
import { CHECK } from '../checks/names';
import { readApiKeepsAccountsApart } from '../checks/read-api';
import { spelledModelsMatched } from '../checks/model-ids';
import { compareStore, type RecordFigures } from '../checks/store';
import { acceptedWebhooksProcessed } from '../checks/webhooks';
import { requestsCarryTheirAccountsToken } from '../checks/wire';
import { collectDeadLetters } from '../lib/queues';
import type { RunContext } from './context';

/** Checks the cursors of the run's live accounts against their previous samples. */
export function sampleCursors(ctx: RunContext): Promise<void> {
  const ids = ctx.accounts.liveOnes().map((a) => a.id);
  return ctx.ledger.runCheck(CHECK.cursors, () => ctx.cursors.sample(ctx.world.states, ids, ctx.ledger));
}

/**
 * The end of a run: faults cleared, delayed webhooks delivered, Merge completes a sync of every model
 * and says so, the queues drain; then every check, an idle pass and its checks, and the run's
 * accounts retired. Returns what the store comparison counted.
 */
export async function settleAndCheck(ctx: RunContext): Promise<RecordFigures> {
  const { world, sim, ledger, transport } = ctx;
  for (const off of ctx.hooks.splice(0)) off();
  sim.clearFaults();
  ctx.bus.creditThrottles(ledger);
  ctx.bus.stopThrottling();
  await transport.releaseHeld(true);
  for (const account of ctx.accounts.liveOnes()) {
    // Every model, paused or disabled ones included: Merge completes a sync of all of them.
    const models = sim.syncStatus(account.id).map((e) => e.model_id);
    sim.runSync(account.id, { models, result: 'DONE' });
    await transport.post(sim.syncCompletedEvent(account.id));
  }
  await world.schedule({ reconcile: true });
  await transport.settle();
  await sampleCursors(ctx);
  const checked = ctx.accounts.checked();
  const records = await ledger.runCheck(CHECK.store, () => compareStore(world, sim, checked, ledger));
  await ledger.runCheck(CHECK.modelIds, () =>
    spelledModelsMatched(
      ledger,
      sim,
      world.states,
      ctx.accounts.liveOnes().map((a) => ({
        id: a.id,
        category: a.plan.category,
        configured: ctx.accounts.configuredModels(a),
      })),
    ),
  );
  await ledger.runCheck(CHECK.webhooksProcessed, () =>
    acceptedWebhooksProcessed(ledger, (signature) => world.dedupeStatus(signature)),
  );
  await idlePassAndItsChecks(ctx, checked);
  await ledger.runCheck(CHECK.wireTokens, () => requestsCarryTheirAccountsToken(ledger, sim, checked));
  await ledger.runCheck(CHECK.readApi, () => readApiKeepsAccountsApart(ledger, world, sim, checked));
  await ledger.runCheck(CHECK.deadLetters, () => deadLettersAreThePoison(ledger, world.pipeline));
  await retire(ctx);
  return records;
}

/**
 * An idle pass: every schedule and a reconciliation again. Nothing changed upstream, so nothing is
 * written, no change event emitted, nothing differs, and a deleted account sees no request at all.
 */
async function idlePassAndItsChecks(ctx: RunContext, checked: CheckedAccount[]): Promise<void> {
  const { world, sim, ledger } = ctx;
  const live = checked.filter((c) => !c.deleted);
  const pendingAtIdleStart = new Set<string>();
  for (const a of live)
    for (const batch of await world.outbox.listForAccount(a.id))
      for (const entry of batch.entries)
        if (entry.type === 'record') pendingAtIdleStart.add(`${entry.id}:${entry.contentHash}`);
  const idleStart = ctx.bus.lastSeq();
  const requestsBefore = sim.requests.length;
  const before = await lastRunIds(world.states, live);
  for (const tier of world.settings.config.tiers) await world.schedule({ tier: tier.name });
  await world.schedule({ reconcile: true });
  await ctx.transport.settle();
  await sampleCursors(ctx);
  await ledger.runCheck(CHECK.idleWrites, () => idleFetchesWriteNothing(ledger, world.states, live, before));
  await ledger.runCheck(CHECK.idleRequests, () =>
    noRequestsForDeletedAccounts(ledger, sim, checked, requestsBefore),
  );
  await ledger.runCheck(CHECK.idleDrift, () => noDriftAfterIdlePass(ledger, world, sim, checked));
  ledger.eventOrderInversions += await ledger.runCheck(CHECK.changeEvents, () =>
    changeEventsOnTheBus(ledger, world, live, { runStart: ctx.bus.start, idleStart, pendingAtIdleStart }),
  );
}

/**
 * Runs share one pipeline: the run's accounts are deleted (at Merge, then by LinkedAccount.deleted)
 * so that later runs' schedules never poll them. Their purge is checked like any deletion.
 */
async function retire(ctx: RunContext): Promise<void> {
  const { world, sim, ledger } = ctx;
  const live = ctx.accounts.liveOnes();
  for (const account of live) {
    sim.deleteAccount(account.id);
    await ctx.transport.post(sim.accountDeletedEvent(account.id));
  }
  await ctx.transport.settle();
  const retired = live.map((a) => ({ id: a.id, category: a.plan.category, deleted: true }));
  // Deleted accounts only: the comparison counts nothing but their leftovers.
  await ledger.runCheck(CHECK.retiredPurged, () => compareStore(world, sim, retired, ledger));
  for (const account of live) {
    account.deleted = true;
    account.retired = true;
  }
  await ledger.runCheck(CHECK.noDeadLetters, async () => {
    const dead = await Promise.all(DEAD_LETTER_QUEUES.map((q) => world.pipeline.queueDepth(q)));
    const stray = dead.reduce((n, d) => n + d.visible + d.inFlight, 0);
    if (stray > 0) {
      ledger.mismatch('dlqUnexpected', `${stray} dead letter(s) while retiring the run's accounts`, stray);
      for (const q of DEAD_LETTER_QUEUES) await collectDeadLetters(world.pipeline, q);
    }
  });
}
