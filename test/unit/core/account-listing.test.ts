import {
  countChanges,
  countScope,
  healthListingKey,
  listingBucket,
  listingFacts,
  stateKeyRange,
  STATES_BY_RANK,
} from '../../../shared/core/account-listing';
import type { HealthState } from '../../../shared/core/health';
import { accountInState } from '../../helpers/account-population';

const account = accountInState;

describe('the keys of the accounts health index', () => {
  it('sort the worst state first, the newest change first within a state, deleted last', () => {
    const at = (state: HealthState, since: string, id: string) =>
      healthListingKey(account(id, state, { health: { state, reason: 'x', since, history: [] } }));
    const keys = [
      at('healthy', '2026-12-03T00:00:00Z', 'h'),
      at('relink_needed', '2026-12-01T00:00:00Z', 'r-old'),
      at('relink_needed', '2026-12-02T00:00:00Z', 'r-new'),
      healthListingKey(account('d', 'deleted')),
      healthListingKey(account('i', null)),
    ].sort();
    expect(keys.map((k) => k.split('#')[2])).toEqual(['r-new', 'r-old', 'i', 'h', 'd']);
  });

  it('put every key of a state inside its range, and no other state’s', () => {
    for (const state of STATES_BY_RANK) {
      const key = healthListingKey(account('a', state));
      for (const other of STATES_BY_RANK) {
        const { from, to } = stateKeyRange(other);
        expect(key >= from && key <= to).toBe(other === state);
      }
    }
  });

  it('partition the six synced categories apart and every other category together', () => {
    expect(listingBucket('crm')).toBe('crm');
    expect(listingBucket('knowledgebase')).toBe(listingBucket('chat'));
    expect(listingBucket('knowledgebase')).not.toBe('knowledgebase');
  });
});

describe('the maintained counts', () => {
  it('count an account under every scope its filters can ask for, name and slug alike', () => {
    const facts = listingFacts(
      account('a', 'failing', { category: 'crm', integration: 'HubSpot', integrationSlug: 'hubspot' }),
    );
    expect(facts.state).toBe('failing');
    expect(facts.scopes.sort()).toEqual(
      [
        countScope({}),
        countScope({ category: 'crm' }),
        countScope({ integration: 'HUBSPOT' }),
        countScope({ category: 'crm', integration: 'hubspot' }),
      ].sort(),
    );
  });

  it('change by what an account was and is now, and not at all when neither moved', () => {
    const before = listingFacts(account('a', 'healthy'));
    const after = listingFacts(account('a', 'failing'));
    expect(countChanges(before, before).size).toBe(0);
    expect(countChanges(before, after).get('ALL')).toEqual({ healthy: -1, failing: 1 });
    expect(countChanges(undefined, after).get('CATEGORY#hris')).toEqual({ failing: 1 });
    expect(countChanges(after, undefined).get('INTEGRATION#bamboohr')).toEqual({ failing: -1 });
    const moved = countChanges(before, listingFacts(account('a', 'healthy', { integration: 'Workday' })));
    expect([...moved.keys()].sort()).toEqual([
      'CATEGORY#hris#INTEGRATION#bamboohr',
      'CATEGORY#hris#INTEGRATION#workday',
      'INTEGRATION#bamboohr',
      'INTEGRATION#workday',
    ]);
  });
});
