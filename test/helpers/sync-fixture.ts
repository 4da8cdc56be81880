import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { startLocalPipeline, type LocalPipeline, type PipelineOptions } from '../../infra/local/pipeline';
import { lambdaContext } from '../../infra/local/lambda-context';
import { startMergeSimulator, type MergeSimulator } from '../../infra/local/merge-simulator';
import type { LinkAccountInput, SimulatorOptions } from '../../infra/local/merge-simulator/types';
import { createMergeClient, type MergeClient } from '../../shared/merge/client';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { tokenSealer } from '../../shared/runtime/deps/sync-deps';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';
import type { StoredRecord } from '../../shared/core/records';
import { findModel } from '../../shared/config/model-catalog';
import { allStored } from './stored-records';
import { capturedLogLines } from './log-capture';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { httpApiEvent, scheduledEvent } from './events';

export interface SyncFixture {
  sim: MergeSimulator;
  pipeline: LocalPipeline;
  apiKey: string;
  signingKey: string;
  dynamoWrites: CountingProxy;
  accounts: DynamoAccountStore;
  states: DynamoSyncStateStore;
  records: DynamoRecordStore;
  /** Posts a webhook through the real receiver handler as API Gateway would. */
  postWebhook(
    payload: object,
    options?: { signature?: string | null; base64?: boolean },
  ): Promise<APIGatewayProxyStructuredResultV2>;
  postRaw(
    body: string | Buffer,
    headers: Record<string, string>,
    base64?: boolean,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  /** Invokes the poller as an EventBridge schedule would. */
  schedule(detail: { tier?: string; reconcile?: boolean }): Promise<unknown>;
  storedRecords(accountId: string, modelId: string): Promise<StoredRecord[]>;
  /** Secrets that must never appear in a log line (the key, the signing key, every account token). */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startSyncFixture(
  options: {
    simulator?: Partial<SimulatorOptions>;
    pipeline?: Partial<PipelineOptions>;
  } = {},
): Promise<SyncFixture> {
  const apiKey = `test-api-key-${randomBytes(12).toString('hex')}`;
  const signingKey = `test-signing-key-${randomBytes(12).toString('hex')}`;
  const sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey, ...options.simulator });
  // The handlers' DynamoDB traffic goes through a counting proxy in front of the stand-in.
  let proxy: CountingProxy | undefined;
  const pipeline = await startLocalPipeline({
    mergeBaseUrl: sim.baseUrl,
    mergeApiKey: apiKey,
    webhookSignatureKey: signingKey,
    // Quick redelivery of failed messages in tests; the stack uses 6× the function timeout.
    visibilityTimeoutSeconds: { events: 1, polls: 1, jobs: 1 },
    functionEndpoints: async (local) => {
      proxy = await startCountingProxy(local.dynamodb);
      return { dynamodb: proxy.endpoint };
    },
    ...options.pipeline,
  });
  if (!proxy) throw new Error('the pipeline did not ask where the functions send DynamoDB traffic');
  const dynamoWrites = proxy;
  const client = new DynamoDBClient({ endpoint: pipeline.standIns.dynamodbEndpoint });
  const post = (body: string | Buffer, headers: Record<string, string>, base64 = false) =>
    pipeline.handlers.webhookReceiver(
      httpApiEvent({ body, headers, base64 }),
      lambdaContext('webhook-receiver', 10_000),
    );
  // Every account token the simulator issued through the fixture (regenerated ones too), so the
  // secret scan knows each of them.
  const issuedTokens = new Set<string>();
  const accountTokens = () => [...issuedTokens];
  const originalLink = sim.linkAccount.bind(sim);
  sim.linkAccount = (input) => {
    const account = originalLink(input);
    issuedTokens.add(account.accountToken);
    return account;
  };
  const originalRegenerate = sim.regenerateAccountToken.bind(sim);
  sim.regenerateAccountToken = (accountId) => {
    const token = originalRegenerate(accountId);
    issuedTokens.add(token);
    return token;
  };
  const records = new DynamoRecordStore(client, pipeline.tableName);
  return {
    sim,
    pipeline,
    apiKey,
    signingKey,
    dynamoWrites,
    accounts: new DynamoAccountStore(
      client,
      pipeline.tableName,
      tokenSealer(pipeline.config.engine.tokenKey, undefined),
    ),
    states: new DynamoSyncStateStore(client, pipeline.tableName),
    records,
    postWebhook(payload, opts = {}) {
      const signed = sim.signedRequest(payload as never);
      const headers = { ...signed.headers };
      if (opts.signature === null) delete headers['X-Merge-Webhook-Signature'];
      else if (opts.signature !== undefined) headers['X-Merge-Webhook-Signature'] = opts.signature;
      return post(signed.body, headers, opts.base64);
    },
    postRaw: post,
    schedule: (detail) =>
      pipeline.handlers.syncStatusPoller(scheduledEvent(detail), lambdaContext('sync-status-poller', 60_000)),
    storedRecords: (accountId, modelId) => allStored(records, accountId, modelId),
    secrets: () => [apiKey, signingKey, ...accountTokens()],
    async close() {
      client.destroy();
      await pipeline.close();
      await dynamoWrites.close();
      await sim.close();
    },
  };
}

