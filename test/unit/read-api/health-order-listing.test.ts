import {
  healthListingKey,
  LISTING_BUCKETS,
  listingBucket,
  listedState,
} from '../../../shared/core/account-listing';
import type { LinkedAccount } from '../../../shared/core/accounts';
import { HEALTH_STATES, type HealthState } from '../../../shared/core/health';
import { listInHealthOrder, type HealthListingPlan } from '../../../shared/read-api/health-order-listing';
import { ACCOUNT_LISTING_LIMITS, type AccountListingLimits } from '../../../shared/read-api/listing-limits';
import type { HealthIndexBatch } from '../../../shared/store/ports';

const CATEGORIES = ['hris', 'crm', 'ats', 'knowledgebase'];

/** Accounts spread over states, categories and times, deterministically. */
function accounts(count: number): LinkedAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const state = HEALTH_STATES[(i * 5) % HEALTH_STATES.length]!;
    return {
      id: `acct-${String(i).padStart(4, '0')}`,
      category: CATEGORIES[i % CATEGORIES.length]!,
      status: state === 'deleted' ? 'DELETED' : 'ACTIVE',
      integration: i % 3 === 0 ? 'HubSpot' : 'BambooHR',
      source: 'import',
      linkedAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
      health: {
        state,
        reason: 'x',
        since: new Date(Date.UTC(2026, 11, 1) + (i % 17) * 60_000).toISOString(),
        history: [],
      },
    } as LinkedAccount;
  });
}

/** The health index as DynamoDB answers a Query of it: a bucket's keys in order, at most `limit`. */
function fakeIndex(all: LinkedAccount[]) {
  const entries = all
    .map((account) => ({ key: healthListingKey(account), account }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const calls = { queries: 0, itemsRead: 0 };
  const store = {
    async listByHealth(
      bucket: string,
      range: { from: string; to: string },
      limit: number,
    ): Promise<HealthIndexBatch> {
      calls.queries++;
      const inRange = entries.filter(
        (e) => listingBucket(e.account.category) === bucket && e.key >= range.from && e.key <= range.to,
      );
      const page = inRange.slice(0, limit);
      calls.itemsRead += page.length;
      return { entries: page, more: inRange.length > limit };
    },
  };
  return { store, calls, ordered: entries.map((e) => e.account) };
}

/** Every page of a listing, following `position` as a client follows `next`. */
async function everyPage(
  index: ReturnType<typeof fakeIndex>,
  plan: HealthListingPlan,
  pageSize: number,
  limits: AccountListingLimits = ACCOUNT_LISTING_LIMITS,
) {
  const ids: string[] = [];
  const perRequest: number[] = [];
  const readPerRequest: number[] = [];
  let after: string | null = null;
  for (let requests = 0; ; requests++) {
    const before = index.calls.queries;
    const read = index.calls.itemsRead;
    const page: { results: string[]; position: string | null; hasMore: boolean } = await listInHealthOrder(
      index.store,
      plan,
      { pageSize, after, view: (a) => a.id, limits },
    );
    perRequest.push(index.calls.queries - before);
    readPerRequest.push(index.calls.itemsRead - read);
    expect(page.results.length).toBeLessThanOrEqual(pageSize);
    ids.push(...page.results);
    if (!page.hasMore) break;
    expect(page.position).not.toBe(after); // every request moves forward
    after = page.position;
    expect(requests).toBeLessThan(500);
  }
  return { ids, perRequest, readPerRequest };
}

const plan = (overrides: Partial<HealthListingPlan> = {}): HealthListingPlan => ({
  buckets: LISTING_BUCKETS,
  states: null,
  test: null,
  ...overrides,
});

describe('listing in the problems order from the health index', () => {
  it('merges the category partitions into one order: worst state first, newest change first, then id', async () => {
    const index = fakeIndex(accounts(120));
    const { ids } = await everyPage(index, plan(), 7);
    expect(ids).toEqual(index.ordered.map((a) => a.id));
  });

  it('lists only the states asked for, worst first, each range a Query per partition', async () => {
    const index = fakeIndex(accounts(120));
    const states: HealthState[] = ['failing', 'relink_needed'];
    const { ids } = await everyPage(index, plan({ states: ['relink_needed', 'failing'] }), 5);
    expect(ids).toEqual(index.ordered.filter((a) => states.includes(listedState(a))).map((a) => a.id));
  });

  it('one category: its partition alone', async () => {
    const index = fakeIndex(accounts(120));
    const { ids, perRequest } = await everyPage(index, plan({ buckets: ['crm'] }), 10);
    expect(ids).toEqual(index.ordered.filter((a) => a.category === 'crm').map((a) => a.id));
    expect(Math.max(...perRequest)).toBeLessThanOrEqual(2);
  });

  it('a tested filter reads at most its budget a request, returns what matched, and goes on from there', async () => {
    const all = accounts(5000);
    for (const i of [17, 2500, 4999]) all[i] = { ...all[i]!, endUserOrganizationName: 'Needle Inc' };
    const index = fakeIndex(all);
    const test = (a: LinkedAccount) => a.endUserOrganizationName === 'Needle Inc';
    const { ids, perRequest, readPerRequest } = await everyPage(index, plan({ test }), 50);
    expect(ids.sort()).toEqual(['acct-0017', 'acct-2500', 'acct-4999']);
    expect(Math.max(...perRequest)).toBeLessThanOrEqual(ACCOUNT_LISTING_LIMITS.maxQueries);
    expect(Math.max(...readPerRequest)).toBeLessThanOrEqual(ACCOUNT_LISTING_LIMITS.maxTestedReads);
    expect(readPerRequest.length).toBeGreaterThan(2); // 5,000 accounts take three requests' budgets
  });

  it('small limits: each request stops at them, and following the positions still lists everything once', async () => {
    const index = fakeIndex(accounts(400));
    const limits = { maxQueries: 8, maxReads: 60, maxTestedReads: 30, testedQueryLimit: 10 };
    const tested = await everyPage(index, plan({ test: (a) => a.integration === 'HubSpot' }), 20, limits);
    expect(tested.ids).toEqual(index.ordered.filter((a) => a.integration === 'HubSpot').map((a) => a.id));
    expect(Math.max(...tested.readPerRequest)).toBeLessThanOrEqual(30);
    const untested = await everyPage(index, plan({ states: ['healthy', 'deleted'] }), 50, limits);
    expect(untested.ids).toEqual(
      index.ordered.filter((a) => ['healthy', 'deleted'].includes(listedState(a))).map((a) => a.id),
    );
    expect(Math.max(...untested.perRequest)).toBeLessThanOrEqual(8);
  });

  it('the work of a page does not grow with the accounts: the same Queries and items at 300 and 3,000', async () => {
    const work = async (count: number) => {
      const index = fakeIndex(accounts(count));
      const request = {
        pageSize: 50,
        after: null,
        view: (a: LinkedAccount) => a.id,
        limits: ACCOUNT_LISTING_LIMITS,
      };
      await listInHealthOrder(index.store, plan(), request);
      return { ...index.calls };
    };
    const small = await work(300);
    const large = await work(3000);
    expect(large.queries).toBe(small.queries);
    expect(large.itemsRead).toBe(small.itemsRead);
  });
});
