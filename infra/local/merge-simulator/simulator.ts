import { FaultQueue } from './faults';
import { Random } from './random';
import { SlidingWindowLimiter } from './rate-limiter';
import { RequestLog } from './request-log';
import { SimServer } from './server';
import { SimStore } from './store/data';
import type { OverridesInput } from './store/data';
import type { SyncResult } from './store/sync-status';
import { Stamper } from './time';
import type {
  Fault,
  LinkAccountInput,
  MergeRecord,
  PageContext,
  RecordOverrides,
  RequestLogEntry,
  RequestLogFilter,
  SimAccount,
  SimulatorOptions,
  SyncStatusEntry,
  WebhookPayload,
} from './types';
import { deliver } from './webhook-delivery';
import type { DeliveryResult } from './webhook-delivery';
import { WebhookFactory, signBody } from './webhooks';
import type { ChangeAction, IssueStatus } from './webhooks';

// The scriptable simulator: ground-truth data and sync state on one side, Merge's HTTP API on the other.

export type PageCallback = (ctx: PageContext) => void | Promise<void>;

export class MergeSimulator {
  /** e.g. `http://127.0.0.1:54321/api`; paths are `/api/{category}/v1/...`. */
  readonly baseUrl: string;
  readonly port: number;
  private readonly pageCallbacks = new Set<PageCallback>();
  private readonly store: SimStore;
  private readonly webhooks: WebhookFactory;
  private readonly server: SimServer;

  private constructor(
    private readonly options: SimulatorOptions,
    parts: { store: SimStore; webhooks: WebhookFactory; server: SimServer; port: number },
  ) {
    this.store = parts.store;
    this.webhooks = parts.webhooks;
    this.server = parts.server;
    this.port = parts.port;
    this.baseUrl = `http://127.0.0.1:${parts.port}/api`;
  }

