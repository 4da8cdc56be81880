import { isCategory } from '../../merge/types';
import { issueDataSchema, linkedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { METRIC } from '../../observability/ports';
import { isoNow, type SyncDeps } from '../ports';
import type { LinkedAccount } from '../../core/accounts';
import type { WebhookOutcome } from '../../core/outcomes';
import { activateAccount, markAccountDeleted, queuePurge } from '../accounts';
import { hasAuthFailure } from '../auth-failures';
import { duplicateField, duplicateFlagOf } from '../duplicates';
import { startWatch } from '../watch';

/**
 * LinkedAccount.linked: store the account and its token (no other webhook carries it), keep cursors
 * on a relink, and watch the initial sync closely. A deleted account is never brought back.
 */
export async function onLinked(deps: SyncDeps, envelope: Envelope): Promise<WebhookOutcome> {
  const data = linkedDataSchema.safeParse(envelope.data);
  const source = envelope.linked_account;
  if (!data.success || !isCategory(source.category)) return { outcome: 'invalid' };
  const category = source.category;
  const now = isoNow(deps.clock);
  const watchId = deps.newId();
  const stored = await activateAccount(
    deps,
    source.id,
    (current) => ({
      ...describe(source),
      id: source.id,
      category,
      status: 'ACTIVE',
      source: 'webhook',
      linkedAt: current?.linkedAt ?? now,
      updatedAt: now,
      // A relink gives a working token again: an auth-failure mark goes; other issues stay.
      ...(current?.issue && !hasAuthFailure(current) ? { issue: current.issue } : {}),
      // What an operator configured for the account outlives a relink.
      ...(current?.overrides ? { overrides: current.overrides } : {}),
      // Merge's is_duplicate: a duplicate is not synced (duplicates.ts).
      ...duplicateField(current, duplicateFlagOf(source), 'webhook', now),
      watch: { id: watchId, startedAt: now },
    }),
    data.data.account_token,
  );
  if (!stored) {
    deps.log.warn('LinkedAccount.linked for a deleted account ignored', { accountId: source.id });
    return { outcome: 'ignored' };
  }
  await startWatch(deps, source.id, watchId);
  deps.log.info('linked account stored', {
    accountId: source.id,
    category,
    relink: data.data.is_relink === true,
  });
  return { outcome: 'processed' };
}

/** LinkedAccount.deleted: mark the account deleted (polling stops at once), then purge its data. */
export async function onAccountDeleted(deps: SyncDeps, envelope: Envelope): Promise<WebhookOutcome> {
  const source = envelope.linked_account;
  await markAccountDeleted(deps, source.id, () => ({
    ...describe(source),
    id: source.id,
    category: isCategory(source.category) ? source.category : 'hris',
    source: 'webhook' as const,
    linkedAt: isoNow(deps.clock),
  }));
  await queuePurge(deps, source.id);
  deps.log.info('linked account deleted; purge queued', { accountId: source.id });
  return { outcome: 'processed' };
}

/** Issue.*: keep the latest issue on the account and count it. */
export async function onIssue(deps: SyncDeps, envelope: Envelope): Promise<WebhookOutcome> {
  const data = issueDataSchema.safeParse(envelope.data ?? {});
  const issue = data.success ? data.data : {};
  const now = isoNow(deps.clock);
  const status = issue.status ?? (envelope.hook.event === 'Issue.resolved' ? 'RESOLVED' : 'ONGOING');
  const stored = await deps.accounts.update(envelope.linked_account.id, (current) =>
    current
      ? {
          ...current,
          updatedAt: now,
          issue: {
            event: envelope.hook.event,
            status,
            at: now,
            ...(issue.id ? { id: issue.id } : {}),
            ...(issue.error_description ? { description: issue.error_description } : {}),
          },
        }
      : null,
  );
  deps.metrics.add(METRIC.accountIssues, 1, 'Count', { status });
  deps.log.warn('linked account issue', {
    accountId: envelope.linked_account.id,
    status,
    event: envelope.hook.event,
  });
  return { outcome: stored ? 'processed' : 'ignored' };
}

function describe(source: Envelope['linked_account']): Partial<LinkedAccount> {
  const optional = {
    integration: source.integration,
    integrationSlug: source.integration_slug,
    endUserOrganizationName: source.end_user_organization_name,
    endUserOriginId: source.end_user_origin_id,
    endUserEmailAddress: source.end_user_email_address,
    accountType: source.account_type,
  };
  return Object.fromEntries(Object.entries(optional).filter(([, v]) => typeof v === 'string' && v !== ''));
}
