import type { SyncSettings } from '../config/sync-config';
import type { LinkedAccount } from '../core/accounts';
import { newSyncState, type SyncState } from '../core/sync-state';
import type { Clock } from '../runtime/clock';
import type { AccountStore, RecordStore, SyncStateStore } from '../store/ports';
import { assessHealth, type HealthAssessment, type HealthIssue, type ModelHealthInput } from './health-rules';
import { ISSUE_ADVICE, healthSummary } from './summary';
import { healthTimeline } from './timeline';

export interface HealthDeps {
  accounts: Pick<AccountStore, 'get'>;
  states: Pick<SyncStateStore, 'listForAccount'>;
  settings: SyncSettings;
  clock: Clock;
}

/** A model whose tier is no longer declared is judged at the slowest cadence we know of: a day. */
const FALLBACK_CADENCE_MINUTES = 1440;

/** Per model the account syncs (its plan): its cadence and stored sync state, and the states themselves. */
export async function healthInputs(
  deps: HealthDeps,
  account: LinkedAccount,
): Promise<{ inputs: ModelHealthInput[]; states: SyncState[] }> {
  const states = await deps.states.listForAccount(account.id);
  const stored = new Map(states.map((s) => [s.modelId, s]));
  const inputs = deps.settings.forAccount(account).models.map((m) => ({
    modelId: m.modelId,
    cadenceMinutes: deps.settings.tier(m.tier)?.everyMinutes ?? FALLBACK_CADENCE_MINUTES,
    state: stored.get(m.modelId) ?? newSyncState(account.id, m.modelId),
  }));
  return { inputs, states };
}

export async function assessAccount(deps: HealthDeps, account: LinkedAccount): Promise<HealthAssessment> {
  const { inputs } = await healthInputs(deps, account);
  return assessHealth(account, inputs, deps.clock.now());
}

const issueView = (i: HealthIssue) => ({
  reason: i.reason,
  model: i.model,
  since: i.since,
  what_to_do: ISSUE_ADVICE[i.reason],
  actions: i.actions,
});

/**
 * GET /accounts/{accountId}/health: the state, a sentence for the end customer, per model its
 * status, last success, lag and records, the issues with what fixes them, and a timeline. With
 * `countRecords`, `records` is the exact number of live records per model (it reads them all).
 */
export async function accountHealth(
  deps: HealthDeps & { records: Pick<RecordStore, 'countLive'> },
  accountId: string,
  options: { countRecords: boolean } = { countRecords: true },
) {
  const account = await deps.accounts.get(accountId);
  if (!account) return undefined;
  const { inputs } = await healthInputs(deps, account);
  const now = deps.clock.now();
  const assessment = assessHealth(account, inputs, now);
  const count = options.countRecords && account.status === 'ACTIVE';
  const models = [];
  for (const [i, row] of assessment.models.entries()) {
    const state = inputs[i]!.state;
    models.push({
      model: row.model,
      state: row.state,
      merge_status: row.mergeStatus,
      last_success_at: row.lastSuccessAt,
      lag_seconds: row.lagSeconds,
      records: count ? await deps.records.countLive(account.id, row.model) : null,
      issue: row.issue ? issueView(row.issue) : null,
      cadence_minutes: inputs[i]!.cadenceMinutes,
      fetch_in_progress: state.run !== undefined,
      last_error: state.lastError ?? null,
    });
  }
  return {
    account_id: account.id,
    integration: account.integration ?? null,
    category: account.category,
    end_user_organization_name: account.endUserOrganizationName ?? null,
    end_user_origin_id: account.endUserOriginId ?? null,
    state: assessment.state,
    reason: assessment.reason,
    summary: healthSummary(assessment, account.integration),
    initial_sync: {
      models_done: assessment.initialSync.modelsDone,
      models_total: assessment.initialSync.modelsTotal,
    },
    models,
    issues: assessment.issues.map(issueView),
    actions: assessment.actions,
    timeline: healthTimeline(account, inputs),
    checked_at: new Date(now).toISOString(),
  };
}

export type AccountHealthView = NonNullable<Awaited<ReturnType<typeof accountHealth>>>;
