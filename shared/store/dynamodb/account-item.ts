import type { LinkedAccount } from '../../core/accounts';
import { healthListingKey, listingBucket, listingFacts, type ListingFacts } from '../../core/account-listing';
import { HEALTH_STATES, type HealthState } from '../../core/health';
import { ACCOUNTS_INDEX_PK, accountKey, accountsIndexSk, healthIndexPk } from '../keys';
import { key, readS, s, type Item } from './attributes';

/**
 * What the account item records it was counted as (listing-counters.ts): the counts follow the
 * items, so a write changes them by what it replaced, read back from the item it replaced.
 */
export const LISTED_AS = 'listedAs';

/**
 * An account's item: the document as JSON, its place in the accounts index (status, id), in the
 * health index (category bucket; state, time, id) and what it is counted as.
 */
export function accountItem(account: LinkedAccount): Item {
  return {
    ...key(accountKey(account.id)),
    doc: s(JSON.stringify(account)),
    gsi1pk: s(ACCOUNTS_INDEX_PK),
    gsi1sk: s(accountsIndexSk(account.status, account.id)),
    gsi3pk: s(healthIndexPk(listingBucket(account.category))),
    gsi3sk: s(healthListingKey(account)),
    [LISTED_AS]: s(JSON.stringify(listingFacts(account))),
  };
}

export function accountOf(item: Item | undefined): LinkedAccount | undefined {
  const doc = item && readS(item, 'doc');
  return doc ? (JSON.parse(doc) as LinkedAccount) : undefined;
}

/** What the item was counted as; undefined for an item written before counting (not counted yet). */
export function listedAsOf(item: Item | undefined): ListingFacts | undefined {
  const text = item && readS(item, LISTED_AS);
  if (!text) return undefined;
  try {
    const facts = JSON.parse(text) as Partial<ListingFacts>;
    const valid =
      typeof facts.state === 'string' &&
      (HEALTH_STATES as readonly string[]).includes(facts.state) &&
      Array.isArray(facts.scopes) &&
      facts.scopes.every((scope) => typeof scope === 'string');
    return valid ? { state: facts.state as HealthState, scopes: facts.scopes! } : undefined;
  } catch {
    return undefined;
  }
}

/** An item written by an earlier version, or whose listing keys no longer match its document. */
export function needsReindex(item: Item): boolean {
  const expected = accountItem(accountOf(item)!);
  return ['gsi1pk', 'gsi1sk', 'gsi3pk', 'gsi3sk', LISTED_AS].some(
    (name) => readS(item, name) !== readS(expected, name),
  );
}
