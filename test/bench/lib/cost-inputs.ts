import type { BenchRow } from './report';

/** The measured figures the cost model (benchmark 7) takes from the other benchmarks' rows. */

export interface CostInputs {
  initial: {
    recordsPerPage: number;
    pagesMeasured: number;
    fetcherCpuMsPerPage: number;
    simulatorPageMs: number;
    wruPerPage: number;
    recordWruPerPage: number;
    rruPerPage: number;
    eventEntriesPerPage: number;
    logBytesPerPage: number;
    recordBytesAvg: number;
  };
  incremental: {
    changed: number;
    /** Fetches the cycle ran (one per model of the polled tier). */
    fetches: number;
    wru: number;
    /** The changed records and their feed-index entries. */
    recordWru: number;
    /** The outbox items that list the changes (they grow with the number of changes). */
    outboxWru: number;
    /** Every DynamoDB and EventBridge request of the cycle, and those per changed record. */
    requests: number;
    perChangeRequests: number;
    rru: number;
    readKeys: number;
    eventEntries: number;
    logBytes: number;
    cycleMs: number;
    mergeRequests: number;
  };
  /** A poll of one account that finds nothing new (no fetch). */
  idlePoll: { wru: number; rru: number; logBytes: number; ms: number; requests: number };
  /** DynamoDB units one {Model}.synced webhook costs the event processor (dedupe, decision, job). */
  webhook: { wru: number; rru: number };
  /**
   * A Merge sync with nothing new, signalled by {Model}.synced: the webhook, its decision and the
   * fetch that finds nothing, its Sync Completed not due (measured whole, per fetch).
   */
  quietSync: { wru: number; rru: number; requests: number; eventEntries: number; logBytes: number };
  unchangedPageCpuMs: number;
  unchangedPageWru: number;
  receiver: { cpuMsPerEvent: number; logBytesPerEvent: number };
  runtimeCpuMsPerWebhook: number;
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const obj = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const sumWhere = (counts: Record<string, unknown>, test: (key: string) => boolean) =>
  Object.entries(counts).reduce((n, [k, v]) => (test(k) ? n + (num(v) ?? 0) : n), 0);

/** Pulls the cost inputs out of the other benchmarks' rows; lists what is missing. */
export function costInputsFrom(rows: BenchRow[]): { inputs?: CostInputs; missing: string[] } {
  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const missing: string[] = [];
  const overlap = find('1 write overlap');
  const incremental = find('3 incremental cost (DynamoDB)');
  const budget = find('2 budget use');
  const receiverCpu = find('4 webhook receiver (CPU)');
  const receiverHttp = find('4 webhook receiver (HTTP)');
  if (!overlap) missing.push('1 write overlap');
  if (!incremental) missing.push('3 incremental cost');
  if (!budget) missing.push('2 budget use');
  if (!receiverCpu || !receiverHttp) missing.push('4 webhook receiver');
  if (!overlap || !incremental || !budget || !receiverCpu || !receiverHttp) return { missing };

  // Benchmark 1: the repeat whose ratio is the median.
  const runs = (overlap.details.runs as Record<string, unknown>[] | undefined) ?? [];
  const median = [...runs].sort((a, b) => (num(a.ratio) ?? 0) - (num(b.ratio) ?? 0))[
    Math.floor(runs.length / 2)
  ];
  const run = obj(median);
  const pages = num(run.pages) ?? 1;
  const perPage = obj(run.perPage);
  const wru = obj(run.writeUnitsByKind);
  const d = incremental.details;
  const iw = obj(d.writeUnitsByKind);
  const changed = num(d.recordsDifferingTotal) ?? 0;
  const inputs: CostInputs = {
    initial: {
      recordsPerPage: (num(run.records) ?? 0) / pages,
      pagesMeasured: pages,
      fetcherCpuMsPerPage: num(perPage.fetcherCpuMs) ?? 0,
      simulatorPageMs: num(perPage.paginationMs) ?? 0,
      wruPerPage: sumWhere(wru, () => true) / pages,
      recordWruPerPage: ((num(wru['wru:RECORD']) ?? 0) + (num(wru['wru:index']) ?? 0)) / pages,
      rruPerPage: (num(run.readUnits) ?? 0) / pages,
      eventEntriesPerPage: (num(run.eventEntries) ?? 0) / pages,
      logBytesPerPage: num(run.logBytesPerPage) ?? 0,
      recordBytesAvg: num(run.recordBytesAvg) ?? 0,
    },
    incremental: {
      changed,
      fetches: Math.max(1, num(d.fetches) ?? 1),
      wru: sumWhere(iw, () => true),
      recordWru: (num(iw['wru:RECORD']) ?? 0) + (num(iw['wru:index']) ?? 0),
      outboxWru: num(iw['wru:OUTBOX']) ?? 0,
      requests: sumWhere(obj(d.operations), () => true),
      perChangeRequests: (num(d.recordPuts) ?? 0) + (num(obj(d.operations)['op:PutEvents']) ?? 0),
      rru: num(d.readUnits) ?? 0,
      readKeys: num(d.readKeys) ?? 0,
      eventEntries: num(d.eventEntries) ?? 0,
      logBytes: num(d.logBytes) ?? 0,
      cycleMs: num(d.cycleMs) ?? 0,
      mergeRequests: num(obj(find('3 incremental cost (Merge)')?.details).mergeRequests) ?? 2,
    },
    idlePoll: {
      wru: sumWhere(obj(obj(d.idlePoll).writeUnitsByKind), () => true),
      rru: num(obj(d.idlePoll).readUnits) ?? 0,
      logBytes: num(obj(d.idlePoll).logBytes) ?? 0,
      ms: num(obj(d.idlePoll).ms) ?? 0,
      requests: sumWhere(obj(obj(d.idlePoll).operations), () => true),
    },
    webhook: {
      wru: sumWhere(obj(obj(d.webhook).writeUnitsByKind), () => true),
      rru: num(obj(d.webhook).readUnits) ?? 0,
    },
    quietSync: quietSyncOf(obj(d.quietSync)),
    unchangedPageCpuMs: num(budget.details.fetcherCpuMsPerUnchangedPage) ?? 0,
    unchangedPageWru: num(budget.details.writeUnitsPerUnchangedPage) ?? 0,
    receiver: {
      cpuMsPerEvent: num(obj(receiverCpu.details.realCpuMsPerEvent).median) ?? 0,
      logBytesPerEvent: num(receiverCpu.details.logBytesPerEvent) ?? 0,
    },
    runtimeCpuMsPerWebhook: num(receiverHttp.details.runtimeCpuMsPerRequest) ?? 0,
  };
  return { inputs, missing };
}

function quietSyncOf(q: Record<string, unknown>): CostInputs['quietSync'] {
  const per = Math.max(1, num(q.fetches) ?? 1);
  return {
    wru: sumWhere(obj(q.writeUnitsByKind), () => true) / per,
    rru: (num(q.readUnits) ?? 0) / per,
    requests: sumWhere(obj(q.operations), () => true) / per,
    eventEntries: (num(q.eventEntries) ?? 0) / per,
    logBytes: (num(q.logBytes) ?? 0) / per,
  };
}
