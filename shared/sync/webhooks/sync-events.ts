import { modelIdFromWebhookName } from '../../config/model-catalog';
import { modelSyncedDataSchema, syncCompletedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { onSyncSignal } from '../model-signals';
import { ourModelId, recordUnmatchedModelIds } from '../model-ids';
import type { WebhookKind } from '../../merge/webhook-events';
import type { SyncDeps } from '../ports';
import { activeAccount, type WebhookResult } from './webhook-account';

/**
 * LinkedAccount.sync_completed: one decision per model the account syncs in its `sync_status` map,
 * whose keys are Merge's model ids, matched by every spelling Merge uses (model-ids.ts).
 */
export async function onAccountSynced(deps: SyncDeps, envelope: Envelope): Promise<WebhookResult> {
  const data = syncCompletedDataSchema.safeParse(envelope.data);
  if (!data.success) return { outcome: 'invalid' };
  const found = await activeAccount(deps, envelope.linked_account.id);
  if (found.outcome !== 'active') return found;
  const { account } = found;
  let acted = false;
  const unmatched: string[] = [];
  const plan = deps.settings.forAccount(account);
  for (const [key, entry] of Object.entries(data.data.sync_status)) {
    const modelId = ourModelId(account.category, { modelId: key });
    if (!modelId) unmatched.push(key);
    if (!modelId || !plan.model(modelId)) continue;
    acted = true;
    await onSyncSignal(deps, account.id, modelId, {
      status: entry.status ?? null,
      lastSyncResult: entry.last_sync_result ?? null,
      lastSyncFinished: entry.last_sync_finished ?? null,
    });
  }
  await recordUnmatchedModelIds(deps, account, unmatched, 'sync_completed');
  return { outcome: acted ? 'processed' : 'ignored' };
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
    const data = syncCompletedDataSchema.safeParse(envelope.data);
    return data.success && Object.values(data.data.sync_status).every((entry) => !!entry.last_sync_finished);
  }
  return false;
}
