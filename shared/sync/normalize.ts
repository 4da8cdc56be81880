import * as z from 'zod/mini';
import type { NormalizedRecord } from '../core/records';
import { contentHash } from '../core/content-hash';
import { normalizeTimestamps, timestampKey } from './timestamps';

/** What normalization needs to know about a model (a subset of the configured model). */
export interface NormalizeModel {
  modelId: string;
  relations: Readonly<Record<string, string>>;
  expand: readonly string[];
  includeRemoteData: boolean;
}

export interface NormalizeResult {
  /** The record first, then the related records `expand` inlined, each as a record of its own model. */
  records: NormalizedRecord[];
  /** Why the input was rejected (no usable id); such an input yields no records. */
  invalid?: string;
}

/** DynamoDB's item limit is 400 KB; keys, hash and index attributes take the rest of this margin. */
export const MAX_DATA_BYTES = 390_000;

/** Dropped first when a record is too large: Merge's optional, bulky parts. */
const OPTIONAL_FIELDS = ['remote_data', 'remote_fields', 'field_mappings', 'custom_fields'];
/** Never dropped: what identifies a record and orders its versions. */
const CORE_FIELDS = new Set(['id', 'remote_id', 'created_at', 'modified_at', 'remote_was_deleted']);

// Strict only about what we rely on; everything else passes through untouched.
const recordSchema = z.looseObject({ id: z.string().check(z.minLength(1)) });

/**
 * Turns one Common Model object from Merge into stored records: timestamps in UTC, `remote_data`
 * left out unless configured, expanded relations split into records of their own model (the parent
 * keeps their ids), oversized records trimmed to fit, and a content hash for change detection.
 */
export function normalizeRecord(
  raw: unknown,
  model: NormalizeModel,
  options: { forceDeleted?: boolean } = {},
): NormalizeResult {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) return { records: [], invalid: 'record has no string id' };
  const data = normalizeTimestamps(parsed.data) as Record<string, unknown>;
  if (!model.includeRemoteData) delete data.remote_data;
  if (options.forceDeleted) data.remote_was_deleted = true;

  const related: NormalizedRecord[] = [];
  for (const relation of model.expand) {
    const relatedModel = model.relations[relation];
    if (!relatedModel || !(relation in data)) continue;
    data[relation] = extractRelated(data[relation], (child) => {
      const result = normalizeRecord(child, {
        modelId: relatedModel,
        relations: {},
        expand: [],
        includeRemoteData: model.includeRemoteData,
      });
      related.push(...result.records);
      return result.records[0]?.id;
    });
  }
  return { records: [finish(model.modelId, data), ...related] };
}

/** Replaces inlined objects with their ids, handing each object to `store`. */
function extractRelated(value: unknown, store: (child: unknown) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => extractRelated(item, store));
  if (value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return store(value) ?? value;
  }
  return value;
}

function finish(modelId: string, data: Record<string, unknown>): NormalizedRecord {
  const droppedFields = fitToItemLimit(data);
  return {
    modelId,
    id: data.id as string,
    data,
    contentHash: contentHash(data),
    modifiedAtKey: timestampKey(data.modified_at),
    deleted: data.remote_was_deleted === true,
    ...(droppedFields.length > 0 ? { droppedFields } : {}),
  };
}

/** Drops optional parts, then the largest other fields, until the JSON fits; returns what went. */
function fitToItemLimit(data: Record<string, unknown>): string[] {
  const size = () => Buffer.byteLength(JSON.stringify(data));
  if (size() <= MAX_DATA_BYTES) return [];
  const dropped: string[] = [];
  for (const field of OPTIONAL_FIELDS) {
    if (!(field in data)) continue;
    delete data[field];
    dropped.push(field);
    if (size() <= MAX_DATA_BYTES) return dropped;
  }
  const bySize = Object.keys(data)
    .filter((k) => !CORE_FIELDS.has(k))
    .sort((a, b) => JSON.stringify(data[b]).length - JSON.stringify(data[a]).length);
  for (const field of bySize) {
    delete data[field];
    dropped.push(field);
    if (size() <= MAX_DATA_BYTES) break;
  }
  return dropped;
}
