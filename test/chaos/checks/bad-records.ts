import type { StoredRecord } from '../../../shared/core/records';
import type { SyncState } from '../../../shared/core/sync-state';
import { canonical, differingFields } from './canonical';
import type { InjectedBadRecord, MismatchSink } from './mismatches';

/*
 * What the engine promises for a record Merge serves that it cannot store as it is (issue 12 point
 * 12; docs/configuration.md "A record that cannot be stored as received"): it never stalls its
 * model, and it is noted in the model's sync state (with a RecordIssues metric and a log line, which
 * the integration tests see). The rest of the page and the model converge like any other data: the
 * store comparison checks them record by record.
 */

/**
 * Checks the account's bad records of one model against what is stored: a record nested too deep
 * is stored without the field (`droppedFields` names it), everything else exactly as Merge served
 * it, and noted `too-deep`; an element that is not a Common Model is stored nowhere and noted
 * `not-a-record`. Takes the stored records it accounts for out of `byId`, so the comparison does not
 * count them as extra. Returns what it compared and how many it found stored in a safe form.
 */
export function checkBadRecords(
  bad: readonly InjectedBadRecord[],
  accountId: string,
  byId: Map<string, StoredRecord>,
  state: SyncState,
  sink: MismatchSink,
): { compared: number; truncated: number } {
  const { mismatches } = sink;
  const issues = state.recordIssues ?? [];
  let compared = 0;
  let truncated = 0;
  for (const record of bad) {
    const where = `${accountId} ${record.model} ${record.id}`;
    if (record.kind === 'not-a-model') {
      if (byId.delete(record.id)) {
        mismatches.extra++;
        sink.note(`${where}: a page element that is not a Common Model (${record.body}) was stored`);
      }
      if (!issues.some((i) => i.reason === 'not-a-record')) {
        mismatches.decisions++;
        sink.note(
          `${where}: a page element that is not a Common Model is not in the sync state's record issues`,
        );
      }
      continue;
    }
    compared++;
    const mine = byId.get(record.id);
    byId.delete(record.id);
    if (!mine || mine.deleted) {
      mismatches.missing++;
      sink.note(
        `${where}: a record nested too deep in ${record.field} is ${mine ? 'a tombstone' : 'missing'}`,
      );
      continue;
    }
    if (!(mine.droppedFields ?? []).includes(record.field)) {
      mismatches.stale++;
      sink.note(`${where}: stored without naming ${record.field} (nested too deep) as dropped`);
      continue;
    }
    truncated++;
    if (canonical(record.expected) !== canonical(mine.data)) {
      mismatches.stale++;
      sink.note(
        `${where}: not stored in the safe form (differs in ${differingFields(record.expected, mine.data, false)})`,
      );
    }
    const noted = issues.some(
      (i) => i.id === record.id && i.reason === 'too-deep' && (i.fields ?? []).includes(record.field),
    );
    if (!noted) {
      mismatches.decisions++;
      sink.note(`${where}: a record nested too deep is not in the sync state's record issues`);
    }
  }
  return { compared, truncated };
}
