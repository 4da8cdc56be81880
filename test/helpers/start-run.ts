import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnTypeScript } from './start-process';

/** `npm start` in a child process: its output so far, a wait for a line, its exit and a stop. */
export interface StartRun {
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  /** 'ready' once it serves, or its exit code if it exits first. */
  readyOrExit(): Promise<'ready' | number | null>;
  stop(): Promise<number | null>;
}

export function runStart(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): StartRun {
  const child = spawnTypeScript('infra/local/start.ts', args, {
    env: { ...process.env, SYNC_CONFIG_OVERRIDES: '', ...options.env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      resolve(c);
    }),
  );
  const run: StartRun = {
    output: () => output,
    exited,
    readyOrExit: () =>
      Promise.race([exited, run.waitFor('merge-sync local runtime ready on').then(() => 'ready' as const)]),
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      while (!seen() && code === undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      if (!seen()) throw new Error(`npm start never printed ${String(text)}; it printed:\n${output}`);
    },
    async stop() {
      if (code === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
  return run;
}

/**
 * A stand-in Merge that answers only under `prefix` (as Merge does under /api): GET linked-accounts
 * lists none, anything else there is a 401 without the key; everything outside `prefix` is a 404.
 */
export async function startFakeMerge(
  apiKey: string,
  prefix = '/api',
  options: { linkedAccounts?: boolean } = {},
): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(req.url ?? '');
    req.resume();
    const path = (req.url ?? '').split('?')[0]!;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!path.startsWith(`${prefix}/`)) return json(404, { detail: 'Not found.' });
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(401, { detail: 'Invalid token.' });
    if (path.endsWith('/linked-accounts') && options.linkedAccounts !== false)
      return json(200, { next: null, previous: null, results: [] });
    if (path.endsWith('/sync-status') && !req.headers['x-account-token'])
      return json(401, { detail: 'Missing X-Account-Token.' });
    return json(404, { detail: 'Not found.' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
