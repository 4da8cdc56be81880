import {
  MODEL_CATALOG,
  findModel,
  isWebhookOnlyModel,
  modelIdFromWebhookName,
  modelsOfCategory,
  resolveSyncStatusModel,
} from '../../../shared/config/model-catalog';

describe('resolveSyncStatusModel: every spelling of model_id Merge is known to use (reference §1.1, api §12)', () => {
  it.each([
    ['filestorage', 'filestorage.FileStorageFile', 'File', 'filestorage.File'],
    ['filestorage', 'filestorage.File', 'File', 'filestorage.File'],
    ['accounting', 'accounting.Invoices', 'Invoice', 'accounting.Invoice'],
    ['accounting', 'accounting.Invoice', 'Invoice', 'accounting.Invoice'],
    ['ticketing', 'ticketing.TicketingAttachment', undefined, 'ticketing.Attachment'],
    ['ticketing', 'ticketing.TicketingTeam', undefined, 'ticketing.Team'],
    ['ticketing', 'ticketing.Ticket', 'Ticket', 'ticketing.Ticket'],
    ['ticketing', 'ticketing.Collection', undefined, 'ticketing.Collection'],
    ['ticketing', 'ticketing.Role', undefined, 'ticketing.Role'],
    ['ticketing', 'ticketing.User', undefined, 'ticketing.User'],
    ['crm', 'crm.CRMContact', 'Contact', 'crm.Contact'],
    ['crm', 'crm.Contact', 'Contact', 'crm.Contact'],
    ['crm', 'crm.Account', 'Account', 'crm.Account'],
    ['crm', 'crm.CRMAccount', 'Account', 'crm.Account'],
    ['crm', 'crm.CRMUser', undefined, 'crm.User'],
    ['hris', 'hris.Employee', 'Employee', 'hris.Employee'],
    ['hris', 'hris.Company', 'Company', 'hris.Company'],
    ['hris', 'hris.TimeOff', 'TimeOff', 'hris.TimeOff'],
    ['ats', 'ats.Candidate', 'Candidate', 'ats.Candidate'],
    ['ats', 'ats.Eeoc', undefined, 'ats.EEOC'],
    ['accounting', 'accounting.AccountingTransaction', undefined, 'accounting.Transaction'],
    ['accounting', 'accounting.AccountingEmployee', undefined, 'accounting.Employee'],
  ])('%s: %s (model_name %s) → %s', (category, modelId, modelName, expected) => {
    expect(resolveSyncStatusModel(category, { modelId, modelName })).toBe(expected);
  });

  it('matches the name part ignoring case and plural, then falls back to model_name', () => {
    expect(resolveSyncStatusModel('accounting', { modelId: 'accounting.invoices' })).toBe(
      'accounting.Invoice',
    );
    expect(resolveSyncStatusModel('accounting', { modelId: 'accounting.JournalEntries' })).toBe(
      'accounting.JournalEntry',
    );
    expect(resolveSyncStatusModel('ticketing', { modelId: 'ticketing.ticketingteams' })).toBe(
      'ticketing.Team',
    );
    expect(resolveSyncStatusModel('filestorage', { modelId: 'FileStorageFile' })).toBe('filestorage.File');
    expect(resolveSyncStatusModel('filestorage', { modelId: 'filestorage.Blob', modelName: 'File' })).toBe(
      'filestorage.File',
    );
    expect(resolveSyncStatusModel('hris', { modelName: 'employees' })).toBe('hris.Employee');
  });

  it('resolves within the account category only', () => {
    expect(resolveSyncStatusModel('ticketing', { modelId: 'ticketing.Contact' })).toBe('ticketing.Contact');
    expect(resolveSyncStatusModel('accounting', { modelId: 'accounting.Contact' })).toBe(
      'accounting.Contact',
    );
    expect(resolveSyncStatusModel('hris', { modelId: 'crm.Lead', modelName: 'Lead' })).toBeUndefined();
  });

  it.each([
    ['ticketing', { modelId: 'ticketing.Widget', modelName: 'Widget' }],
    ['filestorage', { modelId: 'filestorage.', modelName: '' }],
    ['hris', {}],
    ['hris', { modelId: 42, modelName: null }],
    ['knowledgebase', { modelId: 'knowledgebase.Article', modelName: 'Article' }],
  ])('returns undefined, without throwing, for an unknown spelling: %s %p', (category, entry) => {
    expect(resolveSyncStatusModel(category, entry)).toBeUndefined();
  });

  it('no spelling names two models of a category', () => {
    for (const model of MODEL_CATALOG) {
      for (const id of model.syncStatusIds) {
        expect([id, resolveSyncStatusModel(model.category, { modelId: id })]).toEqual([id, model.modelId]);
        const lower = id.toLowerCase();
        expect([lower, resolveSyncStatusModel(model.category, { modelId: lower })]).toEqual([
          lower,
          model.modelId,
        ]);
      }
      expect(resolveSyncStatusModel(model.category, { modelName: model.modelName })).toBe(model.modelId);
    }
  });
});

