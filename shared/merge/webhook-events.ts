/** What a webhook event is to us, from `hook.event` (reference §6 "Event types"). */
export type WebhookKind =
  | { kind: 'linked' }
  | { kind: 'account-synced' }
  | { kind: 'account-deleted' }
  | { kind: 'issue' }
  | { kind: 'model-synced'; webhookModel: string }
  | { kind: 'record-changed'; webhookModel: string; action: 'added' | 'changed' | 'removed' }
  | { kind: 'unhandled' };

const MODEL_EVENT = /^([A-Za-z][A-Za-z0-9]*)\.(synced|added|changed|removed)$/;

export function classifyWebhookEvent(event: string): WebhookKind {
  switch (event) {
    case 'LinkedAccount.linked':
      return { kind: 'linked' };
    case 'LinkedAccount.sync_completed':
      return { kind: 'account-synced' };
    case 'LinkedAccount.deleted':
      return { kind: 'account-deleted' };
  }
  // Merge's docs say Issue.new / Issue.resolved; an older article says Issue.created; skills add reopened.
  if (event.startsWith('Issue.')) return { kind: 'issue' };
  if (event.startsWith('LinkedAccount.')) return { kind: 'unhandled' };
  const match = MODEL_EVENT.exec(event);
  if (!match) return { kind: 'unhandled' };
  const [, webhookModel = '', action] = match;
  if (action === 'synced') return { kind: 'model-synced', webhookModel };
  return { kind: 'record-changed', webhookModel, action: action as 'added' | 'changed' | 'removed' };
}
