import type { Category } from '../types';

// The Common Models Merge lets a linked account write, and how (merge-common-models §2 Writes column
// and §3): POST `<path>` creates, PATCH `<path>/{id}` updates, ATS writes carry `remote_user_id`.
// `required` is what this simulated integration's `meta` asks for; the SDK marks every field optional
// and real integrations differ (tests change it with `writes.setRequiredFields`).

export interface WritableModel {
  /** The simulator's key, `<category>.<Common Model>` as the engine names it. */
  modelId: string;
  category: Category;
  path: string;
  patch: boolean;
  remoteUserId: boolean;
  required: { post: string[]; patch: string[] };
}

const w = (
  category: Category,
  name: string,
  path: string,
  options: { patch?: true; post?: string[] } = {},
): WritableModel => ({
  modelId: `${category}.${name}`,
  category,
  path,
  patch: options.patch ?? false,
  remoteUserId: category === 'ats',
  required: { post: options.post ?? [], patch: [] },
});

export const WRITABLE_MODELS: readonly WritableModel[] = [
  w('hris', 'Employee', 'employees', { post: ['first_name', 'last_name'] }),
  w('hris', 'TimeOff', 'time-off', { post: ['employee', 'start_time', 'end_time'] }),
  w('hris', 'TimesheetEntry', 'timesheet-entries', { post: ['employee'] }),
  w('ats', 'Activity', 'activities'),
  w('ats', 'Application', 'applications', { post: ['candidate', 'job'] }),
  w('ats', 'Attachment', 'attachments'),
  w('ats', 'Candidate', 'candidates', { patch: true, post: ['first_name', 'last_name'] }),
  w('ats', 'ScheduledInterview', 'interviews'),
  w('crm', 'Account', 'accounts', { patch: true, post: ['name'] }),
  w('crm', 'Contact', 'contacts', { patch: true, post: ['last_name'] }),
  w('crm', 'Engagement', 'engagements', { patch: true }),
  w('crm', 'Lead', 'leads', { post: ['last_name'] }),
  w('crm', 'Note', 'notes', { post: ['content'] }),
  w('crm', 'Opportunity', 'opportunities', { patch: true, post: ['name'] }),
  w('crm', 'Task', 'tasks', { patch: true }),
  w('accounting', 'Account', 'accounts', { post: ['name'] }),
  w('accounting', 'AccountingAttachment', 'attachments'),
  w('accounting', 'BankFeedAccount', 'bank-feed-accounts'),
  w('accounting', 'BankFeedTransaction', 'bank-feed-transactions'),
  w('accounting', 'Contact', 'contacts', { patch: true, post: ['name'] }),
  w('accounting', 'CreditNote', 'credit-notes', { patch: true }),
  w('accounting', 'ExpenseReport', 'expense-reports'),
  w('accounting', 'Expense', 'expenses'),
  w('accounting', 'Invoice', 'invoices', { patch: true, post: ['contact'] }),
  w('accounting', 'ItemFulfillment', 'item-fulfillments'),
  w('accounting', 'Item', 'items', { patch: true }),
  w('accounting', 'JournalEntry', 'journal-entries'),
  w('accounting', 'Payment', 'payments', { patch: true }),
  w('accounting', 'PurchaseOrder', 'purchase-orders'),
  w('accounting', 'SalesOrder', 'sales-orders'),
  w('accounting', 'VendorCredit', 'vendor-credits', { patch: true }),
  w('ticketing', 'Attachment', 'attachments'),
  w('ticketing', 'Comment', 'comments', { post: ['ticket'] }),
  w('ticketing', 'Contact', 'contacts'),
  w('ticketing', 'Ticket', 'tickets', { patch: true, post: ['name'] }),
  w('filestorage', 'File', 'files', { post: ['name'] }),
  w('filestorage', 'Folder', 'folders', { post: ['name'] }),
];

export const writableModel = (category: string, path: string): WritableModel | undefined =>
  WRITABLE_MODELS.find((m) => m.category === category && m.path === path);

export const writableModelById = (modelId: string): WritableModel | undefined =>
  WRITABLE_MODELS.find((m) => m.modelId === modelId);
