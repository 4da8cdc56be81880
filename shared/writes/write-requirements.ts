/**
 * What Merge requires of a write for one account, from `GET <path>/meta/post` (or
 * `meta/patch/{id}`): its `request_schema` is JSON-schema-like, `{properties: {model: {required:
 * [...]}}, required: [...]}` in Merge's docs. Read leniently: only what can be read is checked, and
 * an unknown shape requires nothing.
 */
import type { WriteRecord } from '../core/writes';
import type { WriteRequirements } from './ports';

const NOTHING: WriteRequirements = {
  modelFields: [],
  requestFields: [],
  canMakeRequest: null,
  linkedAccountStatus: null,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

/** A MetaResponse body as requirements; nothing required when it says nothing readable. */
export function readRequirements(body: unknown): WriteRequirements {
  if (!isObject(body)) return NOTHING;
  const schema = body.request_schema;
  const status = isObject(body.status) ? body.status : {};
  let modelFields: string[] = [];
  let requestFields: string[] = [];
  if (isObject(schema)) {
    const model = isObject(schema.properties) ? schema.properties.model : undefined;
    if (isObject(model)) {
      // The schema of the whole request: the model's own required fields, and the request's.
      modelFields = names(model.required);
      requestFields = names(schema.required).filter((name) => name !== 'model');
    } else {
      // The schema of the model alone.
      modelFields = names(schema.required);
    }
  }
  return {
    modelFields: [...new Set(modelFields)],
    requestFields: [...new Set(requestFields)],
    canMakeRequest: typeof status.can_make_request === 'boolean' ? status.can_make_request : null,
    linkedAccountStatus:
      typeof status.linked_account_status === 'string' ? status.linked_account_status : null,
  };
}

/** The required fields the write lacks: `model` fields by name, request fields such as remote_user_id. */
export function missingFields(
  requirements: WriteRequirements,
  write: Pick<WriteRecord, 'data' | 'remoteUserId'>,
): string[] {
  const data = write.data ?? {};
  const absent = (value: unknown) => value === undefined || value === null || value === '';
  const fromModel = requirements.modelFields.filter((field) => absent(data[field]));
  const fromRequest = requirements.requestFields.filter((field) =>
    field === 'remote_user_id' ? absent(write.remoteUserId) : true,
  );
  return [...fromModel, ...fromRequest];
}

export const NO_REQUIREMENTS = NOTHING;
