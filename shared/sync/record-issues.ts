import type { RecordIssue, SyncState } from '../core/sync-state';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { FoundRecordIssue } from './normalize';
import { isoNow, type SyncDeps } from './ports';
import { updateSyncState } from './state-updates';

/** How many record issues a model's sync state keeps (newest first): a bounded item. */
export const MAX_RECORD_ISSUES = 20;

/**
 * The state with `found` noted in its recordIssues: newest first, one entry per (record, reason)
 * (a record met again moves to the front with the new time), at most MAX_RECORD_ISSUES.
 */
export function withRecordIssues(
  state: SyncState,
  found: readonly FoundRecordIssue[],
  at: string,
): SyncState {
  const own = found.filter((i) => i.modelId === state.modelId);
  if (own.length === 0) return state;
  const fresh: RecordIssue[] = own.map(({ id, reason, fields }) => ({
    id,
    reason,
    ...(fields ? { fields } : {}),
    at,
  }));
  // Records without an id cannot be told apart: each is its own entry.
  const key = (i: RecordIssue) => (i.id === null ? undefined : `${i.reason}\u0000${i.id}`);
  const seen = new Set<string>();
  const merged: RecordIssue[] = [];
  for (const issue of [...fresh, ...(state.recordIssues ?? [])]) {
    const k = key(issue);
    if (k !== undefined && seen.has(k)) continue;
    if (k !== undefined) seen.add(k);
    merged.push(issue);
    if (merged.length === MAX_RECORD_ISSUES) break;
  }
  return { ...state, recordIssues: merged };
}

/**
 * Reports `found` (reportRecordIssues) and notes it in the sync state of each model it concerns,
 * except `notedWith`, whose state the caller updates itself (a fetch, with its checkpoint).
 */
export async function noteRecordIssues(
  deps: Pick<SyncDeps, 'states' | 'clock' | 'log' | 'metrics'>,
  accountId: string,
  notedWith: string | undefined,
  found: readonly FoundRecordIssue[],
): Promise<void> {
  reportRecordIssues(deps, accountId, found);
  const at = isoNow(deps.clock);
  for (const modelId of new Set(found.map((i) => i.modelId))) {
    if (modelId === notedWith) continue;
    await updateSyncState(deps.states, accountId, modelId, (current) => ({
      next: withRecordIssues(current, found, at),
      result: undefined,
    }));
  }
}

/**
 * A log line and a metric per issue. The line names the record (account, model, id), the reason
 * and the fields left out, never any of its content (it may be personal data).
 */
export function reportRecordIssues(
  deps: { log: Log; metrics: Metrics },
  accountId: string,
  found: readonly FoundRecordIssue[],
): void {
  for (const issue of found) {
    deps.metrics.add(METRIC.recordIssues, 1, 'Count', { model: issue.modelId, reason: issue.reason });
    deps.log.warn('record not stored as received', {
      accountId,
      modelId: issue.modelId,
      recordId: issue.id,
      reason: issue.reason,
      ...(issue.fields ? { fieldsLeftOut: issue.fields } : {}),
    });
  }
}
