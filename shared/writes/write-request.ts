/**
 * What a caller asks to write, checked before anything is stored: the API's JSON body and the
 * `detail` of a Write Requested event take the same shape. Pure.
 */
import { createHash } from 'node:crypto';
import { findModel, type ModelDefinition } from '../config/model-catalog';
import { stableStringify } from '../core/content-hash';
import type { WriteOperation } from '../core/writes';

/** A write's whole JSON body: a record's fields with room to spare under DynamoDB's 400 KB item. */
export const MAX_WRITE_BODY_BYTES = 256 * 1024;
/** Idempotency keys are the caller's: any visible ASCII, as long as a header value may be. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** Merge ids are UUIDs; a path segment of these characters cannot change which endpoint is called. */
const MERGE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface WriteRequest {
  modelId: string;
  operation: WriteOperation;
  /** The Merge id of the record to update; absent for a create. */
  recordId?: string;
  data: Record<string, unknown>;
  idempotencyKey: string;
  remoteUserId?: string;
}

export type ParsedWrite =
  | { ok: true; request: WriteRequest; model: ModelDefinition; dataBytes: number }
  | { ok: false; error: string };

const FIELDS = ['model', 'operation', 'id', 'data', 'idempotency_key', 'remote_user_id'];

const refuse = (error: string): ParsedWrite => ({ ok: false, error });
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The API's body as text (API Gateway hands it over as a string). */
export function parseWriteBody(body: string | undefined): ParsedWrite {
  if (body === undefined || body.trim() === '') return refuse('the body is empty: send a JSON object');
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_WRITE_BODY_BYTES)
    return refuse(`the body is ${bytes} bytes; the limit is ${MAX_WRITE_BODY_BYTES}`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return refuse('the body is not valid JSON');
  }
  return parseWriteInput(value);
}

/** A decoded body or event detail: `{model, operation, id?, data, idempotency_key, remote_user_id?}`. */
export function parseWriteInput(value: unknown): ParsedWrite {
  if (!isObject(value)) return refuse('the body must be a JSON object');
  const unknown = Object.keys(value).find((name) => !FIELDS.includes(name));
  if (unknown !== undefined) return refuse(`unknown field "${unknown}"; accepted: ${FIELDS.join(', ')}`);
  const { model: modelId, operation, id, data, idempotency_key: key, remote_user_id: user } = value;
  if (typeof modelId !== 'string' || modelId === '')
    return refuse('model is required: a model id such as "ticketing.Ticket"');
  const model = findModel(modelId);
  if (!model) return refuse(`unknown model "${modelId}" (docs/models.md lists them)`);
  const { post, patch } = model.writes;
  if (!post && !patch) return refuse(`model ${modelId} is not writable: Merge has no POST or PATCH for it`);
  if (model.path.includes('{'))
    return refuse(`model ${modelId} is not writable here: its endpoint needs a parent's id`);
  if (operation !== 'create' && operation !== 'update')
    return refuse('operation must be "create" or "update"');
  if (operation === 'create' && !post) return refuse(`model ${modelId} cannot be created: Merge has no POST`);
  if (operation === 'update' && !patch)
    return refuse(`model ${modelId} cannot be updated: Merge has no PATCH for it`);
  if (operation === 'update' && (typeof id !== 'string' || id.trim() === ''))
    return refuse('id is required for an update: the Merge id of the record');
  if (operation === 'update' && !MERGE_ID.test(id as string))
    return refuse('id must be a Merge id: letters, digits, "-" and "_"');
  if (operation === 'create' && id !== undefined) return refuse('id is only for an update');
  if (!isObject(data)) return refuse('data must be a JSON object of Merge fields');
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))
    return refuse('idempotency_key is required: 1 to 255 visible ASCII characters');
  if (user !== undefined && (typeof user !== 'string' || user === ''))
    return refuse('remote_user_id must be a non-empty string');
  if (model.writes.requiresRemoteUserId && user === undefined)
    return refuse(`remote_user_id is required for ${modelId}: Merge makes ATS writes as a user`);
  const request: WriteRequest = {
    modelId,
    operation,
    ...(operation === 'update' ? { recordId: id as string } : {}),
    data,
    idempotencyKey: key,
    ...(typeof user === 'string' ? { remoteUserId: user } : {}),
  };
  return { ok: true, request, model, dataBytes: Buffer.byteLength(JSON.stringify(data)) };
}

/** The request's fingerprint: the same key with another body is a conflict, not a resubmission. */
export function requestHash(request: WriteRequest): string {
  const { idempotencyKey: _key, ...rest } = request;
  return createHash('sha256').update(stableStringify(rest)).digest('base64url');
}

/** Idempotency keys are stored hashed: a caller's key may say more than it should. */
export const keyHash = (idempotencyKey: string): string =>
  createHash('sha256').update(idempotencyKey).digest('base64url');

/** The Merge path of the write: `tickets` for a create, `tickets/{id}` for an update. */
export function writePath(model: ModelDefinition, operation: WriteOperation, recordId?: string | null) {
  const { post, patch } = model.writes;
  if (operation === 'create' && post) return post;
  if (operation === 'update' && patch && recordId) return patch.replace('{id}', recordId);
  throw new Error(`${model.modelId} has no ${operation} endpoint`);
}

/** The `meta` path that describes the write: `tickets/meta/post`, `tickets/meta/patch/{id}`. */
export function metaPath(model: ModelDefinition, operation: WriteOperation, recordId?: string | null) {
  return operation === 'create' ? `${model.path}/meta/post` : `${model.path}/meta/patch/${recordId ?? ''}`;
}
