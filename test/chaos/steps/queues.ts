import type { StepFamily } from './registry-types';

/** The pipeline's own work: event sources polling, redeliveries, killed batches, schedules. */
export const queueSteps: StepFamily<'process' | 'redeliver' | 'killBatch' | 'schedule' | 'restart'> = {
  async process(ctx, { rounds, parallelJobs }) {
    await ctx.transport.process(rounds, parallelJobs);
  },

  /** An invocation that handled its batch but died before the event source deleted it: SQS redelivers. */
  async redeliver(ctx, { queue }) {
    const result = await ctx.transport.invoke(queue, { keep: true });
    if (result.received > 0) ctx.ledger.count('sqs-redelivery');
  },

  /** An invocation killed part-way through its batch: only a prefix handled, nothing deleted. */
  async killBatch(ctx, { queue }) {
    const result = await ctx.transport.invoke(queue, {
      keep: true,
      prefix: (n) => (n > 1 ? ctx.rng.int(1, n - 1) : 0),
    });
    ctx.ledger.count('handler-killed-mid-batch', result.received > 0);
  },

  async schedule(ctx, { tier }) {
    await ctx.world.schedule(tier ? { tier } : { reconcile: true });
  },

  /** Only the runtime runs restart (test/chaos/runtime-runs.ts). */
  async restart() {},
};
