import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { httpApiEvent } from '../../../infra/local/aws-events';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { startLocalPipeline, type LocalPipeline } from '../../../infra/local/pipeline';
import type { LogLevel } from '../../../shared/runtime/config/runtime-config';
import type { Category } from '../../../infra/local/merge-simulator/types';
import { startSimHost, startStoreHost, type SimHost, type StoreHost } from './hosts';

export const TABLE_NAME = 'merge-sync-bench';

/** The real handlers wired to the local queues, talking to a Merge and a DynamoDB elsewhere. */
export interface PipelineDriver {
  pipeline: LocalPipeline;
  /** Posts a signed webhook through the real receiver handler, then lets the event processor run. */
  deliver(signed: { body: string; headers: Record<string, string> }): Promise<void>;
  /** Puts a fetch job on the jobs queue, as the event processor or the poller would. */
  enqueueFetch(accountId: string, modelId: string): Promise<void>;
  /** Runs the fetcher on the jobs queue until it is empty (continuations included). */
  runJobs(options?: { timeoutMs?: number }): Promise<{ invocations: number; wallMs: number }>;
  close(): Promise<void>;
}

export interface BenchPipeline extends PipelineDriver {
  sim: SimHost;
  store: StoreHost;
  apiKey: string;
  /** Links an account in the simulator and through the real receiver and event processor. */
  linkAccount(category: Category): Promise<{ id: string; accountToken: string }>;
}

/**
 * The real handlers (infra/local/pipeline.ts: local SQS in this process) against a Merge and a
 * DynamoDB in other processes, as they are remote in AWS: the handlers' DynamoDB and EventBridge
 * endpoints are the hosts' (the pipeline's own in-process dynalite and bus stay empty).
 */
export async function drivePipeline(options: {
  mergeBaseUrl: string;
  apiKey: string;
  signingKey: string;
  dynamodbEndpoint: string;
  eventBridgeEndpoint: string;
  syncConfigOverrides?: Record<string, unknown>;
  logLevel?: LogLevel;
}): Promise<PipelineDriver> {
  const pipeline = await startLocalPipeline({
    mergeBaseUrl: options.mergeBaseUrl,
    mergeApiKey: options.apiKey,
    webhookSignatureKey: options.signingKey,
    tableName: TABLE_NAME,
    syncConfigOverrides: options.syncConfigOverrides ?? {},
    logLevel: options.logLevel ?? 'INFO',
    functionEndpoints: () => ({
      dynamodb: options.dynamodbEndpoint,
      eventBridge: options.eventBridgeEndpoint,
    }),
  });
  return {
    pipeline,
    async deliver(signed) {
      const answer = await pipeline.handlers.webhookReceiver(
        httpApiEvent({ body: signed.body, headers: signed.headers }),
        lambdaContext('webhook-receiver', 10_000),
      );
      if (answer.statusCode !== 200)
        throw new Error(`receiver answered ${answer.statusCode}: ${answer.body}`);
      while ((await pipeline.sources.events.pollOnce(0)).received > 0);
    },
    async enqueueFetch(accountId, modelId) {
      const job = {
        v: 1,
        kind: 'fetch',
        accountId,
        modelId,
        reason: 'manual',
        requestedAt: new Date().toISOString(),
      };
      await pipeline.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: pipeline.queues.jobs, MessageBody: JSON.stringify(job) }),
      );
    },
    async runJobs({ timeoutMs = 1_800_000 } = {}) {
      const started = performance.now();
      let invocations = 0;
      while (performance.now() - started < timeoutMs) {
        const batch = await pipeline.sources.jobs.pollOnce(0);
        if (batch.received > 0) {
          invocations++;
          if (batch.failed > 0) throw new Error('a fetch job failed');
          continue;
        }
        const depth = await pipeline.queueDepth('jobs');
        if (depth.visible + depth.inFlight + depth.delayed === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      return { invocations, wallMs: performance.now() - started };
    },
    async close() {
      // The handlers' traffic must have gone to the hosts, not to the pipeline's own stand-ins.
      const local = await pipeline.clients.dynamodb.send(
        new ScanCommand({ TableName: TABLE_NAME, Select: 'COUNT', Limit: 1000 }),
      );
      const localEvents = pipeline.bus.since(0).length;
      await pipeline.close();
      if ((local.Count ?? 0) > 0 || localEvents > 0)
        throw new Error(
          `traffic reached the in-process stand-ins (${local.Count} items, ${localEvents} events)`,
        );
    },
  };
}

/** drivePipeline with its own simulator and store hosts (started here, closed with it). */
export async function startBenchPipeline(options: {
  simulator?: { pageDelayMs?: number; rateLimitPerMinute?: number };
  syncConfigOverrides?: Record<string, unknown>;
  /** Send DynamoDB traffic through the counting proxy (default true). */
  countDynamo?: boolean;
  logLevel?: LogLevel;
}): Promise<BenchPipeline> {
  const apiKey = `bench-api-key-${randomBytes(8).toString('hex')}`;
  const signingKey = `bench-signing-key-${randomBytes(8).toString('hex')}`;
  const [sim, store] = await Promise.all([
    startSimHost({ apiKey, webhookSignatureKey: signingKey, seed: 7, ...options.simulator }),
    startStoreHost({ tableName: TABLE_NAME }),
  ]);
  const driver = await drivePipeline({
    mergeBaseUrl: sim.baseUrl,
    apiKey,
    signingKey,
    dynamodbEndpoint: options.countDynamo === false ? store.dynamodbEndpoint : store.countingEndpoint,
    eventBridgeEndpoint: store.eventBridgeEndpoint,
    ...(options.syncConfigOverrides ? { syncConfigOverrides: options.syncConfigOverrides } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  return {
    ...driver,
    sim,
    store,
    apiKey,
    async linkAccount(category) {
      const account = await sim.call('linkAccount', category);
      await driver.deliver(await sim.call('linkedRequest', account.id));
      return account;
    },
    async close() {
      await driver.close();
      await Promise.all([sim.close(), store.close()]);
    },
  };
}
