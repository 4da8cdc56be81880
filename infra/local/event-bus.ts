import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as the local bus keeps it: what a rule on the real bus would match. */
export interface LocalBusEvent {
  id: string;
  seq: number;
  time: string;
  bus: string;
  source: string;
  detailType: string;
  detail: unknown;
}

/**
 * The local EventBridge: PutEvents over the SDK's JSON protocol, on 127.0.0.1, keeping the last
 * events in memory so they can be read back (`events tail`, tests). It can be told to refuse entries,
 * the way a throttled bus answers with a partial failure.
 */
export class LocalEventBus {
  private readonly events: LocalBusEvent[] = [];
  private seq = 0;
  private refusals: { remaining: number; code: string } | undefined;
  private readonly listeners = new Set<(event: LocalBusEvent) => void>();
  private readonly server: Server;
  endpoint = '';

  private constructor(private readonly capacity: number) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(String(req.headers['x-amz-target'] ?? ''), Buffer.concat(chunks), res));
    });
  }

  static async start(options: { capacity?: number } = {}): Promise<LocalEventBus> {
    const bus = new LocalEventBus(options.capacity ?? 10_000);
    await new Promise<void>((resolve) => bus.server.listen(0, '127.0.0.1', resolve));
    bus.endpoint = `http://127.0.0.1:${(bus.server.address() as AddressInfo).port}`;
    return bus;
  }

  private answer(target: string, raw: Buffer, res: ServerResponse): void {
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (target !== 'AWSEvents.PutEvents') {
      res
        .writeHead(400)
        .end(JSON.stringify({ __type: 'UnknownOperationException', message: `${target} is not emulated` }));
      return;
    }
    const body = JSON.parse(raw.toString('utf8') || '{}') as { Entries?: Record<string, string>[] };
    const entries = body.Entries ?? [];
    // EventBridge's limits: 1-10 entries, 256 KB in all (Source, DetailType, Detail, 14 for Time).
    const bytes = entries.reduce(
      (sum, e) =>
        sum + ['Source', 'DetailType', 'Detail'].reduce((n, k) => n + Buffer.byteLength(e[k] ?? ''), 14),
      0,
    );
    if (entries.length < 1 || entries.length > 10 || bytes > 256 * 1024) {
      const message = `${entries.length} entries of ${bytes} bytes: PutEvents takes 1-10 entries and 256 KB`;
      res.writeHead(400).end(JSON.stringify({ __type: 'ValidationException', message }));
      return;
    }
    res.writeHead(200).end(JSON.stringify(this.put(entries)));
  }

  /** The next `count` entries are refused with `code` (e.g. ThrottlingException), then all accepted again. */
  refuseNext(count: number, code = 'ThrottlingException'): void {
    this.refusals = { remaining: count, code };
  }

  /** Calls `listener` with every event accepted from now on (a rule's target); returns the unsubscribe. */
  subscribe(listener: (event: LocalBusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events with a sequence number above `after`, oldest first. */
  since(after = 0): LocalBusEvent[] {
    return this.events.filter((e) => e.seq > after);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private put(entries: Record<string, string>[]) {
    let failed = 0;
    const results = entries.map((entry) => {
      if (this.refusals && this.refusals.remaining > 0) {
        this.refusals.remaining--;
        failed++;
        return { ErrorCode: this.refusals.code, ErrorMessage: 'refused by the local bus (injected)' };
      }
      const event: LocalBusEvent = {
        id: randomUUID(),
        seq: ++this.seq,
        time: new Date().toISOString(),
        bus: entry.EventBusName ?? 'default',
        source: entry.Source ?? '',
        detailType: entry.DetailType ?? '',
        detail: JSON.parse(entry.Detail ?? 'null'),
      };
      this.events.push(event);
      if (this.events.length > this.capacity) this.events.shift();
      for (const listener of this.listeners) listener(event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: failed, Entries: results };
  }
}
