import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { SyncSettings } from '../../shared/config/sync-config';
import { scheduledEvent } from './aws-events';
import { lambdaContext } from './lambda-context';

type ScheduleHandler = (
  event: EventBridgeEvent<'Scheduled Event', unknown>,
  context: Context,
) => Promise<unknown>;

/**
 * The local EventBridge: one timer per cadence tier (and the reconciliation) invoking the poller
 * with the same scheduled event the stack's rules deliver. `pollIntervalSeconds` compresses every
 * tier to one interval, so a laptop does not wait a day for the daily tier.
 */
export class LocalScheduler {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly settings: SyncSettings,
    private readonly poller: ScheduleHandler,
    private readonly options: { pollIntervalSeconds?: number; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    for (const tier of this.settings.config.tiers) {
      if (!this.settings.models.some((m) => m.tier === tier.name)) continue;
      this.every(this.options.pollIntervalSeconds ?? tier.everyMinutes * 60, { tier: tier.name });
    }
    this.every(this.settings.config.reconcileEveryMinutes * 60, { reconcile: true });
  }

  /** Runs one tier's schedule now (or the reconciliation). */
  fire(detail: { tier?: string; reconcile?: boolean }): Promise<unknown> {
    return this.poller(scheduledEvent(detail), lambdaContext('sync-status-poller', 60_000));
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  private every(seconds: number, detail: { tier?: string; reconcile?: boolean }) {
    const timer = setInterval(() => {
      this.fire(detail).catch((error: unknown) => this.options.onError?.(error));
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }
}
