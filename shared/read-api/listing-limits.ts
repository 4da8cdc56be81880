/**
 * What one GET /accounts may read, whatever the account count (docs/read-api.md, "Limits"). A
 * request that reaches a limit answers what it found with `has_more` and a `next` past what it read.
 */
export interface AccountListingLimits {
  /** Queries of the health index per request (a partition and state range each, and refills). */
  maxQueries: number;
  /** Account items read per request, however they are filtered. */
  maxReads: number;
  /** Account items read per request when each is tested against a filter no index answers. */
  maxTestedReads: number;
  /** Account items per Query when each is tested: most may not match. */
  testedQueryLimit: number;
}

export const ACCOUNT_LISTING_LIMITS: AccountListingLimits = {
  maxQueries: 32,
  maxReads: 10_000,
  maxTestedReads: 2_000,
  testedQueryLimit: 250,
};

/**
 * How many accounts a Query asks for: what the page still needs (and one to know if more follow);
 * when they are tested, twice as many each time the partition is asked again, up to `cap`, so a
 * filter most accounts match reads little and a rare one few Queries.
 */
export const queryLimit = (wanted: number, tested: boolean, queries: number, cap: number) =>
  tested ? Math.min(cap, wanted * 2 ** Math.min(queries, 16)) : wanted;
