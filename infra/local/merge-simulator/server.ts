import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultPlan, FaultQueue } from './faults';
import type { SlidingWindowLimiter } from './rate-limiter';
import type { RequestLog } from './request-log';
import { detail, handleRoute, resolveRoute } from './routes';
import type { RouteHooks, SimResponse } from './routes';
import type { SimStore } from './store/data';
import type { PageContext, RequestLogEntry } from './types';
import type { SimWrites } from './writes/write-state';

// The HTTP front: logging, injected faults, auth, rate limiting, then the route. Order of checks:
// faults (they model the network and Merge's edge, so they come first) -> Bearer key (401) -> route
// (404/405) -> X-Account-Token (401 when missing, unknown, replaced by a regeneration or deleted) ->
// category of the token's account (404 when it is not the path's category) -> the request counts as
// the account's inbound activity (pausing, help 8184193) -> rate limit (429) -> handler.

export interface ServerDeps {
  apiKey: string;
  store: SimStore;
  faults: FaultQueue;
  limiter: SlidingWindowLimiter | null;
  retryAfterHeader: boolean;
  log: RequestLog;
  now: () => number;
  pageDelayMs: number;
  beforeModelPage: (ctx: PageContext) => Promise<void>;
  hooks: RouteHooks;
  /** Replaces the timer-based wait (slow faults, page delays) when given. */
  sleep?: (ms: number) => Promise<void>;
  logLine?: (line: string) => void;
  /** Writes' state (writes/write-state.ts). */
  writes?: SimWrites;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export class SimServer {
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly apiKeyDigest: Buffer;

  constructor(private readonly deps: ServerDeps) {
    this.apiKeyDigest = digest(deps.apiKey);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        console.error(`merge-simulator: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent && !res.destroyed) this.send(res, detail(500, 'A server error occurred.'), null);
      });
    });
  }

  get faults(): FaultQueue {
    return this.deps.faults;
  }

  get log(): RequestLog {
    return this.deps.log;
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Stops listening and destroys every socket, keep-alive and hanging ones included. */
  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    if (this.deps.sleep) return this.deps.sleep(ms);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { deps } = this;
    const method = req.method ?? 'GET';
    // Writes carry a JSON body; anything else's body is drained unread.
    const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : (req.resume(), '');
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const tokenHeader = req.headers['x-account-token'];
    const token = typeof tokenHeader === 'string' && tokenHeader !== '' ? tokenHeader : null;
    const resolved = token !== null ? deps.store.accounts.resolveToken(token) : undefined;
    const accountId = resolved?.accountId ?? null;
    const entry = deps.log.add({
      time: deps.now(),
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      status: 0,
      accountId,
      ...(token !== null ? { tokenMatchesAccount: resolved?.valid === true } : {}),
      fault: null,
    });

    const plan = deps.faults.take({ accountId, url: rawUrl });
    if (plan.sawSlow) entry.fault = 'slow';
    await this.sleep(plan.delayMs);
    if (plan.terminal) {
      entry.fault = plan.terminal.kind;
      if (plan.terminal.kind !== 'malformed') return this.applyFault(plan, req, res, entry);
    }
    let response: SimResponse;
    try {
      response = await this.respond(req, url, token, resolved?.valid === true ? accountId : null, body);
    } catch (err) {
      // A bug or a race with the test script (e.g. an account deleted mid-request): answer like Merge's 500.
      console.error(`merge-simulator: ${err instanceof Error ? err.message : String(err)}`);
      response = detail(500, 'A server error occurred.');
    }
    this.send(res, response, entry, plan.terminal?.kind === 'malformed');
  }

  private authorizationOk(header: string | undefined): boolean {
    const m = /^bearer\s+(.+)$/i.exec(header ?? '');
    return m?.[1] !== undefined && timingSafeEqual(digest(m[1].trim()), this.apiKeyDigest);
  }

  /** `accountId`: the account of a valid (current, live) token, else null. */
  private async respond(
    req: IncomingMessage,
    url: URL,
    token: string | null,
    accountId: string | null,
    body: string,
  ): Promise<SimResponse> {
    const { deps } = this;
    const authorization = req.headers.authorization;
    if (!this.authorizationOk(authorization)) {
      const message = authorization ? 'Invalid token.' : 'Authentication credentials were not provided.';
      return detail(401, message, { 'WWW-Authenticate': 'Bearer realm="api"' });
    }
    const resolved = resolveRoute(req.method ?? 'GET', url.pathname);
    if ('error' in resolved) return resolved.error;
    const route = resolved.route;
    let liveAccountId: string | null = null;
    if (route.kind !== 'linked-accounts') {
      if (token === null) return detail(401, 'The X-Account-Token header is required.');
      const state = accountId !== null ? deps.store.find(accountId) : undefined;
      if (!state || state.account.deleted) return detail(401, 'Invalid X-Account-Token.');
      if (state.account.category !== route.category) {
        return detail(404, `Not found: this linked account is not a ${route.category} account.`);
      }
      deps.store.inbound(state.account.id);
      if (deps.limiter) {
        const decision = deps.limiter.tryAcquire(state.account.id);
        if (!decision.allowed) {
          const seconds = decision.retryAfterSeconds;
          const headers = deps.retryAfterHeader ? { 'Retry-After': String(seconds) } : undefined;
          return detail(429, `Request was throttled. Expected available in ${seconds} seconds.`, headers);
        }
      }
      liveAccountId = state.account.id;
    }
    const pageAccountId = liveAccountId ?? '';
    return handleRoute(route, {
      store: deps.store,
      params: url.searchParams,
      accountId: liveAccountId,
      hooks: deps.hooks,
      beforeAnyPage: () => this.sleep(deps.pageDelayMs),
      beforeModelPage: (modelId, pageIndex) =>
        deps.beforeModelPage({ accountId: pageAccountId, modelId, pageIndex }),
      ...(deps.writes ? { writes: deps.writes } : {}),
      request: { body, idempotencyKey: headerValue(req.headers['idempotency-key']) },
    });
  }

  private applyFault(
    plan: FaultPlan,
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
  ): void {
    const fault = plan.terminal;
    if (!fault) return;
    switch (fault.kind) {
      case 'timeout':
        // Never answer; the client gives up, or close() destroys the socket.
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'http429': {
        // No Retry-After unless the fault asks for one: Merge documents no 429 headers (§12).
        const seconds = fault.retryAfterSeconds ?? 1;
        const headers: Record<string, string> = {};
        if (fault.retryAfter === 'seconds') headers['Retry-After'] = String(seconds);
        if (fault.retryAfter === 'http-date') {
          headers['Retry-After'] = new Date(this.deps.now() + seconds * 1000).toUTCString();
        }
        return this.send(res, detail(429, 'Request was throttled.', headers), entry);
      }
      case 'http403':
        return this.send(res, detail(403, 'You do not have permission to perform this action.'), entry);
      case 'http5xx':
        if (fault.status === 500) return this.send(res, detail(500, 'A server error occurred.'), entry);
        return this.sendRaw(res, fault.status, 'text/html', gatewayPage(fault.status), entry);
      default:
        return;
    }
  }

  private send(
    res: ServerResponse,
    response: SimResponse,
    entry: RequestLogEntry | null,
    malformed = false,
  ): void {
    let body = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    let status = response.status;
    if (malformed) {
      // A 200 whose JSON stops mid-way, as a proxy cutting the body would produce.
      status = 200;
      body = body.length > 1 ? body.slice(0, Math.floor(body.length / 2)) : '{"results": [';
    }
    this.sendRaw(res, status, 'application/json', body, entry, response.headers);
  }

  private sendRaw(
    res: ServerResponse,
    status: number,
    contentType: string,
    body: string,
    entry: RequestLogEntry | null,
    headers: Record<string, string> = {},
  ): void {
    if (res.destroyed || res.writableEnded) return;
    if (entry) entry.status = status;
    const all: Record<string, string | number> = { ...headers, 'Content-Length': Buffer.byteLength(body) };
    if (body !== '') all['Content-Type'] = contentType;
    res.writeHead(status, all);
    res.end(body);
    if (entry)
      this.deps.logLine?.(`${entry.method} ${entry.path} ${status}${entry.fault ? ` [${entry.fault}]` : ''}`);
  }
}

/** A write's body, at most 10 MB (more is cut off: the JSON then fails to parse, a 400). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 10 * 1024 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const headerValue = (value: string | string[] | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function gatewayPage(status: number): string {
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
}
