import * as S from '../sample-data';
import type { JsonObject } from '../types';
import { address, emailLocal, futureDate, money, pastDate, person, phone, workEmail } from './common';
import type { FactoryContext, Generator } from './common';

// CRM records (merge-common-models §2.3, §3.3 enums). Custom objects live under their class; an
// association links a custom object to another of a class its association type targets.

const owner = (ctx: FactoryContext) => ctx.links.ref('crm.User');
const account = (ctx: FactoryContext) => ctx.links.ref('crm.Account');

function emails(ctx: FactoryContext, first: string, last: string, company: string): JsonObject[] {
  const domain = `${company.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  return [
    {
      created_at: ctx.stamp,
      modified_at: ctx.stamp,
      email_address: `${emailLocal(first, last)}@${domain}`,
      email_address_type: 'Work',
    },
  ];
}

const phones = (ctx: FactoryContext): JsonObject[] => [
  {
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    phone_number: phone(ctx.rng),
    phone_number_type: 'Mobile',
  },
];

export const CRM_GENERATORS: Record<string, Generator> = {
  'crm.User': (ctx) => {
    const { first, last } = person(ctx.rng);
    return {
      name: `${first} ${last}`,
      email: workEmail(ctx, first, last),
      is_active: ctx.rng.chance(0.95),
      remote_fields: [],
    };
  },
  'crm.Account': (ctx) => {
    const name = ctx.rng.pick(S.COMPANIES);
    const created = pastDate(ctx, 30, 900);
    return {
      owner: owner(ctx),
      name,
      description: `${name} is a customer since ${created.slice(0, 4)}.`,
      industry: ctx.rng.pick(['Software', 'Media', 'Logistics', 'Healthcare', 'Food & Beverage']),
      website: `https://www.${name.toLowerCase().replace(/[^a-z]/g, '')}.com`,
      number_of_employees: ctx.rng.int(10, 20000),
      addresses: [address(ctx)],
      phone_numbers: phones(ctx),
      last_activity_at: pastDate(ctx, 0, 30),
      remote_updated_at: pastDate(ctx, 0, 30),
      remote_created_at: created,
      remote_fields: [],
    };
  },
  'crm.Contact': (ctx) => {
    const { rng } = ctx;
    const { first, last } = person(rng);
    return {
      first_name: first,
      last_name: last,
      account: account(ctx),
      owner: owner(ctx),
      addresses: [address(ctx)],
      email_addresses: emails(ctx, first, last, rng.pick(S.COMPANIES)),
      phone_numbers: phones(ctx),
      last_activity_at: pastDate(ctx, 0, 60),
      remote_created_at: pastDate(ctx, 60, 900),
      remote_fields: [],
    };
  },
  'crm.Stage': (ctx) => ({
    name: ctx.rng.pick(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won']),
    remote_fields: [],
  }),
  'crm.Opportunity': (ctx) => {
    const status = ctx.rng.pick(['OPEN', 'OPEN', 'WON', 'LOST']);
    return {
      name: `${ctx.rng.pick(S.COMPANIES)} - ${ctx.rng.pick(['Renewal', 'Expansion', 'New business'])}`,
      description: 'Annual contract',
      amount: ctx.rng.int(5, 500) * 1000,
      owner: owner(ctx),
      account: account(ctx),
      stage: ctx.links.ref('crm.Stage'),
      status,
      last_activity_at: pastDate(ctx, 0, 30),
      close_date: status === 'OPEN' ? futureDate(ctx, 5, 120) : pastDate(ctx, 1, 90),
      remote_created_at: pastDate(ctx, 30, 400),
      remote_fields: [],
    };
  },
  'crm.EngagementType': (ctx) => {
    const type = ctx.rng.pick(['CALL', 'MEETING', 'EMAIL']);
    return { activity_type: type, name: type.charAt(0) + type.slice(1).toLowerCase(), remote_fields: [] };
  },
  'crm.Engagement': (ctx) => {
    const start = Date.parse(pastDate(ctx, 0, 60)) + 14 * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    return {
      owner: owner(ctx),
      content: 'Walked through the roadmap; they asked for SSO.',
      subject: ctx.rng.pick(['Quarterly review', 'Intro call', 'Pricing follow-up']),
      direction: ctx.rng.pick(['INBOUND', 'OUTBOUND']),
      engagement_type: ctx.links.ref('crm.EngagementType'),
      start_time: iso(start),
      end_time: iso(start + 1_800_000),
      account: account(ctx),
      contacts: ctx.links.refs('crm.Contact', 1, 2),
      remote_fields: [],
    };
  },
  'crm.Lead': (ctx) => {
    const { rng } = ctx;
    const { first, last } = person(rng);
    const company = rng.pick(S.COMPANIES);
    const created = pastDate(ctx, 5, 300);
    // Some leads were converted into a contact of an account.
    const converted = rng.chance(0.3) ? ctx.links.ref('crm.Contact') : null;
    const contact = converted ? ctx.links.get('crm.Contact', converted) : undefined;
    return {
      owner: owner(ctx),
      lead_source: rng.pick(S.LEAD_SOURCES),
      title: rng.pick(S.JOB_TITLES),
      company,
      first_name: first,
      last_name: last,
      addresses: [address(ctx)],
      email_addresses: emails(ctx, first, last, company),
      phone_numbers: phones(ctx),
      remote_updated_at: created,
      remote_created_at: created,
      converted_date: converted ? pastDate(ctx, 0, 5) : null,
      converted_contact: converted,
      converted_account: typeof contact?.account === 'string' ? contact.account : null,
      status: converted ? 'CONVERTED' : 'OPEN',
      remote_fields: [],
    };
  },
  'crm.Note': (ctx) => {
    const created = pastDate(ctx, 0, 90);
    return {
      owner: owner(ctx),
      content: ctx.rng.pick(['Sent the proposal.', 'Left a voicemail.', 'Renewal at risk: budget cuts.']),
      contact: ctx.links.ref('crm.Contact'),
      account: account(ctx),
      opportunity: ctx.links.ref('crm.Opportunity'),
      remote_updated_at: created,
      remote_created_at: created,
      remote_fields: [],
    };
  },
  'crm.Task': (ctx) => {
    const closed = ctx.rng.chance(0.4);
    return {
      subject: ctx.rng.pick(['Send contract', 'Book demo', 'Follow up on invoice']),
      content: 'See the last call notes.',
      owner: owner(ctx),
      account: account(ctx),
      opportunity: ctx.links.ref('crm.Opportunity'),
      contact: ctx.links.ref('crm.Contact'),
      completed_date: closed ? pastDate(ctx, 0, 20) : null,
      due_date: futureDate(ctx, -10, 30),
      status: closed ? 'CLOSED' : 'OPEN',
      remote_fields: [],
    };
  },
  'crm.CustomObjectClass': (ctx) => {
    const name = ctx.rng.pick(['Subscription', 'Project', 'Shipment', 'Vehicle']);
    const field = (display: string, type: string): JsonObject => ({
      created_at: ctx.stamp,
      modified_at: ctx.stamp,
      display_name: display,
      remote_key_name: display.toLowerCase().replace(/ /g, '_'),
      description: null,
      is_required: false,
      field_type: type,
      field_format: null,
      field_choices: [],
      item_schema: null,
    });
    return {
      name,
      description: `${name} records`,
      labels: { singular: name, plural: `${name}s` },
      fields: [field('Name', 'string'), field('Amount', 'number')],
      association_types: [],
    };
  },
  'crm.CustomObject': (ctx) => ({
    object_class: ctx.parentId,
    fields: {
      name: `${ctx.rng.pick(S.COMPANIES)} #${ctx.rng.int(1, 999)}`,
      amount: money(ctx.rng, 10, 5000),
    },
    remote_fields: [],
  }),
  'crm.AssociationType': (ctx) => {
    const target = ctx.links.ref('crm.CustomObjectClass') ?? ctx.parentId;
    return {
      source_object_class: { id: ctx.parentId, origin_type: 'CUSTOM_OBJECT' },
      target_object_classes: [
        { created_at: ctx.stamp, modified_at: ctx.stamp, id: target, origin_type: 'CUSTOM_OBJECT' },
      ],
      remote_key_name: `related_${ctx.rng.digits(3)}`,
      display_name: 'Related',
      cardinality: ctx.rng.pick(['ONE_TO_ONE', 'MANY_TO_ONE', 'MANY_TO_MANY', 'ONE_TO_MANY']),
      is_required: false,
    };
  },
  'crm.Association': (ctx) => {
    const source = ctx.parentId;
    const sourceClass = source ? ctx.links.get('crm.CustomObject', source)?.object_class : null;
    return {
      source_object: source,
      target_object: ctx.links.refWhere('crm.CustomObject', (o) => o.id !== source),
      association_type:
        ctx.links.refWhere(
          'crm.AssociationType',
          (t) => (t.source_object_class as { id?: unknown } | null)?.id === sourceClass,
        ) ?? null,
    };
  },
};