describe('model ids and webhook names', () => {
  it('keeps the ids stored in users tables', () => {
    const kept = [
      ['hris.Employee', 'employees'],
      ['hris.Employment', 'employments'],
      ['ats.Candidate', 'candidates'],
      ['ats.Application', 'applications'],
      ['crm.Contact', 'contacts'],
      ['crm.Lead', 'leads'],
      ['accounting.Invoice', 'invoices'],
      ['ticketing.Ticket', 'tickets'],
      ['filestorage.File', 'files'],
    ];
    for (const [id, path] of kept) expect([id, findModel(id!)?.path]).toEqual([id, path]);
  });

  it('ids are unique, `<category>.<name>`, valid config ids', () => {
    const ids = MODEL_CATALOG.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of MODEL_CATALOG) {
      expect(m.modelId).toBe(`${m.category}.${m.modelName}`);
      expect(m.modelId).toMatch(/^[a-z]+\.[A-Za-z]+$/);
    }
    expect(modelsOfCategory('crm').every((m) => m.category === 'crm')).toBe(true);
    expect(modelsOfCategory('knowledgebase')).toEqual([]);
  });

  it.each([
    ['crm', 'CRMContact', 'crm.Contact'],
    ['crm', 'Contact', 'crm.Contact'],
    ['crm', 'CRMAccount', 'crm.Account'],
    ['crm', 'Lead', 'crm.Lead'],
    ['accounting', 'Invoice', 'accounting.Invoice'],
    ['accounting', 'AccountingTransaction', 'accounting.Transaction'],
    ['ticketing', 'TicketingTeam', 'ticketing.Team'],
    ['ticketing', 'Ticket', 'ticketing.Ticket'],
    ['filestorage', 'FileStorageFile', 'filestorage.File'],
    ['filestorage', 'File', 'filestorage.File'],
    ['ats', 'EEOC', 'ats.EEOC'],
    ['ats', 'ScheduledInterview', 'ats.ScheduledInterview'],
    ['hris', 'employee', 'hris.Employee'],
  ])('webhook %s %s → %s', (category, name, expected) => {
    expect(modelIdFromWebhookName(category, name)).toBe(expected);
  });

  it('tells webhook-only objects from names it has never heard of', () => {
    expect(modelIdFromWebhookName('accounting', 'InvoiceLineItem')).toBeUndefined();
    expect(isWebhookOnlyModel('accounting', 'InvoiceLineItem')).toBe(true);
    expect(isWebhookOnlyModel('hris', 'Deduction')).toBe(true);
    expect(isWebhookOnlyModel('hris', 'Widget')).toBe(false);
    expect(modelIdFromWebhookName('hris', 'Widget')).toBeUndefined();
    expect(modelIdFromWebhookName('crm', 'Employee')).toBeUndefined();
  });

  it('no webhook name names two models of a category', () => {
    for (const m of MODEL_CATALOG) {
      for (const name of m.webhookNames)
        expect([name, modelIdFromWebhookName(m.category, name)]).toEqual([name, m.modelId]);
    }
  });
});
