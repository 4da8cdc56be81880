import type { SyncStateStore } from '../../../shared/store/ports';
import { toEpochMs } from '../../../shared/sync/timestamps';
import type { SyncState } from '../../../shared/core/sync-state';
import type { MismatchSink } from './mismatches';

export interface CursorSample {
  cursor: string | null;
  lastRunId: string | null;
  lastRunStart: string | null;
}

/**
 * Invariant 4 along the run: the cursor never moves back, moves only when a fetch completed (a new
 * lastRun), and never runs ahead of the last completed fetch's start less the overlap.
 */
export function checkCursor(
  previous: CursorSample | undefined,
  state: SyncState,
  overlapSeconds: number,
): { sample: CursorSample; problems: string[] } {
  const sample: CursorSample = {
    cursor: state.cursor,
    lastRunId: state.lastRun?.id ?? null,
    lastRunStart: state.lastRun?.startedAt ?? null,
  };
  const problems: string[] = [];
  const ms = (v: string | null) => (v === null ? undefined : toEpochMs(v));
  if (sample.cursor !== null) {
    if (!sample.lastRunStart) problems.push('cursor set without a completed fetch');
    else {
      const limit = (ms(sample.lastRunStart) ?? 0) - overlapSeconds * 1000;
      if ((ms(sample.cursor) ?? 0) > limit)
        problems.push(
          `cursor ${sample.cursor} is past the last fetch start ${sample.lastRunStart} less the overlap`,
        );
    }
  }
  if (previous) {
    if (previous.cursor !== null && sample.cursor === null) problems.push('cursor cleared');
    if (
      previous.cursor !== null &&
      sample.cursor !== null &&
      (ms(sample.cursor) ?? 0) < (ms(previous.cursor) ?? 0)
    )
      problems.push(`cursor moved back from ${previous.cursor} to ${sample.cursor}`);
    if (previous.cursor !== sample.cursor && previous.lastRunId === sample.lastRunId)
      problems.push('cursor moved without a completed fetch');
    if (
      previous.lastRunStart &&
      sample.lastRunStart &&
      (ms(sample.lastRunStart) ?? 0) < (ms(previous.lastRunStart) ?? 0)
    )
      problems.push('last completed fetch went back in time');
  }
  return { sample, problems };
}

/** Each (account, model)'s last cursor sample, checked against the next one (invariant 4). */
export class CursorWatch {
  private readonly samples = new Map<string, CursorSample>();

  constructor(private readonly overlapSeconds: number) {}

  /** Samples the cursors of the given accounts now; counts every problem as a `cursor` mismatch. */
  async sample(states: SyncStateStore, accountIds: readonly string[], sink: MismatchSink): Promise<void> {
    for (const accountId of accountIds) {
      for (const state of await states.listForAccount(accountId)) {
        const key = `${accountId}/${state.modelId}`;
        const { sample, problems } = checkCursor(this.samples.get(key), state, this.overlapSeconds);
        this.samples.set(key, sample);
        for (const p of problems) {
          sink.mismatches.cursor++;
          sink.note(`${key}: ${p}`);
        }
      }
    }
  }
}
