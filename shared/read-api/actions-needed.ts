import type { LinkedAccount } from '../core/accounts';
import { normalizeMergeStatus } from '../core/merge-status';
import type { SyncState } from '../core/sync-state';

/**
 * What someone must do for an account or model that will not sync by itself, as the read API and
 * `status` show it: Merge paused it (no API request, or failing syncs, for about two weeks: only a
 * relink or a force resync brings it back, reference §12 "Unpausing"), it is off in Merge's Common
 * Model scopes (DISABLED), or Merge flags the account as a duplicate. Null when nothing is needed.
 */
export interface ActionNeeded {
  /** PAUSED, DISABLED (a model); IDLE, RELINK_NEEDED, DUPLICATE (an account). */
  status: string;
  /** Since when we know of it. */
  since: string;
  what_to_do: string;
}

const RESYNC_IN_MERGE =
  'merge-sync resync ACCOUNT --in-merge (POST /sync-status/resync: plan-gated, costs a sync credit)';

export const PAUSED_ADVICE =
  'Merge paused it (no API request, or failing syncs, for about two weeks) and resumes it only after ' +
  `a relink (Merge Link with the same end_user_origin_id) or a force resync: ${RESYNC_IN_MERGE}. ` +
  'Check its Issues in Merge first if its syncs were failing.';

export const DISABLED_ADVICE =
  "Merge does not sync this model for this account: it is off in the account's Common Model scopes. " +
  "Enable it in Merge's dashboard, or stop syncing it here: merge-sync accounts configure ACCOUNT --models ...";

export function modelActionNeeded(state: SyncState): ActionNeeded | null {
  const status = normalizeMergeStatus(state.merge?.status);
  if (status !== 'PAUSED' && status !== 'DISABLED') return null;
  const since = state.lastSkip?.reason === status ? state.lastSkip.at : (state.merge?.checkedAt ?? '');
  return { status, since, what_to_do: status === 'PAUSED' ? PAUSED_ADVICE : DISABLED_ADVICE };
}

export function accountActionNeeded(account: LinkedAccount): ActionNeeded | null {
  if (account.status !== 'ACTIVE') return null;
  if (account.duplicate) {
    return {
      status: 'DUPLICATE',
      since: account.duplicate.since,
      what_to_do:
        'Not synced: Merge flags it is_duplicate. Delete it in Merge (merge-sync accounts remove ACCOUNT ' +
        '--in-merge), or relink the one to keep; Merge bills both until then.',
    };
  }
  const merge = account.mergeStatus;
  if (merge?.status === 'IDLE') return { status: 'IDLE', since: merge.since, what_to_do: PAUSED_ADVICE };
  if (merge?.status === 'RELINK_NEEDED') {
    return {
      status: 'RELINK_NEEDED',
      since: merge.since,
      what_to_do:
        "Merge needs the end user to relink the account (Merge Link); see its Issues in Merge's dashboard.",
    };
  }
  return null;
}
