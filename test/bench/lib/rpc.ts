import { fork, type ChildProcess } from 'node:child_process';

/**
 * A tiny request/response protocol over Node's IPC channel, so a benchmark can keep the Merge
 * simulator or the DynamoDB stand-in in a process of its own (their CPU and memory are then not
 * charged to the process under measurement) and still drive them like local objects.
 */
export type HostApi = Record<string, (...args: never[]) => unknown>;

interface RpcRequest {
  id: number;
  method: string;
  args: unknown[];
}

interface RpcResponse {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

const isRequest = (message: unknown): message is RpcRequest =>
  typeof message === 'object' &&
  message !== null &&
  typeof (message as RpcRequest).id === 'number' &&
  typeof (message as RpcRequest).method === 'string';

/** In the host process: answers calls from the parent; exits when the parent goes away. */
export function serveHost(api: HostApi): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('a host must be started with an IPC channel (fork)');
  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const method = api[message.method] as ((...args: unknown[]) => unknown) | undefined;
    void (async () => {
      let response: RpcResponse;
      try {
        if (!method) throw new Error(`unknown method ${message.method}`);
        response = { id: message.id, ok: true, value: await method(...message.args) };
      } catch (error) {
        response = { id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) };
      }
      send(response);
    })();
  });
  process.on('disconnect', () => process.exit(0));
  send({ id: 0, ok: true, value: 'ready' } satisfies RpcResponse);
}

export interface Host<A extends HostApi> {
  call<K extends keyof A & string>(method: K, ...args: Parameters<A[K]>): Promise<Awaited<ReturnType<A[K]>>>;
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts `script` (TypeScript, through tsx) as a host process and waits until it serves. */
export async function startHost<A extends HostApi>(
  script: string,
  options: { maxOldSpaceMb?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Host<A>> {
  const child: ChildProcess = fork(script, [], {
    execArgv: [
      '--import',
      'tsx',
      ...(options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: RpcResponse) => {
      if (message.id === 0) return resolve();
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`${script}: ${message.error ?? 'failed'}`));
    });
    child.on('exit', (code, signal) => {
      exited = true;
      const error = new Error(`host ${script} exited (${code ?? signal}): ${stderr.slice(-2000)}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  await ready;
  return {
    pid: child.pid ?? -1,
    call(method, ...args) {
      if (exited) return Promise.reject(new Error(`host ${script} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, method, args } satisfies RpcRequest);
      });
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
