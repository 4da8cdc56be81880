import type { QueueName } from './messages';

export interface QueueDesign {
  /** The consuming function's timeout; the queue's visibility timeout is 6× it (AWS's guidance). */
  consumerTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  /** Records per Lambda invocation. */
  batchSize: number;
  /** Concurrent invocations the event source may run. */
  maxConcurrency: number;
}

/**
 * The three work queues, shared by the CDK stack and the local runtime so both behave alike.
 * - events: small, fast, independent webhooks: batches of 10.
 * - polls: one /sync-status read per message; a handful in parallel keeps the per-account pacer busy.
 * - jobs: one fetch per invocation (it pages until done or near the deadline, then hands over).
 *   Concurrency across accounts is bounded here; the per-account budget is enforced by the pacer.
 */
export const QUEUE_DESIGN: Record<QueueName, QueueDesign> = {
  events: { consumerTimeoutSeconds: 30, maxReceiveCount: 5, batchSize: 10, maxConcurrency: 5 },
  polls: { consumerTimeoutSeconds: 60, maxReceiveCount: 5, batchSize: 5, maxConcurrency: 5 },
  jobs: { consumerTimeoutSeconds: 300, maxReceiveCount: 5, batchSize: 1, maxConcurrency: 20 },
};

export const visibilityTimeoutSeconds = (queue: QueueName) => QUEUE_DESIGN[queue].consumerTimeoutSeconds * 6;
