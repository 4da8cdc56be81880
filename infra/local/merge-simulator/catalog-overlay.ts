import type { Category } from './categories';

// What the simulator adds to the product's catalog (shared/config/catalog, which gives paths,
// relations, filters and webhook names): example records, remote_data paths, the fields a
// `{Model}.synced` webhook reports, enum origins and which models carry remote_fields.

export interface ModelOverlay {
  /** Merge's example record in fixtures/ (every documented field present). */
  fixture?: string;
  remoteDataPath?: string;
  syncedFields?: string[];
  /** Normalised value -> third-party value for `show_enum_origins`. */
  enumOrigins?: Record<string, Record<string, string>>;
}

export const OVERLAY: Record<string, ModelOverlay> = {
  'hris.Employee': {
    fixture: 'HRIS_employee.json',
    remoteDataPath: '/people',
    syncedFields: ['first_name', 'last_name', 'work_email', 'employment_status', 'manager', 'employments'],
    enumOrigins: {
      employment_status: { ACTIVE: 'Active', PENDING: 'Pending', INACTIVE: 'Terminated' },
      gender: { MALE: 'Male', FEMALE: 'Female', 'NON-BINARY': 'Non-binary', OTHER: 'Other' },
    },
  },
  'hris.Employment': {
    fixture: 'HRIS_employments.json',
    remoteDataPath: '/jobs',
    syncedFields: ['job_title', 'pay_rate', 'employment_type', 'effective_date'],
    enumOrigins: {
      employment_type: { FULL_TIME: 'Full-Time', PART_TIME: 'Part-Time', CONTRACTOR: 'Contractor' },
    },
  },
  'ats.Candidate': {
    fixture: 'ATS_candidates.json',
    remoteDataPath: '/candidates',
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'applications'],
  },
  'ats.Application': {
    fixture: 'ATS_applications.json',
    remoteDataPath: '/candidacies',
    syncedFields: ['candidate', 'applied_at', 'current_stage', 'rejected_at'],
  },
  'crm.Contact': {
    fixture: 'CRM_contacts.json',
    remoteDataPath: '/contacts',
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'last_activity_at'],
  },
  'crm.Lead': {
    fixture: 'CRM_leads.json',
    remoteDataPath: '/leads',
    syncedFields: ['first_name', 'last_name', 'company', 'status'],
    enumOrigins: { status: { OPEN: 'Open - Not Contacted', CONVERTED: 'Closed - Converted' } },
  },
  'accounting.Invoice': {
    fixture: 'Accounting_invoices.json',
    remoteDataPath: '/invoices',
    syncedFields: ['number', 'status', 'total_amount', 'balance', 'line_items'],
    enumOrigins: { status: { PAID: 'Paid', OPEN: 'Open', DRAFT: 'Draft' } },
  },
  'ticketing.Ticket': {
    fixture: 'Ticketing_tickets.json',
    remoteDataPath: '/issues',
    syncedFields: ['name', 'status', 'priority', 'assignees'],
    enumOrigins: {
      status: { OPEN: 'To Do', IN_PROGRESS: 'In Progress', CLOSED: 'Done' },
      priority: { URGENT: 'Highest', HIGH: 'High', NORMAL: 'Medium', LOW: 'Low' },
    },
  },
  'ticketing.Attachment': {
    fixture: 'Ticketing_attachments.json',
    remoteDataPath: '/attachments',
    syncedFields: ['file_name', 'ticket', 'file_url'],
  },
  'ticketing.Team': {
    fixture: 'Ticketing_teams.json',
    remoteDataPath: '/teams',
    syncedFields: ['name', 'description'],
  },
  'filestorage.File': {
    fixture: 'filestorage_files.json',
    remoteDataPath: '/files',
    syncedFields: ['name', 'size', 'checksum', 'folder'],
  },
};

