import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueName } from '../../../shared/queue/messages';
import { QUEUE_DESIGN, visibilityTimeoutSeconds, type QueueDesign } from '../../../shared/queue/queue-design';

/**
 * One of the three work queues (events, polls, jobs) and its dead-letter queue, shaped by
 * shared/queue/queue-design.ts exactly as the local runtime shapes its stand-ins
 * (infra/local/stand-ins.ts).
 *
 * Standard queues, not FIFO: the code delays individual messages (DelaySeconds) to watch an initial
 * sync and to defer work after a 429, and FIFO queues only support a queue-wide delay. What FIFO
 * message groups would give us is covered in the table instead: a per-account request schedule
 * shared by every function (shared/merge/shared-request-pacer.ts) keeps each linked account under
 * its plan's limit, and a per-(account, model) run lease (shared/sync/claim-run.ts) keeps one fetch
 * per model at a time. The consumers' maxConcurrency only bounds total parallelism and cost.
 *
 * Both queues refuse requests without TLS. The events queue and its dead-letter queue carry webhook
 * bodies, and a LinkedAccount.linked body holds an account token until the event processor seals it
 * into the table (up to 14 days in the dead-letter queue): they are encrypted with a key of the
 * stack's own (`encryptionKey`), which only the receiver (to send) and the event processor (to
 * receive) may use through SQS, and the operator who redrives dead letters. The polls and jobs
 * queues carry ids only and use SQS-managed encryption (SSE-SQS).
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly design: QueueDesign;

  constructor(
    scope: Construct,
    id: string,
    readonly queueName: QueueName,
    /** A customer-managed key for queues that carry secrets (the events queue). */
    readonly encryptionKey?: IKey,
  ) {
    super(scope, id);
    this.design = QUEUE_DESIGN[queueName];
    const encryption = encryptionKey
      ? // SQS reuses a data key for 5 minutes (the default): one KMS call per producer every 5 minutes.
        { encryption: QueueEncryption.KMS, encryptionMasterKey: encryptionKey }
      : { encryption: QueueEncryption.SQS_MANAGED };
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      ...encryption,
      enforceSSL: true,
      // A standard queue keeps a message's first enqueue time when it moves to the dead-letter
      // queue, so this must outlast the source queue's retention: two weeks to look and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(queueName)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.design.maxReceiveCount },
    });
  }
}
