/**
 * 3. Incremental cost: N HRIS employees synced (initial sync through the sync_completed webhook),
 * then 1% of them changed and 0.2% deleted upstream, Merge runs a sync, and the scheduled poller
 * (EventBridge tick → polls queue → /sync-status → jobs queue → fetcher) picks it up.
 * Figures: Merge requests made / the minimum (sync-status pages + ceil((changed + deleted) / 100) + 1),
 * and DynamoDB record writes / records that really changed or were deleted (the simulator's truth,
 * employees and their expanded employments compared before and after). Every DynamoDB request is
 * counted at the wire by the store host's inspecting proxy, by item kind.
 *
 * The seeded data is stamped two hours in the past (the simulator's clock is shifted while seeding),
 * as an account's existing data is, so the engine's 120 s cursor overlap does not re-fetch it.
 */
import { lambdaContext } from '../../infra/local/lambda-context';
import { scheduledEvent } from '../../infra/local/aws-events';
import { startBenchPipeline } from './lib/harness';
import { countStdout, emitRows, isQuick, progress, round } from './lib/report';

const quick = isQuick();
const stdout = countStdout();
let fetchesCompleted = 0;
stdout.watch('"message":"fetch completed"', () => fetchesCompleted++);
const EMPLOYEES = quick ? 1000 : 20_000;
const CHANGED = Math.round(EMPLOYEES * 0.01);
const DELETED = Math.round(EMPLOYEES * 0.002);

const writesOf = (counts: Record<string, number>, kind?: string) =>
  Object.entries(counts)
    .filter(([k]) => (kind ? k === `write:${kind}` : k.startsWith('write:')))
    .reduce((n, [, v]) => n + v, 0);
const requestsOf = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([k]) => /^op:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/.test(k))
    .reduce((n, [, v]) => n + v, 0);
const pick = (counts: Record<string, number>, prefix: string) =>
  Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith(prefix)));

