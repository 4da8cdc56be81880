import { modelIdFromWebhookName } from '../../config/model-catalog';
import {
  modelSyncedDataSchema,
  readSyncCompletedStatuses,
  type Envelope,
} from '../../merge/schemas/webhooks';
import { onSyncSignal } from '../model-signals';
import { ourModelId, recordUnmatchedModelIds } from '../model-ids';
import type { WebhookKind } from '../../merge/webhook-events';
import { isoNow, type SyncDeps } from '../ports';
import { activeAccount, type WebhookResult } from './webhook-account';

/**
 * LinkedAccount.sync_completed: one decision per model the account syncs in its `sync_status` (a map
 * keyed by Merge's model ids, or an array of SyncStatus entries), matched by every spelling Merge uses
 * (model-ids.ts). When the webhook's statuses cannot be read (no `sync_status`, an entry naming no
 * model), Merge has still said a sync completed: the account's /sync-status is polled at once, so the
 * finished syncs are fetched now rather than at the next scheduled poll.
 */
export async function onAccountSynced(deps: SyncDeps, envelope: Envelope): Promise<WebhookResult> {
  const found = await activeAccount(deps, envelope.linked_account.id);
  if (found.outcome !== 'active') return found;
  const { account } = found;
  const { entries, unreadable } = readSyncCompletedStatuses(envelope.data);
  let acted = false;
  const unmatched: string[] = [];
  const plan = deps.settings.forAccount(account);
  for (const entry of entries) {
    const modelId = ourModelId(account.category, entry);
    if (!modelId) unmatched.push(entry.modelId ?? entry.modelName ?? '');
    if (!modelId || !plan.model(modelId)) continue;
    acted = true;
    await onSyncSignal(deps, account.id, modelId, {
      status: entry.status ?? null,
      lastSyncStart: entry.lastSyncStart ?? null,
      lastSyncResult: entry.lastSyncResult ?? null,
      lastSyncFinished: entry.lastSyncFinished ?? null,
    });
  }
  await recordUnmatchedModelIds(deps, account, unmatched, 'sync_completed');
  if (unreadable) {
    await pollNow(deps, account.id);
    return { outcome: 'processed' };
  }
  return { outcome: acted ? 'processed' : 'ignored' };
}

/** Asks for a poll of every model of the account now (a scheduled poll of no particular tier). */
async function pollNow(deps: SyncDeps, accountId: string): Promise<void> {
  await deps.queue.send('polls', [
    { v: 1, kind: 'poll', accountId, reason: 'schedule', requestedAt: isoNow(deps.clock) },
  ]);
  deps.log.info('LinkedAccount.sync_completed statuses unreadable; polling sync-status now', { accountId });
}

/** {Model}.synced: its full sync-status entry decides. */
export async function onModelSynced(
  deps: SyncDeps,
  envelope: Envelope,
  webhookModel: string,
): Promise<WebhookResult> {
  const data = modelSyncedDataSchema.safeParse(envelope.data);
  if (!data.success) return { outcome: 'invalid' };
  const found = await activeAccount(deps, envelope.linked_account.id);
  if (found.outcome !== 'active') return found;
  const { account } = found;
  const status = data.data.sync_status;
  const reported = ourModelId(account.category, { modelId: status.model_id, modelName: status.model_name });
  // The event's own name may still say which model it is.
  if (!reported) await recordUnmatchedModelIds(deps, account, [status.model_id], 'model-synced');
  const modelId = reported ?? modelIdFromWebhookName(account.category, webhookModel);
  if (!modelId || !deps.settings.forAccount(account).model(modelId)) return { outcome: 'ignored' };
  await onSyncSignal(deps, account.id, modelId, {
    status: status.status,
    lastSyncStart: status.last_sync_start ?? null,
    lastSyncResult: status.last_sync_result ?? null,
    lastSyncFinished: status.last_sync_finished ?? null,
  });
  return { outcome: 'processed' };
}

/**
 * Whether a sync webhook says which Merge sync finished for every model it reports (Merge's own
 * samples always do): its decision is then idempotent by the sync state, with no dedupe claim.
 */
export function namesItsSyncs(envelope: Envelope, event: WebhookKind): boolean {
  if (event.kind === 'model-synced') {
    const data = modelSyncedDataSchema.safeParse(envelope.data);
    return data.success && !!data.data.sync_status.last_sync_finished;
  }
  if (event.kind === 'account-synced') {
    const { entries, unreadable } = readSyncCompletedStatuses(envelope.data);
    return !unreadable && entries.every((entry) => !!entry.lastSyncFinished);
  }
  return false;
}
