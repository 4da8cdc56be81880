/**
 * 1. Write overlap: an initial sync of N HRIS employees (the reference's example record, filled;
 * each with its employment expanded, so 2N records) through the real fetcher handler, with the
 * simulator answering every page after a fixed 50 ms, into dynalite. Limit: paging through the same
 * data with the Merge client (shared/merge/client.ts) and discarding it. Figure: sync / pagination.
 *
 * Diagnosis in the details: per page, the fetcher process's CPU time and the store's CPU time (which
 * one bounds the sync), DynamoDB requests per page, and what writing one page of records costs by
 * write strategy (conditional PutItem per record, as the engine does, vs BatchWriteItem).
 */
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { recordChangeEvent } from '../../shared/events/change-events';
import { EventBridgePublisher } from '../../shared/events/event-bridge-publisher';
import { createMergeClient } from '../../shared/merge/client';
import { systemClock } from '../../shared/runtime/clock';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { mapWithConcurrency } from '../../shared/sync/concurrency';
import { startBenchPipeline, TABLE_NAME, type BenchPipeline } from './lib/harness';
import { profileSelfTime } from './lib/profile';
import { countStdout, emitRows, isQuick, progress, ratioRow, round, summarize } from './lib/report';

const quick = isQuick();
const EMPLOYEES = quick ? 400 : 20_000;
const REPEATS = quick ? 2 : 3;
const PAGE_DELAY_MS = 50;

const stdout = countStdout();
/** When (and at what process CPU) the fetcher last logged a completed fetch. */
let completed: { at: number; cpuMs: number } | undefined;
stdout.watch('"message":"fetch completed"', () => {
  completed = { at: performance.now(), cpuMs: cpuMs() };
});
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function paginate(b: BenchPipeline, account: { id: string; accountToken: string }) {
  const client = createMergeClient({ baseUrl: b.sim.baseUrl, apiKey: b.apiKey });
  const started = performance.now();
  let pages = 0;
  let records = 0;
  for await (const page of client.pages(
    { accountId: account.id, accountToken: account.accountToken, category: 'hris' },
    'employees',
    // What the fetcher asks for (default config: hris.Employee with expand employments).
    { includeDeletedData: true, expand: ['employments'] },
  )) {
    pages++;
    records += page.results.length;
  }
  return { ms: performance.now() - started, pages, records };
}

async function sync(b: BenchPipeline, accountId: string) {
  await b.store.call('resetCounts');
  const storeCpu0 = await b.store.call('cpuMs');
  const cpu0 = cpuMs();
  const log0 = stdout.bytes();
  const t0 = performance.now();
  completed = undefined;
  await b.enqueueFetch(accountId, 'hris.Employee');
  const run = await b.runJobs();
  const cpu = cpuMs() - cpu0;
  const logBytes = stdout.bytes() - log0;
  const storeCpu = (await b.store.call('cpuMs')) - storeCpu0;
  // The sync is done when the fetch completes (records stored, cursor moved). The publish jobs its
  // pages handed their change events to run after it here; in AWS they are other invocations.
  const done = completed ?? { at: performance.now(), cpuMs: cpuMs() };
  return {
    ms: done.at - t0,
    publishMs: performance.now() - done.at,
    publisherCpuMs: cpuMs() - done.cpuMs,
    invocations: run.invocations,
    cpuMs: done.cpuMs - cpu0,
    processCpuMs: cpu,
    storeCpuMs: storeCpu,
    logBytes,
    counts: await b.store.call('counts'),
  };
}

/** One page of stored records (200 items) written again under new keys, by strategy. */
async function writeStrategies(b: BenchPipeline, accountId: string) {
  const client = new DynamoDBClient({ endpoint: b.store.dynamodbEndpoint });
  const out = await client.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `RECORD#${accountId}#hris.Employee` } },
      Limit: 100,
    }),
  );
  const employees = out.Items ?? [];
  const out2 = await client.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `RECORD#${accountId}#hris.Employment` } },
      Limit: 100,
    }),
  );
  const page = [...employees, ...(out2.Items ?? [])];
  const records = new DynamoRecordStore(client, TABLE_NAME);
  const stored = [
    ...(await records.list(accountId, 'hris.Employee', null, 100)).items,
    ...(await records.list(accountId, 'hris.Employment', null, 100)).items,
  ];
  const events = stored.map((record) => recordChangeEvent({ kind: 'added', record }));
  const eventBridge = new EventBridgeClient({ endpoint: b.store.eventBridgeEndpoint });
  const publisher = new EventBridgePublisher(eventBridge, 'merge-sync', systemClock);
  let generation = 0;
  const renamed = (): Record<string, AttributeValue>[] => {
    generation++;
    return page.map((item) => ({ ...item, sk: { S: `${item.sk?.S ?? ''}-w${generation}` } }));
  };
  const strategies: Record<string, (items: Record<string, AttributeValue>[]) => Promise<number>> = {
    // What apply-records.ts did before 500d13a for every record, and still does for changed ones.
    'PutItem per record (conditional, 16 in flight)': async (items) => {
      await mapWithConcurrency(items, 16, (item) =>
        client.send(
          new PutItemCommand({
            TableName: TABLE_NAME,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR modifiedAt <= :m',
            ExpressionAttributeValues: { ':m': item.modifiedAt ?? { S: '' } },
          }),
        ),
      );
      return items.length;
    },
    // What it does since 500d13a for records stored for the first time.
    'BatchWriteItem (25 per request, 4 in flight)': async (items) => {
      const chunks = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) =>
        items.slice(i * 25, i * 25 + 25),
      );
      await mapWithConcurrency(chunks, 4, (chunk) =>
        client.send(
          new BatchWriteItemCommand({
            RequestItems: { [TABLE_NAME]: chunk.map((Item) => ({ PutRequest: { Item } })) },
          }),
        ),
      );
      return chunks.length;
    },
    // The page's change events through the engine's own publisher (10 entries per PutEvents).
    'PutEvents of the page’s change events (EventBridgePublisher)': async () => {
      await publisher.publish(events);
      return Math.ceil(events.length / 10);
    },
  };
  const results: Record<string, unknown> = {};
  for (const [name, write] of Object.entries(strategies)) {
    await write(renamed()); // warm-up
    const wall: number[] = [];
    const cpu: number[] = [];
    const storeCpu: number[] = [];
    let requests = 0;
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const items = renamed();
      const s0 = await b.store.call('cpuMs');
      const c0 = cpuMs();
      const t0 = performance.now();
      requests = await write(items);
      wall.push(performance.now() - t0);
      cpu.push(cpuMs() - c0);
      storeCpu.push((await b.store.call('cpuMs')) - s0);
    }
    results[name] = {
      items: name.startsWith('PutEvents') ? events.length : page.length,
      requests,
      wallMsMedian: round(summarize(wall).median, 1),
      clientCpuMsMedian: round(summarize(cpu).median, 1),
      storeCpuMsMedian: round(summarize(storeCpu).median, 1),
    };
  }
  client.destroy();
  eventBridge.destroy();
  return results;
}

