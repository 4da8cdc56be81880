/**
 * 5. Cold start: each function's production bundle (esbuild JS API, esbuildOptionsFor from
 * infra/aws/constructs/lambda-bundling.ts: the options the stack bundles with), its size, and the
 * time to import it in a fresh Node process, vs a bare handler that imports and constructs only the
 * same AWS SDK clients, bundled the same way. Imports run with --enable-source-maps, as the stack
 * sets NODE_OPTIONS; samples are interleaved across bundles so machine load hits all alike.
 * Node here is the local one (Lambda runs Node 24): import time is a proxy for Lambda's Init Duration.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { stop, type BuildOptions } from 'esbuild';
import { esbuildOptionsFor, functionEntry, PROJECT_ROOT } from '../../infra/aws/constructs/lambda-bundling';
import { bareSource, bundle, packagesOf, zodNamespaceImport, type Bundle } from './lib/bundles';
import { emitRows, isQuick, progress, round, summarize } from './lib/report';

const quick = isQuick();
const SAMPLES = quick ? 4 : 11;
const FUNCTIONS = [
  'webhook-receiver',
  'event-processor',
  'sync-status-poller',
  'fetcher',
  'read-api',
] as const;
const run = promisify(execFile);

/**
 * Imports a bundle in a fresh Node process; returns the import's wall time and the CPU time the
 * process spent on it (all threads: parsing, compiling, running module scope). CPU time is what
 * the figure uses: on this shared machine wall time also counts waiting for a core.
 */
