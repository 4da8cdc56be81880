import { paginate, pageIndexOf } from './pagination';
import { parseListQuery, parseRenderOptions } from './query';
import type { ListQuery } from './query';
import { renderRecord } from './render';
import { detail, NOT_FOUND } from './responses';
import type { SimResponse } from './responses';
import type { HandlerContext } from './route-context';
import type { PathParent, RecordRoute } from './route-table';
import type { SimStore } from './store/data';
import type { StoredRow } from './store/records';

// Common Model lists and retrieves (merge-api.md §2 and §3), nested lists under their parents
// included. Bodies are serialised record by record: an injected bad record (bad-records.ts) is
// served exactly as its raw text says.

function matchesListQuery(row: StoredRow, q: ListQuery): boolean {
  if (!q.includeDeleted && row.record.remote_was_deleted) return false;
  if (q.createdAfter !== null && !(row.createdUs > q.createdAfter)) return false;
  if (q.createdBefore !== null && !(row.createdUs < q.createdBefore)) return false;
  if (q.modifiedAfter !== null && !(row.modifiedUs > q.modifiedAfter)) return false;
  if (q.modifiedBefore !== null && !(row.modifiedUs < q.modifiedBefore)) return false;
  if (q.remoteId !== null && row.record.remote_id !== q.remoteId) return false;
  return true;
}

const listedUnder = (row: StoredRow, parentId: string): boolean => row.memberOf?.includes(parentId) === true;

/**
 * Whether the parents a path names exist in the account, each listed under the one before it (the
 * custom object of an association path belongs to the class the path names). Soft-deleted parents
 * still count: their records stay retrievable. An unknown parent is a 404 (UNCONFIRMED: Merge may
 * answer an empty list instead).
 */
function parentsExist(store: SimStore, accountId: string, parents: readonly PathParent[]): boolean {
  return parents.every((p, i) => {
    const row = store.table(accountId, p.modelId).get(p.id);
    const outer = parents[i - 1];
    return row !== undefined && (outer === undefined || listedUnder(row, outer.id));
  });
}

export async function listRecords(
  ctx: HandlerContext,
  accountId: string,
  route: Extract<RecordRoute, { kind: 'list' }>,
): Promise<SimResponse> {
  const { spec, parents } = route;
  const q = parseListQuery(ctx.params, spec, route.modifiedAfter);
  if (!q.ok) return detail(400, q.error);
  await ctx.beforeAnyPage();
  await ctx.beforeModelPage(spec.modelId, pageIndexOf(q.value.cursor));
  // Read the table only now: a callback may have changed it, or deleted the account.
  if (ctx.store.find(accountId)?.account.deleted !== false) return detail(401, 'Invalid account token.');
  if (!parentsExist(ctx.store, accountId, parents)) return NOT_FOUND;
  const parent = parents[parents.length - 1];
  const table = ctx.store.table(accountId, spec.modelId);
  const page = paginate(
    table.rows,
    (row) => (parent === undefined || listedUnder(row, parent.id)) && matchesListQuery(row, q.value),
    q.value.cursor,
    q.value.pageSize,
  );
  const results = page.items.map(
    (row) => row.raw ?? JSON.stringify(renderRecord(ctx.store, accountId, spec, row, q.value)),
  );
  const rawBody = `{"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[${results.join(',')}]}`;
  return { status: 200, rawBody };
}

export function retrieveRecord(
  ctx: HandlerContext,
  accountId: string,
  route: Extract<RecordRoute, { kind: 'retrieve' }>,
): SimResponse {
  const { spec, parents } = route;
  const opts = parseRenderOptions(ctx.params, spec);
  if (!opts.ok) return detail(400, opts.error);
  const row = ctx.store.table(accountId, spec.modelId).get(route.id);
  const parent = parents[parents.length - 1];
  if (!row || !parentsExist(ctx.store, accountId, parents)) return NOT_FOUND;
  if (parent !== undefined && !listedUnder(row, parent.id)) return NOT_FOUND;
  if (row.raw !== undefined) return { status: 200, rawBody: row.raw };
  return { status: 200, body: renderRecord(ctx.store, accountId, spec, row, opts.value) };
}
