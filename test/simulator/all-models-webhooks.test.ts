// merge-api.md §5 and §6 with merge-common-models §1.1 and §5.2: an account linked with every model
// of its category lists each in GET sync-status with a model_id Merge may send (the product's
// catalog resolves it back to the model), and names each model's webhooks as the catalog does.
import {
  MODEL_CATALOG,
  modelIdFromWebhookName,
  modelsOfCategory,
  resolveSyncStatusModel,
} from '../../shared/config/catalog';
import { SEED_ORDER } from '../../infra/local/merge-simulator';
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';
import { SYNCED_CATEGORIES, accountOf, catalogModel, seedEveryCategory } from './catalog-helpers';

describe('merge simulator: sync-status and webhooks of every model (api §5, §6; common-models §5.2)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  test.each(SYNCED_CATEGORIES)('%s: GET sync-status lists every model of the category', async (category) => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category, models: 'all' });
    const { status, body } = await h.json<Page>(`/${category}/v1/sync-status?page_size=100`, {
      token: account.accountToken,
    });
    expect(status).toBe(200);
    const entries = body.results.map((e) => ({ modelId: e.model_id, modelName: e.model_name }));
    const resolved = entries.map((e) => resolveSyncStatusModel(category, e));
    expect([...resolved].sort()).toEqual(
      modelsOfCategory(category)
        .map((m) => m.modelId)
        .sort(),
    );
    for (const e of body.results) {
      expect(e).toMatchObject({ status: 'SYNCING', is_initial_sync: true, last_sync_result: null });
      expect(e.model_name).toBe(
        catalogModel(String(resolveSyncStatusModel(category, { modelId: e.model_id }))).modelName,
      );
    }
    // Paginated like every list: 30 by default.
    const first = await h.json<Page>(`/${category}/v1/sync-status`, { token: account.accountToken });
    expect(first.body.results).toHaveLength(Math.min(30, entries.length));
  });

  test('the other readings of the uncertain spellings resolve too (accounting singular, CRM prefixed)', async () => {
    h = await startHarness({ modelIdSpelling: { accounting: 'singular', crm: 'prefixed' } });
    for (const category of ['accounting', 'crm'] as const) {
      const account = h.sim.linkAccount({ category, models: 'all' });
      const entries = h.sim.syncStatus(account.id);
      const resolved = entries.map((e) =>
        resolveSyncStatusModel(category, { modelId: e.model_id, modelName: e.model_name }),
      );
      expect(resolved.sort()).toEqual(
        modelsOfCategory(category)
          .map((m) => m.modelId)
          .sort(),
      );
    }
    const crm = h.sim.linkAccount({ category: 'crm', models: 'all' });
    expect(h.sim.syncStatus(crm.id).map((e) => e.model_id)).toEqual(
      expect.arrayContaining(['crm.CRMAccount', 'crm.CRMContact', 'crm.CRMUser', 'crm.Lead']),
    );
  });

  test('seed: all-models links every model; without it an account keeps the usual models', async () => {
    h = await startHarness();
    const seeded = h.sim.linkAccount({
      category: 'hris',
      seed: 'all-models',
      seedPerModel: 2,
      seedCounts: { 'hris.Employee': 5 },
    });
    expect(h.sim.syncStatus(seeded.id)).toHaveLength(16);
    expect(h.sim.records(seeded.id, 'hris.Employee')).toHaveLength(5);
    expect(h.sim.records(seeded.id, 'hris.Location')).toHaveLength(2);
    // Each employee brought its employment: more than the count asked for.
    expect(h.sim.records(seeded.id, 'hris.Employment')).toHaveLength(5);
    const usual = h.sim.linkAccount({ category: 'hris' });
    expect(h.sim.syncStatus(usual.id).map((e) => e.model_id)).toEqual(['hris.Employee', 'hris.Employment']);
    // Every model's list answers either way (empty until seeded).
    const { status, body } = await h.json<Page>('/hris/v1/time-off', { token: usual.accountToken });
    expect([status, body.results]).toEqual([200, []]);
    const named = h.sim.linkAccount({
      category: 'ats',
      models: ['ats.Job', 'ats.RemoteUser'],
      seed: 'all-models',
    });
    expect(h.sim.syncStatus(named.id).map((e) => e.model_id)).toEqual(['ats.Job', 'ats.RemoteUser']);
    expect(h.sim.records(named.id, 'ats.Candidate')).toHaveLength(0);
  });
});

describe('merge simulator: webhooks of every model (api §6, common-models §5.2)', () => {
  let h: Harness;
  let accounts: ReturnType<typeof seedEveryCategory>;
  beforeAll(async () => {
    h = await startHarness();
    accounts = seedEveryCategory(h, 1);
    for (const account of Object.values(accounts)) h.sim.runSync(account.id);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  test.each(MODEL_CATALOG.map((m) => m.modelId))(
    '%s: {Model}.synced and .added/.changed/.removed carry the catalog webhook name',
    (modelId) => {
      const model = catalogModel(modelId);
      const account = accountOf(accounts, modelId);
      const [name] = model.webhookNames;
      const synced = h.sim.modelSyncedEvent(account.id, modelId);
      expect(synced.hook.event).toBe(`${name}.synced`);
      expect(modelIdFromWebhookName(model.category, String(name))).toBe(modelId);
      const status = synced.data.sync_status as Json;
      expect(resolveSyncStatusModel(model.category, { modelId: status.model_id })).toBe(modelId);
      expect(status).toMatchObject({ status: 'DONE', last_sync_result: 'DONE' });
      expect((synced.data.synced_fields as string[]).length).toBeGreaterThan(0);
      const [record] = h.sim.records(account.id, modelId);
      if (!record) throw new Error('no record');
      for (const action of ['added', 'changed', 'removed'] as const) {
        const event = h.sim.changedDataEvent(account.id, modelId, record.id, action);
        expect(event.hook.event).toBe(`${name}.${action}`);
        expect(event.data.id).toBe(record.id);
        expect(event.data).not.toHaveProperty('remote_data');
      }
    },
  );

  test.each(SYNCED_CATEGORIES)('%s: the seeding order names every model of the category once', (category) => {
    expect([...SEED_ORDER[category]].sort()).toEqual(
      modelsOfCategory(category)
        .map((m) => m.modelId)
        .sort(),
    );
  });

  test.each(SYNCED_CATEGORIES)(
    '%s: LinkedAccount.sync_completed keys every model by a model_id that resolves',
    (category) => {
      const keys = Object.keys(h.sim.syncCompletedEvent(accounts[category].id).data.sync_status as Json);
      const resolved = keys.map((modelId) => resolveSyncStatusModel(category, { modelId }));
      expect(resolved.sort()).toEqual(
        modelsOfCategory(category)
          .map((m) => m.modelId)
          .sort(),
      );
    },
  );
});
