import { AccountOverridesError, validateAccountOverrides } from '../../../shared/config/account-overrides';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { findModel } from '../../../shared/config/model-catalog';
import { parseSyncConfig, SyncConfigError } from '../../../shared/config/sync-config';
import type { SyncConfigInput } from '../../../shared/config/sync-config-schema';

const withModels = (models: SyncConfigInput['models']): SyncConfigInput => ({
  ...DEFAULT_SYNC_CONFIG,
  models,
});
const problemsOf = (input: SyncConfigInput): string => {
  try {
    parseSyncConfig(input);
  } catch (error) {
    if (error instanceof SyncConfigError) return error.message;
    throw error;
  }
  return '';
};

describe('expand: every relation we store is kept fresh (modified_after ignores expanded objects)', () => {
  it('refuses an expand whose target model is not synced in its own right, and says how to fix it', () => {
    expect(
      problemsOf(withModels([{ modelId: 'hris.Employee', tier: 'daily', expand: ['employments'] }])),
    ).toBe(
      'Invalid sync config: models.0 (hris.Employee): expand "employments" stores hris.Employment records, ' +
        'which go stale unless hris.Employment is synced in its own right (modified_after ignores changes ' +
        'inside expanded objects): add hris.Employment to models, or remove "employments" from expand',
    );
  });

  it('refuses an expand whose target cannot be synced on its own', () => {
    const models = [{ modelId: 'accounting.ExpenseReport', tier: 'daily', expand: ['lines'] }];
    expect(problemsOf(withModels(models))).toMatch(
      /expand "lines" stores accounting.ExpenseReportLine records, which would go stale: .* cannot be synced on its own; remove "lines" from expand/,
    );
  });

  it('accepts it with the target configured, a self-relation, and inline sub-objects', () => {
    const settings = parseSyncConfig(
      withModels([
        { modelId: 'hris.Employee', tier: 'daily', expand: ['employments', 'manager'] },
        { modelId: 'hris.Employment', tier: 'daily' },
        { modelId: 'accounting.Invoice', tier: 'daily', expand: ['line_items'] },
      ]),
    );
    expect(settings.model('hris.Employee')!.expand).toEqual(['employments', 'manager']);
  });

  it('an account override that drops the target model drops the expand for that account', () => {
    const settings = parseSyncConfig(
      withModels([
        { modelId: 'hris.Employee', tier: 'daily', expand: ['employments', 'manager'] },
        { modelId: 'hris.Employment', tier: 'daily' },
      ]),
    );
    const account = { category: 'hris', overrides: { models: ['hris.Employee'] } };
    expect(settings.forAccount(account).model('hris.Employee')!.expand).toEqual(['manager']);
    expect(settings.forAccount({ category: 'hris' }).model('hris.Employee')!.expand).toEqual([
      'employments',
      'manager',
    ]);
  });

  it('the default config ships no stale-prone expand: hris.Employment is synced in its own right', () => {
    const settings = parseSyncConfig(DEFAULT_SYNC_CONFIG);
    const synced = new Set(settings.models.map((m) => m.modelId));
    expect(synced.has('hris.Employment')).toBe(true);
    for (const model of settings.models)
      for (const relation of model.expand) {
        const target = model.relations[relation];
        if (target)
          expect({ model: model.modelId, target, synced: synced.has(target) }).toMatchObject({
            synced: true,
          });
      }
  });
});

