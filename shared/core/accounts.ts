import type { Category } from '../merge/types';

export type AccountStatus = 'ACTIVE' | 'DELETED';

/** A linked account as we keep it. Never holds the account token (stored apart, read only to call Merge). */
export interface LinkedAccount {
  id: string;
  category: Category;
  status: AccountStatus;
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