async function main() {
  const b = await startBenchPipeline({
    // The initial-sync watch polls every 5 s (default 20 s) so it ends quickly after the initial sync.
    syncConfigOverrides: {
      planRequestsPerMinute: 10_000,
      // No cursor overlap: the quiet sync measured last comes seconds after the cycle, and would
      // otherwise re-read the cycle's changes (Merge's next sync comes minutes later, past the overlap).
      cursorOverlapSeconds: 0,
      initialSyncWatch: { fastEverySeconds: 5, fastForMinutes: 1, slowEverySeconds: 5, giveUpAfterHours: 1 },
    },
    countDynamo: true,
  });
  try {
    await b.sim.call('setClockOffset', -2 * 3600_000);
    const account = await b.linkAccount('hris');
    await b.sim.call('seed', account.id, 'hris.Employee', EMPLOYEES);
    await b.sim.call('finishSync', account.id);
    await b.store.call('resetCounts');
    await b.sim.call('resetRequestLog');
    const t0 = performance.now();
    await b.deliver(await b.sim.call('syncCompletedRequest', account.id, true));
    await b.runJobs();
    const initialMs = performance.now() - t0;
    const initialCounts = await b.store.call('counts');
    const initialRequests = await b.sim.call('requestCount', { accountId: account.id });
    progress(
      `initial sync: ${EMPLOYEES} employees, ${writesOf(initialCounts, 'RECORD')} records written, ${initialRequests} Merge requests, ${round(initialMs / 1000, 1)} s`,
    );
    // Let the initial-sync watch see the sync finished and stop, so none of its delayed polls reads
    // /sync-status during the incremental sync (in production it ends long before the next sync).
    const watchDeadline = Date.now() + 60_000;
    for (;;) {
      await b.pipeline.drain({ timeoutMs: 60_000 });
      const depth = await b.pipeline.queueDepth('polls');
      if (depth.visible + depth.inFlight + depth.delayed === 0) break;
      if (Date.now() > watchDeadline) throw new Error('the initial-sync watch did not end');
      await new Promise((r) => setTimeout(r, 250));
    }

    await b.sim.call('setClockOffset', 0);
    const truth = await b.sim.call('change', account.id, 'hris.Employee', CHANGED, DELETED, [
      'hris.Employee',
      'hris.Employment',
    ]);
    const touched = Object.values(truth.differing).reduce((n, v) => n + v, 0);
    await b.sim.call('runSync', account.id);
    await b.store.call('resetCounts');
    await b.sim.call('resetRequestLog');

    const log0 = stdout.bytes();
    const fetches0 = fetchesCompleted;
    const tickStartedAt = Date.now();
    const t1 = performance.now();
    await b.pipeline.handlers.syncStatusPoller(
      scheduledEvent({ tier: 'daily' }),
      lambdaContext('sync-status-poller', 60_000),
    );
    const tickMs = performance.now() - t1;
    await b.pipeline.drain({ timeoutMs: 120_000 });
    const cycleMs = performance.now() - t1;
    const cycleLogBytes = stdout.bytes() - log0;
    // The cycle's fetches (one per model of the tier): the cost model's fixed part is per fetch.
    const cycleFetches = fetchesCompleted - fetches0;

    const counts = await b.store.call('counts');
    const log = await b.sim.call('requests', 0);
    // For the cost model (7), the parts of a cycle: a poll that finds nothing new (the same tick
    // again: Merge's sync is answered), and the event processor's share of a {Model}.synced webhook
    // (dedupe, decision, the job it queues; the fetch that job runs is not counted here).
    await b.store.call('resetCounts');
    await b.sim.call('resetRequestLog');
    const log1 = stdout.bytes();
    const tickLines0 = stdout.lines();
    const t2 = performance.now();
    await b.pipeline.handlers.syncStatusPoller(
      scheduledEvent({ tier: 'daily' }),
      lambdaContext('sync-status-poller', 60_000),
    );
    // The tick's own lines (one per tier per tick, whatever the number of accounts) apart from the poll's.
    const idleTickLines = stdout.lines() - tickLines0;
    const pollLines0 = stdout.lines();
    await b.pipeline.drain({ timeoutMs: 60_000 });
    const idlePollMs = performance.now() - t2;
    const idlePollLogBytes = stdout.bytes() - log1;
    const idlePollLogLines = stdout.lines() - pollLines0;
    const idlePollCounts = await b.store.call('counts');
    const idlePollMergeRequests = (await b.sim.call('requests', 0)).filter(
      ([, , accountId]) => accountId === account.id,
    ).length;
    await b.store.call('resetCounts');
    await b.deliver(await b.sim.call('modelSyncedRequest', account.id, 'hris.Employee'));
    const webhookCounts = await b.store.call('counts');
    await b.pipeline.drain({ timeoutMs: 60_000 });
    // The unit of the cost model's frequent cases (Merge syncing a model every few minutes): a Merge
    // sync with nothing new, signalled by {Model}.synced: the webhook, its decision and the fetch
    // that finds nothing (its Sync Completed not due: the model announced one within the hour).
    await b.sim.call('runSync', account.id);
    await b.store.call('resetCounts');
    const log2 = stdout.bytes();
    const fetches2 = fetchesCompleted;
    await b.deliver(await b.sim.call('modelSyncedRequest', account.id, 'hris.Employee'));
    await b.pipeline.drain({ timeoutMs: 60_000 });
    const quietCounts = await b.store.call('counts');
    const quietSync = {
      fetches: fetchesCompleted - fetches2,
      operations: pick(quietCounts, 'op:'),
      writeUnitsByKind: pick(quietCounts, 'wru:'),
      readUnits: quietCounts.rru ?? 0,
      eventEntries: quietCounts.eventEntries ?? 0,
      logBytes: stdout.bytes() - log2,
    };
    const mine = log.filter(([, , accountId]) => accountId === account.id);
    const syncStatusPages = mine.filter(([, , , path]) => path.endsWith('/sync-status')).length;
    const listPages = mine.filter(([, , , path]) => path.endsWith('/employees')).length;
    const minimum = 1 + Math.ceil((truth.updated + truth.deleted) / 100) + 1;
    const requestRatio = mine.length / minimum;
    const recordWrites = writesOf(counts, 'RECORD');
    const writeRatio = recordWrites / Math.max(1, touched);
    progress(
      `incremental: ${truth.updated} changed + ${truth.deleted} deleted upstream (${touched} records differ); ${mine.length} Merge requests (minimum ${minimum}), ${recordWrites} record writes`,
    );
    const common = {
      employees: EMPLOYEES,
      changedUpstream: truth.updated,
      deletedUpstream: truth.deleted,
      recordsDiffering: truth.differing,
      trigger: 'scheduled poll (daily tier) → /sync-status → fetch with modified_after',
    };
    emitRows([
      {
        name: '3 incremental cost (Merge)',
        figure: 'Merge requests / minimum (sync-status pages + ceil(changed+deleted / 100) + 1)',
        ratio: round(requestRatio),
        target: '<= 1.0',
        met: requestRatio <= 1,
        median: round(requestRatio),
        min: round(requestRatio),
        max: round(requestRatio),
        repeats: 1,
        details: {
          ...common,
          mergeRequests: mine.length,
          minimum,
          syncStatusPages,
          listPages,
          otherRequests: mine.length - syncStatusPages - listPages,
          statuses: [...new Set(mine.map(([, status]) => status))],
          requests: mine.map(
            ([time, status, , path]) => `+${Math.round(time - tickStartedAt)} ms ${status} ${path}`,
          ),
          initialSync: { mergeRequests: initialRequests, listPagesMinimum: Math.ceil(EMPLOYEES / 100) },
        },
      },
      {
        name: '3 incremental cost (DynamoDB)',
        figure: 'DynamoDB record writes / records changed or deleted',
        ratio: round(writeRatio),
        target: '1.0',
        met: recordWrites === touched,
        median: round(writeRatio),
        min: round(writeRatio),
        max: round(writeRatio),
        repeats: 1,
        details: {
          ...common,
          recordWrites,
          recordsDifferingTotal: touched,
          allWriteItems: writesOf(counts),
          writeItemsByKind: pick(counts, 'write:'),
          writeRequests: requestsOf(counts),
          operations: pick(counts, 'op:'),
          recordPuts: counts['PutItem:RECORD'] ?? 0,
          failedConditions: pick(counts, 'error:'),
          readKeys: counts.batchGetKeys ?? 0,
          writeUnitsByKind: pick(counts, 'wru:'),
          readUnits: counts.rru ?? 0,
          eventEntries: counts.eventEntries ?? 0,
          logBytes: cycleLogBytes,
          fetches: cycleFetches,
          idlePoll: {
            writeItems: writesOf(idlePollCounts),
            logLines: idlePollLogLines,
            tickLogLines: idleTickLines,
            mergeRequests: idlePollMergeRequests,
            operations: pick(idlePollCounts, 'op:'),
            writeUnitsByKind: pick(idlePollCounts, 'wru:'),
            readUnits: idlePollCounts.rru ?? 0,
            logBytes: idlePollLogBytes,
            ms: round(idlePollMs, 0),
          },
          webhook: {
            operations: pick(webhookCounts, 'op:'),
            writeUnitsByKind: pick(webhookCounts, 'wru:'),
            readUnits: webhookCounts.rru ?? 0,
          },
          quietSync,
          scheduleTickMs: round(tickMs, 0),
          cycleMs: round(cycleMs, 0),
          initialSync: {
            records: writesOf(initialCounts, 'RECORD'),
            recordWritesPerRecord: round(writesOf(initialCounts, 'RECORD') / (2 * EMPLOYEES), 3),
            allWriteItems: writesOf(initialCounts),
            writeItemsByKind: pick(initialCounts, 'write:'),
            operations: pick(initialCounts, 'op:'),
            writeUnitsByKind: pick(initialCounts, 'wru:'),
            readUnits: initialCounts.rru ?? 0,
            eventEntries: initialCounts.eventEntries ?? 0,
            recordBytesAvg: round(
              (initialCounts.recordBytes ?? 0) / Math.max(1, writesOf(initialCounts, 'RECORD')),
              0,
            ),
            recordWriteUnitsAvg: round(
              (initialCounts.recordWriteUnits ?? 0) / Math.max(1, writesOf(initialCounts, 'RECORD')),
              3,
            ),
            seconds: round(initialMs / 1000, 1),
          },
        },
      },
    ]);
  } finally {
    await b.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
