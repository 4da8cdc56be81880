import type { ModelSpec } from './model-spec';

// The Common Models the simulator serves, as data. Paths follow merge-api.md §1; `syncModelId` the
// spellings of Merge's examples (merge-common-models §1.1, merge-api.md §12); `webhookName` the
// webhook model names of merge-common-models §5.2. A linked account of a category has all its models.

type Defaults = 'relations' | 'enumOrigins' | 'hasRemoteFields' | 'syncedFields';
type Input = Omit<ModelSpec, Defaults> & Partial<Pick<ModelSpec, Defaults>>;

const model = (m: Input): ModelSpec => ({
  relations: [],
  enumOrigins: {},
  hasRemoteFields: false,
  syncedFields: ['name'],
  ...m,
});

/** The six categories the engine syncs. */
const SYNCED: ModelSpec[] = [
  model({
    modelId: 'hris.Employee',
    category: 'hris',
    modelName: 'Employee',
    syncModelId: 'hris.Employee',
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
  }),
  model({
    modelId: 'hris.Employment',
    category: 'hris',
    modelName: 'Employment',
    syncModelId: 'hris.Employment',
    path: 'employments',
    webhookName: 'Employment',
    fixture: 'HRIS_employments.json',
    remoteDataPath: '/jobs',
    relations: [{ field: 'employee', target: 'hris.Employee', many: false }],
    syncedFields: ['job_title', 'pay_rate', 'employment_type', 'effective_date'],
    enumOrigins: {
      employment_type: { FULL_TIME: 'Full-Time', PART_TIME: 'Part-Time', CONTRACTOR: 'Contractor' },
    },
  }),
  model({
    modelId: 'ats.Candidate',
    category: 'ats',
    modelName: 'Candidate',
    syncModelId: 'ats.Candidate',
    path: 'candidates',
    webhookName: 'Candidate',
    fixture: 'ATS_candidates.json',
    remoteDataPath: '/candidates',
    relations: [{ field: 'applications', target: 'ats.Application', many: true }],
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'applications'],
  }),
  model({
    modelId: 'ats.Application',
    category: 'ats',
    modelName: 'Application',
    syncModelId: 'ats.Application',
    path: 'applications',
    webhookName: 'Application',
    fixture: 'ATS_applications.json',
    remoteDataPath: '/candidacies',
    relations: [{ field: 'candidate', target: 'ats.Candidate', many: false }],
    syncedFields: ['candidate', 'applied_at', 'current_stage', 'rejected_at'],
  }),
  model({
    modelId: 'crm.Contact',
    category: 'crm',
    modelName: 'Contact',
    syncModelId: 'crm.Contact',
    syncModelIdVariant: { option: 'crm', modelId: 'crm.CRMContact' },
    path: 'contacts',
    webhookName: 'CRMContact',
    fixture: 'CRM_contacts.json',
    remoteDataPath: '/contacts',
    syncedFields: ['first_name', 'last_name', 'email_addresses', 'last_activity_at'],
    hasRemoteFields: true,
  }),
  model({
    modelId: 'crm.Lead',
    category: 'crm',
    modelName: 'Lead',
    syncModelId: 'crm.Lead',
    path: 'leads',
    webhookName: 'Lead',
    fixture: 'CRM_leads.json',
    remoteDataPath: '/leads',
    syncedFields: ['first_name', 'last_name', 'company', 'status'],
    enumOrigins: { status: { OPEN: 'Open - Not Contacted', CONVERTED: 'Closed - Converted' } },
    hasRemoteFields: true,
  }),
  model({
    modelId: 'accounting.Invoice',
    category: 'accounting',
    modelName: 'Invoice',
    syncModelId: 'accounting.Invoices',
    syncModelIdVariant: { option: 'accounting', modelId: 'accounting.Invoice' },
    path: 'invoices',
    webhookName: 'Invoice',
    fixture: 'Accounting_invoices.json',
    remoteDataPath: '/invoices',
    syncedFields: ['number', 'status', 'total_amount', 'balance', 'line_items'],
    enumOrigins: { status: { PAID: 'Paid', OPEN: 'Open', DRAFT: 'Draft' } },
    hasRemoteFields: true,
  }),
  model({
    modelId: 'ticketing.Ticket',
    category: 'ticketing',
    modelName: 'Ticket',
    syncModelId: 'ticketing.Ticket',
    path: 'tickets',
    webhookName: 'Ticket',
    fixture: 'Ticketing_tickets.json',
    remoteDataPath: '/issues',
    syncedFields: ['name', 'status', 'priority', 'assignees'],
    enumOrigins: {
      status: { OPEN: 'To Do', IN_PROGRESS: 'In Progress', CLOSED: 'Done' },
      priority: { URGENT: 'Highest', HIGH: 'High', NORMAL: 'Medium', LOW: 'Low' },
    },
    hasRemoteFields: true,
  }),
  model({
    modelId: 'ticketing.Attachment',
    category: 'ticketing',
    modelName: 'Attachment',
    syncModelId: 'ticketing.TicketingAttachment',
    path: 'attachments',
    webhookName: 'TicketingAttachment',
    fixture: 'Ticketing_attachments.json',
    remoteDataPath: '/attachments',
    syncedFields: ['file_name', 'ticket', 'file_url'],
  }),
  model({
    modelId: 'ticketing.Team',
    category: 'ticketing',
    modelName: 'Team',
    syncModelId: 'ticketing.TicketingTeam',
    path: 'teams',
    webhookName: 'TicketingTeam',
    fixture: 'Ticketing_teams.json',
    remoteDataPath: '/teams',
    syncedFields: ['name', 'description'],
  }),
  model({
    modelId: 'filestorage.File',
    category: 'filestorage',
    modelName: 'File',
    syncModelId: 'filestorage.FileStorageFile',
    path: 'files',
    webhookName: 'FileStorageFile',
    fixture: 'filestorage_files.json',
    remoteDataPath: '/files',
    syncedFields: ['name', 'size', 'checksum', 'folder'],
  }),
];

/**
 * Categories a deployment may not sync, whose accounts still exist in the organization and whose
 * webhooks still arrive (merge-api.md §12 "Webhooks are organization-wide"). One model each; the model
 * names, `model_id` spellings and paths are UNCONFIRMED (webhook names from merge-common-models §5.2
 * where it lists them: KnowledgeBaseArticle, MKTGCampaign).
 */
const OTHER: ModelSpec[] = [
  model({
    modelId: 'knowledgebase.Article',
    category: 'knowledgebase',
    modelName: 'Article',
    syncModelId: 'knowledgebase.KnowledgeBaseArticle',
    path: 'articles',
    webhookName: 'KnowledgeBaseArticle',
    fixture: null,
    remoteDataPath: '/wiki/pages',
  }),
  model({
    modelId: 'chat.Message',
    category: 'chat',
    modelName: 'Message',
    syncModelId: 'chat.Message',
    path: 'messages',
    webhookName: 'Message',
    fixture: null,
    remoteDataPath: '/conversations.history',
  }),
  model({
    modelId: 'mktg.Campaign',
    category: 'mktg',
    modelName: 'Campaign',
    syncModelId: 'mktg.MKTGCampaign',
    path: 'campaigns',
    webhookName: 'MKTGCampaign',
    fixture: null,
    remoteDataPath: '/campaigns',
  }),
];

export const MODEL_CATALOG: readonly ModelSpec[] = [...SYNCED, ...OTHER];
