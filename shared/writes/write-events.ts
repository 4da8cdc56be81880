/**
 * The bus side of writes: Write Succeeded and Write Failed, which we publish (through the outbox,
 * like every event of ours), and Write Requested, which a user's own services put on the bus for a
 * rule to route to the writes queue (docs/writes.md).
 */
import type { WriteRecord } from '../core/writes';
import { EVENT_SOURCE } from '../events/change-events';
import type { BusEvent } from '../events/ports';

export const WRITE_DETAIL_TYPE = {
  succeeded: 'Write Succeeded',
  failed: 'Write Failed',
  requested: 'Write Requested',
} as const;

/**
 * Write Succeeded / Write Failed (schemaVersion 1): accountId, writeId, modelId, operation,
 * recordId, status, attempts, warnings and errors (Merge's), error (ours, on a failure),
 * createdAt, finishedAt. Never the write's data: the record itself comes as a change event.
 */
export function writeFinishedEvent(write: WriteRecord): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: write.status === 'succeeded' ? WRITE_DETAIL_TYPE.succeeded : WRITE_DETAIL_TYPE.failed,
    detail: {
      schemaVersion: 1,
      accountId: write.accountId,
      writeId: write.writeId,
      modelId: write.modelId,
      operation: write.operation,
      recordId: write.recordId,
      status: write.status,
      attempts: write.attempts,
      warnings: write.merge.warnings,
      errors: write.merge.errors,
      error: write.error,
      createdAt: write.createdAt,
      finishedAt: write.finishedAt ?? null,
    },
  };
}

/** A Write Requested event as EventBridge delivers it to the queue, read far enough to accept it. */
export type WriteRequestedEvent =
  | { ok: true; eventId: string; accountId: string; input: Record<string, unknown> }
  | { ok: false; eventId: string; accountId?: string; error: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for an EventBridge envelope of a Write Requested event (any source). */
export const isWriteRequestedEnvelope = (value: unknown): boolean =>
  isObject(value) && value['detail-type'] === WRITE_DETAIL_TYPE.requested;

/**
 * Its detail is the API's body plus `account_id`. Without an `idempotency_key`, the event's own id
 * is the key: EventBridge's at-least-once redelivery of the same event is then one write.
 */
export function readWriteRequestedEvent(envelope: Record<string, unknown>): WriteRequestedEvent {
  const eventId = typeof envelope.id === 'string' ? envelope.id : '';
  const detail = envelope.detail;
  if (!isObject(detail)) return { ok: false, eventId, error: 'the event has no detail object' };
  const { account_id: accountId, ...input } = detail;
  if (typeof accountId !== 'string' || accountId === '')
    return { ok: false, eventId, error: 'detail.account_id is required' };
  if (input.idempotency_key === undefined) {
    if (!eventId) return { ok: false, eventId, accountId, error: 'no idempotency_key and no event id' };
    input.idempotency_key = `event:${eventId}`;
  }
  return { ok: true, eventId, accountId, input };
}
