import type { ConfiguredModel } from '../config/sync-config-schema';
import type { SyncedAccount } from '../core/accounts';
import { addCounts, type NormalizedRecord, type RecordCounts } from '../core/records';
import type { FetchRun } from '../core/sync-state';
import { applyRecordsForActiveAccount, countsOf, type AccountGone } from './apply-records';
import type { Deadline } from './deadline';
import { modifiedAfterOf, seenMarking } from './full-resync';
import type { HeldRun, LeaseLost } from './held-run';
import { normalizeRecord, type FoundRecordIssue } from './normalize';
import { isoNow, type MergeDeps, type SyncDeps } from './ports';
import { noteRecordIssues, withRecordIssues } from './record-issues';
import { emitRecordCounts } from './record-metrics';

/** What paging a run needs: the account and its token, the model, the held run, the deadline. */
export interface PassContext {
  deps: SyncDeps & MergeDeps;
  account: SyncedAccount;
  model: ConfiguredModel;
  token: string;
  held: HeldRun;
  deadline: Deadline;
}

/**
 * How a paging pass stopped: at its last page (and whether that was its only page: one consistent
 * read), or short of time (the caller hands over), or because the run or the account is gone.
 */
export type PassEnd =
  { outcome: 'last-page'; singlePage: boolean } | { outcome: 'out-of-time' } | LeaseLost | AccountGone;

/**
 * Pages through the pass under way from the run's checkpoint, with `include_deleted_data=true`:
 * stores each page's changes, then checkpoints (invariant 5; the last page's checkpoint is the
 * completion's write), and stops when time runs short.
 */
export async function pageThrough({
  deps,
  account,
  model,
  token,
  held,
  deadline,
}: PassContext): Promise<PassEnd> {
  const fromFirstPage = held.run.pageCursor === null;
  let pagesThisPass = 0;
  let pageStarted = deps.clock.now();
  const modifiedAfter = modifiedAfterOf(held.run);
  // No page request starts that could not end (Merge's 60 s) before this invocation must hand over.
  const deadlineAtMs = deadline.mergeDeadlineAtMs(deps.clock.now());
  const pages = deps.merge.pages(
    { accountId: account.id, accountToken: token, category: account.category },
    model.path,
    {
      modifiedAfter: modifiedAfter ?? undefined,
      includeDeletedData: true,
      includeRemoteData: model.includeRemoteData,
      ...(model.includeSensitiveFields ? { includeSensitiveFields: true } : {}),
      expand: model.expand,
      cursor: held.run.pageCursor,
      ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    },
  );
  // Merge's pagination is sequential, so the request for the next page (its cursor is already
  // known) goes out while this page is stored and checkpointed: writes hide behind reads.
  let pending = pages.next();
  for (;;) {
    const result = await pending;
    if (result.done) return { outcome: 'last-page', singlePage: fromFirstPage && pagesThisPass <= 1 };
    const page = result.value;
    pagesThisPass++;
    if (page.next !== null) {
      pending = pages.next();
      pending.catch(() => undefined); // observed at the top of the loop; not an unhandled rejection meanwhile
    }
    const normalized: NormalizedRecord[] = [];
    const issues: FoundRecordIssue[] = [];
    let invalid = 0;
    for (const raw of page.results) {
      const normalizedRecord = normalizeRecord(raw, model);
      if (normalizedRecord.invalid) invalid++;
      normalized.push(...normalizedRecord.records);
      issues.push(...normalizedRecord.issues);
    }
    const applied = await applyRecordsForActiveAccount(
      deps,
      account.id,
      normalized,
      seenMarking(held.run, model.modelId, deps.clock.now()),
    );
    if (applied.outcome === 'account-gone') return applied;
    const own = countsOf(applied, model.modelId);
    const counts: RecordCounts = { ...own, invalid: own.invalid + invalid };
    const advance = (r: FetchRun): FetchRun => ({
      ...r,
      pageCursor: page.next,
      pages: r.pages + 1,
      counts: addCounts(r.counts, counts),
      ...(r.fullResync
        ? { fullResync: { ...r.fullResync, marked: r.fullResync.marked + applied.marked.length } }
        : {}),
    });
    if (page.next === null && !held.run.fullResync && issues.length === 0) {
      // The last page of an ordinary run: its checkpoint is the completion's write (held-run.ts).
      held.advanceUnwritten(advance);
    } else {
      // A record we could not store as received is noted with the checkpoint; the page goes on.
      const checkpoint = await held.update((state, r) => ({
        ...withRecordIssues(state, issues, isoNow(deps.clock)),
        run: advance(r),
      }));
      if (checkpoint.outcome === 'lease-lost') return checkpoint;
    }
    if (issues.length > 0) await noteRecordIssues(deps, account.id, model.modelId, issues);
    for (const [modelId, modelCounts] of applied.counts) {
      emitRecordCounts(deps.metrics, modelId, modelId === model.modelId ? counts : modelCounts);
    }
    if (page.next === null) return { outcome: 'last-page', singlePage: fromFirstPage && pagesThisPass === 1 };
    const now = deps.clock.now();
    deadline.pageTook(now - pageStarted);
    pageStarted = now;
    // Time is short: stop here. The page already requested is dropped; the continuation asks again.
    if (deadline.isNear()) {
      void pages.return(undefined).catch(() => undefined);
      return { outcome: 'out-of-time' };
    }
  }
}
