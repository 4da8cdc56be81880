import type { JsonObject } from '../types';
import { emptyFieldMappings, money, pastDate, subObject } from './common';
import type { FactoryContext, Generator } from './common';
import {
  MEMOS,
  amounts,
  company,
  contact,
  describe,
  lineLinks,
  period,
  term,
  tracking,
} from './accounting-shared';

// Accounting documents (merge-common-models §2.4, §3.4 enums): payments,
// invoices, credit notes, vendor credits, journal entries and expenses. Lines are inline objects
// whose items, accounts, tax rates and tracking categories exist in the account; applied payments
// (PaymentLineItem) are served as ids unless expanded (catalog-overlay.ts).

/** A PaymentLineItem: part of a payment applied to an invoice, credit note or journal entry. */
function paymentLine(
  ctx: FactoryContext,
  amount: number,
  relatedId: string | null,
  type: string,
): JsonObject {
  return subObject(ctx, {
    applied_amount: amount.toFixed(2),
    applied_date: pastDate(ctx, 0, 14),
    related_object_id: relatedId,
    related_object_type: type,
  });
}

/** A credit note or vendor credit applied to an invoice (no id of its own, as in Merge's example). */
function applied(ctx: FactoryContext, field: string, id: string): JsonObject {
  return {
    remote_id: ctx.rng.digits(6),
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    [field]: id,
    applied_date: pastDate(ctx, 0, 30),
    applied_amount: money(ctx.rng, 10, 500).toFixed(2),
  };
}

/** A generic ledger line (journal, expense, vendor credit lines share this shape). */
function ledgerLine(ctx: FactoryContext, amount: number): JsonObject {
  const links = lineLinks(ctx);
  return subObject(ctx, {
    account: links.account,
    net_amount: amount,
    tracking_categories: links.tracking_categories,
    currency: 'USD',
    company: links.company,
    employee: null,
    project: ctx.links.ref('accounting.Project'),
    contact: contact(ctx),
    tax_rate: links.tax_rate,
    description: describe(ctx),
    exchange_rate: '1.0',
  });
}

