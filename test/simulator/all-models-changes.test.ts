// merge-api.md §3 (include_deleted_data, modified_after) and merge-common-models §2.0 (the rows
// marked N take no created_*/modified_*/remote_id): a round of adds, changes and deletes across
// every model of an account, seen through the lists of every model.
import { MODEL_CATALOG } from '../../shared/config/catalog';
import type { RecordChange, SimAccount } from '../../infra/local/merge-simulator';
import { startHarness } from './helpers';
import type { Harness, Json } from './helpers';
import {
  SYNCED_CATEGORIES,
  accountOf,
  catalogModel,
  listAll,
  listsUnderParents,
  seedEveryCategory,
} from './catalog-helpers';
import type { SyncedCategory } from './catalog-helpers';

const NO_TIMESTAMP_FILTERS = [
  'accounting.AccountingPeriod',
  'accounting.BankFeedAccount',
  'accounting.ItemFulfillment',
  'accounting.PaymentMethod',
  'accounting.PaymentTerm',
];

describe('merge simulator: adds, changes and deletes across every model (api §3)', () => {
  let h: Harness;
  let accounts: Record<SyncedCategory, SimAccount>;
  let mark: string;
  const changes = new Map<string, RecordChange[]>();
  beforeAll(async () => {
    h = await startHarness();
    accounts = seedEveryCategory(h);
    // Every later stamp is after every stamp so far (the stamper is strictly increasing).
    mark = h.sim.addRecord(accounts.hris.id, 'hris.Company').modified_at;
    for (const category of SYNCED_CATEGORIES) {
      for (const change of h.sim.churn(accounts[category].id, { added: 1, changed: 1, removed: 1 })) {
        changes.set(change.modelId, [...(changes.get(change.modelId) ?? []), change]);
      }
    }
  });
  afterAll(async () => {
    await h.sim.close();
  });

  const of = (modelId: string, action: RecordChange['action']) =>
    (changes.get(modelId) ?? []).filter((c) => c.action === action).map((c) => c.recordId);

  /** The paths listing the model's records: its list, or its nested lists under every parent. */
  const pathsOf = (modelId: string): string[] => {
    const model = catalogModel(modelId);
    if (!model.nested) return [`/${model.category}/v1/${model.path}`];
    return listsUnderParents(h, accountOf(accounts, modelId), model).map((l) => l.path);
  };

  /** Every record of the model as its lists serve it. */
  const served = async (modelId: string, query: string): Promise<Json[]> => {
    const out: Json[] = [];
    for (const path of pathsOf(modelId))
      out.push(...(await listAll(h, accountOf(accounts, modelId), `${path}?${query}`)));
    return out;
  };

  test.each(MODEL_CATALOG.map((m) => m.modelId))(
    '%s: a round adds, changes and soft-deletes records',
    (modelId) => {
      expect(of(modelId, 'added').length).toBeGreaterThanOrEqual(1);
      expect(of(modelId, 'changed').length).toBeGreaterThanOrEqual(1);
      expect(of(modelId, 'removed')).toHaveLength(1);
      const truth = h.sim.records(accountOf(accounts, modelId).id, modelId, { includeDeleted: true });
      const removed = truth.filter((r) => of(modelId, 'removed').includes(r.id));
      expect(removed.map((r) => r.remote_was_deleted)).toEqual([true]);
    },
  );

  test.each(MODEL_CATALOG.map((m) => m.modelId))(
    '%s: deleted records only with include_deleted_data=true, flagged remote_was_deleted',
    async (modelId) => {
      const [removed] = of(modelId, 'removed');
      const hidden = await served(modelId, '');
      expect(hidden.map((r) => r.id)).not.toContain(removed);
      const shown = await served(modelId, 'include_deleted_data=true');
      expect(shown.find((r) => r.id === removed)?.remote_was_deleted).toBe(true);
      expect(shown.length).toBe(hidden.length + 1);
    },
  );

  test.each(MODEL_CATALOG.filter((m) => m.modifiedAfter).map((m) => m.modelId))(
    '%s: modified_after returns exactly what the round changed',
    async (modelId) => {
      const since = await served(
        modelId,
        `include_deleted_data=true&modified_after=${encodeURIComponent(mark)}`,
      );
      const expected = (changes.get(modelId) ?? []).map((c) => c.recordId);
      expect(since.map((r) => String(r.id)).sort()).toEqual([...expected].sort());
      const invalid = await h.json(`${pathsOf(modelId)[0]}?modified_after=nope`, {
        token: accountOf(accounts, modelId).accountToken,
      });
      expect(invalid.status).toBe(400);
    },
  );

  test.each(MODEL_CATALOG.filter((m) => !m.modifiedAfter).map((m) => m.modelId))(
    '%s: created_*, modified_* and remote_id are not filters of this list: ignored, the full list is served',
    async (modelId) => {
      const all = await served(modelId, 'include_deleted_data=true');
      const [first] = all;
      const ignored = [
        `modified_after=${encodeURIComponent(mark)}`,
        'modified_before=2000-01-01T00:00:00Z',
        'created_after=nope',
        `remote_id=${String(first?.remote_id)}-other`,
      ].join('&');
      expect(await served(modelId, `include_deleted_data=true&${ignored}`)).toEqual(all);
    },
  );

  test('the models without modified_after are the reference N rows and the nested lists', () => {
    const none = MODEL_CATALOG.filter((m) => !m.modifiedAfter && !m.nested).map((m) => m.modelId);
    expect(none.sort()).toEqual([...NO_TIMESTAMP_FILTERS].sort());
  });

  test('a parent whose mirrored list grew in the round is reported changed', () => {
    const ats = accounts.ats;
    const added = of('ats.Application', 'added').map((id) =>
      h.sim.records(ats.id, 'ats.Application').find((a) => a.id === id),
    );
    for (const application of added) {
      if (application)
        expect(changes.get('ats.Candidate')?.map((c) => c.recordId)).toContain(application.candidate);
    }
  });
});
