import {
  AccountListInputError,
  accountFilters,
  accountTest,
  isPlainListing,
} from '../../../shared/health/account-list';
import { accountInState } from '../../helpers/account-population';

const account = accountInState;

const accounts = [
  account('a1', 'healthy', { endUserOrganizationName: 'Acme Corp', endUserOriginId: 'cust-17' }),
  account('a2', 'relink_needed', { endUserEmailAddress: 'ops@globex.example' }),
  account('a3', 'failing', { category: 'crm', integration: 'HubSpot', integrationSlug: 'hubspot-crm' }),
  account('a4', 'relink_needed'),
  account('a5', null),
  account('a6', 'deleted'),
];
const matching = (query: Record<string, string>) => {
  const test = accountTest(accountFilters(query), { states: true, category: true });
  return accounts.filter((a) => !test || test(a)).map((a) => a.id);
};

describe('GET /accounts filters', () => {
  it('by state (one or several; not evaluated yet is initial_sync), category, integration and q', () => {
    expect(matching({ state: 'relink_needed' })).toEqual(['a2', 'a4']);
    expect(matching({ state: 'failing,healthy' })).toEqual(['a1', 'a3']);
    expect(matching({ state: 'initial_sync' })).toEqual(['a5']);
    expect(matching({ state: 'deleted' })).toEqual(['a6']);
    expect(matching({ category: 'crm' })).toEqual(['a3']);
    expect(matching({ integration: 'hubspot' })).toEqual(['a3']);
    expect(matching({ integration: 'HUBSPOT-CRM' })).toEqual(['a3']);
    expect(matching({ q: 'acme' })).toEqual(['a1']);
    expect(matching({ q: 'CUST-1' })).toEqual(['a1']);
    expect(matching({ q: 'globex' })).toEqual(['a2']);
    expect(matching({ q: 'a4' })).toEqual(['a4']);
  });

  it('states come worst first; every state is no state filter; the default order with none is the plain listing', () => {
    expect(accountFilters({ state: 'healthy,failing,relink_needed' }).states).toEqual([
      'relink_needed',
      'failing',
      'healthy',
    ]);
    expect(
      accountFilters({ state: 'initial_sync,healthy,delayed,relink_needed,failing,paused,deleted' }).states,
    ).toBeNull();
    expect(isPlainListing(accountFilters({}))).toBe(true);
    expect(isPlainListing(accountFilters({ order: 'id' }))).toBe(true);
    expect(isPlainListing(accountFilters({ order: 'problems' }))).toBe(false);
    expect(isPlainListing(accountFilters({ q: 'x' }))).toBe(false);
  });

  it('leaves to the index what it answers: nothing to test on the accounts read', () => {
    expect(
      accountTest(accountFilters({ state: 'failing', category: 'crm' }), { states: false, category: false }),
    ).toBeNull();
  });

  it.each([{ state: 'broken' }, { order: 'x' }, { category: 'c'.repeat(300) }, { q: 'q'.repeat(300) }])(
    'refuses %j',
    (query) => {
      expect(() => accountFilters(query)).toThrow(AccountListInputError);
    },
  );
});
