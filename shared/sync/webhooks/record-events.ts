import { modelIdFromWebhookName } from '../../config/model-catalog';
import { changedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { METRIC } from '../../observability/ports';
import { applyRecordsForActiveAccount } from '../apply-records';
import { normalizeRecord } from '../normalize';
import type { SyncDeps } from '../ports';
import { noteRecordIssues } from '../record-issues';
import { emitRecordCounts } from '../record-metrics';
import { activeAccount, type WebhookResult } from './webhook-account';

/**
 * {Model}.added / .changed / .removed carry the record: store it when it is newer than ours (the
 * conditional write refuses an older one). The cursor-driven fetch stays the source of truth, so a
 * webhook never takes away what only a fetch brings: it carries no remote_data (reference §12), and
 * the stored one stays; at the stored modified_at it is the stored version (no write, no event).
 * A body that is not a Common Model object is noted in the model's sync state, never retried.
 */
export async function onRecordChanged(
  deps: SyncDeps,
  envelope: Envelope,
  webhookModel: string,
  action: 'added' | 'changed' | 'removed',
): Promise<WebhookResult> {
  const isRecord = changedDataSchema.safeParse(envelope.data).success;
  const found = await activeAccount(deps, envelope.linked_account.id);
  if (found.outcome !== 'active') return found;
  const { account } = found;
  const modelId = modelIdFromWebhookName(account.category, webhookModel);
  // Only models the account syncs (its overrides included): the others are not kept for it.
  const model = modelId ? deps.settings.forAccount(account).model(modelId) : undefined;
  if (!model) return isRecord ? { outcome: 'ignored' } : invalid(deps, webhookModel);
  const normalized = normalizeRecord(envelope.data, model, { forceDeleted: action === 'removed' });
  if (normalized.issues.length > 0) await noteRecordIssues(deps, account.id, undefined, normalized.issues);
  if (normalized.invalid) return invalid(deps, webhookModel);
  const applied = await applyRecordsForActiveAccount(deps, account.id, normalized.records, {
    sameModifiedAtIsUnchanged: true,
  });
  if (applied.outcome === 'account-gone') return { outcome: 'ignored' };
  for (const [modelId, counts] of applied.counts) emitRecordCounts(deps.metrics, modelId, counts);
  return { outcome: 'processed' };
}

function invalid(deps: SyncDeps, webhookModel: string): WebhookResult {
  deps.metrics.add(METRIC.recordsInvalid, 1, 'Count', { model: webhookModel });
  return { outcome: 'invalid' };
}
