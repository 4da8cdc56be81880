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

/** How long a queue's consumer may run, and how long a message it received stays invisible. */
export interface QueueTiming {
  consumerTimeoutSeconds: number;
  visibilityTimeoutSeconds: number;
}

/** A queue's timing as the stack deploys it. */
export const queueTiming = (queue: QueueName): QueueTiming => ({
  consumerTimeoutSeconds: QUEUE_DESIGN[queue].consumerTimeoutSeconds,
  visibilityTimeoutSeconds: visibilityTimeoutSeconds(queue),
});

/**
 * How long the event processor's dedupe claim on a webhook lasts (shared/sync/webhooks/
 * process-webhook.ts), from the events queue's timing, so the two cannot drift apart. A message
 * received at r is claimed at some c in [r, r + T] (T: the consumer's timeout) and, if its processor
 * crashed, comes back at r + V (V: the visibility timeout). A lease L keeps a live processor's claim
 * when L >= T, and lets the first redelivery take it over when c + L < r + V for every c, that is
 * L < V - T. Half the visibility timeout sits in the middle of that range, V/2 - T to spare on each
 * side: 90 s for the events queue (T 30 s, V 180 s), 60 s either way.
 *
 * A visibility timeout under 2T (the local runtime shortens it so a failed webhook is retried soon)
 * cannot give both; the live processor wins (L = T): SQS may then hand a message still being
 * processed to another consumer, and the claim is what keeps the two from applying it twice.
 */
export const webhookClaimLeaseMs = (timing: QueueTiming): number =>
  Math.max(timing.consumerTimeoutSeconds, timing.visibilityTimeoutSeconds / 2) * 1000;
