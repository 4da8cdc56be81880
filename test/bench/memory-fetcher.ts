/**
 * The process measured by memory.ts: the real handlers on local queues, talking to the simulator
 * and dynalite in other processes (given in BENCH_MEMORY_CONFIG). Links one account through the
 * receiver, runs its initial sync through the fetcher, and reports its own peak RSS.
 */
import { drivePipeline } from './lib/harness';
import { RESULT_MARKER } from './lib/report';

interface Config {
  mergeBaseUrl: string;
  apiKey: string;
  signingKey: string;
  dynamodbEndpoint: string;
  eventBridgeEndpoint: string;
  accountId: string;
  linked: { body: string; headers: Record<string, string> };
}

async function main() {
  const config = JSON.parse(process.env.BENCH_MEMORY_CONFIG ?? '{}') as Config;
  let sampledMaxRss = 0;
  let sampledMaxHeap = 0;
  let sampledMaxHeapCommitted = 0;
  const sample = () => {
    const m = process.memoryUsage();
    sampledMaxRss = Math.max(sampledMaxRss, m.rss);
    sampledMaxHeap = Math.max(sampledMaxHeap, m.heapUsed);
    // What V8 holds from the OS for its heap, garbage included: RSS less this is native memory.
    sampledMaxHeapCommitted = Math.max(sampledMaxHeapCommitted, m.heapTotal);
  };
  const timer = setInterval(sample, 100);
  // With BENCH_MEMORY_GC=1 (a separate, diagnostic run): the heap still reachable after a full GC,
  // every second of the sync, which tells retained data (accumulation) from garbage not yet collected.
  const gc = process.env.BENCH_MEMORY_GC === '1' ? (globalThis as { gc?: () => void }).gc : undefined;
  const retainedMb = () => {
    gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const retained: number[] = [];
  const gcTimer = gc ? setInterval(() => retained.push(retainedMb()), 1000) : undefined;
  const driver = await drivePipeline({
    mergeBaseUrl: config.mergeBaseUrl,
    apiKey: config.apiKey,
    signingKey: config.signingKey,
    dynamodbEndpoint: config.dynamodbEndpoint,
    eventBridgeEndpoint: config.eventBridgeEndpoint,
    syncConfigOverrides: { planRequestsPerMinute: 10_000 },
  });
  await driver.deliver(config.linked);
  sample();
  const beforeSyncRss = process.memoryUsage().rss;
  // Both taken with nothing in flight: whatever a sync leaves reachable shows as their difference.
  const retainedBeforeSync = gc ? retainedMb() : null;
  await driver.enqueueFetch(config.accountId, 'hris.Employee');
  const run = await driver.runJobs();
  sample();
  clearInterval(timer);
  if (gcTimer) clearInterval(gcTimer);
  const retainedAfterSync = gc ? retainedMb() : null;
  const result = {
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledMaxRssMb: sampledMaxRss / 2 ** 20,
    sampledMaxHeapMb: sampledMaxHeap / 2 ** 20,
    sampledMaxHeapCommittedMb: sampledMaxHeapCommitted / 2 ** 20,
    beforeSyncRssMb: beforeSyncRss / 2 ** 20,
    syncSeconds: run.wallMs / 1000,
    invocations: run.invocations,
    retainedHeapMbEverySecond: retained.map((mb) => Math.round(mb * 10) / 10),
    retainedHeapMbBeforeSync: retainedBeforeSync,
    retainedHeapMbAfterSync: retainedAfterSync,
  };
  await driver.close();
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
