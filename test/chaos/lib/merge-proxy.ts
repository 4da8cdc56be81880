import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Rewrites a successful JSON answer of the simulator before the engine sees it (undefined: as is). */
export type BodyRewrite = (path: string, body: string) => string | undefined;

/**
 * A pass-through HTTP proxy between the engine and a Merge simulator, on 127.0.0.1. The engine's
 * base URL is fixed in its config when the pipeline starts (one pipeline serves every run of a
 * process), so the proxy lets every chaos run talk to a fresh simulator of its own (`setTarget`). Transport faults pass through faithfully:
 * a connection the simulator resets is reset towards the engine, a request it never answers is never
 * answered, and a client that gives up closes the upstream request too.
 */
export interface MergeProxy {
  /** e.g. `http://127.0.0.1:PORT/api`: what the engine is configured with. */
  baseUrl: string;
  setTarget(simulatorBaseUrl: string | null): void;
  setRewrite(rewrite: BodyRewrite | null): void;
  /**
   * The next `count` requests whose path includes `pathIncludes` are answered `status` by the proxy
   * itself, as Merge would answer them (e.g. a 401 for a token it refuses for a moment).
   */
  answerNext(pathIncludes: string, status: number, count: number): void;
  /** Requests forwarded since start. */
  forwarded(): number;
  close(): Promise<void>;
}

export async function startMergeProxy(): Promise<MergeProxy> {
  let target: URL | null = null;
  let rewrite: BodyRewrite | null = null;
  let forwarded = 0;
  const canned: { pathIncludes: string; status: number; remaining: number }[] = [];
  const server: Server = createServer((req, res) => {
    const rule = canned.find((c) => c.remaining > 0 && (req.url ?? '').includes(c.pathIncludes));
    if (rule) {
      rule.remaining--;
      req.resume();
      res.writeHead(rule.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          detail: rule.status === 401 ? 'Invalid X-Account-Token.' : 'Refused by the chaos proxy.',
        }),
      );
      return;
    }
    const upstreamBase = target;
    if (!upstreamBase) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"detail":"no simulator behind the chaos proxy"}');
      return;
    }
    forwarded++;
    const path = req.url ?? '/';
    const upstream = request(
      {
        host: upstreamBase.hostname,
        port: upstreamBase.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: upstreamBase.host, connection: 'close' },
        agent: false,
      },
      (answer: IncomingMessage) => {
        const currentRewrite = rewrite;
        const status = answer.statusCode ?? 502;
        if (!currentRewrite || status < 200 || status >= 300) {
          res.writeHead(status, answer.headers);
          answer.pipe(res);
          answer.on('error', () => res.destroy());
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('error', () => res.destroy());
        answer.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const changed = currentRewrite(path, body);
          const out = Buffer.from(changed ?? body, 'utf8');
          const headers = { ...answer.headers, 'content-length': String(out.length) };
          res.writeHead(status, headers);
          res.end(out);
        });
      },
    );
    // The simulator reset the connection (or vanished): reset ours, so the engine sees a network error.
    upstream.on('error', () => {
      req.socket.destroy();
    });
    // The engine gave up (its timeout) or went away: stop waiting for the simulator.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    setTarget(simulatorBaseUrl) {
      // The simulator's base URL ends in /api, as does ours: paths pass through unchanged.
      target = simulatorBaseUrl ? new URL(simulatorBaseUrl) : null;
    },
    setRewrite(next) {
      rewrite = next;
    },
    answerNext(pathIncludes, status, count) {
      canned.push({ pathIncludes, status, remaining: count });
    },
    forwarded: () => forwarded,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
