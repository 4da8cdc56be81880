import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { syncableModelIds } from '../../../shared/config/model-catalog';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { httpApiEvent, scheduledEvent } from '../../../infra/local/aws-events';
import { startMergeSimulator, type MergeSimulator } from '../../../infra/local/merge-simulator';
import type { SimulatorOptions, WebhookPayload } from '../../../infra/local/merge-simulator/types';
import { startLocalPipeline, type LocalPipeline } from '../../../infra/local/pipeline';
import type { SyncSettings } from '../../../shared/config/sync-config';
import type { MergeClientTiming } from '../../../shared/runtime/config/runtime-config';
import { DynamoAccountStore } from '../../../shared/store/dynamodb/account-store';
import { tokenSealer } from '../../../shared/runtime/deps/sync-deps';
import { DynamoOutboxStore } from '../../../shared/store/dynamodb/outbox-store';
import { DynamoRecordStore } from '../../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../../shared/store/dynamodb/sync-state-store';
import type { StoredRecord } from '../../../shared/core/records';
import { readDedupeStatus } from './dedupe-status';
import { startMergeProxy, type MergeProxy } from './merge-proxy';

/** The sync config the chaos runs use: the defaults, a high plan limit for speed, quick watches. */
export const CHAOS_SYNC_OVERRIDES = {
  planRequestsPerMinute: 6000,
  initialSyncWatch: { fastEverySeconds: 5, fastForMinutes: 1, slowEverySeconds: 5, giveUpAfterHours: 1 },
};

/**
 * For scenario runs: every catalog model with a plain list configured (beyond the defaults, spread
 * over the tiers); each scenario account syncs a few of them, set as its overrides (scenario.ts).
 */
export const CHAOS_CATALOG_OVERRIDES = {
  ...CHAOS_SYNC_OVERRIDES,
  models: [
    ...DEFAULT_SYNC_CONFIG.models,
    ...syncableModelIds()
      .filter((modelId) => !DEFAULT_SYNC_CONFIG.models.some((m) => m.modelId === modelId))
      .map((modelId, i) => ({
        modelId,
        tier: DEFAULT_SYNC_CONFIG.tiers[i % DEFAULT_SYNC_CONFIG.tiers.length]!.name,
      })),
  ],
};

/**
 * The Merge client's waits in the chaos world, Merge's scaled down (about a tenth) so a run stays
 * short: a 429 without headers defers the account 5 s instead of a minute, a request Merge never
 * answers is given up after 10 s instead of 60 (the chaos slow pages take at most a few seconds,
 * well inside it, as Merge's slow pages are inside the SDK's 60 s), and one backoff waits at most
 * 3 s. The rate-limit proof keeps Merge's own timings.
 */
export const CHAOS_CLIENT_TIMING: MergeClientTiming = {
  timeoutMs: 10_000,
  rateLimitWindowMs: 5_000,
  maxDelayMs: 3_000,
  maxRetryAfterMs: 6_000,
};

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * One in-process pipeline (the real handlers on dynalite and local-aws-sqs) shared by every run of a
 * process, with a proxy in front of Merge so each run gets a fresh, seeded simulator of its own.
 */
export class ChaosWorld {
  readonly accounts: DynamoAccountStore;
  readonly states: DynamoSyncStateStore;
  readonly records: DynamoRecordStore;
  readonly outbox: DynamoOutboxStore;

  private constructor(
    readonly pipeline: LocalPipeline,
    readonly proxy: MergeProxy,
    readonly apiKey: string,
    readonly signingKey: string,
    readonly client: DynamoDBClient,
    readonly settings: SyncSettings,
  ) {
    this.accounts = new DynamoAccountStore(
      client,
      pipeline.tableName,
      tokenSealer(pipeline.config.engine.tokenKey, undefined),
    );
    this.states = new DynamoSyncStateStore(client, pipeline.tableName);
    this.records = new DynamoRecordStore(client, pipeline.tableName);
    this.outbox = new DynamoOutboxStore(client, pipeline.tableName);
  }

