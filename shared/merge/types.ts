/** Merge categories this product syncs; path segment of `/api/{category}/v1/...`. */
export const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/** Who a request is made for: Merge meters and authorizes per linked account token. */
export interface AccountContext {
  accountId: string;
  accountToken: string;
  category: Category;
}

/** One page of a Merge list endpoint. `next` is Merge's opaque cursor, null on the last page. */
export interface MergePage {
  results: unknown[];
  next: string | null;
}

export interface ListOptions {
  /** ISO-8601; only objects Merge modified after it. */
  modifiedAfter?: string;
  includeDeletedData?: boolean;
  includeRemoteData?: boolean;
  /** Relation names, sent as ONE comma-separated `expand` value (Merge ignores all but the last repeated one). */
  expand?: readonly string[];
  /** 1..100; the client defaults to 100, Merge's maximum. */
  pageSize?: number;
  /** Resume from this cursor (a checkpoint) instead of the first page. */
  cursor?: string | null;
}

/** Spends a linked account's request budget; implemented over the store so concurrent functions share it. */
export interface RequestPacer {
  /** Resolves when one more request for this account may be sent now. */
  acquire(accountId: string): Promise<void>;
  /** Merge said 429: nobody sends for this account before `untilMs`. */
  backOff(accountId: string, untilMs: number): Promise<void>;
}

export const unpacedRequests: RequestPacer = {
  acquire: async () => undefined,
  backOff: async () => undefined,
};
