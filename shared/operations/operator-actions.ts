import { isCategory, type Category } from '../merge/types';
import { activateAccount } from '../sync/accounts';
import { hasAuthFailure } from '../sync/auth-failures';
import { isoNow, type SyncDeps } from '../sync/ports';
import { updateSyncState } from '../sync/state-updates';
import type { LinkedAccount } from '../core/accounts';

/** The operator's input cannot be acted on (unknown account, bad value): said why, nothing changed. */
export class OperatorInputError extends Error {
  override readonly name: string = 'OperatorInputError';
}

export interface AccountImport {
  id: string;
  category: string;
  accountToken: string;
  integration?: string;
}

/** What an import needs to be possibly right, checked before anything is stored or sent. */
export function validateImport(input: AccountImport): void {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(input.id))
    throw new OperatorInputError('account id must be 1-128 letters, digits, . _ : -');
  if (!isCategory(input.category))
    throw new OperatorInputError(
      'category must be one of hris, ats, crm, accounting, ticketing, filestorage',
    );
  if (!/^[\x21-\x7e]{8,512}$/.test(input.accountToken))
    throw new OperatorInputError('the account token looks wrong (empty, too short, or has spaces)');
}

/**
 * Imports an account linked earlier (its LinkedAccount.linked webhook went elsewhere, e.g. a laptop
 * Merge cannot reach): stores it with its token and asks for a poll now; the cadence schedules keep
 * it in sync from then on.
 */
export async function importAccount(deps: SyncDeps, input: AccountImport): Promise<LinkedAccount> {
  validateImport(input);
  const category = input.category as Category;
  const now = isoNow(deps.clock);
  const stored = await activateAccount(
    deps,
    input.id,
    (current) => {
      // A new token: an auth-failure mark goes; other issues stay.
      const { issue, ...kept } = current ?? { linkedAt: now };
      return {
        ...kept,
        ...(issue && !hasAuthFailure({ issue }) ? { issue } : {}),
        id: input.id,
        category,
        status: 'ACTIVE',
        source: current?.source ?? 'import',
        updatedAt: now,
        ...(input.integration ? { integration: input.integration } : {}),
      };
    },
    input.accountToken,
  );
  if (stored.outcome === 'deleted')
    throw new OperatorInputError(`account ${input.id} was deleted; it cannot be imported again`);
  if (stored.outcome === 'token-retired')
    throw new OperatorInputError(
      `this token of account ${input.id} was replaced by a newer one; it is never used again`,
    );
  await deps.queue.send('polls', [
    { v: 1, kind: 'poll', accountId: input.id, reason: 'manual', requestedAt: now },
  ]);
  return stored.account;
}

export interface ResyncRequest {
  models: string[];
  /** With mark-and-sweep: records the full fetch does not return are removed once it completes. */
  full: boolean;
  /** Per model, the full resync's epoch (SyncState.fullResyncRequest), to tell its outcome apart. */
  epochs: Record<string, string>;
  /** When the first cursor was cleared. */
  requestedAt: string;
}

/**
 * Clears the cursor of one model (or every model the account syncs) so the next fetch is a full
 * one, and asks for that fetch. A run in progress completes without setting the cursor again, and is
 * followed up by the full fetch. With `full`, the request also carries a new epoch: the full fetch
 * that answers it marks what Merge returns and then sweeps what it did not (shared/sync/full-resync.ts).
 */
export async function resyncAccount(
  deps: SyncDeps,
  accountId: string,
  modelId?: string,
  options: { full?: boolean } = {},
): Promise<ResyncRequest> {
  const account = await deps.accounts.get(accountId);
  if (!account || account.status !== 'ACTIVE') throw new OperatorInputError(`no active account ${accountId}`);
  const models = deps.settings.forAccount(account).models.map((m) => m.modelId);
  if (modelId && !models.includes(modelId)) {
    throw new OperatorInputError(
      `${modelId} is not synced for this ${account.category} account; synced: ${models.join(', ')}`,
    );
  }
  const full = options.full === true;
  const targets = modelId ? [modelId] : models;
  const epochs: Record<string, string> = {};
  const requestedAt = isoNow(deps.clock);
  for (const target of targets) {
    const now = isoNow(deps.clock);
    const epoch = full ? deps.newId() : undefined;
    if (epoch) epochs[target] = epoch;
    const { result: running } = await updateSyncState(deps.states, accountId, target, (state) => {
      const live = state.run !== undefined && state.run.leaseUntil > deps.clock.now();
      const { answeredSyncStart: _answered, ...rest } = state;
      return {
        next: {
          ...rest,
          cursor: null,
          resetCursorAt: now,
          ...(live ? { pendingSince: now } : {}),
          // A newer request supersedes one not yet answered: only its run sweeps.
          ...(epoch ? { fullResyncRequest: { epoch, requestedAt: now } } : {}),
        },
        result: live,
      };
    });
    if (!running) {
      await deps.queue.send('jobs', [
        { v: 1, kind: 'fetch', accountId, modelId: target, reason: 'manual', requestedAt: now },
      ]);
    }
  }
  return { models: targets, full, epochs, requestedAt };
}
