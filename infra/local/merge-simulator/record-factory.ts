import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSpec } from './catalog';
import { BUSINESS_GENERATORS } from './generators/business';
import { emptyFieldMappings, phone } from './generators/common';
import type { FactoryContext } from './generators/common';
import { EXTRA_GENERATORS } from './generators/extra';
import { PEOPLE_GENERATORS } from './generators/people';
import type { Random } from './random';
import * as S from './sample-data';
import type { JsonObject, JsonValue, MergeRecord } from './types';
import { cloneJson } from './json';

// Generates realistic Common Model records. Each starts from Merge's official example record
// (fixtures/, copied from the SDK's wire tests) so every documented field is present, and then
// overwrites the values with plausible, internally consistent ones. Relations between records
// (employments, manager, candidate, applications) are filled in by the store, not here.

export { createWorld } from './generators/common';
export type { AccountWorld, FactoryContext } from './generators/common';

const GENERATORS = { ...PEOPLE_GENERATORS, ...BUSINESS_GENERATORS, ...EXTRA_GENERATORS };

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

const NEXT_TICKET_STATUS: Record<string, string> = { OPEN: 'IN_PROGRESS', IN_PROGRESS: 'CLOSED' };

/** Changes at least one Common Model field the way an upstream edit would. */
export function touchRecord(modelId: string, record: MergeRecord, rng: Random, stamp: string): void {
  const before = JSON.stringify(record);
  switch (modelId) {
    case 'hris.Employee':
      record.mobile_phone_number = phone(rng);
      break;
    case 'hris.Employment':
      record.pay_rate = Math.round((Number(record.pay_rate) || 50) * 1.03 * 100) / 100;
      break;
    case 'ats.Candidate':
      record.last_interaction_at = stamp;
      break;
    case 'ats.Application':
      record.current_stage = rng.uuid();
      break;
    case 'crm.Contact':
      record.last_activity_at = stamp;
      break;
    case 'crm.Lead':
      record.title = rng.pick(S.JOB_TITLES.filter((t) => t !== record.title));
      break;
    case 'accounting.Invoice':
      record.memo = `Updated ${stamp}`;
      break;
    case 'ticketing.Ticket':
      record.status = NEXT_TICKET_STATUS[String(record.status)] ?? 'OPEN';
      break;
    case 'ticketing.Attachment':
      record.file_name = `v${rng.int(2, 99)}-${String(record.file_name)}`;
      break;
    case 'ticketing.Team':
      record.description = `Updated ${stamp}`;
      break;
    case 'knowledgebase.Article':
    case 'chat.Message':
    case 'mktg.Campaign':
      record.remote_updated_at = stamp;
      break;
    case 'filestorage.File':
      record.size = (Number(record.size) || 0) + rng.int(1, 4096);
      record.checksum = { type: 'sha256', content_hash: rng.bytes(32).toString('hex') };
      break;
    default:
      throw new Error(`No update rule for ${modelId}`);
  }
  if ('remote_updated_at' in record) record.remote_updated_at = stamp;
  if (JSON.stringify(record) === before) throw new Error(`update of ${modelId} changed nothing`);
}
