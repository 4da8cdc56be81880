/**
 * Records as the sync engine handles them: a normalized Common Model object, the same object as
 * stored for an account, and a change to what is stored. Every layer speaks these; they import nothing.
 */

/** A Common Model object as normalized for storage (shared/sync/normalize.ts), before it is stored. */
export interface NormalizedRecord {
  modelId: string;
  id: string;
  /** The normalized Common Model object. */
  data: Record<string, unknown>;
  contentHash: string;
  /** modified_at in a fixed-width form that sorts as time; '' when Merge gave none. */
  modifiedAtKey: string;
  deleted: boolean;
  /** Fields left out to fit DynamoDB's item limit (optional parts first) or nested too deep. */
  droppedFields?: string[];
  /**
   * Supplemental fields (remote_data, field_mappings, remote_fields) this version came without,
   * whose stored value stands (a record webhook carries no remote_data). Never stored itself.
   */
  keepStored?: string[];
}

/** A record as stored: the normalized record plus our sync metadata. */
export interface StoredRecord extends NormalizedRecord {
  accountId: string;
  syncedAt: string;
}

/** Just enough of a stored record to decide whether an incoming version changes it. */
export interface RecordFingerprint {
  contentHash: string;
  modifiedAtKey: string;
  deleted: boolean;
  /** The stored object as JSON text (a read costs the same with or without it; parsed only for changes). */
  rawData?: string;
  /** The stored version's droppedFields. */
  droppedFields?: string[];
  /** When the stored version was written (its change event's `syncedAt`). */
  syncedAt?: string;
}

export type ChangeKind = 'added' | 'changed' | 'deleted';

/** A stored change: what a change event describes. */
export interface RecordChange {
  kind: ChangeKind;
  record: StoredRecord;
  /** The stored version this change replaced; absent for a record seen for the first time. */
  previous?: RecordFingerprint;
  /** For a change: the top-level fields that differ from the version it replaced. */
  changedFields?: string[];
}

export interface RecordCounts {
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
  /** Older than what we already hold (a late webhook, an overlapping fetch): skipped. */
  stale: number;
  /** Failed validation: skipped without failing the page. */
  invalid: number;
  /** Too large for one item: stored without optional parts. */
  truncated: number;
}

export const emptyCounts = (): RecordCounts => ({
  added: 0,
  changed: 0,
  deleted: 0,
  unchanged: 0,
  stale: 0,
  invalid: 0,
  truncated: 0,
});

export const addCounts = (a: RecordCounts, b: RecordCounts): RecordCounts => ({
  added: a.added + b.added,
  changed: a.changed + b.changed,
  deleted: a.deleted + b.deleted,
  unchanged: a.unchanged + b.unchanged,
  stale: a.stale + b.stale,
  invalid: a.invalid + b.invalid,
  truncated: a.truncated + b.truncated,
});
