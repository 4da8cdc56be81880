import { modelIdFromWebhookName } from '../../config/model-catalog';
import { modelSyncedDataSchema, syncCompletedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { onSyncSignal } from '../model-signals';
import type { SyncDeps } from '../ports';
import { activeAccount, type WebhookResult } from './webhook-account';

/** LinkedAccount.sync_completed: one decision per model the account syncs in its `sync_status` map. */
export async function onAccountSynced(deps: SyncDeps, envelope: Envelope): Promise<WebhookResult> {
  const data = syncCompletedDataSchema.safeParse(envelope.data);
  if (!data.success) return { outcome: 'invalid' };
  const found = await activeAccount(deps, envelope.linked_account.id);
  if (found.outcome !== 'active') return found;
  const { account } = found;
  let acted = false;
  const plan = deps.settings.forAccount(account);
  for (const [modelId, entry] of Object.entries(data.data.sync_status)) {
    if (!plan.model(modelId)) continue;
    acted = true;
    await onSyncSignal(deps, account.id, modelId, {
      status: entry.status ?? null,
      lastSyncResult: entry.last_sync_result ?? null,
      lastSyncFinished: entry.last_sync_finished ?? null,
    });
  }
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
  const plan = deps.settings.forAccount(account);
  const model =
    plan.model(status.model_id) ?? plan.model(modelIdFromWebhookName(account.category, webhookModel) ?? '');
  if (!model) return { outcome: 'ignored' };
  await onSyncSignal(deps, account.id, model.modelId, {
    status: status.status,
    lastSyncStart: status.last_sync_start ?? null,
    lastSyncResult: status.last_sync_result ?? null,
    lastSyncFinished: status.last_sync_finished ?? null,
  });
  return { outcome: 'processed' };
}
