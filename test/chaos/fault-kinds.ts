/** Every fault kind the issue lists, by family; the report counts each. */
export const FAULT_KINDS = {
  simulator: [
    'http429-retry-after-seconds',
    'http429-retry-after-date',
    'http429-no-retry-after',
    'http500',
    'http502',
    'http503',
    'timeout',
    'connection-reset',
    'slow-page',
    'malformed-page',
    'modified-mid-pagination',
  ],
  delivery: [
    'webhook-duplicated',
    'webhook-reordered',
    'webhook-delayed',
    'webhook-lost',
    'sqs-redelivery',
    'handler-killed-mid-batch',
    'handler-killed-mid-fetch',
    'fetch-merge-keeps-failing',
    'runtime-restarted',
  ],
  control: [
    'two-fetch-jobs-at-once',
    'relink',
    'account-deleted-during-fetch',
    'sync-failed-then-done',
    'poison-message',
  ],
  /** Beyond the list: the change-event bus throttling, Merge's clock off ours, odd statuses. */
  extra: ['bus-throttled', 'merge-clock-skew', 'sync-status-odd'],
  /** Merge's behaviours the reference's corrections name (merge-api.md §12; issue 12). */
  merge: [
    'model-id-spelling',
    'syncing-while-queued',
    'slow-page-long',
    'org-wide-webhook',
    'test-delivery',
    'webhook-replayed',
    'account-deleted-at-merge',
    'bad-record',
    // Added after the 2026-12-03 default-profile figures (docs/reliability.md): appended, so the
    // seeds up to 35 keep the featured kind they had.
    'paused-by-merge',
    'duplicate-account',
    'bad-record-deep',
    'bad-record-not-a-model',
  ],
} as const;
export type FaultKind =
  | (typeof FAULT_KINDS.simulator)[number]
  | (typeof FAULT_KINDS.delivery)[number]
  | (typeof FAULT_KINDS.control)[number]
  | (typeof FAULT_KINDS.extra)[number]
  | (typeof FAULT_KINDS.merge)[number];
export const ALL_FAULT_KINDS: readonly FaultKind[] = [
  ...FAULT_KINDS.simulator,
  ...FAULT_KINDS.delivery,
  ...FAULT_KINDS.control,
  ...FAULT_KINDS.extra,
  ...FAULT_KINDS.merge,
];

export type SimFaultKind =
  | 'http429-retry-after-seconds'
  | 'http429-retry-after-date'
  | 'http429-no-retry-after'
  | 'http500'
  | 'http502'
  | 'http503'
  | 'timeout'
  | 'connection-reset'
  | 'slow-page'
  | 'slow-page-long'
  | 'malformed-page';

/** Kinds a seed can feature; `runtime-restarted` is featured only by the restart runs. */
export const FEATURABLE: readonly FaultKind[] = ALL_FAULT_KINDS.filter((k) => k !== 'runtime-restarted');
