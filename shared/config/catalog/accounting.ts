import { applyCreditAction, bulkAction, defineModels, inline } from './define';

const ADDRESSES = inline('Address[]');
const PHONE_NUMBERS = inline('AccountingPhoneNumber[]');
const APPLIED_PAYMENTS = inline('PaymentLineItem[]');

/**
 * Accounting Common Models (reference merge-common-models §2.4, §3.4, §5.2). Address and
 * AccountingPhoneNumber have a retrieve endpoint but no list, so they stay inline sub-objects.
 */
export const ACCOUNTING_MODELS = defineModels('accounting', {
  AccountingPeriod: { path: 'accounting-periods', modifiedAfter: false },
  Account: { path: 'accounts', expand: { company: 'CompanyInfo' }, writes: { post: 'accounts' } },
  AccountingAttachment: { path: 'attachments', writes: { post: 'attachments' } },
  BalanceSheet: { path: 'balance-sheets', expand: { company: 'CompanyInfo' } },
  BankFeedAccount: {
    path: 'bank-feed-accounts',
    modifiedAfter: false,
    writes: { post: 'bank-feed-accounts' },
  },
  BankFeedTransaction: {
    path: 'bank-feed-transactions',
    expand: { bank_feed_account: 'BankFeedAccount' },
    writes: { post: 'bank-feed-transactions' },
  },
  CashFlowStatement: { path: 'cash-flow-statements', expand: { company: 'CompanyInfo' } },
  CompanyInfo: { path: 'company-info', expand: { addresses: ADDRESSES, phone_numbers: PHONE_NUMBERS } },
  Contact: {
    path: 'contacts',
    expand: { addresses: ADDRESSES, company: 'CompanyInfo', phone_numbers: PHONE_NUMBERS },
    writes: { post: 'contacts', patch: 'contacts/{id}' },
  },
  CreditNote: {
    path: 'credit-notes',
    expand: {
      accounting_period: 'AccountingPeriod',
      applied_payments: APPLIED_PAYMENTS,
      company: 'CompanyInfo',
      contact: 'Contact',
      line_items: inline('CreditNoteLineItem[]'),
      payments: 'Payment[]',
      tracking_categories: 'TrackingCategory[]',
    },
    writes: {
      post: 'credit-notes',
      patch: 'credit-notes/{id}',
      actions: [applyCreditAction('credit-notes')],
    },
  },
  Employee: { path: 'employees', expand: { company: 'CompanyInfo' }, webhook: 'AccountingEmployee' },
  ExpenseReport: {
    path: 'expense-reports',
    expand: {
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      employee: 'Employee',
      lines: 'ExpenseReportLine[]',
    },
    writes: { post: 'expense-reports' },
    webhookUnknown: true,
  },
  ExpenseReportLine: {
    path: 'expense-reports/{expense_report_id}/lines',
    expand: {
      account: 'Account',
      company: 'CompanyInfo',
      contact: 'Contact',
      employee: 'Employee',
      project: 'Project',
      tax_rate: 'TaxRate',
    },
    modifiedAfter: false,
    retrieve: false,
    nested: {
      parent: 'ExpenseReport',
      reason: 'listed per expense report only, with no modified_after',
    },
    webhookUnknown: true,
  },
  Expense: {
    path: 'expenses',
    expand: {
      account: 'Account',
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      contact: 'Contact',
      employee: 'Employee',
      tracking_categories: 'TrackingCategory[]',
    },
    writes: { post: 'expenses', actions: [bulkAction('expenses')] },
  },
  GeneralLedgerTransaction: {
    path: 'general-ledger-transactions',
    expand: {
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      general_ledger_transaction_lines: inline('GeneralLedgerTransactionLine[]'),
      tracking_categories: 'TrackingCategory[]',
    },
  },
  IncomeStatement: { path: 'income-statements', expand: { company: 'CompanyInfo' } },
  Invoice: {
    path: 'invoices',
    expand: {
      accounting_period: 'AccountingPeriod',
      applied_credit_notes: inline('CreditNoteApplyLineForInvoice[]'),
      applied_payments: APPLIED_PAYMENTS,
      applied_vendor_credits: inline('VendorCreditApplyLineForInvoice[]'),
      company: 'CompanyInfo',
      contact: 'Contact',
      employee: 'Employee',
      line_items: inline('InvoiceLineItem[]'),
      payment_term: 'PaymentTerm',
      payments: 'Payment[]',
      purchase_orders: 'PurchaseOrder[]',
      sales_orders: 'SalesOrder[]',
      tracking_categories: 'TrackingCategory[]',
    },
    writes: { post: 'invoices', patch: 'invoices/{id}', actions: [bulkAction('invoices')] },
  },
  ItemFulfillment: {
    path: 'item-fulfillments',
    expand: {
      company: 'CompanyInfo',
      customer: 'Contact',
      lines: inline('ItemFulfillmentLine[]'),
      sales_order: 'SalesOrder',
    },
    modifiedAfter: false,
    writes: { post: 'item-fulfillments', actions: [bulkAction('item-fulfillments')] },
    webhookUnknown: true,
  },
  Item: {
    path: 'items',
    expand: {
      company: 'CompanyInfo',
      purchase_account: 'Account',
      purchase_tax_rate: 'TaxRate',
      sales_account: 'Account',
      sales_tax_rate: 'TaxRate',
    },
    writes: { post: 'items', patch: 'items/{id}' },
  },
  JournalEntry: {
    path: 'journal-entries',
    expand: {
      accounting_period: 'AccountingPeriod',
      applied_payments: APPLIED_PAYMENTS,
      company: 'CompanyInfo',
      lines: inline('JournalLine[]'),
      payments: 'Payment[]',
      tracking_categories: 'TrackingCategory[]',
    },
    writes: { post: 'journal-entries' },
  },
  PaymentMethod: { path: 'payment-methods', modifiedAfter: false, webhookUnknown: true },
  PaymentTerm: {
    path: 'payment-terms',
    expand: { company: 'CompanyInfo' },
    modifiedAfter: false,
    webhookUnknown: true,
  },
  Payment: {
    path: 'payments',
    expand: {
      account: 'Account',
      accounting_period: 'AccountingPeriod',
      applied_to_lines: APPLIED_PAYMENTS,
      company: 'CompanyInfo',
      contact: 'Contact',
      payment_method: 'PaymentMethod',
      tracking_categories: 'TrackingCategory[]',
    },
    writes: { post: 'payments', patch: 'payments/{id}' },
  },
  Project: { path: 'projects', expand: { company: 'CompanyInfo', contact: 'Contact' }, webhookUnknown: true },
  PurchaseOrder: {
    path: 'purchase-orders',
    expand: {
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      delivery_address: inline('Address'),
      line_items: inline('PurchaseOrderLineItem[]'),
      payment_term: 'PaymentTerm',
      tracking_categories: 'TrackingCategory[]',
      vendor: 'Contact',
    },
    writes: { post: 'purchase-orders' },
  },
  SalesOrder: {
    path: 'sales-orders',
    expand: {
      company: 'CompanyInfo',
      customer: 'Contact',
      lines: inline('SalesOrderLine[]'),
      payment_term: 'PaymentTerm',
      shipping_address: inline('Address'),
      tracking_categories: 'TrackingCategory[]',
    },
    writes: { post: 'sales-orders', actions: [bulkAction('sales-orders')] },
    webhookUnknown: true,
  },
  TaxRate: { path: 'tax-rates', expand: { company: 'CompanyInfo' } },
  TrackingCategory: { path: 'tracking-categories', expand: { company: 'CompanyInfo' } },
  Transaction: {
    path: 'transactions',
    expand: {
      account: 'Account',
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      contact: 'Contact',
      line_items: inline('TransactionLineItem[]'),
      tracking_categories: 'TrackingCategory[]',
    },
    webhook: 'AccountingTransaction',
  },
  VendorCredit: {
    path: 'vendor-credits',
    expand: {
      accounting_period: 'AccountingPeriod',
      company: 'CompanyInfo',
      lines: inline('VendorCreditLine[]'),
      tracking_categories: 'TrackingCategory[]',
      vendor: 'Contact',
    },
    writes: {
      post: 'vendor-credits',
      patch: 'vendor-credits/{id}',
      actions: [applyCreditAction('vendor-credits')],
    },
  },
});
