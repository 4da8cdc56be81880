import { modelIdFromWebhookName } from '../../config/model-catalog';
import { modelSyncedDataSchema, syncCompletedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { onSyncSignal } from '../model-signals';
import type { SyncDeps } from '../ports';
import type { WebhookOutcome } from './account-events';

/** LinkedAccount.sync_completed: one decision per model the account syncs in its `sync_status` map. */
export async function onAccountSynced(deps: SyncDeps, envelope: Envelope): Promise<WebhookOutcome> {
  const data = syncCompletedDataSchema.safeParse(envelope.data);
  if (!data.success) return 'invalid';
  const account = await activeAccount(deps, envelope.linked_account.id);
  if (!account) return 'ignored';
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
  return acted ? 'processed' : 'ignored';
}

/** {Model}.synced: its full sync-status entry decides. */
export async function onModelSynced(
  deps: SyncDeps,
  envelope: Envelope,
  webhookModel: string,
): Promise<WebhookOutcome> {
  const data = modelSyncedDataSchema.safeParse(envelope.data);
  if (!data.success) return 'invalid';
  const account = await activeAccount(deps, envelope.linked_account.id);
  if (!account) return 'ignored';
  const status = data.data.sync_status;
  const plan = deps.settings.forAccount(account);
  const model =
    plan.model(status.model_id) ?? plan.model(modelIdFromWebhookName(account.category, webhookModel) ?? '');
  if (!model) return 'ignored';
  await onSyncSignal(deps, account.id, model.modelId, {
    status: status.status,
    lastSyncStart: status.last_sync_start ?? null,
    lastSyncResult: status.last_sync_result ?? null,
    lastSyncFinished: status.last_sync_finished ?? null,
  });
  return 'processed';
}

export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
}

/**
 * The account a data webhook is about. Deleted accounts: the webhook changes nothing. Unknown
 * accounts: its LinkedAccount.linked may simply not be processed yet (queues do not keep order), so
 * the message is retried; if the account never appears, it ends in the dead-letter queue, where an
 * operator sees that an account must be imported.
 */
export async function activeAccount(deps: SyncDeps, accountId: string) {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new UnknownAccountError(`no linked account ${accountId} (yet); will retry`);
  if (account.status !== 'ACTIVE') {
    deps.log.info('webhook for a deleted account ignored', { accountId });
    return undefined;
  }
  return account;
}
