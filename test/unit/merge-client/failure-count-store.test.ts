import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { provisionTable } from '../../../infra/local/stand-ins';
import { DynamoFailureCountStore } from '../../../shared/store/dynamodb/failure-count-store';
import { failureBucketKey } from '../../../shared/store/keys';
import { SharedFailureGuard } from '../../../shared/merge/shared-failure-guard';

const TABLE = 'failure-guard-test';
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('DynamoFailureCountStore (dynalite)', () => {
  let server: Server;
  let client: DynamoDBClient;

  beforeAll(async () => {
    server = dynalite({ createTableMs: 0 }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await provisionTable(client, TABLE);
  });

  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('adds failures atomically, returning the bucket total, with a TTL in epoch seconds', async () => {
    const store = new DynamoFailureCountStore(client, TABLE);
    const counts = await Promise.all(Array.from({ length: 5 }, () => store.addFailure(T0, T0 + 61_500)));

    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5]);
    const item = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: {
          pk: { S: failureBucketKey(T0).pk },
          sk: { S: failureBucketKey(T0).sk },
        },
      }),
    );
    expect(item.Item?.failures).toEqual({ N: '5' });
    expect(item.Item?.expiresAt).toEqual({ N: String(Math.ceil((T0 + 61_500) / 1000)) });
  });

  it('reads the buckets from a time on, in time order', async () => {
    const store = new DynamoFailureCountStore(client, TABLE);
    const base = T0 + 3_600_000;
    await store.addFailure(base - 20_000, base);
    await store.addFailure(base, base);
    await store.addFailure(base + 1000, base);
    await store.addFailure(base + 1000, base);

    expect(await store.failureCounts(base - 1000)).toEqual([
      { bucketStartMs: base, count: 1 },
      { bucketStartMs: base + 1000, count: 2 },
    ]);
  });

  it('lets two guards over the table share one count', async () => {
    const base = T0 + 7_200_000;
    const limit = { maxFailures: 10, windowMs: 10_000 };
    const one = new SharedFailureGuard(new DynamoFailureCountStore(client, TABLE));
    const two = new SharedFailureGuard(new DynamoFailureCountStore(client, TABLE));
    for (let i = 0; i < 6; i += 1) await one.recordFailure(base + i);
    for (let i = 0; i < 4; i += 1) await two.recordFailure(base + 500 + i);

    expect(await one.check(base + 600, limit)).toMatchObject({ allowed: false, failuresInWindow: 10 });
  });
});
