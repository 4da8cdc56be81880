import * as z from 'zod/mini';
import { FETCH_REASONS } from '../core/sync-state';

/**
 * Messages on our own queues. Every message carries `v` so a future format can be told apart from
 * this one while old messages drain.
 *
 * - events: Merge webhooks, verified and enqueued by the receiver.
 * - polls:  "read /sync-status of this account now": the scheduler's fan-out and initial-sync watches.
 * - jobs:   fetch one (account, model), purge a deleted account, or publish written change events.
 */
export const webhookMessageSchema = z.object({
  v: z.literal(1),
  kind: z.literal('webhook'),
  /** Merge's signature, normalized: the event's identity for dedupe. */
  dedupeKey: z.string().check(z.minLength(1)),
  receivedAt: z.string(),
  /** The raw body, exactly as signed. */
  body: z.string(),
});

export const pollReasonSchema = z.enum(['schedule', 'watch', 'reconcile', 'manual']);

export const pollMessageSchema = z.object({
  v: z.literal(1),
  kind: z.literal('poll'),
  accountId: z.string().check(z.minLength(1)),
  reason: pollReasonSchema,
  /** With reason schedule: only the models of this cadence tier. */
  tier: z.optional(z.string()),
  /** With reason watch: the watch this message belongs to. */
  watchId: z.optional(z.string()),
  requestedAt: z.string(),
});

/** Why a fetch was asked for: the FetchReason of shared/core/sync-state.ts. */
export const fetchReasonSchema = z.enum(FETCH_REASONS);

export const fetchJobSchema = z.object({
  v: z.literal(1),
  kind: z.literal('fetch'),
  accountId: z.string().check(z.minLength(1)),
  modelId: z.string().check(z.minLength(1)),
  reason: fetchReasonSchema,
  requestedAt: z.string(),
  /** Continuation of this run (set when a run hands over to the next invocation). */
  runId: z.optional(z.string()),
  /** Merge's last_sync_start this fetch answers, when known. */
  syncStart: z.optional(z.string()),
  /** Merge's last_sync_finished this fetch answers (a finished sync while Merge reports SYNCING). */
  syncFinished: z.optional(z.string()),
});

export const purgeJobSchema = z.object({
  v: z.literal(1),
  kind: z.literal('purge'),
  accountId: z.string().check(z.minLength(1)),
  requestedAt: z.string(),
});

/**
 * Publish the change events of outbox batches whose records are written (shared/events/outbox.ts):
 * a fetch's pages hand their events to this job instead of putting them on the bus themselves.
 */
export const publishJobSchema = z.object({
  v: z.literal(1),
  kind: z.literal('publish'),
  accountId: z.string().check(z.minLength(1)),
  batchIds: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  requestedAt: z.string(),
});

export const jobSchema = z.discriminatedUnion('kind', [fetchJobSchema, purgeJobSchema, publishJobSchema]);

export type WebhookMessage = z.infer<typeof webhookMessageSchema>;
export type PollMessage = z.infer<typeof pollMessageSchema>;
export type FetchJob = z.infer<typeof fetchJobSchema>;
export type PurgeJob = z.infer<typeof purgeJobSchema>;
export type PublishJob = z.infer<typeof publishJobSchema>;
export type Job = z.infer<typeof jobSchema>;

export type QueueName = 'events' | 'polls' | 'jobs';

export interface QueueMessageMap {
  events: WebhookMessage;
  polls: PollMessage;
  jobs: Job;
}

/** Sends our messages; at-least-once, like SQS. */
export interface MessageQueue {
  send<Q extends QueueName>(
    queue: Q,
    messages: QueueMessageMap[Q][],
    options?: { delaySeconds?: number },
  ): Promise<void>;
}
