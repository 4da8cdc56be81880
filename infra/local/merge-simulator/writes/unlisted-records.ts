import { randomUUID } from 'node:crypto';
import { formatMicros } from '../time';
import type { JsonObject } from '../types';
import type { WritableModel } from './writable-models';
import type { SimWrites } from './write-state';

// Records written to models the simulator does not list: kept aside so PATCH and `meta/patch/{id}`
// find them and answers look like Merge's, with the same standard fields every Common Model has.

let lastMicros = 0;
function stamp(): string {
  lastMicros = Math.max(Date.now() * 1000 + 1, lastMicros + 1);
  return formatMicros(lastMicros);
}

export function createUnlisted(
  writes: SimWrites,
  accountId: string,
  model: WritableModel,
  fields: JsonObject,
): JsonObject {
  const now = stamp();
  const { id: _id, ...rest } = fields;
  const record: JsonObject = {
    id: randomUUID(),
    remote_id: String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
    created_at: now,
    modified_at: now,
    ...rest,
    remote_was_deleted: false,
    field_mappings: null,
  };
  writes.unlistedTable(accountId, model.modelId).set(String(record.id), record);
  return structuredClone(record);
}

export function updateUnlisted(
  writes: SimWrites,
  accountId: string,
  model: WritableModel,
  id: string,
  fields: JsonObject,
): JsonObject {
  const table = writes.unlistedTable(accountId, model.modelId);
  const { id: _id, created_at: _c, modified_at: _m, ...changes } = fields;
  const record: JsonObject = { ...table.get(id), ...changes, modified_at: stamp() };
  table.set(id, record);
  return structuredClone(record);
}
