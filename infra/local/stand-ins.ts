import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { Level } from 'level';
import { createSqsServer } from 'local-aws-sqs';
import { QUEUE_DESIGN, visibilityTimeoutSeconds } from '../../shared/queue/queue-design';
import type { QueueName } from '../../shared/queue/messages';
import { createTableInput } from '../../shared/store/table-design';
import { missingIndexes, rebuildTable } from './table-upgrade';

export interface QueueUrls {
  events: string;
  polls: string;
  jobs: string;
  writes: string;
  eventsDlq: string;
  pollsDlq: string;
  jobsDlq: string;
  writesDlq: string;
}

export interface StandIns {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  close(): Promise<void>;
}

/**
 * DynamoDB's API from dynalite and SQS's API from local-aws-sqs, on 127.0.0.1, in this process.
 * `dataDir` keeps dynalite's data on disk (LevelDB); without it everything is in memory.
 */
export async function startStandIns(options: { dataDir?: string; host?: string } = {}): Promise<StandIns> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir) await checkDataDir(options.dataDir);
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  await listen(dynamo, 0, host);
  const sqsPort = await freePort(host);
  const sqs = await createSqsServer({ port: sqsPort, hostname: host, emulateQueueCreationLifecycle: false });
  return {
    dynamodbEndpoint: `http://${host}:${(dynamo.address() as AddressInfo).port}`,
    sqsEndpoint: `http://${host}:${sqsPort}`,
    async close() {
      await Promise.all([closeServer(dynamo), closeServer(sqs as unknown as Server)]);
    },
  };
}

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * dynalite reports a store it cannot open only later, from inside a callback, as "Database is
 * closed"; opening it here first turns that into an error a person can act on.
 */
export async function checkDataDir(path: string): Promise<void> {
  const db = new Level(path);
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new DataDirError(/lock/i.test(cause) ? `locked: ${cause}` : `unreadable: ${cause}`);
  } finally {
    await db.close().catch(() => undefined);
  }
}

/**
 * Creates the table as the stack does (keys and indexes from shared/store/table-design); one an
 * earlier version made (kept in `.data`) without an index this version queries is made again.
 */
export async function provisionTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    if ((await missingIndexes(client, tableName)).length > 0) await rebuildTable(client, tableName);
  }
}

/**
 * Creates the four queues and their dead-letter queues with the stack's redrive policy. Locally the
 * visibility timeout can be shortened (`visibilityScale`) so a failed message is retried sooner.
 */
export async function provisionQueues(
  client: SQSClient,
  prefix: string,
  options: { visibilityTimeoutSeconds?: Partial<Record<QueueName, number>> } = {},
): Promise<QueueUrls> {
  const urls: Partial<QueueUrls> = {};
  for (const queue of ['events', 'polls', 'jobs', 'writes'] as const) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${prefix}-${queue}-dlq` }));
    const dlqArn = await queueArn(client, dlq.QueueUrl as string);
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-${queue}`,
        Attributes: {
          VisibilityTimeout: String(
            options.visibilityTimeoutSeconds?.[queue] ?? visibilityTimeoutSeconds(queue),
          ),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: QUEUE_DESIGN[queue].maxReceiveCount,
          }),
        },
      }),
    );
    urls[queue] = main.QueueUrl as string;
    urls[`${queue}Dlq`] = dlq.QueueUrl as string;
  }
  return urls as QueueUrls;
}

export async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const out = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return out.Attributes?.QueueArn as string;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** SDK clients pointed at the stand-ins explicitly (for provisioning and tests). */
export function localClients(standIns: StandIns, region = 'us-east-1') {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return {
    dynamodb: new DynamoDBClient({ endpoint: standIns.dynamodbEndpoint, region, credentials }),
    sqs: new SQSClient({ endpoint: standIns.sqsEndpoint, region, credentials, useQueueUrlAsEndpoint: false }),
  };
}
