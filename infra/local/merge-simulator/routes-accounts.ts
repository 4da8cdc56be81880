import { paginate } from './pagination';
import { parsePageQuery } from './query';
import { accountDetails } from './render';
import { detail } from './responses';
import type { SimResponse } from './responses';
import type { HandlerContext } from './route-context';
import { listLinkedAccounts } from './routes-linked-accounts';

// Account-level endpoints (merge-api.md §5 and §9; merge-common-models §4.1, §4.2).

export type AccountRouteKind =
  'linked-accounts' | 'account-details' | 'delete-account' | 'regenerate-token' | 'sync-status' | 'resync';

export async function accountRoute(kind: AccountRouteKind, ctx: HandlerContext): Promise<SimResponse> {
  if (kind === 'linked-accounts') return listLinkedAccounts(ctx);
  const accountId = ctx.accountId;
  if (accountId === null) throw new Error('account route without an account');
  const { store } = ctx;
  const state = store.live(accountId);
  switch (kind) {
    case 'account-details':
      return { status: 200, body: accountDetails(store.view(accountId)) };
    case 'delete-account':
      // 200 with no body (OAS); the account is gone and Merge sends LinkedAccount.deleted (§9, §6e).
      store.deleteAccount(accountId);
      ctx.hooks.accountDeleted(accountId);
      return { status: 200 };
    case 'regenerate-token':
      return {
        status: 200,
        body: { linked_account_id: accountId, account_token: store.accounts.regenerateToken(accountId) },
      };
    case 'resync': {
      // Plan-gated and production-only (§5 "Force resync"); it unpauses a paused account (§12).
      if (state.account.accountType === 'TEST') {
        return detail(400, 'Force resync is only available for production linked accounts.');
      }
      const refusal = ctx.hooks.resyncRefusal();
      if (refusal) return refusal;
      if (state.sync.paused) state.sync.resume();
      else state.sync.start();
      return { status: 200, body: state.sync.entries() };
    }
    case 'sync-status': {
      const q = parsePageQuery(ctx.params);
      if (!q.ok) return detail(400, q.error);
      await ctx.beforeAnyPage();
      const rows = state.sync.entries().map((entry, i) => ({ seq: i + 1, entry }));
      const page = paginate(rows, () => true, q.value.cursor, q.value.pageSize);
      return {
        status: 200,
        body: { next: page.next, previous: page.previous, results: page.items.map((r) => r.entry) },
      };
    }
  }
}
