import type { ModelSpec } from './model-spec';
import { paginate, pageIndexOf } from './pagination';
import { parseListQuery, parseRenderOptions } from './query';
import type { ListQuery } from './query';
import { renderRecord } from './render';
import { detail, NOT_FOUND } from './responses';
import type { SimResponse } from './responses';
import type { HandlerContext } from './route-context';
import type { StoredRow } from './store/records';

// Common Model lists and retrieves (merge-api.md §2 and §3). Bodies are serialised record by record:
// an injected bad record (store/bad-records.ts) is served exactly as its raw text says.

function matchesListQuery(row: StoredRow, q: ListQuery): boolean {
  if (!q.includeDeleted && row.record.remote_was_deleted) return false;
  if (q.createdAfter !== null && !(row.createdUs > q.createdAfter)) return false;
  if (q.createdBefore !== null && !(row.createdUs < q.createdBefore)) return false;
  if (q.modifiedAfter !== null && !(row.modifiedUs > q.modifiedAfter)) return false;
  if (q.modifiedBefore !== null && !(row.modifiedUs < q.modifiedBefore)) return false;
  if (q.remoteId !== null && row.record.remote_id !== q.remoteId) return false;
  return true;
}

export async function listRecords(
  ctx: HandlerContext,
  accountId: string,
  spec: ModelSpec,
): Promise<SimResponse> {
  const q = parseListQuery(ctx.params, spec);
  if (!q.ok) return detail(400, q.error);
  await ctx.beforeAnyPage();
  await ctx.beforeModelPage(spec.modelId, pageIndexOf(q.value.cursor));
  // Read the table only now: a callback may have changed it, or deleted the account.
  if (ctx.store.find(accountId)?.account.deleted !== false) return detail(401, 'Invalid account token.');
  const table = ctx.store.table(accountId, spec.modelId);
  const page = paginate(
    table.rows,
    (row) => matchesListQuery(row, q.value),
    q.value.cursor,
    q.value.pageSize,
  );
  const results = page.items.map(
    (row) => row.raw ?? JSON.stringify(renderRecord(ctx.store, accountId, spec, row.record, q.value)),
  );
  const rawBody = `{"next":${JSON.stringify(page.next)},"previous":${JSON.stringify(page.previous)},"results":[${results.join(',')}]}`;
  return { status: 200, rawBody };
}

export function retrieveRecord(
  ctx: HandlerContext,
  accountId: string,
  spec: ModelSpec,
  id: string,
): SimResponse {
  const opts = parseRenderOptions(ctx.params, spec);
  if (!opts.ok) return detail(400, opts.error);
  const row = ctx.store.table(accountId, spec.modelId).get(id);
  if (!row) return NOT_FOUND;
  if (row.raw !== undefined) return { status: 200, rawBody: row.raw };
  return { status: 200, body: renderRecord(ctx.store, accountId, spec, row.record, opts.value) };
}
