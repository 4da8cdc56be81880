/**
 * 7. Cost model: AWS cost per million records synced and per month, derived from figures the
 * other benchmarks measured in the same run (CPU per page and per event, DynamoDB write and read
 * units by item kind, EventBridge entries, log bytes), with list prices and assumptions stated.
 */
import { JOBS_IN_PARALLEL, POLLS_IN_PARALLEL, QUEUE_DESIGN } from '../../../shared/queue/queue-design';
import { DATA_KEY_CACHE_MS } from '../../../shared/store/tokens/token-sealer';
import { ASSUMPTIONS, MEMORY_MB, PRICES } from './cost-assumptions';
import type { CostInputs } from './cost-inputs';
import { round } from './report';

type Lines = Record<string, number>;

const lambdaCost = (gbSeconds: number, invocations: number) =>
  gbSeconds * PRICES.lambdaArmGbSecond + (invocations / 1e6) * PRICES.lambdaPerMillionRequests;
const cpuToLambdaMs = (cpuMs: number, memoryMb: number) => cpuMs * (ASSUMPTIONS.mbPerVcpu / memoryMb);

/** The initial sync of one million records. */
export function perMillionRecords(i: CostInputs, mergePageMs = ASSUMPTIONS.mergePageMs): Lines {
  const pages = 1e6 / i.initial.recordsPerPage;
  // The engine reads a page, then writes it (no overlap yet): Merge's latency plus the write phase,
  // which is CPU-bound in the SDK (per-record requests), scaled to the fetcher's share of a vCPU.
  const pageMs = mergePageMs + cpuToLambdaMs(i.initial.fetcherCpuMsPerPage, MEMORY_MB.fetcher);
  const gbSeconds = (pages * pageMs * MEMORY_MB.fetcher) / 1024 / 1000;
  const invocations = Math.ceil((pages * pageMs) / 290_000);
  return {
    lambda: lambdaCost(gbSeconds, invocations),
    dynamoWrites: ((pages * i.initial.wruPerPage) / 1e6) * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: ((pages * i.initial.rruPerPage) / 1e6) * PRICES.dynamoPerMillionReadUnits,
    eventBridge: ((pages * i.initial.eventEntriesPerPage) / 1e6) * PRICES.eventBridgePerMillionEvents,
    sqs: ((invocations * 3) / 1e6) * PRICES.sqsPerMillionRequests,
    cloudWatchLogs: ((pages * i.initial.logBytesPerPage) / 1e9) * PRICES.cloudWatchLogsIngestedGb,
  };
}

/** A quiet run's Sync Completed, when published: its outbox item written and deleted. */
const ANNOUNCED = { wru: 2 };

interface Workload {
  /** Sync-status polls per account per day. */
  pollsPerDay: number;
  /** Fetches per (account, model) per day (Merge syncs that a poll or webhook answers). */
  fetchesPerDay: number;
  /** Webhooks per (account, model) per day ({Model}.synced per Merge sync). */
  webhooksPerDay: number;
  reconcilePerDay: number;
}