  static async start(
    options: {
      syncConfigOverrides?: Record<string, unknown>;
      /** The Merge client's waits; CHAOS_CLIENT_TIMING when absent, `{}` for Merge's own. */
      mergeClientTiming?: MergeClientTiming;
      visibilityTimeoutSeconds?: Partial<Record<'events' | 'polls' | 'jobs' | 'writes', number>>;
    } = {},
  ): Promise<ChaosWorld> {
    const apiKey = `chaos-api-key-${randomBytes(12).toString('hex')}`;
    const signingKey = `chaos-signing-key-${randomBytes(12).toString('hex')}`;
    const proxy = await startMergeProxy();
    const overrides = options.syncConfigOverrides ?? CHAOS_SYNC_OVERRIDES;
    const pipeline = await startLocalPipeline({
      mergeBaseUrl: proxy.baseUrl,
      mergeApiKey: apiKey,
      webhookSignatureKey: signingKey,
      syncConfigOverrides: overrides,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? {
        events: 1,
        polls: 3,
        jobs: 2,
        writes: 2,
      },
      feedSettleMs: 0,
      outboxAbandonedAfterMs: 2000,
      mergeClientTiming: options.mergeClientTiming ?? CHAOS_CLIENT_TIMING,
      // Write retries within a run's settle phase (the defaults start at 5 s and double).
      writeSettings: { retryBaseSeconds: 1, retryMaxSeconds: 2 },
    });
    const client = new DynamoDBClient({ endpoint: pipeline.standIns.dynamodbEndpoint });
    return new ChaosWorld(pipeline, proxy, apiKey, signingKey, client, pipeline.config.engine.settings);
  }

  /** A fresh simulator for one run, behind the proxy. */
  async newSimulator(options: Partial<SimulatorOptions> = {}): Promise<MergeSimulator> {
    const sim = await startMergeSimulator({
      apiKey: this.apiKey,
      webhookSignatureKey: this.signingKey,
      webhookRetryBackoffMs: 10,
      ...options,
    });
    this.proxy.setTarget(sim.baseUrl);
    return sim;
  }

  /** POST /webhooks/merge through the real receiver handler, as API Gateway delivers it. */
  async postWebhookBody(body: string, headers: Record<string, string>, base64 = false): Promise<HttpAnswer> {
    const result = await this.pipeline.handlers.webhookReceiver(
      httpApiEvent({ body, headers, base64 }),
      lambdaContext('webhook-receiver', 10_000),
    );
    return { status: result.statusCode ?? 0, body: typeof result.body === 'string' ? result.body : '' };
  }

  postWebhook(sim: MergeSimulator, payload: WebhookPayload): Promise<HttpAnswer & { signature: string }> {
    const signed = sim.signedRequest(payload);
    const signature = signed.headers['X-Merge-Webhook-Signature'] as string;
    return this.postWebhookBody(signed.body, signed.headers).then((a) => ({ ...a, signature }));
  }

  /** GET on the read API handler. */
  async read(path: string, query: Record<string, string> = {}): Promise<HttpAnswer> {
    const result = await this.pipeline.handlers.readApi(
      httpApiEvent({
        method: 'GET',
        path,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      }),
      lambdaContext('read-api', 10_000),
    );
    return { status: result.statusCode ?? 0, body: typeof result.body === 'string' ? result.body : '' };
  }

  /** The write API handler (POST and GET /accounts/{id}/writes...), as API Gateway calls it. */
  async writeApi(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const result = await this.pipeline.handlers.writeApi(
      httpApiEvent({
        method,
        path,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.query ? { queryStringParameters: options.query } : {}),
      }),
      lambdaContext('write-api', 10_000),
    );
    return { status: result.statusCode ?? 0, body: typeof result.body === 'string' ? result.body : '' };
  }

  schedule(detail: { tier?: string; reconcile?: boolean }): Promise<unknown> {
    return this.pipeline.handlers.syncStatusPoller(
      scheduledEvent(detail),
      lambdaContext('sync-status-poller', 60_000),
    );
  }

  /** The dedupe marker of a webhook (by its signature): DONE once the event was processed. */
  dedupeStatus(signature: string): Promise<string | undefined> {
    return readDedupeStatus(this.client, this.pipeline.tableName, signature);
  }

  async storedRecords(accountId: string, modelId: string): Promise<StoredRecord[]> {
    const all: StoredRecord[] = [];
    let token: string | null = null;
    do {
      const page = await this.records.list(accountId, modelId, token, 1000);
      all.push(...page.items);
      token = page.next;
    } while (token);
    return all;
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.pipeline.close();
    await this.proxy.close();
  }
}
