import { Duration } from 'aws-cdk-lib';
import { QUEUE_DESIGN } from '../../../shared/queue/queue-design';

/** The Lambda functions, each a folder under functions/ and the Powertools `service` of its metrics. */
export type FunctionName =
  | 'webhook-receiver'
  | 'event-processor'
  | 'sync-status-poller'
  | 'fetcher'
  | 'read-api'
  | 'write-api'
  | 'writer'
  | 'console';

export interface FunctionSizing {
  memorySize: number;
  timeout: Duration;
}

/**
 * Memory and timeout per function, and why. Memory also buys CPU (1,769 MB is one vCPU), so it
 * matters where a function parses and hashes; elsewhere the work is waiting on DynamoDB, SQS or
 * Merge and the smallest size that keeps cold starts short is the cheapest. A queue consumer's
 * timeout is its queue's `consumerTimeoutSeconds` (shared/queue/queue-design.ts), which the queue's
 * visibility timeout (6x) is derived from, so the two cannot drift apart.
 */
export const FUNCTION_SIZING: Record<FunctionName, FunctionSizing> = {
  /**
   * Verifies an HMAC over at most 1 MiB (gzip past 256 KiB) and sends one SQS message: tens of milliseconds warm.
   * Merge waits 30 s and retries only twice, so a stuck invocation must fail fast with a 5xx
   * (Merge then retries) rather than hold the request: 10 s covers a cold start plus SQS retries.
   */
  'webhook-receiver': { memorySize: 256, timeout: Duration.seconds(10) },
  /** A batch of 10 webhooks, 4 at a time, each a few DynamoDB reads and writes. */
  'event-processor': {
    memorySize: 512,
    timeout: Duration.seconds(QUEUE_DESIGN.events.consumerTimeoutSeconds),
  },
  /**
   * Two jobs: a schedule tick lists the active accounts and sends one poll message each (1,000
   * accounts are 100 SendMessageBatch calls); a polls batch reads /sync-status of 5 accounts,
   * paced per account, 4 at a time. Both are I/O-bound. One /sync-status read may take a full
   * 60 s Merge request (a slow third party), so the timeout holds two rounds of one (queue-design.ts).
   */
  'sync-status-poller': {
    memorySize: 512,
    timeout: Duration.seconds(QUEUE_DESIGN.polls.consumerTimeoutSeconds),
  },
  /**
   * Pages of up to 100 records: parse, normalize, hash, compare, write. That is CPU work, and at
   * 1,024 MB a page takes about half the CPU time it takes at 512 MB for about the same cost per
   * page. A page may take a full 60 s Merge request. A run hands over to a continuation job before
   * its deadline, so the 300 s timeout only
   * bounds how long one invocation holds its (account, model) lease; a crashed run's message
   * returns after the 30-minute visibility timeout (6 x 300 s).
   */
  fetcher: { memorySize: 1024, timeout: Duration.seconds(QUEUE_DESIGN.jobs.consumerTimeoutSeconds) },
  /** One DynamoDB Query page (at most 1 MB) turned into JSON; well under API Gateway's 30 s limit. */
  'read-api': { memorySize: 512, timeout: Duration.seconds(10) },
  /** Validates a write, stores it and queues it: a handful of DynamoDB calls and one SQS send. */
  'write-api': { memorySize: 512, timeout: Duration.seconds(10) },
  /**
   * A batch of 5 writes at once, each a `meta` read (often cached) and the write itself, up to a
   * full 60 s Merge request each, plus the records table and the outbox: I/O-bound.
   */
  writer: { memorySize: 512, timeout: Duration.seconds(QUEUE_DESIGN.writes.consumerTimeoutSeconds) },
  /**
   * The console's list reads every account item (2,000 accounts: a few hundred KB) and an action
   * writes a few sync states and sends one job per model; well under API Gateway's 30 s limit.
   */
  console: { memorySize: 512, timeout: Duration.seconds(15) },
};
