import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { findModel, MODEL_CATALOG, syncableModelIds } from '../../../shared/config/model-catalog';
import { loadSyncConfig, parseSyncConfig, SyncConfigError } from '../../../shared/config/sync-config';

describe('sync config', () => {
  it('the defaults follow Merge use cases: leads and files every 5 minutes, invoices periodic, employees daily', () => {
    const settings = parseSyncConfig(DEFAULT_SYNC_CONFIG);
    const tierOf = (id: string) => settings.tier(settings.model(id)!.tier)!.everyMinutes;
    expect(tierOf('crm.Lead')).toBe(5);
    expect(tierOf('filestorage.File')).toBe(5);
    expect(tierOf('accounting.Invoice')).toBeGreaterThan(60);
    expect(tierOf('hris.Employee')).toBe(1440);
    expect(settings.config.reconcileEveryMinutes).toBe(1440);
    expect(settings.requestsPerMinute).toBe(95);
  });

  it.each([
    [{ ...DEFAULT_SYNC_CONFIG, planRequestsPerMinute: 0 }, /planRequestsPerMinute: must be at least 10/],
    [{ ...DEFAULT_SYNC_CONFIG, surprise: true }, /unknown key\(s\) "surprise"/],
    [{ ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'hris.Payroll', tier: 'daily' }] }, /unknown model/],
    [
      { ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'crm.Lead', tier: 'weekly' }] },
      /tier "weekly" is not declared/,
    ],
    [
      { ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'crm.Lead', tier: 'daily', expand: ['stage'] }] },
      /cannot expand "stage"/,
    ],
    [{ ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'crm.Lead', tier: 'daily', tierr: 'x' }] }, /unknown key/],
    [
      { ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'ats.ScreeningQuestion', tier: 'daily' }] },
      /ats.ScreeningQuestion\): cannot be synced on its own \(listed per job only/,
    ],
    [
      {
        ...DEFAULT_SYNC_CONFIG,
        models: [
          { modelId: 'crm.Lead', tier: 'daily' },
          { modelId: 'crm.Lead', tier: 'daily' },
        ],
      },
      /configured twice/,
    ],
  ])('rejects %#: %p', (input, message) => {
    expect(() => parseSyncConfig(input)).toThrow(SyncConfigError);
    expect(() => parseSyncConfig(input)).toThrow(message);
  });

  it('accepts every catalog relation whose target is synced too, inline sub-objects included', () => {
    const settings = parseSyncConfig({
      ...DEFAULT_SYNC_CONFIG,
      models: [
        { modelId: 'accounting.Invoice', tier: 'daily', expand: ['contact', 'line_items'] },
        { modelId: 'accounting.Contact', tier: 'daily' },
        { modelId: 'crm.Lead', tier: 'daily', expand: ['owner'] },
        { modelId: 'crm.User', tier: 'daily' },
      ],
    });
    expect(settings.model('accounting.Invoice')).toMatchObject({
      expand: ['contact', 'line_items'],
      path: 'invoices',
      relations: expect.objectContaining({ contact: 'accounting.Contact' }),
    });
  });

  it('takes overrides and the plan limit from the environment, validated', () => {
    const settings = loadSyncConfig({
      SYNC_CONFIG_OVERRIDES: '{"cursorOverlapSeconds": 30}',
      MERGE_PLAN_REQUESTS_PER_MINUTE: '400',
    });
    expect(settings.config.cursorOverlapSeconds).toBe(30);
    expect(settings.config.planRequestsPerMinute).toBe(400);
    expect(() => loadSyncConfig({ SYNC_CONFIG_OVERRIDES: '{' })).toThrow(/not valid JSON/);
    expect(() => loadSyncConfig({ MERGE_PLAN_REQUESTS_PER_MINUTE: 'lots' })).toThrow(SyncConfigError);
  });

  it('every catalog model with a plain list can be enabled with a tier and every relation it can expand', () => {
    const syncable = MODEL_CATALOG.filter((m) => !m.nested);
    expect(syncable.map((m) => m.modelId)).toEqual(syncableModelIds());
    const models = syncable.map((m, i) => ({
      modelId: m.modelId,
      tier: DEFAULT_SYNC_CONFIG.tiers[i % DEFAULT_SYNC_CONFIG.tiers.length]!.name,
      // Relations whose target has a plain list, and inline sub-objects; a nested target is refused.
      expand: m.expandable.filter((r) => !findModel(r.target)?.nested).map((r) => r.field),
    }));
    const settings = parseSyncConfig({ ...DEFAULT_SYNC_CONFIG, models });
    expect(settings.models).toHaveLength(syncable.length);
    for (const category of ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'])
      expect(settings.forAccount({ category }).models.length).toBe(syncableModelIds(category).length);
    expect(settings.model('accounting.Invoice')?.expand).toContain('payment_term');
  });

  it('SYNC_CONFIG_OVERRIDES names models beyond the defaults, with a tier and expand', () => {
    const settings = loadSyncConfig({
      SYNC_CONFIG_OVERRIDES: JSON.stringify({
        models: [
          ...DEFAULT_SYNC_CONFIG.models,
          { modelId: 'ats.Office', tier: 'hourly' },
          { modelId: 'ats.Scorecard', tier: 'hourly', expand: ['application'] },
          { modelId: 'accounting.PaymentTerm', tier: 'daily' },
        ],
      }),
    });
    expect(settings.model('ats.Scorecard')).toMatchObject({ tier: 'hourly', expand: ['application'] });
    expect(settings.model('accounting.PaymentTerm')).toMatchObject({ modifiedAfter: false });
  });

  it('a deployment naming a model the catalog lacks fails, listing the valid ids of its category', () => {
    const start = () =>
      loadSyncConfig({
        SYNC_CONFIG_OVERRIDES: '{"models": [{"modelId": "hris.employee", "tier": "daily"}]}',
      });
    expect(start).toThrow(SyncConfigError);
    expect(start).toThrow(/models\.0 \(hris\.employee\): unknown model; did you mean hris\.Employee\?/);
    expect(start).toThrow(`valid hris model ids: ${syncableModelIds('hris').join(', ')}`);
    // A category the catalog does not know: every valid id.
    expect(() =>
      parseSyncConfig({ ...DEFAULT_SYNC_CONFIG, models: [{ modelId: 'mkt.Lead', tier: 'daily' }] }),
    ).toThrow(`valid model ids: ${syncableModelIds().join(', ')}`);
  });
});
