import { createHash, createHmac } from 'node:crypto';
import { modelKey, modelSpec } from './catalog';
import type { Random } from './random';
import { cloneJson } from './json';
import { syncedFieldsOf } from './record-factory';
import { accountDetails, renderRecord } from './render';
import type { SimStore } from './store/data';
import type { Stamper } from './time';
import type { JsonObject, SyncStatusEntry, WebhookPayload } from './types';

// Webhook payloads as Merge sends them (merge-api.md §6): `{hook: {id, event, target}, linked_account,
// data}`. `hook.id` is the id of the webhook configuration for the event type, not a per-delivery id,
// so it repeats across deliveries of the same event type. Model names in events follow
// merge-common-models §5.2 (`CRMContact.changed`, `FileStorageFile.synced`); `model_id`s inside follow
// §1.1. Webhooks are organization-wide (§12): any account of any category can be the subject.

/** base64url(HMAC-SHA256(key, raw body)), keeping the `=` padding like Merge's documented Python. */
export function signBody(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export type ChangeAction = 'added' | 'changed' | 'removed';
export type IssueStatus = 'ONGOING' | 'RESOLVED';

interface IssueState {
  id: string;
  firstIncident: string;
}

export class WebhookFactory {
  private readonly hookSalt: string;
  private readonly issues = new Map<string, IssueState>();

  constructor(
    private readonly store: SimStore,
    private readonly rng: Random,
    private readonly stamper: Stamper,
    private readonly target: string,
  ) {
    this.hookSalt = rng.token(16);
  }

  /** Stable UUID-shaped id of the (simulated) webhook configuration for an event type. */
  private hookId(event: string): string {
    const hex = createHash('sha256').update(`${this.hookSalt}:${event}`).digest('hex');
    const v = `4${hex.slice(13, 16)}`;
    const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${v}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private envelope(event: string, accountId: string, data: JsonObject): WebhookPayload {
    return {
      hook: { id: this.hookId(event), event, target: this.target },
      linked_account: accountDetails(this.store.view(accountId)),
      data,
    };
  }

  /** `LinkedAccount.linked`: the only webhook that carries the account token. */
  linked(accountId: string, opts: { isRelink?: boolean } = {}): WebhookPayload {
    const account = this.store.state(accountId).account;
    return this.envelope('LinkedAccount.linked', accountId, {
      account_token: account.accountToken,
      is_relink: opts.isRelink ?? false,
    });
  }

  /** `LinkedAccount.sync_completed`: data.sync_status is a map keyed by model_id. */
  syncCompleted(
    accountId: string,
    opts: { isInitialSync?: boolean; models?: string[] } = {},
  ): WebhookPayload {
    const sync = this.store.live(accountId).sync;
    const wanted = opts.models?.map(modelKey);
    const keys = sync.keys();
    const entries = sync.entries().filter((_e, i) => !wanted || wanted.includes(keys[i] ?? ''));
    const syncStatus: JsonObject = {};
    for (const e of entries) {
      syncStatus[e.model_id] = {
        last_sync_result: e.last_sync_result,
        last_sync_finished: e.last_sync_finished,
      };
    }
    return this.envelope('LinkedAccount.sync_completed', accountId, {
      is_initial_sync: opts.isInitialSync ?? sync.lastFinishedWasInitial(),
      sync_status: syncStatus,
    });
  }

  /** `{Model}.synced`: the model's full sync status plus data_fresh_as_of and sync_status_reason. */
  modelSynced(accountId: string, modelId: string): WebhookPayload {
    const state = this.store.live(accountId);
    const spec = modelSpec(modelId);
    const entry: SyncStatusEntry = state.sync.entry(modelId);
    const wasInitial =
      entry.last_sync_finished === null ? entry.is_initial_sync : state.sync.lastFinishedWasInitial(modelId);
    return this.envelope(`${spec.webhookName}.synced`, accountId, {
      integration_name: state.account.integration,
      integration_id: state.account.integrationSlug,
      synced_fields: syncedFieldsOf(spec.modelId),
      sync_status: {
        ...entry,
        data_fresh_as_of: entry.last_sync_start,
        sync_status_reason: null,
        is_initial_sync: wasInitial,
      },
    });
  }

  /**
   * `{Model}.added|changed|removed`: data is the Common Model record, without remote_data (record
   * webhooks may not carry it, merge-api.md §12) and without expansion.
   */
  changedData(accountId: string, modelId: string, recordId: string, action: ChangeAction): WebhookPayload {
    const spec = modelSpec(modelId);
    const row = this.store.row(accountId, modelId, recordId);
    if (row.raw !== undefined) throw new Error('an injected bad record only goes out as changedDataBody');
    const record = cloneJson(
      renderRecord(this.store, accountId, spec, row, {
        expand: [],
        includeRemoteData: false,
        includeRemoteFields: false,
        enumOrigins: [],
      }),
    );
    return this.envelope(`${spec.webhookName}.${action}`, accountId, record);
  }

  /** The raw body of a changed-data webhook, also for an injected bad record (served as its raw text). */
  changedDataBody(
    accountId: string,
    modelId: string,
    recordId: string,
    action: ChangeAction,
  ): { event: string; body: string } {
    const event = `${modelSpec(modelId).webhookName}.${action}`;
    const row = this.store.row(accountId, modelId, recordId);
    if (row.raw === undefined) {
      return { event, body: JSON.stringify(this.changedData(accountId, modelId, recordId, action)) };
    }
    const text = JSON.stringify(this.envelope(event, accountId, {}));
    if (!text.endsWith('"data":{}}')) throw new Error('unexpected envelope layout');
    return { event, body: `${text.slice(0, -'{}}'.length)}${row.raw}}` };
  }

  /** `LinkedAccount.deleted`; works after deleteAccount. */
  accountDeleted(accountId: string): WebhookPayload {
    return this.envelope('LinkedAccount.deleted', accountId, {});
  }

  /** `Issue.new` / `Issue.resolved`: data is the Issue object; one issue per account and description. */
  issue(
    accountId: string,
    opts: { status: IssueStatus; errorDescription?: string },
    event = 'Issue.new',
  ): WebhookPayload {
    const account = this.store.state(accountId).account;
    const description = opts.errorDescription ?? 'Missing Permissions';
    const key = `${accountId}\u0000${description}`;
    const now = this.stamper.nextIso();
    let issue = this.issues.get(key);
    if (!issue) {
      issue = { id: this.rng.uuid(), firstIncident: now };
      this.issues.set(key, issue);
    }
    return this.envelope(event, accountId, {
      id: issue.id,
      status: opts.status,
      error_description: description,
      end_user: {
        id: account.id,
        end_user_organization_name: account.endUserOrganizationName,
        end_user_email_address: account.endUserEmailAddress,
        end_user_origin_id: account.endUserOriginId,
      },
      first_incident_time: issue.firstIncident,
      last_incident_time: now,
      is_muted: false,
      error_details: [],
    });
  }
}
