import { FaultQueue, MAX_SLOW_MS } from './faults';
import { Random } from './random';
import { SlidingWindowLimiter } from './rate-limiter';
import { RequestLog } from './request-log';
import { detail } from './responses';
import type { SimResponse } from './responses';
import { SimServer } from './server';
import { SimulatorWebhooks } from './simulator-webhooks';
import { SimStore } from './store/data';
import { TWO_WEEKS_MS } from './store/activity';
import { Stamper } from './time';
import type { Fault, PageContext, RequestLogEntry, RequestLogFilter, SimulatorOptions } from './types';
import { WebhookFactory } from './webhooks';
import { SimWrites } from './writes/write-state';

// The scriptable simulator: ground-truth data and sync state (simulator-state.ts), webhooks
// (simulator-webhooks.ts), and Merge's HTTP API with faults and observability (here).

export type PageCallback = (ctx: PageContext) => void | Promise<void>;

/** How POST sync-status/resync answers (merge-api.md §5 "Force resync": plan-gated). */
export type ResyncPolicy = { allowed: true } | { allowed: false; status?: 400 | 403; message?: string };

const PLAN_GATED_MESSAGE =
  'Force resync via the API is not available on your plan. It is available for monthly, quarterly ' +
  'and highest sync frequency customers on the Professional or Enterprise plans.';

export class MergeSimulator extends SimulatorWebhooks {
  /** e.g. `http://127.0.0.1:54321/api`; paths are `/api/{category}/v1/...`. */
  readonly baseUrl: string;
  readonly port: number;
  private readonly pageCallbacks = new Set<PageCallback>();
  private server!: SimServer;
  private resyncPolicy: ResyncPolicy = { allowed: true };
  /** Writes: required fields per model, "applied but answered 500" faults, what was applied (writes/). */
  readonly writes: SimWrites;

  private constructor(
    options: SimulatorOptions,
    store: SimStore,
    webhooks: WebhookFactory,
    port: number,
    writes: SimWrites,
  ) {
    super(store, webhooks, options);
    this.writes = writes;
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}/api`;
  }

  static async start(options: SimulatorOptions): Promise<MergeSimulator> {
    if (!options.apiKey) throw new Error('apiKey is required');
    if (!options.webhookSignatureKey) throw new Error('webhookSignatureKey is required');
    const limit = options.rateLimitPerMinute;
    if (limit != null && !(Number.isInteger(limit) && limit > 0)) {
      throw new Error('rateLimitPerMinute must be a positive integer or null');
    }
    const pageDelayMs = options.pageDelayMs ?? 0;
    if (!(pageDelayMs >= 0 && pageDelayMs <= MAX_SLOW_MS)) throw new Error('pageDelayMs is 0 to 60000');
    const now = options.now ?? Date.now;
    const rng = new Random(options.seed);
    const stamper = new Stamper(now);
    const store = new SimStore({
      rng,
      stamper,
      now,
      syncIntervalMs: options.syncIntervalMs ?? 3_600_000,
      spelling: options.modelIdSpelling ?? {},
      pauseAfterMs: options.pauseAfterMs === undefined ? TWO_WEEKS_MS : options.pauseAfterMs,
      hostileKeys: options.remoteDataHostileKeys ?? false,
    });
    const target = options.webhookTarget ?? 'http://127.0.0.1/webhooks/merge';
    const webhooks = new WebhookFactory(store, rng, stamper, target);
    let self: MergeSimulator | null = null;
    const writes = new SimWrites(now);
    const server = new SimServer({
      writes,
      apiKey: options.apiKey,
      store,
      faults: new FaultQueue(),
      limiter: limit != null ? new SlidingWindowLimiter(limit, now) : null,
      retryAfterHeader: options.rateLimitRetryAfter ?? false,
      log: new RequestLog(),
      now,
      pageDelayMs,
      beforeModelPage: async (ctx) => {
        if (self) await self.runPageCallbacks(ctx);
      },
      hooks: {
        accountDeleted: (accountId) => self?.announceDeleted(accountId),
        resyncRefusal: () => self?.resyncRefusal() ?? null,
      },
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.log ? { logLine: options.log } : {}),
    });
    const port = await server.listen(options.port ?? 0);
    self = new MergeSimulator(options, store, webhooks, port, writes);
    self.server = server;
    return self;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  // Force resync

  /** Makes POST sync-status/resync succeed, or fail as plan-gated (help 5388905: "you may get an error"). */
  setResyncPolicy(policy: ResyncPolicy): void {
    this.resyncPolicy = policy;
  }

  private resyncRefusal(): SimResponse | null {
    const p = this.resyncPolicy;
    return p.allowed ? null : detail(p.status ?? 403, p.message ?? PLAN_GATED_MESSAGE);
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
