import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { METRIC } from '../../shared/observability/ports';
import {
  OLDEST_MESSAGE_ALARM_MINUTES,
  SUSTAINED_429S,
} from '../../infra/aws/constructs/observability/sync-alarms';
import { renderValue } from './support/iam';
import { defaultDeployment, synthesize } from './support/synth';

describe('observability: alarms to an SNS topic, and a dashboard', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { ingest, sync, readApi, observability } = stack;
  const topic = { Ref: logicalId(observability.alarmTopic) };
  const alarms = template.findResources('AWS::CloudWatch::Alarm');
  const alarm = (id: string) => {
    const found = Object.values(alarms).find((a) => a.Properties.AlarmName === `MergeSync-${id}`);
    if (!found) throw new Error(`no alarm MergeSync-${id}`);
    return found.Properties as Record<string, unknown>;
  };
  const { config } = loadSyncConfig({ MERGE_PLAN_REQUESTS_PER_MINUTE: '100' });

  it('every alarm notifies the topic when it fires and when it clears; missing data is not a breach', () => {
    // Per queue (4) two, per function (7) one, the webhook API two, per model one, the 429s one.
    // The default config syncs 20 models: adding one adds an alarm ($0.10 a month, in the cost model).
    expect(config.models).toHaveLength(20);
    expect(Object.keys(alarms).length).toBe(4 * 2 + 7 + 2 + 20 + 1);
    // The cost estimate counts them as the template has them.
    const costs = readFileSync(join(__dirname, '../../docs/performance.md'), 'utf8');
    expect(costs).toContain(`${Object.keys(alarms).length} alarms`);
    for (const a of Object.values(alarms)) {
      expect(a.Properties).toMatchObject({
        AlarmActions: [topic],
        OKActions: [topic],
        TreatMissingData: 'notBreaching',
        AlarmDescription: expect.any(String),
      });
    }
  });

  it.each([ingest.eventsQueue, sync.pollsQueue, sync.jobsQueue].map((q) => [q.queueName, q] as const))(
    '%s: any message in the dead-letter queue alarms at once; an old oldest message alarms after 15 minutes',
    (name, queue) => {
      expect(alarm(`DeadLetters-${name}`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue.deadLetterQueue), 'QueueName'] } },
        ],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
      });
      expect(alarm(`OldestMessage-${name}`)).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue.queue), 'QueueName'] } }],
        Threshold: OLDEST_MESSAGE_ALARM_MINUTES[name] * 60,
        Period: 300,
        EvaluationPeriods: 3,
      });
    },
  );

  it('each function has an errors alarm', () => {
    for (const fn of [ingest.receiver, sync.eventProcessor, sync.poller, sync.fetcher, readApi.handler]) {
      expect(alarm(`Errors-${fn.serviceName}`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn.function) } }],
        Threshold: 0,
      });
    }
  });

  it('a 5xx from the webhook endpoint alarms', () => {
    expect(alarm('Receiver5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(ingest.webhookApi.httpApi) } }],
      Statistic: 'Sum',
      Threshold: 0,
    });
  });

  it('a throttled webhook (429, which Merge never retries) alarms, counted from the access log', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(ingest.webhookApi.accessLogs) },
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [
        { MetricNamespace: 'MergeSync', MetricName: 'WebhooksThrottled', MetricValue: '1' },
      ],
    });
    expect(alarm('WebhooksThrottled')).toMatchObject({
      Namespace: 'MergeSync',
      MetricName: 'WebhooksThrottled',
      Statistic: 'Sum',
      Threshold: 0,
    });
  });

  it.each(config.models.map((m) => [m.modelId, m.tier] as const))(
    'sync lag of %s over its cadence plus the SLO alarms, on the metric the fetcher emits',
    (modelId, tierName) => {
      const tier = config.tiers.find((t) => t.name === tierName);
      expect(alarm(`SyncLag-${modelId}`)).toMatchObject({
        Namespace: 'MergeSync',
        MetricName: METRIC.syncLag,
        Dimensions: expect.arrayContaining([
          { Name: 'model', Value: modelId },
          { Name: 'service', Value: 'fetcher' },
        ]),
        Statistic: 'Maximum',
        Threshold: (30 + (tier?.everyMinutes ?? 0)) * 60,
      });
    },
  );

  it('the SLO is a setting', () => {
    const custom = synthesize({ syncLagSloMinutes: 90 });
    custom.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MergeSync-SyncLag-crm.Lead',
      Threshold: (90 + 5) * 60,
    });
  });

  it('sustained Merge 429s from the fetcher, the poller, the event processor and the writer alarm', () => {
    const props = alarm('Sustained429s');
    expect(props).toMatchObject({
      Threshold: SUSTAINED_429S.perMinute,
      EvaluationPeriods: SUSTAINED_429S.outOfMinutes,
      DatapointsToAlarm: SUSTAINED_429S.minutes,
    });
    const metrics = props.Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { Dimensions: unknown[] } };
    }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe(
      'FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0)',
    );
    const services = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(services).toEqual([
      expect.objectContaining({
        MetricName: 'Merge429s',
        Namespace: 'MergeSync',
        Dimensions: [{ Name: 'service', Value: 'fetcher' }],
      }),
      expect.objectContaining({ Dimensions: [{ Name: 'service', Value: 'sync-status-poller' }] }),
      expect.objectContaining({ Dimensions: [{ Name: 'service', Value: 'event-processor' }] }),
      expect.objectContaining({ Dimensions: [{ Name: 'service', Value: 'writer' }] }),
    ]);
  });

  it('the functions emit metrics into the namespace the alarms read', () => {
    template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_NAMESPACE: 'MergeSync' }) },
    });
  });

  it('the topic only accepts TLS, and has no subscription unless alarmEmail is set', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const withEmail = synthesize({ alarmEmail: 'oncall@example.com' });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: withEmail.logicalId(withEmail.stack.observability.alarmTopic) },
    });
  });

  it('the dashboard shows webhooks, records, Merge requests and 429s, fetch duration, lag, queues and alarms', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = renderValue(dashboards[0]?.Properties.DashboardBody);
    const widgets = (JSON.parse(body) as { widgets: { type: string; properties: { title?: string } }[] })
      .widgets;
    const text = JSON.stringify(widgets);
    for (const metric of [
      METRIC.webhooksAccepted,
      METRIC.webhooksRejected,
      METRIC.webhooksDropped,
      METRIC.webhooksSignedWithPreviousKey,
      METRIC.recordsAdded,
      METRIC.recordsChanged,
      METRIC.recordsDeleted,
      METRIC.recordsUnchanged,
      METRIC.mergeRequests,
      METRIC.merge429s,
      METRIC.fetchDuration,
      METRIC.syncLag,
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
    ]) {
      expect({ metric, shown: text.includes(metric) }).toEqual({ metric, shown: true });
    }
    expect(text).toMatch(/SEARCH\('\{\\"MergeSync\\",reason,service\} MetricName=\\"WebhooksRejected\\"'/);
    expect(widgets.filter((w) => w.type === 'alarm')).toHaveLength(1);
  });
});
