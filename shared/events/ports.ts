import type { OutboxStore } from '../store/ports';

/** An event for the bus, before it becomes a PutEvents entry. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

/** Puts events on the bus; resolves only when every event was accepted. */
export interface EventPublisher {
  publish(events: readonly BusEvent[]): Promise<void>;
}

/** Where change events go: the bus, through an outbox in the table. */
export interface EventDeps {
  publisher: EventPublisher;
  outbox: OutboxStore;
  /** Default OUTBOX_ABANDONED_AFTER_MS; shorter in tests. */
  abandonedAfterMs?: number;
}
