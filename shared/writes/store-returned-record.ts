/**
 * The store follows the write: the record Merge returned goes into the records table at once, as
 * a sync would store it (same normalization, same conditional write, same change event), so the
 * feed and change events see it without waiting for a sync, and that sync finds it unchanged.
 */
import type { LinkedAccount } from '../core/accounts';
import { applyRecordsForActiveAccount } from '../sync/apply-records';
import { normalizeRecord } from '../sync/normalize';
import { emitRecordCounts } from '../sync/record-metrics';
import type { WriterDeps } from './ports';

export async function storeReturnedRecord(
  deps: WriterDeps,
  account: LinkedAccount,
  modelId: string,
  model: Record<string, unknown> | null,
): Promise<'stored' | 'not-synced' | 'no-record' | 'account-gone'> {
  if (!model || typeof model.id !== 'string') return 'no-record';
  // Only models the account syncs are kept for it (as with record webhooks).
  const configured = deps.settings.forAccount(account).model(modelId);
  if (!configured) return 'not-synced';
  const normalized = normalizeRecord(model, configured);
  const applied = await applyRecordsForActiveAccount(deps, account.id, normalized.records);
  if (applied.outcome === 'account-gone') return 'account-gone';
  for (const [id, counts] of applied.counts) emitRecordCounts(deps.metrics, id, counts);
  return 'stored';
}
