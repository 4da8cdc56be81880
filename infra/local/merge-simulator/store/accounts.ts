import { DEFAULT_INTEGRATIONS, defaultModelsOf, modelSpec, modelsOf } from '../catalog';
import type { ModelIdSpelling, ModelSpec } from '../model-spec';
import { createWorld } from '../record-factory';
import type { AccountWorld } from '../record-factory';
import type { Random } from '../random';
import type { Stamper } from '../time';
import type { LinkAccountInput, LinkedAccountStatus, SimAccount } from '../types';
import { RecordTable } from './records';
import { SyncTracker } from './sync-status';

// The organization's linked accounts (merge-api.md §9): linking, relinking (same id and token),
// token regeneration (a new token; the old one is refused), statuses, duplicates, deletion.

export interface AccountState {
  /** Stored facts; read the account through `AccountRegistry.view` for what Merge reports. */
  account: SimAccount;
  world: AccountWorld;
  tables: Map<string, RecordTable>;
  sync: SyncTracker;
  /** Link order, for the linked-accounts listing. */
  seq: number;
}

export interface StoreConfig {
  rng: Random;
  stamper: Stamper;
  now: () => number;
  syncIntervalMs: number;
  spelling: ModelIdSpelling;
  pauseAfterMs: number | null;
  hostileKeys: boolean;
}

export class AccountRegistry {
  private seq = 0;
  private readonly accounts = new Map<string, AccountState>();
  private readonly tokens = new Map<string, string>();
  /** Tokens replaced by a regeneration, still attributed to their account in the request log. */
  private readonly retired = new Map<string, string>();

  constructor(private readonly config: StoreConfig) {}

  link(input: LinkAccountInput): AccountState {
    const { rng, stamper } = this.config;
    const category = input.category;
    const all = modelsOf(category);
    if (all.length === 0) throw new Error(`Unknown category ${JSON.stringify(category)}`);
    const specs = this.modelsToLink(input, all);
    const id = input.id ?? rng.uuid();
    const accountToken = input.accountToken ?? rng.token();
    if (this.accounts.has(id)) throw new Error(`Account ${id} already exists`);
    if (this.tokens.has(accountToken)) throw new Error('Account token already in use');
    const original = input.duplicateOf !== undefined ? this.live(input.duplicateOf).account : undefined;
    const integration = DEFAULT_INTEGRATIONS[category];
    const organization = input.endUserOrganizationName ?? original?.endUserOrganizationName ?? 'Acme Corp';
    const account: SimAccount = {
      id,
      accountToken,
      category,
      integration: input.integration ?? original?.integration ?? integration.name,
      integrationSlug: input.integrationSlug ?? original?.integrationSlug ?? integration.slug,
      endUserOrganizationName: organization,
      endUserOriginId: input.endUserOriginId ?? `org_${rng.digits(6)}_${category}`,
      endUserEmailAddress: input.endUserEmailAddress ?? 'admin@example.com',
      status: input.status ?? 'COMPLETE',
      statusDetail: input.statusDetail ?? '',
      isDuplicate: input.isDuplicate ?? (original ? true : null),
      duplicateOf: original ? (original.duplicateOf ?? original.id) : null,
      accountType: input.accountType ?? 'PRODUCTION',
      completedAt: stamper.nextIso(),
      // Not the account token: Merge's listener URL carries a separate opaque id.
      webhookListenerUrl: `https://api.merge.dev/api/integrations/webhook-listener/${rng.token(32)}`,
      models: specs.map((s) => s.modelId),
      paused: false,
      deleted: false,
    };
    if (original) original.isDuplicate = true;
    const { spelling, now, syncIntervalMs, pauseAfterMs } = this.config;
    const state: AccountState = {
      account,
      world: createWorld(organization),
      tables: new Map(all.map((s) => [s.modelId, new RecordTable()])),
      sync: new SyncTracker(specs, spelling, stamper, now, syncIntervalMs, pauseAfterMs),
      seq: ++this.seq,
    };
    this.accounts.set(id, state);
    this.tokens.set(accountToken, id);
    return state;
  }

  /**
   * The models with a sync-status entry: the ones named, every model of the category (`'all'`, or
   * seeding every model), else the category's defaults (catalog-overlay.ts DEFAULT_MODELS).
   */
  private modelsToLink(input: LinkAccountInput, all: ModelSpec[]): ModelSpec[] {
    const models = input.models ?? (input.seed === 'all-models' ? 'all' : undefined);
    if (models === 'all') return all;
    if (models === undefined) return defaultModelsOf(input.category);
    return models.map((id) => {
      const spec = modelSpec(id);
      if (spec.category !== input.category) throw new Error(`${id} is not a ${input.category} model`);
      return spec;
    });
  }

  /** What Merge reports: IDLE while paused (help 8184193), a copy the caller may keep. */
  view(state: AccountState): SimAccount {
    state.sync.refresh();
    const paused = state.sync.paused;
    const a = state.account;
    const status: LinkedAccountStatus = paused && a.status === 'COMPLETE' ? 'IDLE' : a.status;
    return { ...a, status, paused, models: [...a.models] };
  }

  /** Any account, deleted or not; throws when unknown. */
  state(accountId: string): AccountState {
    const s = this.accounts.get(accountId);
    if (!s) throw new Error(`Unknown account ${accountId}`);
    return s;
  }

  /** A live account; throws when unknown or deleted. */
  live(accountId: string): AccountState {
    const s = this.state(accountId);
    if (s.account.deleted) throw new Error(`Account ${accountId} was deleted`);
    return s;
  }

  find(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  /** The account a token names, and whether the token is its current one and the account lives. */
  resolveToken(token: string): { accountId: string; valid: boolean } | undefined {
    const current = this.tokens.get(token);
    if (current !== undefined) {
      return { accountId: current, valid: this.accounts.get(current)?.account.deleted === false };
    }
    const old = this.retired.get(token);
    return old !== undefined ? { accountId: old, valid: false } : undefined;
  }

  liveAccounts(): AccountState[] {
    return [...this.accounts.values()].filter((s) => !s.account.deleted).sort((a, b) => a.seq - b.seq);
  }

  /** Deletes the account: its token stops working and its records are dropped. */
  delete(accountId: string): void {
    const s = this.state(accountId);
    s.account.deleted = true;
    s.tables = new Map([...s.tables.keys()].map((k) => [k, new RecordTable()]));
  }

  /** POST account-token/regenerate: a new token; the old one is refused from now on. */
  regenerateToken(accountId: string): string {
    const s = this.live(accountId);
    const token = this.config.rng.token();
    this.tokens.delete(s.account.accountToken);
    this.retired.set(s.account.accountToken, accountId);
    this.tokens.set(token, accountId);
    s.account.accountToken = token;
    return token;
  }

  /** The end user relinks: same id, origin id and token (merge-api.md §9); active again, a sync starts. */
  relink(accountId: string): void {
    const s = this.live(accountId);
    s.account.status = 'COMPLETE';
    s.account.statusDetail = '';
    s.sync.resume();
  }

  setStatus(accountId: string, status: LinkedAccountStatus, detail = ''): void {
    const s = this.live(accountId);
    s.account.status = status;
    s.account.statusDetail = detail;
  }
}
