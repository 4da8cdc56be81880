/**
 * URL and query of a Merge list request. Pure.
 */
import type { ListOptions, QueryValue } from './types';

/** Merge's maximum and our default (reference section 2: "The maximum limit is 100"). */
export const MAX_PAGE_SIZE = 100;

// Model paths are plain path segments such as `employees`, `bank-info` or `sync-status`: anything else
// (`..`, `?`, `#`, `%`) would let a caller's string change which endpoint or query is requested.
const MODEL_PATH = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

/** `modelPath` without surrounding slashes, or undefined when it is not a plain relative path. */
export function normalizeModelPath(modelPath: string): string | undefined {
  const trimmed = modelPath.replace(/^\/+|\/+$/g, '');
  return MODEL_PATH.test(trimmed) ? trimmed : undefined;
}

/** 1..100, whole; anything unusable falls back to 100. */
export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(pageSize)));
}

export function buildListQuery(options: ListOptions = {}): URLSearchParams {
  const query = new URLSearchParams();
  query.set('page_size', String(clampPageSize(options.pageSize)));
  if (options.cursor) query.set('cursor', options.cursor);
  if (options.modifiedAfter) query.set('modified_after', options.modifiedAfter);
  if (options.includeDeletedData) query.set('include_deleted_data', 'true');
  if (options.includeRemoteData) query.set('include_remote_data', 'true');
  if (options.includeSensitiveFields) query.set('include_sensitive_fields', 'true');
  const expand = (options.expand ?? []).map((name) => name.trim()).filter((name) => name !== '');
  // ONE comma-separated value: Merge silently keeps only the last of repeated `expand` params
  // (reference section 3, merge-api/merge-node-client#157).
  if (expand.length > 0) query.set('expand', expand.join(','));
  return query;
}

/**
 * The query of a general request, in the caller's key order. Booleans are `true`/`false`; an array is ONE
 * comma-separated value, as `expand` must be; null, undefined and empty arrays are left out.
 */
export function buildQuery(values: Readonly<Record<string, QueryValue>> = {}): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      query.set(name, String(value));
      continue;
    }
    const items = value.map((item) => item.trim()).filter((item) => item !== '');
    if (items.length > 0) query.set(name, items.join(','));
  }
  return query;
}

/** `/{category}/v1/{modelPath}?{query}`, relative to the base URL; also what events and errors show. */
export function buildRequestPath(category: string, modelPath: string, query: URLSearchParams): string {
  const search = query.toString();
  return `/${category}/v1/${modelPath}${search ? `?${search}` : ''}`;
}
