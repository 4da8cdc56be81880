import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  type Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SyncSettings } from '../../../../shared/config/sync-config';
import { METRIC } from '../../../../shared/observability/ports';
import type { QueueName } from '../../../../shared/queue/messages';
import type { LoggedHttpApi } from '../logged-http-api';
import type { MergeSyncFunction } from '../merge-sync-function';
import type { WorkQueue } from '../work-queue';
import type { SyncMetrics } from './sync-metrics';

/**
 * How long a queue's oldest message may wait before someone should look, per queue. Webhooks are
 * handled in seconds; polls may wait out a rate-limit deferral (SQS delays are at most 15 minutes);
 * the daily reconciliation queues a fetch per (account, model) that 20 fetchers drain over tens of
 * minutes for a thousand accounts.
 */
export const OLDEST_MESSAGE_ALARM_MINUTES: Record<QueueName, number> = { events: 10, polls: 30, jobs: 60 };

/**
 * Merge answers 429 when an account's plan limit is exceeded. The shared pacer keeps us at 95% of
 * the limit, so the odd 429 means the customer's own calls took the rest; 20 a minute for 3 of 5
 * minutes means the configured plan limit is wrong (or the pacer is), and syncs are slowing down.
 */
export const SUSTAINED_429S = { perMinute: 20, minutes: 3, outOfMinutes: 5 };

export interface SyncAlarmsProps {
  topic: ITopic;
  metrics: SyncMetrics;
  functions: MergeSyncFunction[];
  queues: WorkQueue[];
  webhookApi: LoggedHttpApi;
  /** The functions that call Merge (fetcher, poller, event processor): their 429s are added up. */
  mergeCallers: MergeSyncFunction[];
  /** The fetcher: it reports SyncLag per model. */
  fetcher: MergeSyncFunction;
  settings: SyncSettings;
  syncLagSloMinutes: number;
}

/**
 * Every alarm notifies the topic when it fires and when it clears. Missing data is never a
 * breach: an idle queue or function publishes nothing, and that is not a problem.
 */
export class SyncAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  /** Webhooks API Gateway answered 429, from the access log (the dashboard shows it too). */
  readonly throttledWebhooks: Metric;
  private readonly topic: ITopic;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: SyncAlarmsProps) {
    super(scope, id);
    this.topic = props.topic;
    this.prefix = Stack.of(this).stackName;

    for (const queue of props.queues) {
      this.add(`DeadLetters-${queue.queueName}`, {
        description: `Messages failed ${queue.design.maxReceiveCount} times on the ${queue.queueName} queue and wait in its dead-letter queue (README, "Operations runbook").`,
        metric: queue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 0,
        evaluationPeriods: 1,
      });
      const minutes = OLDEST_MESSAGE_ALARM_MINUTES[queue.queueName];
      this.add(`OldestMessage-${queue.queueName}`, {
        description: `The ${queue.queueName} queue's oldest message has waited over ${minutes} minutes for 15 minutes: its consumer is failing or cannot keep up.`,
        metric: queue.queue.metricApproximateAgeOfOldestMessage({
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
        threshold: minutes * 60,
        evaluationPeriods: 3,
      });
    }

    for (const fn of props.functions) {
      this.add(`Errors-${fn.serviceName}`, {
        description: `The ${fn.serviceName} function failed (threw or timed out) in 2 of the last 3 five-minute periods; see its log group.`,
        metric: fn.function.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 0,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }

    this.add('Receiver5xx', {
      description:
        'The webhook endpoint answered 5xx: Merge retries twice, then the event is lost until the next poll. First deploy? The signature-key secret may not be set yet.',
      metric: props.webhookApi.httpApi.metricServerError({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
    });
    this.throttledWebhooks = props.webhookApi.countResponses('ThrottledWebhooks', 429, {
      namespace: props.metrics.namespace,
      name: 'WebhooksThrottled',
    });
    this.add('WebhooksThrottled', {
      description:
        'API Gateway throttled webhooks (429). Merge does not retry them: record events are caught up by the next poll, but a throttled LinkedAccount.linked loses the account token (relink the account). Raise webhookRequestsPerSecond.',
      metric: this.throttledWebhooks,
      threshold: 0,
      evaluationPeriods: 1,
    });

    const { config } = props.settings;
    for (const model of config.models) {
      const tier = config.tiers.find((t) => t.name === model.tier);
      // A model polled every N minutes can be N minutes behind when a webhook was missed: the SLO
      // is what we promise on top of its schedule.
      const thresholdMinutes = props.syncLagSloMinutes + (tier?.everyMinutes ?? 0);
      this.add(`SyncLag-${model.modelId}`, {
        description: `${model.modelId} reached our table more than ${thresholdMinutes} minutes after Merge synced it (SLO ${props.syncLagSloMinutes} min + its ${tier?.everyMinutes ?? 0}-min cadence), in 2 of the last 3 five-minute periods.`,
        metric: props.metrics.metric(METRIC.syncLag, props.fetcher.serviceName, {
          dimensions: { model: model.modelId },
          statistic: 'Maximum',
        }),
        threshold: thresholdMinutes * 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }

    const usingMetrics: Record<string, IMetric> = {};
    props.mergeCallers.forEach((fn, i) => {
      usingMetrics[`m${i}`] = props.metrics.metric(METRIC.merge429s, fn.serviceName, {
        period: Duration.minutes(1),
      });
    });
    this.add('Sustained429s', {
      description: `Merge answered 429 more than ${SUSTAINED_429S.perMinute} times a minute in ${SUSTAINED_429S.minutes} of the last ${SUSTAINED_429S.outOfMinutes} minutes: check the planRequestsPerMinute setting against your Merge plan.`,
      metric: new MathExpression({
        expression: Object.keys(usingMetrics)
          .map((key) => `FILL(${key}, 0)`)
          .join(' + '),
        usingMetrics,
        label: 'Merge 429s per minute',
        period: Duration.minutes(1),
      }),
      threshold: SUSTAINED_429S.perMinute,
      evaluationPeriods: SUSTAINED_429S.outOfMinutes,
      datapointsToAlarm: SUSTAINED_429S.minutes,
    });
  }

  private add(
    id: string,
    props: {
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods: number;
      datapointsToAlarm?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm ?? props.evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
