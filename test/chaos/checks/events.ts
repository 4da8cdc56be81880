import type { RunLedger } from '../ledger';
import type { ChaosWorld } from '../lib/world';
import { allStored } from '../../helpers/stored-records';
import type { CheckedAccount } from './mismatches';
import { storedModels } from './store';

interface RecordEventDetail {
  accountId?: string;
  modelId?: string;
  recordId?: string;
  contentHash?: string;
  modifiedAt?: string | null;
  deleted?: boolean;
}

/** Where the bus stood: the run's first event, the idle pass's first, and the events owed then. */
export interface BusMarks {
  runStart: number;
  idleStart: number;
  /** `${recordId}:${contentHash}` of every record event still in the outbox when the idle pass began. */
  pendingAtIdleStart: ReadonlySet<string>;
}

/**
 * Change events: every stored record's latest version is on the bus (a consumer of the bus ends
 * with the store's content), and the idle pass put no record event there (invariant 9), except
 * events still owed from the outbox when it began. Returns how many events of a record came after
 * an event of a newer version (a figure: order is not promised, BUG-9).
 */
export async function changeEventsOnTheBus(
  ledger: RunLedger,
  world: ChaosWorld,
  live: readonly CheckedAccount[],
  marks: BusMarks,
): Promise<number> {
  const ids = new Set(live.map((a) => a.id));
  let inversions = 0;
  // What a consumer following the README ends with: per record, the version with the greatest
  // modifiedAt, a deletion winning a tie.
  const latest = new Map<string, { seq: number; hash: string; modifiedAt: string; deleted: boolean }>();
  const lastPublished = new Map<string, string>();
  for (const e of world.pipeline.bus.since(marks.runStart)) {
    if (!e.detailType.startsWith('Merge Record')) continue;
    const d = e.detail as RecordEventDetail;
    if (!d.accountId || !ids.has(d.accountId)) continue;
    const key = `${d.accountId}/${d.modelId}/${d.recordId}`;
    const modifiedAt = d.modifiedAt ?? '';
    const seen = latest.get(key);
    const deleted = d.deleted === true;
    if (
      !seen ||
      modifiedAt > seen.modifiedAt ||
      (modifiedAt === seen.modifiedAt && (deleted || !seen.deleted))
    )
      latest.set(key, { seq: e.seq, hash: d.contentHash ?? '', modifiedAt, deleted });
    // Counted, not a mismatch: order is not promised (README), but how often it happens is a figure.
    const previous = lastPublished.get(key);
    if (previous !== undefined && modifiedAt < previous) inversions++;
    lastPublished.set(key, modifiedAt);
    if (e.seq > marks.idleStart && !marks.pendingAtIdleStart.has(`${d.recordId}:${d.contentHash}`))
      ledger.mismatch('wastedEvents', `idle pass emitted ${e.detailType} for ${d.modelId} ${d.recordId}`);
  }
  for (const account of live) {
    for (const modelId of storedModels(world.settings, account)) {
      for (const record of await allStored(world.records, account.id, modelId)) {
        const event = latest.get(`${account.id}/${modelId}/${record.id}`);
        if (event?.hash === record.contentHash) continue;
        const history = world.pipeline.bus
          .since(marks.runStart)
          .filter((e) => (e.detail as RecordEventDetail).recordId === record.id)
          .map((e) => {
            const d = e.detail as RecordEventDetail;
            return `#${e.seq} ${e.detailType.replace('Merge Record ', '')} ${d.modifiedAt ?? '?'}${d.contentHash === record.contentHash ? ' (stored)' : ''}`;
          });
        ledger.mismatch(
          'eventsMissing',
          `${account.id} ${modelId} ${record.id}: stored version (modified ${String(record.data.modified_at)}) not last on the bus: ${history.join(', ') || 'no event'}`,
        );
      }
    }
  }
  return inversions;
}
