import { firstIndexAfter } from './store/records';

// Cursor pagination as Merge serves it: `{next, previous, results}` with bare, opaque base64 cursors
// (Merge's are Django REST Framework position cursors). Rows are ordered by their creation sequence and a
// cursor names a position in that order plus the page number, so a record edited mid-pagination keeps its
// place and inserts or deletes never shift what a cursor points at.

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

export interface CursorPosition {
  /** `next`: rows after `seq`; `previous`: the rows just before `seq`. */
  dir: 'next' | 'previous';
  seq: number;
  /** Index of the page this cursor leads to (0 = the first page). */
  page: number;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(`${pos.dir === 'next' ? 'p' : 'r'}=${pos.seq}&i=${pos.page}`).toString('base64');
}

export function decodeCursor(raw: string): CursorPosition | null {
  // An unencoded `+` in a query string arrives as a space.
  const value = raw.replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const m = /^([pr])=(\d{1,15})&i=(\d{1,9})$/.exec(Buffer.from(value, 'base64').toString('utf8'));
  if (!m) return null;
  return { dir: m[1] === 'p' ? 'next' : 'previous', seq: Number(m[2]), page: Number(m[3]) };
}

/** `page_size`: default 30, values above 100 are capped, anything that is not an integer >= 1 is an error. */
export function parsePageSize(raw: string | null): number | { error: string } {
  if (raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw.trim())) return { error: 'page_size must be a positive integer.' };
  const n = Number(raw.trim());
  if (n < 1) return { error: 'page_size must be a positive integer.' };
  return Math.min(n, MAX_PAGE_SIZE);
}

export interface Page<T> {
  items: T[];
  next: string | null;
  previous: string | null;
}

/** The page index a request is for, known before the page is built (for onBeforePage). */
export function pageIndexOf(cursor: CursorPosition | null): number {
  return cursor?.page ?? 0;
}

/**
 * Builds one page from `rows` (sorted by seq) keeping those that `matches`. Scans only as far as it must,
 * so paging through a large table stays linear overall.
 */
export function paginate<T extends { seq: number }>(
  rows: readonly T[],
  matches: (row: T) => boolean,
  cursor: CursorPosition | null,
  pageSize: number,
): Page<T> {
  const page = pageIndexOf(cursor);
  const items: T[] = [];
  if (cursor === null || cursor.dir === 'next') {
    const start = cursor ? firstIndexAfter(rows, cursor.seq) : 0;
    let i = start;
    for (; i < rows.length && items.length < pageSize; i++) {
      const row = rows[i];
      if (row && matches(row)) items.push(row);
    }
    const hasAfter = scanForward(rows, i, matches);
    const hasBefore = scanBackward(rows, start - 1, matches);
    const first = items[0];
    const last = items[items.length - 1];
    const beforeSeq = first ? first.seq : (cursor?.seq ?? 0) + 1;
    return {
      items,
      next: hasAfter && last ? encodeCursor({ dir: 'next', seq: last.seq, page: page + 1 }) : null,
      previous: hasBefore
        ? encodeCursor({ dir: 'previous', seq: beforeSeq, page: Math.max(0, page - 1) })
        : null,
    };
  }
  const end = firstIndexAfter(rows, cursor.seq - 1);
  let i = end - 1;
  for (; i >= 0 && items.length < pageSize; i--) {
    const row = rows[i];
    if (row && matches(row)) items.unshift(row);
  }
  const hasBefore = scanBackward(rows, i, matches);
  const hasAfter = scanForward(rows, end, matches);
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    next: hasAfter
      ? encodeCursor({ dir: 'next', seq: last ? last.seq : cursor.seq - 1, page: page + 1 })
      : null,
    previous:
      hasBefore && first
        ? encodeCursor({ dir: 'previous', seq: first.seq, page: Math.max(0, page - 1) })
        : null,
  };
}

function scanForward<T>(rows: readonly T[], from: number, matches: (row: T) => boolean): boolean {
  for (let i = from; i < rows.length; i++) {
    const row = rows[i];
    if (row !== undefined && matches(row)) return true;
  }
  return false;
}

function scanBackward<T>(rows: readonly T[], from: number, matches: (row: T) => boolean): boolean {
  for (let i = from; i >= 0; i--) {
    const row = rows[i];
    if (row !== undefined && matches(row)) return true;
  }
  return false;
}
