import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** `npm start` in a child process, as a user runs it, for end-to-end tests over HTTP. */
export interface NpmRuntime {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Waits for `check` to hold, polling; on timeout fails with the end of the runtime's output. */
  waitFor(check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Kills it and its process group (npm, the tsx loader, the runtime) unless it already exited. */
  kill(): void;
}

/**
 * Starts `npm start -- --no-demo --port PORT ...args` with `env` added to this environment (and
 * SYNC_CONFIG_OVERRIDES cleared unless given), and resolves once its /health answers 200.
 */
export async function startNpmRuntime(
  port: number,
  args: readonly string[],
  env: Record<string, string>,
): Promise<NpmRuntime> {
  const child = spawn('npm', ['start', '--', '--no-demo', '--port', String(port), ...args], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, SYNC_CONFIG_OVERRIDES: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so kill() takes npm and the runtime together
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const runtime: NpmRuntime = {
    child,
    base,
    output: () => output,
    async waitFor(check, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`timed out; runtime output:\n${output.slice(-3000)}`);
    },
    kill() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    },
  };
  await runtime.waitFor(async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200);
  return runtime;
}
