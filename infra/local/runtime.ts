import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { SyncSettings } from '../../shared/config/sync-config';
import { webhookPath } from '../../shared/ingest/webhook-path';
import { MemoryMetrics, type Log } from '../../shared/observability/ports';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { createSyncDeps } from '../../shared/runtime/deps/sync-deps';
import { DynamoWriteStore } from '../../shared/store/dynamodb/write-store';
import type { SyncDeps } from '../../shared/sync/ports';
import { startHttpFront } from './http-front';
import { isLoopbackAddress } from './loopback';
import { watchMergeReachability } from './merge-reachability';
import { startLocalPipeline, type LocalPipeline } from './pipeline';
import { queueDepth, QUEUE_SNAPSHOT_FILE, restoreQueues, saveQueues } from './queue-snapshot';
import { recoverUnfinishedWork } from './recovery';
import { requeueUnfinishedWrites } from './recover-writes';
import { DataDirError } from './stand-ins';
import { LocalScheduler } from './scheduler';
import { localTokenKey } from './token-key';

export interface RuntimeOptions {
  port: number;
  /** The HTTP front's address (default 127.0.0.1); any other opens it to the network (--host). */
  host?: string;
  mergeBaseUrl: string;
  mergeApiKey: string;
  webhookSignatureKey: string;
  /**
   * The webhook URL's path secret, as the stack has one (shared/ingest/webhook-path.ts): webhooks are
   * served at /webhooks/merge/<secret> only. None: the bare /webhooks/merge.
   */
  webhookPathSecret?: string;
  /** MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS, while the key is rotated (docs/security.md). */
  previousWebhookSignatureKey?: string;
  /** Persist DynamoDB data here; in memory when absent. */
  dataDir?: string;
  pollIntervalSeconds?: number;
  verbose: boolean;
  /** Check (and keep checking) that Merge answers: for a real Merge, not the embedded simulator. */
  checkMerge: boolean;
  /** The deployment's sync config (npm start reads it from the environment, as the functions do). */
  syncSettings: SyncSettings;
  /** Function settings the person running npm start may set in the environment (README). */
  outboxAbandonedAfterMs?: number;
  maxWebhookBytes?: number;
  say: (line: string) => void;
  /** Runs once the store is up, before any queue, schedule or recovery starts (npm start clears an old demo). */
  prepareStore?: (deps: SyncDeps) => Promise<void>;
}

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** A running local stack: the pipeline, its pollers, the scheduler and the HTTP front. */
export class LocalRuntime {
  private stopping: Promise<void> | undefined;

  /** Where Merge (or the demo, or a test) posts webhooks: the path secret included. */
  get webhookUrl(): string {
    return `${this.url}${webhookPath(this.options.webhookPathSecret)}`;
  }

  private constructor(
    readonly pipeline: LocalPipeline,
    readonly deps: SyncDeps,
    readonly scheduler: LocalScheduler,
    private readonly server: Server,
    private readonly stopReachability: () => void,
    readonly url: string,
    private readonly options: RuntimeOptions,
  ) {}

