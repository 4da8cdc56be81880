/**
 * How a write's attempt ends: finished (succeeded or failed, with its event through the outbox),
 * back on the queue after a delay (a retry, or its turn behind an earlier update of its record),
 * or, out of attempts, failed and dead-lettered for an operator to redrive.
 */
import type { WriteError, WriteRecord } from '../core/writes';
import { writeWithEvents } from '../events/outbox';
import { METRIC } from '../observability/ports';
import { VersionConflictError } from '../store/ports';
import { isoNow } from '../sync/ports';
import type { VersionedWrite, WriterDeps } from './ports';
import { writeFinishedEvent } from './write-events';

/** SQS delays a message by at most 15 minutes. */
const MAX_DELAY_SECONDS = 900;

export type FinishOutcome = { outcome: 'finished'; write: WriteRecord } | { outcome: 'lost-race' };

/**
 * Saves the write's final state and publishes Write Succeeded / Write Failed with it. Its data
 * goes (personal data is kept no longer than needed), except on a give-up: a redrive sends it.
 * Losing the version race publishes nothing: whoever won tells the outcome.
 */
export async function finishWrite(
  deps: WriterDeps,
  stored: VersionedWrite,
  result: Pick<WriteRecord, 'status'> & Partial<WriteRecord>,
): Promise<FinishOutcome> {
  const now = isoNow(deps.clock);
  const { leaseUntil: _lease, answer: _answer, nextAttemptAt: _next, data, ...rest } = stored.write;
  const keepData = result.error?.code === 'gave_up';
  const write: WriteRecord = {
    ...rest,
    ...(keepData && data ? { data } : {}),
    ...result,
    updatedAt: now,
    finishedAt: result.finishedAt ?? now,
  };
  const saved = await writeWithEvents(deps, write.accountId, [writeFinishedEvent(write)], async () => {
    try {
      await deps.writes.save(write, stored.version);
      return { result: true, written: true };
    } catch (error) {
      if (error instanceof VersionConflictError) return { result: false, written: false };
      throw error;
    }
  });
  if (!saved) return { outcome: 'lost-race' };
  const succeeded = write.status === 'succeeded';
  deps.metrics.add(succeeded ? METRIC.writesSucceeded : METRIC.writesFailed, 1, 'Count', {
    model: write.modelId,
  });
  const log = { accountId: write.accountId, writeId: write.writeId, modelId: write.modelId };
  if (succeeded)
    deps.log.info('write succeeded', { ...log, recordId: write.recordId, attempts: write.attempts });
  else deps.log.warn('write failed', { ...log, code: write.error?.code, attempts: write.attempts });
  return { outcome: 'finished', write };
}

export const failWrite = (
  deps: WriterDeps,
  stored: VersionedWrite,
  error: WriteError,
  extra: Partial<WriteRecord> = {},
) => finishWrite(deps, stored, { status: 'failed', error, ...extra });

/** Puts the write's message back with a delay, then lets go of the write (its lease). */
export async function requeueWrite(
  deps: WriterDeps,
  stored: VersionedWrite,
  delaySeconds: number,
  changes: Partial<WriteRecord> = {},
): Promise<void> {
  const delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(delaySeconds)));
  const { write } = stored;
  // The message first: a crash after it leaves a message for a write that is free to take.
  await deps.queue.send(
    'writes',
    [{ v: 1, kind: 'write', accountId: write.accountId, writeId: write.writeId }],
    {
      delaySeconds: delay,
    },
  );
  const { leaseUntil: _lease, ...rest } = write;
  const next: WriteRecord = {
    ...rest,
    ...changes,
    nextAttemptAt: new Date(deps.clock.now() + delay * 1000).toISOString(),
    updatedAt: isoNow(deps.clock),
  };
  try {
    await deps.writes.save(next, stored.version);
  } catch (error) {
    // Someone else has it now; the message just sent finds it busy or finished and lets it be.
    if (!(error instanceof VersionConflictError)) throw error;
  }
}

/** The delay before attempt `attempt + 1`: doubling from the base, and never before Merge's own time. */
export function retryDelaySeconds(deps: WriterDeps, attempt: number, retryAtMs?: number): number {
  const { retryBaseSeconds, retryMaxSeconds } = deps.writeSettings;
  const backoff = Math.min(retryMaxSeconds, retryBaseSeconds * 2 ** Math.max(0, attempt - 1));
  const asked = retryAtMs === undefined ? 0 : (retryAtMs - deps.clock.now()) / 1000;
  return Math.min(MAX_DELAY_SECONDS, Math.max(backoff, asked));
}

/**
 * Out of attempts: the write fails (code gave_up, data kept) and a copy of its message goes to the
 * dead-letter queue, marked so that a redrive starts it again while a stray duplicate does not.
 */
export async function giveUp(
  deps: WriterDeps,
  stored: VersionedWrite,
  reason: string,
): Promise<FinishOutcome> {
  const { write } = stored;
  const finishedAt = isoNow(deps.clock);
  // The dead letter first: a crash before the write is marked failed gives up again on the
  // redelivery, with a new mark; only the copy whose mark matches the write restarts it.
  await deps.deadLetters.send({
    v: 1,
    kind: 'write',
    accountId: write.accountId,
    writeId: write.writeId,
    deadLettered: finishedAt,
  });
  const finished = await failWrite(
    deps,
    stored,
    { code: 'gave_up', message: `gave up after ${write.roundAttempts} attempts: ${reason}` },
    { finishedAt },
  );
  if (finished.outcome === 'finished')
    deps.metrics.add(METRIC.writesDeadLettered, 1, 'Count', { model: write.modelId });
  return finished;
}
