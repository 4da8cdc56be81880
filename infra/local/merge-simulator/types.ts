import type { ModelIdSpelling } from './model-spec';
import type { OrgCategory } from './categories';

export type { Category, OrgCategory } from './categories';

// Shapes shared by the simulator's modules and its public API.
// Wire shapes (records, sync status, webhook payloads) use Merge's snake_case field names and are
// declared as type aliases, not interfaces, so they stay assignable to JsonValue.

/** Linked-account statuses (merge-api.md §9; the linked-accounts `status` filter). */
export type LinkedAccountStatus = 'COMPLETE' | 'INCOMPLETE' | 'RELINK_NEEDED' | 'IDLE';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A Common Model record exactly as Merge serialises it (ids as UUID strings, ISO-8601 UTC timestamps). */
export type MergeRecord = {
  id: string;
  remote_id: string | null;
  created_at: string;
  modified_at: string;
  remote_was_deleted: boolean;
  [field: string]: JsonValue;
};

/** Fields to set on a record; `undefined` values are ignored. */
export type RecordOverrides = { [field: string]: JsonValue | undefined };

/** Merge documents these six; the SDK types are open enums, so any string is accepted. */
export type SyncStatusValue = 'SYNCING' | 'DONE' | 'FAILED' | 'DISABLED' | 'PAUSED' | 'PARTIALLY_SYNCED';

/** One entry of GET /{category}/v1/sync-status (OAS `SyncStatus`). */
export type SyncStatusEntry = {
  model_name: string;
  model_id: string;
  last_sync_start: string | null;
  next_sync_start: string | null;
  last_sync_result: string | null;
  last_sync_finished: string | null;
  status: string;
  is_initial_sync: boolean;
  selective_sync_configurations_usage: 'IN_NEXT_SYNC' | 'IN_LAST_SYNC' | null;
};

export interface SimAccount {
  id: string;
  /** The current token: a relink keeps it, a regeneration replaces it (merge-api.md §9). */
  accountToken: string;
  category: OrgCategory;
  /** Display name, e.g. "BambooHR". */
  integration: string;
  integrationSlug: string;
  endUserOrganizationName: string;
  endUserOriginId: string;
  endUserEmailAddress: string;
  /** As Merge reports it: IDLE while the account is paused (help 8184193). */
  status: LinkedAccountStatus;
  statusDetail: string;
  /** null for test accounts, incomplete accounts and ignored duplicate sets (SDK `is_duplicate` doc). */
  isDuplicate: boolean | null;
  /** Id of the account whose credentials this one duplicates (for `include_duplicates`), else null. */
  duplicateOf: string | null;
  accountType: 'PRODUCTION' | 'TEST';
  completedAt: string;
  webhookListenerUrl: string;
  /** Model keys (e.g. `hris.Employee`, `filestorage.File`) that have a sync-status entry. */
  models: string[];
  /** Paused for inactivity or failing syncs (help 8184193), until a relink or a force resync. */
  paused: boolean;
  deleted: boolean;
}

export interface LinkAccountInput {
  category: OrgCategory;
  id?: string;
  accountToken?: string;
  integration?: string;
  integrationSlug?: string;
  endUserOrganizationName?: string;
  endUserOriginId?: string;
  endUserEmailAddress?: string;
  /**
   * Models with a sync-status entry: named (key or any `model_id` spelling), `'all'` for every
   * model of the category, or by default the category's usual ones (catalog-overlay.ts). Every
   * model's list answers either way.
   */
  models?: string[] | 'all';
  /** `'all-models'`: every model of the category is linked (unless `models` says otherwise) and seeded. */
  seed?: 'all-models';
  /** With `seed: 'all-models'`: live records per model (default 3). */
  seedPerModel?: number;
  /** With `seed: 'all-models'`: live records of particular models, by key or spelling. */
  seedCounts?: Record<string, number>;
  accountType?: 'PRODUCTION' | 'TEST';
  status?: LinkedAccountStatus;
  statusDetail?: string;
  isDuplicate?: boolean | null;
  /** Marks both accounts as duplicates of each other (is_duplicate true). */
  duplicateOf?: string;
  /** Put LinkedAccount.linked in the outbox (delivered when `webhookUrl` is set). Default true. */
  announce?: boolean;
}

export type FaultMatch = { accountId?: string; pathIncludes?: string };
type FaultCommon = { times?: number; match?: FaultMatch };