/** The "enum origins" of the reference's tables (merge-common-models §2 Remarks), per model. */
export const ENUM_ORIGIN_FIELDS: Record<string, string[]> = {
  'hris.BankInfo': ['account_type'],
  'hris.Employee': ['employment_status', 'ethnicity', 'gender', 'marital_status'],
  'hris.Employment': ['employment_type', 'flsa_status', 'pay_frequency', 'pay_period'],
  'hris.Group': ['type'],
  'hris.Location': ['country', 'location_type'],
  'hris.PayrollRun': ['run_state', 'run_type'],
  'hris.TimeOff': ['request_type', 'status', 'units'],
  'hris.TimeOffBalance': ['policy_type'],
  'ats.Activity': ['activity_type', 'visibility'],
  'ats.Attachment': ['attachment_type'],
  'ats.EEOC': ['disability_status', 'gender', 'race', 'veteran_status'],
  'ats.ScheduledInterview': ['status'],
  'ats.Job': ['status'],
  'ats.Offer': ['status'],
  'ats.Scorecard': ['overall_recommendation'],
  'ats.RemoteUser': ['access_role'],
  'crm.Opportunity': ['status'],
  'accounting.Account': ['classification', 'status'],
  'accounting.Contact': ['status'],
  'accounting.CreditNote': ['status', 'type'],
  'accounting.Invoice': ['type'],
  'accounting.ItemFulfillment': ['status'],
  'accounting.Item': ['status'],
  'accounting.PurchaseOrder': ['status'],
  'accounting.SalesOrder': ['status'],
  'accounting.TrackingCategory': ['status'],
  'ticketing.Collection': ['collection_type'],
  'ticketing.Ticket': ['priority', 'status', 'ticket_type'],
};

/** Models whose list takes `include_remote_fields` (reference §2 Remarks): they carry `remote_fields`. */
export const REMOTE_FIELDS_MODELS: ReadonlySet<string> = new Set([
  'crm.Account',
  'crm.Contact',
  'crm.CustomObject',
  'crm.EngagementType',
  'crm.Engagement',
  'crm.Lead',
  'crm.Note',
  'crm.Opportunity',
  'crm.Stage',
  'crm.Task',
  'crm.User',
  'accounting.Contact',
  'accounting.ExpenseReport',
  'accounting.ExpenseReportLine',
  'accounting.Expense',
  'accounting.Invoice',
  'accounting.ItemFulfillment',
  'accounting.JournalEntry',
  'accounting.Payment',
  'accounting.PurchaseOrder',
  'accounting.SalesOrder',
  'ticketing.Ticket',
]);

/**
 * Inline sub-objects Merge's examples show as ids unless expanded: `screening_question_answers`
 * (ATS Application) and `applied_payments` (Accounting Invoice); the other lists of the same
 * PaymentLineItem objects follow them. Every other inline sub-object (line items, lines, addresses,
 * permissions) is always an object, as in the examples.
 */
export const COLLAPSED_INLINE: ReadonlySet<string> = new Set([
  'ats.Application.screening_question_answers',
  'accounting.Invoice.applied_payments',
  'accounting.CreditNote.applied_payments',
  'accounting.JournalEntry.applied_payments',
  'accounting.Payment.applied_to_lines',
]);

/**
 * The models an account is linked with unless the test names others (`models`) or asks for every
 * model of its category (`models: 'all'`, `seed: 'all-models'`). Merge lists every model in an
 * account's scopes; these are the models a deployment syncs by default
 * (shared/config/default-sync-config.ts, test/simulator/default-models.test.ts keeps them together),
 * so a default deployment sees each of its models reported and settled, plus ticketing Attachment
 * and Team, which the simulator always linked. The models it linked before the defaults grew come
 * first, in the order existing scripts see in the sync-status.
 */
export const DEFAULT_MODELS: Record<Category, string[]> = {
  hris: ['hris.Employee', 'hris.Employment'],
  ats: ['ats.Candidate', 'ats.Application', 'ats.ScheduledInterview', 'ats.Job', 'ats.Offer'],
  crm: ['crm.Contact', 'crm.Lead', 'crm.Account', 'crm.Opportunity'],
  accounting: ['accounting.Invoice', 'accounting.Payment', 'accounting.Contact', 'accounting.JournalEntry'],
  ticketing: ['ticketing.Ticket', 'ticketing.Attachment', 'ticketing.Team', 'ticketing.Comment'],
  filestorage: ['filestorage.File', 'filestorage.Folder', 'filestorage.Drive'],
};
