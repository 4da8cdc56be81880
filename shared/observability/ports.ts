/** Structured logging as the domain needs it; Powertools' Logger satisfies it. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Metric names the domain emits; the dashboard and alarms are built from this list. */
export const METRIC = {
  webhooksAccepted: 'WebhooksAccepted',
  webhooksRejected: 'WebhooksRejected',
  webhooksIgnored: 'WebhooksIgnored',
  webhooksDuplicate: 'WebhooksDuplicate',
  webhooksSignedWithPreviousKey: 'WebhooksSignedWithPreviousKey',
  /** Webhooks the event processor drops at once (never retried), by reason: process-webhook.ts. */
  webhooksDropped: 'WebhooksDropped',
  webhookDataInvalid: 'WebhookDataInvalid',
  recordsAdded: 'RecordsAdded',
  recordsChanged: 'RecordsChanged',
  recordsDeleted: 'RecordsDeleted',
  recordsUnchanged: 'RecordsUnchanged',
  recordsStale: 'RecordsStale',
  recordsInvalid: 'RecordsInvalid',
  recordsTruncated: 'RecordsTruncated',
  recordIssues: 'RecordIssues',
  mergeRequests: 'MergeRequests',
  merge429s: 'Merge429s',
  mergeRetries: 'MergeRetries',
  fetchDuration: 'FetchDuration',
  fetchesCompleted: 'FetchesCompleted',
  fetchesDeferred: 'FetchesDeferred',
  fetchesFailed: 'FetchesFailed',
  syncLag: 'SyncLag',
  syncFailed: 'SyncFailed',
  modelsSkipped: 'ModelsSkipped',
  unmatchedModelIds: 'UnmatchedModelIds',
  pollsDeferred: 'PollsDeferred',
  accountIssues: 'AccountIssues',
  accountsPurged: 'AccountsPurged',
  eventsPublished: 'EventsPublished',
  eventsDelayed: 'EventsDelayed',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds';

export interface Metrics {
  add(name: MetricName, value: number, unit?: MetricUnit, dimensions?: Record<string, string>): void;
}

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Collects metrics in memory: the local runtime's summary and the tests read it. */
export class MemoryMetrics implements Metrics {
  readonly totals = new Map<string, number>();
  add(name: MetricName, value: number, _unit?: MetricUnit, dimensions?: Record<string, string>): void {
    const key = dimensions
      ? `${name}{${Object.entries(dimensions)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}}`
      : name;
    this.totals.set(key, (this.totals.get(key) ?? 0) + value);
    if (dimensions) this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }
  get(name: string): number {
    return this.totals.get(name) ?? 0;
  }
}
