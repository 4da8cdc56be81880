import { AccountOverridesError, validateAccountOverrides } from '../../../shared/config/account-overrides';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { parseSyncConfig } from '../../../shared/config/sync-config';

const settings = parseSyncConfig(DEFAULT_SYNC_CONFIG);

describe('per-account overrides', () => {
  it('narrow the models, re-tier them and set the plan limit of one account only', () => {
    const overrides = validateAccountOverrides(settings, 'crm', {
      models: ['crm.Lead'],
      cadence: { 'crm.Lead': 'hourly' },
      planRequestsPerMinute: 400,
    });
    const plan = settings.forAccount({ category: 'crm', overrides });
    expect(plan.models.map((m) => [m.modelId, m.tier])).toEqual([['crm.Lead', 'hourly']]);
    expect(plan.modelsForTier('frequent')).toEqual([]);
    expect(plan.model('crm.Contact')).toBeUndefined();
    expect(plan.planRequestsPerMinute).toBe(400);
    // Another account of the category keeps the deployment's plan.
    const plain = settings.forAccount({ category: 'crm' });
    expect(plain.models.map((m) => [m.modelId, m.tier])).toEqual([
      ['crm.Lead', 'frequent'],
      ['crm.Opportunity', 'frequent'],
      ['crm.Contact', 'hourly'],
      ['crm.Account', 'hourly'],
    ]);
    expect(plain.planRequestsPerMinute).toBe(100);
  });

  it('an empty change is valid and means no overrides', () => {
    expect(validateAccountOverrides(settings, 'crm', {})).toEqual({});
    expect(validateAccountOverrides(settings, 'crm', { cadence: {} })).toEqual({});
  });

  it.each([
    [{ modelz: ['crm.Lead'] }, /unknown key\(s\) "modelz"/],
    [
      { models: ['crm.Engagement'] },
      /"crm\.Engagement" is not synced for crm accounts.*choose from crm\.Lead, crm\.Opportunity, crm\.Contact, crm\.Account/,
    ],
    [{ models: ['hris.Employee'] }, /"hris\.Employee" is not synced for crm accounts/],
    [{ models: ['crm.Lead', 'crm.Lead'] }, /"crm\.Lead" is named twice/],
    [{ models: [] }, /models: must be at least 1/],
    [{ models: ['Lead'] }, /model ids look like "hris\.Employee"/],
    [
      { cadence: { 'crm.Lead': 'weekly' } },
      /tier "weekly" for "crm\.Lead" is not declared; tiers: frequent, hourly/,
    ],
    [{ cadence: { 'crm.Lead': 'Hourly!' } }, /tier names are lowercase words/],
    [{ models: ['crm.Lead'], cadence: { 'crm.Contact': 'daily' } }, /"crm\.Contact" is not among the models/],
    [{ cadence: { 'ats.Candidate': 'daily' } }, /"ats\.Candidate" is not synced for crm accounts/],
    [{ planRequestsPerMinute: 5 }, /planRequestsPerMinute: must be at least 10/],
    [{ planRequestsPerMinute: 400.5 }, /planRequestsPerMinute/],
    [{ planRequestsPerMinute: '400' }, /planRequestsPerMinute: expected number/],
  ])('refuses %p', (input, message) => {
    expect(() => validateAccountOverrides(settings, 'crm', input)).toThrow(AccountOverridesError);
    expect(() => validateAccountOverrides(settings, 'crm', input)).toThrow(message);
  });

  it('names every problem at once', () => {
    expect(() =>
      validateAccountOverrides(settings, 'crm', { models: ['crm.Nope'], cadence: { 'crm.Lead': 'weekly' } }),
    ).toThrow(/crm\.Nope.*; cadence: tier "weekly"/);
  });

  it('an override the deployment no longer configures is ignored, not fatal', () => {
    const plan = settings.forAccount({
      category: 'crm',
      overrides: { models: ['crm.Lead', 'crm.Gone'], cadence: { 'crm.Lead': 'removed-tier' } },
    });
    expect(plan.models.map((m) => [m.modelId, m.tier])).toEqual([['crm.Lead', 'frequent']]);
  });
});
