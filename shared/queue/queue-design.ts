import { MERGE_CLIENT_DEFAULTS } from '../merge/client-options';
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
  /**
   * How long the event source gathers records for a batch (Lambda's MaximumBatchingWindow);
   * required above 10 records a batch.
   */
  maxBatchingWindowSeconds?: number;
}

/**
 * One Merge request may take this long and still be an answer: the client's per-attempt timeout, what
 * Merge's own SDK waits (a slow third party behind Merge makes a slow page; reference §12).
 */
export const MERGE_REQUEST_SECONDS = MERGE_CLIENT_DEFAULTS.timeoutMs / 1000;

/** A poll message's own work around its request: account, token, outbox, states, enqueueing. */
const POLL_BOOKKEEPING_SECONDS = 30;
/**
 * A poll is one small Merge request and a few reads: an invocation polls many accounts at once, so
 * a 5-minute tick of 10,000 accounts is 200 invocations, not 10,000 (docs/performance.md "Scale").
 */
const POLLS_BATCH_SIZE = 50;
/** Poll messages of one batch handled at once (functions/sync-status-poller/handler.ts). */
export const POLLS_IN_PARALLEL = 25;
const POLL_ROUNDS = Math.ceil(POLLS_BATCH_SIZE / POLLS_IN_PARALLEL);

const JOBS_BATCH_SIZE = 10;
/** Jobs of one batch run at once (functions/fetcher/handler.ts): each is another (account, model). */
export const JOBS_IN_PARALLEL = JOBS_BATCH_SIZE;

/**
 * The three work queues, shared by the CDK stack and the local runtime so both behave alike.
 * - events: small, fast, independent webhooks: batches of 10. Merge is asked only to check the token
 *   of a LinkedAccount.linked: one 5 s attempt within a 7 s budget (shared/sync/account-tokens.ts),
 *   so even 3 rounds of 4 of them fit the 30 s.
 * - polls: one /sync-status read per message, each of another account (its own pacer schedule).
 *   A batch of 50 (gathered for up to 1 s) runs in 2 rounds of 25, each one full Merge request plus
 *   its bookkeeping and a pacing wait: 2 x (60 + 30) = 180 s (60 s could not hold even one slow
 *   request and its writes).
 * - jobs: up to 10 jobs an invocation, run at once (JOBS_IN_PARALLEL): most fetches are a page or
 *   two, mostly waiting on Merge, so they share the invocation's billed time; each pages until done
 *   or near the deadline, then hands over. 300 s holds several 60 s pages (the fetch hands over to a
 *   continuation before its deadline).
 *   Concurrency across accounts is bounded here; the per-account budget is enforced by the pacer.
 */
export const QUEUE_DESIGN: Record<QueueName, QueueDesign> = {
  events: { consumerTimeoutSeconds: 30, maxReceiveCount: 5, batchSize: 10, maxConcurrency: 5 },
  polls: {
    consumerTimeoutSeconds: POLL_ROUNDS * (MERGE_REQUEST_SECONDS + POLL_BOOKKEEPING_SECONDS),
    maxReceiveCount: 5,
    batchSize: POLLS_BATCH_SIZE,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 10,
  },
  jobs: {
    consumerTimeoutSeconds: 300,
    maxReceiveCount: 5,
    batchSize: JOBS_BATCH_SIZE,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 20,
  },
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
