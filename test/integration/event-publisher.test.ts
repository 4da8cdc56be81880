import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LocalEventBus } from '../../infra/local/event-bus';
import {
  DETAIL_TYPE,
  EVENT_SOURCE,
  recordChangeEvent,
  changedFields,
} from '../../shared/events/change-events';
import type { BusEvent } from '../../shared/events/ports';
import { EventBridgePublisher, EventPublishError } from '../../shared/events/event-bridge-publisher';
import { systemClock } from '../../shared/runtime/clock';
import type { StoredRecord } from '../../shared/core/records';

let bus: LocalEventBus;
let client: EventBridgeClient;
beforeAll(async () => {
  bus = await LocalEventBus.start();
  client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
});
afterAll(async () => {
  client.destroy();
  await bus.close();
});

const record = (id: string, data: Record<string, unknown>): StoredRecord => ({
  accountId: 'acc',
  modelId: 'hris.Employee',
  id,
  data: { id, ...data },
  contentHash: `h-${id}-${String(data.v ?? '')}`,
  modifiedAtKey: '',
  deleted: false,
  syncedAt: '2026-11-22T00:00:00.000Z',
});

describe('EventBridgePublisher through the SDK client to a bus', () => {
  it('1,000 changes arrive complete, once each and in order per record, through partial failures', async () => {
    const publisher = new EventBridgePublisher(client, 'merge-sync', systemClock, { baseDelayMs: 1 });
    // 200 records, five versions each, published as five syncs of 200 changes.
    const before = bus.since().at(-1)?.seq ?? 0;
    for (let version = 1; version <= 5; version++) {
      const events: BusEvent[] = Array.from({ length: 200 }, (_, i) =>
        recordChangeEvent({
          kind: version === 1 ? 'added' : 'changed',
          record: record(`r${i}`, { v: version }),
        }),
      );
      bus.refuseNext(7 * version); // the bus throttles part of every sync
      await publisher.publish(events);
    }
    const arrived = bus.since(before);
    expect(arrived).toHaveLength(1000);
    const versionsOf = new Map<string, number[]>();
    for (const e of arrived) {
      const detail = e.detail as { recordId: string; record: { v: number } };
      versionsOf.set(detail.recordId, [...(versionsOf.get(detail.recordId) ?? []), detail.record.v]);
    }
    expect(versionsOf.size).toBe(200);
    for (const versions of versionsOf.values()) expect(versions).toEqual([1, 2, 3, 4, 5]);
    expect(arrived[0]).toMatchObject({
      source: EVENT_SOURCE,
      detailType: DETAIL_TYPE.recordAdded,
      bus: 'merge-sync',
    });
  });

  it('gives up with an error (the caller retries) when the bus keeps refusing', async () => {
    const publisher = new EventBridgePublisher(client, 'merge-sync', systemClock, {
      baseDelayMs: 1,
      maxAttempts: 3,
    });
    bus.refuseNext(1000);
    const event = recordChangeEvent({ kind: 'added', record: record('x', {}) });
    await expect(publisher.publish([event])).rejects.toThrow(EventPublishError);
    bus.refuseNext(0);
  });

  it('keeps each PutEvents within 10 entries and 256 KB', async () => {
    const publisher = new EventBridgePublisher(client, 'merge-sync', systemClock);
    const before = bus.since().at(-1)?.seq ?? 0;
    // 30 events of ~60 KB: at most 4 fit in a request by size.
    const big = Array.from({ length: 30 }, (_, i) =>
      recordChangeEvent({ kind: 'added', record: record(`big${i}`, { blob: 'x'.repeat(60_000) }) }),
    );
    await publisher.publish(big);
    expect(bus.since(before)).toHaveLength(30);
  });
});

describe('the change event schema', () => {
  it('names the fields a change touched, and leaves an oversized record out', () => {
    expect(changedFields({ a: 1, b: { c: 2 }, gone: true }, { a: 1, b: { c: 3 }, added: 'x' })).toEqual([
      'added',
      'b',
      'gone',
    ]);
    const changed = recordChangeEvent(
      { kind: 'changed', record: record('e1', { title: 'Staff', modified_at: '2026-01-01T00:00:00Z' }) },
      { previousData: { id: 'e1', title: 'Senior', modified_at: '2025-12-01T00:00:00Z' } },
    );
    expect(changed).toMatchObject({
      detailType: DETAIL_TYPE.recordChanged,
      detail: {
        schemaVersion: 1,
        accountId: 'acc',
        modelId: 'hris.Employee',
        recordId: 'e1',
        changedFields: ['modified_at', 'title'],
        modifiedAt: '2026-01-01T00:00:00Z',
      },
    });
    const huge = recordChangeEvent({ kind: 'deleted', record: record('e2', { blob: 'x'.repeat(250_000) }) });
    expect(huge.detail).toMatchObject({ record: null, recordOmitted: 'too-large' });
    expect(huge.detailType).toBe(DETAIL_TYPE.recordDeleted);
  });
});
