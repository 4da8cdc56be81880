import { randomUUID } from 'node:crypto';
import type { ChangeKind, StoredRecord } from '../core/records';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { Clock } from '../runtime/clock';
import type { MessageQueue, PublishJob } from '../queue/messages';
import type { OutboxBatch, OutboxEntry, RecordStore } from '../store/ports';
import { recordChangeEvent } from './change-events';
import type { BusEvent, EventDeps } from './ports';

/**
 * The transactional outbox of our change events, the one way every producer puts events on the bus:
 * a change's events are planned (an outbox item in the account's partition) before the change is
 * written, published once it is, and the item is deleted when the bus took them. A crash or a bus
 * outage in between leaves the item: drainOutbox publishes what was written, later.
 */
export interface OutboxDeps {
  /** The bus and the outbox store; absent when no bus is configured (then nothing is planned). */
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

/** A record change planned for the bus: enough to rebuild its event from the record once stored. */
export interface PlannedRecordChange {
  kind: ChangeKind;
  modelId: string;
  id: string;
  contentHash: string;
  changedFields?: string[];
}

/** A sortable batch id whose time says when it was planned. */
const newBatchId = (clock: Clock) => `${new Date(clock.now()).toISOString()}#${randomUUID().slice(0, 8)}`;
const plannedAt = (batchId: string) => Date.parse(batchId.split('#')[0] ?? '');

/**
 * The events of one change of an account's data, on their way through the outbox: planned (one
 * batch per write), then published once everything is written, or discarded when it was not.
 */
export class PlannedEvents {
  private readonly batchIds: string[];

  constructor(
    private readonly deps: Pick<OutboxDeps, 'events' | 'clock'>,
    readonly accountId: string,
    /** Batches planned earlier (drainOutbox resumes abandoned ones). */
    batchIds: readonly string[] = [],
  ) {
    this.batchIds = [...batchIds];
  }

  /** Puts record changes on record before the records are written. */
  planRecordChanges(changes: readonly PlannedRecordChange[]): Promise<void> {
    return this.plan(changes.map((change) => ({ type: 'record', ...change })));
  }

  /** Puts events on record before the state change they announce is written. */
  planEvents(events: readonly BusEvent[]): Promise<void> {
    return this.plan(
      events.map((e) => ({ type: 'event', source: e.source, detailType: e.detailType, detail: e.detail })),
    );
  }

  /**
   * The change is written: `events` (what was written of the plan) go on the bus, then the planned
   * batches are forgotten. Returns how many events went (none when nothing was planned). Throws if
   * the bus refuses; the batches stay for drainOutbox.
   */
  async publish(events: readonly BusEvent[]): Promise<number> {
    if (!this.deps.events || this.batchIds.length === 0) return 0;
    await this.deps.events.publisher.publish(events);
    await this.forget(this.deps.events);
    return events.length;
  }

  /**
   * The change is written: its planned batches go to a publish job (publishOutboxBatches, run by
   * the fetcher function in an invocation of its own), so the writer does not wait for the bus.
   * Returns how many batches were handed off. If the job cannot be sent, this throws; the batches
   * stay for drainOutbox.
   */
  async handOff(queue: MessageQueue, requestedAt: string): Promise<number> {
    if (!this.deps.events || this.batchIds.length === 0) return 0;
    const batchIds = [...this.batchIds];
    await queue.send('jobs', [{ v: 1, kind: 'publish', accountId: this.accountId, batchIds, requestedAt }]);
    this.batchIds.splice(0);
    return batchIds.length;
  }

  /** Nothing planned was written, or what was is undone: the planned batches go unpublished. */
  async discard(): Promise<void> {
    if (this.deps.events) await this.forget(this.deps.events);
  }

  private async plan(entries: OutboxEntry[]): Promise<void> {
    if (!this.deps.events || entries.length === 0) return;
    const batchId = newBatchId(this.deps.clock);
    await this.deps.events.outbox.put({ accountId: this.accountId, batchId, entries });
    this.batchIds.push(batchId);
  }

