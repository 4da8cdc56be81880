import type { ModelSpec, RelationSpec } from './catalog';
import { decodeCursor, parsePageSize } from './pagination';
import type { CursorPosition } from './pagination';
import { parseIsoToMicros } from './time';

// Query parameters of Merge's list and retrieve endpoints (reference section 3). Like Django, a repeated
// parameter resolves to its LAST value, which is why `?expand=a&expand=b` expands only `b` in Merge.
// Parameters Merge has but the simulator does not model are ignored, as unknown ones are.

export interface RenderOptions {
  expand: RelationSpec[];
  includeRemoteData: boolean;
  includeRemoteFields: boolean;
  /** Enum fields to answer with their third-party value (show_enum_origins / remote_fields). */
  enumOrigins: string[];
}

export interface ListQuery extends RenderOptions {
  pageSize: number;
  cursor: CursorPosition | null;
  /** Bounds in microseconds, all exclusive. */
  createdAfter: number | null;
  createdBefore: number | null;
  modifiedAfter: number | null;
  modifiedBefore: number | null;
  includeDeleted: boolean;
  remoteId: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The value Django's QueryDict.get would return: the last one. */
export function lastParam(params: URLSearchParams, name: string): string | null {
  const all = params.getAll(name);
  return all.length > 0 ? (all[all.length - 1] ?? null) : null;
}

function parseBool(params: URLSearchParams, name: string): boolean | { error: string } {
  const raw = lastParam(params, name);
  if (raw === null) return false;
  if (['true', 'True', '1'].includes(raw)) return true;
  if (['false', 'False', '0', ''].includes(raw)) return false;
  return { error: `${name} must be true or false.` };
}

function parseDate(params: URLSearchParams, name: string): number | null | { error: string } {
  const raw = lastParam(params, name);
  if (raw === null || raw === '') return null;
  const micros = parseIsoToMicros(raw);
  return micros === null ? { error: `${name}: enter a valid ISO 8601 date/time.` } : micros;
}

function csv(raw: string | null): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseRenderOptions(params: URLSearchParams, spec: ModelSpec): Parsed<RenderOptions> {
  const expand: RelationSpec[] = [];
  for (const name of csv(lastParam(params, 'expand'))) {
    const relation = spec.relations.find((r) => r.field === name);
    if (!relation)
      return { ok: false, error: `expand: "${name}" is not a valid choice for ${spec.modelName}.` };
    if (!expand.includes(relation)) expand.push(relation);
  }
  const enumOrigins = csv(lastParam(params, 'show_enum_origins') ?? lastParam(params, 'remote_fields'));
  for (const field of enumOrigins) {
    if (!(field in spec.enumOrigins)) {
      return {
        ok: false,
        error: `show_enum_origins: "${field}" is not a valid choice for ${spec.modelName}.`,
      };
    }
  }
  const includeRemoteData = parseBool(params, 'include_remote_data');
  if (typeof includeRemoteData === 'object') return { ok: false, error: includeRemoteData.error };
  const includeRemoteFields = parseBool(params, 'include_remote_fields');
  if (typeof includeRemoteFields === 'object') return { ok: false, error: includeRemoteFields.error };
  return { ok: true, value: { expand, includeRemoteData, includeRemoteFields, enumOrigins } };
}

export interface PageQuery {
  pageSize: number;
  cursor: CursorPosition | null;
}

export function parsePageQuery(params: URLSearchParams): Parsed<PageQuery> {
  const pageSize = parsePageSize(lastParam(params, 'page_size'));
  if (typeof pageSize === 'object') return { ok: false, error: pageSize.error };
  const rawCursor = lastParam(params, 'cursor');
  let cursor: CursorPosition | null = null;
  if (rawCursor !== null && rawCursor !== '') {
    cursor = decodeCursor(rawCursor);
    if (!cursor) return { ok: false, error: 'Invalid cursor' };
  }
  return { ok: true, value: { pageSize, cursor } };
}

/** The list parameters a model without `modified_after` does not have (reference §2.0, rows **N**). */
export const TIMESTAMP_FILTERS = [
  'created_after',
  'created_before',
  'modified_after',
  'modified_before',
  'remote_id',
] as const;

/**
 * `modifiedAfter` false (AccountingPeriod, BankFeedAccount, ItemFulfillment, PaymentMethod,
 * PaymentTerm and the nested lists): the list has none of TIMESTAMP_FILTERS, so, like any parameter
 * an endpoint does not declare, they are ignored (not validated either) and the full list is served.
 */
export function parseListQuery(
  params: URLSearchParams,
  spec: ModelSpec,
  modifiedAfter = spec.modifiedAfter,
): Parsed<ListQuery> {
  const page = parsePageQuery(params);
  if (!page.ok) return page;
  const render = parseRenderOptions(params, spec);
  if (!render.ok) return render;
  const dates: Record<string, number | null> = {};
  for (const name of modifiedAfter
    ? ['created_after', 'created_before', 'modified_after', 'modified_before']
    : []) {
    const value = parseDate(params, name);
    if (typeof value === 'object' && value !== null) return { ok: false, error: value.error };
    dates[name] = value;
  }
  const includeDeleted = parseBool(params, 'include_deleted_data');
  if (typeof includeDeleted === 'object') return { ok: false, error: includeDeleted.error };
  return {
    ok: true,
    value: {
      ...page.value,
      ...render.value,
      createdAfter: dates.created_after ?? null,
      createdBefore: dates.created_before ?? null,
      modifiedAfter: dates.modified_after ?? null,
      modifiedBefore: dates.modified_before ?? null,
      includeDeleted,
      remoteId: modifiedAfter ? lastParam(params, 'remote_id') : null,
    },
  };
}
