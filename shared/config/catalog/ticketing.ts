import { defineModels, inline } from './define';

/** Ticketing Common Models (reference merge-common-models §2.5, §3.5, §5.2). */
export const TICKETING_MODELS = defineModels('ticketing', {
  Account: { path: 'accounts', webhook: 'TicketingAccount' },
  Attachment: {
    path: 'attachments',
    expand: { ticket: 'Ticket' },
    writes: { post: 'attachments' },
    webhook: 'TicketingAttachment',
  },
  Collection: {
    path: 'collections',
    expand: { parent_collection: 'Collection', permissions: inline('Permission[]') },
  },
  Viewer: {
    path: 'collections/{collection_id}/viewers',
    expand: { team: 'Team', user: 'User' },
    modifiedAfter: false,
    retrieve: false,
    nested: {
      parent: 'Collection',
      reason: 'listed per collection or per ticket only, with no modified_after',
    },
    otherLists: [{ parent: 'Ticket', path: 'tickets/{ticket_id}/viewers', modifiedAfter: false }],
    webhook: 'TicketingViewer',
  },
  Comment: {
    path: 'comments',
    expand: { contact: 'Contact', ticket: 'Ticket', user: 'User' },
    writes: { post: 'comments' },
  },
  Contact: {
    path: 'contacts',
    expand: { account: 'Account' },
    writes: { post: 'contacts' },
    webhook: 'TicketingContact',
  },
  Project: { path: 'projects' },
  Role: { path: 'roles' },
  Tag: { path: 'tags', webhook: 'TicketingTag' },
  Team: { path: 'teams', webhook: 'TicketingTeam' },
  Ticket: {
    path: 'tickets',
    expand: {
      account: 'Account',
      assigned_teams: 'Team[]',
      assignees: 'User[]',
      attachments: 'Attachment[]',
      collections: 'Collection[]',
      contact: 'Contact',
      creator: 'User',
      parent_ticket: 'Ticket',
      permissions: inline('Permission[]'),
    },
    writes: { post: 'tickets', patch: 'tickets/{id}' },
  },
  User: {
    path: 'users',
    expand: { roles: 'Role[]', teams: 'Team[]' },
    // The same users per project; retrieved at users/{id}.
    otherLists: [{ parent: 'Project', path: 'projects/{parent_id}/users', modifiedAfter: false }],
  },
});
