import fc from 'fast-check';
import type { StoredRecord } from '../../shared/core/records';
import { lambdaContext } from '../../infra/local/lambda-context';
import { httpApiEvent } from '../helpers/events';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

/**
 * Hostile input at the read API, property-based, through the real handler on DynamoDB (dynalite):
 * random paths (raw bytes, bad escapes, long or odd segments), random query parameters and values,
 * random cursors. Whatever comes in, the answer is one of the documented statuses with a JSON body,
 * never a 5xx, never larger than Lambda allows; page_size is accepted exactly when it is a whole
 * decimal number in range; and paging a feed with random page sizes returns every record once.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 600 }, feedSettleMs: 0 },
});

const SEED = Number(process.env.PROPERTY_SEED ?? 20_240_612);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const DOCUMENTED = new Set([200, 400, 404, 405]);
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

let accountId = '';
let liveIds: string[] = [];
let allIds: string[] = [];

beforeAll(async () => {
  const account = await linkAndSync(f, 'crm', { 'crm.Lead': 0 });
  accountId = account.id;
  // 400 records, every third a tombstone, in a known (syncedAt, id) order.
  const records: StoredRecord[] = Array.from({ length: 400 }, (_, i) => ({
    accountId,
    modelId: 'crm.Lead',
    id: `lead-${String(i).padStart(4, '0')}`,
    data: { id: `lead-${String(i).padStart(4, '0')}`, name: `Lead ${i}` },
    contentHash: `h${i}`,
    modifiedAtKey: '',
    deleted: i % 3 === 0,
    syncedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  }));
  await f.records.putMany(records);
  allIds = records.map((r) => r.id);
  liveIds = records.filter((r) => !r.deleted).map((r) => r.id);
}, 60_000);

async function get(method: string, path: string, query: Record<string, string>) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method, path, queryStringParameters: query }),
    lambdaContext('read-api', 10_000),
  );
  return {
    status: result.statusCode ?? 0,
    body: JSON.parse(result.body ?? 'null') as Record<string, unknown>,
    bytes: Buffer.byteLength(JSON.stringify(result)),
  };
}

/** A path segment as an attacker might send it: ids, unicode, percent-escapes good and bad, huge. */
const segment = fc.oneof(
  fc.constantFrom('accounts', 'records', 'sync-state', 'crm.Lead', 'hris.Employee', '..', '.', '%2F'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }).map((s) => s.replace(/[/?#]/g, '')),
  fc.stringMatching(/^%[0-9A-Fa-fzZ]{0,2}$/),
  fc.constantFrom('%ED%A0%80', '%C0%AF', '%E0%A4%A', '%00', '%FF'),
  fc.integer({ min: 200, max: 2000 }).map((n) => 'a'.repeat(n)),
);
/** A value for one `{param}` of a route: usually a real one, sometimes hostile. */
const param = (real: () => string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(real) },
    { weight: 2, arbitrary: segment.map((s) => () => s) },
  );
const routePath = fc
  .tuple(
    fc.constantFrom(
      '/accounts',
      '/accounts/{a}',
      '/accounts/{a}/sync-state',
      '/accounts/{a}/records/{m}',
      '/accounts/{a}/records/{m}/{r}',
    ),
    param(() => accountId),
    param(() => 'crm.Lead'),
    param(() => liveIds[7] ?? ''),
  )
  .map(
    ([pattern, a, m, r]) =>
      () =>
        pattern.replace('{a}', a()).replace('{m}', m()).replace('{r}', r()),
  );
const garbagePath = fc.array(segment, { maxLength: 5 }).map((parts) => () => `/${parts.join('/')}`);
const path = fc.oneof({ weight: 3, arbitrary: routePath }, { weight: 1, arbitrary: garbagePath });

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^[-+ ]?[0-9]{0,12}(\.[0-9]+)?([eE][0-9]+)?\s?$/),
  fc.constantFrom('0x10', '1e3', '  5', 'true', 'false', 'NaN', 'Infinity', '\ud800', '١٠'),
);
const cursor = fc.oneof(
  text,
  fc.base64String({ maxLength: 60 }),
  fc
    .jsonValue({ maxDepth: 2 })
    .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
  fc
    .array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 2, maxLength: 2 })
    .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
);
const query = fc.dictionary(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('page_size', 'cursor', 'include_deleted', 'records') },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  ),
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('1', '50', '1000', 'true', 'false') },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: cursor },
  ),
  { maxKeys: 3 },
);

describe('read API under hostile input', () => {
  it('answers every request with a documented status and a JSON body, never a 5xx, within Lambda’s limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 6, arbitrary: fc.constant('GET') },
          { weight: 1, arbitrary: fc.constantFrom('POST', 'DELETE', 'HEAD') },
        ),
        path,
        query,
        async (method, pathOf, q) => {
          const answer = await get(method, pathOf(), q);
          expect(DOCUMENTED.has(answer.status)).toBe(true);
          expect(answer.body).toEqual(expect.any(Object));
          if (answer.status !== 200) expect(answer.body.error).toEqual(expect.any(String));
          expect(answer.bytes).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('accepts page_size exactly when it is a whole decimal number from 1 to 1000 (feed and /accounts)', async () => {
    const oracle = (value: string) => /^[0-9]+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(text, fc.integer({ min: -5, max: 1200 }).map(String)),
        fc.boolean(),
        async (value, onFeed) => {
          const target = onFeed ? `/accounts/${accountId}/records/crm.Lead` : '/accounts';
          const answer = await get('GET', target, { page_size: value });
          expect(answer.status).toBe(oracle(value) ? 200 : 400);
          if (answer.status === 200)
            expect((answer.body.results as unknown[]).length).toBeLessThanOrEqual(Number(value));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('answers any cursor with 200 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(cursor, fc.boolean(), async (value, onFeed) => {
        const target = onFeed ? `/accounts/${accountId}/records/crm.Lead` : '/accounts';
        const answer = await get('GET', target, { cursor: value });
        expect([200, 400]).toContain(answer.status);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('paging the feed with random page sizes returns each record once, in order, tombstones only when asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        async (sizes, includeDeleted) => {
          const seen: unknown[] = [];
          let next: string | null = null;
          for (let i = 0; ; i++) {
            const q: Record<string, string> = {
              page_size: String(sizes[i % sizes.length]),
              include_deleted: String(includeDeleted),
            };
            if (next) q.cursor = next;
            const page = await get('GET', `/accounts/${accountId}/records/crm.Lead`, q);
            expect(page.status).toBe(200);
            const body = page.body as { results: { id: string }[]; next: string | null; has_more: boolean };
            expect(body.results.length).toBeLessThanOrEqual(Number(q.page_size));
            seen.push(...body.results.map((r) => r.id));
            next = body.next;
            if (!body.has_more) break;
            expect(i).toBeLessThan(500);
          }
          expect(seen).toEqual(includeDeleted ? allIds : liveIds);
        },
      ),
      { seed: SEED, numRuns: 25 },
    );
  });
});
