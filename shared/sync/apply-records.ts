import type {
  ChangeKind,
  NormalizedRecord,
  RecordChange,
  RecordFingerprint,
  StoredRecord,
} from '../core/records';
import { emptyCounts, type RecordCounts } from '../core/records';
import { changedFields } from '../events/change-events';
import { PlannedEvents, type OutboxDeps } from '../events/outbox';
import type { MessageQueue } from '../queue/messages';
import type { AccountStore } from '../store/ports';
import { mapWithConcurrency } from './concurrency';
import { withStoredFields } from './normalize';

export interface ApplyDeps extends OutboxDeps {
  accounts: AccountStore;
  /** Where a written page's change events go to be published (a publish job). */
  queue: MessageQueue;
}

/** What was stored of a batch (or, if the account was deleted meanwhile, that nothing stays). */
export type ApplyOutcome =
  | {
      outcome: 'applied';
      /** Per model: a page of employees with expanded employments touches two models. */
      counts: Map<string, RecordCounts>;
      changes: RecordChange[];
      /** Ids marked as seen (ApplyOptions.markSeen), of its model. */
      marked: string[];
    }
  | AccountGone;

/** The account was deleted while its records were being written: what this call wrote is gone again. */
export interface AccountGone {
  outcome: 'account-gone';
}

export type AppliedRecords = Extract<ApplyOutcome, { outcome: 'applied' }>;

export interface ApplyOptions {
  /**
   * A full resync's marking (and only a full resync's: an incremental fetch writes nothing for an
   * unchanged record): records of this model that were not rewritten, because they are unchanged or
   * a newer version is stored, get a seen mark of this epoch. Rewritten records need none: their
   * syncedAt is after the run started, which the sweep never touches.
   */
  markSeen?: { modelId: string; epoch: string; expiresAtMs: number };
  /**
   * A record webhook's versions: one at the stored `modified_at` (and deletion state) is the stored
   * version, whatever else differs (it lacks remote_data, say), so it is neither written nor
   * announced. A fetch's record at the same `modified_at` still replaces a different stored one:
   * the list is the source of truth (remote_data arriving after a webhook stored the record).
   */
  sameModifiedAtIsUnchanged?: boolean;
}

/** The counts of one model (empty counts if the batch had none of it). */
export const countsOf = (result: AppliedRecords, modelId: string): RecordCounts =>
  result.counts.get(modelId) ?? emptyCounts();

const WRITE_CONCURRENCY = 16;

/**
 * Stores a batch of normalized records so that only real changes cost a write: one consistent
 * BatchGetItem of the stored hashes, then a conditional Put for each record whose content differs
 * (the condition refuses to replace a newer version). Unchanged and older records are counted,
 * not written.
 */
async function writeRecords(
  deps: OutboxDeps,
  accountId: string,
  incoming: readonly NormalizedRecord[],
  options: ApplyOptions,
): Promise<AppliedRecords & { events: PlannedEvents }> {
  const byModel = new Map<string, RecordCounts>();
  const changes: RecordChange[] = [];
  const events = new PlannedEvents(deps, accountId);
  const marked: string[] = [];
  for (const [modelId, batch] of groupByModel(latestVersions(incoming))) {
    const counts = emptyCounts();
    byModel.set(modelId, counts);
    const marking = options.markSeen?.modelId === modelId ? options.markSeen : undefined;
    for (let i = 0; i < batch.length; i += 100) {
      const notRewritten: string[] = [];
      const chunk = batch.slice(i, i + 100);
      const stored = await deps.records.fingerprints(
        accountId,
        modelId,
        chunk.map((r) => r.id),
      );
      const toWrite: {
        record: NormalizedRecord;
        kind: ChangeKind;
        previous?: RecordFingerprint;
        fields?: string[];
      }[] = [];
      for (const incoming of chunk) {
        const previous = stored.get(incoming.id);
        let parsed: Record<string, unknown> | undefined;
        const previousData = () =>
          (parsed ??= JSON.parse(previous?.rawData ?? '{}') as Record<string, unknown>);
        const record = completeFromStored(incoming, previous, previousData);
        const kind = classify(record, previous, options);
        if (kind === 'unchanged' || kind === 'stale') {
          counts[kind]++;
          notRewritten.push(record.id);
        } else {
          const fields =
            kind === 'changed' && previous?.rawData ? changedFields(previousData(), record.data) : undefined;
          toWrite.push({ record, kind, ...(previous ? { previous } : {}), ...(fields ? { fields } : {}) });
        }
      }
      // Invariant: a change is on record (the outbox) before it is written, so its event cannot be lost.
      await events.planRecordChanges(
        toWrite.map((w) => ({
          kind: w.kind,
          modelId,
          id: w.record.id,
          contentHash: w.record.contentHash,
          ...(w.fields ? { changedFields: w.fields } : {}),
        })),
      );
      const syncedAt = new Date(deps.clock.now()).toISOString();
      const asStored = (record: NormalizedRecord): StoredRecord => ({ ...record, accountId, syncedAt });
      // Records we have never stored (an initial sync) go 25 to a BatchWriteItem. A webhook could
      // store a newer version between our consistent read and this write; that version was modified
      // after this run started, so the next fetch (cursor: this run's start) brings it back.
      const fresh = toWrite.filter((w) => !w.previous).map((w) => asStored(w.record));
      await deps.records.putMany(fresh);
      const freshOutcomes = new Map(fresh.map((stored) => [stored.id, stored]));
      const outcomes = await mapWithConcurrency(toWrite, WRITE_CONCURRENCY, async ({ record, previous }) => {
        const stored = freshOutcomes.get(record.id);
        if (!previous && stored) return { stored, outcome: 'written' as const };
        const replacement = asStored(record);
        return { stored: replacement, outcome: await deps.records.putIfNotStale(replacement) };
      });
      outcomes.forEach(({ stored, outcome }, index) => {
        const planned = toWrite[index]!;
        if (outcome === 'stale') {
          counts.stale++;
          notRewritten.push(planned.record.id);
          return;
        }
        counts[planned.kind]++;
        if (stored.droppedFields) counts.truncated++;
        changes.push({
          kind: planned.kind,
          record: stored,
          ...(planned.previous ? { previous: planned.previous } : {}),
          ...(planned.fields ? { changedFields: planned.fields } : {}),
        });
      });
      if (marking && notRewritten.length > 0) {
        await deps.records.markSeen(accountId, modelId, notRewritten, marking.epoch, marking.expiresAtMs);
        marked.push(...notRewritten);
      }
    }
  }
  return { outcome: 'applied', counts: byModel, changes, marked, events };
}