async function main() {
  const b = await startBenchPipeline({
    simulator: { pageDelayMs: PAGE_DELAY_MS },
    syncConfigOverrides: { planRequestsPerMinute: 10_000 },
    countDynamo: true,
  });
  const ratios: number[] = [];
  const runs: Record<string, unknown>[] = [];
  let lastAccount = '';
  try {
    for (let r = 0; r < REPEATS; r++) {
      const account = await b.linkAccount('hris');
      lastAccount = account.id;
      await b.sim.call('seed', account.id, 'hris.Employee', EMPLOYEES);
      // Alternate which goes first, so a drift in machine load does not favour one side.
      let pagination: Awaited<ReturnType<typeof paginate>>;
      let fetched: Awaited<ReturnType<typeof sync>>;
      if (r % 2 === 0) {
        pagination = await paginate(b, account);
        fetched = await sync(b, account.id);
      } else {
        fetched = await sync(b, account.id);
        pagination = await paginate(b, account);
      }
      const ratio = fetched.ms / pagination.ms;
      ratios.push(ratio);
      const pages = pagination.pages;
      const counts = fetched.counts;
      const recordWrites = counts['write:RECORD'] ?? 0;
      runs.push({
        pages,
        records: recordWrites,
        paginationMs: round(pagination.ms, 0),
        syncMs: round(fetched.ms, 0),
        ratio: round(ratio),
        perPage: {
          paginationMs: round(pagination.ms / pages, 1),
          syncMs: round(fetched.ms / pages, 1),
          fetcherCpuMs: round(fetched.cpuMs / pages, 1),
          // The publish jobs (change events off the page path), run after the fetch here.
          publisherCpuMs: round(fetched.publisherCpuMs / pages, 1),
          publishMs: round(fetched.publishMs / pages, 1),
          storeCpuMs: round(fetched.storeCpuMs / pages, 1),
          awsRequests: round(
            Object.entries(counts)
              .filter(([k]) => k.startsWith('op:'))
              .reduce((n, [, v]) => n + v, 0) / pages,
            1,
          ),
        },
        logBytesPerPage: round(fetched.logBytes / pages, 0),
        operations: Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith('op:'))),
        writeItemsByKind: Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith('write:'))),
        writeUnitsByKind: Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith('wru:'))),
        readUnits: counts.rru ?? 0,
        eventEntries: counts.eventEntries ?? 0,
        recordBytesAvg: round((counts.recordBytes ?? 0) / Math.max(1, recordWrites), 0),
        recordWriteUnitsAvg: round((counts.recordWriteUnits ?? 0) / Math.max(1, recordWrites), 2),
        invocations: fetched.invocations,
        // The request schedule's store writes per Merge request during this initial sync.
        pacerWritesPerMergeRequest: round((counts['write:RATE'] ?? 0) / pages, 3),
      });
      progress(
        `repeat ${r + 1}/${REPEATS}: ${EMPLOYEES} employees, ${pages} pages: pagination ${round(pagination.ms / 1000, 2)} s, sync ${round(fetched.ms / 1000, 2)} s, ratio ${round(ratio, 2)}`,
      );
    }
    progress('write cost of one page of records, by strategy');
    const strategies = await writeStrategies(b, lastAccount);
    let profile: Awaited<ReturnType<typeof profileSelfTime>> | null = null;
    if (!quick) {
      progress('profiling a short sync (diagnosis, not timed)');
      const profiled = await b.linkAccount('hris');
      await b.sim.call('seed', profiled.id, 'hris.Employee', 1000);
      profile = await profileSelfTime(async () => {
        await b.enqueueFetch(profiled.id, 'hris.Employee');
        await b.runJobs();
      }, 15);
    }
    emitRows([
      ratioRow({
        name: '1 write overlap',
        figure: 'initial sync time / pagination-only time',
        ratios,
        target: '<= 1.15',
        meets: (x) => x <= 1.15,
        details: {
          employees: EMPLOYEES,
          recordsPerEmployee: 2,
          pageDelayMs: PAGE_DELAY_MS,
          pageSize: 100,
          setup:
            'real fetcher handler via the jobs queue; simulator and dynalite each in their own process; planRequestsPerMinute 10000 (pacer never binds)',
          runs,
          writeCostPerPage: strategies,
          fetcherProfileSelfTime: profile,
        },
      }),
    ]);
  } finally {
    await b.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
