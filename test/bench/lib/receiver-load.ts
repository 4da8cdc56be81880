import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { freePort } from '../../../infra/local/stand-ins';
import type { SimHost } from './hosts';
import { processCpuMs } from './profile';
import { percentile, round } from './report';

/** Benchmark 4 (b): the webhook receiver through the local runtime (`npm start`) over HTTP. */

function post(agent: Agent, port: number, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/merge',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-merge-webhook-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitHealthy(port: number, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the local runtime exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the local runtime did not become healthy: ${log()}`);
}

export interface ReceiverLoadSettings {
  quick: boolean;
  loadSeconds: number;
  connections: number;
  /** The repository, where the runtime is started. */
  root: string;
}

/**
 * The local runtime under a bounded load loop: `connections` keep-alive connections posting distinct
 * signed events back to back for `loadSeconds` (after a warm-up); requests per second, latencies,
 * and the runtime's CPU.
 */
export async function throughRuntime(
  sim: SimHost,
  apiKey: string,
  signingKey: string,
  settings: ReceiverLoadSettings,
) {
  const { quick, loadSeconds: LOAD_SECONDS, connections: CONNECTIONS, root: ROOT } = settings;
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--merge-base-url',
      sim.baseUrl,
      '--no-demo',
      '--in-memory',
      '--port',
      String(port),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, MERGE_API_KEY: apiKey, MERGE_WEBHOOK_SIGNATURE_KEY: signingKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitHealthy(port, child, () => output);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const account = await sim.call('linkAccount', 'hris');
    const linked = await sim.call('linkedRequest', account.id);
    const linkStatus = await post(
      agent,
      port,
      linked.body,
      linked.headers['X-Merge-Webhook-Signature'] ?? '',
    );
    if (linkStatus !== 200) throw new Error(`LinkedAccount.linked answered ${linkStatus}`);
    await sim.call('finishSync', account.id);
    const synced = await sim.call('modelSyncedRequest', account.id, 'hris.Employee');
    // Distinct deliveries of the same event: trailing JSON whitespace makes each body (and so its
    // signature, Merge's event identity) unique, so the event processor handles each one.
    let sequence = 0;
    const next = () => {
      const n = sequence++;
      const body = synced.body + n.toString(2).replace(/0/g, ' ').replace(/1/g, '\t');
      return { body, signature: createHmac('sha256', signingKey).update(body).digest('base64url') };
    };
    const phase = async (seconds: number) => {
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      const end = performance.now() + seconds * 1000;
      const worker = async () => {
        while (performance.now() < end) {
          const { body, signature } = next();
          const t0 = performance.now();
          let status: number;
          try {
            status = await post(agent, port, body, signature);
          } catch {
            status = 0;
          }
          latencies.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      return { seconds: (performance.now() - t0) / 1000, latencies, statuses };
    };
    await phase(quick ? 1 : 2); // warm-up
    const cpu0 = processCpuMs(child.pid ?? -1);
    const measured = await phase(LOAD_SECONDS);
    const cpu1 = processCpuMs(child.pid ?? -1);
    agent.destroy();
    const runtimeCpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    return {
      runtimeCpuShareOfOneCore:
        runtimeCpuMs === undefined ? null : round(runtimeCpuMs / 1000 / measured.seconds, 2),
      runtimeCpuMsPerRequest:
        runtimeCpuMs === undefined ? null : round(runtimeCpuMs / measured.latencies.length, 2),
      requestsPerSecond: measured.latencies.length / measured.seconds,
      p50: percentile(measured.latencies, 50),
      p99: percentile(measured.latencies, 99),
      max: Math.max(...measured.latencies),
      requests: measured.latencies.length,
      statuses: measured.statuses,
      seconds: measured.seconds,
    };
  } finally {
    child.kill('SIGTERM');
    const exited = await Promise.race([
      new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!exited) child.kill('SIGKILL');
  }
}
