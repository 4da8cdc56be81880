import type { Category } from '../../merge/types';

/**
 * `{Model}` names of webhook events for objects with no list endpoint (reference §5.2): they name no
 * catalog model, so a receiver can tell them from a name it has never heard of.
 */
export const WEBHOOK_ONLY_MODELS: Readonly<Partial<Record<Category, readonly string[]>>> = {
  hris: ['Deduction'],
  // Not in the SDK the reference read; named only by Merge's skill text.
  ats: ['Assessment', 'AssessmentTemplate'],
  accounting: [
    // Retrieve only (addresses/{id}, phone-numbers/{id}).
    'Address',
    'AccountingPhoneNumber',
    // Line items, webhook-only per the skill text.
    'InvoiceLineItem',
    'ExpenseLine',
    'PurchaseOrderLineItem',
    'JournalLine',
    'ReportItem',
  ],
};