  static async start(options: SimulatorOptions): Promise<MergeSimulator> {
    if (!options.apiKey) throw new Error('apiKey is required');
    if (!options.webhookSignatureKey) throw new Error('webhookSignatureKey is required');
    const limit = options.rateLimitPerMinute;
    if (limit != null && !(Number.isInteger(limit) && limit > 0)) {
      throw new Error('rateLimitPerMinute must be a positive integer or null');
    }
    const now = options.now ?? Date.now;
    const rng = new Random(options.seed);
    const stamper = new Stamper(now);
    const store = new SimStore(rng, stamper, now, options.syncIntervalMs ?? 3_600_000);
    const webhooks = new WebhookFactory(
      store,
      rng,
      stamper,
      options.webhookTarget ?? 'http://127.0.0.1/webhooks/merge',
    );
    let self: MergeSimulator | null = null;
    const server = new SimServer({
      apiKey: options.apiKey,
      store,
      faults: new FaultQueue(),
      limiter: limit != null ? new SlidingWindowLimiter(limit, now) : null,
      retryAfterHeader: options.rateLimitRetryAfter ?? true,
      log: new RequestLog(),
      now,
      pageDelayMs: options.pageDelayMs ?? 0,
      beforeModelPage: async (ctx) => {
        if (self) await self.runPageCallbacks(ctx);
      },
      ...(options.log ? { logLine: options.log } : {}),
    });
    const port = await server.listen(options.port ?? 0);
    self = new MergeSimulator(options, { store, webhooks, server, port });
    return self;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  // Accounts

  linkAccount(input: LinkAccountInput): SimAccount {
    return this.store.linkAccount(input);
  }

  /** Afterwards every request with the account's token gets 401. */
  deleteAccount(accountId: string): void {
    this.store.deleteAccount(accountId);
  }

  account(accountId: string): SimAccount | undefined {
    const a = this.store.find(accountId)?.account;
    return a ? { ...a, models: [...a.models] } : undefined;
  }

  // Data (ground truth)

  seedRecords(accountId: string, modelId: string, count: number, overrides?: OverridesInput): MergeRecord[] {
    return this.store.seedRecords(accountId, modelId, count, overrides);
  }

  addRecord(accountId: string, modelId: string, overrides?: RecordOverrides): MergeRecord {
    return this.store.addRecord(accountId, modelId, overrides);
  }

  updateRecord(accountId: string, modelId: string, recordId: string, patch?: RecordOverrides): MergeRecord {
    return this.store.updateRecord(accountId, modelId, recordId, patch);
  }

  deleteRecord(accountId: string, modelId: string, recordId: string): MergeRecord {
    return this.store.deleteRecord(accountId, modelId, recordId);
  }

  hardDeleteRecord(accountId: string, modelId: string, recordId: string): void {
    this.store.hardDeleteRecord(accountId, modelId, recordId);
  }

  records(accountId: string, modelId: string, opts: { includeDeleted?: boolean } = {}): MergeRecord[] {
    return this.store.records(accountId, modelId, opts);
  }

  // Syncs

  startSync(accountId: string, opts: { models?: string[] } = {}): void {
    this.store.live(accountId).sync.start(opts.models);
  }

  finishSync(accountId: string, opts: { models?: string[]; result?: SyncResult } = {}): void {
    this.store.live(accountId).sync.finish(opts.models, opts.result ?? 'DONE');
  }

  runSync(accountId: string, opts: { models?: string[]; result?: SyncResult } = {}): void {
    this.startSync(accountId, opts);
    this.finishSync(accountId, opts);
  }

  setModelStatus(accountId: string, modelId: string, status: string): void {
    this.store.live(accountId).sync.setStatus(modelId, status);
  }

  syncStatus(accountId: string): SyncStatusEntry[] {
    return this.store.live(accountId).sync.entries();
  }

  // Webhooks

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

  changedDataEvent(
    accountId: string,
    modelId: string,
    recordId: string,
    action: ChangeAction,
  ): WebhookPayload {
    return this.webhooks.changedData(accountId, modelId, recordId, action);
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

  /** base64url(HMAC-SHA256(webhookSignatureKey, body)) with `=` padding. */
  sign(body: string): string {
    return signBody(this.options.webhookSignatureKey, body);
  }

  signedRequest(payload: WebhookPayload): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(payload);
    return {
      body,
      headers: { 'Content-Type': 'application/json', 'X-Merge-Webhook-Signature': this.sign(body) },
    };
  }

  /** A real POST with Merge's retry policy; every attempt sends the same body and signature. */
  deliverWebhook(
    url: string,
    payload: WebhookPayload,
    opts: { timeoutMs?: number } = {},
  ): Promise<DeliveryResult> {
    const { body, headers } = this.signedRequest(payload);
    return deliver(url, body, headers, {
      timeoutMs: opts.timeoutMs ?? this.options.webhookTimeoutMs ?? 30_000,
      backoffMs: this.options.webhookRetryBackoffMs ?? 1000,
      maxRetries: 2,
    });
  }

  // Faults

  injectFault(fault: Fault): void {
    this.server.faults.inject(fault);
  }

  clearFaults(): void {
    this.server.faults.clear();
  }

  /** Runs `callback` before each Common Model list page is built; returns an unsubscribe function. */
  onBeforePage(callback: PageCallback): () => void {
    this.pageCallbacks.add(callback);
    return () => {
      this.pageCallbacks.delete(callback);
    };
  }

  private async runPageCallbacks(ctx: PageContext): Promise<void> {
    for (const cb of [...this.pageCallbacks]) await cb(ctx);
  }

  // Observability

  /** Every request received, oldest first (the same array across resetRequestLog calls). */
  get requests(): RequestLogEntry[] {
    return this.server.log.entries;
  }

  requestCount(filter?: RequestLogFilter): number {
    return this.server.log.count(filter);
  }

  /** Most requests carrying this account's token in any sliding window: the rate-limit proof. */
  maxRequestsInWindow(accountId: string, windowMs = 60_000): number {
    return this.server.log.maxInWindow((e) => e.accountId === accountId, windowMs);
  }

  /** Most failing responses (status >= 400 except 429) in any window, IP-wide (Merge blocks > 20 in 10 s). */
  maxFailuresInWindow(windowMs = 10_000): number {
    return this.server.log.maxInWindow((e) => e.status >= 400 && e.status !== 429, windowMs);
  }

  resetRequestLog(): void {
    this.server.log.reset();
  }
}
