import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { CheckedAccount, MismatchSink } from './mismatches';

/**
 * Tenant isolation at the wire: every request to Merge carried the token of a known account, for a
 * path of that account's category, and Merge knew a live account's token. The reachability check
 * (`/linked-accounts`, API key only) carries no account token; a token Merge refused at
 * account-details read nothing.
 */
export async function requestsCarryTheirAccountsToken(
  sink: MismatchSink,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
): Promise<void> {
  for (const r of sim.requests) {
    if (r.path.endsWith('/linked-accounts')) continue;
    // A LinkedAccount.linked's token confirmed before it is stored (architecture doc, "A token is
    // stored only once Merge confirms it"): a dashboard test delivery's sample token, refused.
    if (!r.accountId && r.path.endsWith('/account-details') && r.status === 401) continue;
    const account = accounts.find((c) => c.id === r.accountId);
    if (!r.accountId || !account) {
      sink.mismatches.tenant++;
      sink.note(`request ${r.path} without a known account token`);
    } else if (!r.path.startsWith(`/api/${account.category}/`)) {
      sink.mismatches.tenant++;
      sink.note(`request ${r.path} with the token of a ${account.category} account`);
    } else if (r.tokenMatchesAccount === false && !account.deleted) {
      sink.mismatches.tenant++;
      sink.note(`request ${r.path} refused a live account's token`);
    }
  }
}
