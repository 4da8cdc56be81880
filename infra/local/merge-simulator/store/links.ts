import type { RecordLinks } from '../generators/common';
import type { Random } from '../random';
import type { MergeRecord } from '../types';
import type { RecordTable, StoredRow } from './records';

// A generated record's view of the other records of its account: random live records of a model,
// found by sampling so that seeding stays linear in the table size.

const SAMPLES = 8;

export class AccountLinks implements RecordLinks {
  constructor(
    private readonly tables: ReadonlyMap<string, RecordTable>,
    private readonly rng: Random,
  ) {}

  private rows(modelId: string): readonly StoredRow[] {
    return this.tables.get(modelId)?.rows ?? [];
  }

  ref(modelId: string): string | null {
    return this.refWhere(modelId, () => true);
  }

  refs(modelId: string, min: number, max: number): string[] {
    const want = this.rng.int(min, max);
    const out: string[] = [];
    for (let attempt = 0; attempt < want * 3 && out.length < want; attempt++) {
      const id = this.ref(modelId);
      if (id === null) break;
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }

  refWhere(modelId: string, match: (record: MergeRecord) => boolean): string | null {
    const rows = this.rows(modelId);
    const ok = (row: StoredRow | undefined): row is StoredRow =>
      row !== undefined && row.raw === undefined && !row.record.remote_was_deleted && match(row.record);
    for (let attempt = 0; attempt < SAMPLES && rows.length > 0; attempt++) {
      const row = this.rng.pick(rows);
      if (ok(row)) return row.record.id;
    }
    // Sampling missed (few rows match): look at all of them, then pick one.
    const matching = rows.filter(ok);
    return matching.length > 0 ? this.rng.pick(matching).record.id : null;
  }

  get(modelId: string, id: string): MergeRecord | undefined {
    return this.tables.get(modelId)?.get(id)?.record;
  }
}
