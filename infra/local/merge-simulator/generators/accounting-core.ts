import * as S from '../sample-data';
import type { JsonObject } from '../types';
import { addDays, money, pastDate, person, phone, workEmail } from './common';
import type { FactoryContext, Generator } from './common';
import { accountingAddress, company } from './accounting-shared';

// Accounting reference data (merge-common-models §2.4, §3.4 enums): the company, periods, chart of
// accounts, tax rates, tracking categories, payment methods and terms, contacts, employees, projects,
// items, bank feeds and attachments. Everything a document (accounting-documents.ts) points at.

const phoneNumbers = (ctx: FactoryContext): JsonObject[] => [
  { created_at: ctx.stamp, modified_at: ctx.stamp, number: phone(ctx.rng), type: 'Mobile' },
];

const ACCOUNTS: readonly [string, string, string][] = [
  ['Checking', 'ASSET', 'BANK'],
  ['Accounts Receivable', 'ASSET', 'ACCOUNTS_RECEIVABLE'],
  ['Accounts Payable', 'LIABILITY', 'ACCOUNTS_PAYABLE'],
  ['Sales', 'REVENUE', 'OTHER_INCOME'],
  ['Office Supplies', 'EXPENSE', 'OTHER_EXPENSE'],
  ['Cost of Goods Sold', 'EXPENSE', 'COST_OF_GOODS_SOLD'],
  ["Owner's Equity", 'EQUITY', 'NON_POSTING'],
];