  private async forget(events: EventDeps): Promise<void> {
    for (const batchId of this.batchIds.splice(0)) await events.outbox.delete(this.accountId, batchId);
  }
}

/**
 * One state change and the events it announces, known before it is written (Sync Completed, Sync
 * Failed): the events are planned, `write` runs, and they are published when it reports them
 * written, discarded when it reports nothing written. If `write` throws, the plan stays (the write
 * may have gone through) and drainOutbox publishes it.
 */
export async function writeWithEvents<T>(
  deps: Pick<OutboxDeps, 'events' | 'clock'>,
  accountId: string,
  events: readonly BusEvent[],
  write: () => Promise<{ result: T; written: boolean }>,
): Promise<T> {
  const planned = new PlannedEvents(deps, accountId);
  await planned.planEvents(events);
  const { result, written } = await write();
  if (written) await planned.publish(events);
  else await planned.discard();
  return result;
}

/**
 * A batch's events, rebuilt from the table: a record entry becomes its event only if the stored
 * record is still the version planned (it was written; a newer version has its own batch). The
 * records are read 100 to a BatchGetItem, in the order the batch lists them.
 */
async function eventsOfBatch(deps: Pick<OutboxDeps, 'records'>, batch: OutboxBatch): Promise<BusEvent[]> {
  const { accountId } = batch;
  const stored = new Map<string, StoredRecord>();
  const idsByModel = new Map<string, string[]>();
  for (const entry of batch.entries)
    if (entry.type === 'record')
      idsByModel.set(entry.modelId, [...(idsByModel.get(entry.modelId) ?? []), entry.id]);
  for (const [modelId, ids] of idsByModel) {
    for (let i = 0; i < ids.length; i += 100) {
      const found = await deps.records.fingerprints(accountId, modelId, ids.slice(i, i + 100));
      for (const [id, f] of found) {
        stored.set(`${modelId}\u0000${id}`, {
          accountId,
          modelId,
          id,
          data: JSON.parse(f.rawData ?? '{}') as Record<string, unknown>,
          contentHash: f.contentHash,
          modifiedAtKey: f.modifiedAtKey,
          deleted: f.deleted,
          syncedAt: f.syncedAt ?? '',
          ...(f.droppedFields ? { droppedFields: f.droppedFields } : {}),
        });
      }
    }
  }
  const events: BusEvent[] = [];
  for (const entry of batch.entries) {
    if (entry.type === 'event') {
      events.push({ source: entry.source, detailType: entry.detailType, detail: entry.detail });
      continue;
    }
    const record = stored.get(`${entry.modelId}\u0000${entry.id}`);
    if (record?.contentHash !== entry.contentHash) continue;
    events.push(
      recordChangeEvent(
        { kind: entry.kind, record },
        entry.changedFields ? { changedFields: entry.changedFields } : {},
      ),
    );
  }
  return events;
}

/**
 * A publish job (PlannedEvents.handOff): the named batches' events go on the bus and the batches
 * are deleted. A batch already gone was published (by an earlier delivery, or drainOutbox). Throws
 * if the bus refuses: the job is retried (SQS), and the batches stay for drainOutbox meanwhile.
 */
export async function publishOutboxBatches(deps: OutboxDeps, job: PublishJob): Promise<number> {
  if (!deps.events) return 0;
  let published = 0;
  for (const batchId of job.batchIds) {
    const batch = await deps.events.outbox.get(job.accountId, batchId);
    if (!batch) continue;
    published += await new PlannedEvents(deps, job.accountId, [batchId]).publish(
      await eventsOfBatch(deps, batch),
    );
  }
  if (published > 0) deps.metrics.add(METRIC.eventsPublished, published);
  return published;
}

/**
 * Publishes the abandoned batches of an account (eventsOfBatch). Never throws: a bus that is still
 * down leaves the outbox for the next time.
 */
export async function drainOutbox(deps: OutboxDeps, accountId: string): Promise<number> {
  if (!deps.events) return 0;
  let published = 0;
  try {
    for (const batch of await deps.events.outbox.listForAccount(accountId)) {
      const threshold = deps.events.abandonedAfterMs ?? OUTBOX_ABANDONED_AFTER_MS;
      if (deps.clock.now() - plannedAt(batch.batchId) < threshold) continue;
      published += await new PlannedEvents(deps, accountId, [batch.batchId]).publish(
        await eventsOfBatch(deps, batch),
      );
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

/**
 * A deleted account's outbox, before its data goes: the planned events that are not about records
 * (its Merge Account Removed, a last Sync Completed) are published whatever their age, since no
 * later fetch or poll of the account will drain them; record changes go unpublished, as the records
 * are being purged and Account Removed tells consumers to drop them. Throws when the bus refuses:
 * the purge is retried, and nothing was forgotten.
 */
export async function flushDeletedAccountOutbox(
  deps: Pick<OutboxDeps, 'events'>,
  accountId: string,
): Promise<void> {
  if (!deps.events) return;
  for (const batch of await deps.events.outbox.listForAccount(accountId)) {
    const events: BusEvent[] = batch.entries.flatMap((entry) =>
      entry.type === 'event'
        ? [{ source: entry.source, detailType: entry.detailType, detail: entry.detail }]
        : [],
    );
    if (events.length > 0) await deps.events.publisher.publish(events);
    await deps.events.outbox.delete(accountId, batch.batchId);
  }
}
