import { stableStringify } from '../core/content-hash';
import type { RecordChange } from '../core/records';
import type { BusEvent } from './ports';
import type { CompletedRun, FetchRun } from '../core/sync-state';

/** Every event we put on the bus has this source; rules match on it and on the detail-type. */
export const EVENT_SOURCE = 'merge-sync';

export const DETAIL_TYPE = {
  recordAdded: 'Merge Record Added',
  recordChanged: 'Merge Record Changed',
  recordDeleted: 'Merge Record Deleted',
  syncCompleted: 'Merge Sync Completed',
  syncFailed: 'Merge Sync Failed',
} as const;

/**
 * A record above this size travels without its body (EventBridge caps an entry at 256 KB); the
 * consumer reads it from the read API (`_sync.content_hash` tells the version).
 */
export const MAX_RECORD_BYTES_IN_EVENT = 200_000;

const KIND_TO_TYPE = {
  added: DETAIL_TYPE.recordAdded,
  changed: DETAIL_TYPE.recordChanged,
  deleted: DETAIL_TYPE.recordDeleted,
} as const;

/**
 * The event of one stored change. Schema (detail, version 1): accountId, modelId (its prefix is the
 * category), recordId, modifiedAt (Merge's modified_at), syncedAt, contentHash, deleted, changedFields (changed only:
 * top-level fields whose value differs from the version it replaced), record (the stored object)
 * or recordOmitted: "too-large".
 */
export function recordChangeEvent(
  change: RecordChange,
  context: { previousData?: Record<string, unknown>; changedFields?: string[] } = {},
): BusEvent {
  const { record } = change;
  const body = JSON.stringify(record.data);
  const fits = Buffer.byteLength(body) <= MAX_RECORD_BYTES_IN_EVENT;
  const fields =
    change.kind !== 'changed'
      ? undefined
      : (context.changedFields ??
        (context.previousData ? changedFields(context.previousData, record.data) : undefined));
  return {
    source: EVENT_SOURCE,
    detailType: KIND_TO_TYPE[change.kind],
    detail: {
      schemaVersion: 1,
      accountId: record.accountId,
      modelId: record.modelId,
      recordId: record.id,
      modifiedAt: typeof record.data.modified_at === 'string' ? record.data.modified_at : null,
      syncedAt: record.syncedAt,
      contentHash: record.contentHash,
      deleted: record.deleted,
      ...(fields ? { changedFields: fields } : {}),
      ...(fits ? { record: record.data } : { record: null, recordOmitted: 'too-large' }),
    },
  };
}

/** Top-level fields whose value differs (added, removed or changed), sorted. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => stableStringify(before[k]) !== stableStringify(after[k])).sort();
}

/** Merge Sync Completed: one per completed run, with its counts (schemaVersion 1). */
export function syncCompletedEvent(
  accountId: string,
  modelId: string,
  run: FetchRun,
  completed: CompletedRun,
): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: DETAIL_TYPE.syncCompleted,
    detail: {
      schemaVersion: 1,
      accountId,
      modelId,
      runId: run.id,
      reason: run.reason,
      startedAt: run.startedAt,
      finishedAt: completed.finishedAt,
      pages: run.pages,
      counts: run.counts,
    },
  };
}

/** Merge Sync Failed: once per failed Merge sync of a model (schemaVersion 1). */
export function syncFailedEvent(
  accountId: string,
  modelId: string,
  lastSyncFinished: string | null,
  reportedAt: string,
): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: DETAIL_TYPE.syncFailed,
    detail: { schemaVersion: 1, accountId, modelId, lastSyncFinished, reportedAt },
  };
}
