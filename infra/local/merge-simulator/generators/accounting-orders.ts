import { addDays, pastDate, subObject } from './common';
import type { Generator } from './common';
import {
  accountingAddress,
  amounts,
  company,
  contact,
  describe,
  lineLinks,
  MEMOS,
  period,
  term,
  tracking,
} from './accounting-shared';

// Accounting purchase and sales orders (merge-common-models §2.4, §3.4 status enums): vendors and
// customers are contacts of the account, lines point at its items, accounts and tax rates.

export const ACCOUNTING_ORDER_GENERATORS: Record<string, Generator> = {
  'accounting.PurchaseOrder': (ctx, remoteId) => {
    const a = amounts(ctx);
    const issue = pastDate(ctx, 10, 200);
    return {
      status: ctx.rng.pick(['DRAFT', 'SUBMITTED', 'AUTHORIZED', 'BILLED']),
      issue_date: issue,
      delivery_date: addDays(issue, 14),
      delivery_address: accountingAddress(ctx),
      customer: contact(ctx),
      vendor: contact(ctx),
      memo: `PO-${remoteId}`,
      company: company(ctx),
      total_amount: a.total,
      payment_term: term(ctx),
      currency: 'USD',
      inclusive_of_tax: false,
      exchange_rate: '1.0',
      line_items: [
        subObject(ctx, {
          description: describe(ctx),
          unit_price: a.unit,
          quantity: a.quantity,
          ...lineLinks(ctx),
          tax_amount: a.tax.toFixed(2),
          total_line_amount: a.total.toFixed(2),
          currency: 'USD',
          exchange_rate: '1.0',
        }),
      ],
      tracking_categories: tracking(ctx),
      accounting_period: period(ctx),
      remote_created_at: issue,
      remote_updated_at: issue,
    };
  },
  'accounting.SalesOrder': (ctx, remoteId) => {
    const a = amounts(ctx);
    const issue = pastDate(ctx, 5, 200);
    return {
      customer: contact(ctx),
      currency: 'USD',
      exchange_rate: '1.0',
      company: company(ctx),
      status: ctx.rng.pick([
        'DRAFT',
        'PENDING_APPROVAL',
        'OPEN',
        'PARTIALLY_COMPLETED',
        'COMPLETED',
        'CLOSED',
      ]),
      payment_term: term(ctx),
      memo: ctx.rng.pick(MEMOS),
      shipping_address: accountingAddress(ctx),
      tracking_categories: ctx.links.refs('accounting.TrackingCategory', 1, 2),
      issue_date: issue,
      transaction_number: `SO-${remoteId}`,
      total: a.total,
      lines: [
        subObject(ctx, {
          description: describe(ctx),
          unit_price: a.unit,
          quantity: a.quantity,
          item: ctx.links.ref('accounting.Item'),
          tax_rate: ctx.links.ref('accounting.TaxRate'),
          tracking_categories: tracking(ctx),
          company: company(ctx),
        }),
      ],
      remote_created_at: issue,
      remote_updated_at: issue,
    };
  },
};
