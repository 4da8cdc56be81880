import type { Category } from './types';

// The Common Models the simulator serves, as data. Paths, model ids and webhook names follow
// reference/merge-api.md sections 1, 5 and 6; a linked account of a category has all its models.

export interface RelationSpec {
  /** Field on the record holding an id (or a list of ids when `many`). */
  field: string;
  /** Model id of the referenced records. */
  target: string;
  many: boolean;
}

export interface ModelSpec {
  /** e.g. `hris.Employee`, as in sync-status `model_id`. */
  modelId: string;
  category: Category;
  /** e.g. `Employee`, as in sync-status `model_name`. */
  modelName: string;
  /** List path segment under `/api/{category}/v1/`. */
  path: string;
  /** `{Model}` in webhook event names: HRIS/ATS unprefixed, CRM/file storage prefixed (SKILLS). */
  webhookName: string;
  /** Example record in fixtures/ used as the template for generated records. */
  fixture: string;
  /** `remote_data[].path` of generated records. */
  remoteDataPath: string;
  /** Relations `expand` accepts; anything else is a 400. */
  relations: RelationSpec[];
  /** Reported as `synced_fields` by the `{Model}.synced` webhook. */
  syncedFields: string[];
  /** Normalised enum value -> third-party value, returned under `show_enum_origins`. */
  enumOrigins: Record<string, Record<string, string>>;
  /** CRM, accounting and ticketing models carry `remote_fields` (returned with include_remote_fields). */
  hasRemoteFields: boolean;
}

export const CATEGORIES: readonly Category[] = [
  'hris',
  'ats',
  'crm',
  'accounting',
  'ticketing',
  'filestorage',
];

export const MODEL_CATALOG: readonly ModelSpec[] = [
  {
    modelId: 'hris.Employee',
    category: 'hris',
    modelName: 'Employee',
    path: 'employees',
    webhookName: 'Employee',
    fixture: 'HRIS_employee.json',
    remoteDataPath: '/people',
    relations: [
      { field: 'employments', target: 'hris.Employment', many: true },
      { field: 'manager', target: 'hris.Employee', many: false },
    ],
    syncedFields: ['first_name', 'last_name', 'work_email', 'employment_status', 'manager', 'employments'],
    enumOrigins: {
      employment_status: { ACTIVE: 'Active', PENDING: 'Pending', INACTIVE: 'Terminated' },
      gender: { MALE: 'Male', FEMALE: 'Female', 'NON-BINARY': 'Non-binary', OTHER: 'Other' },
    },
    hasRemoteFields: false,
  },
  {
    modelId: 'hris.Employment',
    category: 'hris',
    modelName: 'Employment',
    path: 'employments',
    webhookName: 'Employment',
    fixture: 'HRIS_employments.json',
    remoteDataPath: '/jobs',
    relations: [{ field: 'employee', target: 'hris.Employee', many: false }],
    syncedFields: ['job_title', 'pay_rate', 'employment_type', 'effective_date'],
    enumOrigins: {
      employment_type: { FULL_TIME: 'Full-Time', PART_TIME: 'Part-Time', CONTRACTOR: 'Contractor' },
    },
    hasRemoteFields: false,
  },
  {
    modelId: 'ats.Candidate',
    category: 'ats',
    modelName: 'Candidate',
    path: 'candidates',
    webhookName: 'Candidate',
    fixture: 'ATS_candidates.json',
    remoteDataPath: '/candidates',
    relations: [{ field: 'applications', target: 'ats.Application', many: true }],
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'applications'],
    enumOrigins: {},
    hasRemoteFields: false,
  },
  {
    modelId: 'ats.Application',
    category: 'ats',
    modelName: 'Application',
    path: 'applications',
    webhookName: 'Application',
    fixture: 'ATS_applications.json',
    remoteDataPath: '/candidacies',
    relations: [{ field: 'candidate', target: 'ats.Candidate', many: false }],
    syncedFields: ['candidate', 'applied_at', 'current_stage', 'rejected_at'],
    enumOrigins: {},
    hasRemoteFields: false,
  },
  {
    modelId: 'crm.Contact',
    category: 'crm',
    modelName: 'Contact',
    path: 'contacts',
    webhookName: 'CRMContact',
    fixture: 'CRM_contacts.json',
    remoteDataPath: '/contacts',
    relations: [],
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'last_activity_at'],
    enumOrigins: {},
    hasRemoteFields: true,
  },
  {
    modelId: 'crm.Lead',
    category: 'crm',
    modelName: 'Lead',
    path: 'leads',
    webhookName: 'Lead',
    fixture: 'CRM_leads.json',
    remoteDataPath: '/leads',
    relations: [],
    syncedFields: ['first_name', 'last_name', 'company', 'status'],
    enumOrigins: { status: { OPEN: 'Open - Not Contacted', CONVERTED: 'Closed - Converted' } },
    hasRemoteFields: true,
  },
  {
    modelId: 'accounting.Invoice',
    category: 'accounting',
    modelName: 'Invoice',
    path: 'invoices',
    webhookName: 'Invoice',
    fixture: 'Accounting_invoices.json',
    remoteDataPath: '/invoices',
    relations: [],
    syncedFields: ['number', 'status', 'total_amount', 'balance', 'line_items'],
    enumOrigins: { status: { PAID: 'Paid', OPEN: 'Open', DRAFT: 'Draft' } },
    hasRemoteFields: true,
  },
  {
    modelId: 'ticketing.Ticket',
    category: 'ticketing',
    modelName: 'Ticket',
    path: 'tickets',
    webhookName: 'Ticket',
    fixture: 'Ticketing_tickets.json',
    remoteDataPath: '/issues',
    relations: [],
    syncedFields: ['name', 'status', 'priority', 'assignees'],
    enumOrigins: {
      status: { OPEN: 'To Do', IN_PROGRESS: 'In Progress', CLOSED: 'Done' },
      priority: { URGENT: 'Highest', HIGH: 'High', NORMAL: 'Medium', LOW: 'Low' },
    },
    hasRemoteFields: true,
  },
  {
    modelId: 'filestorage.File',
    category: 'filestorage',
    modelName: 'File',
    path: 'files',
    webhookName: 'FileStorageFile',
    fixture: 'filestorage_files.json',
    remoteDataPath: '/files',
    relations: [],
    syncedFields: ['name', 'size', 'checksum', 'folder'],
    enumOrigins: {},
    hasRemoteFields: false,
  },
];

