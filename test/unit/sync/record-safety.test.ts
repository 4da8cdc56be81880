import { contentHash, stableStringify } from '../../../shared/core/content-hash';
import { nestingDepth } from '../../../shared/core/json-depth';
import { changedFields, recordChangeEvent } from '../../../shared/events/change-events';
import {
  MAX_DATA_BYTES,
  MAX_NESTING_DEPTH,
  normalizeRecord,
  withStoredFields,
  type NormalizeModel,
} from '../../../shared/sync/normalize';

/**
 * What a third party (through Merge) can put in a record must never break a walk over it, nor be
 * rewritten: any depth, any key (`__proto__`, `constructor`), its own zone-less times.
 */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;
const ticket: NormalizeModel = {
  modelId: 'ticketing.Ticket',
  relations: {},
  expand: [],
  includeRemoteData: true,
};
const base = {
  id: 't-1',
  remote_id: '42',
  created_at: '2021-03-30T20:44:18Z',
  modified_at: '2021-10-16T00:00:00.123456Z',
  remote_was_deleted: false,
  name: 'Login page returns 500',
};
/** remote_data as a third party sends it: own key names, a zone-less local time, hostile keys. */
const remoteDataText =
  '[{"path":"/issues","data":{"id":"66969793","lastModifiedLocal":"2026-12-03T16:24:47",' +
  '"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}}]';

describe('walks over JSON at any depth', () => {
  it('stableStringify and the content hash handle 20,000 levels, and match the plain form', () => {
    const deep = JSON.parse(deepJson(20_000)) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError); // what a recursive walk does
    expect(stableStringify(deep)).toBe(deepJson(20_000));
    expect(contentHash(deep)).toMatch(/^[\w-]{43}$/);
    expect(stableStringify({ b: [1, { d: undefined, c: 'x' }], a: null, e: [] })).toBe(
      '{"a":null,"b":[1,{"c":"x"}],"e":[]}',
    );
  });

  it('nestingDepth counts levels without recursion and stops past its limit', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({ a: [] })).toBe(2);
    expect(nestingDepth(JSON.parse(deepJson(20_000)))).toBe(20_000);
    expect(nestingDepth(JSON.parse(deepJson(20_000)), 10)).toBe(11);
  });

  it('changedFields compares fields of any depth and any key', () => {
    const before = JSON.parse(`{"a":${deepJson(15_000)},"__proto__":{"x":1}}`) as Record<string, unknown>;
    const after = JSON.parse(`{"a":${deepJson(15_000)},"__proto__":{"x":2}}`) as Record<string, unknown>;
    expect(changedFields(before, after)).toEqual(['__proto__']);
  });
});

