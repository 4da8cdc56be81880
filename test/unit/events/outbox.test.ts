import type { StoredRecord } from '../../../shared/core/records';
import { DETAIL_TYPE, syncFailedEvent } from '../../../shared/events/change-events';
import {
  drainOutbox,
  flushDeletedAccountOutbox,
  OUTBOX_ABANDONED_AFTER_MS,
  PlannedEvents,
  writeWithEvents,
  type OutboxDeps,
} from '../../../shared/events/outbox';
import type { BusEvent } from '../../../shared/events/ports';
import { MemoryMetrics, silentLog } from '../../../shared/observability/ports';
import type { OutboxBatch, OutboxStore, RecordStore } from '../../../shared/store/ports';
import { FakeClock } from '../../helpers/fakes';

const ACC = 'acc';

/** The outbox in memory; `log` says in which order batches were written and published. */
class MemoryOutbox implements OutboxStore {
  readonly batches = new Map<string, OutboxBatch>();
  constructor(private readonly log: string[]) {}
  async put(batch: OutboxBatch) {
    this.log.push(`put ${batch.entries.length}`);
    this.batches.set(batch.batchId, structuredClone(batch));
  }
  async get(_accountId: string, batchId: string) {
    return structuredClone(this.batches.get(batchId));
  }
  async listForAccount(accountId: string) {
    return [...this.batches.values()].filter((b) => b.accountId === accountId);
  }
  async delete(_accountId: string, batchId: string) {
    this.log.push('delete');
    this.batches.delete(batchId);
  }
}

function setup(options: { busDown?: boolean } = {}) {
  const log: string[] = [];
  const clock = new FakeClock();
  const outbox = new MemoryOutbox(log);
  const published: BusEvent[] = [];
  const stored = new Map<string, StoredRecord>();
  const publisher = {
    async publish(events: readonly BusEvent[]) {
      if (options.busDown) throw new Error('bus down');
      log.push(`publish ${events.length}`);
      published.push(...events);
    },
  };
  const records = {
    get: async (_a: string, _m: string, id: string) => stored.get(id),
    fingerprints: async (_a: string, _m: string, ids: string[]) =>
      new Map(
        ids.flatMap((id) => {
          const r = stored.get(id);
          return r ? [[id, { ...r, rawData: JSON.stringify(r.data), syncedAt: r.syncedAt }] as const] : [];
        }),
      ),
  } as unknown as RecordStore;
  const metrics = new MemoryMetrics();
  const deps: OutboxDeps = { events: { publisher, outbox }, records, clock, log: silentLog, metrics };
  return { deps, log, clock, outbox, published, stored, metrics };
}

const failed = (at: string) => syncFailedEvent(ACC, 'crm.Lead', null, at);

const record = (id: string, contentHash: string): StoredRecord => ({
  accountId: ACC,
  modelId: 'crm.Lead',
  id,
  data: { id },
  contentHash,
  modifiedAtKey: '',
  deleted: false,
  syncedAt: '2026-01-01T00:00:00.000Z',
});

describe('PlannedEvents: on record before the write, published after it', () => {
  it('plans each write as a batch, publishes all events once, then forgets the batches', async () => {
    const { deps, log, outbox, published } = setup();
    const planned = new PlannedEvents(deps, ACC);
    await planned.planRecordChanges([{ kind: 'added', modelId: 'crm.Lead', id: 'r1', contentHash: 'h1' }]);
    await planned.planEvents([failed('t1')]);
    expect(outbox.batches.size).toBe(2);
    expect(await planned.publish([failed('t1'), failed('t2')])).toBe(2);
    expect(log).toEqual(['put 1', 'put 1', 'publish 2', 'delete', 'delete']);
    expect(published).toHaveLength(2);
    expect(outbox.batches.size).toBe(0);
  });

  it('discards what was not written: nothing is published and nothing stays', async () => {
    const { deps, outbox, published } = setup();
    const planned = new PlannedEvents(deps, ACC);
    await planned.planEvents([failed('t1')]);
    await planned.discard();
    expect({ published: published.length, left: outbox.batches.size }).toEqual({ published: 0, left: 0 });
  });

  it('keeps the batches when the bus refuses, for drainOutbox', async () => {
    const { deps, outbox } = setup({ busDown: true });
    const planned = new PlannedEvents(deps, ACC);
    await planned.planEvents([failed('t1')]);
    await expect(planned.publish([failed('t1')])).rejects.toThrow('bus down');
    expect(outbox.batches.size).toBe(1);
  });

  it('plans and publishes nothing when no bus is configured, or nothing was planned', async () => {
    const { deps, log } = setup();
    const off = new PlannedEvents({ ...deps, events: undefined }, ACC);
    await off.planEvents([failed('t1')]);
    expect(await off.publish([failed('t1')])).toBe(0);
    const empty = new PlannedEvents(deps, ACC);
    await empty.planRecordChanges([]);
    expect(await empty.publish([])).toBe(0);
    expect(log).toEqual([]);
  });
});

