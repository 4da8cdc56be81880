/**
 * A Write Requested event from the bus, routed to the writes queue by a rule: accepted exactly as
 * the API accepts a write (same checks, same idempotency), then sent at once by this writer. One
 * that cannot be accepted is answered on the bus with a Write Failed event naming the problem.
 */
import type { WriteError } from '../core/writes';
import { EVENT_SOURCE } from '../events/change-events';
import { METRIC } from '../observability/ports';
import type { Deadline } from '../sync/deadline';
import { isoNow } from '../sync/ports';
import { acceptWrite } from './accept-write';
import type { WriterDeps } from './ports';
import { processWrite, type WriteOutcome } from './process-write';
import { readWriteRequestedEvent, WRITE_DETAIL_TYPE } from './write-events';
import { parseWriteInput } from './write-request';

export async function handleWriteRequested(
  deps: WriterDeps,
  envelope: Record<string, unknown>,
  deadline: Deadline,
): Promise<WriteOutcome | { outcome: 'refused' }> {
  const event = readWriteRequestedEvent(envelope);
  if (!event.ok)
    return refuse(deps, event.eventId, event.accountId, { code: 'invalid_request', message: event.error });
  const parsed = parseWriteInput(event.input);
  if (!parsed.ok)
    return refuse(deps, event.eventId, event.accountId, { code: 'invalid_request', message: parsed.error });
  const accepted = await acceptWrite(deps, event.accountId, parsed, 'event');
  switch (accepted.outcome) {
    case 'accepted':
      return processWrite(
        deps,
        { v: 1, kind: 'write', accountId: event.accountId, writeId: accepted.write.writeId },
        deadline,
      );
    case 'invalid':
      return refuse(deps, event.eventId, event.accountId, {
        code: 'invalid_request',
        message: accepted.message,
      });
    case 'account-not-found':
      return refuse(deps, event.eventId, event.accountId, {
        code: 'invalid_request',
        message: `account ${event.accountId} not found`,
      });
    case 'relink-needed':
      return refuse(deps, event.eventId, event.accountId, {
        code: 'relink_needed',
        message: 'Merge refuses the account token: the account needs a relink',
      });
    case 'key-conflict':
      return refuse(deps, event.eventId, event.accountId, {
        code: 'invalid_request',
        message: `this idempotency_key was used for a different write (${accepted.writeId})`,
      });
  }
}

/** Write Failed without a write (nothing was stored): it names the event it answers. */
async function refuse(
  deps: WriterDeps,
  eventId: string,
  accountId: string | undefined,
  error: WriteError,
): Promise<{ outcome: 'refused' }> {
  deps.metrics.add(METRIC.writesFailed, 1, 'Count', { model: 'unknown' });
  deps.log.warn('Write Requested event refused', { eventId, accountId, code: error.code });
  await deps.events?.publisher.publish([
    {
      source: EVENT_SOURCE,
      detailType: WRITE_DETAIL_TYPE.failed,
      detail: {
        schemaVersion: 1,
        accountId: accountId ?? null,
        writeId: null,
        requestEventId: eventId,
        status: 'failed',
        error,
        warnings: [],
        errors: [],
        finishedAt: isoNow(deps.clock),
      },
    },
  ]);
  return { outcome: 'refused' };
}