describe('normalizeRecord keeps third-party data exactly as received', () => {
  it('stores remote_data byte for byte: zone-less times, __proto__ and constructor keys kept as data', () => {
    const raw = JSON.parse(
      `{${JSON.stringify(base).slice(1, -1)},"remote_data":${remoteDataText}}`,
    ) as unknown;
    const [record] = normalizeRecord(raw, ticket).records;
    expect(JSON.stringify(record!.data.remote_data)).toBe(remoteDataText);
    const data = (record!.data.remote_data as { data: Record<string, unknown> }[])[0]!.data;
    expect(Object.keys(data)).toEqual(['id', 'lastModifiedLocal', '__proto__', 'constructor']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // The event carries it too, and the hash sees it.
    expect(
      JSON.stringify(
        recordChangeEvent({ kind: 'added', record: { ...record!, accountId: 'a', syncedAt: 'now' } }).detail,
      ),
    ).toContain('"__proto__":{"isAdmin":true}');
    const without = JSON.parse(remoteDataText.replace('"__proto__":{"isAdmin":true},', '')) as unknown;
    expect(normalizeRecord({ ...base, remote_data: without }, ticket).records[0]!.contentHash).not.toBe(
      record!.contentHash,
    );
  });

  it('leaves custom_fields, field_mappings and free text alone; only Merge timestamps go to UTC', () => {
    const raw = {
      ...base,
      created_at: '2021-03-30T22:44:18+02:00',
      description: '2021-03-30T20:44:18',
      custom_fields: { due: '2021-03-30T20:44:18' },
      field_mappings: { organization_defined_targets: { at: '2021-03-30T20:44:18' } },
    };
    const [record] = normalizeRecord(raw, ticket).records;
    expect(record!.data).toEqual({ ...raw, created_at: '2021-03-30T20:44:18Z' });
  });
});

describe('normalizeRecord on records that cannot be stored as received', () => {
  it('drops a field nested 20,000 levels deep and reports it, keeping the rest', () => {
    const raw = JSON.parse(`{${JSON.stringify(base).slice(1, -1)},"field_mappings":${deepJson(20_000)}}`);
    const result = normalizeRecord(raw, ticket);
    const [record] = result.records;
    expect(record!.data).toEqual(base);
    expect(record!.droppedFields).toEqual(['field_mappings']);
    expect(record!.contentHash).toBe(contentHash(base));
    expect(result.issues).toEqual([
      { modelId: 'ticketing.Ticket', id: 't-1', reason: 'too-deep', fields: ['field_mappings'] },
    ]);
    // At the limit it is kept.
    const atLimit = normalizeRecord({ ...base, x: JSON.parse(deepJson(MAX_NESTING_DEPTH - 1)) }, ticket);
    expect(atLimit.issues).toEqual([]);
    expect(atLimit.records[0]!.data.x).toBeDefined();
  });

  it('reports a record that lost Common Model fields for size, not one that lost only optional parts', () => {
    const big = 'x'.repeat(MAX_DATA_BYTES);
    expect(normalizeRecord({ ...base, field_mappings: { big } }, ticket).issues).toEqual([]);
    expect(normalizeRecord({ ...base, description: big }, ticket).issues).toEqual([
      { modelId: 'ticketing.Ticket', id: 't-1', reason: 'too-large', fields: ['description'] },
    ]);
  });

  it('reports what is not a Common Model object, without its content', () => {
    for (const raw of ['Varies by platform', [base], { ...base, id: 7 }, null]) {
      expect(normalizeRecord(raw, ticket)).toEqual({
        records: [],
        invalid: 'not an object with a string id',
        issues: [{ modelId: 'ticketing.Ticket', id: null, reason: 'not-a-record' }],
      });
    }
  });

  it('splits related records out of a relation nested as deep as it likes, without recursing into it', () => {
    const model = { ...ticket, relations: { contact: 'ticketing.Contact' }, expand: ['contact'] };
    const raw = JSON.parse(`{"id":"t-2","contact":[[${deepJson(20_000)}]]}`);
    const result = normalizeRecord(raw, model);
    expect(result.records.map((r) => r.data)).toEqual([{ id: 't-2' }]);
    expect(result.issues).toMatchObject([{ reason: 'too-deep', fields: ['contact'] }]);
  });
});

describe('a version without the supplemental parts keeps the stored ones', () => {
  it('carries remote_data and field_mappings over from the stored version, and rehashes', () => {
    const incoming = normalizeRecord({ ...base, name: 'changed' }, ticket).records[0]!;
    expect(incoming.keepStored).toEqual(['remote_data', 'field_mappings', 'remote_fields']);
    const stored = { ...base, remote_data: JSON.parse(remoteDataText), field_mappings: { a: 1 } };
    const completed = withStoredFields(incoming, stored);
    expect(completed.data).toEqual({ ...stored, name: 'changed' });
    expect(JSON.stringify(completed.data.remote_data)).toBe(remoteDataText);
    expect(completed.contentHash).toBe(contentHash(completed.data));
    expect(completed.keepStored).toBeUndefined();
    // A part the stored version lacked for size stays marked as dropped.
    expect(withStoredFields(incoming, base, ['remote_data']).droppedFields).toEqual(['remote_data']);
  });

  it('keeps no remote_data when the deployment does not keep it', () => {
    const model = { ...ticket, includeRemoteData: false };
    expect(normalizeRecord({ ...base }, model).records[0]!.keepStored).toEqual([
      'field_mappings',
      'remote_fields',
    ]);
  });
});
