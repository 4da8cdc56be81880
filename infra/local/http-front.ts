import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isWebhookPath } from '../../shared/ingest/webhook-path';
import { httpApiEvent } from './aws-events';
import { lambdaContext } from './lambda-context';

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpFrontOptions {
  port: number;
  host?: string;
  webhookReceiver: HttpHandler;
  /**
   * The webhook URL's path secrets (shared/ingest/webhook-path.ts): POST /webhooks/merge/<secret>.
   * Empty: the bare /webhooks/merge, as before path secrets.
   */
  webhookPathSecrets: readonly string[];
  readApi: HttpHandler;
  /** POST and GET /accounts/{id}/writes[/{writeId}]. */
  writeApi: HttpHandler;
  /** The console (GET /console/ and /console/api/*); no sign-in locally. */
  console?: HttpHandler;
  /** Answers GET /health: 200 once the runtime is ready. */
  isReady: () => boolean;
  /** Extra local-only routes (GET), answered as JSON. */
  localRoutes?: Record<string, (query: URLSearchParams) => unknown>;
  /**
   * Who may use the console, the write API and the local routes (no sign-in, or IAM, guards them
   * here): every caller by default, on 127.0.0.1; only this machine once --host opens the port.
   */
  isTrustedClient?: (remoteAddress: string | undefined, localAddress: string | undefined) => boolean;
  onError?: (error: unknown) => void;
}

/** API Gateway's HTTP API payload limit; larger requests are refused before they are read whole. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * The local API Gateway: turns HTTP requests (on 127.0.0.1 unless --host) into API Gateway v2 events for the same
 * handlers the stack deploys (the webhook receiver, the read API, the write API and the console).
 * Like API Gateway with its literal secret route, a request that does not name the webhook path
 * exactly is a 404 before its body is read or the receiver runs: a flood without the secret costs
 * next to nothing.
 */
export function startHttpFront(options: HttpFrontOptions): Promise<Server> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function handle(options: HttpFrontOptions, req: IncomingMessage, res: ServerResponse) {
  const url = requestUrl(req.url);
  if (!url) {
    req.resume();
    return send(res, 400, { error: 'not a request path' });
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/health') {
    return send(res, options.isReady() ? 200 : 503, { status: options.isReady() ? 'ready' : 'starting' });
  }
  const local = options.localRoutes?.[url.pathname];
  const isConsole = url.pathname === '/console' || url.pathname.startsWith('/console/');
  // API Gateway's routes: /accounts/{accountId}/writes[/{writeId}] go to the write API.
  const isWrite = /^\/accounts\/[^/]+\/writes(\/[^/]+)?\/?$/.test(url.pathname);
  const trusted = options.isTrustedClient?.(req.socket.remoteAddress, req.socket.localAddress) ?? true;
  if (!trusted && (local || isConsole || isWrite)) {
    req.resume();
    return send(res, 403, { error: 'answered only on the machine running npm start' });
  }
  if (method === 'GET' && local) return send(res, 200, local(url.searchParams));
  if (isConsole && options.console) return serveConsole(options.console, req, res, url, method);
  const isWebhook = isWebhookPath(url.pathname, options.webhookPathSecrets);
  const isRead = url.pathname === '/accounts' || url.pathname.startsWith('/accounts/');
  if (!isWebhook && !isRead) {
    req.resume(); // discarded unread
    return send(res, 404, { error: 'not found' });
  }
  if (isWebhook && method !== 'POST') {
    req.resume();
    return send(res, 405, { error: 'use POST' });
  }
  const body = await readBody(req);
  if (body === 'too-large') return send(res, 413, { error: 'too-large' });
  const event = toEvent(req, url, method, body);
  const [handler, name] = isWebhook
    ? [options.webhookReceiver, 'webhook-receiver']
    : isWrite
      ? [options.writeApi, 'write-api']
      : [options.readApi, 'read-api'];
  const result = await handler(event, lambdaContext(name, 10_000));
  res.writeHead(result.statusCode ?? 200, {
    'content-type': 'application/json',
    ...stringHeaders(result.headers),
  });
  res.end(result.body ?? '');
}

async function serveConsole(
  handler: HttpHandler,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
) {
  const body = await readBody(req);
  if (body === 'too-large') return send(res, 413, { error: 'too-large' });
  const result = await handler(toEvent(req, url, method, body), lambdaContext('console', 10_000));
  res.writeHead(result.statusCode ?? 200, stringHeaders(result.headers));
  res.end(result.body ?? '');
}

/**
 * The request target as a URL on this host. Only origin-form (`/path?query`) is served: a target
 * like `//host/x` would otherwise be read as another host, and `new URL` throws on some others.
 */
function requestUrl(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    return new URL(`http://127.0.0.1${target}`);
  } catch {
    return undefined;
  }
}

function toEvent(req: IncomingMessage, url: URL, method: string, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = Object.fromEntries(url.searchParams.entries());
  // API Gateway base64-encodes bodies that are not valid UTF-8 text.
  const isText = Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  return httpApiEvent({
    method,
    path: url.pathname,
    headers,
    ...(body.length > 0 ? { body, base64: !isText } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve('too-large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const stringHeaders = (headers: APIGatewayProxyStructuredResultV2['headers']) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
