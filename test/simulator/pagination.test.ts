// Reference section 2: {next, previous, results}, bare opaque cursors, page_size default 30 and max 100.
import { allPages, ids, startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

describe('merge simulator: pagination', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test('page_size defaults to 30 and is capped at 100; cursors are bare base64 strings, not URLs', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    h.sim.seedRecords(account.id, 'crm.Contact', 130);
    const first = await h.json<Page>('/crm/v1/contacts', { token: account.accountToken });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['next', 'previous', 'results']);
    expect(first.body.results).toHaveLength(30);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toMatch(/^[A-Za-z0-9+/]+=*$/);

    const big = await h.json<Page>('/crm/v1/contacts?page_size=500', { token: account.accountToken });
    expect(big.body.results).toHaveLength(100);
    const rest = await h.json<Page>(
      `/crm/v1/contacts?page_size=500&cursor=${encodeURIComponent(big.body.next ?? '')}`,
      {
        token: account.accountToken,
      },
    );
    expect(rest.body.results).toHaveLength(30);
    expect(rest.body.next).toBeNull();
  });

  test('invalid page_size or cursor is 400', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    for (const q of [
      'page_size=0',
      'page_size=-1',
      'page_size=abc',
      'page_size=2.5',
      'cursor=%25%25',
      'cursor=bm9wZQ==',
    ]) {
      const res = await h.json(`/crm/v1/contacts?${q}`, { token: account.accountToken });
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body).toEqual({ detail: expect.any(String) });
    }
  });

  test('following next returns every record once, in creation order', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const seeded = h.sim.seedRecords(account.id, 'crm.Lead', 45);
    const pages = await allPages(h, account, '/crm/v1/leads?page_size=20');
    expect(pages.map((p) => p.results.length)).toEqual([20, 20, 5]);
    expect(pages.flatMap((p) => ids(p.results))).toEqual(ids(seeded));
  });

  test('previous leads back to the page before', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const seeded = h.sim.seedRecords(account.id, 'crm.Lead', 25);
    const tok = { token: account.accountToken };
    const p1 = await h.json<Page>('/crm/v1/leads?page_size=10', tok);
    const p2 = await h.json<Page>(
      `/crm/v1/leads?page_size=10&cursor=${encodeURIComponent(p1.body.next ?? '')}`,
      tok,
    );
    expect(typeof p2.body.previous).toBe('string');
    const back = await h.json<Page>(
      `/crm/v1/leads?page_size=10&cursor=${encodeURIComponent(p2.body.previous ?? '')}`,
      tok,
    );
    expect(ids(back.body.results)).toEqual(ids(seeded.slice(0, 10)));
    expect(back.body.previous).toBeNull();
    expect(back.body.next).not.toBeNull();
  });

  test('a record changed between page 1 and page 2 is neither skipped nor duplicated', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const seeded = h.sim.seedRecords(account.id, 'crm.Contact', 45);
    const tok = { token: account.accountToken };
    const p1 = await h.json<Page>('/crm/v1/contacts?page_size=20', tok);
    // Touch one record already seen and one not yet seen: both bump modified_at.
    for (const i of [5, 30])
      h.sim.updateRecord(account.id, 'crm.Contact', seeded[i]?.id ?? '', { first_name: 'Moved' });
    const added = h.sim.addRecord(account.id, 'crm.Contact');
    let cursor = p1.body.next;
    const seen = ids(p1.body.results);
    while (cursor) {
      const page = await h.json<Page>(
        `/crm/v1/contacts?page_size=20&cursor=${encodeURIComponent(cursor)}`,
        tok,
      );
      seen.push(...ids(page.body.results));
      cursor = page.body.next;
    }
    expect(seen).toEqual([...ids(seeded), added.id]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('onBeforePage runs before each page is built, with the page index, and can change data mid-pagination', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const seeded = h.sim.seedRecords(account.id, 'crm.Contact', 25);
    const calls: Json[] = [];
    const unsubscribe = h.sim.onBeforePage((ctx) => {
      calls.push({ ...ctx });
      if (ctx.pageIndex === 1) {
        h.sim.hardDeleteRecord(account.id, 'crm.Contact', seeded[12]?.id ?? '');
        h.sim.updateRecord(account.id, 'crm.Contact', seeded[15]?.id ?? '', { last_name: 'Changed' });
      }
    });
    const pages = await allPages(h, account, '/crm/v1/contacts?page_size=10');
    unsubscribe();
    expect(calls).toEqual(
      [0, 1, 2].map((pageIndex) => ({ accountId: account.id, modelId: 'crm.Contact', pageIndex })),
    );
    const seen = pages.flatMap((p) => p.results);
    expect(ids(seen)).toEqual(ids(seeded).filter((_, i) => i !== 12));
    expect(seen.find((r) => r.id === seeded[15]?.id)?.last_name).toBe('Changed');
    await allPages(h, account, '/crm/v1/contacts');
    expect(calls).toHaveLength(3);
  });

  test('sync-status is paginated like lists', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const p1 = await h.json<Page>('/hris/v1/sync-status?page_size=1', { token: account.accountToken });
    expect(p1.body.results).toHaveLength(1);
    const p2 = await h.json<Page>(
      `/hris/v1/sync-status?page_size=1&cursor=${encodeURIComponent(p1.body.next ?? '')}`,
      {
        token: account.accountToken,
      },
    );
    expect(p2.body.results.map((r) => r.model_id)).toEqual(['hris.Employment']);
    expect(p2.body.next).toBeNull();
  });
});
