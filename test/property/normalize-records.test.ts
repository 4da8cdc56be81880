import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import type { MergeSimulator } from '../../infra/local/merge-simulator';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { lazyMergeDeps } from '../../shared/runtime/deps/merge-deps';
import { createSyncDeps } from '../../shared/runtime/deps/sync-deps';
import { contentHash } from '../../shared/core/content-hash';
import { Deadline } from '../../shared/sync/deadline';
import { runFetchJob } from '../../shared/sync/fetch-job';
import { MAX_DATA_BYTES, normalizeRecord, type NormalizeModel } from '../../shared/sync/normalize';
import { settleQueues } from '../chaos/lib/queues';
import { ChaosWorld } from '../chaos/lib/world';

/**
 * Records as Merge may send them: oversized for DynamoDB, with fields and enum values we have never
 * seen, or failing validation in one field. Per the brief each is handled without failing its page:
 * an oversized record loses optional parts (never its identity), unknown fields and values pass
 * through untouched, an invalid record is skipped; each case is counted in a metric and visible in
 * the model's sync state.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_240_611);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

const model: NormalizeModel = {
  modelId: 'ticketing.Ticket',
  relations: {},
  expand: [],
  includeRemoteData: false,
};
const CORE = ['id', 'remote_id', 'created_at', 'modified_at', 'remote_was_deleted'];

const iso = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('Z', '123Z'));
const unknownValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('SOMETHING_NEW', 'UNKNOWN_ENUM_VALUE'),
);
const recordArb = fc.record({
  id: fc.uuid(),
  remote_id: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  created_at: iso,
  modified_at: iso,
  remote_was_deleted: fc.boolean(),
  status: fc.oneof(fc.constantFrom('OPEN', 'CLOSED'), fc.string({ minLength: 1, maxLength: 30 })),
  extra: fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !CORE.includes(k)),
    unknownValue,
    {
      maxKeys: 5,
    },
  ),
  blob: fc.option(fc.integer({ min: 1, max: 900_000 }), { nil: undefined }),
  field_mappings: fc.option(
    fc.constant({ organization_defined_targets: {}, linked_account_defined_targets: {} }),
    {
      nil: undefined,
    },
  ),
});

type Generated = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;
function build(g: Generated): Record<string, unknown> {
  const { extra, blob, field_mappings: mappings, ...core } = g;
  return {
    ...extra,
    ...core,
    ...(mappings ? { field_mappings: mappings } : {}),
    ...(blob !== undefined ? { description: 'x'.repeat(blob) } : {}),
  };
}

describe('normalizeRecord on any record Merge may send', () => {
  it('keeps identity, fits the item limit, passes unknown fields and enum values through, never throws', () => {
    let oversized = 0;
    let unknownKept = 0;
    fc.assert(
      fc.property(recordArb, (g) => {
        const raw = build(g);
        const inputSize = Buffer.byteLength(JSON.stringify(raw));
        const result = normalizeRecord(structuredClone(raw), model);
        expect(result.invalid).toBeUndefined();
        const [record] = result.records;
        if (!record) throw new Error('no record');
        expect(record.id).toBe(g.id);
        for (const field of CORE) expect(record.data[field]).toEqual(raw[field]);
        expect(Buffer.byteLength(JSON.stringify(record.data))).toBeLessThanOrEqual(MAX_DATA_BYTES);
        if (inputSize <= MAX_DATA_BYTES) {
          // Nothing dropped, nothing changed: unknown fields and enum values are stored as Merge sent them.
          expect(record.droppedFields).toBeUndefined();
          expect(record.data).toEqual(raw);
          if (Object.keys(g.extra).length > 0) unknownKept++;
        } else {
          oversized++;
          expect(record.droppedFields?.length).toBeGreaterThan(0);
          for (const field of record.droppedFields ?? []) expect(CORE).not.toContain(field);
          // Only what was dropped is missing.
          for (const [k, v] of Object.entries(raw))
            if (!record.droppedFields?.includes(k)) expect(record.data[k]).toEqual(v);
        }
        expect(record.deleted).toBe(g.remote_was_deleted);
        expect(record.contentHash).toBe(contentHash(record.data));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(oversized).toBeGreaterThan(0);
    expect(unknownKept).toBeGreaterThan(0);
  });

  it('reports an invalid record (no usable id) instead of throwing, whatever else it holds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .jsonValue({ maxDepth: 3 })
            .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
          fc.record({
            id: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null), fc.boolean()),
            name: fc.string(),
          }),
          fc.dictionary(
            fc.string().filter((k) => k !== 'id'),
            fc.jsonValue({ maxDepth: 2 }),
            { maxKeys: 6 },
          ),
        ),
        (raw) => {
          const result = normalizeRecord(raw, model);
          expect(result.records).toEqual([]);
          expect(typeof result.invalid).toBe('string');
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('converts a date-time with an offset to the same instant in UTC and keeps its fraction', () => {
    fc.assert(
      fc.property(iso, fc.integer({ min: -12 * 60, max: 14 * 60 }), (utc, offsetMinutes) => {
        const ms = Date.parse(utc);
        const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const raw = { id: 'x', created_at: `${local}.123456${zone}`, modified_at: utc };
        const [record] = normalizeRecord(raw, model).records;
        expect(record?.data.created_at).toBe(`${new Date(ms).toISOString().slice(0, 19)}.123456Z`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('a page holding such records, fetched through the pipeline', () => {
  let world: ChaosWorld;
  let sim: MergeSimulator;
  beforeAll(async () => {
    world = await ChaosWorld.start();
    sim = await world.newSimulator({ seed: 99 });
  });
  afterAll(async () => {
    world.proxy.setRewrite(null);
    await sim?.close();
    await world?.close();
  });

  it('stores the page, counts each case in a metric and shows it in the sync state', async () => {
    const account = sim.linkAccount({ category: 'ticketing' });
    sim.seedRecords(account.id, 'ticketing.Ticket', 4);
    const oversized = sim.addRecord(account.id, 'ticketing.Ticket', { description: 'y'.repeat(450_000) });
    const odd = sim.addRecord(account.id, 'ticketing.Ticket', {
      status: 'AWAITING_THIRD_PARTY_NEW_ENUM',
      x_vendor_field: { nested: [1, 'two'] },
    });
    await world.postWebhook(sim, sim.linkedEvent(account.id));
    while ((await world.pipeline.sources.events.pollOnce(0)).received > 0);
    sim.finishSync(account.id, { result: 'DONE' });
    // Merge's page also carries three records that fail validation (id not a usable string).
    world.proxy.setRewrite((path, body) => {
      if (!path.includes('/ticketing/v1/tickets')) return undefined;
      const page = JSON.parse(body) as { results: unknown[] };
      page.results.push(
        { id: 42, name: 'numeric id' },
        { name: 'no id at all' },
        { id: '', name: 'empty id' },
      );
      return JSON.stringify(page);
    });
    // The fetch through the domain with an in-memory metrics sink (the handlers emit EMF).
    const metrics = new MemoryMetrics();
    const { config } = world.pipeline;
    const dynamodb = new DynamoDBClient({ endpoint: world.pipeline.standIns.dynamodbEndpoint });
    const deps = createSyncDeps(
      config.engine,
      { ...world.pipeline.clients, dynamodb },
      { log: silentLog, metrics },
    );
    const { merge } = await lazyMergeDeps(config, deps, dynamodb)();
    const outcome = await runFetchJob(
      { ...deps, merge },
      {
        v: 1,
        kind: 'fetch',
        accountId: account.id,
        modelId: 'ticketing.Ticket',
        reason: 'manual',
        requestedAt: new Date().toISOString(),
      },
      new Deadline(() => 300_000),
    );
    world.proxy.setRewrite(null);
    expect(outcome.outcome).toBe('completed'); // the page did not fail
    expect(metrics.get('RecordsInvalid')).toBe(3);
    expect(metrics.get('RecordsTruncated')).toBe(1);
    expect(metrics.get('RecordsAdded')).toBe(6);

    const stored = new Map((await world.storedRecords(account.id, 'ticketing.Ticket')).map((r) => [r.id, r]));
    expect(stored.size).toBe(6);
    expect(stored.get(oversized.id)?.droppedFields).toContain('description');
    expect(stored.get(odd.id)?.data).toMatchObject({
      status: 'AWAITING_THIRD_PARTY_NEW_ENUM',
      x_vendor_field: { nested: [1, 'two'] },
    });

    // Visible to an operator: the sync-state route of the read API.
    const answer = await world.read(`/accounts/${account.id}/sync-state`);
    const view = JSON.parse(answer.body) as {
      models: {
        model_id: string;
        last_fetch: { counts: Record<string, number> } | null;
        totals: Record<string, number>;
      }[];
    };
    const ticket = view.models.find((m) => m.model_id === 'ticketing.Ticket');
    expect(ticket?.last_fetch?.counts).toMatchObject({ invalid: 3, truncated: 1, added: 6 });
    expect(ticket?.totals).toMatchObject({ invalid: 3, truncated: 1 });
    dynamodb.destroy();
    await settleQueues(world.pipeline, { timeoutMs: 30_000 }).catch(() => undefined);
  }, 60_000);
});
