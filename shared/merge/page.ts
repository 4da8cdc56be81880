/**
 * Reading response bodies: JSON text into a value, and a list response into a MergePage. Pure.
 */
import { cursorFromNext } from './next-cursor';
import type { MergePage } from './types';

export type BodyReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };
export type PageParseResult = { ok: true; page: MergePage } | { ok: false; reason: string };

/** The JSON value of a response body; an empty body is `undefined` (Merge's "no response body"). */
export function parseJsonBody(body: string): BodyReadResult<unknown> {
  if (body.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, reason: 'body is not valid JSON (truncated?)' };
  }
}

/**
 * Merge's envelope is `{ next, previous, results }` with `next` a bare cursor or null (reference section 2).
 * A missing or empty `next` means the last page, as in Merge's own SDK (`next != null && next !== ""`).
 * A `next` written as a URL yields its `cursor` parameter (the §2 conflict; see next-cursor.ts), so the
 * page's `next` is always the cursor to send.
 */
export function readPage(value: unknown): BodyReadResult<MergePage> {
  if (value === undefined) return { ok: false, reason: 'empty body' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const { results, next } = value as { results?: unknown; next?: unknown };
  if (!Array.isArray(results)) return { ok: false, reason: '"results" is not an array' };
  if (next !== undefined && next !== null && typeof next !== 'string') {
    return { ok: false, reason: '"next" is neither a string nor null' };
  }
  const cursor = cursorFromNext(next);
  if (!cursor.ok) return cursor;
  return { ok: true, value: { results: results as unknown[], next: cursor.cursor } };
}

/** A list response body (text) as a page. */
export function parsePage(body: string): PageParseResult {
  const json = parseJsonBody(body);
  const page = json.ok ? readPage(json.value) : json;
  return page.ok ? { ok: true, page: page.value } : page;
}
