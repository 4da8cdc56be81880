import { resolveSyncStatusModel } from '../config/model-catalog';
import type { LinkedAccount, UnmatchedModelId } from '../core/accounts';
import { METRIC } from '../observability/ports';
import { isoNow, type SyncDeps } from './ports';

/** At most this many unknown spellings are kept on an account item (it stays small). */
const MAX_KEPT = 20;

/** Where Merge sent a `model_id`: what the note on the account says. */
export type ModelIdSource = 'sync-status' | 'sync_completed' | 'model-synced';

/**
 * Our model id for a `model_id` (and `model_name`) Merge reported. Merge's ids are not always
 * `<category>.<Common Model>` (`filestorage.FileStorageFile`, `accounting.Invoices`,
 * `ticketing.TicketingTeam`: reference §12, common-models §1.1), so every known spelling is tried by
 * the catalog. Undefined for a spelling no model of the category goes by.
 */
export const ourModelId = (
  category: string,
  entry: { modelId?: string | null; modelName?: string | null },
): string | undefined => resolveSyncStatusModel(category, entry);

/**
 * Model ids Merge reported that no model of the account's category goes by: a signal, never a
 * failure. Counted every time (metric UnmatchedModelIds), logged once per spelling and account, and
 * kept on the account (`unmatched_model_ids` in the read API), so someone can add the spelling to
 * the catalog (shared/config/catalog/). Writes only when a spelling is new to the account.
 */
export async function recordUnmatchedModelIds(
  deps: Pick<SyncDeps, 'accounts' | 'clock' | 'log' | 'metrics'>,
  account: LinkedAccount,
  modelIds: readonly string[],
  source: ModelIdSource,
): Promise<void> {
  const unique = [...new Set(modelIds)];
  if (unique.length === 0) return;
  deps.metrics.add(METRIC.unmatchedModelIds, unique.length, 'Count', { category: account.category });
  const known = (a: LinkedAccount | undefined) => new Set((a?.unmatchedModelIds ?? []).map((u) => u.modelId));
  if (unique.every((id) => known(account).has(id))) return;
  const now = isoNow(deps.clock);
  let added: string[] = [];
  await deps.accounts.update(account.id, (current) => {
    if (!current || current.status !== 'ACTIVE') return null;
    const kept = current.unmatchedModelIds ?? [];
    const seen = known(current);
    added = unique.filter((id) => !seen.has(id)).slice(0, Math.max(0, MAX_KEPT - kept.length));
    if (added.length === 0) return null;
    const notes: UnmatchedModelId[] = added.map((modelId) => ({ modelId, source, firstSeenAt: now }));
    return { ...current, unmatchedModelIds: [...kept, ...notes], updatedAt: now };
  });
  for (const modelId of added) {
    deps.log.warn('Merge reported a model id no known model goes by; ignored', {
      accountId: account.id,
      category: account.category,
      modelId,
      source,
    });
  }
}
