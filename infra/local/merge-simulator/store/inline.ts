import type { ModelSpec } from '../model-spec';
import type { JsonObject, JsonValue, MergeRecord, RecordOverrides } from '../types';
import type { StoredRow } from './records';

// Inline sub-objects Merge serves as ids unless expanded (applied payments, screening answers): the
// record keeps their ids, as an unexpanded list returns it, and the row keeps the objects for expand.

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Moves the collapsed sub-objects of `record` into `row.inline`, leaving their ids in the record. */
export function collapseInline(spec: ModelSpec, row: StoredRow): void {
  for (const relation of spec.relations) {
    if (!relation.collapsed) continue;
    const value = row.record[relation.field];
    if (!Array.isArray(value) || !value.some(isObject)) continue;
    const objects = value.filter(isObject);
    const kept = (row.inline?.[relation.field] ?? []).filter((o) => value.includes(o.id ?? null));
    row.inline = { ...row.inline, [relation.field]: [...kept, ...objects] };
    row.record[relation.field] = value.map((v) => (isObject(v) ? (v.id ?? null) : v));
  }
}

/** The sub-objects behind a collapsed field's ids (an id without one stays an id). */
export function inlineObjects(row: StoredRow, field: string): JsonValue[] {
  const ids = row.record[field];
  if (!Array.isArray(ids)) return [];
  const objects = row.inline?.[field] ?? [];
  return ids.map((id) => objects.find((o) => o.id === id) ?? id);
}

export function applyOverrides(record: MergeRecord, overrides: RecordOverrides): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) record[key] = value;
  }
}
