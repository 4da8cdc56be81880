import { MODEL_CATALOG, findModel } from '../../../shared/config/model-catalog';

describe('catalog relations', () => {
  it('a listed target is a catalog model of the same category; an inline one is not a catalog model', () => {
    for (const model of MODEL_CATALOG) {
      for (const r of model.expandable) {
        const where = `${model.modelId}.${r.field} → ${r.target}`;
        expect([where, r.target.split('.')[0]]).toEqual([where, model.category]);
        expect([where, Boolean(findModel(r.target))]).toEqual([where, r.listed]);
      }
    }
  });

  it('relations (what is split into records of their own) are exactly the listed expand targets', () => {
    for (const model of MODEL_CATALOG) {
      const listed = model.expandable.filter((r) => r.listed).map((r) => [r.field, r.target]);
      expect([model.modelId, model.relations]).toEqual([model.modelId, Object.fromEntries(listed)]);
    }
  });

  it('keeps sub-objects without a list endpoint inline', () => {
    const invoice = findModel('accounting.Invoice')!;
    expect(invoice.expandable.find((r) => r.field === 'line_items')).toEqual({
      field: 'line_items',
      target: 'accounting.InvoiceLineItem',
      listed: false,
      many: true,
    });
    expect(invoice.relations.line_items).toBeUndefined();
    expect(invoice.relations.contact).toBe('accounting.Contact');
    expect(findModel('accounting.PurchaseOrder')!.expandable).toContainEqual({
      field: 'delivery_address',
      target: 'accounting.Address',
      listed: false,
      many: false,
    });
    expect(findModel('hris.Employee')!.relations).toMatchObject({
      employments: 'hris.Employment',
      manager: 'hris.Employee',
    });
  });

  it('marks the expansions the SDK types as UUIDs only (reference §2.7)', () => {
    const uncertain = MODEL_CATALOG.flatMap((m) =>
      m.expandable.filter((r) => r.unconfirmed).map((r) => `${m.modelId}.${r.field}`),
    );
    expect(uncertain.sort()).toEqual([
      'ats.Attachment.candidate',
      'ats.Job.job_postings',
      'filestorage.Group.users',
    ]);
  });
});

describe('nested lists', () => {
  it('a nested model has a parent in the catalog, a path template and a reason', () => {
    const nested = MODEL_CATALOG.filter((m) => m.nested);
    expect(nested.map((m) => m.modelId).sort()).toEqual([
      'accounting.ExpenseReportLine',
      'ats.ScreeningQuestion',
      'crm.Association',
      'crm.AssociationType',
      'crm.CustomObject',
      'ticketing.Viewer',
    ]);
    for (const m of nested) {
      expect(findModel(m.nested!.parent)?.category).toBe(m.category);
      expect(m.path).toMatch(/\{[a-z_]+\}/);
      expect(m.nested!.reason.length).toBeGreaterThan(10);
    }
  });

  it('only nested models have a templated path; further lists name their parent', () => {
    for (const m of MODEL_CATALOG) {
      expect([m.modelId, /\{/.test(m.path)]).toEqual([m.modelId, Boolean(m.nested)]);
      for (const list of m.otherLists) expect(findModel(list.parent)?.category).toBe(m.category);
    }
    expect(findModel('ticketing.User')!.otherLists).toEqual([
      { parent: 'ticketing.Project', path: 'projects/{parent_id}/users', modifiedAfter: false },
    ]);
  });

  it('lists without modified_after are the ones the reference marks N', () => {
    const full = MODEL_CATALOG.filter((m) => !m.modifiedAfter).map((m) => m.modelId);
    expect(full.sort()).toEqual([
      'accounting.AccountingPeriod',
      'accounting.BankFeedAccount',
      'accounting.ExpenseReportLine',
      'accounting.ItemFulfillment',
      'accounting.PaymentMethod',
      'accounting.PaymentTerm',
      'ats.ScreeningQuestion',
      'ticketing.Viewer',
    ]);
  });
});

describe('writes', () => {
  it('ATS creates and updates need remote_user_id (reference §3.0); no other category', () => {
    const needing = MODEL_CATALOG.filter((m) => m.writes.requiresRemoteUserId).map((m) => m.modelId);
    expect(needing.sort()).toEqual([
      'ats.Activity',
      'ats.Application',
      'ats.Attachment',
      'ats.Candidate',
      'ats.ScheduledInterview',
    ]);
    expect(findModel('ats.Candidate')!.writes).toMatchObject({
      post: 'candidates',
      patch: 'candidates/{id}',
    });
  });

  it('meta endpoints follow the writes; models without writes have none', () => {
    for (const m of MODEL_CATALOG) {
      const { post, patch, meta } = m.writes;
      expect([m.modelId, meta]).toEqual([
        m.modelId,
        [...(post ? ['post'] : []), ...(patch ? ['patch'] : [])],
      ]);
    }
    expect(findModel('hris.Company')!.writes).toEqual({ meta: [], requiresRemoteUserId: false, actions: [] });
  });

  it('special write endpoints: ignore, change-stage, bulk, apply-credit', () => {
    const actions = MODEL_CATALOG.flatMap((m) =>
      m.writes.actions.map((a) => `${a.kind} ${a.method} ${a.path}`),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'ignore POST employees/ignore/{model_id}',
        'ignore POST candidates/ignore/{model_id}',
        'ignore POST contacts/ignore/{model_id}',
        'ignore POST users/ignore/{model_id}',
        'change-stage POST applications/{id}/change-stage',
        'bulk POST invoices/bulk',
        'bulk POST expenses/bulk',
        'bulk POST sales-orders/bulk',
        'bulk POST item-fulfillments/bulk',
        'apply-credit POST credit-notes/{id}/application',
        'apply-credit POST vendor-credits/{id}/application',
      ]),
    );
  });
});

describe('sensitive data', () => {
  it('ssn comes only with include_sensitive_fields (HRIS Employee, Dependent) and is denied by default', () => {
    const sensitive = MODEL_CATALOG.filter((m) => m.sensitiveFields.length > 0).map((m) => m.modelId);
    expect(sensitive.sort()).toEqual(['hris.Dependent', 'hris.Employee']);
    for (const id of sensitive) {
      expect(findModel(id)!.sensitiveFields).toContain('ssn');
      expect(findModel(id)!.personalIdentifiers).toContain('ssn');
    }
  });
});
