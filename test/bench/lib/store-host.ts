/**
 * DynamoDB's API (dynalite), EventBridge's (the local bus) and optionally SQS's (local-aws-sqs) in a
 * process of their own, as they are remote services in AWS: their CPU and memory are not charged to
 * the process under measurement. In front of dynalite and the bus sits an inspecting proxy that
 * counts every operation, and for writes which kind of item they touched (record, sync state,
 * request schedule, outbox, ...), so a benchmark can say how many writes a sync really made and why.
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import { LocalEventBus } from '../../../infra/local/event-bus';
import { freePort, provisionTable } from '../../../infra/local/stand-ins';
import { serveHost } from './rpc';

type AttributeValue = { S?: string; N?: string; B?: string; BOOL?: boolean; SS?: string[]; NULL?: boolean };
type Item = Record<string, AttributeValue>;

/** Counters: operations, items written by kind, bytes of record items written, failed conditions. */
const counts = new Map<string, number>();
const bump = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);

/** Requests per partition key (table `pk`, or `<index>:<key>`): where the load lands. */
const partitions = new Map<string, number>();
const touch = (partition: string | undefined) => {
  if (partition) partitions.set(partition, (partitions.get(partition) ?? 0) + 1);
};
/** The partitions one request touches (an index write too when the item carries an index key). */
function notePartitions(op: string, parsed: Record<string, unknown>) {
  const keyOf = (item: Item | undefined) => {
    touch(item?.pk?.S);
    if (item?.gsi1pk?.S) touch(`gsi1:${item.gsi1pk.S}`);
  };
  if (op === 'Query') {
    const values = (parsed.ExpressionAttributeValues ?? {}) as Item;
    const index = typeof parsed.IndexName === 'string' ? parsed.IndexName : 'table';
    touch(`${index}:${values[':pk']?.S ?? Object.values(values)[0]?.S ?? '?'}`);
  } else if (op === 'GetItem' || op === 'UpdateItem' || op === 'DeleteItem') keyOf(parsed.Key as Item);
  else if (op === 'PutItem') keyOf(parsed.Item as Item);
  else if (op === 'BatchGetItem' || op === 'BatchWriteItem') {
    const tables = Object.values((parsed.RequestItems ?? {}) as Record<string, unknown>);
    const seen = new Set<string>();
    for (const table of tables) {
      const entries = Array.isArray(table)
        ? (table as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]).map(
            (e) => e.PutRequest?.Item ?? e.DeleteRequest?.Key,
          )
        : ((table as { Keys?: Item[] }).Keys ?? []);
      for (const item of entries) if (item?.pk?.S) seen.add(item.pk.S);
    }
    for (const pk of seen) touch(pk);
  }
}

/** RECORD, STATE, RATE, ACCOUNT, TOKEN, DEDUPE ... from an item's keys. */
function kindOf(item: Item | undefined): string {
  const pk = item?.pk?.S ?? '';
  const sk = item?.sk?.S ?? '';
  const prefix = pk.split('#')[0] ?? '';
  if (prefix === 'ACCOUNT') return sk.split('#')[0] ?? 'ACCOUNT';
  return prefix || 'unknown';
}

/** DynamoDB's item size: attribute names plus values (UTF-8 bytes), as billed in 1 KB write units. */
function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (value.S !== undefined) bytes += Buffer.byteLength(value.S);
    else if (value.N !== undefined) bytes += value.N.length;
    else if (value.SS) bytes += value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
    else bytes += 1;
  }
  return bytes;
}

/**
 * One item written: counted by kind, with its write units (1 KB each, rounded up) and, when it
 * carries an index key, the index write that DynamoDB makes too (both indexes project ALL).
 * Only the key is seen for UpdateItem and DeleteItem, so those count 1 unit (they are small items).
 */
function notePut(item: Item | undefined, op: string, full: boolean) {
  const kind = kindOf(item);
  bump(`write:${kind}`);
  bump(`${op}:${kind}`);
  if (!item || !full) {
    bump(`wru:${kind}`);
    return;
  }
  const bytes = itemBytes(item);
  const units = Math.ceil(bytes / 1024);
  bump(`wru:${kind}`, units);
  bump(`bytes:${kind}`, bytes);
  if (item.gsi1pk || item.gsi2pk) bump('wru:index', units);
  if (kind === 'RECORD') {
    bump('recordBytes', bytes);
    bump('recordWriteUnits', units);
  }
}

interface WriteRequestBody {
  Item?: Item;
  Key?: Item;
  RequestItems?: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>;
  TransactItems?: { Put?: { Item: Item }; Update?: { Key: Item }; Delete?: { Key: Item } }[];
}

