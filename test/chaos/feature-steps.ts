import type { FaultKind } from './fault-kinds';
import type { Prng } from './lib/prng';
import { NOT_A_MODEL_BODIES, type Step } from './scenario-types';

/**
 * The steps that exercise one fault kind, on one account and one of its models (drawn by the
 * caller). Draws from the scenario's generator: the order of the draws is part of what a seed names.
 */
export function featureSteps(kind: FaultKind, rng: Prng, account: number, model: string): Step[] {
  switch (kind) {
    case 'http429-retry-after-seconds':
    case 'http429-retry-after-date':
    case 'http429-no-retry-after':
    case 'http500':
    case 'http502':
    case 'http503':
    case 'timeout':
    case 'connection-reset':
    case 'slow-page':
    case 'slow-page-long':
    case 'malformed-page':
      return [
        {
          kind: 'simFault',
          account,
          fault: kind,
          model: rng.chance(0.7) ? model : null,
          times: kind === 'timeout' || kind === 'slow-page-long' ? 1 : rng.int(1, 3),
        },
        { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
        { kind: 'mergeSync', account, result: 'DONE', signal: rng.pick(['account', 'models'] as const) },
        { kind: 'process', rounds: 3, parallelJobs: rng.int(1, 2) },
      ];
    case 'modified-mid-pagination':
      return [{ kind: 'midPagination', account, model, atPage: 1, changes: rng.int(2, 6) }];
    case 'webhook-duplicated':
    case 'webhook-reordered':
    case 'webhook-delayed':
    case 'webhook-lost':
      return [
        { kind: 'upstream', account, model, changes: rng.int(3, 8), odd: false, oversized: false },
        { kind: 'changedWebhooks' },
        { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
      ];
    case 'sqs-redelivery':
      return [
        { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
        { kind: 'changedWebhooks' },
        { kind: 'redeliver', queue: 'events' },
        { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
        { kind: 'process', rounds: 1, parallelJobs: 1 },
        { kind: 'redeliver', queue: rng.pick(['jobs', 'polls'] as const) },
      ];
    case 'handler-killed-mid-batch':
      return [
        { kind: 'upstream', account, model, changes: rng.int(3, 8), odd: false, oversized: false },
        { kind: 'changedWebhooks' },
        { kind: 'killBatch', queue: 'events' },
      ];
    case 'handler-killed-mid-fetch':
      return [{ kind: 'killFetch', account, model, atPage: rng.int(0, 1) }];
    case 'fetch-merge-keeps-failing':
      return [
        {
          kind: 'failingFetch',
          account,
          model,
          failures: rng.int(5, 9),
          status: rng.pick([500, 502, 503] as const),
        },
      ];
    case 'two-fetch-jobs-at-once':
      return [
        { kind: 'upstream', account, model, changes: rng.int(1, 5), odd: false, oversized: false },
        { kind: 'doubleJob', account, model },
      ];
    case 'relink':
      return [{ kind: 'relink', account }];
    case 'account-deleted-during-fetch':
      return [{ kind: 'deleteDuringFetch', account, model }];
    case 'sync-failed-then-done':
      return [
        { kind: 'upstream', account, model, changes: rng.int(1, 5), odd: false, oversized: false },
        { kind: 'failedThenDone', account },
      ];
    case 'poison-message':
      return [{ kind: 'poison', queue: rng.pick(['events', 'jobs'] as const) }];
    case 'runtime-restarted':
      return [{ kind: 'restart', signal: rng.pick(['SIGTERM', 'SIGKILL'] as const) }];
    case 'bus-throttled':
      return [
        { kind: 'busThrottle', refusals: rng.int(3, 70) },
        { kind: 'upstream', account, model, changes: rng.int(2, 8), odd: false, oversized: false },
        { kind: 'changedWebhooks' },
        { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
        { kind: 'process', rounds: 3, parallelJobs: 2 },
      ];
    case 'merge-clock-skew':
      return [
        { kind: 'upstream', account, model, changes: rng.int(2, 8), odd: false, oversized: false },
        { kind: 'mergeSync', account, result: 'DONE', signal: 'account' },
      ];
    case 'model-id-spelling':
      // The spelling is the run's (scenario.ts); its syncs signalled by webhook and found by polls.
      return [
        { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
        { kind: 'mergeSync', account, result: 'DONE', signal: rng.pick(['account', 'none'] as const) },
        { kind: 'schedule', tier: null },
        { kind: 'process', rounds: 2, parallelJobs: 1 },
      ];
    case 'syncing-while-queued':
      return [{ kind: 'syncingQueued', account, model, changes: rng.int(1, 5) }];
    case 'org-wide-webhook':
      return [{ kind: 'orgWideWebhooks', model }];
    case 'test-delivery':
      return [{ kind: 'testDelivery', shape: rng.pick(['ping', 'sample'] as const) }];
    case 'webhook-replayed':
      return [{ kind: 'replayLinked', account }];
    case 'account-deleted-at-merge':
      return [{ kind: 'deletedAtMerge', account }];
    case 'bad-record':
      return [
        { kind: 'badRecord', account, model, shape: { kind: 'huge' } },
        { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
        { kind: 'process', rounds: 2, parallelJobs: 1 },
      ];
    case 'bad-record-deep':
      return [
        {
          kind: 'badRecord',
          account,
          model,
          shape: {
            kind: 'deep',
            field: rng.pick(['field_mappings', 'x_chaos_deep'] as const),
            webhook: rng.chance(0.5),
            after: rng.int(1, 5),
          },
        },
      ];
    case 'bad-record-not-a-model':
      return [
        {
          kind: 'badRecord',
          account,
          model,
          shape: { kind: 'not-a-model', body: rng.pick(NOT_A_MODEL_BODIES), after: rng.int(1, 5) },
        },
      ];
    case 'paused-by-merge':
      return [
        {
          kind: 'mergePause',
          account,
          model,
          scope: rng.pick(['account', 'model'] as const),
          resume: rng.pick(['relink', 'force-resync'] as const),
          changes: rng.int(1, 5),
        },
      ];
    case 'duplicate-account':
      return [
        {
          kind: 'duplicateLinked',
          account,
          model,
          resolution: rng.pick(['delete-duplicate', 'unflag'] as const),
          changes: rng.int(1, 5),
        },
      ];
    case 'sync-status-odd':
      return [
        {
          kind: 'oddStatus',
          account,
          model,
          status: rng.pick(['PAUSED', 'DISABLED', 'SYNCING', 'QUEUED_FOR_RESYNC']),
          signal: rng.chance(0.5),
        },
        { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
        { kind: 'process', rounds: 2, parallelJobs: 1 },
        { kind: 'schedule', tier: null },
      ];
  }
}
