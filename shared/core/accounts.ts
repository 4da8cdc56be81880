import type { Category } from '../merge/types';

/**
 * ACTIVE: synced. DELETED: a tombstone (never brought back). NOT_SYNCED: an account of a category
 * this product does not sync (knowledgebase, chat, mktg: Merge's webhooks are organization-wide),
 * recorded and listed with its token, never polled.
 */
export type AccountStatus = 'ACTIVE' | 'DELETED' | 'NOT_SYNCED';

/** What every account keeps. Never holds the account token (stored apart, read only to call Merge). */
interface AccountFields {
  id: string;
  integration?: string;
  integrationSlug?: string;
  endUserOrganizationName?: string;
  endUserOriginId?: string;
  endUserEmailAddress?: string;
  accountType?: string;
  /** How we learnt of it: Merge's LinkedAccount.linked webhook, or an operator's import. */
  source: 'webhook' | 'import';
  linkedAt: string;
  updatedAt: string;
  deletedAt?: string;
  issue?: AccountIssue;
  /** Set while the initial sync is watched closely; a poll message carrying another id is stale. */
  watch?: { id: string; startedAt: string };
  /** What an operator changed for this account (accounts configure): models, cadence, plan limit. */
  overrides?: StoredAccountOverrides;
  /** Merge flags the account `is_duplicate`: it is not polled or fetched (shared/sync/duplicates.ts). */
  duplicate?: DuplicateMark;
  /** Merge's status of the account (COMPLETE, IDLE = paused, RELINK_NEEDED...), from account-details. */
  mergeStatus?: { status: string; since: string };
  /** Model ids Merge reported that no model of the category is known by (shared/sync/model-ids.ts). */
  unmatchedModelIds?: UnmatchedModelId[];
  /**
   * Its only token came while Merge could not confirm it: checked at the first poll, and the account
   * is removed if Merge refuses it (a dashboard test delivery is never an account).
   */
  unconfirmed?: boolean;
}

/** Why an account is not synced as a duplicate: where Merge said so, and since when. */
export interface DuplicateMark {
  source: 'webhook' | 'account-details';
  since: string;
}

/** A `model_id` spelling Merge sent that matched no model: where it came from and when first seen. */
export interface UnmatchedModelId {
  modelId: string;
  source: string;
  firstSeenAt: string;
}

/** An account of a category we sync (or its tombstone). */
export interface SyncedAccount extends AccountFields {
  category: Category;
  status: 'ACTIVE' | 'DELETED';
}

/** An account of a category we do not sync (or its tombstone): `category` is Merge's, as sent. */
export interface UnsyncedAccount extends AccountFields {
  category: string;
  status: 'NOT_SYNCED' | 'DELETED';
}

/** A linked account as we keep it. Only an ACTIVE one is polled, fetched or sent webhooks' data. */
export type LinkedAccount = SyncedAccount | UnsyncedAccount;

export interface AccountIssue {
  event: string;
  status: string;
  id?: string;
  description?: string;
  at: string;
}

/**
 * What an operator may change for one linked account (`accounts configure`): which of the
 * deployment's models it syncs, at which cadence tier, and its Merge plan's request limit. Validated
 * by shared/config/account-overrides.ts (its schema's output is checked against this type).
 */
export interface AccountOverrides {
  /** The models this account syncs: a subset of the deployment's models of its category. */
  models?: string[];
  /** Per model, the cadence tier its /sync-status is polled at (a tier the deployment declares). */
  cadence?: Record<string, string>;
  /** This account's plan limit (requests per minute), when its Merge plan differs from the deployment's. */
  planRequestsPerMinute?: number;
  /** Per model, the top-level fields its records leave out for this account (replaces the deployment's). */
  denyFields?: Record<string, string[]>;
}

/** As stored on the account: the overrides and when they were last changed. */
export interface StoredAccountOverrides extends AccountOverrides {
  updatedAt: string;
}

/**
 * An account's token as stored, in an item of its own that no listing reads (never on the account).
 * Its changes are decided by shared/sync/account-tokens.ts.
 */
export interface StoredToken {
  /** The token every request for the account is sent with. */
  token: string;
  /** Merge could not confirm it when it arrived (it was unavailable): checked at the next poll. */
  unverified?: boolean;
  /**
   * Newer tokens Merge could not confirm yet (a LinkedAccount.linked while Merge was unavailable):
   * the current token stays in use until one of them is confirmed, so neither a real token nor a
   * working one is lost.
   */
  candidates?: string[];
  /** Hashes (never the tokens) of the tokens this one replaced: none of them is used or stored again. */
  retired: string[];
}
