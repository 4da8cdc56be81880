import { Stack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { SyncSettings } from '../../../../shared/config/sync-config';
import type { LoggedHttpApi } from '../logged-http-api';
import type { MergeSyncFunction } from '../merge-sync-function';
import type { WorkQueue } from '../work-queue';
import { SyncAlarms } from './sync-alarms';
import { SyncDashboard } from './sync-dashboard';
import { SyncMetrics } from './sync-metrics';

export interface ObservabilityProps {
  metricsNamespace: string;
  functions: MergeSyncFunction[];
  fetcher: MergeSyncFunction;
  /** The writer: its writes' outcomes and latency on the dashboard. */
  writer: MergeSyncFunction;
  mergeCallers: MergeSyncFunction[];
  queues: WorkQueue[];
  webhookApi: LoggedHttpApi;
  settings: SyncSettings;
  syncLagSloMinutes: number;
  /** Subscribed to the alarm topic when set (AWS sends a confirmation email first). */
  alarmEmail?: string;
  /** Encrypts the alarm topic (operations-key.ts; its policy lets CloudWatch publish). */
  topicKey: IKey;
}

/**
 * How you watch it: the alarm topic (with an optional email subscription), the alarms, and the
 * dashboard. Logs are each function's own log group (JSON lines from Powertools' logger); the
 * metrics are Powertools' EMF metrics in `metricsNamespace`.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: SyncAlarms;
  readonly dashboard: SyncDashboard;
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const metrics = new SyncMetrics(props.metricsNamespace);
    // Encrypted with the stack's operations key: CloudWatch cannot publish to a topic encrypted
    // with the AWS-managed SNS key, so the key is ours and its policy lets CloudWatch use it.
    // TLS-only publishing is enforced.
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${Stack.of(this).stackName} alarms`,
      enforceSSL: true,
      masterKey: props.topicKey,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.alarms = new SyncAlarms(this, 'Alarms', {
      topic: this.alarmTopic,
      metrics,
      functions: props.functions,
      queues: props.queues,
      webhookApi: props.webhookApi,
      mergeCallers: props.mergeCallers,
      fetcher: props.fetcher,
      settings: props.settings,
      syncLagSloMinutes: props.syncLagSloMinutes,
    });
    this.dashboard = new SyncDashboard(this, 'Dashboard', {
      metrics,
      functions: props.functions,
      fetcher: props.fetcher,
      writer: props.writer,
      queues: props.queues,
      webhookApi: props.webhookApi.httpApi,
      throttledWebhooks: this.alarms.throttledWebhooks,
      alarms: this.alarms.alarms,
      syncLagSloMinutes: props.syncLagSloMinutes,
    });
    const region = Stack.of(this).region;
    this.dashboardUrl =
      `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
      `#dashboards/dashboard/${this.dashboard.dashboard.dashboardName}`;
  }
}
