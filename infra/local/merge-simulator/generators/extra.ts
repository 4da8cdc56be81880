import * as S from '../sample-data';
import { pastDate } from './common';
import type { Generator } from './common';

// The one model of each category the engine does not sync (knowledge base, chat, marketing), whose
// fields no source read lists: they carry the fields every Common Model has plus a few plausible ones.

export const EXTRA_GENERATORS: Record<string, Generator> = {
  'knowledgebase.Article': (ctx, remoteId) => ({
    title: ctx.rng.pick(S.TICKET_SUBJECTS),
    article_url: `https://${ctx.world.domain.replace('.com', '')}.atlassian.net/wiki/pages/${remoteId}`,
    remote_created_at: pastDate(ctx, 1, 400),
    remote_updated_at: null,
  }),
  'chat.Message': (ctx) => ({
    content: ctx.rng.pick(S.TICKET_SUBJECTS),
    // The chat user is not a model the simulator serves: a third-party user id.
    user: `U${ctx.rng.digits(9)}`,
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
