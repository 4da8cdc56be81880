import { SimulatorState } from './simulator-state';
import type { SimStore } from './store/data';
import type { JsonObject, SignedWebhook, SimulatorOptions, WebhookPayload } from './types';
import { deliver } from './webhook-delivery';
import type { DeliveryResult } from './webhook-delivery';
import type { SentWebhook } from './webhook-outbox';
import { WebhookOutbox } from './webhook-outbox';
import { TEST_PING, sampleLinkedEvent } from './webhook-samples';
import type { TestDeliveryKind } from './webhook-samples';
import { signBody } from './webhooks';
import type { ChangeAction, IssueStatus, WebhookFactory } from './webhooks';

// Webhooks (merge-api.md §6, §7, §12): builders for every event, signing with the organization's key,
// delivery with Merge's retry policy, the events the simulator sends on its own (outbox), dashboard
// test deliveries and replays of older deliveries.

export abstract class SimulatorWebhooks extends SimulatorState {
  private signingKey: string;
  private readonly outbox: WebhookOutbox;

  protected constructor(
    store: SimStore,
    protected readonly webhooks: WebhookFactory,
    protected readonly options: SimulatorOptions,
  ) {
    super(store);
    this.signingKey = options.webhookSignatureKey;
    const url = options.webhookUrl;
    this.outbox = new WebhookOutbox(url ? (signed) => this.deliverSigned(url, signed) : null);
  }

  protected announceLinked(accountId: string, isRelink: boolean): void {
    this.outbox.add(this.signed(this.webhooks.linked(accountId, { isRelink })), accountId);
  }

  protected announceDeleted(accountId: string): void {
    this.outbox.add(this.signed(this.webhooks.accountDeleted(accountId)), accountId);
  }

  // Builders

  /** `LinkedAccount.linked` with the account's current token (a relink keeps it, §9). */
  linkedEvent(accountId: string, opts: { isRelink?: boolean } = {}): WebhookPayload {
    return this.webhooks.linked(accountId, opts);
  }

  syncCompletedEvent(
    accountId: string,
    opts: { isInitialSync?: boolean; models?: string[] } = {},
  ): WebhookPayload {
    return this.webhooks.syncCompleted(accountId, opts);
  }

  modelSyncedEvent(accountId: string, modelId: string): WebhookPayload {
    return this.webhooks.modelSynced(accountId, modelId);
  }

  /** Carries no remote_data (§12: record webhooks may not carry it). */
  changedDataEvent(
    accountId: string,
    modelId: string,
    recordId: string,
    action: ChangeAction,
  ): WebhookPayload {
    return this.webhooks.changedData(accountId, modelId, recordId, action);
  }

  /** A changed-data webhook as sent, also for an injected bad record (injectBadRecord). */
  changedDataRequest(
    accountId: string,
    modelId: string,
    recordId: string,
    action: ChangeAction,
  ): SignedWebhook {
    const { event, body } = this.webhooks.changedDataBody(accountId, modelId, recordId, action);
    return { event, body, signature: this.sign(body) };
  }

  accountDeletedEvent(accountId: string): WebhookPayload {
    return this.webhooks.accountDeleted(accountId);
  }

  issueEvent(
    accountId: string,
    opts: { status: IssueStatus; errorDescription?: string },
    event: string = 'Issue.new',
  ): WebhookPayload {
    return this.webhooks.issue(accountId, opts, event);
  }

  /** "Send test POST request" from the dashboard: the SKILLS ping, or a sample envelope (§6, §12). */
  testDeliveryEvent(kind: TestDeliveryKind = 'ping'): JsonObject {
    return kind === 'ping'
      ? { ...TEST_PING }
      : sampleLinkedEvent(this.options.webhookTarget ?? 'http://127.0.0.1/webhooks/merge');
  }

  // Signing and delivery

  /** base64url(HMAC-SHA256(current signature key, body)) with `=` padding. */
  sign(body: string): string {
    return signBody(this.signingKey, body);
  }

  /** The organization regenerates its webhook signature key (§7); later signatures use the new one. */
  rotateWebhookSignatureKey(key: string): void {
    if (!key) throw new Error('a signature key is required');
    this.signingKey = key;
  }

  signedRequest(payload: JsonObject): { body: string; headers: Record<string, string> } {
    const signed = this.signed(payload);
    return { body: signed.body, headers: headersOf(signed) };
  }

  private signed(payload: JsonObject): SignedWebhook {
    const body = JSON.stringify(payload);
    const hook = payload.hook;
    const event = hook && typeof hook === 'object' && !Array.isArray(hook) ? String(hook.event) : 'test';
    return { event, body, signature: this.sign(body) };
  }

  /** A real POST with Merge's retry policy; every attempt sends the same body and signature. */
  deliverWebhook(
    url: string,
    payload: JsonObject,
    opts: { timeoutMs?: number } = {},
  ): Promise<DeliveryResult> {
    return this.deliverSigned(url, this.signed(payload), opts);
  }

  /** Delivers a body exactly as signed (a replay keeps the first delivery's bytes and signature). */
  deliverSigned(
    url: string,
    signed: SignedWebhook,
    opts: { timeoutMs?: number } = {},
  ): Promise<DeliveryResult> {
    return deliver(url, signed.body, headersOf(signed), {
      timeoutMs: opts.timeoutMs ?? this.options.webhookTimeoutMs ?? 30_000,
      backoffMs: this.options.webhookRetryBackoffMs ?? 1000,
      maxRetries: 2,
    });
  }

  /** The same body again, with its original signature or re-signed with the current key. */
  replayWebhook(signed: SignedWebhook, opts: { resign?: boolean } = {}): SignedWebhook {
    return opts.resign ? { ...signed, signature: this.sign(signed.body) } : { ...signed };
  }

  // What the simulator sent on its own

  /** Every webhook the simulator sent on its own (linking, relinking, deletion), oldest first. */
  get sentWebhooks(): readonly SentWebhook[] {
    return this.outbox.sent;
  }

  /** The LinkedAccount.linked bodies sent for an account, oldest first, for replays. */
  linkedDeliveries(accountId: string): SentWebhook[] {
    return this.outbox.sent.filter((s) => s.accountId === accountId && s.event === 'LinkedAccount.linked');
  }

  /** Waits for the deliveries to `webhookUrl` started so far. */
  settleWebhooks(): Promise<DeliveryResult[]> {
    return this.outbox.settle();
  }
}

function headersOf(signed: SignedWebhook): Record<string, string> {
  return { 'Content-Type': 'application/json', 'X-Merge-Webhook-Signature': signed.signature };
}
