// merge-common-models §2 (every model with a list endpoint, its path, retrieve where §2.0 says it
// exists) and §3 (enum values), merge-api.md §4 (fields every Common Model has): an account linked
// with `seed: 'all-models'` answers every catalog model's list with valid records.
import { ISO_MICROS, startHarness } from './helpers';
import type { Harness, Json } from './helpers';
import type { SimAccount } from '../../infra/local/merge-simulator';
import {
  UUID,
  accountOf,
  asListed,
  catalogModel,
  listAll,
  listsUnderParents,
  nestedModels,
  plainModels,
  seedEveryCategory,
} from './catalog-helpers';
import type { SyncedCategory } from './catalog-helpers';

/** Enum values the reference gives (merge-common-models §3, §2 enum origins). */
const REFERENCE_ENUMS: [string, string, string[]][] = [
  ['hris.Employee', 'employment_status', ['ACTIVE', 'PENDING', 'INACTIVE']],
  ['hris.Employee', 'gender', ['MALE', 'FEMALE', 'NON-BINARY', 'OTHER', 'PREFER_NOT_TO_DISCLOSE']],
  ['hris.TimeOff', 'status', ['REQUESTED', 'APPROVED', 'DECLINED', 'CANCELLED', 'DELETED']],
  ['hris.TimeOff', 'units', ['HOURS', 'DAYS']],
  ['hris.TimeOff', 'request_type', ['VACATION', 'SICK', 'PERSONAL', 'JURY_DUTY', 'VOLUNTEER', 'BEREAVEMENT']],
  ['ats.Attachment', 'attachment_type', ['RESUME', 'COVER_LETTER', 'OFFER_LETTER', 'OTHER']],
  ['ats.Activity', 'activity_type', ['NOTE', 'EMAIL', 'OTHER']],
  ['ats.Activity', 'visibility', ['ADMIN_ONLY', 'PUBLIC', 'PRIVATE']],
  ['ats.ScheduledInterview', 'status', ['SCHEDULED', 'AWAITING_FEEDBACK', 'COMPLETE']],
  ['crm.Task', 'status', ['OPEN', 'CLOSED']],
  ['crm.Opportunity', 'status', ['OPEN', 'WON', 'LOST']],
  ['crm.Engagement', 'direction', ['INBOUND', 'OUTBOUND']],
  ['crm.AssociationType', 'cardinality', ['ONE_TO_ONE', 'MANY_TO_ONE', 'MANY_TO_MANY', 'ONE_TO_MANY']],
  ['accounting.Invoice', 'type', ['ACCOUNTS_RECEIVABLE', 'ACCOUNTS_PAYABLE']],
  ['accounting.Invoice', 'status', ['PAID', 'DRAFT', 'SUBMITTED', 'PARTIALLY_PAID', 'OPEN', 'VOID']],
  ['accounting.Contact', 'status', ['ACTIVE', 'ARCHIVED']],
  ['accounting.Payment', 'type', ['ACCOUNTS_PAYABLE', 'ACCOUNTS_RECEIVABLE']],
  ['accounting.JournalEntry', 'posting_status', ['UNPOSTED', 'POSTED']],
  ['accounting.PurchaseOrder', 'status', ['DRAFT', 'SUBMITTED', 'AUTHORIZED', 'BILLED', 'DELETED']],
  ['accounting.Account', 'classification', ['ASSET', 'EQUITY', 'EXPENSE', 'LIABILITY', 'REVENUE']],
  ['accounting.Account', 'status', ['ACTIVE', 'PENDING', 'INACTIVE']],
  ['accounting.CreditNote', 'status', ['SUBMITTED', 'AUTHORIZED', 'PAID']],
  ['accounting.Item', 'status', ['ACTIVE', 'ARCHIVED']],
  ['accounting.Item', 'type', ['INVENTORY', 'NON_INVENTORY', 'SERVICE', 'UNKNOWN']],
  [
    'accounting.SalesOrder',
    'status',
    ['DRAFT', 'PENDING_APPROVAL', 'OPEN', 'PARTIALLY_COMPLETED', 'COMPLETED', 'CLOSED'],
  ],
  ['accounting.ItemFulfillment', 'status', ['DRAFT', 'IN_PROGRESS', 'SHIPPED', 'CANCELLED']],
  ['accounting.ExpenseReport', 'status', ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED']],
  ['accounting.BankFeedAccount', 'feed_status', ['ACTIVE', 'INACTIVE']],
  ['accounting.BankFeedAccount', 'account_type', ['BANK', 'CREDIT_CARD']],
  ['accounting.BankFeedTransaction', 'credit_or_debit', ['CREDIT', 'DEBIT']],
  ['ticketing.Ticket', 'status', ['OPEN', 'CLOSED', 'IN_PROGRESS', 'ON_HOLD']],
  ['ticketing.Ticket', 'priority', ['URGENT', 'HIGH', 'NORMAL', 'LOW']],
  ['ticketing.Ticket', 'access_level', ['COMPANY', 'PUBLIC', 'PRIVATE', 'COLLECTION']],
];

describe('merge simulator: every catalog model is served (common-models §2, api §4)', () => {
  let h: Harness;
  let accounts: Record<SyncedCategory, SimAccount>;
  beforeAll(async () => {
    h = await startHarness();
    accounts = seedEveryCategory(h);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  const expectValid = (record: Json) => {
    expect(record.id).toMatch(UUID);
    expect(typeof record.remote_id).toBe('string');
    expect(record.created_at).toMatch(ISO_MICROS);
    expect(record.modified_at).toMatch(ISO_MICROS);
    expect(record.remote_was_deleted).toBe(false);
    expect(record.field_mappings).toEqual({
      organization_defined_targets: {},
      linked_account_defined_targets: {},
    });
    expect(record).not.toHaveProperty('remote_data');
  };

  test.each(plainModels())('%s answers its list path with every seeded record, valid', async (modelId) => {
    const model = catalogModel(modelId);
    const account = accountOf(accounts, modelId);
    const truth = h.sim.records(account.id, modelId);
    expect(truth.length).toBeGreaterThanOrEqual(3);
    const listed = await listAll(h, account, `/${model.category}/v1/${model.path}?page_size=2`);
    expect(listed).toEqual(truth.map(asListed));
    listed.forEach(expectValid);
    // Model-specific fields beyond the common ones, with values.
    const own = Object.keys(listed[0] ?? {}).filter(
      (k) => !['id', 'remote_id', 'created_at', 'modified_at'].includes(k),
    );
    expect(own.length).toBeGreaterThan(2);
  });

  test.each(nestedModels())('%s is listed under its parents, every record under one', async (modelId) => {
    const model = catalogModel(modelId);
    const account = accountOf(accounts, modelId);
    const truth = h.sim.records(account.id, modelId);
    expect(truth.length).toBeGreaterThanOrEqual(3);
    const listed: Json[] = [];
    for (const { path } of listsUnderParents(h, account, model))
      listed.push(...(await listAll(h, account, path)));
    listed.forEach(expectValid);
    expect(listed.map((r) => r.id).sort()).toEqual(truth.map((r) => r.id).sort());
  });

  test.each(plainModels())(
    '%s: retrieve at {path}/{id} exactly where §2.0 says it exists',
    async (modelId) => {
      const model = catalogModel(modelId);
      const account = accountOf(accounts, modelId);
      const [record] = h.sim.records(account.id, modelId);
      if (!record) throw new Error('no record');
      const res = await h.json(`/${model.category}/v1/${model.path}/${record.id}?include_remote_data=true`, {
        token: account.accountToken,
      });
      if (!model.retrieve) {
        expect(res.status).toBe(404);
        return;
      }
      expect(res.status).toBe(200);
      const { remote_fields: _fields, ...withData } = record;
      expect(res.body).toEqual(withData);
      const [remote] = res.body.remote_data as { path: unknown; data: unknown }[];
      expect(typeof remote?.path).toBe('string');
      expect(remote?.data).toEqual(expect.objectContaining({ id: record.remote_id }));
    },
  );

  test('nested retrieves: custom objects and association types under their class; none for the others', async () => {
    const crm = accounts.crm;
    for (const modelId of ['crm.CustomObject', 'crm.AssociationType']) {
      const model = catalogModel(modelId);
      const lists = listsUnderParents(h, crm, model);
      let found = 0;
      for (const { path } of lists) {
        for (const record of await listAll(h, crm, path)) {
          const res = await h.json(`${path}/${String(record.id)}`, { token: crm.accountToken });
          expect([res.status, res.body.id]).toEqual([200, record.id]);
          found++;
        }
      }
      expect(found).toBe(h.sim.records(crm.id, modelId).length);
    }
    const [question] = listsUnderParents(h, accounts.ats, catalogModel('ats.ScreeningQuestion'));
    const [first] = await listAll(h, accounts.ats, question?.path ?? '');
    const res = await h.call(`${question?.path}/${String(first?.id)}`, { token: accounts.ats.accountToken });
    expect(res.status).toBe(404);
  });

  test.each(REFERENCE_ENUMS)('%s.%s takes the reference enum values', (modelId, field, allowed) => {
    const values = h.sim.records(accountOf(accounts, modelId).id, modelId).map((r) => r[field]);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) if (value !== null) expect(allowed).toContain(value);
  });

  test('show_enum_origins answers the third-party value of the reference enum-origin fields', async () => {
    const accounting = accounts.accounting;
    const [invoice] = h.sim.records(accounting.id, 'accounting.Invoice');
    const path = `/accounting/v1/invoices/${String(invoice?.id)}?show_enum_origins=type`;
    const shown = await h.json(path, { token: accounting.accountToken });
    expect(shown.body.type).toBe(
      invoice?.type === 'ACCOUNTS_PAYABLE' ? 'Accounts Payable' : 'Accounts Receivable',
    );
    const refused = await h.json('/accounting/v1/invoices?show_enum_origins=memo', {
      token: accounting.accountToken,
    });
    expect(refused.status).toBe(400);
    const [user] = h.sim.records(accounts.ats.id, 'ats.RemoteUser');
    const role = await h.json(`/ats/v1/users/${String(user?.id)}?show_enum_origins=access_role`, {
      token: accounts.ats.accountToken,
    });
    expect(role.body.access_role).not.toBe(user?.access_role);
  });

  test('remote_fields only with include_remote_fields, on the models whose list takes it', async () => {
    const crm = accounts.crm;
    const plain = await listAll(h, crm, '/crm/v1/opportunities');
    const rich = await listAll(h, crm, '/crm/v1/opportunities?include_remote_fields=true');
    expect(plain[0]).not.toHaveProperty('remote_fields');
    expect(rich[0]?.remote_fields).toEqual([]);
  });
});