describe('personal data: denyFields and includeSensitiveFields', () => {
  it('by default leaves out national identifiers and does not ask for sensitive fields', () => {
    const settings = parseSyncConfig(DEFAULT_SYNC_CONFIG);
    const employee = settings.model('hris.Employee')!;
    expect(employee.deniedFields).toEqual(findModel('hris.Employee')!.personalIdentifiers);
    expect(employee.deniedFields).toContain('ssn');
    expect(settings.models.filter((m) => m.includeSensitiveFields)).toEqual([]);
    expect(settings.model('crm.Lead')!.deniedFields).toEqual([]);
  });

  it('takes a deny-list per model, applied to the records other models expand too', () => {
    const settings = parseSyncConfig(
      withModels([
        { modelId: 'hris.Employment', tier: 'daily', expand: ['employee'] },
        { modelId: 'hris.Employee', tier: 'daily', denyFields: ['ssn', 'date_of_birth'] },
      ]),
    );
    expect(settings.model('hris.Employee')!.deniedFields).toEqual(['ssn', 'date_of_birth']);
    expect(settings.model('hris.Employment')!.relatedDeniedFields).toEqual({
      'hris.Employee': ['ssn', 'date_of_birth'],
    });
  });

  it('asks for sensitive fields only when configured, and only if they may be kept', () => {
    const allowed = parseSyncConfig(
      withModels([{ modelId: 'hris.Employee', tier: 'daily', includeSensitiveFields: true, denyFields: [] }]),
    );
    expect(allowed.model('hris.Employee')).toMatchObject({ includeSensitiveFields: true, deniedFields: [] });
    expect(
      problemsOf(withModels([{ modelId: 'hris.Employee', tier: 'daily', includeSensitiveFields: true }])),
    ).toMatch(
      /includeSensitiveFields asks Merge for ssn, which denyFields leaves out by default \(national identifiers\)/,
    );
    expect(
      problemsOf(withModels([{ modelId: 'crm.Lead', tier: 'daily', includeSensitiveFields: true }])),
    ).toMatch(/models.0 \(crm.Lead\): includeSensitiveFields: the model has no sensitive fields/);
  });

  it('refuses to deny what identifies a record or what expand asks for', () => {
    const problems = problemsOf(
      withModels([
        {
          modelId: 'hris.Employee',
          tier: 'daily',
          denyFields: ['modified_at', 'manager'],
          expand: ['manager'],
        },
      ]),
    );
    expect(problems).toMatch(/denyFields cannot leave out "modified_at" \(it identifies the record\)/);
    expect(problems).toMatch(/denyFields leaves out "manager", which expand asks for/);
  });
});

describe('personal data per account (accounts configure --deny-fields)', () => {
  const settings = parseSyncConfig(
    withModels([
      { modelId: 'hris.Employee', tier: 'daily', includeSensitiveFields: true, denyFields: [] },
      { modelId: 'hris.Employment', tier: 'daily', expand: ['employee'] },
      { modelId: 'crm.Lead', tier: 'daily' },
    ]),
  );

  it("replaces the deployment's deny-list for one account, where other models expand it too", () => {
    const overrides = validateAccountOverrides(settings, 'hris', {
      denyFields: { 'hris.Employee': ['ssn', 'date_of_birth'] },
    });
    const plan = settings.forAccount({ category: 'hris', overrides });
    // Every sensitive field is denied for this account, so none is asked for.
    expect(plan.model('hris.Employee')).toMatchObject({
      deniedFields: ['ssn', 'date_of_birth'],
      includeSensitiveFields: false,
    });
    expect(plan.model('hris.Employment')!.relatedDeniedFields).toEqual({
      'hris.Employee': ['ssn', 'date_of_birth'],
    });
    const other = settings.forAccount({ category: 'hris' });
    expect(other.model('hris.Employee')).toMatchObject({ deniedFields: [], includeSensitiveFields: true });
  });

  it('refuses models the account does not sync and fields that identify the record', () => {
    const refuse = (input: unknown, message: RegExp) => {
      expect(() => validateAccountOverrides(settings, 'hris', input)).toThrow(AccountOverridesError);
      expect(() => validateAccountOverrides(settings, 'hris', input)).toThrow(message);
    };
    refuse(
      { denyFields: { 'crm.Lead': ['title'] } },
      /denyFields: "crm.Lead" is not synced for hris accounts/,
    );
    refuse(
      { models: ['hris.Employment'], denyFields: { 'hris.Employee': ['ssn'] } },
      /denyFields: "hris.Employee" is not among the models this account syncs/,
    );
    refuse({ denyFields: { 'hris.Employee': ['id'] } }, /cannot leave out "id" \(it identifies the record\)/);
    refuse({ denyFields: { 'hris.Employment': ['employee'] } }, /leaves out "employee", which it expands/);
  });
});
