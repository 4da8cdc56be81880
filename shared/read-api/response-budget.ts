/**
 * Lambda answers a synchronous invocation with at most 6 MB (6,291,456 bytes) of JSON, and the
 * read API's answer travels inside it as the string `body`: JSON of JSON, where every `"` and `\`
 * of the body is escaped again. A page is cut so that this escaped body stays under 5 MiB, leaving
 * room for the status, the headers and the page's own fields, whatever the records look like.
 */
export const MAX_RESPONSE_BODY_BYTES = 5 * 1024 * 1024;

/** What `next`, `has_more` and the brackets around the results may take: a cursor is under 2 KiB. */
const PAGE_OVERHEAD_BYTES = 8 * 1024;

/** The bytes `value` adds to the Lambda response, once as JSON and escaped again as the body string. */
export function encodedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(value))) - 2;
}

/**
 * Collects the items of one page until the next would push the response past the limit. The first
 * item always fits: one DynamoDB item is at most 400 KB, far below the limit even escaped twice.
 */
export class PageBudget {
  private used = PAGE_OVERHEAD_BYTES;

  constructor(private readonly limitBytes = MAX_RESPONSE_BODY_BYTES) {}

  /** Counts `item` in and says true, or says false (and counts nothing) when it would not fit. */
  admit(item: unknown, isFirst: boolean): boolean {
    const size = encodedBytes(item) + 1; // and its comma
    if (!isFirst && this.used + size > this.limitBytes) return false;
    this.used += size;
    return true;
  }
}
