import * as S from '../sample-data';
import type { JsonObject } from '../types';
import { emptyFieldMappings, address, emailLocal, pastDate, person, phone } from './common';
import type { Generator } from './common';

// CRM, accounting, ticketing and file-storage records.

export const BUSINESS_GENERATORS: Record<string, Generator> = {
  'crm.Contact': (ctx) => {
    const { rng, world } = ctx;
    const { first, last } = person(rng);
    return {
      first_name: first,
      last_name: last,
      account: rng.pick(world.crmAccounts),
      owner: rng.pick(world.users),
      addresses: [address(ctx)],
      email_addresses: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          email_address: `${emailLocal(first, last)}@${rng
            .pick(S.COMPANIES)
            .toLowerCase()
            .replace(/[^a-z]/g, '')}.com`,
          email_address_type: 'Work',
        },
      ],
      phone_numbers: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          phone_number: phone(rng),
          phone_number_type: 'Mobile',
        },
      ],
      last_activity_at: pastDate(ctx, 0, 60),
      remote_created_at: pastDate(ctx, 60, 900),
      remote_fields: [],
    };
  },
  'crm.Lead': (ctx) => {
    const { rng, world } = ctx;
    const { first, last } = person(rng);
    const company = rng.pick(S.COMPANIES);
    const created = pastDate(ctx, 5, 300);
    return {
      owner: rng.pick(world.users),
      lead_source: rng.pick(S.LEAD_SOURCES),
      title: rng.pick(S.JOB_TITLES),
      company,
      first_name: first,
      last_name: last,
      addresses: [address(ctx)],
      email_addresses: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          email_address: `${emailLocal(first, last)}@${company.toLowerCase().replace(/[^a-z]/g, '')}.com`,
          email_address_type: 'Work',
        },
      ],
      phone_numbers: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          phone_number: phone(rng),
          phone_number_type: 'Mobile',
        },
      ],
      remote_updated_at: created,
      remote_created_at: created,
      converted_date: null,
      converted_contact: null,
      converted_account: null,
      status: 'OPEN',
      remote_fields: [],
    };
  },
  'accounting.Invoice': (ctx, remoteId) => {
    const { rng, world } = ctx;
    const quantity = rng.int(1, 10);
    const unit = rng.int(10, 500);
    const subTotal = quantity * unit;
    const tax = Math.round(subTotal * 0.08 * 100) / 100;
    const paid = rng.chance(0.5);
    const issue = pastDate(ctx, 15, 200);
    const lineItem: JsonObject = {
      id: rng.uuid(),
      remote_id: rng.digits(7),
      created_at: ctx.stamp,
      modified_at: ctx.stamp,
      description: rng.pick(['Consulting hours', 'Annual subscription', 'Pickleball lessons', 'Hardware']),
      unit_price: unit,
      quantity,
      total_amount: subTotal,
      employee: null,
      project: null,
      contact: null,
      currency: 'USD',
      exchange_rate: '1.0',
      item: rng.uuid(),
      account: rng.uuid(),
      tax_rate: null,
      tracking_categories: [],
      company: world.company,
      is_billable: true,
      field_mappings: emptyFieldMappings(),
    };
    return {
      type: rng.chance(0.7) ? 'ACCOUNTS_RECEIVABLE' : 'ACCOUNTS_PAYABLE',
      contact: rng.uuid(),
      number: `INV-${remoteId}`,
      issue_date: issue,
      due_date: pastDate(ctx, 0, 14),
      paid_on_date: paid ? pastDate(ctx, 0, 14) : null,
      memo: rng.pick(['Weekly Payment', 'Net 30', 'Thank you for your business', null]),
      company: world.company,
      employee: null,
      currency: 'USD',
      exchange_rate: '1.0',
      payment_term: null,
      total_discount: 0,
      sub_total: subTotal,
      status: paid ? 'PAID' : 'OPEN',
      total_tax_amount: tax,
      total_amount: subTotal + tax,
      balance: paid ? 0 : subTotal + tax,
      remote_updated_at: issue,
      tracking_categories: [],
      accounting_period: null,
      purchase_orders: [],
      sales_orders: [],
      payments: paid ? [rng.uuid()] : [],
      applied_payments: [],
      line_items: [lineItem],
      applied_credit_notes: [],
      applied_vendor_credits: [],
      inclusive_of_tax: false,
      remote_fields: [],
    };
  },
  'ticketing.Ticket': (ctx, remoteId) => {
    const { rng, world } = ctx;
    const status = rng.pick(['OPEN', 'OPEN', 'IN_PROGRESS', 'CLOSED']);
    const created = pastDate(ctx, 1, 120);
    const subject = rng.pick(S.TICKET_SUBJECTS);
    return {
      name: subject,
      assignees: [rng.pick(world.users)],
      assigned_teams: [],
      creator: rng.pick(world.users),
      due_date: null,
      status,
      description: `${subject}. Reported by a customer; see the linked conversation for details.`,
      collections: [rng.pick(world.collections)],
      ticket_type: rng.pick(['incident', 'task', 'bug']),
      account: null,
      contact: null,
      parent_ticket: null,
      attachments: [],
      access_level: 'COMPANY',
      permissions: [],
      tags: rng.chance(0.4) ? ['enterprise'] : [],
      roles: [],
      ticket_url: `https://${world.domain.replace('.com', '')}.atlassian.net/browse/SUP-${remoteId}`,
      priority: rng.pick(['URGENT', 'HIGH', 'NORMAL', 'LOW']),
      remote_created_at: created,
      remote_updated_at: created,
      completed_at: status === 'CLOSED' ? pastDate(ctx, 0, 1) : null,
      remote_fields: [],
    };
  },
  'filestorage.File': (ctx, remoteId) => {
    const { rng, world } = ctx;
    const file = rng.pick(S.FILES);
    const created = pastDate(ctx, 1, 700);
    return {
      name: file.name,
      file_url: `https://drive.example.com/file/${remoteId}`,
      file_thumbnail_url: `https://drive.example.com/file/${remoteId}/thumbnail.png`,
      size: rng.int(200, 5_000_000),
      mime_type: file.mime,
      description: null,
      folder: world.folder,
      checksum: { type: 'sha256', content_hash: rng.bytes(32).toString('hex') },
      permissions: null,
      drive: world.drive,
      remote_created_at: created,
      remote_updated_at: created,
    };
  },
};
