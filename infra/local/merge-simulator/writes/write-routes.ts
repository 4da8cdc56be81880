import { modelSpec } from '../catalog';
import { cloneJson } from '../json';
import { ownedChildOf } from '../record-links';
import { renderRecord } from '../render';
import { detail, NOT_FOUND } from '../responses';
import type { SimResponse } from '../responses';
import type { HandlerContext } from '../route-context';
import type { JsonObject, JsonValue, OrgCategory } from '../types';
import { writableModel, type WritableModel } from './writable-models';

// Merge's write endpoints (merge-common-models §2.0, §3): POST `<path>` and PATCH `<path>/{id}` with
// a body `{"model": {...}}` (ATS also `remote_user_id`), answered `{model, warnings, errors, logs}`
// (201 for a create; 200 for an update, which the reference leaves UNCERTAIN); `GET <path>/meta/post`
// and `meta/patch/{id}` answer a MetaResponse. A refusal is a 400 with `MISSING_REQUIRED_FIELD`-style
// errors. Written records go into the account's tables (a list shows them with a new `modified_at`).

export type WriteOperation = 'create' | 'update' | 'meta-post' | 'meta-patch';

export interface WriteRoute {
  kind: 'write';
  category: OrgCategory;
  model: WritableModel;
  operation: WriteOperation;
  id?: string;
}

/** A write route for `rest` (below `/api/{category}/v1/`), or undefined when it is no write's path. */
export function resolveWriteRoute(
  method: string,
  category: OrgCategory,
  rest: string,
): { route: WriteRoute } | { error: SimResponse } | undefined {
  const segments = rest.split('/');
  const model = writableModel(category, segments[0] ?? '');
  if (!model) return undefined;
  const route = (operation: WriteOperation, id?: string) => ({
    route: {
      kind: 'write' as const,
      category,
      model,
      operation,
      ...(id ? { id: decodeURIComponent(id) } : {}),
    },
  });
  const only = (allowed: string, build: () => { route: WriteRoute }) =>
    method === allowed ? build() : { error: detail(405, `Method "${method}" not allowed.`) };
  const [, second, third, fourth, ...extra] = segments;
  if (extra.length > 0) return undefined;
  if (second === undefined) return method === 'POST' ? route('create') : undefined;
  if (second === 'meta' && third === 'post' && fourth === undefined)
    return only('GET', () => route('meta-post'));
  if (second === 'meta' && third === 'patch' && fourth && model.patch)
    return only('GET', () => route('meta-patch', fourth));
  if (third === undefined && second !== '' && method === 'PATCH')
    return model.patch ? route('update', second) : { error: detail(405, `Method "${method}" not allowed.`) };
  return undefined;
}

