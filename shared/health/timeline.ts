import type { LinkedAccount } from '../core/accounts';
import { normalizeMergeStatus } from '../core/merge-status';
import type { ModelHealthInput } from './health-rules';

export interface TimelineEntry {
  at: string;
  kind: 'health' | 'sync' | 'failure' | 'resync';
  model: string | null;
  text: string;
}

/** At most this many entries: the console shows the recent past, the stores keep the rest. */
export const TIMELINE_LENGTH = 30;

/**
 * Recent syncs, failures and health changes of an account, newest first: its published health
 * changes (kept on the account item) and, per model, the last completed fetch, the last error,
 * Merge's last failed sync and the last full resync.
 */
export function healthTimeline(account: LinkedAccount, models: readonly ModelHealthInput[]): TimelineEntry[] {
  const entries: TimelineEntry[] = (account.health?.history ?? []).map((c) => ({
    at: c.at,
    kind: 'health',
    model: null,
    text: `${c.from ?? 'new'} → ${c.to} (${c.reason})`,
  }));
  for (const { modelId, state } of models) {
    const run = state.lastRun;
    if (run) {
      const { added, changed, deleted } = run.counts;
      entries.push({
        at: run.finishedAt,
        kind: 'sync',
        model: modelId,
        text: `fetched ${run.pages} page(s): ${added} added, ${changed} changed, ${deleted} deleted (${run.reason})`,
      });
    }
    if (state.lastError)
      entries.push({
        at: state.lastError.at,
        kind: 'failure',
        model: modelId,
        text: `fetch failed: ${state.lastError.kind}`,
      });
    if (normalizeMergeStatus(state.merge?.lastSyncResult) === 'FAILED' && state.merge?.lastSyncFinished)
      entries.push({
        at: state.merge.lastSyncFinished,
        kind: 'failure',
        model: modelId,
        text: 'Merge sync failed',
      });
    if (state.lastFullResync)
      entries.push({
        at: state.lastFullResync.at,
        kind: 'resync',
        model: modelId,
        text: `full resync ${state.lastFullResync.outcome}`,
      });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, TIMELINE_LENGTH);
}
