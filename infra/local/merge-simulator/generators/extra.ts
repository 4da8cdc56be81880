import * as S from '../sample-data';
import { pastDate } from './common';
import type { Generator } from './common';

// Ticketing attachments and teams (from Merge's example records), and the one model of each category
// the engine does not sync (knowledge base, chat, marketing), whose fields no source read lists: they
// carry the fields every Common Model has plus a few plausible ones.

const TEAMS = ['Platform', 'Support Tier 1', 'Support Tier 2', 'Billing', 'Onboarding', 'Security'];

export const EXTRA_GENERATORS: Record<string, Generator> = {
  'ticketing.Attachment': (ctx, remoteId) => {
    const { rng, world } = ctx;
    const file = rng.pick(S.FILES);
    return {
      file_name: file.name,
      ticket: null,
      file_url: `https://${world.domain.replace('.com', '')}.atlassian.net/secure/attachment/${remoteId}`,
      content_type: file.mime,
      uploaded_by: rng.pick(world.users),
      remote_created_at: pastDate(ctx, 1, 120),
    };
  },
  'ticketing.Team': (ctx) => {
    const name = ctx.rng.pick(TEAMS);
    return { name, description: `${name} team` };
  },
  'knowledgebase.Article': (ctx, remoteId) => ({
    title: ctx.rng.pick(S.TICKET_SUBJECTS),
    article_url: `https://${ctx.world.domain.replace('.com', '')}.atlassian.net/wiki/pages/${remoteId}`,
    remote_created_at: pastDate(ctx, 1, 400),
    remote_updated_at: null,
  }),
  'chat.Message': (ctx) => ({
    content: ctx.rng.pick(S.TICKET_SUBJECTS),
    user: ctx.rng.pick(ctx.world.users),
    remote_created_at: pastDate(ctx, 0, 30),
    remote_updated_at: null,
  }),
  'mktg.Campaign': (ctx) => ({
    name: `${ctx.rng.pick(S.COMPANIES)} newsletter`,
    status: ctx.rng.pick(['DRAFT', 'SENT', 'SCHEDULED']),
    remote_created_at: pastDate(ctx, 1, 200),
    remote_updated_at: null,
  }),
};
