import * as S from '../sample-data';
import type { JsonObject } from '../types';
import type { FactoryContext } from './common';

// What the accounting generators share: links every document makes (company, period, tracking
// categories, contacts, terms), amounts, and the shapes of addresses and line links.

export const company = (ctx: FactoryContext) => ctx.links.ref('accounting.CompanyInfo');
export const period = (ctx: FactoryContext) => ctx.links.ref('accounting.AccountingPeriod');
export const tracking = (ctx: FactoryContext) => ctx.links.refs('accounting.TrackingCategory', 0, 2);

/** An accounting address (its own shape: `type`, `country_subdivision`, `zip_code`). */
export function accountingAddress(ctx: FactoryContext): JsonObject {
  const place = ctx.rng.pick(S.CITIES);
  return {
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    type: ctx.rng.pick(['BILLING', 'SHIPPING']),
    street_1: `${ctx.rng.int(1, 999)} ${ctx.rng.pick(S.STREETS)}`,
    street_2: null,
    city: place.city,
    state: place.state,
    country_subdivision: place.state,
    country: 'US',
    zip_code: place.postal,
  };
}

export const contact = (ctx: FactoryContext) => ctx.links.ref('accounting.Contact');
export const term = (ctx: FactoryContext) => ctx.links.ref('accounting.PaymentTerm');
export const MEMOS = [
  'Weekly Payment',
  'Net 30',
  'Thank you for your business',
  'Q3 services',
  null,
] as const;

export interface Amounts {
  quantity: number;
  unit: number;
  subTotal: number;
  tax: number;
  total: number;
}

export function amounts(ctx: FactoryContext): Amounts {
  const quantity = ctx.rng.int(1, 10);
  const unit = ctx.rng.int(10, 500);
  const subTotal = quantity * unit;
  const tax = Math.round(subTotal * 0.08 * 100) / 100;
  return { quantity, unit, subTotal, tax, total: subTotal + tax };
}

export const describe = (ctx: FactoryContext) =>
  ctx.rng.pick(['Consulting hours', 'Annual subscription', 'Pickleball lessons', 'Hardware']);

export interface LineLinks {
  item: string | null;
  account: string | null;
  tax_rate: string | null;
  tracking_categories: string[];
  company: string | null;
}

/** A line's link to the chart: item, account, tax rate and tracking categories of the account. */
export function lineLinks(ctx: FactoryContext): LineLinks {
  return {
    item: ctx.links.ref('accounting.Item'),
    account: ctx.links.ref('accounting.Account'),
    tax_rate: ctx.links.ref('accounting.TaxRate'),
    tracking_categories: tracking(ctx),
    company: company(ctx),
  };
}
