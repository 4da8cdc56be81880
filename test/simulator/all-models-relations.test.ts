// merge-common-models §2 `expand` columns and merge-api.md §3 ("Expanded relations replace an ID
// string with the nested object"): every relation of every model points at records of the same
// account, mirrored lists agree with the records they list, and `expand` returns objects, inline
// sub-objects included.
import { MODEL_CATALOG } from '../../shared/config/catalog';
import type { SimAccount } from '../../infra/local/merge-simulator';
import { startHarness } from './helpers';
import type { Harness, Json } from './helpers';
import { accountOf, catalogModel, listAll, listsUnderParents, seedEveryCategory } from './catalog-helpers';
import type { SyncedCategory } from './catalog-helpers';

/** Every (model, relation) whose target is a model of its own, except `a.b` relations inside sub-objects. */
const LISTED = MODEL_CATALOG.flatMap((m) =>
  m.expandable
    .filter((r) => r.listed && !r.field.includes('.'))
    .map((r) => [m.modelId, r.field, r.target] as const),
);

const idsIn = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

describe('merge simulator: relations within the account, and expand (common-models §2)', () => {
  let h: Harness;
  let accounts: Record<SyncedCategory, SimAccount>;
  let others: Record<SyncedCategory, SimAccount>;
  beforeAll(async () => {
    h = await startHarness();
    accounts = seedEveryCategory(h);
    others = seedEveryCategory(h);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  const ids = (account: SimAccount, modelId: string) =>
    new Set(h.sim.records(account.id, modelId, { includeDeleted: true }).map((r) => r.id));

  test.each(LISTED)('%s.%s points at %s records of the same account', (modelId, field, target) => {
    const account = accountOf(accounts, modelId);
    const mine = ids(account, target);
    const theirs = ids(accountOf(others, modelId), target);
    const pointed = h.sim.records(account.id, modelId).flatMap((r) => idsIn(r[field]));
    for (const id of pointed) {
      expect(mine.has(id)).toBe(true);
      expect(theirs.has(id)).toBe(false);
    }
  });

  test('the relations a reader relies on are filled: candidate and job of an application, contact of an invoice, assignees of a ticket', () => {
    const { ats, accounting, ticketing } = accounts;
    const stages = h.sim.records(ats.id, 'ats.JobInterviewStage');
    for (const application of h.sim.records(ats.id, 'ats.Application')) {
      expect(ids(ats, 'ats.Candidate').has(String(application.candidate))).toBe(true);
      expect(ids(ats, 'ats.Job').has(String(application.job))).toBe(true);
      const stage = stages.find((s) => s.id === application.current_stage);
      if (stage) expect(stage.job).toBe(application.job);
    }
    for (const invoice of h.sim.records(accounting.id, 'accounting.Invoice')) {
      expect(ids(accounting, 'accounting.Contact').has(String(invoice.contact))).toBe(true);
    }
    const users = ids(ticketing, 'ticketing.User');
    for (const ticket of h.sim.records(ticketing.id, 'ticketing.Ticket')) {
      expect(idsIn(ticket.assignees).length).toBeGreaterThan(0);
      for (const id of idsIn(ticket.assignees)) expect(users.has(id)).toBe(true);
    }
  });

  test('mirrored lists list exactly the records that name their parent', () => {
    const mirrors: [string, string, string, string][] = [
      ['ats.Candidate', 'applications', 'ats.Application', 'candidate'],
      ['ats.Candidate', 'attachments', 'ats.Attachment', 'candidate'],
      ['ats.Job', 'job_postings', 'ats.JobPosting', 'job'],
      ['ats.Application', 'offers', 'ats.Offer', 'application'],
      ['ticketing.Ticket', 'attachments', 'ticketing.Attachment', 'ticket'],
      ['hris.Employee', 'employments', 'hris.Employment', 'employee'],
    ];
    for (const [parentModel, listField, childModel, backField] of mirrors) {
      const account = accountOf(accounts, parentModel);
      const children = h.sim.records(account.id, childModel, { includeDeleted: true });
      for (const parent of h.sim.records(account.id, parentModel)) {
        const named = children.filter((c) => c[backField] === parent.id).map((c) => c.id);
        expect([parentModel, [...idsIn(parent[listField])].sort()]).toEqual([parentModel, named.sort()]);
      }
    }
  });

  test("an expense report's lines are the lines listed under it", async () => {
    const account = accounts.accounting;
    for (const { path, parent } of listsUnderParents(
      h,
      account,
      catalogModel('accounting.ExpenseReportLine'),
    )) {
      const listed = (await listAll(h, account, path)).map((r) => r.id);
      expect(listed).toEqual(parent.lines);
    }
  });

  test.each(MODEL_CATALOG.filter((m) => m.expandable.length > 0).map((m) => m.modelId))(
    '%s: expand of every relation returns objects',
    async (modelId) => {
      const model = catalogModel(modelId);
      const account = accountOf(accounts, modelId);
      const expand = model.expandable.map((r) => r.field).join(',');
      const paths = model.nested
        ? listsUnderParents(h, account, model).map((l) => l.path)
        : [`/${model.category}/v1/${model.path}`];
      const truth = new Map(h.sim.records(account.id, modelId).map((r) => [r.id, r]));
      let checked = 0;
      for (const path of paths) {
        for (const record of await listAll(h, account, `${path}?expand=${expand}`)) {
          const stored = truth.get(String(record.id));
          for (const relation of model.expandable) {
            const [base = relation.field, sub] = relation.field.split('.');
            const value = record[base];
            const items = (Array.isArray(value) ? value : [value]).filter((v) => v !== null);
            // Every item is an object: no id is left where a record or a sub-object belongs.
            for (const item of items) expect(typeof item).toBe('object');
            if (relation.listed && sub === undefined) {
              expect(items.map((o) => (o as Json).id)).toEqual(idsIn(stored?.[base]));
            }
            if (sub !== undefined) {
              for (const item of items) {
                const inner = (item as Json)[sub];
                if (inner !== null) expect(typeof inner).toBe('object');
              }
            }
            checked += items.length;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    },
  );

  test('inline sub-objects Merge shows as ids are ids until expanded', async () => {
    const ats = accounts.ats;
    const withAnswers = h.sim
      .records(ats.id, 'ats.Application')
      .find((a) => Array.isArray(a.screening_question_answers) && a.screening_question_answers.length > 0);
    if (!withAnswers) throw new Error('no application with answers');
    const path = `/ats/v1/applications/${withAnswers.id}`;
    const plain = await h.json(path, { token: ats.accountToken });
    expect(plain.body.screening_question_answers).toEqual(withAnswers.screening_question_answers);
    const expanded = await h.json(`${path}?expand=screening_question_answers.question`, {
      token: ats.accountToken,
    });
    const [answer] = expanded.body.screening_question_answers as Json[];
    expect(answer?.id).toBe((withAnswers.screening_question_answers as string[])[0]);
    expect((answer?.question as Json).job).toBe(withAnswers.job);
    // Line items are objects without expand (Merge's example Invoice).
    const [invoice] = await listAll(h, accounts.accounting, '/accounting/v1/invoices');
    expect(typeof (invoice?.line_items as unknown[])[0]).toBe('object');
  });
});