describe('writeWithEvents: plan, write, then publish or discard', () => {
  it('publishes after a write that reports its events written', async () => {
    const { deps, log } = setup();
    const result = await writeWithEvents(deps, ACC, [failed('t1')], async () => {
      log.push('write');
      return { result: 'done', written: true };
    });
    expect(result).toBe('done');
    expect(log).toEqual(['put 1', 'write', 'publish 1', 'delete']);
  });

  it('discards when the write reports nothing written', async () => {
    const { deps, log } = setup();
    await writeWithEvents(deps, ACC, [failed('t1')], async () => ({ result: undefined, written: false }));
    expect(log).toEqual(['put 1', 'delete']);
  });

  it('leaves the plan when the write fails (it may have gone through)', async () => {
    const { deps, outbox } = setup();
    await expect(
      writeWithEvents(deps, ACC, [failed('t1')], async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    expect(outbox.batches.size).toBe(1);
  });
});

describe('drainOutbox: the abandoned batches of an account', () => {
  it('publishes an abandoned batch: events as planned, records only if still the planned version', async () => {
    const { deps, clock, outbox, published, stored } = setup();
    const planned = new PlannedEvents(deps, ACC);
    await planned.planRecordChanges([
      { kind: 'added', modelId: 'crm.Lead', id: 'written', contentHash: 'h1' },
      { kind: 'changed', modelId: 'crm.Lead', id: 'replaced', contentHash: 'h2', changedFields: ['name'] },
      { kind: 'added', modelId: 'crm.Lead', id: 'never-written', contentHash: 'h3' },
    ]);
    await planned.planEvents([failed('t1')]);
    stored.set('written', record('written', 'h1'));
    stored.set('replaced', record('replaced', 'a-newer-hash'));
    // Not yet abandoned: its writer may still be at work.
    expect(await drainOutbox(deps, ACC)).toBe(0);
    clock.advance(OUTBOX_ABANDONED_AFTER_MS);
    expect(await drainOutbox(deps, ACC)).toBe(2);
    expect(published.map((e) => [e.detailType, e.detail.recordId ?? null])).toEqual([
      [DETAIL_TYPE.recordAdded, 'written'],
      [DETAIL_TYPE.syncFailed, null],
    ]);
    expect(outbox.batches.size).toBe(0);
  });

  it('never throws: a bus still down leaves the batches and counts a delay', async () => {
    const { deps, clock, outbox, metrics } = setup({ busDown: true });
    await new PlannedEvents(deps, ACC).planEvents([failed('t1')]);
    clock.advance(OUTBOX_ABANDONED_AFTER_MS);
    expect(await drainOutbox(deps, ACC)).toBe(0);
    expect(outbox.batches.size).toBe(1);
    expect(metrics.get('EventsDelayed')).toBe(1);
  });

  it("a deleted account's outbox: its planned events go at once, its record changes go unpublished", async () => {
    const { deps, outbox, published } = setup();
    await new PlannedEvents(deps, ACC).planEvents([failed('t1')]);
    await new PlannedEvents(deps, ACC).planRecordChanges([
      { kind: 'added', modelId: 'crm.Lead', id: 'r1', contentHash: 'h1' },
    ]);
    await new PlannedEvents(deps, 'other').planEvents([failed('t1')]);
    // Not abandoned yet (no time passed): a deleted account has no later drain to wait for.
    await flushDeletedAccountOutbox(deps, ACC);
    expect([...outbox.batches.values()].map((b) => b.accountId)).toEqual(['other']);
    expect(published).toEqual([failed('t1')]);
  });

  it("a deleted account's outbox stays when the bus refuses (the purge is retried)", async () => {
    const { deps, outbox } = setup({ busDown: true });
    await new PlannedEvents(deps, ACC).planEvents([failed('t1')]);
    await expect(flushDeletedAccountOutbox(deps, ACC)).rejects.toThrow('bus down');
    expect(outbox.batches.size).toBe(1);
  });
});