export const ACCOUNTING_DOCUMENT_GENERATORS: Record<string, Generator> = {
  'accounting.Payment': (ctx) => {
    const total = money(ctx.rng, 50, 9000);
    const invoice = ctx.links.ref('accounting.Invoice');
    return {
      transaction_date: pastDate(ctx, 0, 90),
      contact: contact(ctx),
      account: ctx.links.ref('accounting.Account'),
      payment_method: ctx.links.ref('accounting.PaymentMethod'),
      currency: 'USD',
      exchange_rate: '1.0',
      company: company(ctx),
      total_amount: total,
      type: ctx.rng.pick(['ACCOUNTS_RECEIVABLE', 'ACCOUNTS_PAYABLE']),
      tracking_categories: tracking(ctx),
      accounting_period: period(ctx),
      // The invoice it pays, once invoices exist (payments are seeded before invoices name them).
      applied_to_lines: [paymentLine(ctx, total, invoice, 'INVOICE')],
      remote_updated_at: pastDate(ctx, 0, 30),
      remote_fields: [],
    };
  },
  'accounting.Invoice': (ctx, remoteId) => {
    const { rng } = ctx;
    const a = amounts(ctx);
    const paid = rng.chance(0.5);
    const issue = pastDate(ctx, 15, 200);
    const links = lineLinks(ctx);
    const credit = rng.chance(0.5) ? ctx.links.ref('accounting.CreditNote') : null;
    const vendorCredit = rng.chance(0.5) ? ctx.links.ref('accounting.VendorCredit') : null;
    const lineItem: JsonObject = subObject(ctx, {
      description: describe(ctx),
      unit_price: a.unit,
      quantity: a.quantity,
      total_amount: a.subTotal,
      employee: null,
      project: ctx.links.ref('accounting.Project'),
      contact: null,
      currency: 'USD',
      exchange_rate: '1.0',
      item: links.item,
      account: links.account,
      tax_rate: links.tax_rate,
      tracking_categories: links.tracking_categories,
      company: links.company,
      is_billable: true,
      field_mappings: emptyFieldMappings(),
    });
    return {
      type: rng.chance(0.7) ? 'ACCOUNTS_RECEIVABLE' : 'ACCOUNTS_PAYABLE',
      contact: contact(ctx),
      number: `INV-${remoteId}`,
      issue_date: issue,
      due_date: pastDate(ctx, 0, 14),
      paid_on_date: paid ? pastDate(ctx, 0, 14) : null,
      memo: rng.pick(MEMOS),
      company: links.company,
      employee: ctx.links.ref('accounting.Employee'),
      currency: 'USD',
      exchange_rate: '1.0',
      payment_term: term(ctx),
      total_discount: 0,
      sub_total: a.subTotal,
      status: paid ? 'PAID' : rng.pick(['OPEN', 'OPEN', 'DRAFT', 'SUBMITTED', 'PARTIALLY_PAID']),
      total_tax_amount: a.tax,
      total_amount: a.total,
      balance: paid ? 0 : a.total,
      remote_updated_at: issue,
      tracking_categories: tracking(ctx),
      accounting_period: period(ctx),
      purchase_orders: ctx.links.refs('accounting.PurchaseOrder', 0, 1),
      sales_orders: ctx.links.refs('accounting.SalesOrder', 0, 1),
      payments: paid ? ctx.links.refs('accounting.Payment', 1, 1) : [],
      applied_payments: paid ? [paymentLine(ctx, a.total, ctx.id, 'INVOICE')] : [],
      line_items: [lineItem],
      applied_credit_notes: credit ? [applied(ctx, 'credit_note', credit)] : [],
      applied_vendor_credits: vendorCredit ? [applied(ctx, 'vendor_credit', vendorCredit)] : [],
      inclusive_of_tax: false,
      remote_fields: [],
    };
  },
  'accounting.CreditNote': (ctx, remoteId) => {
    const a = amounts(ctx);
    const date = pastDate(ctx, 1, 120);
    const applied = ctx.rng.chance(0.5);
    return {
      transaction_date: date,
      status: ctx.rng.pick(['SUBMITTED', 'AUTHORIZED', 'PAID']),
      number: `CN-${remoteId}`,
      contact: contact(ctx),
      company: company(ctx),
      exchange_rate: '1.0',
      total_amount: a.total,
      remaining_credit: applied ? 0 : a.total,
      inclusive_of_tax: false,
      line_items: [
        subObject(ctx, {
          name: describe(ctx),
          description: 'Credit for returned goods',
          quantity: String(a.quantity),
          memo: null,
          unit_price: String(a.unit),
          total_line_amount: a.subTotal.toFixed(2),
          ...lineLinks(ctx),
          contact: contact(ctx),
          project: ctx.links.ref('accounting.Project'),
        }),
      ],
      tracking_categories: tracking(ctx),
      currency: 'USD',
      remote_created_at: date,
      remote_updated_at: date,
      payments: applied ? ctx.links.refs('accounting.Payment', 1, 1) : [],
      applied_payments: applied ? [paymentLine(ctx, a.total, ctx.id, 'CREDIT_NOTE')] : [],
      accounting_period: period(ctx),
      type: ctx.rng.pick(['ACCOUNTS_RECEIVABLE_CREDIT_NOTE', 'ACCOUNTS_PAYABLE_CREDIT_NOTE']),
    };
  },
  'accounting.VendorCredit': (ctx, remoteId) => {
    const total = money(ctx.rng, 20, 3000);
    return {
      number: `VC-${remoteId}`,
      transaction_date: pastDate(ctx, 1, 120),
      vendor: contact(ctx),
      total_amount: total,
      currency: 'USD',
      exchange_rate: '1.0',
      inclusive_of_tax: false,
      company: company(ctx),
      lines: [ledgerLine(ctx, total)],
      tracking_categories: tracking(ctx),
      applied_to_lines: [],
      accounting_period: period(ctx),
    };
  },
  'accounting.JournalEntry': (ctx, remoteId) => {
    const amount = money(ctx.rng, 100, 20000);
    const date = pastDate(ctx, 0, 120);
    const payments = ctx.links.refs('accounting.Payment', 0, 1);
    return {
      transaction_date: date,
      remote_created_at: date,
      remote_updated_at: date,
      payments,
      applied_payments: payments.map(() => paymentLine(ctx, amount, ctx.id, 'JOURNAL_ENTRY')),
      memo: ctx.rng.pick(['Month-end accrual', 'Depreciation', 'Payroll allocation']),
      currency: 'USD',
      exchange_rate: '1.0',
      company: company(ctx),
      lines: [ledgerLine(ctx, amount), ledgerLine(ctx, -amount)],
      journal_number: `JE-${remoteId}`,
      tracking_categories: tracking(ctx),
      inclusive_of_tax: false,
      posting_status: ctx.rng.chance(0.8) ? 'POSTED' : 'UNPOSTED',
      accounting_period: period(ctx),
      remote_fields: [],
    };
  },
  'accounting.Expense': (ctx) => {
    const a = amounts(ctx);
    const date = pastDate(ctx, 0, 120);
    return {
      transaction_date: date,
      remote_created_at: date,
      account: ctx.links.ref('accounting.Account'),
      contact: contact(ctx),
      total_amount: a.total,
      sub_total: a.subTotal,
      total_tax_amount: a.tax,
      currency: 'USD',
      exchange_rate: '1.0',
      inclusive_of_tax: false,
      company: company(ctx),
      employee: ctx.links.ref('accounting.Employee'),
      memo: ctx.rng.pick(['Team lunch', 'Flight to NYC', 'Software license']),
      lines: [{ ...ledgerLine(ctx, a.subTotal), item: ctx.links.ref('accounting.Item') }],
      tracking_categories: tracking(ctx),
      accounting_period: period(ctx),
      remote_fields: [],
    };
  },
};
