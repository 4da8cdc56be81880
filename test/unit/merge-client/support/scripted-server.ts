import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Step =
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /** Never answer (until the server closes). */
  | { hang: true }
  /** Abort the TCP connection with an RST: the client sees ECONNRESET. */
  | { reset: true }
  /** Send 200 headers and the start of a body, then stall (until the server closes). */
  | { stall: string }
  /** Write these bytes straight to the socket, then close it. */
  | { raw: string };

export interface RecordedRequest {
  method: string;
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The request body as text ('' when there was none). */
  body: string;
}

const UNSCRIPTED: Step = { status: 599, body: { detail: 'unscripted request' } };

/** A real HTTP server on 127.0.0.1 that answers each request with the next scripted step. */
export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  private readonly steps: Step[] = [];
  private repeated: Step | undefined;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<ScriptedServer> {
    const holder: { instance?: ScriptedServer } = {};
    const server = createServer((req, res) => {
      const instance = holder.instance;
      if (!instance) return;
      // Recorded on arrival, before its body: a client that gives up early has still sent it.
      const recorded = instance.record(req.method ?? '', req.url ?? '', req.headers);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        recorded.body = Buffer.concat(chunks).toString('utf8');
        instance.answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.instance = new ScriptedServer(server, `http://127.0.0.1:${port}`);
    return holder.instance;
  }

  /** Base URL in Merge's shape. */
  get baseUrl(): string {
    return `${this.origin}/api`;
  }

  /** Queue steps, answered in order. */
  script(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Answer with this step once the queue is empty. */
  always(step: Step): this {
    this.repeated = step;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(method: string, url: string, headers: IncomingHttpHeaders): RecordedRequest {
    const parsed = new URL(url, this.origin);
    const request = { method, url, pathname: parsed.pathname, query: parsed.searchParams, headers, body: '' };
    this.requests.push(request);
    return request;
  }

  private answer(res: ServerResponse): void {
    const step: Step = this.steps.shift() ?? this.repeated ?? UNSCRIPTED;
    if ('hang' in step) return;
    if ('reset' in step) {
      res.socket?.resetAndDestroy();
      return;
    }
    if ('stall' in step) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write(step.stall);
      return;
    }
    if ('raw' in step) {
      res.socket?.end(step.raw);
      return;
    }
    const answer = typeof step.body === 'string' ? step.body : JSON.stringify(step.body ?? {});
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
    res.end(answer);
  }
}

/** A page body in Merge's envelope. */
export function pageBody(results: unknown[], next: string | null): Step {
  return { status: 200, body: { next, previous: null, results } };
}
