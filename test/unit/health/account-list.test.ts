import type { SyncedAccount } from '../../../shared/core/accounts';
import type { HealthState } from '../../../shared/core/health';
import { AccountListInputError, pageAccounts } from '../../../shared/health/account-list';

const account = (
  id: string,
  state: HealthState | null,
  extra: Partial<SyncedAccount> = {},
  since = '2026-12-01T00:00:00Z',
): SyncedAccount => ({
  id,
  category: 'hris',
  status: state === 'deleted' ? 'DELETED' : 'ACTIVE',
  integration: 'BambooHR',
  source: 'webhook',
  linkedAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...(state && state !== 'deleted' ? { health: { state, reason: 'x', since, history: [] } } : {}),
  ...extra,
});

const accounts = [
  account('a1', 'healthy', { endUserOrganizationName: 'Acme Corp', endUserOriginId: 'cust-17' }),
  account('a2', 'relink_needed', { endUserEmailAddress: 'ops@globex.example' }, '2026-12-02T00:00:00Z'),
  account('a3', 'failing', { category: 'crm', integration: 'HubSpot' }, '2026-12-03T00:00:00Z'),
  account('a4', 'relink_needed', {}, '2026-12-03T00:00:00Z'),
  account('a5', null),
  account('a6', 'deleted'),
];
const ids = (page: { results: { id: string }[] }) => page.results.map((r) => r.id);
const list = (query: Record<string, string | undefined>) =>
  pageAccounts(accounts, query, (a) => ({ id: a.id }));

describe('GET /accounts paging and filters', () => {
  it('gives every account its state (not evaluated yet: initial_sync) and counts per state', () => {
    const page = list({});
    expect(page.results.map((r) => `${r.id}:${r.state}`)).toEqual([
      'a1:healthy',
      'a2:relink_needed',
      'a3:failing',
      'a4:relink_needed',
      'a5:initial_sync',
      'a6:deleted',
    ]);
    expect(page.counts).toMatchObject({
      healthy: 1,
      relink_needed: 2,
      failing: 1,
      initial_sync: 1,
      deleted: 1,
    });
    expect(page.next).toBeNull();
  });

  it('filters by state (one or several), category, integration and q', () => {
    expect(ids(list({ state: 'relink_needed' }))).toEqual(['a2', 'a4']);
    expect(ids(list({ state: 'failing,healthy' }))).toEqual(['a1', 'a3']);
    expect(ids(list({ category: 'crm' }))).toEqual(['a3']);
    expect(ids(list({ integration: 'hubspot' }))).toEqual(['a3']);
    expect(ids(list({ q: 'acme' }))).toEqual(['a1']);
    expect(ids(list({ q: 'CUST-1' }))).toEqual(['a1']);
    expect(ids(list({ q: 'globex' }))).toEqual(['a2']);
    expect(ids(list({ q: 'a4' }))).toEqual(['a4']);
    // Counts ignore the state filter, so the chips show what each state would give.
    expect(list({ state: 'failing', category: 'hris' }).counts).toMatchObject({
      relink_needed: 2,
      failing: 0,
    });
  });

  it('pages with a cursor until every account was seen once', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = list({ page_size: '2', ...(cursor ? { cursor } : {}) });
      expect(page.results.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('order=problems: worst state first, the newest change first within it, deleted last', () => {
    expect(ids(list({ order: 'problems' }))).toEqual(['a4', 'a2', 'a3', 'a5', 'a1', 'a6']);
    const first = list({ order: 'problems', page_size: '3' });
    expect(ids(list({ order: 'problems', cursor: first.next! }))).toEqual(['a5', 'a1', 'a6']);
  });

  it.each([
    { page_size: '0' },
    { page_size: '1001' },
    { page_size: '1e2' },
    { page_size: '0x10' },
    { page_size: '  5' },
    { state: 'broken' },
    { order: 'x' },
    { cursor: 'nope' },
  ])('refuses %j', (query) => {
    expect(() => list(query)).toThrow(AccountListInputError);
  });
});
