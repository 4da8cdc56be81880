import { QUEUE_DESIGN, webhookClaimLeaseMs } from '../../shared/queue/queue-design';
import { eventProcessorConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import type { WorkQueue } from '../../infra/aws/constructs/work-queue';
import type { MergeSyncFunction } from '../../infra/aws/constructs/merge-sync-function';
import { defaultDeployment } from './support/synth';

describe('queues: events, polls, jobs and writes, each with a dead-letter queue', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { ingest, sync, writes } = stack;
  const consumers: [WorkQueue, MergeSyncFunction][] = [
    [ingest.eventsQueue, sync.eventProcessor],
    [sync.pollsQueue, sync.poller],
    [sync.jobsQueue, sync.fetcher],
    [writes.queue, writes.writer],
  ];
  const queueProps = (logical: string) =>
    template.findResources('AWS::SQS::Queue')[logical]?.Properties as Record<string, unknown>;

  it('there are four queues and four dead-letter queues', () => {
    template.resourceCountIs('AWS::SQS::Queue', 8);
  });

  it.each(consumers.map(([queue]) => [queue.queueName, queue] as const))(
    '%s: redrives to its own dead-letter queue after the designed number of receives',
    (_name, queue) => {
      expect(queueProps(logicalId(queue.queue))).toMatchObject({
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(queue.deadLetterQueue), 'Arn'] },
          maxReceiveCount: QUEUE_DESIGN[queue.queueName].maxReceiveCount,
        },
      });
    },
  );

  it('every queue, dead-letter queues included, is encrypted at rest and refuses requests without TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    for (const [id, queue] of Object.entries(queues)) {
      // The events queue's two (webhook bodies) with a key of the stack's own (token-encryption.test.ts).
      if (queue.Properties.KmsMasterKeyId === undefined)
        expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const tlsOnly = policies.some(
        (policy) =>
          JSON.stringify(policy.Properties.Queues) === JSON.stringify([{ Ref: id }]) &&
          (policy.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[]).some(
            (s) =>
              s.Effect === 'Deny' &&
              JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          ),
      );
      expect({ queue: id, tlsOnly }).toEqual({ queue: id, tlsOnly: true });
    }
  });

  it('a dead-letter queue keeps messages longer than its source queue does', () => {
    for (const [queue] of consumers) {
      const source = queueProps(logicalId(queue.queue)).MessageRetentionPeriod as number;
      const dlq = queueProps(logicalId(queue.deadLetterQueue)).MessageRetentionPeriod as number;
      expect(dlq).toBeGreaterThan(source);
    }
  });

  it.each(consumers.map(([queue, fn]) => [queue.queueName, queue, fn] as const))(
    '%s: visibility timeout is at least 6x its consumer function timeout',
    (_name, queue, fn) => {
      const visibility = queueProps(logicalId(queue.queue)).VisibilityTimeout as number;
      const timeout = template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties
        .Timeout as number;
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    },
  );

  it.each(consumers.map(([queue, fn]) => [queue.queueName, queue, fn] as const))(
    '%s: consumed with partial batch responses, its batch size and maximum concurrency',
    (_name, queue, fn) => {
      const design = QUEUE_DESIGN[queue.queueName];
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] },
        FunctionName: { Ref: logicalId(fn.function) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: design.batchSize,
        ScalingConfig: { MaximumConcurrency: design.maxConcurrency },
        // Lambda refuses a batch over 10 records without a batching window.
        ...(design.batchSize > 10 ? { MaximumBatchingWindowInSeconds: design.maxBatchingWindowSeconds } : {}),
      });
      if (design.batchSize > 10) expect(design.maxBatchingWindowSeconds).toBeGreaterThan(0);
    },
  );

  it("events: the processor's webhook claim lease derives from the deployed timing, outlasts an invocation and has ended when a crashed one's message comes back", () => {
    const visibility = queueProps(logicalId(ingest.eventsQueue.queue)).VisibilityTimeout as number;
    const timeout = template.findResources('AWS::Lambda::Function')[logicalId(sync.eventProcessor.function)]
      ?.Properties.Timeout as number;
    // What the deployed event processor reads from the environment the stack gives it.
    const lease = eventProcessorConfigFromEnvironment({ TABLE_NAME: 'table' }).eventProcessor.claimLeaseMs;
    expect(lease).toBe(
      webhookClaimLeaseMs({ consumerTimeoutSeconds: timeout, visibilityTimeoutSeconds: visibility }),
    );
    expect(lease).toBeGreaterThanOrEqual(timeout * 1000);
    expect(timeout * 1000 + lease).toBeLessThan(visibility * 1000);
  });

  it('every event source mapping reports batch item failures', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(4);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });
});