/** Integration shown for a freshly linked account of each category unless the test names one. */
export const DEFAULT_INTEGRATIONS: Record<Category, { name: string; slug: string; color: string }> = {
  hris: { name: 'BambooHR', slug: 'bamboohr', color: '#73C41D' },
  ats: { name: 'Greenhouse', slug: 'greenhouse', color: '#24A47F' },
  crm: { name: 'Salesforce', slug: 'salesforce', color: '#1798C1' },
  accounting: { name: 'QuickBooks Online', slug: 'quickbooks-online', color: '#2CA01C' },
  ticketing: { name: 'Jira', slug: 'jira', color: '#1F73E5' },
  filestorage: { name: 'Google Drive', slug: 'google-drive', color: '#1FA463' },
};

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function modelSpec(modelId: string): ModelSpec {
  const spec = MODEL_CATALOG.find((m) => m.modelId === modelId);
  if (!spec) throw new Error(`Unknown model id ${JSON.stringify(modelId)}`);
  return spec;
}

export function modelsOf(category: Category): ModelSpec[] {
  return MODEL_CATALOG.filter((m) => m.category === category);
}

export function modelByPath(category: Category, path: string): ModelSpec | undefined {
  return MODEL_CATALOG.find((m) => m.category === category && m.path === path);
}

/** Child relations whose records are created together with the parent (1 each), and the back-reference. */
export const OWNED_CHILDREN: Record<string, { listField: string; childModel: string; backField: string }> = {
  'hris.Employee': { listField: 'employments', childModel: 'hris.Employment', backField: 'employee' },
  'ats.Candidate': { listField: 'applications', childModel: 'ats.Application', backField: 'candidate' },
};
