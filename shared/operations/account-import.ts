import { MergeClientError, MergeHttpError, RetriesExhaustedError } from '../merge/errors';
import { isCategory } from '../merge/types';
import type { MergeDeps, SyncDeps } from '../sync/ports';
import type { LinkedAccount } from '../core/accounts';
import { importAccount, OperatorInputError, validateImport, type AccountImport } from './operator-actions';

/** Merge did not accept the account token (or the account id, or its category): nothing was stored. */
export class TokenRefusedError extends OperatorInputError {
  override readonly name = 'TokenRefusedError';
}

/** Merge could not be asked (network, 5xx, rate limit): the token is unchecked and nothing was stored. */
export class MergeUnavailableError extends Error {
  override readonly name = 'MergeUnavailableError';
}

/**
 * Asks Merge whether it accepts this token for this account: one `GET /{category}/v1/sync-status`
 * (first page only) through the engine's own client, paced like every other request of the account.
 * Merge answers 401 for a token it does not know; any 4xx means the token cannot sync this account.
 */
export async function checkAccountToken(deps: MergeDeps, input: AccountImport): Promise<void> {
  if (!isCategory(input.category)) return; // importAccount names the problem
  const statuses = deps.merge.syncStatus({
    accountId: input.id,
    accountToken: input.accountToken,
    category: input.category,
  });
  try {
    await statuses.next();
  } catch (error) {
    if (error instanceof MergeHttpError && error.status >= 400 && error.status < 500) {
      throw new TokenRefusedError(
        `Merge refused this token for ${input.category} account ${input.id} (answered ${error.status}); ` +
          'check the account id, its category and the token. Nothing was stored.',
      );
    }
    throw new MergeUnavailableError(
      `could not check the token with Merge (${describeFailure(error)}); nothing was stored, try again`,
    );
  } finally {
    await statuses.return(undefined).catch(() => undefined);
  }
}

/**
 * `accounts add`: imports an account linked earlier, but only once Merge has accepted its token, so
 * a typo never leaves an account that fails every poll. Input that cannot be right is refused before
 * Merge is asked; a deleted account is never brought back.
 */
export async function addAccount(deps: SyncDeps & MergeDeps, input: AccountImport): Promise<LinkedAccount> {
  validateImport(input);
  const existing = await deps.accounts.get(input.id);
  if (existing?.status === 'DELETED')
    throw new OperatorInputError(`account ${input.id} was deleted; it cannot be imported again`);
  if (existing && existing.category !== input.category)
    throw new OperatorInputError(
      `account ${input.id} is stored as a ${existing.category} account, not ${input.category}`,
    );
  await checkAccountToken(deps, input);
  return importAccount(deps, input);
}

/** "answered 503 after 2 attempts", "network error": short, and never a response body. */
function describeFailure(error: unknown): string {
  if (error instanceof RetriesExhaustedError) {
    const last = error.lastError;
    const how = error.status !== undefined ? `answered ${error.status}` : last.kind;
    return `${how} after ${error.attempts} attempts`;
  }
  if (error instanceof MergeClientError) return error.kind;
  return error instanceof Error ? error.name : 'error';
}
