// merge-common-models §1.1 and merge-api.md §12 ("model_id is not always <category>.<Common Model
// name>"): model_id as Merge's examples spell it in GET sync-status, in LinkedAccount.sync_completed's
// data.sync_status keys and in {Model}.synced's data.sync_status.model_id; webhook model names per
// merge-common-models §5.2.
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';
import type { OrgCategory } from '../../infra/local/merge-simulator';

/** The models each category's account links with here: the ones Merge's examples spell. */
const EXAMPLE_MODELS: Partial<Record<OrgCategory, string[]>> = {
  hris: ['hris.Employee', 'hris.Employment'],
  ats: ['ats.Candidate', 'ats.Application'],
  crm: ['crm.Contact', 'crm.Lead'],
  accounting: ['accounting.Invoice'],
  ticketing: ['ticketing.Ticket', 'ticketing.Attachment', 'ticketing.Team'],
  filestorage: ['filestorage.File'],
};

describe('merge simulator: model_id spellings (common-models §1.1, api §12)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  const syncStatusOf = async (category: OrgCategory): Promise<[string, string][]> => {
    const account = h.sim.linkAccount({ category, models: EXAMPLE_MODELS[category] });
    const res = await h.json<Page>(`/${category}/v1/sync-status`, { token: account.accountToken });
    expect(res.status).toBe(200);
    return res.body.results.map((r) => [String(r.model_name), String(r.model_id)]);
  };

  test("GET sync-status spells model_id like Merge's examples [WIRE; HELP 2988671375]", async () => {
    h = await startHarness();
    expect(await syncStatusOf('hris')).toEqual([
      ['Employee', 'hris.Employee'],
      ['Employment', 'hris.Employment'],
    ]);
    expect(await syncStatusOf('ats')).toEqual([
      ['Candidate', 'ats.Candidate'],
      ['Application', 'ats.Application'],
    ]);
    // CRM: the plain WIRE example style (`crm.Account`) by default.
    expect(await syncStatusOf('crm')).toEqual([
      ['Contact', 'crm.Contact'],
      ['Lead', 'crm.Lead'],
    ]);
    // Accounting: the plural WIRE example `accounting.Invoices`.
    expect(await syncStatusOf('accounting')).toEqual([['Invoice', 'accounting.Invoices']]);
    // Ticketing: plain Ticket, prefixed TicketingAttachment / TicketingTeam (HELP 2988671375).
    expect(await syncStatusOf('ticketing')).toEqual([
      ['Ticket', 'ticketing.Ticket'],
      ['Attachment', 'ticketing.TicketingAttachment'],
      ['Team', 'ticketing.TicketingTeam'],
    ]);
    // File Storage: `filestorage.FileStorageFile` with model_name "File" [WIRE].
    expect(await syncStatusOf('filestorage')).toEqual([['File', 'filestorage.FileStorageFile']]);
  });

  test('the other readings of the uncertain spellings: accounting.Invoice, crm.CRMContact (§1.1 UNCERTAIN)', async () => {
    h = await startHarness({ modelIdSpelling: { accounting: 'singular', crm: 'prefixed' } });
    expect(await syncStatusOf('accounting')).toEqual([['Invoice', 'accounting.Invoice']]);
    expect(await syncStatusOf('crm')).toEqual([
      ['Contact', 'crm.CRMContact'],
      ['Lead', 'crm.Lead'],
    ]);
    expect(await syncStatusOf('filestorage')).toEqual([['File', 'filestorage.FileStorageFile']]);
  });

  test('LinkedAccount.sync_completed keys data.sync_status by the same model_id (api §6b, HELP 2988671375)', async () => {
    h = await startHarness();
    const ticketing = h.sim.linkAccount({ category: 'ticketing', models: EXAMPLE_MODELS.ticketing });
    h.sim.runSync(ticketing.id);
    const payload = h.sim.syncCompletedEvent(ticketing.id);
    expect(Object.keys(payload.data.sync_status as Json)).toEqual([
      'ticketing.Ticket',
      'ticketing.TicketingAttachment',
      'ticketing.TicketingTeam',
    ]);
    const files = h.sim.linkAccount({ category: 'filestorage', models: EXAMPLE_MODELS.filestorage });
    h.sim.runSync(files.id);
    expect(Object.keys(h.sim.syncCompletedEvent(files.id).data.sync_status as Json)).toEqual([
      'filestorage.FileStorageFile',
    ]);
    // A test may name the models by key or by their wire spelling.
    const byWire = h.sim.syncCompletedEvent(files.id, { models: ['filestorage.FileStorageFile'] });
    const byKey = h.sim.syncCompletedEvent(files.id, { models: ['filestorage.File'] });
    expect(byWire.data).toEqual(byKey.data);
  });

  test('{Model}.synced names the webhook model (common-models §5.2) and carries the wire model_id (api §6c)', async () => {
    h = await startHarness();
    const cases: [OrgCategory, string, string, string][] = [
      ['ats', 'ats.Candidate', 'Candidate.synced', 'ats.Candidate'],
      ['hris', 'hris.Employee', 'Employee.synced', 'hris.Employee'],
      ['filestorage', 'filestorage.File', 'FileStorageFile.synced', 'filestorage.FileStorageFile'],
      ['accounting', 'accounting.Invoice', 'Invoice.synced', 'accounting.Invoices'],
      ['crm', 'crm.Contact', 'CRMContact.synced', 'crm.Contact'],
      ['ticketing', 'ticketing.Team', 'TicketingTeam.synced', 'ticketing.TicketingTeam'],
      ['ticketing', 'ticketing.Attachment', 'TicketingAttachment.synced', 'ticketing.TicketingAttachment'],
    ];
    for (const [category, key, event, modelId] of cases) {
      const account = h.sim.linkAccount({ category });
      h.sim.runSync(account.id);
      const payload = h.sim.modelSyncedEvent(account.id, key);
      expect([payload.hook.event, (payload.data.sync_status as Json).model_id]).toEqual([event, modelId]);
    }
  });

  test('changed-data events: CRMContact.changed, FileStorageFile.added, TicketingTeam.removed (common-models §5.2)', async () => {
    h = await startHarness();
    const crm = h.sim.linkAccount({ category: 'crm' });
    const contact = h.sim.addRecord(crm.id, 'crm.Contact');
    expect(h.sim.changedDataEvent(crm.id, 'crm.Contact', contact.id, 'changed').hook.event).toBe(
      'CRMContact.changed',
    );
    const files = h.sim.linkAccount({ category: 'filestorage', models: EXAMPLE_MODELS.filestorage });
    const file = h.sim.addRecord(files.id, 'filestorage.FileStorageFile');
    expect(h.sim.changedDataEvent(files.id, 'filestorage.File', file.id, 'added').hook.event).toBe(
      'FileStorageFile.added',
    );
    const ticketing = h.sim.linkAccount({ category: 'ticketing', models: EXAMPLE_MODELS.ticketing });
    const team = h.sim.addRecord(ticketing.id, 'ticketing.Team');
    expect(h.sim.changedDataEvent(ticketing.id, 'ticketing.Team', team.id, 'removed').hook.event).toBe(
      'TicketingTeam.removed',
    );
    const ticketingTeams = await h.json<Page>('/ticketing/v1/teams', { token: ticketing.accountToken });
    expect(ticketingTeams.body.results.map((r) => r.id)).toEqual([team.id]);
  });

  test('every simulator method accepts a model by key or by the model_id GET sync-status returned', async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'accounting', models: EXAMPLE_MODELS.accounting });
    const [wireId] = h.sim.syncStatus(account.id).map((e) => e.model_id);
    expect(wireId).toBe('accounting.Invoices');
    h.sim.seedRecords(account.id, wireId ?? '', 2);
    expect(h.sim.records(account.id, 'accounting.Invoice')).toHaveLength(2);
    h.sim.runSync(account.id, { models: [wireId ?? ''] });
    h.sim.setModelStatus(account.id, 'accounting.Invoice', 'DISABLED');
    expect(h.sim.syncStatus(account.id)[0]).toMatchObject({
      model_id: 'accounting.Invoices',
      status: 'DISABLED',
    });
    expect(h.sim.account(account.id)?.models).toEqual(['accounting.Invoice']);
  });
});
