import type { Category } from './categories';

// How records of different models point at each other beyond plain relation fields, and the order in
// which a category's models are seeded so that every relation can point at a record that exists.

/**
 * A parent's list field that mirrors a child's reference to it (Candidate.applications lists the
 * Applications whose `candidate` is that candidate). A child joining the list changes the parent.
 */
export interface BackReference {
  parent: string;
  listField: string;
  child: string;
  /** The child's field naming its parent; null when the child is listed under the parent (nested). */
  backField: string | null;
  /** Creating a parent also creates one child (Employee -> Employment, Candidate -> Application). */
  createWithParent: boolean;
}

export const BACK_REFERENCES: readonly BackReference[] = [
  {
    parent: 'hris.Employee',
    listField: 'employments',
    child: 'hris.Employment',
    backField: 'employee',
    createWithParent: true,
  },
  {
    parent: 'ats.Candidate',
    listField: 'applications',
    child: 'ats.Application',
    backField: 'candidate',
    createWithParent: true,
  },
  {
    parent: 'ats.Candidate',
    listField: 'attachments',
    child: 'ats.Attachment',
    backField: 'candidate',
    createWithParent: false,
  },
  {
    parent: 'ats.Job',
    listField: 'job_postings',
    child: 'ats.JobPosting',
    backField: 'job',
    createWithParent: false,
  },
  {
    parent: 'ats.Application',
    listField: 'offers',
    child: 'ats.Offer',
    backField: 'application',
    createWithParent: false,
  },
  {
    parent: 'ticketing.Ticket',
    listField: 'attachments',
    child: 'ticketing.Attachment',
    backField: 'ticket',
    createWithParent: false,
  },
  {
    parent: 'accounting.ExpenseReport',
    listField: 'lines',
    child: 'accounting.ExpenseReportLine',
    backField: null,
    createWithParent: false,
  },
];

export const ownedChildOf = (parent: string): BackReference | undefined =>
  BACK_REFERENCES.find((b) => b.parent === parent && b.createWithParent);

export const backReferencesOf = (child: string): BackReference[] =>
  BACK_REFERENCES.filter((b) => b.child === child);

/**
 * Every model of each category, in an order where a model comes after the models its records point
 * at (self-references point at earlier records of the same model; mirrored lists fill as children
 * arrive). `seedAllModels` and `churn` follow it.
 */
export const SEED_ORDER: Record<Category, readonly string[]> = {
  hris: [
    'hris.Company',
    'hris.Location',
    'hris.Group',
    'hris.PayGroup',
    'hris.Team',
    'hris.Employee',
    'hris.Employment',
    'hris.BankInfo',
    'hris.EmployerBenefit',
    'hris.Benefit',
    'hris.Dependent',
    'hris.PayrollRun',
    'hris.EmployeePayrollRun',
    'hris.TimeOff',
    'hris.TimeOffBalance',
    'hris.TimesheetEntry',
  ],
  ats: [
    'ats.RemoteUser',
    'ats.Department',
    'ats.Office',
    'ats.RejectReason',
    'ats.Tag',
    'ats.Job',
    'ats.JobPosting',
    'ats.JobInterviewStage',
    'ats.ScreeningQuestion',
    'ats.Candidate',
    'ats.Application',
    'ats.Attachment',
    'ats.EEOC',
    'ats.Activity',
    'ats.Offer',
    'ats.ScheduledInterview',
    'ats.Scorecard',
  ],
  crm: [
    'crm.User',
    'crm.Account',
    'crm.Contact',
    'crm.Stage',
    'crm.Opportunity',
    'crm.EngagementType',
    'crm.Engagement',
    'crm.Lead',
    'crm.Note',
    'crm.Task',
    'crm.CustomObjectClass',
    'crm.CustomObject',
    'crm.AssociationType',
    'crm.Association',
  ],
  accounting: [
    'accounting.CompanyInfo',
    'accounting.AccountingPeriod',
    'accounting.Account',
    'accounting.TaxRate',
    'accounting.TrackingCategory',
    'accounting.PaymentMethod',
    'accounting.PaymentTerm',
    'accounting.Contact',
    'accounting.Employee',
    'accounting.Project',
    'accounting.Item',
    'accounting.BankFeedAccount',
    'accounting.BankFeedTransaction',
    'accounting.AccountingAttachment',
    'accounting.PurchaseOrder',
    'accounting.SalesOrder',
    'accounting.Payment',
    'accounting.CreditNote',
    'accounting.VendorCredit',
    'accounting.Invoice',
    'accounting.JournalEntry',
    'accounting.Expense',
    'accounting.ExpenseReport',
    'accounting.ExpenseReportLine',
    'accounting.ItemFulfillment',
    'accounting.GeneralLedgerTransaction',
    'accounting.Transaction',
    'accounting.BalanceSheet',
    'accounting.IncomeStatement',
    'accounting.CashFlowStatement',
  ],
  ticketing: [
    'ticketing.Account',
    'ticketing.Contact',
    'ticketing.Role',
    'ticketing.Team',
    'ticketing.Project',
    'ticketing.User',
    'ticketing.Collection',
    'ticketing.Tag',
    'ticketing.Ticket',
    'ticketing.Attachment',
    'ticketing.Comment',
    'ticketing.Viewer',
  ],
  filestorage: [
    'filestorage.User',
    'filestorage.Group',
    'filestorage.Drive',
    'filestorage.Folder',
    'filestorage.File',
  ],
};
