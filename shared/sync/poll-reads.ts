import type { LinkedAccount } from '../core/accounts';
import { MergeAuthError } from '../merge/errors';
import { syncStatusSchema } from '../merge/schemas/sync-status';
import type { AccountContext, CallLimits } from '../merge/types';
import type { ModelSignal } from './decisions';
import { applyAccountDetails } from './duplicates';
import { mergeDeferralOf } from './merge-deferral';
import { ourModelId } from './model-ids';
import type { MergeDeps, SyncDeps } from './ports';

/** What one account's /sync-status said: signals by our model id, and the ids no model goes by. */
export interface SyncStatusRead {
  signals: Map<string, ModelSignal>;
  unmatched: string[];
}

/**
 * Reads every page of the account's /sync-status and maps each entry to our model by every
 * spelling Merge uses (model-ids.ts). An entry we cannot read is left out; the others still count.
 */
export async function readSyncStatus(
  deps: MergeDeps,
  account: LinkedAccount,
  context: AccountContext,
  limits: CallLimits,
): Promise<SyncStatusRead> {
  const signals = new Map<string, ModelSignal>();
  const unmatched: string[] = [];
  for await (const raw of deps.merge.syncStatus(context, limits)) {
    const entry = syncStatusSchema.safeParse(raw);
    if (!entry.success) continue;
    const { model_id: modelId, model_name: modelName } = entry.data;
    const ours = ourModelId(account.category, { modelId, modelName });
    if (!ours) {
      unmatched.push(modelId);
      continue;
    }
    signals.set(ours, {
      status: entry.data.status,
      lastSyncStart: entry.data.last_sync_start ?? null,
      lastSyncResult: entry.data.last_sync_result ?? null,
      lastSyncFinished: entry.data.last_sync_finished ?? null,
    });
  }
  return { signals, unmatched };
}

/**
 * The reconciliation's daily look at the account itself (account-details, one request): whether
 * Merge flags it a duplicate, and its status (IDLE: paused). A side check: a refused token or a
 * deferral is the caller's to handle like any other; anything else is logged and the poll goes on.
 */
export async function refreshAccountDetails(
  deps: SyncDeps & MergeDeps,
  account: LinkedAccount,
  context: AccountContext,
  limits: CallLimits,
): Promise<LinkedAccount> {
  try {
    return await applyAccountDetails(deps, account, await deps.merge.accountDetails(context, limits));
  } catch (error) {
    if (error instanceof MergeAuthError || mergeDeferralOf(error)) throw error;
    deps.log.warn('account-details could not be read; the poll goes on without it', {
      accountId: account.id,
      error: error instanceof Error ? error.name : String(error),
    });
    return account;
  }
}
