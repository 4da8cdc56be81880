import type { ConsolePageConfig } from '../../console/assets/console-page';
import type { SyncDeps } from '../../sync/ports';
import type { Clock } from '../clock';
import type { ConsoleConfig } from '../config/console-from-environment';
import { createSyncDeps, engineClients, type EngineClients } from './sync-deps';
import { createTelemetry, type Telemetry } from './telemetry';

/** What functions/console's createHandler takes. */
export interface ConsoleDeps {
  engine: SyncDeps;
  page: ConsolePageConfig;
  requireSignIn: boolean;
  telemetry: Telemetry;
}

export function consoleDeps(
  config: ConsoleConfig,
  options: { clients?: EngineClients; clock?: Clock } = {},
): ConsoleDeps {
  const telemetry = createTelemetry('console', config.telemetry);
  const engine = createSyncDeps(config.engine, options.clients ?? engineClients(config.aws), {
    log: telemetry.log,
    metrics: telemetry.metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { engine, page: config.page, requireSignIn: config.requireSignIn, telemetry };
}
