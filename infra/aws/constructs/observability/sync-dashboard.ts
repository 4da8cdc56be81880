import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type Metric,
  type IAlarm,
  type IMetric,
  type IWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRIC } from '../../../../shared/observability/ports';
import type { MergeSyncFunction } from '../merge-sync-function';
import type { WorkQueue } from '../work-queue';
import type { SyncMetrics } from './sync-metrics';

export interface SyncDashboardProps {
  metrics: SyncMetrics;
  functions: MergeSyncFunction[];
  fetcher: MergeSyncFunction;
  queues: WorkQueue[];
  webhookApi: HttpApi;
  throttledWebhooks: Metric;
  alarms: IAlarm[];
  syncLagSloMinutes: number;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * One page, read top to bottom as data flows: webhooks in, records written, Merge's side
 * (requests, 429s, fetch duration, lag), the queues between the stages, the functions, and the
 * alarms. Per-model and per-reason graphs use search expressions, so a model added to the sync
 * config shows up without a deploy.
 */
export class SyncDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: SyncDashboardProps) {
    super(scope, id);
    const m = props.metrics;
    const graph = (title: string, left: IMetric[], extra: { right?: IMetric[]; width?: number } = {}) =>
      new GraphWidget({
        title,
        left,
        right: extra.right ?? [],
        width: extra.width ?? 8,
        height: 6,
        period: FIVE_MINUTES,
      });
    const heading = (markdown: string): IWidget => new TextWidget({ markdown, width: 24, height: 1 });

    const api = props.webhookApi;
    const webhooks = [
      // The receiver counts without dimensions (one EMF line per invocation on the hot path); the
      // processor logs each event's type for a Logs Insights breakdown.
      graph('Webhooks accepted (and with the previous signature key)', [
        m.search(METRIC.webhooksAccepted, ['service']),
        m.search(METRIC.webhooksSignedWithPreviousKey, ['service']),
      ]),
      // Dropped: accepted, then left at once by the processor (other categories, unknown accounts,
      // account tokens Merge refused; shared/sync/webhooks/process-webhook.ts).
      graph('Webhooks rejected, ignored and dropped, by reason', [
        m.search(METRIC.webhooksRejected, ['reason', 'service']),
        m.search(METRIC.webhooksIgnored, ['reason', 'service']),
        m.search(METRIC.webhooksDropped, ['reason', 'service']),
      ]),
      graph(
        'Webhook endpoint: requests, 4xx (429 throttled), 5xx',
        [
          api.metricCount({ label: 'requests', period: FIVE_MINUTES }),
          api.metricClientError({ label: '4xx', period: FIVE_MINUTES }),
          props.throttledWebhooks.with({ label: '429 throttled' }),
          api.metricServerError({ label: '5xx', period: FIVE_MINUTES }),
        ],
        { right: [api.metricLatency({ statistic: 'p99', label: 'latency p99 (ms)', period: FIVE_MINUTES })] },
      ),
    ];

    const modelDims = ['model', 'service'];
    const records = [
      graph(
        'Records written per 5 minutes',
        [
          m.total(METRIC.recordsAdded, modelDims, 'added'),
          m.total(METRIC.recordsChanged, modelDims, 'changed'),
          m.total(METRIC.recordsDeleted, modelDims, 'deleted'),
          m.total(METRIC.recordsUnchanged, modelDims, 'unchanged (not rewritten)'),
        ],
        { width: 12 },
      ),
      graph(
        'Records added, changed or deleted, by model',
        [
          m.search(METRIC.recordsAdded, modelDims),
          m.search(METRIC.recordsChanged, modelDims),
          m.search(METRIC.recordsDeleted, modelDims),
        ],
        { width: 12 },
      ),
    ];

    const fetcher = props.fetcher.serviceName;
    const merge = [
      graph('Merge requests and 429s, by function', [
        m.search(METRIC.mergeRequests, ['service']),
        m.search(METRIC.merge429s, ['service']),
      ]),
      graph('Fetch duration (ms)', [
        m.metric(METRIC.fetchDuration, fetcher, { statistic: 'p50', label: 'p50' }),
        m.metric(METRIC.fetchDuration, fetcher, { statistic: 'p90', label: 'p90' }),
        m.metric(METRIC.fetchDuration, fetcher, { statistic: 'Maximum', label: 'max' }),
      ]),
      new GraphWidget({
        title: 'Sync lag by model (s): Merge synced → in our table',
        left: [m.search(METRIC.syncLag, modelDims, { statistic: 'Maximum' })],
        leftAnnotations: [{ value: props.syncLagSloMinutes * 60, label: 'SLO' }],
        width: 8,
        height: 6,
        period: FIVE_MINUTES,
      }),
    ];

    const queues = [
      graph(
        'Messages waiting',
        props.queues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ label: q.queueName, statistic: 'Maximum' }),
        ),
      ),
      graph(
        'Age of oldest message (s)',
        props.queues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({ label: q.queueName, statistic: 'Maximum' }),
        ),
      ),
      graph(
        'Dead-letter queues (should be 0)',
        props.queues.map((q) =>
          q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            label: `${q.queueName} DLQ`,
            statistic: 'Maximum',
          }),
        ),
      ),
    ];

    const fns = props.functions;
    const functions = [
      graph(
        'Function errors',
        fns.map((f) => f.function.metricErrors({ label: f.serviceName })),
        { width: 6 },
      ),
      graph(
        'Function throttles',
        fns.map((f) => f.function.metricThrottles({ label: f.serviceName })),
        { width: 6 },
      ),
      graph(
        'Function duration p90 (ms)',
        fns.map((f) => f.function.metricDuration({ label: f.serviceName, statistic: 'p90' })),
        { width: 6 },
      ),
      graph(
        'Concurrent executions (max)',
        fns.map((f) =>
          f.function.metric('ConcurrentExecutions', { label: f.serviceName, statistic: 'Maximum' }),
        ),
        { width: 6 },
      ),
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [heading('### Webhooks in')],
        webhooks,
        [heading('### Records written (fetches and record webhooks)')],
        records,
        [heading("### Merge's side: requests, rate limits, fetch duration, lag")],
        merge,
        [heading('### Queues between the stages')],
        queues,
        [heading('### Functions')],
        functions,
        [new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 6 })],
      ],
    });
  }
}
