import type { ModelSpec } from '../model-spec';
import type { Random } from '../random';
import { backReferencesOf } from '../record-links';
import type { MergeRecord } from '../types';
import type { AccountLinks } from './links';
import type { RecordTable, StoredRow } from './records';

// Which records a record is listed under (nested lists: a job's screening questions, a project's
// users, a ticket's viewers) and which parents' mirrored lists it joins (record-links.ts).

/** Nested models whose records name their parent in a field of their own. */
const PARENT_FIELD: Record<string, (record: MergeRecord) => unknown> = {
  'ats.ScreeningQuestion': (r) => r.job,
  'crm.CustomObject': (r) => r.object_class,
  'crm.AssociationType': (r) => (r.source_object_class as { id?: unknown } | null)?.id,
  'crm.Association': (r) => r.source_object,
};

/**
 * A random record to list a new record under: one of a random parent model of the model (a viewer
 * goes under a collection or a ticket). Null for models listed under nothing, or when no parent
 * exists yet for a model that also has a plain list (a user with no project).
 */
export function pickParent(spec: ModelSpec, links: AccountLinks, rng: Random): string | null {
  if (spec.listParents.length === 0) return null;
  const candidates = spec.listParents.flatMap((m) => links.ref(m) ?? []);
  if (candidates.length > 0) return rng.pick(candidates);
  if (spec.nested) {
    throw new Error(
      `${spec.modelId} is listed under ${spec.listParents.join(' or ')}: add one of those first`,
    );
  }
  return null;
}

/** The records `record` is listed under: its parent field when it has one, else the chosen parent. */
export function listedUnder(spec: ModelSpec, record: MergeRecord, parentId: string | null): string[] {
  const named = PARENT_FIELD[spec.modelId]?.(record);
  if (typeof named === 'string') return [named];
  return parentId !== null ? [parentId] : [];
}

export interface JoinedParent {
  modelId: string;
  table: RecordTable;
  row: StoredRow;
}

/**
 * Adds a new child to its parents' mirrored lists (Candidate.applications, Ticket.attachments,
 * ExpenseReport.lines); returns the parents whose list changed, for the caller to stamp.
 */
export function joinParents(
  tables: ReadonlyMap<string, RecordTable>,
  modelId: string,
  child: StoredRow,
): JoinedParent[] {
  const out: JoinedParent[] = [];
  for (const ref of backReferencesOf(modelId)) {
    const parentId = ref.backField ? child.record[ref.backField] : child.memberOf?.[0];
    if (typeof parentId !== 'string') continue;
    const table = tables.get(ref.parent);
    const row = table?.get(parentId);
    if (!table || !row || row.raw !== undefined) continue;
    const list = row.record[ref.listField];
    const ids = Array.isArray(list) ? list : [];
    if (ids.includes(child.record.id)) continue;
    row.record[ref.listField] = [...ids, child.record.id];
    out.push({ modelId: ref.parent, table, row });
  }
  return out;
}
