import { Duration } from 'aws-cdk-lib';
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
 * Both queues use SQS-managed server-side encryption (SSE-SQS) and refuse requests without TLS.
 * The events queue does carry secrets for a moment: a LinkedAccount.linked webhook's body holds the
 * account token until the event processor stores it in the KMS-encrypted table. A customer-managed
 * key here would add KMS grants (and a KMS charge per data-key period) to every producer and
 * consumer for a copy that lives seconds; SSE-SQS still encrypts it at rest, and only the receiver
 * may send and only the event processor may receive (IAM; no queue policy opens it wider).
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly design: QueueDesign;

  constructor(
    scope: Construct,
    id: string,
    readonly queueName: QueueName,
  ) {
    super(scope, id);
    this.design = QUEUE_DESIGN[queueName];
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A standard queue keeps a message's first enqueue time when it moves to the dead-letter
      // queue, so this must outlast the source queue's retention: two weeks to look and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(queueName)),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.design.maxReceiveCount },
    });
  }
}
