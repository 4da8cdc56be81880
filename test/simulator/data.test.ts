// Ground-truth data API: realistic records with Merge's field names, monotonic modified_at,
// soft and hard deletes, deep copies, determinism with a seed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_CATALOG, startMergeSimulator } from '../../infra/local/merge-simulator';
import { ISO_MICROS, startHarness } from './helpers';
import type { Harness } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FIXTURES = join(__dirname, '../../infra/local/merge-simulator/fixtures');

describe('merge simulator: data', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test.each(MODEL_CATALOG.flatMap((m) => (m.fixture ? [[m.modelId, m.fixture, m.category] as const] : [])))(
    '%s records have every field of the official example, UUID ids and microsecond timestamps',
    (modelId, fixture, category) => {
      const account = h.sim.linkAccount({ category });
      const [record] = h.sim.seedRecords(account.id, modelId, 1);
      const example = JSON.parse(readFileSync(join(FIXTURES, fixture), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(record ?? {})).toEqual(expect.arrayContaining(Object.keys(example)));
      expect(record?.id).toMatch(UUID);
      expect(record?.created_at).toMatch(ISO_MICROS);
      expect(record?.modified_at).toBe(record?.created_at);
      expect(record?.remote_was_deleted).toBe(false);
      expect(typeof record?.remote_id).toBe('string');
    },
  );

  test('seeding employees creates one employment each, linked both ways', () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const employees = h.sim.seedRecords(account.id, 'hris.Employee', 5);
    const employments = h.sim.records(account.id, 'hris.Employment');
    expect(employments).toHaveLength(5);
    for (const e of employees) {
      const own = employments.filter((x) => x.employee === e.id);
      expect(e.employments).toEqual(own.map((x) => x.id));
    }
    const managers = employees.map((e) => e.manager).filter((m) => m !== null);
    for (const m of managers) expect(employees.map((e) => e.id)).toContain(m);
  });

  test('a standalone employment joins its employee, which counts as a change of the employee', () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [employee] = h.sim.seedRecords(account.id, 'hris.Employee', 1, { manager: null });
    const employment = h.sim.addRecord(account.id, 'hris.Employment', { employee: employee?.id ?? null });
    const after = h.sim.records(account.id, 'hris.Employee')[0];
    expect(after?.employments).toEqual([...((employee?.employments as string[]) ?? []), employment.id]);
    expect((after?.modified_at ?? '') > employment.modified_at).toBe(true);
  });

  test('modified_at strictly increases across all mutations even with a frozen clock', () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const other = h.sim.linkAccount({ category: 'ticketing' });
    const stamps: string[] = [];
    const [a] = h.sim.seedRecords(account.id, 'crm.Contact', 1);
    stamps.push(a?.modified_at ?? '');
    for (let i = 0; i < 50; i++) {
      stamps.push(h.sim.updateRecord(account.id, 'crm.Contact', a?.id ?? '').modified_at);
      stamps.push(h.sim.addRecord(other.id, 'ticketing.Ticket').modified_at);
    }
    stamps.push(h.sim.deleteRecord(account.id, 'crm.Contact', a?.id ?? '').modified_at);
    expect(stamps.every((s) => ISO_MICROS.test(s))).toBe(true);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  test('updateRecord applies a patch, or changes a field itself; deleteRecord is a soft delete', () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const [lead] = h.sim.seedRecords(account.id, 'crm.Lead', 1);
    const patched = h.sim.updateRecord(account.id, 'crm.Lead', lead?.id ?? '', { status: 'CONVERTED' });
    expect(patched.status).toBe('CONVERTED');
    const touched = h.sim.updateRecord(account.id, 'crm.Lead', lead?.id ?? '');
    const { modified_at: _a, remote_updated_at: _b, ...rest1 } = patched;
    const { modified_at: _c, remote_updated_at: _d, ...rest2 } = touched;
    expect(rest2).not.toEqual(rest1);
    const same = h.sim.updateRecord(account.id, 'crm.Lead', lead?.id ?? '', { status: 'CONVERTED' });
    expect(same.title).not.toBe(touched.title);

    h.sim.deleteRecord(account.id, 'crm.Lead', lead?.id ?? '');
    expect(h.sim.records(account.id, 'crm.Lead')).toHaveLength(0);
    expect(h.sim.records(account.id, 'crm.Lead', { includeDeleted: true })[0]?.remote_was_deleted).toBe(true);
  });

  test('hardDeleteRecord leaves no trace; records() returns deep copies', () => {
    const account = h.sim.linkAccount({ category: 'filestorage' });
    const files = h.sim.seedRecords(account.id, 'filestorage.File', 3);
    h.sim.hardDeleteRecord(account.id, 'filestorage.File', files[1]?.id ?? '');
    const left = h.sim.records(account.id, 'filestorage.File', { includeDeleted: true });
    expect(left.map((f) => f.id)).toEqual([files[0]?.id, files[2]?.id]);
    const first = left[0];
    if (!first) throw new Error('no file');
    first.name = 'mutated';
    expect(h.sim.records(account.id, 'filestorage.File')[0]?.name).not.toBe('mutated');
    expect(() => h.sim.hardDeleteRecord(account.id, 'filestorage.File', files[1]?.id ?? '')).toThrow();
  });

  test('overrides set fields on seeded records, also per index', () => {
    const account = h.sim.linkAccount({ category: 'ats' });
    const rows = h.sim.seedRecords(account.id, 'ats.Candidate', 3, (i) => ({
      first_name: `C${i}`,
      remote_id: `r-${i}`,
    }));
    expect(rows.map((r) => [r.first_name, r.remote_id])).toEqual([
      ['C0', 'r-0'],
      ['C1', 'r-1'],
      ['C2', 'r-2'],
    ]);
  });

  test('the same seed and clock give the same accounts and records', async () => {
    const make = async (): Promise<unknown> => {
      const sim = await startMergeSimulator({
        apiKey: 'k',
        webhookSignatureKey: 's',
        seed: 99,
        now: () => 1_700_000_000_000,
      });
      try {
        const account = sim.linkAccount({ category: 'hris' });
        sim.seedRecords(account.id, 'hris.Employee', 5);
        return {
          account,
          records: sim.records(account.id, 'hris.Employee'),
          hook: sim.linkedEvent(account.id),
        };
      } finally {
        await sim.close();
      }
    };
    expect(await make()).toEqual(await make());
  });

  test('unknown accounts and models are errors, not silent no-ops', () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    expect(() => h.sim.seedRecords('nope', 'hris.Employee', 1)).toThrow();
    expect(() => h.sim.seedRecords(account.id, 'crm.Contact', 1)).toThrow();
    expect(() => h.sim.updateRecord(account.id, 'hris.Employee', 'missing')).toThrow();
    expect(h.sim.account('nope')).toBeUndefined();
  });
});