/**
 * The incoming version as it will be stored: supplemental fields it came without (`keepStored`)
 * keep their stored values (reference §12: a payload without remote_data never erases one).
 */
function completeFromStored(
  record: NormalizedRecord,
  previous: RecordFingerprint | undefined,
  previousData: () => Record<string, unknown>,
): NormalizedRecord {
  const { keepStored, ...rest } = record;
  if (!keepStored || !previous?.rawData) return rest;
  // Cheap pre-check before parsing: does the stored version have (or lack for size) any of them?
  const relevant = keepStored.some(
    (f) => previous.rawData!.includes(`"${f}"`) || previous.droppedFields?.includes(f),
  );
  return relevant ? withStoredFields(record, previousData(), previous.droppedFields) : rest;
}

function classify(
  record: NormalizedRecord,
  previous: RecordFingerprint | undefined,
  options: ApplyOptions,
): ChangeKind | 'unchanged' | 'stale' {
  if (!previous) return record.deleted ? 'deleted' : 'added';
  if (previous.contentHash === record.contentHash) return 'unchanged';
  if (
    options.sameModifiedAtIsUnchanged &&
    previous.modifiedAtKey !== '' &&
    record.modifiedAtKey === previous.modifiedAtKey &&
    record.deleted === previous.deleted
  )
    return 'unchanged';
  if (previous.modifiedAtKey && record.modifiedAtKey && record.modifiedAtKey < previous.modifiedAtKey)
    return 'stale';
  if (record.deleted && !previous.deleted) return 'deleted';
  if (!record.deleted && previous.deleted) return 'added';
  return 'changed';
}

/** A record can appear twice in one batch (a related record inlined by two parents): keep the newest. */
function latestVersions(records: readonly NormalizedRecord[]): NormalizedRecord[] {
  const byKey = new Map<string, NormalizedRecord>();
  for (const record of records) {
    const key = `${record.modelId}\u0000${record.id}`;
    const seen = byKey.get(key);
    if (!seen || record.modifiedAtKey >= seen.modifiedAtKey) byKey.set(key, record);
  }
  return [...byKey.values()];
}

function groupByModel(records: NormalizedRecord[]): Map<string, NormalizedRecord[]> {
  const groups = new Map<string, NormalizedRecord[]>();
  for (const record of records) {
    const group = groups.get(record.modelId) ?? [];
    group.push(record);
    groups.set(record.modelId, group);
  }
  return groups;
}

/**
 * Stores a batch of normalized records (writeRecords), made safe against a concurrent purge:
 * LinkedAccount.deleted marks the account before purging, so if it is still active after our
 * writes, the purge (which starts later) sees them, and their change events are published; if not,
 * we remove what we wrote ourselves (invariant 8: nothing resurrected) and drop the planned events.
 */
export async function applyRecordsForActiveAccount(
  deps: ApplyDeps,
  accountId: string,
  incoming: readonly NormalizedRecord[],
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const { events, ...applied } = await writeRecords(deps, accountId, incoming, options);
  const account = await deps.accounts.get(accountId);
  if (account?.status === 'ACTIVE') {
    await publishChanges(deps, events, applied.changes);
    return applied;
  }
  const byModel = new Map<string, string[]>();
  for (const { record } of applied.changes)
    byModel.set(record.modelId, [...(byModel.get(record.modelId) ?? []), record.id]);
  for (const [modelId, ids] of byModel) await deps.records.deleteMany(accountId, modelId, ids);
  if (options.markSeen && applied.marked.length > 0)
    await deps.records.deleteSeenMarks(accountId, options.markSeen.modelId, applied.marked);
  // Nothing drains a deleted account's outbox: the batches planned for these writes go too.
  await events.discard();
  return { outcome: 'account-gone' };
}

/**
 * One event per stored change (unchanged and stale records have none), published off the write
 * path: the planned batches go to a publish job, which rebuilds the events from the table. If the
 * job cannot be sent, this throws: the caller's retry finds the batches (drainOutbox).
 */
async function publishChanges(deps: ApplyDeps, events: PlannedEvents, changes: RecordChange[]) {
  if (changes.length === 0) return events.discard();
  await events.handOff(deps.queue, new Date(deps.clock.now()).toISOString());
}
