import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { loadSyncConfig, parseSyncConfig } from '../../../shared/config/sync-config';

/** The default models before they grew to 20: the CHANGELOG shows how to keep them. */
const EARLIER_NINE = [
  'hris.Employee daily',
  'hris.Employment daily',
  'ats.Candidate frequent',
  'ats.Application frequent',
  'crm.Lead frequent',
  'crm.Contact hourly',
  'accounting.Invoice periodic',
  'ticketing.Ticket frequent',
  'filestorage.File frequent',
];

const modelsOf = (settings: ReturnType<typeof parseSyncConfig>) =>
  settings.models.map((m) => `${m.modelId} ${m.tier}`);

describe('the default models', () => {
  const settings = parseSyncConfig(DEFAULT_SYNC_CONFIG);

  it("keep Merge's use cases and add what each category most needs", () => {
    expect(modelsOf(settings)).toEqual(expect.arrayContaining(EARLIER_NINE));
    expect(
      modelsOf(settings)
        .filter((m) => !EARLIER_NINE.includes(m))
        .sort(),
    ).toEqual([
      'accounting.Contact periodic',
      'accounting.JournalEntry daily',
      'accounting.Payment periodic',
      'ats.Job hourly',
      'ats.Offer hourly',
      'ats.ScheduledInterview frequent',
      'crm.Account hourly',
      'crm.Opportunity frequent',
      'filestorage.Drive daily',
      'filestorage.Folder frequent',
      'ticketing.Comment frequent',
    ]);
  });

  it('expand nothing: a related record is kept fresh by its own model (modified_after ignores expanded objects)', () => {
    expect(DEFAULT_SYNC_CONFIG.models.filter((m) => m.expand !== undefined)).toEqual([]);
    expect(settings.models.filter((m) => m.expand.length > 0)).toEqual([]);
  });

  it('the CHANGELOG shows a valid SYNC_CONFIG_OVERRIDES that keeps exactly the earlier nine', () => {
    const changelog = readFileSync(path.join(__dirname, '../../../CHANGELOG.md'), 'utf8');
    const example = /SYNC_CONFIG_OVERRIDES='(\{.*\})' npm start/.exec(changelog);
    expect(example).not.toBeNull();
    const kept = loadSyncConfig({ SYNC_CONFIG_OVERRIDES: example![1] });
    expect(modelsOf(kept)).toEqual(EARLIER_NINE);
  });
});
