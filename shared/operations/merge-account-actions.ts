import type { LinkedAccount } from '../core/accounts';
import type { AccountEndpoints } from '../merge/account-endpoints';
import { MergeAuthError } from '../merge/errors';
import { ForceResyncRefusedError, OutcomeUnknownError } from '../merge/request-errors';
import { ourModelId } from '../sync/model-ids';
import { isoNow, type SyncDeps } from '../sync/ports';
import { startWatch } from '../sync/watch';
import { removeAccount } from './account-admin';
import { OperatorInputError } from './operator-actions';

/** The account endpoints an operator's Merge actions use (the engine's Merge client has them all). */
export type MergeAccountClient = Pick<AccountEndpoints, 'forceResync' | 'deleteAccount' | 'accountDetails'>;

type Deps = SyncDeps & { merge: MergeAccountClient };

/** The account and its token, to ask Merge something about it; refused when either is missing. */
async function accountWithToken(deps: Deps, accountId: string, what: string) {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new OperatorInputError(`no account ${accountId}; see merge-sync accounts list`);
  const accountToken = await deps.accounts.getToken(accountId);
  if (!accountToken)
    throw new OperatorInputError(
      `no token is stored for account ${accountId} (it was purged): ${what} in Merge's dashboard instead`,
    );
  return { account, context: { accountId, accountToken, category: account.category } };
}

const refusedToken = (error: MergeAuthError) =>
  new OperatorInputError(
    `Merge refused the request (answered ${error.status}): the linked account may be deleted in Merge or ` +
      'need relinking, or the API key is not this deployment’s. Nothing was changed here.',
  );

/**
 * `resync --in-merge`: asks Merge to re-sync every model of the account (POST /sync-status/resync).
 * It is how a PAUSED account or model comes back without a relink (reference §12 "Unpausing"); Merge
 * allows it only on some plans and for production accounts, and each call spends a sync credit.
 * A refusal carries Merge's reason. On success the account is watched closely again, so the
 * finished resync is fetched soon. Returns what Merge said of each model.
 */
export async function forceResyncInMerge(
  deps: Deps,
  accountId: string,
): Promise<{ models: { model_id: string; status: string }[] }> {
  const { account, context } = await accountWithToken(deps, accountId, 'resync it');
  if (account.status !== 'ACTIVE') throw new OperatorInputError(`account ${accountId} is deleted`);
  let entries;
  try {
    entries = await deps.merge.forceResync(context);
  } catch (error) {
    if (error instanceof ForceResyncRefusedError) throw new OperatorInputError(error.message);
    if (error instanceof MergeAuthError) throw refusedToken(error);
    throw error;
  }
  await watchAgain(deps, account);
  deps.log.info('force resync requested in Merge by an operator', { accountId });
  return {
    models: entries.map((e) => ({
      model_id: ourModelId(account.category, { modelId: e.model_id, modelName: e.model_name }) ?? e.model_id,
      status: e.status,
    })),
  };
}

/** A new initial-sync watch: polls every few seconds until Merge's resync has finished. */
async function watchAgain(deps: SyncDeps, account: LinkedAccount): Promise<void> {
  const watch = { id: deps.newId(), startedAt: isoNow(deps.clock) };
  const stored = await deps.accounts.update(account.id, (current) =>
    current && current.status === 'ACTIVE' ? { ...current, watch, updatedAt: watch.startedAt } : null,
  );
  if (stored?.watch?.id === watch.id) await startWatch(deps, account.id, watch.id);
}

/**
 * `accounts remove --in-merge`: deletes the linked account in Merge first (POST /delete-account), so
 * Merge stops syncing and billing it, then removes our copy as `accounts remove` does. Merge then
 * sends LinkedAccount.deleted, which finds the account already deleted here. Nothing of ours is
 * removed unless Merge confirmed the deletion: after an answer that does not say (a timeout, a 5xx),
 * account-details tells (a refused token then means the account is gone).
 */
export async function deleteAccountInMerge(
  deps: Deps,
  accountId: string,
): Promise<{ alreadyDeleted: boolean }> {
  const { context } = await accountWithToken(deps, accountId, 'delete it');
  try {
    await deps.merge.deleteAccount(context);
  } catch (error) {
    if (error instanceof MergeAuthError) throw refusedToken(error);
    if (!(error instanceof OutcomeUnknownError) || !(await goneFromMerge(deps, context))) throw error;
  }
  deps.log.info('linked account deleted in Merge by an operator', { accountId });
  return removeAccount(deps, accountId);
}

async function goneFromMerge(deps: Deps, context: Parameters<MergeAccountClient['accountDetails']>[0]) {
  try {
    await deps.merge.accountDetails(context);
    return false;
  } catch (error) {
    return error instanceof MergeAuthError && error.status === 401;
  }
}
