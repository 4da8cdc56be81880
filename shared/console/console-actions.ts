import { OperatorInputError } from '../operations/operator-actions';
import { removeAccount } from '../operations/account-admin';
import { resyncAccount } from '../operations/operator-actions';
import { updateSyncState } from '../sync/state-updates';
import { isoNow, type SyncDeps } from '../sync/ports';
import { publishHealthChange } from '../health/health-changes';

export const CONSOLE_ACTIONS = ['resync', 'full-resync', 'resolve', 'remove'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export class ConsoleActionError extends Error {
  override readonly name = 'ConsoleActionError';
}

/**
 * Mark resolved: someone fixed the cause outside (a relink, Merge's support), so the account's
 * recorded issue and each model's last error are cleared; the next poll or fetch records them
 * again if they still hold.
 */
export async function markResolved(deps: SyncDeps, accountId: string): Promise<{ cleared: number }> {
  let cleared = 0;
  await deps.accounts.update(accountId, (current) => {
    if (!current?.issue) return null;
    cleared++;
    const { issue: _issue, ...rest } = current;
    return { ...rest, updatedAt: isoNow(deps.clock) };
  });
  for (const state of await deps.states.listForAccount(accountId)) {
    if (!state.lastError) continue;
    await updateSyncState(deps.states, accountId, state.modelId, (current) => {
      if (!current.lastError) return { next: null, result: undefined };
      const { lastError: _error, ...rest } = current;
      return { next: rest, result: undefined };
    });
    cleared++;
  }
  deps.log.info('account issues marked resolved', { accountId, cleared });
  return { cleared };
}

/**
 * The console's actions, each the same code as the CLI's command (`resync`, `resync --full`,
 * `accounts remove`), then the account's health judged again so the page shows the result.
 */
export async function runConsoleAction(
  deps: SyncDeps,
  accountId: string,
  action: ConsoleAction,
  input: { model?: string | undefined; confirm?: string | undefined },
): Promise<unknown> {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new ConsoleActionError(`no account ${accountId}`);
  let result: unknown;
  try {
    if (action === 'resync') result = await resyncAccount(deps, accountId, input.model);
    else if (action === 'full-resync')
      result = await resyncAccount(deps, accountId, input.model, { full: true });
    else if (action === 'resolve') result = await markResolved(deps, accountId);
    else {
      // Removing purges every record: the caller types the account id to confirm.
      if (input.confirm !== accountId)
        throw new ConsoleActionError('type the account id to confirm the removal');
      result = await removeAccount(deps, accountId);
    }
  } catch (error) {
    if (error instanceof OperatorInputError) throw new ConsoleActionError(error.message);
    throw error;
  }
  await publishHealthChange(deps, accountId);
  return result;
}