export const ACCOUNTING_CORE_GENERATORS: Record<string, Generator> = {
  'accounting.CompanyInfo': (ctx) => ({
    name: ctx.world.organization,
    legal_name: `${ctx.world.organization}, Inc.`,
    tax_number: `${ctx.rng.digits(2)}-${ctx.rng.digits(7)}`,
    fiscal_year_end_month: 12,
    fiscal_year_end_day: 31,
    currency: 'USD',
    remote_created_at: pastDate(ctx, 400, 3000),
    urls: [`https://www.${ctx.world.domain}`],
    addresses: [accountingAddress(ctx)],
    phone_numbers: phoneNumbers(ctx),
  }),
  'accounting.AccountingPeriod': (ctx) => {
    const start = pastDate(ctx, 0, 720);
    const month = start.slice(0, 7);
    return {
      name: `FY ${month}`,
      status: ctx.rng.chance(0.8) ? 'ACTIVE' : 'INACTIVE',
      start_date: `${month}-01T00:00:00Z`,
      end_date: addDays(`${month}-01T00:00:00Z`, 30),
    };
  },
  'accounting.Account': (ctx) => {
    const [name, classification, type] = ctx.rng.pick(ACCOUNTS);
    return {
      name,
      description: `${name} account`,
      classification,
      type: name,
      account_type: type,
      status: ctx.rng.pick(['ACTIVE', 'ACTIVE', 'PENDING', 'INACTIVE']),
      current_balance: money(ctx.rng, 0, 250000),
      currency: 'USD',
      account_number: ctx.rng.digits(4),
      parent_account: null,
      company: company(ctx),
    };
  },
  'accounting.TaxRate': (ctx) => {
    const rate = ctx.rng.pick([5, 7.25, 8.875, 10]);
    return {
      company: company(ctx),
      code: `TAX${ctx.rng.digits(2)}`,
      name: `Sales tax ${rate}%`,
      description: 'State and local sales tax',
      status: 'ACTIVE',
      country: 'US',
      total_tax_rate: rate,
      effective_tax_rate: rate,
      tax_components: [],
    };
  },
  'accounting.TrackingCategory': (ctx) => {
    const type = ctx.rng.pick(['CLASS', 'DEPARTMENT']);
    return {
      name:
        type === 'CLASS' ? ctx.rng.pick(['Retail', 'Wholesale', 'Online']) : ctx.rng.pick(['Sales', 'R&D']),
      status: ctx.rng.chance(0.9) ? 'ACTIVE' : 'ARCHIVED',
      category_type: type,
      parent_category: null,
      company: company(ctx),
    };
  },
  'accounting.PaymentMethod': (ctx) => {
    const type = ctx.rng.pick(['CREDIT_CARD', 'DEBIT_CARD', 'ACH', 'CASH', 'CHECK']);
    return {
      method_type: type,
      name:
        { CREDIT_CARD: 'Visa', DEBIT_CARD: 'Debit card', ACH: 'ACH transfer', CASH: 'Cash' }[type] ?? 'Check',
      is_active: true,
      remote_updated_at: pastDate(ctx, 0, 200),
    };
  },
  'accounting.PaymentTerm': (ctx) => {
    const days = ctx.rng.pick([15, 30, 45, 60]);
    return {
      name: `Net ${days}`,
      is_active: true,
      company: company(ctx),
      days_until_due: days,
      discount_days: ctx.rng.chance(0.3) ? 10 : null,
      remote_last_modified_at: pastDate(ctx, 0, 400),
    };
  },
  'accounting.Contact': (ctx) => {
    const name = ctx.rng.pick(S.COMPANIES);
    const customer = ctx.rng.chance(0.6);
    return {
      name,
      is_supplier: !customer,
      is_customer: customer,
      email_address: `billing@${name.toLowerCase().replace(/[^a-z]/g, '')}.com`,
      tax_number: ctx.rng.digits(9),
      status: ctx.rng.chance(0.9) ? 'ACTIVE' : 'ARCHIVED',
      currency: 'USD',
      remote_updated_at: pastDate(ctx, 0, 200),
      company: company(ctx),
      addresses: [accountingAddress(ctx)],
      phone_numbers: phoneNumbers(ctx),
      remote_fields: [],
    };
  },
  'accounting.Employee': (ctx) => {
    const { first, last } = person(ctx.rng);
    return {
      first_name: first,
      last_name: last,
      is_contractor: ctx.rng.chance(0.15),
      employee_number: String(ctx.rng.int(100, 9999)),
      email_address: workEmail(ctx, first, last),
      company: company(ctx),
      status: ctx.rng.chance(0.9) ? 'ACTIVE' : 'INACTIVE',
    };
  },
  'accounting.Project': (ctx) => ({
    name: `${ctx.rng.pick(['Website redesign', 'Office move', 'ERP rollout', 'Audit 2025'])}`,
    is_active: ctx.rng.chance(0.8),
    company: company(ctx),
    contact: ctx.links.ref('accounting.Contact'),
  }),
  'accounting.Item': (ctx) => {
    const price = money(ctx.rng, 5, 900);
    return {
      name: ctx.rng.pick(['Consulting hours', 'Annual subscription', 'Pickleball lessons', 'Hardware kit']),
      status: ctx.rng.chance(0.9) ? 'ACTIVE' : 'ARCHIVED',
      type: ctx.rng.pick(['INVENTORY', 'NON_INVENTORY', 'SERVICE']),
      unit_price: price,
      purchase_price: Math.round(price * 0.6 * 100) / 100,
      purchase_account: ctx.links.ref('accounting.Account'),
      sales_account: ctx.links.ref('accounting.Account'),
      company: company(ctx),
      purchase_tax_rate: ctx.links.ref('accounting.TaxRate'),
      sales_tax_rate: ctx.links.ref('accounting.TaxRate'),
      remote_updated_at: pastDate(ctx, 0, 200),
    };
  },
  'accounting.BankFeedAccount': (ctx) => ({
    source_account_id: ctx.rng.digits(8),
    target_account_id: ctx.links.ref('accounting.Account'),
    source_account_name: `${ctx.rng.pick(['Chase', 'Mercury', 'SVB'])} operating`,
    source_account_number: ctx.rng.digits(10),
    target_account_name: 'Checking',
    currency: 'USD',
    feed_status: ctx.rng.chance(0.9) ? 'ACTIVE' : 'INACTIVE',
    feed_start_date: pastDate(ctx, 30, 700),
    source_account_balance: money(ctx.rng, 1000, 900000),
    account_type: ctx.rng.pick(['BANK', 'CREDIT_CARD']),
  }),
  'accounting.BankFeedTransaction': (ctx) => {
    const credit = ctx.rng.chance(0.4);
    const date = pastDate(ctx, 0, 90);
    return {
      bank_feed_account: ctx.links.ref('accounting.BankFeedAccount'),
      transaction_date: date,
      posted_date: addDays(date, 1),
      amount: money(ctx.rng, 5, 20000),
      description: credit ? 'Customer payment' : ctx.rng.pick(['AWS', 'Payroll', 'Office rent']),
      transaction_type: credit ? 'DEPOSIT' : 'DEBIT',
      payee: ctx.rng.pick(S.COMPANIES),
      credit_or_debit: credit ? 'CREDIT' : 'DEBIT',
      source_transaction_id: ctx.rng.digits(12),
      is_processed: ctx.rng.chance(0.7),
    };
  },
  'accounting.AccountingAttachment': (ctx, remoteId) => ({
    file_name: `receipt_${remoteId}.pdf`,
    file_url: `https://files.${ctx.world.domain}/receipts/${remoteId}.pdf`,
    company: company(ctx),
  }),
};
