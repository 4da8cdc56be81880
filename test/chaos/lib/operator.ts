import { createMergeClient } from '../../../shared/merge/client';
import { MemoryMetrics, silentLog } from '../../../shared/observability/ports';
import { forceResyncInMerge } from '../../../shared/operations/merge-account-actions';
import { createSyncDeps } from '../../../shared/runtime/deps/sync-deps';
import { CHAOS_CLIENT_TIMING, type ChaosWorld } from './world';

/**
 * `merge-sync resync ACCOUNT --in-merge --yes` as an operator runs it against the chaos world: the
 * engine's own action (POST /sync-status/resync, then a close watch of the account) over the
 * pipeline's table and queues, with a Merge client of its own, as the CLI has.
 */
export function forceResyncAsOperator(world: ChaosWorld, accountId: string) {
  const deps = createSyncDeps(world.pipeline.config.engine, world.pipeline.clients, {
    log: silentLog,
    metrics: new MemoryMetrics(),
  });
  const merge = createMergeClient({
    baseUrl: world.proxy.baseUrl,
    apiKey: world.apiKey,
    timeoutMs: CHAOS_CLIENT_TIMING.timeoutMs,
  });
  return forceResyncInMerge({ ...deps, merge }, accountId);
}
