/** The checks of a chaos run, by the name a failed run reports them under. */
export const CHECK = {
  cursors: 'cursors-never-move-back-or-ahead',
  store: 'store-matches-merge',
  webhooksProcessed: 'accepted-webhooks-processed',
  idleWrites: 'idle-pass-writes-nothing',
  idleRequests: 'idle-pass-sends-nothing-for-deleted-accounts',
  idleDrift: 'idle-pass-finds-no-drift',
  changeEvents: 'change-events-end-with-the-store',
  wireTokens: 'requests-carry-their-accounts-token',
  readApi: 'read-api-keeps-accounts-apart',
  deadLetters: 'dead-letters-are-the-poison',
  retiredPurged: 'retired-accounts-purged',
  noDeadLetters: 'no-stray-dead-letters',
  secrets: 'no-secret-in-output',
  modelIds: 'merge-model-id-spellings-matched',
} as const;