async function importMs(file: string, sourceMaps: boolean): Promise<{ wall: number; cpu: number }> {
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); const wall = performance.now() - t0; const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));`;
  const { stdout } = await run(
    process.execPath,
    [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script],
    {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: 'merge-sync',
        EVENTS_QUEUE_URL: 'http://127.0.0.1:1/events',
        POLLS_QUEUE_URL: 'http://127.0.0.1:1/polls',
        JOBS_QUEUE_URL: 'http://127.0.0.1:1/jobs',
        MERGE_API_KEY: 'k',
        MERGE_WEBHOOK_SIGNATURE_KEY: 'k',
        MERGE_BASE_URL: 'http://127.0.0.1:1/api',
        LOG_LEVEL: 'INFO',
      },
    },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as { wall: number; cpu: number };
  } catch {
    throw new Error(`could not time the import of ${file}: ${stdout}`);
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'merge-sync-bench-bundles-'));
  try {
    const functions: Bundle[] = [];
    for (const name of FUNCTIONS) {
      const b = await bundle(dir, name, esbuildOptionsFor(functionEntry(name)));
      const top = [...packagesOf(b.metafile)].sort((x, y) => y[1] - x[1]).slice(0, 8);
      functions.push({ ...b, topPackages: top.map(([pkg, bytes]) => ({ pkg, bytes })) });
    }
    const whatIf: Bundle[] = [];
    for (const name of quick ? [] : FUNCTIONS) {
      const options = esbuildOptionsFor(functionEntry(name));
      whatIf.push(await bundle(dir, `${name}-zod-ns`, { ...options, plugins: [zodNamespaceImport] }));
    }
    const bareFor = new Map<string, Bundle>();
    const bareOptions = (clients: string[]): BuildOptions => {
      const { entryPoints: _entry, ...rest } = esbuildOptionsFor(path.join(PROJECT_ROOT, 'bare.mjs'));
      return {
        ...rest,
        stdin: {
          contents: bareSource(clients),
          resolveDir: PROJECT_ROOT,
          loader: 'js',
          sourcefile: 'bare.mjs',
        },
      };
    };
    const keys = new Set([
      ...functions.map((f) => f.clients.join('+')),
      '@aws-sdk/client-dynamodb+@aws-sdk/client-sqs',
    ]);
    for (const key of keys) {
      const clients = key.split('+');
      bareFor.set(key, await bundle(dir, `bare-${bareFor.size}`, bareOptions(clients)));
    }
    await stop();
    const all = [...functions, ...bareFor.values(), ...whatIf];
    const modes = quick ? [true] : [true, false];
    const times = new Map<string, number[]>();
    const cpuTimes = new Map<string, number[]>();
    progress(
      `${all.length} bundles, ${SAMPLES} fresh-process imports each${quick ? '' : ', with and without --enable-source-maps'}`,
    );
    if (!quick) for (const b of all) for (const sm of modes) await importMs(b.file, sm); // warm the file cache
    for (let i = 0; i < SAMPLES; i++) {
      const order = i % 2 === 0 ? all : [...all].reverse();
      for (const b of order)
        for (const sm of modes) {
          const key = `${b.name}|${sm}`;
          const sample = await importMs(b.file, sm);
          times.set(key, [...(times.get(key) ?? []), sample.wall]);
          cpuTimes.set(key, [...(cpuTimes.get(key) ?? []), sample.cpu]);
        }
    }
    const med = (name: string, sm: boolean) => summarize(times.get(`${name}|${sm}`) ?? []);
    const cpu = (name: string, sm: boolean) => summarize(cpuTimes.get(`${name}|${sm}`) ?? []);
    const ms = (x: ReturnType<typeof summarize>) => ({
      median: round(x.median, 1),
      min: round(x.min, 1),
      max: round(x.max, 1),
    });
    const rows = functions.map((f) => {
      const bare = bareFor.get(f.clients.join('+'));
      if (!bare) throw new Error('no bare bundle');
      const fnTimes = cpuTimes.get(`${f.name}|true`) ?? [];
      const bareTimes = cpuTimes.get(`${bare.name}|true`) ?? [];
      // Ratio per sample (the two were imported in the same round), for the spread.
      const ratios = fnTimes.map((t, i) => t / (bareTimes[i] ?? Number.NaN));
      const common = bareFor.get('@aws-sdk/client-dynamodb+@aws-sdk/client-sqs');
      const alt = whatIf.find((w) => w.name === `${f.name}-zod-ns`);
      progress(
        `${f.name}: ${round(f.bytes / 1024, 0)} KB, import ${round(cpu(f.name, true).median, 1)} ms CPU (${round(med(f.name, true).median, 1)} ms wall) vs bare ${round(cpu(bare.name, true).median, 1)} ms CPU (${round(med(bare.name, true).median, 1)} ms wall)`,
      );
      // The figure: median import CPU time / the bare handler's median; min-max: per-round ratios.
      const figure = cpu(f.name, true).median / cpu(bare.name, true).median;
      const spread = summarize(ratios);
      return {
        name: `5 cold start: ${f.name}`,
        figure: 'median bundle import time (CPU) / bare handler with the same SDK clients',
        ratio: round(figure),
        target: '<= 1.5',
        met: figure <= 1.5,
        median: round(figure),
        min: round(spread.min),
        max: round(spread.max),
        repeats: spread.repeats,
        details: {
          medianOfPerRoundRatios: round(spread.median),
          wallTimeRatio: round(med(f.name, true).median / med(bare.name, true).median),
          bytes: f.bytes,
          gzipBytes: f.gzipBytes,
          importCpuMs: ms(cpu(f.name, true)),
          importWallMs: ms(med(f.name, true)),
          importCpuMsWithoutSourceMaps: quick ? null : ms(cpu(f.name, false)),
          sdkClients: f.clients,
          bare: {
            bytes: bare.bytes,
            gzipBytes: bare.gzipBytes,
            importCpuMs: ms(cpu(bare.name, true)),
            importWallMs: ms(med(bare.name, true)),
            importCpuMsWithoutSourceMaps: quick ? null : ms(cpu(bare.name, false)),
          },
          vsDynamoDbPlusSqsBare: common
            ? round(cpu(f.name, true).median / cpu(common.name, true).median)
            : null,
          largestPackages: f.topPackages,
          whatIfZodNamespaceImport: alt
            ? {
                change:
                  "import * as z from 'zod/mini' instead of import { z } from 'zod/mini' (5 files in shared/)",
                bytes: alt.bytes,
                gzipBytes: alt.gzipBytes,
                importCpuMs: ms(cpu(alt.name, true)),
                importWallMs: ms(med(alt.name, true)),
                ratioToBare: round(cpu(alt.name, true).median / cpu(bare.name, true).median),
              }
            : null,
        },
      };
    });
    emitRows(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
