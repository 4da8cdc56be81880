/**
 * Whether a text can be a Merge id (a linked account's or a Common Model object's). Merge's ids are
 * UUIDs (reference §6: `linked_account.id`, a record's `id`); we accept any id-like text of letters,
 * digits, `-` and `_` up to 100 characters, which every Merge id is. Anything else (3,000
 * characters, `/`, control characters) is not Merge's: a webhook naming one is answered 200,
 * counted and ignored, never retried into the dead-letter queue (DynamoDB refuses such keys).
 */
export const MAX_MERGE_ID_LENGTH = 100;
const MERGE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function isPlausibleMergeId(id: unknown): id is string {
  return typeof id === 'string' && id.length <= MAX_MERGE_ID_LENGTH && MERGE_ID.test(id);
}

/** The ids a webhook names that must be Merge ids: its linked account, and a record event's object. */
export function implausibleWebhookId(
  envelope: { linked_account: { id: string }; data?: unknown },
  isRecordEvent: boolean,
): 'linked-account-id' | 'record-id' | undefined {
  if (!isPlausibleMergeId(envelope.linked_account.id)) return 'linked-account-id';
  if (!isRecordEvent) return undefined;
  const data = envelope.data;
  const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
  // A record event without an id is the processor's to note (bad-records); a present one must be an id.
  return id === undefined || isPlausibleMergeId(id) ? undefined : 'record-id';
}
