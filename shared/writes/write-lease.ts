/**
 * A write's lease and its messages: the writer takes a write for one invocation (a lease to its
 * deadline, by a conditional save), lets it go after an unexpected error, sends its message again
 * when another writer holds it, and starts a redriven write over.
 */
import type { WriteRecord } from '../core/writes';
import type { WriteMessage } from '../queue/messages';
import { VersionConflictError } from '../store/ports';
import type { Deadline } from '../sync/deadline';
import { isoNow } from '../sync/ports';
import type { VersionedWrite, WriterDeps } from './ports';

/**
 * Takes the write for this invocation (a lease to its deadline) with `changes`; undefined when
 * another writer took it meanwhile (this message comes back later, in case that one crashed).
 */
export async function claim(
  deps: WriterDeps,
  stored: VersionedWrite,
  message: WriteMessage,
  deadline: Deadline,
  changes: Partial<WriteRecord>,
): Promise<VersionedWrite | undefined> {
  const leaseUntil = deps.clock.now() + deadline.remainingMs();
  try {
    return await deps.writes.save(
      { ...stored.write, ...changes, leaseUntil, updatedAt: isoNow(deps.clock) },
      stored.version,
    );
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    await resend(deps, message, 1);
    return undefined;
  }
}

/** After an unexpected error the write is let go at once, so its redelivered message does not find it busy. */
export async function withLeaseReleasedOnError<T>(
  deps: WriterDeps,
  claimed: VersionedWrite,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await releaseLease(deps, claimed.write);
    throw error;
  }
}

export const isRedrive = (message: WriteMessage, write: WriteRecord): boolean =>
  message.deadLettered !== undefined &&
  write.error?.code === 'gave_up' &&
  message.deadLettered === write.finishedAt;

/** A redriven write starts over: its attempts allowance, not its key (Merge may have applied it). */
export async function restart(deps: WriterDeps, stored: VersionedWrite): Promise<VersionedWrite> {
  const { finishedAt: _finished, ...write } = stored.write;
  deps.log.info('dead-lettered write redriven', { accountId: write.accountId, writeId: write.writeId });
  return deps.writes.save(
    {
      ...write,
      status: write.attempts > 0 ? 'sending' : 'queued',
      roundAttempts: 0,
      error: null,
      merge: { warnings: [], errors: [] },
      updatedAt: isoNow(deps.clock),
    },
    stored.version,
  );
}

/** Best effort, after an unexpected error: the redelivered message should not find the write busy. */
async function releaseLease(deps: WriterDeps, write: WriteRecord): Promise<void> {
  try {
    const current = await deps.writes.get(write.accountId, write.writeId);
    if (!current || current.write.leaseUntil === undefined) return;
    const { leaseUntil: _lease, ...rest } = current.write;
    await deps.writes.save(rest, current.version);
  } catch {
    // The lease runs out by itself.
  }
}

/** Another message for the same write, after `delaySeconds`. */
export async function resend(deps: WriterDeps, message: WriteMessage, delaySeconds: number): Promise<void> {
  const { deadLettered: _mark, ...plain } = message;
  await deps.queue.send('writes', [plain], { delaySeconds: Math.min(900, Math.ceil(delaySeconds)) });
}
