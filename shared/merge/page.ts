/**
 * Validation of a list response body into a MergePage. Pure.
 */
import type { MergePage } from './types';

export type PageParseResult = { ok: true; page: MergePage } | { ok: false; reason: string };

/**
 * Merge's envelope is `{ next, previous, results }` with `next` a bare cursor or null (reference section 2).
 * A missing or empty `next` means the last page, as in Merge's own SDK (`next != null && next !== ""`).
 */
export function parsePage(body: string): PageParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: body.trim() === '' ? 'empty body' : 'body is not valid JSON (truncated?)' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const { results, next } = parsed as { results?: unknown; next?: unknown };
  if (!Array.isArray(results)) return { ok: false, reason: '"results" is not an array' };
  if (next !== undefined && next !== null && typeof next !== 'string') {
    return { ok: false, reason: '"next" is neither a string nor null' };
  }
  return { ok: true, page: { results: results as unknown[], next: next ? next : null } };
}