  static async start(options: RuntimeOptions): Promise<LocalRuntime> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    let pipeline: LocalPipeline;
    try {
      pipeline = await startLocalPipeline({
        mergeBaseUrl: options.mergeBaseUrl,
        mergeApiKey: options.mergeApiKey,
        webhookSignatureKey: options.webhookSignatureKey,
        previousWebhookSignatureKey: options.previousWebhookSignatureKey,
        ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
        tokenKey: localTokenKey(options.dataDir),
        syncSettings: options.syncSettings,
        // A webhook that failed (say, its claim held by another processor) is retried after 30 s,
        // the function timeout, instead of the deployed 6 timeouts: a person is watching.
        visibilityTimeoutSeconds: { events: QUEUE_DESIGN.events.consumerTimeoutSeconds },
        logLevel: options.verbose ? 'INFO' : 'ERROR',
        emitMetrics: false,
        feedSettleMs: 1000,
        outboxAbandonedAfterMs: options.outboxAbandonedAfterMs,
        maxWebhookBytes: options.maxWebhookBytes,
      });
    } catch (error) {
      throw explainStartFailure(error, options.dataDir);
    }
    const log: Log = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m, e) => options.say(`warning: ${m} ${e ? JSON.stringify(e) : ''}`),
      error: (m, e) => options.say(`error: ${m} ${e ? JSON.stringify(e) : ''}`),
    };
    // The runtime's own work (recovery after a restart) with the functions' config, on the stand-ins.
    const deps = createSyncDeps(pipeline.config.engine, pipeline.clients, {
      log,
      metrics: new MemoryMetrics(),
    });
    try {
      await options.prepareStore?.(deps);
    } catch (error) {
      await pipeline.close();
      throw error;
    }
    const onError = (error: unknown) =>
      options.say(`error: ${error instanceof Error ? error.message : String(error)}`);
    const scheduler = new LocalScheduler(options.syncSettings, pipeline.handlers.syncStatusPoller, {
      ...(options.pollIntervalSeconds ? { pollIntervalSeconds: options.pollIntervalSeconds } : {}),
      onError,
    });
    let ready = false;
    const host = options.host ?? '127.0.0.1';
    const url = `http://${urlHost(host)}:${options.port}`;
    let server: Server;
    try {
      server = await startHttpFront({
        port: options.port,
        host,
        webhookReceiver: pipeline.handlers.webhookReceiver,
        webhookPathSecrets: options.webhookPathSecret === undefined ? [] : [options.webhookPathSecret],
        readApi: pipeline.handlers.readApi,
        writeApi: pipeline.handlers.writeApi,
        console: pipeline.handlers.console,
        isReady: () => ready,
        ...(isLoopbackAddress(host) ? {} : { isTrustedClient: fromThisMachine }),
        localRoutes: {
          // For the operator CLI: where the local stand-ins listen, the webhook URL to paste into
          // Merge (webhook-url), and the local token key (accounts add seals the token it stores).
          // No Merge key or token. With --host opening the port, these routes (the token key), the
          // console and the write API answer only this machine (isTrustedClient); the stand-ins stay
          // on 127.0.0.1.
          '/local/runtime': () => ({
            webhookUrl: `${url}${webhookPath(options.webhookPathSecret)}`,
            dynamodbEndpoint: pipeline.standIns.dynamodbEndpoint,
            sqsEndpoint: pipeline.standIns.sqsEndpoint,
            tableName: pipeline.tableName,
            tokenKey: pipeline.config.engine.tokenKey,
            queues: pipeline.queues,
            merge: { baseUrl: options.mergeBaseUrl, embeddedSimulator: !options.checkMerge },
          }),
          // For `events tail`: what the functions put on the (local) bus, after a sequence number.
          '/local/events': (query) => ({ events: pipeline.bus.since(Number(query.get('after') ?? 0) || 0) }),
        },
        onError,
      });
    } catch (error) {
      await pipeline.close();
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new StartupError(
          `port ${options.port} on ${host} is in use; stop what uses it or pass --port N`,
        );
      }
      throw error;
    }
    if (options.dataDir) {
      const restored = await restoreQueues(
        pipeline.clients.sqs,
        pipeline.queues,
        join(options.dataDir, QUEUE_SNAPSHOT_FILE),
      );
      if (restored > 0) options.say(`queued again from the last stop: ${restored} message(s)`);
    }
    for (const [queue, concurrency] of [
      ['events', 2],
      ['polls', 2],
      ['jobs', 4],
      ['writes', 2],
    ] as const) {
      pipeline.sources[queue].start(concurrency);
    }
    scheduler.start();
    const recovered = await recoverUnfinishedWork(deps);
    const writes = await requeueUnfinishedWrites(
      deps,
      new DynamoWriteStore(pipeline.clients.dynamodb, pipeline.tableName),
    );
    if (writes > 0) options.say(`queued again from .data/: ${writes} unfinished write(s)`);
    if (recovered.fetches + recovered.watches + recovered.purges > 0) {
      options.say(
        `resumed unfinished work from .data/: ${recovered.fetches} fetch(es), ${recovered.watches} initial-sync watch(es), ${recovered.purges} purge(s)`,
      );
    }
    const stopReachability = options.checkMerge
      ? watchMergeReachability(options.mergeBaseUrl, options.mergeApiKey, options.say)
      : () => undefined;
    ready = true;
    return new LocalRuntime(pipeline, deps, scheduler, server, stopReachability, url, options);
  }

  /**
   * What a clean stop could not process, and every dead letter, is written to `.data/` and queued
   * again by the next start; with --in-memory it is lost, and said so.
   */
  private async keepQueuedMessages(): Promise<void> {
    const { sqs } = this.pipeline.clients;
    if (this.options.dataDir) {
      const kept = await saveQueues(
        sqs,
        this.pipeline.queues,
        join(this.options.dataDir, QUEUE_SNAPSHOT_FILE),
      );
      const total = kept.events + kept.eventsDlq + kept.pollsDlq + kept.jobsDlq + kept.writesDlq;
      if (total > 0)
        this.options.say(
          `kept for the next start in ${this.options.dataDir}: ${kept.events} queued webhook(s), ${total - kept.events} dead letter(s)`,
        );
    } else if ((await queueDepth(sqs, this.pipeline.queues.events)) > 0) {
      this.options.say('warning: --in-memory: webhooks still queued at stop are lost');
    }
  }

  /**
   * Stops cleanly: no new requests, no new schedules, accepted webhooks processed (they only live
   * in the in-memory queue), batches in flight finished; fetches cut short keep their checkpoint
   * in the table and resume on the next start.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopReachability();
      this.scheduler.stop();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await Promise.all(Object.values(this.pipeline.sources).map((s) => s.stop()));
      await drainEvents(this.pipeline);
      await this.keepQueuedMessages();
      await this.pipeline.close();
    })();
    return this.stopping;
  }
}

/**
 * Processes the accepted webhooks still queued, including those waiting for a retry (made visible
 * once: a webhook that fails again is kept for the next start, its retries not burnt in a loop).
 */
async function drainEvents(pipeline: LocalPipeline, timeoutMs = 20_000) {
  const events = pipeline.sources.events;
  const deadline = Date.now() + timeoutMs;
  await events.releaseAwaitingRetry();
  while (Date.now() < deadline && (await events.pollOnce(0)).received > 0) {
    // keep going until the events queue has nothing visible
  }
  await events.releaseAwaitingRetry();
}

/** Where this machine reaches the front: loopback when it listens on every interface. */
const urlHost = (host: string) =>
  host === '0.0.0.0' || host === '::' ? '127.0.0.1' : isIP(host) === 6 ? `[${host}]` : host;

/** A caller on this machine: over loopback, or from this machine's own address to itself. */
const fromThisMachine = (remote: string | undefined, local: string | undefined) =>
  isLoopbackAddress(remote) || (remote !== undefined && remote === local);

function explainStartFailure(error: unknown, dataDir: string | undefined): Error {
  if (!(error instanceof DataDirError) || !dataDir)
    return error instanceof Error ? error : new Error(String(error));
  if (error.message.startsWith('locked')) {
    return new StartupError(
      `${dataDir} is in use by another running local runtime; stop it first (or use --in-memory)`,
    );
  }
  const reason = error.message.replace(/^unreadable: /, '');
  return new StartupError(
    `the data in ${dataDir} cannot be read (${reason}); reset it with: rm -rf ${dataDir}`,
  );
}
