import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, stableStringify } from '../../../shared/core/content-hash';
import { MAX_DATA_BYTES, normalizeRecord, type NormalizeModel } from '../../../shared/sync/normalize';
import { normalizeTimestampFields, timestampKey, toEpochMs, toUtcIso } from '../../../shared/sync/timestamps';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../infra/local/merge-simulator/fixtures', name), 'utf8'),
  ) as Record<string, unknown>;
const employeeModel: NormalizeModel = {
  modelId: 'hris.Employee',
  relations: { employments: 'hris.Employment', manager: 'hris.Employee' },
  expand: ['employments'],
  includeRemoteData: false,
};

describe('timestamps', () => {
  it.each([
    ['2021-10-16T00:00:00Z', '2021-10-16T00:00:00Z'],
    ['2025-11-27T10:39:49.905833Z', '2025-11-27T10:39:49.905833Z'],
    ['2021-03-30T20:44:18', '2021-03-30T20:44:18Z'],
    ['2021-03-30T22:44:18+02:00', '2021-03-30T20:44:18Z'],
    ['2021-03-30T18:44:18.5-0200', '2021-03-30T20:44:18.5Z'],
  ])('%s → UTC %s', (input, output) => {
    expect(toUtcIso(input)).toBe(output);
  });

  it('rejects what is not a date-time', () => {
    expect(toUtcIso('2021-03-30')).toBeUndefined();
    expect(toUtcIso('yesterday')).toBeUndefined();
    expect(timestampKey(42)).toBe('');
  });

  it('keys sort as time, at microsecond precision, whatever the written precision', () => {
    const keys = [
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00.000001Z',
      '2025-01-01T00:00:00.1Z',
      '2025-01-01T01:00:00+00:00',
    ].map(timestampKey);
    expect([...keys].sort()).toEqual(keys);
    expect(timestampKey('2025-01-01T02:00:00+02:00')).toBe(timestampKey('2025-01-01T00:00:00Z'));
    expect(toEpochMs('2025-01-01T00:00:00.123456Z')).toBe(Date.parse('2025-01-01T00:00:00.123Z'));
  });

  it("normalizes Merge's own top-level date-time fields only, nothing nested, no free text", () => {
    const data = {
      created_at: '2021-03-30T20:44:18+01:00',
      start_time: '2021-03-30T20:44:18',
      date_of_birth: '1990-11-10T00:00:00',
      description: '2021-03-30T20:44:18',
      custom_fields: { hired_at: '2021-03-30T20:44:18' },
      nested: [{ modified_at: '2021-03-30T20:44:18+01:00' }],
    };
    normalizeTimestampFields(data);
    expect(data).toEqual({
      created_at: '2021-03-30T19:44:18Z',
      start_time: '2021-03-30T20:44:18Z',
      date_of_birth: '1990-11-10T00:00:00Z',
      description: '2021-03-30T20:44:18',
      custom_fields: { hired_at: '2021-03-30T20:44:18' },
      nested: [{ modified_at: '2021-03-30T20:44:18+01:00' }],
    });
  });
});

describe('content hash', () => {
  it('does not depend on key order', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

describe('normalizeRecord', () => {
  const employee = () => {
    const raw = fixture('HRIS_employee.json');
    return {
      ...raw,
      remote_was_deleted: false,
      employments: [{ id: 'emp-1', job_title: 'Engineer', modified_at: '2021-10-16T00:00:00Z' }, 'emp-2'],
    };
  };

  it('keeps Merge field names, drops remote_data, and splits expanded relations into their own records', () => {
    const { records, invalid } = normalizeRecord(employee(), employeeModel);
    expect(invalid).toBeUndefined();
    const [parent, child] = records;
    expect(parent).toMatchObject({
      modelId: 'hris.Employee',
      id: '0958cbc6-6040-430a-848e-aafacbadf4ae',
      deleted: false,
    });
    expect(parent!.data.first_name).toBe('Greg');
    expect(parent!.data).not.toHaveProperty('remote_data');
    expect(parent!.data.employments).toEqual(['emp-1', 'emp-2']);
    expect(child).toMatchObject({ modelId: 'hris.Employment', id: 'emp-1', data: { job_title: 'Engineer' } });
    expect(parent!.modifiedAtKey).toBe('2021-10-16T00:00:00.000000Z');
  });

  it('keeps remote_data when configured', () => {
    const { records } = normalizeRecord(employee(), { ...employeeModel, includeRemoteData: true });
    expect(records[0]!.data.remote_data).toBeDefined();
  });

  it('marks remote_was_deleted records, and forced deletes (a .removed webhook), as tombstones', () => {
    expect(
      normalizeRecord({ ...employee(), remote_was_deleted: true }, employeeModel).records[0]!.deleted,
    ).toBe(true);
    expect(normalizeRecord(employee(), employeeModel, { forceDeleted: true }).records[0]).toMatchObject({
      deleted: true,
      data: { remote_was_deleted: true },
    });
  });

  it('rejects a record without a usable id, without throwing', () => {
    expect(normalizeRecord({ first_name: 'x' }, employeeModel)).toEqual({
      records: [],
      invalid: 'not an object with a string id',
      issues: [{ modelId: 'hris.Employee', id: null, reason: 'not-a-record' }],
    });
    expect(normalizeRecord('garbage', employeeModel).records).toHaveLength(0);
    expect(normalizeRecord({ id: '' }, employeeModel).records).toHaveLength(0);
  });

  it('tolerates unknown fields and enum values, and a malformed modified_at', () => {
    const { records } = normalizeRecord(
      { id: 'x', employment_status: 'ON_SABBATICAL', brand_new_field: { deep: [1] }, modified_at: 'soon' },
      employeeModel,
    );
    expect(records[0]).toMatchObject({
      modifiedAtKey: '',
      data: { employment_status: 'ON_SABBATICAL', brand_new_field: { deep: [1] } },
    });
  });

  it('fits an oversized record into one item by dropping optional parts first, then the largest fields', () => {
    const big = 'x'.repeat(MAX_DATA_BYTES);
    const withBigOptional = normalizeRecord({ ...employee(), field_mappings: { blob: big } }, employeeModel)
      .records[0]!;
    expect(withBigOptional.droppedFields).toEqual(['field_mappings']);
    expect(withBigOptional.data.first_name).toBe('Greg');

    const withBigField = normalizeRecord({ ...employee(), notes: big }, employeeModel).records[0]!;
    expect(withBigField.droppedFields).toContain('notes');
    expect(withBigField.data).toMatchObject({
      id: '0958cbc6-6040-430a-848e-aafacbadf4ae',
      first_name: 'Greg',
    });
    expect(Buffer.byteLength(JSON.stringify(withBigField.data))).toBeLessThanOrEqual(MAX_DATA_BYTES);
  });

  it('is deterministic: the same input hashes the same', () => {
    expect(normalizeRecord(employee(), employeeModel).records[0]!.contentHash).toBe(
      normalizeRecord(employee(), employeeModel).records[0]!.contentHash,
    );
  });
});