export type Fault =
  | ({
      kind: 'http429';
      /** Default 'none': Merge documents no headers on 429 (merge-api.md §12). */
      retryAfter?: 'seconds' | 'http-date' | 'none';
      retryAfterSeconds?: number;
    } & FaultCommon)
  | ({ kind: 'http5xx'; status: 500 | 502 | 503 } & FaultCommon)
  /** A refusal of one endpoint (say, a model the integration's permissions do not cover). */
  | ({ kind: 'http403' } & FaultCommon)
  | ({ kind: 'timeout' } & FaultCommon)
  | ({ kind: 'reset' } & FaultCommon)
  /** Answers late: 0 to 60 000 ms, the wait of Merge's own SDK (merge-api.md §12 "Timeouts"). */
  | ({ kind: 'slow'; delayMs: number } & FaultCommon)
  | ({ kind: 'malformed' } & FaultCommon);

export type FaultKind = Fault['kind'];

export interface RequestLogEntry {
  /** Arrival time on the simulator's clock (ms). */
  time: number;
  method: string;
  /** Path without the query string, e.g. `/api/hris/v1/employees`. */
  path: string;
  query: Record<string, string | string[]>;
  /** HTTP status sent; 0 when no response was sent (timeout or reset fault, or the client went away). */
  status: number;
  /** Account the X-Account-Token belongs to (also for a deleted account), else null. Never the token. */
  accountId: string | null;
  /** Present when an X-Account-Token was sent: true if it belongs to a live (not deleted) account. */
  tokenMatchesAccount?: boolean;
  /** The terminal fault injected into this request, if any (a `slow` fault alone is also recorded). */
  fault: FaultKind | null;
}

export interface RequestLogFilter {
  accountId?: string;
  pathIncludes?: string;
  status?: number;
}

export interface PageContext {
  accountId: string;
  modelId: string;
  /** 0 for the first page of a pagination, incremented by each `next` cursor followed. */
  pageIndex: number;
}

export type LinkedAccountPayload = {
  id: string;
  integration: string;
  integration_slug: string;
  category: OrgCategory;
  end_user_origin_id: string;
  end_user_organization_name: string;
  end_user_email_address: string;
  status: string;
  webhook_listener_url: string;
  is_duplicate: boolean | null;
  account_type: string;
  completed_at: string;
};

export type WebhookPayload = {
  hook: { id: string; event: string; target: string };
  linked_account: LinkedAccountPayload;
  data: JsonObject;
};

/** A webhook as sent on the wire: the raw body and its `X-Merge-Webhook-Signature`. */
export interface SignedWebhook {
  event: string;
  body: string;
  signature: string;
}

export interface SimulatorOptions {
  /** Required Bearer key. */
  apiKey: string;
  /** Org-wide key for signing webhooks. */
  webhookSignatureKey: string;
  /** 0 (default) = random free port on 127.0.0.1. */
  port?: number;
  /** Per account token, sliding 60 s window; null/undefined = no limit. */
  rateLimitPerMinute?: number | null;
  /** Include Retry-After on 429 (default false: no documented headers, merge-api.md §12). */
  rateLimitRetryAfter?: boolean;
  /** Clock in ms (default Date.now); lets tests and benchmarks scale time. */
  now?: () => number;
  /** Fixed delay before answering every list page (default 0). */
  pageDelayMs?: number;
  /** Deterministic ids and content when set. */
  seed?: number;
  /** First retry backoff of deliverWebhook; doubles per retry (default 1000: 1 s then 2 s). */
  webhookRetryBackoffMs?: number;
  /** Per-attempt timeout of deliverWebhook (default 30000, Merge's documented 30 s). */
  webhookTimeoutMs?: number;
  /** `hook.target` written into webhook payloads (default `http://127.0.0.1/webhooks/merge`). */
  webhookTarget?: string;
  /** Offset of next_sync_start after a sync starts (default 3600000 = 1 h). */
  syncIntervalMs?: number;
  /** Called with one line per answered request (method, path, status; never a token). */
  log?: (line: string) => void;
  /** Reading of the uncertain `model_id` spellings (merge-common-models §1.1). */
  modelIdSpelling?: ModelIdSpelling;
  /** Inactivity or failing syncs before an account pauses (default 14 days; null = never). */
  pauseAfterMs?: number | null;
  /** Receiver for the webhooks the simulator sends on its own (deletion, relink, linking). */
  webhookUrl?: string;
  /** How the server waits (slow faults, page delays); tests may pass a controllable one. */
  sleep?: (ms: number) => Promise<void>;
  /** Generated remote_data also carries `__proto__` and `constructor` keys (default false). */
  remoteDataHostileKeys?: boolean;
}
