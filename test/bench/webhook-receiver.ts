/**
 * 4. Webhook receiver.
 * (a) In-process: CPU time per event of the real receiver handler (functions/webhook-receiver:
 *     middy, Powertools logger and metrics, signature check, envelope validation, SendMessage) for a
 *     realistic signed {Model}.synced event, vs a bare handler doing only HMAC + JSON.parse +
 *     SendMessage with the raw SDK. The local SQS runs in another process, so only the handler's
 *     own CPU (and its SDK client's) is counted. Rounds alternate; the figure is the median ratio.
 * (b) Through the local runtime (`npm start`, a child process) on 127.0.0.1: a bounded load loop,
 *     50 keep-alive connections, each posting distinct signed events back to back for a fixed time;
 *     requests per second and latency percentiles.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startSimHost } from './lib/hosts';
import { inProcess } from './lib/receiver-cpu';
import { throughRuntime } from './lib/receiver-load';
import { countStdout, emitRows, isQuick, progress, ratioRow, round, summarize } from './lib/report';

const quick = isQuick();
const stdout = countStdout();
const EVENTS_PER_ROUND = quick ? 200 : 500;
const ROUNDS = quick ? 5 : 11;
const LOAD_SECONDS = quick ? 3 : 10;
const CONNECTIONS = 50;
const ROOT = path.resolve(__dirname, '../..');

const cpuSettings = { quick, rounds: ROUNDS, eventsPerRound: EVENTS_PER_ROUND, stdout };

/** The in-process comparison again in a child process with other settings (LOG_LEVEL is read at load). */
function inProcessVariant(
  env: Record<string, string>,
): Promise<{ ratio: number; realCpuMsPerEvent: number } | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--in-process-only', ...(quick ? ['--quick'] : [])],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-20_000);
    });
    child.on('exit', () => {
      const line = out.split('\n').find((l) => l.startsWith('@@VARIANT@@'));
      resolve(
        line
          ? (JSON.parse(line.slice('@@VARIANT@@'.length)) as { ratio: number; realCpuMsPerEvent: number })
          : null,
      );
    });
  });
}

async function main() {
  const apiKey = 'bench-api-key-webhooks';
  const signingKey = 'bench-signing-key-webhooks';
  process.env.MERGE_WEBHOOK_SIGNATURE_KEY = signingKey;
  const sim = await startSimHost({ apiKey, webhookSignatureKey: signingKey, seed: 11 });
  try {
    const account = await sim.call('linkAccount', 'hris');
    await sim.call('finishSync', account.id);
    const signed = await sim.call('modelSyncedRequest', account.id, 'hris.Employee');
    if (process.argv.includes('--in-process-only')) {
      const variant = await inProcess(signed, cpuSettings);
      const out = {
        ratio: round(summarize(variant.ratios).median),
        realCpuMsPerEvent: variant.details.realCpuMsPerEvent.median,
      };
      process.stdout.write(`\n@@VARIANT@@${JSON.stringify(out)}\n`);
      return;
    }
    progress(`in-process: ${ROUNDS} rounds of ${EVENTS_PER_ROUND} events, real handler vs bare handler`);
    const cpu = await inProcess(signed, cpuSettings);
    progress(`CPU per event: real/bare median ${round(summarize(cpu.ratios).median, 2)}`);
    // What-if (diagnosis): the same comparison with LOG_LEVEL=WARN, i.e. without the INFO line the
    // receiver writes for every accepted webhook (its metric still counts them).
    const withoutInfoLog = quick ? null : await inProcessVariant({ LOG_LEVEL: 'WARN' });
    progress(`through the local runtime: ${CONNECTIONS} connections for ${LOAD_SECONDS} s`);
    const load = await throughRuntime(sim, apiKey, signingKey, {
      quick,
      loadSeconds: LOAD_SECONDS,
      connections: CONNECTIONS,
      root: ROOT,
    });
    progress(`${round(load.requestsPerSecond, 0)} req/s, p99 ${round(load.p99, 1)} ms`);
    emitRows([
      ratioRow({
        name: '4 webhook receiver (CPU)',
        figure: 'handler CPU per event / bare handler (HMAC + JSON.parse + SendMessage)',
        ratios: cpu.ratios,
        target: '<= 1.3',
        meets: (x) => x <= 1.3,
        details: {
          ...cpu.details,
          logLevel: process.env.LOG_LEVEL ?? 'INFO',
          whatIfLogLevelWarn: withoutInfoLog,
        },
      }),
      {
        name: '4 webhook receiver (HTTP)',
        figure: `local runtime, ${CONNECTIONS} keep-alive connections: requests/s (p50, p99 latency in details)`,
        ratio: null,
        target: '',
        met: null,
        median: round(load.requestsPerSecond, 0),
        min: round(load.requestsPerSecond, 0),
        max: round(load.requestsPerSecond, 0),
        repeats: 1,
        unit: 'req/s',
        details: {
          p50Ms: round(load.p50, 1),
          p99Ms: round(load.p99, 1),
          maxMs: round(load.max, 1),
          requests: load.requests,
          seconds: round(load.seconds, 2),
          statuses: load.statuses,
          runtimeCpuShareOfOneCore: load.runtimeCpuShareOfOneCore,
          runtimeCpuMsPerRequest: load.runtimeCpuMsPerRequest,
          note: 'the runtime also runs the event processor and fetcher on the same event loop, as npm start does',
        },
      },
    ]);
  } finally {
    await sim.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
