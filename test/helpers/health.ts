import { lambdaContext } from '../../infra/local/lambda-context';
import { HEALTH_CHANGED } from '../../shared/health/health-changes';
import { httpApiEvent } from './events';
import type { SyncFixture } from './sync-fixture';

export interface HealthChangedDetail {
  accountId: string;
  from: string | null;
  to: string;
  reason: string;
  summary: string;
}

/** Every Account Health Changed event of the account on the local bus, oldest first. */
export const healthChanges = (f: SyncFixture, accountId: string) =>
  f.pipeline.bus
    .since()
    .filter(
      (e) =>
        e.detailType === HEALTH_CHANGED &&
        (e.detail as unknown as HealthChangedDetail).accountId === accountId,
    )
    .map((e) => e.detail as unknown as HealthChangedDetail);

/** The account's announced changes as `from→to`. */
export const transitions = (f: SyncFixture, accountId: string) =>
  healthChanges(f, accountId).map((c) => `${c.from}→${c.to}`);

/** GET /accounts/{id}/health through the real read-API handler. */
export async function readHealth(f: SyncFixture, accountId: string) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path: `/accounts/${accountId}/health` }),
    lambdaContext('read-api', 10_000),
  );
  return JSON.parse(String(result.body)) as {
    state: string;
    summary: string;
    issues: { reason: string }[];
    actions: string[];
    initial_sync: { models_done: number; models_total: number };
    models: { model: string; state: string; last_success_at: string | null }[];
  };
}
