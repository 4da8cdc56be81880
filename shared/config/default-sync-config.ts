import type { SyncConfigInput } from './sync-config-schema';

/**
 * What syncs, how, and how often, out of the box: Merge's own use cases (CRM leads and files every
 * 5 minutes, accounting invoices every few hours, HRIS employees daily) plus a daily reconciliation.
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
    { modelId: 'hris.Employee', tier: 'daily' },
    { modelId: 'hris.Employment', tier: 'daily' },
    { modelId: 'ats.Candidate', tier: 'frequent' },
    { modelId: 'ats.Application', tier: 'frequent' },
    { modelId: 'crm.Lead', tier: 'frequent' },
    { modelId: 'crm.Contact', tier: 'hourly' },
    { modelId: 'accounting.Invoice', tier: 'periodic' },
    { modelId: 'ticketing.Ticket', tier: 'frequent' },
    { modelId: 'filestorage.File', tier: 'frequent' },
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
