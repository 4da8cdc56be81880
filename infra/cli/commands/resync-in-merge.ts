import {
  forceResyncInMerge,
  type MergeAccountClient,
} from '../../../shared/operations/merge-account-actions';
import type { SyncDeps } from '../../../shared/sync/ports';
import { UsageError } from '../errors';
import { ConfirmationRequiredError, confirmByAccountId, type Terminal } from '../terminal';

/** What a force resync in Merge costs, said before it is asked for (reference §5 "Force resync"). */
export const FORCE_RESYNC_COST =
  'Merge re-syncs every model of the account (POST /sync-status/resync). It costs a sync credit, and ' +
  'Merge allows it only on Professional or Enterprise plans with monthly, quarterly or highest sync ' +
  'frequency, and only for production accounts. It is how a PAUSED account or model comes back ' +
  'without a relink.';

/**
 * Checks, before connecting to anything, that `resync --in-merge` can go ahead: no MODEL (Merge
 * resyncs every model), no --full or --wait (those are about our own fetches), and someone to
 * confirm the sync credit unless --yes.
 */
export function assertResyncInMergeAllowed(
  terminal: Terminal,
  options: { model: string | undefined; full: boolean; wait: boolean; yes: boolean },
): void {
  if (options.model)
    throw new UsageError(
      'resync --in-merge takes no MODEL: Merge re-syncs every model of the account',
      'resync',
    );
  if (options.full || options.wait)
    throw new UsageError('resync --in-merge does not combine with --full or --wait', 'resync');
  if (options.yes || terminal.interactive) return;
  throw new ConfirmationRequiredError(
    `resync --in-merge spends a Merge sync credit, and standard input is not a terminal, so nobody can ` +
      'confirm it here. Run it at a terminal (it asks you to type the account id), or pass --yes.',
  );
}

/**
 * `resync ACCOUNT --in-merge`: asks Merge to re-sync the account (forceResync), after saying what it
 * costs and, at a terminal, asking to confirm. Merge's refusal (plan, test account) is shown as
 * Merge gave it (exit 2); once accepted the account is watched closely until the resync is fetched.
 */
export async function resyncInMergeCommand(
  deps: SyncDeps & { merge: MergeAccountClient },
  terminal: Terminal,
  accountId: string,
  options: { yes: boolean },
) {
  await confirmByAccountId(terminal, {
    command: 'resync --in-merge',
    accountId,
    yes: options.yes,
    consequence: `resync --in-merge asks Merge to re-sync account ${accountId}. ${FORCE_RESYNC_COST}`,
  });
  const { models } = await forceResyncInMerge(deps, accountId);
  terminal.out(
    `Merge accepted the force resync of account ${accountId} (a sync credit was used): ` +
      `${models.map((m) => `${m.model_id} ${m.status}`).join(', ') || 'no models reported'}. ` +
      'Its models are watched closely until the resync has finished and been fetched; follow it with: merge-sync status',
  );
}
