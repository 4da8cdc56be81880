import { lambdaContext } from '../../../infra/local/lambda-context';
import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { WebhookPayload } from '../../../infra/local/merge-simulator/types';
import type { QueueName } from '../../../shared/queue/messages';
import { QUEUE_DESIGN } from '../../../shared/queue/queue-design';
import type { RunLedger } from '../ledger';
import type { Prng } from '../lib/prng';
import { invokeOnce, sendRaw, settleQueues, type SqsHandlerFn } from '../lib/queues';
import type { ChaosWorld, HttpAnswer } from '../lib/world';
import type { Scenario } from '../scenario-types';

/** Why a webhook is sent: `linked` and `deleted` are never lost or delayed (the run needs them). */
export type WebhookLabel = 'linked' | 'sync' | 'changed' | 'deleted' | 'relink';

interface HeldWebhook {
  payload: WebhookPayload;
  releaseAt: number;
}

const HANDLER_NAMES: Record<QueueName, string> = {
  events: 'event-processor',
  polls: 'sync-status-poller',
  jobs: 'fetcher',
};
/** The functions' timeouts in the stack: the poller and fetcher need room for a 60 s Merge request. */
const HANDLER_TIMEOUTS: Record<QueueName, number> = {
  events: QUEUE_DESIGN.events.consumerTimeoutSeconds * 1000,
  polls: QUEUE_DESIGN.polls.consumerTimeoutSeconds * 1000,
  jobs: QUEUE_DESIGN.jobs.consumerTimeoutSeconds * 1000,
};

/**
 * How an in-process run reaches the pipeline: webhooks from Merge to the real receiver handler (with
 * Merge's retry policy and the run's delivery faults), messages on the queues, and the event sources
 * and handler invocations that take them off.
 */
export class InProcessTransport {
  private held: HeldWebhook[] = [];
  /** The step being played: a delayed webhook is released a few steps later. */
  stepIndex = 0;

  constructor(
    private readonly world: ChaosWorld,
    private readonly sim: MergeSimulator,
    private readonly rng: Prng,
    private readonly ledger: RunLedger,
    private readonly delivery: Scenario['delivery'],
  ) {}

  /** One webhook to the receiver. Merge's policy: one attempt and two retries on anything but a 2xx or 4xx. */
  async post(payload: WebhookPayload): Promise<HttpAnswer> {
    const { ledger } = this;
    let answer: HttpAnswer & { signature: string } = { status: 0, body: '', signature: '' };
    for (let attempt = 0; attempt < 3; attempt++) {
      answer = await this.world.postWebhook(this.sim, payload);
      ledger.webhooks.sent++;
      ledger.answers.push(answer.body);
      if (answer.status >= 500) {
        ledger.mismatch('receiver5xx', `receiver answered ${answer.status}: ${answer.body}`);
        continue;
      }
      break;
    }
    if (answer.status === 200) {
      ledger.webhooks.accepted++;
      if (answer.body.includes('"accepted"')) ledger.accept(answer.signature);
    } else if (answer.status === 413) ledger.webhooks.rejectedTooLarge++;
    else
      ledger.mismatch(
        'decisions',
        `a correctly signed webhook was answered ${answer.status}: ${answer.body}`,
      );
    return answer;
  }

  /** Webhooks as Merge delivers them in this run: some lost, delayed, duplicated or reordered. */
  async deliver(items: { payload: WebhookPayload; label: WebhookLabel }[]): Promise<void> {
    const { rng, ledger, delivery: d } = this;
    const now: WebhookPayload[] = [];
    for (const { payload, label } of items) {
      const essential = label === 'linked' || label === 'deleted';
      if (!essential && rng.chance(d.drop)) {
        ledger.webhooks.lost++;
        ledger.count('webhook-lost');
        continue;
      }
      if (!essential && rng.chance(d.delay)) {
        this.held.push({ payload, releaseAt: this.stepIndex + rng.int(1, 3) });
        ledger.count('webhook-delayed');
        continue;
      }
      now.push(payload);
      if (rng.chance(d.duplicate)) {
        ledger.count('webhook-duplicated');
        if (rng.chance(0.5)) now.push(payload);
        else this.held.push({ payload, releaseAt: this.stepIndex + 1 });
      }
    }
    let ordered = now;
    if (now.length > 1 && rng.chance(d.reorder)) {
      ordered = rng.shuffle(now);
      if (ordered.some((p, i) => p !== now[i])) ledger.count('webhook-reordered');
    }
    for (const payload of ordered) await this.post(payload);
  }

  /** Posts the delayed webhooks now due (`all`: every one still held). */
  async releaseHeld(all: boolean): Promise<void> {
    const due = this.held.filter((h) => all || h.releaseAt <= this.stepIndex);
    this.held = this.held.filter((h) => !due.includes(h));
    for (const h of due) await this.post(h.payload);
  }

  /** Rounds of the three event sources side by side, `parallelJobs` fetch invocations at once. */
  async process(rounds: number, parallelJobs: number): Promise<void> {
    const s = this.world.pipeline.sources;
    for (let r = 0; r < rounds; r++) {
      await Promise.all([
        s.events.pollOnce(0),
        s.polls.pollOnce(0),
        ...Array.from({ length: parallelJobs }, () => s.jobs.pollOnce(0)),
      ]);
    }
  }

  /** The events queue's source until a poll finds nothing (at most 20 polls). */
  async drainEvents(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const r = await this.world.pipeline.sources.events.pollOnce(0);
      if (r.received === 0) return;
    }
  }

  /**
   * One invocation of a queue's handler as its event source makes it, with the chaos knobs of
   * invokeOnce (messages kept, only a prefix handled); once `cutShort` answers true, the context
   * reports no time left (the invocation is being killed).
   */
  invoke(
    queue: QueueName,
    options: Parameters<typeof invokeOnce>[4] = {},
    cutShort?: () => boolean,
  ): ReturnType<typeof invokeOnce> {
    return invokeOnce(
      this.world.pipeline,
      queue,
      this.handler(queue),
      lambdaContext(HANDLER_NAMES[queue], HANDLER_TIMEOUTS[queue], cutShort),
      options,
    );
  }

  private handler(queue: QueueName): SqsHandlerFn {
    const h = this.world.pipeline.handlers;
    return queue === 'events' ? h.eventProcessor : queue === 'polls' ? h.syncStatusPoller : h.fetcher;
  }

  /** A fetch job on the jobs queue, as the poller or the event processor sends one. */
  async sendFetchJob(
    accountId: string,
    modelId: string,
    requestedAt = new Date().toISOString(),
  ): Promise<void> {
    await sendRaw(
      this.world.pipeline,
      'jobs',
      JSON.stringify({ v: 1, kind: 'fetch', accountId, modelId, reason: 'manual', requestedAt }),
    );
  }

  /** A raw message body on a work queue. */
  sendRaw(queue: QueueName, body: string): Promise<void> {
    return sendRaw(this.world.pipeline, queue, body);
  }

  /** Every event source until the work queues are empty; a queue that never settles fails the run. */
  async settle(): Promise<void> {
    try {
      await settleQueues(this.world.pipeline, { timeoutMs: 150_000, jobsConcurrency: 2 });
    } catch (error) {
      this.ledger.mismatch('harness', error instanceof Error ? error.message : String(error));
    }
  }
}