function inspect(op: string, body: string) {
  bump(`op:${op}`);
  if (op === 'PutEvents') {
    bump('eventEntries', (JSON.parse(body) as { Entries?: unknown[] }).Entries?.length ?? 0);
    return;
  }
  if (op === 'Query' || op === 'Scan') bump('rru');
  if (/^(Query|GetItem|PutItem|UpdateItem|DeleteItem|BatchGetItem|BatchWriteItem)$/.test(op))
    notePartitions(op, JSON.parse(body) as Record<string, unknown>);
  if (!/^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|BatchGetItem|GetItem)$/.test(op))
    return;
  const parsed = JSON.parse(body) as WriteRequestBody & {
    RequestItems?: Record<string, { Keys?: Item[]; ConsistentRead?: boolean }>;
    ConsistentRead?: boolean;
  };
  // Read units: items here are under 4 KB, so 1 per consistent read and 0.5 per eventually
  // consistent one, also for keys not found (DynamoDB charges those the minimum).
  if (op === 'GetItem') bump('rru', parsed.ConsistentRead ? 1 : 0.5);
  if (op === 'PutItem') notePut(parsed.Item, op, true);
  else if (op === 'UpdateItem' || op === 'DeleteItem') notePut(parsed.Key, op, false);
  else if (op === 'BatchGetItem') {
    for (const table of Object.values(parsed.RequestItems ?? {})) {
      const keys = (table as { Keys?: Item[] }).Keys?.length ?? 0;
      bump('batchGetKeys', keys);
      bump('rru', keys * ((table as { ConsistentRead?: boolean }).ConsistentRead ? 1 : 0.5));
    }
  } else if (op === 'BatchWriteItem') {
    for (const table of Object.values(parsed.RequestItems ?? {}))
      for (const entry of table as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[])
        notePut(entry.PutRequest?.Item ?? entry.DeleteRequest?.Key, op, entry.PutRequest !== undefined);
  } else if (op === 'TransactWriteItems') {
    for (const entry of parsed.TransactItems ?? [])
      notePut(entry.Put?.Item ?? entry.Update?.Key ?? entry.Delete?.Key, op, entry.Put !== undefined);
  }
}

function startInspectingProxy(target: string): Promise<Server> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => {
    const op =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        inspect(op, body.toString('utf8'));
      } catch {
        bump('inspectErrors');
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (answer) => {
          if ((answer.statusCode ?? 200) >= 400) {
            const errorChunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => errorChunks.push(chunk));
            answer.on('end', () => {
              const text = Buffer.concat(errorChunks).toString('utf8');
              const type = /"__type":"[^"]*#([A-Za-z]+)"/.exec(text)?.[1] ?? `HTTP${answer.statusCode}`;
              bump(`error:${op}:${type}`);
              res.writeHead(answer.statusCode ?? 500, answer.headers);
              res.end(text);
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const address = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let sqsEndpoint: string | undefined;

const api = {
  async start(options: { tableName?: string; dynamoPath?: string; sqs?: boolean }) {
    const dynamo = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(options.dynamoPath ? { path: options.dynamoPath } : {}),
    });
    await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', () => resolve()));
    const dynamodbEndpoint = address(dynamo);
    const proxy = await startInspectingProxy(dynamodbEndpoint);
    const bus = await LocalEventBus.start({ capacity: 100 });
    const busProxy = await startInspectingProxy(bus.endpoint);
    const client = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: 'us-east-1', credentials });
    if (options.tableName) await provisionTable(client, options.tableName);
    client.destroy();
    if (options.sqs) {
      const port = await freePort();
      await createSqsServer({ port, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
      sqsEndpoint = `http://127.0.0.1:${port}`;
    }
    return {
      dynamodbEndpoint,
      countingEndpoint: address(proxy),
      eventBridgeEndpoint: address(busProxy),
      sqsEndpoint,
    };
  },
  async createQueue(name: string) {
    if (!sqsEndpoint) throw new Error('started without SQS');
    const sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', credentials });
    const out = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    sqs.destroy();
    return out.QueueUrl ?? '';
  },
  counts: () => Object.fromEntries(counts),
  resetCounts() {
    counts.clear();
    partitions.clear();
  },
  /** The busiest partitions (requests since the last reset), and how many were touched. */
  partitionCounts(top = 5) {
    const sorted = [...partitions.entries()].sort((a, b) => b[1] - a[1]);
    return { partitions: sorted.length, busiest: sorted.slice(0, top) };
  },
  memory: () => ({ rssMb: process.memoryUsage().rss / 2 ** 20 }),
  /** CPU time of this process so far (ms, user + system). */
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

export type StoreHostApi = typeof api;

serveHost(api);
