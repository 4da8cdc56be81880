import type { SyncConfigInput } from './sync-config-schema';

/**
 * What syncs, how, and how often, out of the box: per category the models Merge's use cases center
 * on, plus the ones those products most often need beside them, and a daily reconciliation. Each
 * tier follows how often the data changes and how soon its users act on a change (README, "What
 * syncs"). A tier a category already polls costs nothing more (one /sync-status request per account
 * per tick covers every model of the tier); a new one adds one request per account per tick.
 * Edit this file (it is validated at start) to change what your deployment syncs.
 *
 * No `expand`: Merge's modified_after ignores changes inside expanded objects, so a related record
 * is kept fresh by syncing its model in its own right (an employee's employments are
 * hris.Employment records, with their own cursor and Employment.* webhooks). National identifiers
 * (an employee's `ssn`) are left out of every record: see `denyFields` in docs/configuration.md.
 */
export const DEFAULT_SYNC_CONFIG: SyncConfigInput = {
  planRequestsPerMinute: 100,
  budgetShare: 0.95,
  tiers: [
    { name: 'frequent', everyMinutes: 5 },
    { name: 'hourly', everyMinutes: 60 },
    { name: 'periodic', everyMinutes: 240 },
    { name: 'daily', everyMinutes: 1440 },
  ],
  models: [
    // HRIS: the directory and job data; HR records change a few times a month.
    { modelId: 'hris.Employee', tier: 'daily' },
    { modelId: 'hris.Employment', tier: 'daily' },
    // ATS: pipelines move within the hour; interviews are booked and moved the same day; jobs and
    // offers change a few times a week and are acted on within days.
    { modelId: 'ats.Candidate', tier: 'frequent' },
    { modelId: 'ats.Application', tier: 'frequent' },
    { modelId: 'ats.ScheduledInterview', tier: 'frequent' },
    { modelId: 'ats.Job', tier: 'hourly' },
    { modelId: 'ats.Offer', tier: 'hourly' },
    // CRM: new leads are routed at once and deals move through stages all day; companies and people
    // change slowly.
    { modelId: 'crm.Lead', tier: 'frequent' },
    { modelId: 'crm.Opportunity', tier: 'frequent' },
    { modelId: 'crm.Contact', tier: 'hourly' },
    { modelId: 'crm.Account', tier: 'hourly' },
    // Accounting: receivables work in batches, an invoice with its payments and its customer; the
    // ledger is posted and read at period close.
    { modelId: 'accounting.Invoice', tier: 'periodic' },
    { modelId: 'accounting.Payment', tier: 'periodic' },
    { modelId: 'accounting.Contact', tier: 'periodic' },
    { modelId: 'accounting.JournalEntry', tier: 'daily' },
    // Ticketing: support tools show open tickets and their conversation live.
    { modelId: 'ticketing.Ticket', tier: 'frequent' },
    { modelId: 'ticketing.Comment', tier: 'frequent' },
    // File storage: search and AI ingestion follow new files and folder permissions (who may read
    // a file); drives are created a few times a year.
    { modelId: 'filestorage.File', tier: 'frequent' },
    { modelId: 'filestorage.Folder', tier: 'frequent' },
    { modelId: 'filestorage.Drive', tier: 'daily' },
  ],
  reconcileEveryMinutes: 1440,
  cursorOverlapSeconds: 120,
  quietRunEventEveryMinutes: 60,
  initialSyncWatch: {
    fastEverySeconds: 20,
    fastForMinutes: 3,
    slowEverySeconds: 120,
    giveUpAfterHours: 48,
    unreportedGiveUpMinutes: 5,
  },
};
