import type { SyncDeps } from '../../sync/ports';
import type { Clock } from '../clock';
import type { EventProcessorConfig, MergeFunctionConfig } from '../config/runtime-config';
import { lazyMergeDeps, type LazyMergeDeps } from './merge-deps';
import { createSyncDeps, engineClients, type EngineClients } from './sync-deps';
import { createTelemetry, type Telemetry } from './telemetry';

/** What functions/event-processor's createHandler takes. */
export interface EventProcessorDeps {
  engine: SyncDeps;
  /** Merge, to check a LinkedAccount.linked's token before it is stored (account-tokens.ts). */
  merge: LazyMergeDeps;
  /** How long a webhook's dedupe claim lasts (shared/queue/queue-design.ts). */
  claimLeaseMs: number;
  telemetry: Telemetry;
}

/** What functions/sync-status-poller's and functions/fetcher's createHandler take. */
export interface MergeFunctionDeps {
  engine: SyncDeps;
  merge: LazyMergeDeps;
  telemetry: Telemetry;
}

/** Shared SDK clients (the local runtime gives all its functions one set), and a clock for tests. */
export interface BuildOptions {
  clients?: EngineClients;
  clock?: Clock;
}

export function eventProcessorDeps(
  config: EventProcessorConfig,
  options: BuildOptions = {},
): EventProcessorDeps {
  const telemetry = createTelemetry('event-processor', config.telemetry);
  const { engine, clients } = engineDeps(config, telemetry, options);
  return {
    engine,
    // A batch of 10 webhooks runs 4 at a time within 30 s: short attempts within TOKEN_CHECK_BUDGET_MS
    // per token check. Merge not answering in time keeps the token unverified, checked at the first poll.
    merge: lazyMergeDeps(config, engine, clients.dynamodb, { timeoutMs: 5_000, maxAttempts: 2 }),
    claimLeaseMs: config.eventProcessor.claimLeaseMs,
    telemetry,
  };
}

export function mergeFunctionDeps(
  serviceName: 'sync-status-poller' | 'fetcher',
  config: MergeFunctionConfig,
  options: BuildOptions = {},
): MergeFunctionDeps {
  const telemetry = createTelemetry(serviceName, config.telemetry);
  const { engine, clients } = engineDeps(config, telemetry, options);
  return { engine, merge: lazyMergeDeps(config, engine, clients.dynamodb), telemetry };
}

function engineDeps(
  config: Pick<MergeFunctionConfig, 'aws' | 'engine'>,
  telemetry: Telemetry,
  options: BuildOptions,
): { engine: SyncDeps; clients: EngineClients } {
  const clients = options.clients ?? engineClients(config.aws);
  const engine = createSyncDeps(config.engine, clients, {
    log: telemetry.log,
    metrics: telemetry.metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { engine, clients };
}