/** A plain Merge client on the fixture's simulator (no pacing): to check tokens as the engine does. */
export function mergeClientFor(f: SyncFixture): MergeClient {
  return createMergeClient({ baseUrl: f.sim.baseUrl, apiKey: f.apiKey });
}

/** Fails with the offending line if any captured log line contains any of the secrets. */
export function expectNoSecretsInLogs(secrets: readonly string[]): void {
  const lines = capturedLogLines();
  for (const secret of secrets) {
    const leak = lines.find((line) => line.includes(secret));
    if (leak)
      throw new Error(`a log line contains a secret: ${leak.replace(secret, '<SECRET>').slice(0, 300)}`);
  }
}

/**
 * The stored form of a simulator record: what our normalization must produce from it. Merge lists
 * `remote_data` and `remote_fields` only when asked (include_remote_data / include_remote_fields),
 * and the default config asks for neither; the model's national identifiers (`ssn`) are left out by
 * default (the simulator always returns them).
 */
export function expectedData(record: Record<string, unknown>, modelId?: string): Record<string, unknown> {
  const { remote_data: _remoteData, remote_fields: _remoteFields, ...rest } = record;
  for (const field of modelId ? (findModel(modelId)?.personalIdentifiers ?? []) : []) delete rest[field];
  return rest;
}

/** Links an account of `category` through the real webhook, seeds it, and completes its initial sync. */
export async function linkAndSync(
  f: SyncFixture,
  category: 'hris' | 'ats' | 'crm' | 'accounting' | 'ticketing' | 'filestorage',
  seeds: Record<string, number>,
  link: Omit<Partial<LinkAccountInput>, 'category'> = {},
) {
  const account = f.sim.linkAccount({ ...link, category });
  for (const [modelId, count] of Object.entries(seeds)) f.sim.seedRecords(account.id, modelId, count);
  await f.postWebhook(f.sim.linkedEvent(account.id));
  await f.pipeline.drain();
  f.sim.finishSync(account.id, { result: 'DONE' });
  await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));
  await f.pipeline.drain();
  return account;
}

/** Asserts the store holds exactly Merge's records of (account, model), deleted ones as tombstones. */
export async function expectStoreEqualsSimulator(f: SyncFixture, accountId: string, modelId: string) {
  const truth = f.sim.records(accountId, modelId, { includeDeleted: true });
  const stored = await f.storedRecords(accountId, modelId);
  expect(stored.map((r) => r.id).sort()).toEqual(truth.map((r) => String(r.id)).sort());
  const byId = new Map(stored.map((r) => [r.id, r]));
  for (const record of truth) {
    const mine = byId.get(String(record.id));
    expect(mine?.data).toEqual(expectedData(record, modelId));
    expect(mine?.deleted).toBe(record.remote_was_deleted === true);
  }
  return stored;
}

/**
 * One fixture per test file: started before its tests, and after them every captured log line is
 * checked for secrets (invariant 10) before the fixture closes. `use` receives it once started.
 */
export function useSyncFixture(
  use: (fixture: SyncFixture) => void,
  options: Parameters<typeof startSyncFixture>[0] = {},
): void {
  let fixture: SyncFixture | undefined;
  beforeAll(async () => {
    fixture = await startSyncFixture(options);
    use(fixture);
  });
  afterAll(async () => {
    if (!fixture) return;
    try {
      expectNoSecretsInLogs(fixture.secrets());
    } finally {
      await fixture.close();
    }
  });
}

/**
 * From the moment Merge has served page `pageIndex` (0-based) of any list of the account, every
 * later request for it fails with a 500: a fetch that dies mid-way. Returns the hook's remover.
 */
export function failMergeFromPage(f: SyncFixture, accountId: string, pageIndex: number): () => void {
  return f.sim.onBeforePage(({ accountId: id, pageIndex: index }) => {
    if (id === accountId && index === pageIndex)
      f.sim.injectFault({ kind: 'http5xx', status: 500, times: Infinity, match: { accountId } });
  });
}
