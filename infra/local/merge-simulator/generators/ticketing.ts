import * as S from '../sample-data';
import type { JsonObject } from '../types';
import { pastDate, person, phone, subObject, workEmail } from './common';
import type { FactoryContext, Generator } from './common';

// Ticketing records (merge-common-models §2.5, §3.5 enums). A ticket's assignees and creator are
// users of the account; Ticket.attachments is filled by the store as attachments name their ticket.
// Viewers are listed under one collection or one ticket; users under the project they belong to.

const TEAMS = ['Platform', 'Support Tier 1', 'Support Tier 2', 'Billing', 'Onboarding', 'Security'] as const;
const site = (ctx: FactoryContext) => ctx.world.domain.replace('.com', '');

/** Who may see a ticket or collection (the shape of Merge's example Permission). */
function permission(ctx: FactoryContext): JsonObject {
  return subObject(ctx, {
    actions: ['VIEW', 'EDIT'],
    applied_to_users: ctx.links.refs('ticketing.User', 0, 2),
    applied_to_roles: ctx.links.refs('ticketing.Role', 0, 1),
    applied_to_teams: ctx.links.refs('ticketing.Team', 0, 1),
    applied_to_collections: [],
  });
}

export const TICKETING_GENERATORS: Record<string, Generator> = {
  'ticketing.Account': (ctx) => {
    const name = ctx.rng.pick(S.COMPANIES);
    return { name, domains: [`${name.toLowerCase().replace(/[^a-z]/g, '')}.com`] };
  },
  'ticketing.Contact': (ctx) => {
    const { first, last } = person(ctx.rng);
    return {
      name: `${first} ${last}`,
      email_address: `${first.toLowerCase()}@example.com`,
      phone_number: phone(ctx.rng),
      details: ctx.rng.pick(['VIP customer', 'Prefers email', 'On the enterprise plan']),
      account: ctx.links.ref('ticketing.Account'),
    };
  },
  'ticketing.Role': (ctx) => {
    const admin = ctx.rng.chance(0.3);
    return {
      name: admin ? 'Administrator' : ctx.rng.pick(['Agent', 'Viewer', 'Developer']),
      ticket_actions: admin ? ['VIEW', 'CREATE', 'EDIT', 'CLOSE', 'ASSIGN'] : ['VIEW', 'CREATE'],
      ticket_access: admin ? 'ALL' : ctx.rng.pick(['ASSIGNED_ONLY', 'TEAM_ONLY']),
    };
  },
  'ticketing.Team': (ctx) => {
    const name = ctx.rng.pick(TEAMS);
    return { name, description: `${name} team` };
  },
  'ticketing.Project': (ctx) => {
    const name = ctx.rng.pick(['Support', 'Platform', 'Mobile App', 'Billing']);
    return { name, description: `${name} issues` };
  },
  'ticketing.User': (ctx, remoteId) => {
    const { first, last } = person(ctx.rng);
    return {
      name: `${first} ${last}`,
      email_address: workEmail(ctx, first, last),
      is_active: ctx.rng.chance(0.95),
      teams: ctx.links.refs('ticketing.Team', 1, 2),
      roles: ctx.links.refs('ticketing.Role', 1, 1),
      avatar: `https://${site(ctx)}.atlassian.net/avatars/${remoteId}.png`,
    };
  },
  'ticketing.Collection': (ctx) => {
    const project = ctx.rng.chance(0.6);
    return {
      name: project
        ? ctx.rng.pick(['Support', 'Platform', 'Mobile'])
        : ctx.rng.pick(['Backlog', 'Sprint 42']),
      description: null,
      collection_type: project ? 'PROJECT' : 'LIST',
      parent_collection: project ? null : ctx.links.ref('ticketing.Collection'),
      access_level: ctx.rng.pick(['PRIVATE', 'COMPANY', 'PUBLIC']),
      permissions: [permission(ctx)],
    };
  },
  'ticketing.Tag': (ctx) => ({ name: ctx.rng.pick(['enterprise', 'bug', 'regression', 'billing', 'p1']) }),
  'ticketing.Ticket': (ctx, remoteId) => {
    const { rng, links } = ctx;
    const status = rng.pick(['OPEN', 'OPEN', 'IN_PROGRESS', 'CLOSED', 'ON_HOLD']);
    const created = pastDate(ctx, 1, 120);
    const subject = rng.pick(S.TICKET_SUBJECTS);
    return {
      name: subject,
      assignees: links.refs('ticketing.User', 1, 2),
      assigned_teams: links.refs('ticketing.Team', 1, 1),
      creator: links.ref('ticketing.User'),
      due_date: null,
      status,
      description: `${subject}. Reported by a customer; see the linked conversation for details.`,
      collections: links.refs('ticketing.Collection', 1, 1),
      ticket_type: rng.pick(['incident', 'task', 'bug']),
      account: links.ref('ticketing.Account'),
      contact: links.ref('ticketing.Contact'),
      parent_ticket: rng.chance(0.3) ? links.ref('ticketing.Ticket') : null,
      attachments: [],
      access_level: 'COMPANY',
      permissions: rng.chance(0.5) ? [permission(ctx)] : [],
      tags: rng.chance(0.4) ? ['enterprise'] : [],
      roles: [],
      ticket_url: `https://${site(ctx)}.atlassian.net/browse/SUP-${remoteId}`,
      priority: rng.pick(['URGENT', 'HIGH', 'NORMAL', 'LOW']),
      remote_created_at: created,
      remote_updated_at: created,
      completed_at: status === 'CLOSED' ? pastDate(ctx, 0, 1) : null,
      remote_fields: [],
    };
  },
  'ticketing.Attachment': (ctx, remoteId) => {
    const file = ctx.rng.pick(S.FILES);
    return {
      file_name: file.name,
      ticket: ctx.links.ref('ticketing.Ticket'),
      file_url: `https://${site(ctx)}.atlassian.net/secure/attachment/${remoteId}`,
      content_type: file.mime,
      uploaded_by: ctx.links.ref('ticketing.User'),
      remote_created_at: pastDate(ctx, 1, 120),
    };
  },
  'ticketing.Comment': (ctx) => {
    const fromUser = ctx.rng.chance(0.6);
    const body = ctx.rng.pick(['Thanks, looking into it.', 'Can you share a screenshot?', 'Fixed in 2.4.1.']);
    return {
      user: fromUser ? ctx.links.ref('ticketing.User') : null,
      contact: fromUser ? null : ctx.links.ref('ticketing.Contact'),
      body,
      html_body: `<p>${body}</p>`,
      ticket: ctx.links.ref('ticketing.Ticket'),
      is_private: ctx.rng.chance(0.2),
      remote_created_at: pastDate(ctx, 0, 60),
    };
  },
  'ticketing.Viewer': (ctx) => {
    const team = ctx.rng.chance(0.3);
    return {
      team: team ? ctx.links.ref('ticketing.Team') : null,
      user: team ? null : ctx.links.ref('ticketing.User'),
    };
  },
};
