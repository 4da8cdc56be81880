import { nestingDepth } from '../core/json-depth';

/**
 * What makes a record storable as one DynamoDB item and safe for every reader after us: a bounded
 * nesting depth and a bounded size. Both work on top-level fields, dropping whole fields (named in
 * the record's `droppedFields`) rather than rewriting anything inside them.
 */

/** DynamoDB's item limit is 400 KB; keys, hash and index attributes take the rest of this margin. */
export const MAX_DATA_BYTES = 390_000;

/**
 * The deepest nesting a stored record may have (the record itself is level 1). Third-party data can
 * nest without bound; JSON.stringify, and so DynamoDB marshalling, EventBridge and every consumer's
 * parser, fail somewhere near 10,000 levels. Real Common Model data stays far below this.
 */
export const MAX_NESTING_DEPTH = 64;

/** Dropped first when a record is too large: Merge's optional, bulky parts. */
export const OPTIONAL_FIELDS = ['remote_data', 'remote_fields', 'field_mappings', 'custom_fields'];
/** Never dropped: what identifies a record and orders its versions. */
const CORE_FIELDS = new Set(['id', 'remote_id', 'created_at', 'modified_at', 'remote_was_deleted']);

/** Drops, in place, the fields that nest deeper than MAX_NESTING_DEPTH; returns their names. */
export function dropTooDeepFields(data: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (CORE_FIELDS.has(field) && (value === null || typeof value !== 'object')) continue;
    if (nestingDepth(value, MAX_NESTING_DEPTH - 1) > MAX_NESTING_DEPTH - 1) {
      delete data[field];
      dropped.push(field);
    }
  }
  return dropped;
}

/**
 * Drops, in place, optional parts, then the largest other fields, until the JSON fits; returns what
 * went. Only for data that passed dropTooDeepFields (JSON.stringify is recursive).
 */
export function fitToItemLimit(data: Record<string, unknown>): string[] {
  const size = () => Buffer.byteLength(JSON.stringify(data));
  if (size() <= MAX_DATA_BYTES) return [];
  const dropped: string[] = [];
  for (const field of OPTIONAL_FIELDS) {
    if (!Object.hasOwn(data, field)) continue;
    delete data[field];
    dropped.push(field);
    if (size() <= MAX_DATA_BYTES) return dropped;
  }
  const bySize = Object.keys(data)
    .filter((k) => !CORE_FIELDS.has(k))
    .map((k) => [k, JSON.stringify(data[k])?.length ?? 0] as const)
    .sort((a, b) => b[1] - a[1]);
  for (const [field] of bySize) {
    delete data[field];
    dropped.push(field);
    if (size() <= MAX_DATA_BYTES) break;
  }
  return dropped;
}

/** Whether dropping `fields` lost Common Model data (beyond the optional parts the brief allows). */
export const lostCommonModelFields = (fields: readonly string[]): string[] =>
  fields.filter((f) => !OPTIONAL_FIELDS.includes(f));
