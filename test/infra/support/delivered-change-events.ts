import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  EventBridgeClient,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { changedFields, recordChangeEvent } from '../../../shared/events/change-events';
import type { BusEvent } from '../../../shared/events/ports';
import { EventBridgePublisher } from '../../../shared/events/event-bridge-publisher';
import { findModel } from '../../../shared/config/model-catalog';
import { systemClock } from '../../../shared/runtime/clock';
import type { StoredRecord } from '../../../shared/core/records';
import { normalizeRecord } from '../../../shared/sync/normalize';

/**
 * Change events as a rule on the real bus sees them, built by the product's own code: a Merge
 * record is normalized (normalizeRecord), turned into its event (recordChangeEvent, with
 * changedFields computed as applyRecords does), put through EventBridgePublisher (the PutEvents
 * entry it really sends), and wrapped in the envelope EventBridge delivers. A schema change in any
 * of those shows up as a failing example-rule test.
 */

/** An event as EventBridge hands it to rules and targets. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export type MergeRecord = Record<string, unknown>;

const FIXTURES = path.resolve(__dirname, '../../../infra/local/merge-simulator/fixtures');

/** One of Merge's own example records (the simulator's fixtures, copied from Merge's API definition). */
export const mergeExampleRecord = (file: string): MergeRecord =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as MergeRecord;

const ACCOUNT_ID = 'acct-example';

/** The record as the store keeps it: normalized the way a fetch or a webhook normalizes it. */
function stored(modelId: string, raw: MergeRecord, options: { forceDeleted?: boolean } = {}): StoredRecord {
  const model = findModel(modelId);
  if (!model) throw new Error(`unknown model ${modelId}`);
  const normalized = normalizeRecord(
    raw,
    { modelId, relations: model.relations, expand: [], includeRemoteData: false },
    options,
  );
  const [record] = normalized.records;
  if (!record) throw new Error(`${modelId} example did not normalize: ${normalized.invalid ?? 'no record'}`);
  return { ...record, accountId: ACCOUNT_ID, syncedAt: '2026-03-02T09:00:00.000Z' };
}

export const recordAdded = (modelId: string, raw: MergeRecord): BusEvent =>
  recordChangeEvent({ kind: 'added', record: stored(modelId, raw) });

/** A change from `before` to `after`, with changedFields computed from the stored versions as applyRecords does. */
export function recordChanged(modelId: string, before: MergeRecord, after: MergeRecord): BusEvent {
  const previous = stored(modelId, before);
  const record = stored(modelId, after);
  const fields = changedFields(previous.data, record.data);
  return recordChangeEvent({ kind: 'changed', record, changedFields: fields }, { changedFields: fields });
}

export const recordDeleted = (modelId: string, raw: MergeRecord): BusEvent =>
  recordChangeEvent({ kind: 'deleted', record: stored(modelId, raw, { forceDeleted: true }) });

/** A PutEvents client that records the entries instead of sending them, and accepts them all. */
function capturingClient(sent: PutEventsRequestEntry[]): EventBridgeClient {
  const client = new EventBridgeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    () => async (args) => {
      const entries = (args.input as PutEventsCommandInput).Entries ?? [];
      sent.push(...entries);
      const output = {
        $metadata: {},
        FailedEntryCount: 0,
        Entries: entries.map((_, i) => ({ EventId: `e${i}` })),
      };
      return { output, response: {} };
    },
    { step: 'initialize', name: 'capturePutEvents' },
  );
  return client;
}

/** Publishes through the real publisher and returns what EventBridge would deliver, in order. */
export async function deliver(...events: BusEvent[]): Promise<DeliveredEvent[]> {
  const sent: PutEventsRequestEntry[] = [];
  const client = capturingClient(sent);
  try {
    await new EventBridgePublisher(client, 'merge-sync-bus', systemClock).publish(events);
  } finally {
    client.destroy();
  }
  return sent.map((entry, i) => ({
    version: '0',
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'detail-type': entry.DetailType ?? '',
    source: entry.Source ?? '',
    account: '123456789012',
    time: '2026-03-02T09:00:01Z',
    region: 'us-east-1',
    resources: [],
    detail: JSON.parse(entry.Detail ?? 'null') as unknown,
  }));
}
