import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { CheckedAccount, MismatchSink } from './mismatches';

/**
 * Tenant isolation at the wire: every request to Merge carried the token of a known account, for a
 * path of that account's category, and Merge knew a live account's token. The reachability check
 * (`/linked-accounts`, API key only) carries no account token.
 */
export async function requestsCarryTheirAccountsToken(
  sink: MismatchSink,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
): Promise<void> {
  for (const r of sim.requests) {
    if (r.path.endsWith('/linked-accounts')) continue;
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
