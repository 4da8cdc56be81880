import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createMergeClient, type MergeClient, type MergeClientOptions } from '../../merge/client';
import { SharedFailureGuard } from '../../merge/shared-failure-guard';
import { SharedRequestPacer } from '../../merge/shared-request-pacer';
import { METRIC } from '../../observability/ports';
import { DynamoFailureCountStore } from '../../store/dynamodb/failure-count-store';
import { DynamoRateScheduleStore } from '../../store/dynamodb/rate-schedule-store';
import { liveTokenReader } from '../../sync/live-token-reader';
import type { MergeDeps, SyncDeps } from '../../sync/ports';
import type { MergeClientTiming, MergeFunctionConfig } from '../config/runtime-config';
import { secretSource } from '../secrets';
import { clientConfig } from './aws-clients';

/** The caller's limits, a shorter configured timeout winning over the caller's own. */
function shorterLimits(
  timing: MergeClientTiming | undefined,
  limits: Pick<MergeClientOptions, 'timeoutMs' | 'maxAttempts'>,
): Pick<MergeClientOptions, 'timeoutMs' | 'maxAttempts'> {
  if (limits.timeoutMs === undefined || timing?.timeoutMs === undefined) return limits;
  return { ...limits, timeoutMs: Math.min(limits.timeoutMs, timing.timeoutMs) };
}

/** The Merge side, built on first use (the API key is fetched asynchronously), then kept. */
export type LazyMergeDeps = () => Promise<MergeDeps & { client: MergeClient }>;

/**
 * The Merge client: the API key from Secrets Manager (or given locally), the configured base URL,
 * every request paced per linked account through the table's shared schedule, so all instances
 * together stay under the account's plan limit, and failing requests counted for the whole
 * deployment (Merge blocks an IP, not an instance, after 20 failures in 10 s). Cached for the life of the Lambda instance; a build
 * that failed (a secret not set yet) is tried again on the next call.
 */
export function lazyMergeDeps(
  config: Pick<MergeFunctionConfig, 'aws' | 'engine' | 'merge'>,
  deps: SyncDeps,
  dynamodb: DynamoDBClient,
  /** Shorter waits for a caller with a small budget (the event processor's token checks). */
  limits: Pick<MergeClientOptions, 'timeoutMs' | 'maxAttempts'> = {},
): LazyMergeDeps {
  const apiKey = secretSource(config.merge.apiKey, 'MERGE_API_KEY', {
    clock: deps.clock,
    client: () => new SecretsManagerClient(clientConfig(config.aws, 'secretsManager')),
  });
  let built: Promise<MergeDeps & { client: MergeClient }> | undefined;
  return () => {
    built ??= (async () => {
      const schedule = new DynamoRateScheduleStore(dynamodb, config.engine.tableName);
      const pacer = new SharedRequestPacer(schedule, {
        requestsPerMinute: deps.settings.requestsPerMinute,
        budgetShare: deps.settings.config.budgetShare,
        clock: deps.clock,
      });
      const failureGuard = new SharedFailureGuard(
        new DynamoFailureCountStore(dynamodb, config.engine.tableName),
        {
          onStoreError: (error, operation) =>
            deps.log.warn('Merge failure guard fell back to this instance', {
              operation,
              error: error instanceof Error ? error.name : String(error),
            }),
        },
      );
      const client = createMergeClient({
        ...config.merge.clientTiming,
        ...shorterLimits(config.merge.clientTiming, limits),
        baseUrl: config.merge.baseUrl,
        apiKey: await apiKey(),
        pacer,
        failureGuard,
        clock: deps.clock,
        onEvent: (event) => {
          if (event.type === 'request') deps.metrics.add(METRIC.mergeRequests, 1);
          else if (event.type === 'rate-limited') deps.metrics.add(METRIC.merge429s, 1);
          else if (event.type === 'retry') {
            deps.metrics.add(METRIC.mergeRetries, 1);
            deps.log.warn('Merge request retried', {
              path: event.path.split('?')[0],
              reason: event.reason,
              status: event.status,
              delayMs: event.delayMs,
            });
          }
        },
      });
      const scheduleBacklogMs = async (accountId: string) =>
        Math.max(0, (await schedule.read(accountId)).nextSlotAt - deps.clock.now());
      // Pages and sync status with the token as stored at each request (live-token-reader.ts).
      return { merge: liveTokenReader(client, deps.accounts), client, scheduleBacklogMs };
    })().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
