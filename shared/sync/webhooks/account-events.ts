import { isCategory, isMergeCategory } from '../../merge/types';
import { issueDataSchema, linkedDataSchema, type Envelope } from '../../merge/schemas/webhooks';
import { METRIC } from '../../observability/ports';
import { isoNow, type SyncDeps } from '../ports';
import type { LinkedAccount } from '../../core/accounts';
import { activateAccount, markAccountDeleted, queuePurge } from '../accounts';
import { hasAuthFailure } from '../auth-failures';
import { duplicateField, duplicateFlagOf } from '../duplicates';
import { categoryFromMerge } from '../account-category';
import {
  judgeOfferedToken,
  TOKEN_CHECK_BUDGET_MS,
  type OfferedToken,
  type TokenChecker,
} from '../account-tokens';
import { startWatch } from '../watch';
import type { WebhookResult } from './webhook-account';

/** What LinkedAccount.linked needs beyond the engine: Merge, to check the token it carries. */
export interface LinkedDeps {
  /** The Merge client (built on first use: the API key is read from its secret). */
  tokenChecker: () => Promise<TokenChecker>;
}

/**
 * LinkedAccount.linked: store the account and its token (no other webhook carries it), keep cursors
 * on a relink, and watch the initial sync closely. A deleted account is never brought back. Before
 * an account is created or its token changed, Merge confirms the token (account-tokens.ts): a
 * dashboard test delivery or a replay of an older LinkedAccount.linked changes nothing. An account
 * of a category we do not sync is recorded (NOT_SYNCED, its token stored) and never polled.
 */
export async function onLinked(deps: SyncDeps & LinkedDeps, envelope: Envelope): Promise<WebhookResult> {
  const data = linkedDataSchema.safeParse(envelope.data);
  const source = envelope.linked_account;
  if (!data.success) return { outcome: 'invalid' };
  if ((await deps.accounts.get(source.id))?.status === 'DELETED') return deletedIgnored(deps, source.id);
  const category = await linkedCategory(deps, source);
  if (category === undefined) {
    deps.log.warn('LinkedAccount.linked not applied: its category is unknown', {
      accountId: source.id,
      reason: 'category-unknown',
    });
    return { outcome: 'dropped', reason: 'category-unknown' };
  }

  const offered = await judgeOfferedToken(
    deps,
    deps.tokenChecker,
    { id: source.id, category },
    data.data.account_token,
  );
  if (offered.outcome === 'refused') {
    // Never the token itself: its reason is enough to tell a test delivery from a replay.
    deps.log.warn('LinkedAccount.linked not applied: its token is not the account’s', {
      accountId: source.id,
      reason: offered.reason,
    });
    return { outcome: 'dropped', reason: offered.reason };
  }
  const now = isoNow(deps.clock);
  const watchId = deps.newId();
  const build = (current: LinkedAccount | undefined): LinkedAccount => {
    const kept = {
      ...describe(source),
      id: source.id,
      source: 'webhook' as const,
      linkedAt: current?.linkedAt ?? now,
      updatedAt: now,
      // A relink gives a working token again: an auth-failure mark goes; other issues stay.
      ...(current?.issue && !hasAuthFailure(current) ? { issue: current.issue } : {}),
      // What an operator configured for the account outlives a relink.
      ...(current?.overrides ? { overrides: current.overrides } : {}),
      // Merge's is_duplicate: a duplicate is not synced (duplicates.ts).
      ...duplicateField(current, duplicateFlagOf(source), 'webhook', now),
      ...(unconfirmed(current, offered) ? { unconfirmed: true } : {}),
    };
    return isCategory(category)
      ? { ...kept, category, status: 'ACTIVE', watch: { id: watchId, startedAt: now } }
      : { ...kept, category, status: 'NOT_SYNCED' };
  };
  const stored = await activateAccount(
    deps,
    source.id,
    build,
    offered.outcome === 'store' ? offered.change : (current) => current ?? null,
  );
  if (stored.outcome === 'deleted') return deletedIgnored(deps, source.id);
  if (stored.outcome === 'token-retired') return { outcome: 'dropped', reason: 'token-retired' };
  if (stored.account.status === 'ACTIVE') await startWatch(deps, source.id, watchId);
  deps.log.info('linked account stored', {
    accountId: source.id,
    category,
    status: stored.account.status,
    relink: data.data.is_relink === true,
    ...(offered.outcome === 'store'
      ? { tokenChanged: true, unconfirmed: stored.account.unconfirmed === true }
      : {}),
  });
  return { outcome: 'processed' };
}

/**
 * Still waiting for Merge to confirm its only token: an account this LinkedAccount.linked creates
 * with a token Merge could not judge, or one not confirmed since. (An account known before keeps its
 * data whatever its token: only an account that never had a confirmed token is removed when Merge
 * refuses it, usable-token.ts.)
 */
function unconfirmed(current: LinkedAccount | undefined, offered: OfferedToken): boolean {
  if (offered.outcome === 'store' && offered.verified) return false;
  if (current) return current.unconfirmed === true;
  return offered.outcome === 'store' && offered.unconfirmed;
}

/**
 * The account's category: the webhook's `linked_account.category`, or when it names none (every
 * `linked_account` field but `id` is optional, reference §6), the one Merge lists for the account.
 */
async function linkedCategory(
  deps: SyncDeps & LinkedDeps,
  source: Envelope['linked_account'],
): Promise<string | undefined> {
  if (isMergeCategory(source.category)) return source.category;
  return categoryFromMerge(await deps.tokenChecker(), source.id, {
    deadlineAtMs: deps.clock.now() + TOKEN_CHECK_BUDGET_MS,
  });
}

function deletedIgnored(deps: SyncDeps, accountId: string): WebhookResult {
  deps.log.warn('LinkedAccount.linked for a deleted account ignored', { accountId });
  return { outcome: 'ignored' };
}

/** LinkedAccount.deleted: mark the account deleted (polling stops at once), then purge its data. */
export async function onAccountDeleted(deps: SyncDeps, envelope: Envelope): Promise<WebhookResult> {
  const source = envelope.linked_account;
  await markAccountDeleted(
    deps,
    source.id,
    () => ({
      ...describe(source),
      id: source.id,
      category: source.category || 'unknown',
      source: 'webhook' as const,
      linkedAt: isoNow(deps.clock),
    }),
    'merge-deleted',
  );
  await queuePurge(deps, source.id);
  deps.log.info('linked account deleted; purge queued', { accountId: source.id });
  return { outcome: 'processed' };
}

/**
 * Issue.*: keep the latest issue on the account and count it. Merge's issue never replaces our own
 * mark of a refused token: that mark is what keeps the account off cadence polls and writes until a
 * relink (auth-failures.ts), and every request sent with a refused token counts toward Merge's per-IP
 * block. Such an issue is still counted and logged.
 */
export async function onIssue(deps: SyncDeps, envelope: Envelope): Promise<WebhookResult> {
  const data = issueDataSchema.safeParse(envelope.data ?? {});
  const issue = data.success ? data.data : {};
  const now = isoNow(deps.clock);
  const status = issue.status ?? (envelope.hook.event === 'Issue.resolved' ? 'RESOLVED' : 'ONGOING');
  const stored = await deps.accounts.update(envelope.linked_account.id, (current) =>
    current && !hasAuthFailure(current)
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
