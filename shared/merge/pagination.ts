/**
 * Following Merge's `next` cursors, one page at a time so a caller can checkpoint or stop between pages.
 */

/**
 * Every page from `startCursor` (or the first) until `next` is null. A `next` equal to the cursor it came
 * with would request the same page forever: `repeated` builds the error thrown instead.
 */
export async function* followCursors<P extends { next: string | null }>(
  startCursor: string | null,
  fetchPage: (cursor: string | null) => Promise<P>,
  repeated: (cursor: string | null) => Error,
): AsyncGenerator<P> {
  let cursor = startCursor;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    if (page.next === null) return;
    if (page.next === cursor) throw repeated(cursor);
    cursor = page.next;
  }
}
