import type { HealthAssessment, HealthReason } from './health-rules';

/**
 * One plain sentence a support person can read to the end customer: what is wrong with their
 * connection and what they (or we) do about it. Never a model id, an error text or personal data.
 */
export function healthSummary(assessment: HealthAssessment, integration: string | undefined): string {
  const name = integration?.trim() || 'integration';
  const { modelsDone, modelsTotal } = assessment.initialSync;
  const sentences: Record<HealthReason, string> = {
    'account-deleted': `Your ${name} connection was removed; connect it again in Settings to resume syncing.`,
    'token-refused': `Your ${name} connection was revoked; reconnect it in Settings.`,
    'merge-relink-needed': `Your ${name} connection needs to be reconnected; reconnect it in Settings.`,
    'merge-account-idle': `Your ${name} connection is paused; reconnecting it in Settings resumes it.`,
    duplicate: `This ${name} connection duplicates another one and is not synced; our support team will help you keep one.`,
    'model-paused': `Your ${name} connection is paused; reconnecting it in Settings resumes it.`,
    'model-disabled': `Some ${name} data is turned off for this connection; our support team can help you turn it on.`,
    'merge-sync-failed': `Syncing your ${name} data keeps failing; we are retrying and our support team is looking into it.`,
    'fetch-failing': `Syncing your ${name} data keeps failing; we are retrying and our support team is looking into it.`,
    'behind-cadence': `Your ${name} data is running behind; recent changes will appear shortly.`,
    'first-fetch-pending': `Your ${name} data is being imported for the first time (${modelsDone} of ${modelsTotal} kinds of data done).`,
    'all-synced': `Your ${name} connection is working and up to date.`,
  };
  return sentences[assessment.reason];
}

/** What someone does about one issue, for staff (the console's issue list). */
export const ISSUE_ADVICE: Record<HealthReason, string> = {
  'account-deleted': 'The account was removed; its records were purged.',
  'token-refused':
    'Merge refused the account token: the end user relinks it (Merge Link with the same end_user_origin_id); polling resumes by itself.',
  'merge-relink-needed':
    "Merge reports RELINK_NEEDED: the end user relinks it; see its Issues in Merge's dashboard.",
  'merge-account-idle':
    'Merge paused the account (IDLE): a relink or a force resync in Merge (resync --in-merge) resumes it.',
  duplicate: 'Merge flags it is_duplicate: delete it in Merge, or relink the one to keep.',
  'model-paused': 'Merge paused this model: a relink or a force resync in Merge resumes it.',
  'model-disabled':
    "The model is off in the account's Common Model scopes in Merge: enable it there, or stop syncing it (accounts configure --models).",
  'merge-sync-failed':
    "Merge's last sync of this model failed: check the account's Issues in Merge, then resync.",
  'fetch-failing':
    'Our fetch of this model keeps failing (see its last error); it is retried; a resync starts over.',
  'behind-cadence':
    'Merge finished a sync we have not stored for over twice the cadence: check the queues, or resync.',
  'first-fetch-pending': 'The first fetch of some models has not finished yet.',
  'all-synced': 'Nothing to do.',
};