/** Monthly cost of ASSUMPTIONS.accounts × modelsPerAccount under a workload. */
export function perMonth(i: CostInputs, w: Workload): { lines: Lines; usage: Record<string, number> } {
  const A = ASSUMPTIONS;
  const streams = A.accounts * A.modelsPerAccount;
  const days = A.days;
  const fetches = streams * w.fetchesPerDay * days;
  const polls = A.accounts * w.pollsPerDay * days;
  const webhooks = streams * w.webhooksPerDay * days;
  const changes = streams * A.recordsPerAccountModel * A.changedPerDay * days;
  const inc = i.incremental;
  const changedInCycle = Math.max(1, inc.changed);
  // Benchmark 3's cycle (a poll and a fetch with `changed` records) split into the poll (measured
  // alone: a poll that finds nothing new), a fixed part per fetch, and a part per changed record
  // (the record, its feed-index entry, its read, its event).
  const perChange = {
    wru: (inc.recordWru + inc.outboxWru) / changedInCycle,
    rru: inc.readKeys / changedInCycle,
    // Record events; the cycle's one changed fetch also published its Sync Completed (counted below).
    events: Math.max(0, inc.eventEntries - 1) / changedInCycle,
    // The fetcher's CPU per record written, from the initial sync (benchmark 1).
    lambdaMs: cpuToLambdaMs(i.initial.fetcherCpuMsPerPage / i.initial.recordsPerPage, MEMORY_MB.fetcher),
  };
  const poll = i.idlePoll;
  // The cycle's fixed part is split over the fetches it ran (one per model of the polled tier).
  const perFetch = (cycle: number) => Math.max(0, cycle) / inc.fetches;
  const fetchFixed = {
    wru: perFetch(inc.wru - inc.recordWru - inc.outboxWru - poll.wru),
    rru: perFetch(inc.rru - inc.readKeys - poll.rru),
    logBytes: perFetch(inc.logBytes - poll.logBytes),
    // Bookkeeping round trips (claim, completion, outbox, reads), one after another.
    requests: perFetch(inc.requests - inc.perChangeRequests - poll.requests),
  };
  const changesPerFetch = (A.recordsPerAccountModel * A.changedPerDay) / Math.max(1, w.fetchesPerDay);
  // Every fetch answers a Merge sync signalled by a webhook: benchmark 3 measured one that finds
  // nothing new whole (the webhook, its decision, the fetch). Changes arrive at random, so a share
  // 1 - e^-c of fetches find some; their Sync Completed events are published, and a quiet model's
  // at most hourly (quietRunEventEveryMinutes), each an outbox item written and deleted and an entry.
  const quiet = i.quietSync;
  const changedFetches = fetches * (1 - Math.exp(-changesPerFetch));
  const announcedQuiet = Math.min(fetches - changedFetches, streams * days * 24);
  const extraWebhooks = Math.max(0, webhooks - fetches);
  // The reconciliation is a fetch from the cursor like any other (shared/sync/decisions.ts: reconcile
  // means fetch without a signal), so it pages only what changed since the cursor less the overlap:
  // the changes are counted above; what it adds is a fetch's fixed part.
  const reconcileFetches = streams * w.reconcilePerDay * days;

  // Lambda: fetcher (a Merge round trip plus the fetch's local work), poller, receiver, processor,
  // reconciliation (pages of unchanged records), read API.
  const fetchMs = A.mergeSmallMs + quiet.requests * A.dynamoMs + changesPerFetch * perChange.lambdaMs;
  const pollMs = A.mergeSmallMs + poll.requests * A.dynamoMs;
  const receiverMs = cpuToLambdaMs(i.receiver.cpuMsPerEvent, MEMORY_MB.receiver) + A.sqsMs;
  const processorCpu = Math.max(0, i.runtimeCpuMsPerWebhook - i.receiver.cpuMsPerEvent);
  const processorMs = cpuToLambdaMs(processorCpu, MEMORY_MB.processor) + A.dynamoMs * 4 + A.sqsMs;
  const gbs = (count: number, ms: number, mb: number) => (count * ms * mb) / 1024 / 1000;
  // Jobs run up to 10 to an invocation, at once, when they come fast enough to fill a batch within
  // its 1 s window (fetches spread over the month; the daily reconciliation comes all at once). An
  // invocation is billed for its longest job: the others share it.
  const seconds = days * 86400;
  const jobsWindow = QUEUE_DESIGN.jobs.maxBatchingWindowSeconds ?? 0;
  const fetchBatch = Math.min(JOBS_IN_PARALLEL, Math.max(1, (fetches / seconds) * jobsWindow));
  const pollBatch = Math.min(QUEUE_DESIGN.polls.batchSize, A.accounts);
  const pollsAtOnce = Math.min(POLLS_IN_PARALLEL, pollBatch);
  const publishJobs = fetches * Math.min(1, changesPerFetch);
  const publishMs = 4 * A.dynamoMs + A.sqsMs;
  const fetcherGbs =
    gbs(fetches, fetchMs / fetchBatch, MEMORY_MB.fetcher) +
    gbs(
      reconcileFetches,
      (A.mergeSmallMs + fetchFixed.requests * A.dynamoMs) / JOBS_IN_PARALLEL,
      MEMORY_MB.fetcher,
    ) +
    gbs(publishJobs, publishMs / fetchBatch, MEMORY_MB.fetcher);
  const pollerGbs = gbs(polls, pollMs / pollsAtOnce, MEMORY_MB.poller);
  const receiverGbs = gbs(webhooks, receiverMs, MEMORY_MB.receiver);
  // The processor takes batches of 10 events.
  const processorGbs = gbs(webhooks / 10, processorMs * 10, MEMORY_MB.processor);
  const readApiGbs = gbs(A.readApiCallsPerMonth, 50, MEMORY_MB.readApi);
  const invocations =
    (fetches + publishJobs) / fetchBatch +
    reconcileFetches / JOBS_IN_PARALLEL +
    polls / pollBatch +
    webhooks +
    webhooks / 10 +
    A.readApiCallsPerMonth;

  // A read-API page: 100 records from the feed index, eventually consistent (4 KB per half unit).
  const readApiRru = Math.ceil((100 * i.initial.recordBytesAvg) / 4096) / 2;
  const wru =
    polls * poll.wru +
    fetches * quiet.wru +
    changes * perChange.wru +
    (announcedQuiet + reconcileFetches) * ANNOUNCED.wru +
    reconcileFetches * fetchFixed.wru +
    extraWebhooks * i.webhook.wru;
  const rru =
    polls * poll.rru +
    fetches * quiet.rru +
    changes * perChange.rru +
    reconcileFetches * fetchFixed.rru +
    extraWebhooks * i.webhook.rru +
    A.readApiCallsPerMonth * readApiRru;
  const events =
    changes * perChange.events +
    changedFetches +
    announcedQuiet +
    reconcileFetches +
    fetches * quiet.eventEntries;
  // Jobs: sent one by one, received and deleted a batch at a time (10 at most a request); polls
  // are sent, received and deleted 10 to a request; webhooks are sent one by one and received 10
  // at a time; plus the pollers' idle long polls.
  const sqsRequests =
    (fetches + publishJobs) * (1 + 2 / fetchBatch) +
    reconcileFetches * (1 + 2 / JOBS_IN_PARALLEL) +
    polls * (0.1 + 0.1 + 0.1) +
    webhooks * 1.2 +
    3 * A.idleSqsRequestsPerQueueMonth;
  const logBytes =
    polls * poll.logBytes +
    fetches * quiet.logBytes +
    reconcileFetches * fetchFixed.logBytes +
    extraWebhooks * (i.receiver.logBytesPerEvent * 2);
  const storageGb = (streams * A.recordsPerAccountModel * i.initial.recordBytesAvg * 2) / 1e9;
  const perSecondInvocations = invocations / (days * 86400);
  const traces =
    Math.min(invocations, days * 86400 * A.xrayReservoirPerSecond) +
    Math.max(0, invocations - days * 86400 * A.xrayReservoirPerSecond) * A.xrayRate;

  // Token data keys: KMS is asked once per function instance, account and cache period
  // (shared/store/tokens/token-sealer.ts), at most once per poll or fetch; instances from the mean
  // concurrency, plus one.
  const instances = (gbSeconds: number, mb: number) => Math.ceil(gbSeconds / (mb / 1024) / seconds) + 1;
  const tokenInstances = instances(fetcherGbs, MEMORY_MB.fetcher) + instances(pollerGbs, MEMORY_MB.poller);
  const kmsDecrypts = Math.min(
    fetches + polls + reconcileFetches,
    tokenInstances * A.accounts * ((days * 86_400_000) / DATA_KEY_CACHE_MS),
  );
  const lines: Lines = {
    lambda: lambdaCost(fetcherGbs + pollerGbs + receiverGbs + processorGbs + readApiGbs, invocations),
    kms:
      A.kmsKeys * PRICES.kmsKeyMonth +
      ((kmsDecrypts + A.kmsOtherRequestsPerMonth) / 10_000) * PRICES.kmsPerTenThousandRequests,
    dynamoWrites: (wru / 1e6) * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: (rru / 1e6) * PRICES.dynamoPerMillionReadUnits,
    dynamoStorageAndPitr: storageGb * (PRICES.dynamoStorageGbMonth + PRICES.dynamoPitrGbMonth),
    sqs: (sqsRequests / 1e6) * PRICES.sqsPerMillionRequests,
    eventBridge: (events / 1e6) * PRICES.eventBridgePerMillionEvents,
    apiGateway: ((webhooks + A.readApiCallsPerMonth) / 1e6) * PRICES.apiGatewayHttpPerMillion,
    cloudWatchLogs: (logBytes / 1e9) * PRICES.cloudWatchLogsIngestedGb,
    cloudWatchMetricsAlarmsDashboard:
      A.customMetrics * PRICES.cloudWatchMetricMonth +
      A.alarms * PRICES.cloudWatchAlarmMonth +
      PRICES.cloudWatchDashboardMonth,
    xray: (traces / 1e6) * PRICES.xrayPerMillionTraces,
    secretsManager: 2 * PRICES.secretsManagerSecretMonth,
  };
  return {
    lines,
    usage: {
      fetches,
      fetchesPerInvocation: round(fetchBatch, 1),
      publishJobs: round(publishJobs, 0),
      changesPerFetch: round(changesPerFetch, 2),
      fetchLambdaMs: round(fetchMs, 0),
      polls,
      webhooks,
      recordChanges: changes,
      reconcileFetches,
      lambdaGbSeconds: round(fetcherGbs + pollerGbs + receiverGbs + processorGbs + readApiGbs, 0),
      lambdaInvocations: round(invocations, 0),
      invocationsPerSecond: round(perSecondInvocations, 2),
      dynamoWriteUnits: round(wru, 0),
      dynamoReadUnits: round(rru, 0),
      eventBridgeEvents: round(events, 0),
      syncCompletedAnnounced: round(changedFetches + announcedQuiet + reconcileFetches, 0),
      kmsDecrypts: round(kmsDecrypts, 0),
      sqsRequests: round(sqsRequests, 0),
      logGb: round(logBytes / 1e9, 2),
      storageGb: round(storageGb, 1),
    },
  };
}
