/**
 * The cursor of a list response's `next`. Pure.
 *
 * Merge's docs and SDK show `next` as a bare opaque cursor fed straight back as `cursor` (reference §2);
 * Merge's own skills text shows it as a URL (`https://api.merge.dev/api/hris/v1/sync-status?cursor=abc123`,
 * the [CONFLICT] note in §2). Both are accepted: a URL yields its `cursor` parameter, anything else is the
 * cursor itself.
 */

export type NextCursorResult = { ok: true; cursor: string | null } | { ok: false; reason: string };

// Something written as a URL: absolute http(s), a path, or a bare query string. A base64 cursor can start
// with `/`, so a path counts only when it carries a query (`?` is never part of a base64 cursor).
const ABSOLUTE_URL = /^https?:\/\//i;
const PATH_WITH_QUERY = /^\/[^?#]*\?/;

/**
 * `next` as the cursor to send: null for the last page (null, absent or empty, as Merge's SDK reads it:
 * `next != null && next !== ""`), the `cursor` parameter of a URL, or the opaque string itself.
 */
export function cursorFromNext(next: string | null | undefined): NextCursorResult {
  if (next === null || next === undefined || next === '') return { ok: true, cursor: null };
  const query = urlQuery(next);
  if (query === undefined) return { ok: true, cursor: next };
  const cursor = query.get('cursor');
  // Reasons name no value: a cursor is Merge's opaque state, not something to echo into logs.
  if (cursor === null) return { ok: false, reason: '"next" is a URL without a "cursor" parameter' };
  if (cursor === '') return { ok: false, reason: '"next" is a URL with an empty "cursor" parameter' };
  return { ok: true, cursor };
}

/** The query of `next` when it is written as a URL; undefined for an opaque cursor. */
function urlQuery(next: string): URLSearchParams | undefined {
  if (!ABSOLUTE_URL.test(next) && !next.startsWith('?') && !PATH_WITH_QUERY.test(next)) return undefined;
  try {
    return new URL(next, 'http://relative.invalid').searchParams;
  } catch {
    // Written as a URL but not one: no cursor can be read from it.
    return new URLSearchParams();
  }
}