const problem = (field: string, pointer: string): JsonObject => ({
  source: { pointer },
  title: 'Missing Required Field',
  detail: `${field} is a required field on model.`,
  problem_type: 'MISSING_REQUIRED_FIELD',
});
const refused = (errors: JsonObject[]): SimResponse => ({
  status: 400,
  body: { model: null, warnings: [], errors, logs: [] },
});
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function handleWriteRoute(route: WriteRoute, ctx: HandlerContext): SimResponse {
  const { writes } = ctx;
  const accountId = ctx.accountId;
  if (!writes || accountId === null) throw new Error('write route without its state or account');
  const { model } = route;
  if (route.operation === 'meta-post' || route.operation === 'meta-patch') {
    if (route.operation === 'meta-patch' && !findRecord(ctx, accountId, model, route.id ?? ''))
      return NOT_FOUND;
    return {
      status: 200,
      body: metaResponse(ctx, accountId, model, route.operation === 'meta-post' ? 'post' : 'patch'),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(ctx.request?.body ?? '');
  } catch {
    return detail(400, 'JSON parse error - the request body is not valid JSON.');
  }
  if (!isObject(body) || !isObject(body.model)) return refused([problem('model', '/model')]);
  if (model.remoteUserId && (typeof body.remote_user_id !== 'string' || body.remote_user_id === ''))
    return refused([problem('remote_user_id', '/remote_user_id')]);
  const key = ctx.request?.idempotencyKey ?? null;
  const replay = writes.replay(accountId, key);
  if (replay) return { status: replay.status, body: cloneJson(replay.body) };

  const { integration_params: _i, linked_account_params: _l, ...fields } = body.model;
  const operation = route.operation === 'create' ? 'post' : 'patch';
  const absent = (value: JsonValue | undefined) => value === undefined || value === null || value === '';
  const missing = writes.requiredFields(model, operation).filter((f) => absent(fields[f]));
  if (missing.length > 0) return refused(missing.map((f) => problem(f, `/model/${f}`)));

  let record: JsonObject;
  if (route.operation === 'create') {
    record = createListed(ctx, accountId, model, fields);
  } else {
    const existing = findRecord(ctx, accountId, model, route.id ?? '');
    if (!existing) return NOT_FOUND;
    record = updateListed(ctx, accountId, model, String(existing.id), fields);
  }
  const answer: JsonObject = { model: record, warnings: [], errors: [], logs: [] };
  const status = route.operation === 'create' ? 201 : 200;
  const method = route.operation === 'create' ? 'POST' : 'PATCH';
  writes.remember(accountId, key, status, cloneJson(answer));
  writes.applied.push({
    accountId,
    modelId: model.modelId,
    method,
    recordId: String(record.id),
    idempotencyKey: key,
  });
  if (writes.takeAppliedButFailed({ accountId, modelId: model.modelId, method }))
    return detail(500, 'A server error occurred.');
  return { status, body: answer };
}

/** A record as a write's answer carries it: read shape, no remote data or fields, nothing expanded. */
function rendered(ctx: HandlerContext, accountId: string, modelId: string, record: JsonObject): JsonObject {
  const plain = { expand: [], includeRemoteData: false, includeRemoteFields: false, enumOrigins: [] };
  const row = ctx.store.row(accountId, modelId, String(record.id));
  return cloneJson(renderRecord(ctx.store, accountId, modelSpec(modelId), row, plain));
}

function createListed(ctx: HandlerContext, accountId: string, model: WritableModel, fields: JsonObject) {
  const owned = ownedChildOf(model.modelId);
  // A record created through the API has only the children it names (no generated Application).
  const overrides = owned && !(owned.listField in fields) ? { ...fields, [owned.listField]: [] } : fields;
  const { id: _id, ...rest } = overrides;
  const record = ctx.store.addRecord(accountId, model.modelId, rest);
  return rendered(ctx, accountId, model.modelId, record);
}

function updateListed(
  ctx: HandlerContext,
  accountId: string,
  model: WritableModel,
  id: string,
  fields: JsonObject,
): JsonObject {
  const { id: _id, remote_id: _r, created_at: _c, modified_at: _m, ...changes } = fields;
  const current = ctx.store.row(accountId, model.modelId, id).record;
  const unchanged = Object.entries(changes).every(
    ([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v),
  );
  // A PATCH that changes nothing leaves the record (and its modified_at) as it is.
  const record = unchanged
    ? cloneJson(current)
    : ctx.store.updateRecord(accountId, model.modelId, id, changes);
  return rendered(ctx, accountId, model.modelId, record);
}

function findRecord(
  ctx: HandlerContext,
  accountId: string,
  model: WritableModel,
  id: string,
): JsonObject | undefined {
  const row = ctx.store.table(accountId, model.modelId).get(id);
  return row && row.raw === undefined ? row.record : undefined;
}

function metaResponse(
  ctx: HandlerContext,
  accountId: string,
  model: WritableModel,
  operation: 'post' | 'patch',
): JsonObject {
  const required = ctx.writes?.requiredFields(model, operation) ?? [];
  const properties: JsonObject = Object.fromEntries(
    required.map((field) => [field, { type: 'string', description: `The record's ${field}.` }]),
  );
  return {
    request_schema: {
      type: 'object',
      properties: {
        model: { type: 'object', properties, required },
        ...(model.remoteUserId ? { remote_user_id: { type: 'string' } } : {}),
      },
      required: ['model', ...(model.remoteUserId ? ['remote_user_id'] : [])],
    },
    remote_field_classes: {},
    status: { linked_account_status: ctx.store.view(accountId).status, can_make_request: true },
    has_conditional_params: false,
    has_required_linked_account_params: false,
    remote_fields: [],
  };
}
