import type { JsonObject, MergeRecord } from '../types';
import { parseIsoToMicros } from '../time';

// The rows of one model of one linked account, kept in creation order. `seq` is a simulator-wide
// sequence assigned at creation and never changed, so a record edited mid-pagination keeps its place,
// and a cursor can name a position that survives inserts and deletes.

export interface StoredRow {
  seq: number;
  /** For an injected bad record (bad-records.ts) only a stub: id, timestamps, remote_was_deleted. */
  record: MergeRecord;
  /** An injected bad record exactly as served (it may not even be an object); absent for real records. */
  raw?: string;
  /** Ids of the records this one is listed under (the job of a screening question, a project's users). */
  memberOf?: string[];
  /** Inline sub-objects served as ids unless expanded, by field (catalog-overlay.ts COLLAPSED_INLINE). */
  inline?: Record<string, JsonObject[]>;
  createdUs: number;
  modifiedUs: number;
}

export function timestampsOf(record: MergeRecord): { createdUs: number; modifiedUs: number } {
  const createdUs = parseIsoToMicros(record.created_at);
  const modifiedUs = parseIsoToMicros(record.modified_at);
  if (createdUs === null || modifiedUs === null) {
    throw new Error(`Record ${record.id} has an invalid created_at or modified_at`);
  }
  return { createdUs, modifiedUs };
}

export class RecordTable {
  readonly rows: StoredRow[] = [];
  private readonly byId = new Map<string, StoredRow>();

  get(id: string): StoredRow | undefined {
    return this.byId.get(id);
  }

  /** Appends a row; `seq` must be greater than every seq in the table. */
  insert(seq: number, record: MergeRecord, raw?: string): StoredRow {
    if (this.byId.has(record.id)) throw new Error(`Duplicate record id ${record.id}`);
    const row: StoredRow = { seq, record, ...timestampsOf(record), ...(raw !== undefined ? { raw } : {}) };
    this.rows.push(row);
    this.byId.set(record.id, row);
    return row;
  }

  remove(id: string): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    this.byId.delete(id);
    this.rows.splice(firstIndexAfter(this.rows, row.seq - 1), 1);
    return true;
  }

  /** Re-reads the cached timestamps after the record changed. */
  refresh(row: StoredRow): void {
    Object.assign(row, timestampsOf(row.record));
  }
}

/** Index of the first row whose seq is greater than `seq` (rows are sorted by seq). */
export function firstIndexAfter(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid]?.seq ?? Infinity) > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
