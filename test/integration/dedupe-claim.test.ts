import { DynamoDBClient, GetItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { startLocalPipeline } from '../../infra/local/pipeline';
import { localClients, provisionTable, startStandIns, type StandIns } from '../../infra/local/stand-ins';
import { queueTiming } from '../../shared/queue/queue-design';
import { eventProcessorConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { isConditionalCheckFailure } from '../../shared/store/dynamodb/attributes';
import { DynamoDedupeStore } from '../../shared/store/dynamodb/dedupe-store';
import { startCountingProxy, type CountingProxy } from '../helpers/counting-proxy';
import { FakeClock } from '../helpers/fakes';

/**
 * The webhook dedupe claim (shared/store/dynamodb/dedupe-store.ts) on dynalite, its requests counted
 * at a proxy, and its lease as the deployed event processor takes it (shared/queue/queue-design.ts).
 */
const TABLE = 'dedupe-claims';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let standIns: StandIns;
let clients: ReturnType<typeof localClients>;
let proxy: CountingProxy;
let counted: DynamoDBClient;

beforeAll(async () => {
  standIns = await startStandIns();
  clients = localClients(standIns);
  await provisionTable(clients.dynamodb, TABLE);
  proxy = await startCountingProxy(standIns.dynamodbEndpoint);
  counted = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials });
});

afterAll(async () => {
  counted.destroy();
  clients.dynamodb.destroy();
  clients.sqs.destroy();
  await proxy.close();
  await standIns.close();
});

/**
 * What DynamoDB does and dynalite does not: a Put refused by its condition, asked for
 * ReturnValuesOnConditionCheckFailure ALL_OLD, carries the item that refused it. Read here with a
 * client of its own, so the proxy counts only what the store sends.
 */
function returningOldItem(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const input = args.input as PutItemCommandInput;
        if (
          context.commandName === 'PutItemCommand' &&
          input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' &&
          isConditionalCheckFailure(error)
        ) {
          const { pk, sk } = input.Item ?? {};
          const old = await clients.dynamodb.send(
            new GetItemCommand({
              TableName: input.TableName,
              Key: { pk: pk!, sk: sk! },
              ConsistentRead: true,
            }),
          );
          Object.assign(error as object, { Item: old.Item });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'returnOldItemOnConditionFailure' },
  );
  return client;
}

describe('claiming a webhook', () => {
  it("with DynamoDB's answer to a refused claim (the old item), one request says done or in progress", async () => {
    const dynamodb = returningOldItem(
      new DynamoDBClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials }),
    );
    const store = new DynamoDedupeStore(dynamodb, TABLE, new FakeClock());
    try {
      proxy.reset();
      expect(await store.claim('sig-one-request', 60_000)).toBe('claimed');
      expect(await store.claim('sig-one-request', 60_000)).toBe('in-progress');
      await store.complete('sig-one-request', 3_600_000);
      proxy.reset();
      expect(await store.claim('sig-one-request', 60_000)).toBe('done');
      expect(proxy.counts()).toEqual({ PutItem: 1 });
    } finally {
      dynamodb.destroy();
    }
  });

  it('on dynalite, which returns no old item, the same outcomes: a read only when a claim is refused', async () => {
    const store = new DynamoDedupeStore(counted, TABLE, new FakeClock());
    proxy.reset();
    expect(await store.claim('sig-dynalite', 60_000)).toBe('claimed');
    expect(proxy.counts()).toEqual({ PutItem: 1 });
    proxy.reset();
    expect(await store.claim('sig-dynalite', 60_000)).toBe('in-progress');
    expect(proxy.counts()).toEqual({ PutItem: 1, GetItem: 1 });
    await store.complete('sig-dynalite', 3_600_000);
    expect(await store.claim('sig-dynalite', 60_000)).toBe('done');
    await store.release('sig-dynalite');
    expect(await store.claim('sig-dynalite', 60_000)).toBe('claimed');
  });
});

describe("the deployed event processor's claim lease", () => {
  const lease = eventProcessorConfigFromEnvironment({ TABLE_NAME: TABLE }).eventProcessor.claimLeaseMs;
  const { consumerTimeoutSeconds, visibilityTimeoutSeconds } = queueTiming('events');
  const invocationMs = consumerTimeoutSeconds * 1000;

  it('after a crash, the first redelivery finds the claim expired and takes it', async () => {
    const clock = new FakeClock();
    const store = new DynamoDedupeStore(counted, TABLE, clock);
    const receivedAt = clock.now();
    clock.advance(invocationMs); // claimed as late as an invocation can, then the processor died
    expect(await store.claim('sig-crashed', lease)).toBe('claimed');
    clock.advance(visibilityTimeoutSeconds * 1000 - invocationMs); // SQS delivers it again
    expect(clock.now() - receivedAt).toBe(visibilityTimeoutSeconds * 1000);
    expect(await store.claim('sig-crashed', lease)).toBe('claimed');
  });

  it('a live processor keeps its claim for as long as its invocation can run', async () => {
    const clock = new FakeClock();
    const store = new DynamoDedupeStore(counted, TABLE, clock);
    expect(await store.claim('sig-live', lease)).toBe('claimed'); // claimed first thing
    clock.advance(invocationMs); // its last moment: a duplicate delivery must not take the webhook
    expect(await store.claim('sig-live', lease)).toBe('in-progress');
  });

  it("the local pipeline's shortened events queue feeds the same derivation", async () => {
    const pipeline = await startLocalPipeline({
      mergeBaseUrl: 'http://127.0.0.1:9/api',
      mergeApiKey: 'unused-key',
      webhookSignatureKey: 'unused-signing-key',
      visibilityTimeoutSeconds: { events: 100 },
      functionTimeoutMs: { events: 20_000 },
    });
    try {
      expect(pipeline.config.eventProcessor.claimLeaseMs).toBe(50_000); // half of 100 s, above 20 s
    } finally {
      await pipeline.close();
    }
  });
});
