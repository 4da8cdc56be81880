import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSpec } from './catalog';
import { createWorld, emptyFieldMappings } from './generators/common';
import type { FactoryContext } from './generators/common';
import { GENERATORS } from './generators';
import { Random } from './random';
import type { JsonObject, JsonValue, MergeRecord } from './types';
import { cloneJson } from './json';

// Generates realistic Common Model records. Each starts from Merge's official example record
// (fixtures/, copied from the SDK's wire tests) so every documented field is present, and then
// overwrites the values with plausible, internally consistent ones. Relations point at records of the
// same account through `ctx.links`; lists mirroring children (employments, applications) are filled
// in by the store. Models without a kept example get their fields in the generator's order.

export { createWorld } from './generators/common';
export type { AccountWorld, FactoryContext, RecordLinks } from './generators/common';
export { touchRecord } from './generators/touch';
export type { TouchContext } from './generators/touch';

const templates = new Map<string, MergeRecord | null>();

function template(modelId: string): MergeRecord | null {
  let t = templates.get(modelId);
  if (t === undefined) {
    const fixture = modelSpec(modelId).fixture;
    t = fixture
      ? (JSON.parse(readFileSync(join(__dirname, 'fixtures', fixture), 'utf8')) as MergeRecord)
      : null;
    templates.set(modelId, t);
  }
  // Shared and never mutated: generateRecord deep-copies the record it builds from it.
  return t;
}

const camelCache = new Map<string, string>();

function toCamel(key: string): string {
  let camel = camelCache.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    camelCache.set(key, camel);
  }
  return camel;
}

/**
 * A plausible third-party payload for `remote_data`: the platform's raw object, unnormalised (merge-api.md
 * §12), with its own field names and its own timestamp format, here zone-less local times like
 * `2021-03-30T20:44:18`. With `hostileKeys` it also has `__proto__` and `constructor` keys, as any
 * third party's JSON may.
 */
function remoteData(modelId: string, remoteId: string, fields: JsonObject, ctx: FactoryContext): JsonValue {
  const data: JsonObject = { id: remoteId };
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'object' || value === null) data[toCamel(key)] = value;
  }
  data.lastModifiedLocal = ctx.stamp.slice(0, 19);
  // Object.assign would run the `__proto__` setter: copy the keys as own properties.
  if (ctx.hostileKeys) Object.defineProperties(data, Object.getOwnPropertyDescriptors(hostileKeys()));
  return [{ path: modelSpec(modelId).remoteDataPath, data }];
}

/** `__proto__` and `constructor` as own, enumerable keys (a plain assignment would set the prototype). */
export function hostileKeys(): JsonObject {
  const out: JsonObject = {};
  const own = (key: string, value: JsonObject): void => {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  };
  own('__proto__', { isAdmin: true });
  own('constructor', { prototype: { polluted: true } });
  return out;
}

export function generateRecord(modelId: string, ctx: FactoryContext): MergeRecord {
  const generate = GENERATORS[modelId];
  if (!generate) throw new Error(`No generator for ${modelId}`);
  const remoteId = ctx.rng.digits(8);
  const generated = generate(ctx, remoteId);
  const fields: JsonObject = {
    id: ctx.id,
    remote_id: remoteId,
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    ...generated,
    remote_was_deleted: false,
    field_mappings: emptyFieldMappings(),
    remote_data: remoteData(modelId, remoteId, generated, ctx),
  };
  // The example's key order, then any documented field the example lacks. Generated values are fresh
  // objects; only example values the generator did not replace need copying.
  const record: JsonObject = {};
  for (const [key, value] of Object.entries(template(modelId) ?? {})) {
    const generated = fields[key];
    record[key] = generated !== undefined ? generated : cloneJson(value);
  }
  for (const [key, value] of Object.entries(fields)) if (!(key in record)) record[key] = value;
  return record as MergeRecord;
}

const COMMON_FIELDS = new Set([
  'id',
  'remote_id',
  'created_at',
  'modified_at',
  'remote_was_deleted',
  'field_mappings',
  'remote_data',
  'remote_fields',
]);
const fieldCache = new Map<string, string[]>();

/**
 * The Common Model fields of a model's records (besides the fields every model has), read from one
 * record generated aside (its own random source, no links), for `synced_fields` and
 * `supported_fields` where catalog-overlay.ts names none.
 */
export function modelFields(modelId: string): string[] {
  let fields = fieldCache.get(modelId);
  if (!fields) {
    const none = { ref: () => null, refs: () => [], refWhere: () => null, get: () => undefined };
    const sample = generateRecord(modelId, {
      rng: new Random(1),
      world: createWorld('Example'),
      id: '00000000-0000-4000-8000-000000000000',
      stamp: '2025-01-01T00:00:00.000000Z',
      nowMs: Date.UTC(2025, 0, 1),
      links: none,
      parentId: null,
    });
    fields = Object.keys(sample).filter((k) => !COMMON_FIELDS.has(k));
    fieldCache.set(modelId, fields);
  }
  return fields;
}

/** `synced_fields` of the model's `{Model}.synced` webhook. */
export function syncedFieldsOf(modelId: string): string[] {
  const named = modelSpec(modelId).syncedFields;
  return named.length > 0 ? named : modelFields(modelId);
}
