import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { SyncStateStore } from '../../../shared/store/ports';
import type { RunLedger } from '../ledger';
import { scratchSink, totalMismatches, type CheckedAccount } from './mismatches';
import { compareStore, type StoreView } from './store';

/*
 * The idle pass: every schedule and a reconciliation again, after the run settled. Nothing changed
 * upstream, so nothing is written (invariant 9) and a deleted account sees no request at all.
 */

/** Each live (account, model)'s last completed fetch before the idle pass. */
export async function lastRunIds(
  states: SyncStateStore,
  live: readonly CheckedAccount[],
): Promise<Map<string, string | undefined>> {
  const ids = new Map<string, string | undefined>();
  for (const a of live)
    for (const s of await states.listForAccount(a.id)) ids.set(`${a.id}/${s.modelId}`, s.lastRun?.id);
  return ids;
}

/** A fetch the idle pass completed wrote no record. */
export async function idleFetchesWriteNothing(
  ledger: RunLedger,
  states: SyncStateStore,
  live: readonly CheckedAccount[],
  before: ReadonlyMap<string, string | undefined>,
): Promise<void> {
  for (const a of live) {
    for (const s of await states.listForAccount(a.id)) {
      if (!s.lastRun || s.lastRun.id === before.get(`${a.id}/${s.modelId}`)) continue;
      const writes = s.lastRun.counts.added + s.lastRun.counts.changed + s.lastRun.counts.deleted;
      if (writes > 0)
        ledger.mismatch('wastedWrites', `${a.id}/${s.modelId}: idle fetch wrote ${writes} record(s)`, writes);
    }
  }
}

/** No request to Merge for a deleted account since `requestsBefore`. */
export async function noRequestsForDeletedAccounts(
  ledger: RunLedger,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
  requestsBefore: number,
): Promise<void> {
  const deletedIds = new Set(accounts.filter((c) => c.deleted).map((c) => c.id));
  const late = sim.requests.slice(requestsBefore).filter((r) => r.accountId && deletedIds.has(r.accountId));
  ledger.mismatches.postDeleteRequests += late.length;
  if (late.length > 0) ledger.note(`${late.length} request(s) for deleted accounts in the idle pass`);
}

/** The store still compares equal with Merge's data: every difference counts as drift. */
export async function noDriftAfterIdlePass(
  ledger: RunLedger,
  view: StoreView,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
): Promise<void> {
  const drift = scratchSink();
  await compareStore(view, sim, accounts, drift);
  ledger.mismatches.idleDrift += totalMismatches(drift.mismatches);
}
