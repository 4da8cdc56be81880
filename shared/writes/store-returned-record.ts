/**
 * The store follows the write: the record goes into the records table at once, as a sync would
 * store it (same normalization, same conditional write, same change event), so the feed and change
 * events see it without waiting for a sync, and that sync finds it unchanged.
 *
 * Merge's answer carries the record as an unexpanded read does. Where the account's sync asks for
 * more (expand, which also brings inline sub-objects Merge otherwise gives as ids, remote_data or
 * sensitive fields), storing the answer would keep a record the sync never rewrites (it carries the
 * same modified_at): the record is read back once with the sync's query instead, through the
 * budget. If that read fails, nothing is stored and the next sync brings the record.
 */
import type { ConfiguredModel } from '../config/sync-config-schema';
import type { LinkedAccount } from '../core/accounts';
import type { AccountContext } from '../merge/types';
import { applyRecordsForActiveAccount } from '../sync/apply-records';
import { normalizeRecord } from '../sync/normalize';
import { emitRecordCounts } from '../sync/record-metrics';
import type { WriterDeps } from './ports';

type Record_ = Record<string, unknown>;

export async function storeReturnedRecord(
  deps: WriterDeps,
  account: LinkedAccount,
  modelId: string,
  model: Record_ | null,
  context: () => Promise<AccountContext | undefined>,
): Promise<'stored' | 'not-synced' | 'no-record' | 'account-gone' | 'not-read-back'> {
  if (!model || typeof model.id !== 'string') return 'no-record';
  // Only models the account syncs are kept for it (as with record webhooks).
  const configured = deps.settings.forAccount(account).model(modelId);
  if (!configured) return 'not-synced';
  const record = needsReadBack(configured) ? await readBack(deps, configured, model.id, context) : model;
  if (!record) return 'not-read-back';
  const normalized = normalizeRecord(record, configured);
  const applied = await applyRecordsForActiveAccount(deps, account.id, normalized.records);
  if (applied.outcome === 'account-gone') return 'account-gone';
  for (const [id, counts] of applied.counts) emitRecordCounts(deps.metrics, id, counts);
  return 'stored';
}

const needsReadBack = (m: ConfiguredModel): boolean =>
  m.expand.length > 0 || m.includeRemoteData || m.includeSensitiveFields === true;

/** The record as the account's sync reads it (`GET {path}/{id}` with the same query). */
async function readBack(
  deps: WriterDeps,
  configured: ConfiguredModel,
  id: string,
  context: () => Promise<AccountContext | undefined>,
): Promise<Record_ | undefined> {
  try {
    const account = await context();
    if (!account) return undefined;
    const response = await deps.merge.request(account, {
      method: 'GET',
      path: `${configured.path}/${encodeURIComponent(id)}`,
      query: {
        include_remote_data: configured.includeRemoteData || undefined,
        include_sensitive_fields: configured.includeSensitiveFields === true || undefined,
        expand: configured.expand,
      },
      // Part of the write: it takes the write's place in the schedule, not a page read's.
      priority: 'write',
    });
    const body = response.body;
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record_).id === id)
      return body as Record_;
    deps.log.warn('written record read back without the record', { recordId: id });
  } catch (error) {
    deps.log.warn('written record not read back; the next sync brings it', {
      recordId: id,
      error: error instanceof Error ? error.name : 'error',
    });
  }
  return undefined;
}
