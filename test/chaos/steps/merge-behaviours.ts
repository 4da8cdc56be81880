import { randomUUID } from 'node:crypto';
import type { RunContext } from '../in-process/context';
import { differences, scheduledPolls } from './step-checks';
import { unannouncedChanges } from './upstream';
import type { StepFamily } from './registry-types';

/*
 * Merge's behaviours the reference's corrections name (merge-api.md §12), as the chaos run plays
 * them: each step counts its fault kind as injected, and as hit once the behaviour really happened;
 * what each must leave behind is checked in the step (a `decisions` mismatch) and by the run's checks
 * (store, dead letters, wire tokens, no secret).
 */

/** What a webhook could change about an account: its status, category, integration and token. */
async function accountFacts(ctx: RunContext, id: string): Promise<string> {
  const account = await ctx.world.accounts.get(id);
  const token = await ctx.world.accounts.getToken(id);
  return JSON.stringify([account?.status, account?.category, account?.integration, token]);
}

export const mergeBehaviourSteps: StepFamily<
  'syncingQueued' | 'orgWideWebhooks' | 'testDelivery' | 'replayLinked' | 'deletedAtMerge'
> = {
  /**
   * Merge finishes a sync (DONE, a newer last_sync_finished) and queues the next one at once, so the
   * status says SYNCING (help 8184193). No webhook: the scheduled polls must still fetch the finished
   * sync's data (reference §12, "SYNCING does not mean nothing has finished").
   */
  async syncingQueued(ctx, { account: index, model, changes }) {
    const { sim, ledger } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    await ctx.transport.settle();
    // The changes are fetched through the polls only, not announced by webhooks.
    await unannouncedChanges(ctx, index, model, changes);
    sim.runSync(account.id, { result: 'DONE' });
    sim.queueSync(account.id);
    ledger.count('syncing-while-queued', false);
    await scheduledPolls(ctx);
    const stillSyncing = sim.syncStatus(account.id).some((e) => e.status === 'SYNCING');
    const left = await differences(ctx, account);
    if (left > 0)
      ledger.mismatch(
        'decisions',
        `${account.id}: Merge reported SYNCING after a finished sync; ${left} difference(s) left unfetched by the scheduled polls`,
      );
    else if (stillSyncing) ledger.faults['syncing-while-queued'].hit++;
  },

  /**
   * Organization-wide webhooks (reference §12): a record webhook of an account we never stored and
   * one of a category we do not sync reach our URL. Answered 2xx, never retried or dead-lettered
   * (the run's dead-letter checks), nothing stored for them.
   */
  async orgWideWebhooks(ctx, { model }) {
    const { sim, world, ledger, transport } = ctx;
    const otherModel = ctx.rng.pick(['knowledgebase.Article', 'chat.Message', 'mktg.Campaign'] as const);
    const other = sim.linkAccount({ category: otherModel.split('.')[0] as 'chat', announce: false });
    const stranger = sim.linkAccount({ category: model.split('.')[0] as 'hris', announce: false });
    sim.seedRecords(other.id, otherModel, 1);
    sim.seedRecords(stranger.id, model, 1);
    const firstId = (id: string, m: string) => String(sim.records(id, m)[0]?.id ?? randomUUID());
    const payloads = [
      sim.changedDataEvent(stranger.id, model, firstId(stranger.id, model), 'changed'),
      sim.changedDataEvent(other.id, otherModel, firstId(other.id, otherModel), 'added'),
    ];
    ledger.count('org-wide-webhook', false, false);
    for (const payload of payloads) {
      ledger.faults['org-wide-webhook'].injected++;
      const answer = await transport.post(payload);
      if (answer.status >= 200 && answer.status < 300) ledger.faults['org-wide-webhook'].hit++;
    }
    await transport.settle();
    for (const id of [other.id, stranger.id]) {
      const stored = await world.accounts.get(id);
      const records = [
        ...(await world.storedRecords(id, model)),
        ...(await world.storedRecords(id, otherModel)),
      ];
      if (stored || records.length > 0)
        ledger.mismatch(
          'decisions',
          `an organization-wide webhook of ${id} (never linked here) left ${stored ? `an account (${stored.status})` : ''} ${records.length} record(s)`,
        );
    }
  },

  /** "Send test POST request" from Merge's dashboard: answered 2xx, never creates or changes an account. */
  async testDelivery(ctx, { shape }) {
    const { sim, world, ledger } = ctx;
    // Nothing else in flight: whatever changes on an account now, the test delivery changed.
    await ctx.transport.settle();
    const before = await Promise.all(ctx.accounts.liveOnes().map((a) => accountFacts(ctx, a.id)));
    const signed = sim.signedRequest(sim.testDeliveryEvent(shape));
    ledger.count('test-delivery', false);
    const answer = await world.postWebhookBody(signed.body, signed.headers);
    ledger.answers.push(answer.body);
    if (answer.status < 200 || answer.status >= 300) {
      ledger.mismatch('decisions', `a dashboard test delivery (${shape}) was answered ${answer.status}`);
      return;
    }
    await ctx.transport.settle();
    const sample = JSON.parse(signed.body) as { linked_account?: { id?: string } };
    const sampleId = sample.linked_account?.id;
    if (sampleId && (await world.accounts.get(sampleId)))
      ledger.mismatch('decisions', `a dashboard test delivery (${shape}) created account ${sampleId}`);
    const after = await Promise.all(ctx.accounts.liveOnes().map((a) => accountFacts(ctx, a.id)));
    const changed = after.filter((a, i) => JSON.stringify(a) !== JSON.stringify(before[i])).length;
    if (changed > 0)
      ledger.mismatch('decisions', `a dashboard test delivery (${shape}) changed ${changed} account(s)`);
    else ledger.faults['test-delivery'].hit++;
  },

  /**
   * The account's token is regenerated and the end user relinks (LinkedAccount.linked with the new
   * token); then the older LinkedAccount.linked is delivered again, after the dedupe window (a body
   * whose signature no marker knows). The newer token stays; the old one is never used again (the
   * wire check refuses a request Merge refused for a live account).
   */
  async replayLinked(ctx, { account: index }) {
    const { sim, world, ledger, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    // Nothing in flight: the old token is refused from the regeneration on, and only the relink says so.
    await transport.settle();
    const older = sim.linkedEvent(account.id);
    const oldToken = account.token;
    account.token = sim.regenerateAccountToken(account.id);
    (account.formerTokens ??= []).push(oldToken);
    await transport.post(sim.linkedEvent(account.id, { isRelink: true }));
    await transport.settle();
    ledger.count('webhook-replayed', false);
    // Replayed after the dedupe window: the same event, a body no dedupe marker knows.
    const body = `${JSON.stringify(older)} `;
    const answer = await world.postWebhookBody(body, {
      'Content-Type': 'application/json',
      'X-Merge-Webhook-Signature': sim.sign(body),
    });
    ledger.answers.push(answer.body);
    await transport.settle();
    const stored = await world.accounts.getToken(account.id);
    if (stored !== account.token)
      ledger.mismatch(
        'decisions',
        `${account.id}: a replayed older LinkedAccount.linked left ${stored === oldToken ? 'the old token' : 'another token'} stored`,
      );
    else if (answer.status >= 200 && answer.status < 300) ledger.faults['webhook-replayed'].hit++;
  },

  /**
   * The account is deleted at Merge (its token refused from then on) and LinkedAccount.deleted arrives
   * only after the engine has polled and fetched against it: nothing dead-lettered, then purged.
   */
  async deletedAtMerge(ctx, { account: index }) {
    const { sim, ledger, transport } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    const deletedEvent = sim.accountDeletedEvent(account.id);
    const requestsBefore = sim.requests.length;
    sim.deleteAccount(account.id);
    ledger.count('account-deleted-at-merge', false);
    await ctx.world.schedule({ reconcile: true });
    await transport.settle();
    if (
      sim.requests
        .slice(requestsBefore)
        .some((r) => r.accountId === account.id || r.tokenMatchesAccount === false)
    )
      ledger.faults['account-deleted-at-merge'].hit++;
    account.deleted = true;
    await transport.post(deletedEvent);
    await transport.settle();
  },
};
