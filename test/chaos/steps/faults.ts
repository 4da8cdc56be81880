import type { ChaosWorld } from '../lib/world';
import { simulatorFault } from '../sim-faults';
import type { StepFamily } from './registry-types';

/** The URL path fragment of a model's endpoint (`/hris/v1/employees`), what a fault matches on. */
export function modelPath(world: ChaosWorld, modelId: string): string {
  return `/${world.settings.model(modelId)?.path ?? modelId}`;
}

/** Faults injected into Merge's answers, the change-event bus and the queues. */
export const faultSteps: StepFamily<'simFault' | 'busThrottle' | 'poison'> = {
  async simFault(ctx, { account: index, fault: kind, model, times }) {
    const account = ctx.accounts.live(index);
    if (!account) return;
    const path = model ? modelPath(ctx.world, model) : null;
    const match = { accountId: account.id, ...(path ? { pathIncludes: path } : {}) };
    ctx.simFaults.inject(kind, simulatorFault(kind, match, times, ctx.rng));
  },

  async busThrottle(ctx, step) {
    ctx.bus.throttle(step.refusals, ctx.ledger);
  },

  /** A message no handler can process: it must end in the queue's dead-letter queue, and only it. */
  async poison(ctx, { queue }) {
    const marker = `chaos-poison-${ctx.scenario.seed}-${ctx.ledger.poison.length + 1}`;
    const body =
      queue === 'events'
        ? `{"v":1,"kind":"webhook","poison":"${marker}"`
        : JSON.stringify({ v: 1, kind: 'fetch', poison: marker });
    await ctx.transport.sendRaw(queue, body);
    ctx.ledger.poison.push({ queue: queue === 'events' ? 'eventsDlq' : 'jobsDlq', marker });
    ctx.ledger.count('poison-message');
  },
};
