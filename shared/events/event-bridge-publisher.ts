import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { DomainError } from '../core/errors';
import type { Clock } from '../runtime/clock';
import type { BusEvent, EventPublisher } from './ports';

/**
 * The bus did not take events. Refused entries are retryable: the outbox keeps them, and a retry
 * (or drainOutbox) publishes them. An entry over EventBridge's size limit never fits.
 */
export class EventPublishError extends DomainError {
  override readonly name = 'EventPublishError';

  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** PutEvents takes at most 10 entries and 256 KB per call. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

const entrySize = (entry: PutEventsRequestEntry) =>
  Buffer.byteLength(entry.Source ?? '') +
  Buffer.byteLength(entry.DetailType ?? '') +
  Buffer.byteLength(entry.Detail ?? '') +
  14;

/**
 * PutEvents in batches that respect its limits, in order. A partial failure retries only the
 * entries that failed (with backoff), so nothing is lost and nothing is sent twice by us; after the
 * last attempt it throws, and the caller's own retry (SQS redelivery) takes over.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly clock: Clock,
    private readonly options: { maxAttempts?: number; baseDelayMs?: number } = {},
  ) {}

  async publish(events: readonly BusEvent[]): Promise<void> {
    for (const batch of this.batches(events.map((e) => this.toEntry(e)))) await this.send(batch);
  }

  private toEntry(event: BusEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
    };
  }

  private *batches(entries: PutEventsRequestEntry[]): Generator<PutEventsRequestEntry[]> {
    let batch: PutEventsRequestEntry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const size = entrySize(entry);
      if (size > MAX_REQUEST_BYTES)
        throw new EventPublishError(`an event of ${size} bytes exceeds EventBridge's entry limit`, false);
      if (batch.length === MAX_ENTRIES || bytes + size > MAX_REQUEST_BYTES) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(entry);
      bytes += size;
    }
    if (batch.length > 0) yield batch;
  }

  private async send(batch: PutEventsRequestEntry[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      // Entries in the answer line up with the request: keep the failed ones, in their order.
      const failed = pending.filter((_, i) => out.Entries?.[i]?.ErrorCode !== undefined);
      const code = out.Entries?.find((e) => e.ErrorCode)?.ErrorCode ?? 'unknown';
      if (attempt >= maxAttempts) {
        throw new EventPublishError(
          `${failed.length} event(s) not accepted by the bus after ${attempt} attempts (${code})`,
          true,
        );
      }
      pending = failed;
      const base = this.options.baseDelayMs ?? 100;
      await this.clock.sleep(base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}
