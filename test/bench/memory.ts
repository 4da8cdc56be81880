/**
 * 6. Memory: peak RSS (process.resourceUsage().maxRSS) of a fresh fetcher process running the
 * initial sync of a small and a large account (records = employees + their expanded employments),
 * through the real fetcher handler. The simulator and dynalite run in their own processes, so only
 * the fetcher's process is measured (it also holds the local queues and an idle in-process
 * dynalite, and tsx, in both runs alike). Figure: large / small; pages stream, so it should be ~1.
 *
 * The process runs under the V8 heap limits Lambda's Node.js runtime gives the fetcher's memory size
 * (lib/lambda-node-flags.ts). Without them V8 sizes its heap for this machine (a 4 GB limit) and
 * lets garbage grow to about four times the live heap before a full collection: a long sync reaches
 * that, a short one ends before it, and the figure measured run length, not what a sync keeps.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { FUNCTION_SIZING } from '../../infra/aws/constructs/function-sizing';
import { TABLE_NAME } from './lib/harness';
import { startSimHost, startStoreHost } from './lib/hosts';
import { lambdaHeapFlags } from './lib/lambda-node-flags';
import { emitRows, isQuick, progress, RESULT_MARKER, round, summarize } from './lib/report';

const quick = isQuick();
const SIZES = quick ? [600, 2_400] : [10_000, 100_000];
/** Peak RSS depends on when V8 collects, so each size runs more than once in the full run. */
const REPEATS = quick ? [1, 1] : [3, 2];

interface Measured {
  maxRssMb: number;
  sampledMaxRssMb: number;
  sampledMaxHeapMb: number;
  sampledMaxHeapCommittedMb: number;
  beforeSyncRssMb: number;
  syncSeconds: number;
  invocations: number;
  retainedHeapMbEverySecond: number[];
  retainedHeapMbBeforeSync: number | null;
  retainedHeapMbAfterSync: number | null;
}

/** As the fetcher runs in AWS (infra/aws/constructs/function-sizing.ts). */
const HEAP_FLAGS = lambdaHeapFlags(FUNCTION_SIZING.fetcher.memorySize);

function measure(config: object, diagnoseGc = false): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const args = [
      ...HEAP_FLAGS,
      ...(diagnoseGc ? ['--expose-gc'] : []),
      '--import',
      'tsx',
      path.join(__dirname, 'memory-fetcher.ts'),
    ];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        BENCH_MEMORY_CONFIG: JSON.stringify(config),
        BENCH_MEMORY_GC: diagnoseGc ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString('utf8')).slice(-20_000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) return reject(new Error(`memory-fetcher failed (${code}): ${stderr}`));
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as Measured);
    });
  });
}

async function main() {
  const apiKey = `bench-api-key-${randomBytes(8).toString('hex')}`;
  const signingKey = `bench-signing-key-${randomBytes(8).toString('hex')}`;
  const [sim, store] = await Promise.all([
    startSimHost({ apiKey, webhookSignatureKey: signingKey, seed: 5 }),
    startStoreHost({ tableName: TABLE_NAME }),
  ]);
  try {
    const results: (Measured & { records: number })[] = [];
    for (const [index, records] of SIZES.entries())
      for (let r = 0; r < (REPEATS[index] ?? 1); r++) {
        const account = await sim.call('linkAccount', 'hris');
        // Each employee is stored with its expanded employment: two records.
        await sim.call('seed', account.id, 'hris.Employee', records / 2);
        const linked = await sim.call('linkedRequest', account.id);
        progress(`fetcher process syncing ${records} records (${records / 2} employees)`);
        const m = await measure({
          mergeBaseUrl: sim.baseUrl,
          apiKey,
          signingKey,
          dynamodbEndpoint: store.dynamodbEndpoint,
          eventBridgeEndpoint: store.eventBridgeEndpoint,
          accountId: account.id,
          linked,
        });
        progress(`peak RSS ${round(m.maxRssMb, 0)} MB, sync ${round(m.syncSeconds, 1)} s`);
        results.push({ ...m, records });
      }
    // Diagnosis (full run only): the heap still reachable after a full GC, every second of a sync,
    // which tells retained data (an accumulation) from garbage V8 had not collected yet.
    let retained: (Measured & { records: number }) | null = null;
    if (!quick) {
      const records = 30_000;
      const account = await sim.call('linkAccount', 'hris');
      await sim.call('seed', account.id, 'hris.Employee', records / 2);
      progress(`retained heap after GC, every second of a ${records}-record sync (diagnosis)`);
      const m = await measure(
        {
          mergeBaseUrl: sim.baseUrl,
          apiKey,
          signingKey,
          dynamodbEndpoint: store.dynamodbEndpoint,
          eventBridgeEndpoint: store.eventBridgeEndpoint,
          accountId: account.id,
          linked: await sim.call('linkedRequest', account.id),
        },
        true,
      );
      retained = { ...m, records };
    }
    const peaks = (records: number) => results.filter((r) => r.records === records).map((r) => r.maxRssMb);
    const [smallSize, largeSize] = SIZES as [number, number];
    const small = summarize(peaks(smallSize));
    const large = summarize(peaks(largeSize));
    const ratio = large.median / small.median;
    emitRows([
      {
        name: '6 memory',
        figure: `fetcher peak RSS (median), ${largeSize} / ${smallSize} records`,
        ratio: round(ratio),
        target: '<= 1.2',
        met: ratio <= 1.2,
        median: round(ratio),
        min: round(large.min / small.max),
        max: round(large.max / small.min),
        repeats: Math.min(small.repeats, large.repeats),
        details: {
          runs: results.map((r) => ({
            records: r.records,
            maxRssMb: round(r.maxRssMb, 1),
            rssBeforeSyncMb: round(r.beforeSyncRssMb, 1),
            maxHeapUsedMb: round(r.sampledMaxHeapMb, 1),
            maxHeapCommittedMb: round(r.sampledMaxHeapCommittedMb, 1),
            syncSeconds: round(r.syncSeconds, 1),
            invocations: r.invocations,
          })),
          nodeFlags: HEAP_FLAGS.join(' '),
          peakRssMbMedian: { [smallSize]: round(small.median, 1), [largeSize]: round(large.median, 1) },
          growthMb: round(large.median - small.median, 1),
          // Before and after: with no job in flight (what a sync leaves behind); every second: during it.
          retainedHeapAfterGc: retained && {
            records: retained.records,
            beforeSyncMb: round(retained.retainedHeapMbBeforeSync ?? Number.NaN, 1),
            afterSyncMb: round(retained.retainedHeapMbAfterSync ?? Number.NaN, 1),
            maxMb: Math.max(...retained.retainedHeapMbEverySecond),
            samples: retained.retainedHeapMbEverySecond.length,
          },
        },
      },
    ]);
  } finally {
    await Promise.all([sim.close(), store.close()]);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
