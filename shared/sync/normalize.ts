import { findModel } from '../config/model-catalog';
import { contentHash } from '../core/content-hash';
import type { NormalizedRecord } from '../core/records';
import type { RecordIssueReason } from '../core/sync-state';
import { dropTooDeepFields, fitToItemLimit, lostCommonModelFields } from './record-fit';
import { normalizeTimestampFields, timestampKey } from './timestamps';

export { MAX_DATA_BYTES, MAX_NESTING_DEPTH } from './record-fit';

/** What normalization needs to know about a model (a subset of the configured model). */
export interface NormalizeModel {
  modelId: string;
  relations: Readonly<Record<string, string>>;
  expand: readonly string[];
  includeRemoteData: boolean;
  /**
   * Top-level fields never stored, published or served. Absent: the catalog's personal identifiers
   * of the model (`ssn`), so nothing is let through by omission.
   */
  deniedFields?: readonly string[];
  /** The same for the records `expand` inlines, by their model id (absent: their catalog default). */
  relatedDeniedFields?: Readonly<Record<string, readonly string[]>>;
}

/** A record (of this model or one `expand` inlined) that could not be stored exactly as received. */
export interface FoundRecordIssue {
  modelId: string;
  id: string | null;
  reason: RecordIssueReason;
  fields?: string[];
}

export interface NormalizeResult {
  /** The record first, then the related records `expand` inlined, each as a record of its own model. */
  records: NormalizedRecord[];
  /** Why the input was rejected (not an object with a usable id); such an input yields no records. */
  invalid?: string;
  /** Records not stored as received: skipped, or stored without the fields named. */
  issues: FoundRecordIssue[];
}

/**
 * Merge's supplemental parts, which a record webhook may leave out (reference §12: "never let a
 * payload without remote_data erase a stored one"): when absent, the stored value stands.
 */
const SUPPLEMENTAL_FIELDS = ['remote_data', 'field_mappings', 'remote_fields'];

const isRecordObject = (raw: unknown): raw is Record<string, unknown> & { id: string } =>
  raw !== null &&
  typeof raw === 'object' &&
  !Array.isArray(raw) &&
  typeof (raw as { id?: unknown }).id === 'string' &&
  (raw as { id: string }).id.length > 0;

const deniedFieldsOf = (modelId: string, configured?: readonly string[]): readonly string[] =>
  configured ?? findModel(modelId)?.personalIdentifiers ?? [];

/**
 * Turns one Common Model object from Merge into stored records: denied fields (personal
 * identifiers) left out, `remote_data` left out unless configured, expanded relations split into
 * records of their own model (the parent keeps their ids), Merge's own timestamps in UTC, fields
 * nested too deep or too large for one item dropped, and a content hash for change detection.
 * Nothing inside a field is rewritten: third-party data (remote_data, field_mappings,
 * custom_fields) is kept exactly as received, `__proto__` and `constructor` keys included.
 * Never throws, whatever the input's depth or size.
 */
export function normalizeRecord(
  raw: unknown,
  model: NormalizeModel,
  options: { forceDeleted?: boolean } = {},
): NormalizeResult {
  if (!isRecordObject(raw)) {
    const issue: FoundRecordIssue = { modelId: model.modelId, id: null, reason: 'not-a-record' };
    return { records: [], invalid: 'not an object with a string id', issues: [issue] };
  }
  // A copy of the top level only (spread keeps every own key, `__proto__` included); nested values
  // are shared with the input and never modified.
  const data: Record<string, unknown> = { ...raw };
  if (!model.includeRemoteData) delete data.remote_data;
  for (const field of deniedFieldsOf(model.modelId, model.deniedFields)) delete data[field];
  if (options.forceDeleted) data.remote_was_deleted = true;
  const keepStored = SUPPLEMENTAL_FIELDS.filter(
    (f) => !Object.hasOwn(raw, f) && (f !== 'remote_data' || model.includeRemoteData),
  );

  const related: NormalizedRecord[] = [];
  const issues: FoundRecordIssue[] = [];
  for (const relation of model.expand) {
    const relatedModel = model.relations[relation];
    if (!relatedModel || !Object.hasOwn(data, relation)) continue;
    data[relation] = extractRelated(data[relation], (child) => {
      const result = normalizeRecord(child, {
        modelId: relatedModel,
        relations: {},
        expand: [],
        includeRemoteData: model.includeRemoteData,
        deniedFields: deniedFieldsOf(relatedModel, model.relatedDeniedFields?.[relatedModel]),
      });
      related.push(...result.records);
      // An object without a usable id stays inside its parent: not an issue of the related model.
      issues.push(...result.issues.filter((i) => i.reason !== 'not-a-record'));
      return result.records[0]?.id;
    });
  }
  const tooDeep = dropTooDeepFields(data);
  normalizeTimestampFields(data);
  const record = finish(model.modelId, data, tooDeep, keepStored);
  const lost = lostCommonModelFields((record.droppedFields ?? []).filter((f) => !tooDeep.includes(f)));
  const own = { modelId: model.modelId, id: record.id };
  if (tooDeep.length > 0) issues.unshift({ ...own, reason: 'too-deep', fields: tooDeep });
  if (lost.length > 0) issues.unshift({ ...own, reason: 'too-large', fields: lost });
  return { records: [record, ...related], issues };
}

/**
 * Replaces inlined objects with their ids, handing each object to `store`. A relation holds an
 * object or a list of them: one level of list is looked into, nothing deeper.
 */
function extractRelated(value: unknown, store: (child: unknown) => string | undefined): unknown {
  const one = (item: unknown) =>
    item !== null &&
    typeof item === 'object' &&
    !Array.isArray(item) &&
    typeof (item as { id?: unknown }).id === 'string'
      ? (store(item) ?? item)
      : item;
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Fits `data` (already depth-safe) into one item and hashes it. */
function finish(
  modelId: string,
  data: Record<string, unknown>,
  alreadyDropped: readonly string[],
  keepStored: readonly string[],
): NormalizedRecord {
  const droppedFields = [...alreadyDropped, ...fitToItemLimit(data)];
  return {
    modelId,
    id: data.id as string,
    data,
    contentHash: contentHash(data),
    modifiedAtKey: timestampKey(data.modified_at),
    deleted: data.remote_was_deleted === true,
    ...(droppedFields.length > 0 ? { droppedFields } : {}),
    ...(keepStored.length > 0 ? { keepStored: [...keepStored] } : {}),
  };
}

/**
 * The record completed with the stored version's values of the fields it lacks (`keepStored`): a
 * webhook without `remote_data` keeps the stored one; one the stored version lacked for size stays
 * marked as dropped. `stored` is a record as stored: depth-safe already. The result has no
 * `keepStored`: it is what gets stored.
 */
export function withStoredFields(
  record: NormalizedRecord,
  stored: Readonly<Record<string, unknown>>,
  storedDropped: readonly string[] = [],
): NormalizedRecord {
  const carried = (record.keepStored ?? []).filter((f) => Object.hasOwn(stored, f));
  const stillDropped = (record.keepStored ?? []).filter((f) => storedDropped.includes(f));
  if (carried.length === 0 && stillDropped.length === 0) {
    const { keepStored: _keepStored, ...rest } = record;
    return rest;
  }
  const data: Record<string, unknown> = { ...record.data };
  for (const field of carried) data[field] = stored[field];
  const dropped = [...new Set([...(record.droppedFields ?? []), ...stillDropped])];
  return finish(record.modelId, data, dropped, []);
}
