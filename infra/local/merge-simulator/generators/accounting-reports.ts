import type { JsonObject } from '../types';
import { addDays, money, pastDate, subObject } from './common';
import type { FactoryContext, Generator } from './common';
import { company, contact, lineLinks, period, tracking } from './accounting-shared';

// Accounting reports and postings (merge-common-models §2.4, §3.4 enums): expense reports and their
// lines (listed under their report), item fulfillments, general ledger transactions, transactions,
// and the three financial statements with their report items.

/** A financial statement line with one level of sub-items. */
function reportItem(ctx: FactoryContext, name: string, value: number): JsonObject {
  return {
    remote_id: ctx.rng.digits(5),
    name,
    value,
    sub_items: [{ remote_id: ctx.rng.digits(5), name: `${name} (detail)`, value, sub_items: [] }],
    company: company(ctx),
  };
}

/** A quarter ending in the past: [start, end]. */
function quarter(ctx: FactoryContext): [string, string] {
  const end = pastDate(ctx, 1, 400);
  return [addDays(end, -90), end];
}

export const ACCOUNTING_REPORT_GENERATORS: Record<string, Generator> = {
  'accounting.ExpenseReport': (ctx, remoteId) => {
    const date = pastDate(ctx, 0, 90);
    return {
      report_date: date,
      report_identifier: `ER-${remoteId}`,
      employee: ctx.links.ref('accounting.Employee'),
      status: ctx.rng.pick(['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED']),
      total_amount: money(ctx.rng, 20, 4000),
      currency: 'USD',
      description: ctx.rng.pick(['Customer visit, Chicago', 'Conference travel', 'Team offsite']),
      accounting_period: period(ctx),
      company: company(ctx),
      lines: [],
      remote_created_at: date,
      remote_updated_at: date,
      remote_fields: [],
    };
  },
  'accounting.ExpenseReportLine': (ctx) => {
    const quantity = ctx.rng.int(1, 3);
    const unit = money(ctx.rng, 8, 600);
    const links = lineLinks(ctx);
    return {
      account: links.account,
      description: ctx.rng.pick(['Taxi', 'Hotel', 'Dinner with customer', 'Train ticket']),
      expense_date: pastDate(ctx, 1, 90),
      amount: Math.round(quantity * unit * 100) / 100,
      currency: 'USD',
      exchange_rate: '1.0',
      is_billable: ctx.rng.chance(0.3),
      tracking_categories: links.tracking_categories,
      employee: ctx.links.ref('accounting.Employee'),
      project: ctx.links.ref('accounting.Project'),
      company: links.company,
      contact: contact(ctx),
      quantity,
      unit_price: unit,
      non_reimbursable: false,
      tax_amount: Math.round(quantity * unit * 0.08 * 100) / 100,
      inclusive_of_tax: false,
      tax_rate: links.tax_rate,
      remote_fields: [],
    };
  },
  'accounting.ItemFulfillment': (ctx) => {
    const date = pastDate(ctx, 0, 60);
    return {
      sales_order: ctx.links.ref('accounting.SalesOrder'),
      fulfillment_date: date,
      customer: contact(ctx),
      company: company(ctx),
      status: ctx.rng.pick(['DRAFT', 'IN_PROGRESS', 'SHIPPED', 'SHIPPED', 'CANCELLED']),
      memo: 'Shipped by UPS Ground',
      lines: [
        subObject(ctx, {
          item: ctx.links.ref('accounting.Item'),
          sales_order_line: null,
          quantity: String(ctx.rng.int(1, 20)),
          tracking_categories: tracking(ctx),
          remote_created_at: date,
          remote_updated_at: date,
        }),
      ],
      remote_created_at: date,
      remote_updated_at: date,
      remote_fields: [],
    };
  },
  'accounting.GeneralLedgerTransaction': (ctx) => {
    const amount = money(ctx.rng, 10, 20000);
    const date = pastDate(ctx, 0, 120);
    const side = (debit: boolean): JsonObject => {
      const links = lineLinks(ctx);
      return subObject(ctx, {
        account: links.account,
        company: links.company,
        employee: null,
        contact: contact(ctx),
        project: null,
        item: links.item,
        description: debit ? 'Debit' : 'Credit',
        base_currency: 'USD',
        transaction_currency: 'USD',
        exchange_rate: '1.0',
        debit_amount: debit ? amount.toFixed(2) : '0.00',
        credit_amount: debit ? '0.00' : amount.toFixed(2),
        foreign_debit_amount: debit ? amount.toFixed(2) : '0.00',
        foreign_credit_amount: debit ? '0.00' : amount.toFixed(2),
      });
    };
    return {
      underlying_transaction_remote_id: ctx.rng.digits(6),
      underlying_transaction_type: ctx.rng.pick(['INVOICE', 'PAYMENT', 'JOURNAL_ENTRY', 'EXPENSE']),
      accounting_period: period(ctx),
      company: company(ctx),
      remote_updated_at: date,
      remote_created_at: date,
      tracking_categories: tracking(ctx),
      posting_date: date,
      general_ledger_transaction_lines: [side(true), side(false)],
    };
  },
  'accounting.Transaction': (ctx, remoteId) => {
    const quantity = ctx.rng.int(1, 5);
    const unit = money(ctx.rng, 10, 800);
    const total = Math.round(quantity * unit * 100) / 100;
    const links = lineLinks(ctx);
    return {
      transaction_type: ctx.rng.pick(['Bill', 'Deposit', 'Transfer', 'Check', 'Credit Card Charge']),
      number: remoteId,
      transaction_date: pastDate(ctx, 0, 120),
      account: ctx.links.ref('accounting.Account'),
      contact: contact(ctx),
      inclusive_of_tax: false,
      total_amount: total.toFixed(2),
      currency: 'USD',
      exchange_rate: '1.0',
      company: links.company,
      tracking_categories: tracking(ctx),
      line_items: [
        subObject(ctx, {
          memo: 'Office supplies',
          unit_price: unit.toFixed(2),
          quantity: String(quantity),
          item: links.item,
          account: links.account,
          tracking_categories: links.tracking_categories,
          total_line_amount: total.toFixed(2),
          tax_rate: links.tax_rate,
          currency: 'USD',
          exchange_rate: '1.0',
          company: links.company,
        }),
      ],
      accounting_period: period(ctx),
    };
  },
  'accounting.BalanceSheet': (ctx) => {
    const assets = money(ctx.rng, 50_000, 5_000_000);
    const liabilities = Math.round(assets * ctx.rng.next() * 0.8 * 100) / 100;
    return {
      name: 'Balance Sheet',
      currency: 'USD',
      company: company(ctx),
      date: pastDate(ctx, 1, 400),
      net_assets: Math.round((assets - liabilities) * 100) / 100,
      assets: [reportItem(ctx, 'Total Assets', assets)],
      liabilities: [reportItem(ctx, 'Total Liabilities', liabilities)],
      equity: [reportItem(ctx, 'Total Equity', Math.round((assets - liabilities) * 100) / 100)],
      remote_generated_at: pastDate(ctx, 0, 1),
    };
  },
  'accounting.IncomeStatement': (ctx) => {
    const [start, end] = quarter(ctx);
    const income = money(ctx.rng, 100_000, 2_000_000);
    const cost = Math.round(income * 0.35 * 100) / 100;
    const opex = Math.round(income * 0.4 * 100) / 100;
    return {
      name: 'Income Statement',
      currency: 'USD',
      company: company(ctx),
      start_period: start,
      end_period: end,
      income: [reportItem(ctx, 'Revenue', income)],
      cost_of_sales: [reportItem(ctx, 'Cost of Goods Sold', cost)],
      gross_profit: Math.round((income - cost) * 100) / 100,
      operating_expenses: [reportItem(ctx, 'Operating Expenses', opex)],
      net_operating_income: Math.round((income - cost - opex) * 100) / 100,
      non_operating_expenses: [],
      net_income: Math.round((income - cost - opex) * 100) / 100,
      remote_generated_at: pastDate(ctx, 0, 1),
    };
  },
  'accounting.CashFlowStatement': (ctx) => {
    const [start, end] = quarter(ctx);
    const begin = money(ctx.rng, 10_000, 900_000);
    const operating = money(ctx.rng, -50_000, 300_000);
    return {
      name: 'Cash Flow Statement',
      currency: 'USD',
      company: company(ctx),
      start_period: start,
      end_period: end,
      cash_at_beginning_of_period: begin,
      cash_at_end_of_period: Math.round((begin + operating) * 100) / 100,
      operating_activities: [reportItem(ctx, 'Net cash from operating activities', operating)],
      investing_activities: [],
      financing_activities: [],
      remote_generated_at: pastDate(ctx, 0, 1),
    };
  },
};
