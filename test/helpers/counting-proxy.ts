import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a stand-in that counts AWS API operations by X-Amz-Target, so tests
 * and benchmarks can measure what the code really sent (e.g. DynamoDB writes per changed record).
 */
export interface CountingProxy {
  endpoint: string;
  counts(): Record<string, number>;
  count(operation: string): number;
  /** Operations whose request body contains `text` (e.g. a key prefix: the writes of one kind of item). */
  countContaining(operation: string, text: string): number;
  /** Every request since the last reset: its operation and body (to see what a flow sends). */
  requests(): { op: string; body: string }[];
  /** Items DynamoDB read for the answers so far: each Query's ScannedCount, each item BatchGetItem returned. */
  itemsRead(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const bodies: { op: string; body: string }[] = [];
  let itemsRead = 0;
  const countItemsRead = (op: string, answer: string) => {
    try {
      const parsed = JSON.parse(answer) as { ScannedCount?: number; Responses?: Record<string, unknown[]> };
      if (op === 'Query' || op === 'Scan') itemsRead += parsed.ScannedCount ?? 0;
      if (op === 'BatchGetItem')
        itemsRead += Object.values(parsed.Responses ?? {}).reduce((n, items) => n + items.length, 0);
    } catch {
      // An answer that is not JSON (an error page) read nothing.
    }
  };
  const server: Server = createServer((req, res) => {
    const op =
      String(req.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => bodies.push({ op, body: Buffer.concat(chunks).toString() }));
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        // Counted before it is passed on: once the caller has its answer, the count includes it.
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          countItemsRead(op, body.toString());
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => Object.fromEntries(counts),
    count: (operation) => counts.get(operation) ?? 0,
    countContaining: (operation, text) =>
      bodies.filter((b) => b.op === operation && b.body.includes(text)).length,
    requests: () => [...bodies],
    itemsRead: () => itemsRead,
    reset: () => {
      counts.clear();
      bodies.length = 0;
      itemsRead = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
