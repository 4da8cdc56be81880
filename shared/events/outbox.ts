import { randomUUID } from 'node:crypto';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { Clock } from '../runtime/clock';
import type { OutboxEntry, OutboxStore, RecordStore } from '../store/ports';
import { recordChangeEvent, type BusEvent } from './change-events';
import type { EventPublisher } from './event-bridge-publisher';

/** Where change events go: the bus, through an outbox in the table. */
export interface EventDeps {
  publisher: EventPublisher;
  outbox: OutboxStore;
  /** Default OUTBOX_ABANDONED_AFTER_MS; shorter in tests. */
  abandonedAfterMs?: number;
}

interface OutboxDeps {
  events?: EventDeps;
  records: RecordStore;
  clock: Clock;
  log: Log;
  metrics: Metrics;
}

/**
 * A batch left in the outbox longer than this was abandoned by its writer (a crash, a failed
 * PutEvents): no batch takes that long to write and publish, so draining it races nobody.
 */
export const OUTBOX_ABANDONED_AFTER_MS = 2 * 60_000;

/** A sortable batch id whose time says when it was planned. */
const newBatchId = (clock: Clock) => `${new Date(clock.now()).toISOString()}#${randomUUID().slice(0, 8)}`;
const plannedAt = (batchId: string) => Date.parse(batchId.split('#')[0] ?? '');

/**
 * Records what is about to change before it is written. Returns the batch id to `completeBatch`
 * with, or undefined when events are off or there is nothing to record.
 */
export async function planBatch(
  deps: OutboxDeps,
  accountId: string,
  entries: OutboxEntry[],
): Promise<string | undefined> {
  if (!deps.events || entries.length === 0) return undefined;
  const batchId = newBatchId(deps.clock);
  await deps.events.outbox.put({ accountId, batchId, entries });
  return batchId;
}

/** Publishes what was written of a planned batch, then forgets the batch. */
export async function completeBatch(
  deps: OutboxDeps,
  accountId: string,
  batchId: string,
  events: BusEvent[],
): Promise<void> {
  if (!deps.events) return;
  await deps.events.publisher.publish(events);
  await deps.events.outbox.delete(accountId, batchId);
}

/** Puts events on the bus through the outbox (planned, published, forgotten): for sync events. */
export async function publishThroughOutbox(
  deps: OutboxDeps,
  accountId: string,
  events: BusEvent[],
): Promise<void> {
  const batchId = await planBatch(
    deps,
    accountId,
    events.map((e) => ({ type: 'event', source: e.source, detailType: e.detailType, detail: e.detail })),
  );
  if (batchId) await completeBatch(deps, accountId, batchId, events);
}

/**
 * Publishes the abandoned batches of an account: a record entry becomes its event only if the
 * stored record is still the version planned (it was written; a newer version has its own batch).
 * Never throws: a bus that is still down leaves the outbox for the next time.
 */
export async function drainOutbox(deps: OutboxDeps, accountId: string): Promise<number> {
  if (!deps.events) return 0;
  let published = 0;
  try {
    for (const batch of await deps.events.outbox.listForAccount(accountId)) {
      const threshold = deps.events.abandonedAfterMs ?? OUTBOX_ABANDONED_AFTER_MS;
      if (deps.clock.now() - plannedAt(batch.batchId) < threshold) continue;
      const events: BusEvent[] = [];
      for (const entry of batch.entries) {
        if (entry.type === 'event') {
          events.push({ source: entry.source, detailType: entry.detailType, detail: entry.detail });
          continue;
        }
        const stored = await deps.records.get(accountId, entry.modelId, entry.id);
        if (stored?.contentHash !== entry.contentHash) continue;
        events.push(
          recordChangeEvent(
            { kind: entry.kind, record: stored },
            entry.changedFields ? { changedFields: entry.changedFields } : {},
          ),
        );
      }
      await completeBatch(deps, accountId, batch.batchId, events);
      published += events.length;
    }
  } catch (error) {
    deps.metrics.add(METRIC.eventsDelayed, 1);
    deps.log.warn('change events still waiting in the outbox', {
      accountId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (published > 0) deps.log.info('abandoned change events published', { accountId, events: published });
  return published;
}
