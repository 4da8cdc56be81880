import { isCategory, modelByPath } from './catalog';
import type { ModelSpec } from './catalog';
import { paginate, pageIndexOf } from './pagination';
import { lastParam, parseListQuery, parsePageQuery, parseRenderOptions } from './query';
import type { ListQuery } from './query';
import { accountDetails, linkedAccountItem, renderRecord } from './render';
import type { SimStore } from './store/data';
import type { StoredRow } from './store/records';
import type { Category, JsonValue } from './types';

// Merge's endpoints under /api/{category}/v1/ (reference sections 1, 2, 5 and 9).

export interface SimResponse {
  status: number;
  /** JSON body; undefined = empty body. */
  body?: JsonValue;
  headers?: Record<string, string>;
}

export type Route =
  | { kind: 'linked-accounts'; category: Category }
  | { kind: 'account-details'; category: Category }
  | { kind: 'delete-account'; category: Category }
  | { kind: 'sync-status'; category: Category }
  | { kind: 'resync'; category: Category }
  | { kind: 'list'; category: Category; spec: ModelSpec }
  | { kind: 'retrieve'; category: Category; spec: ModelSpec; id: string };

export type Resolved = { route: Route } | { error: SimResponse };

export function detail(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { detail: message }, ...(headers ? { headers } : {}) };
}

const NOT_FOUND = detail(404, 'Not found.');

/** Maps method and path to a route; unknown paths are 404 and known paths with another method 405. */
export function resolveRoute(method: string, path: string): Resolved {
  const m = /^\/api\/([a-z]+)\/v1\/(.+?)\/?$/.exec(path);
  if (!m || !m[1] || !m[2] || !isCategory(m[1])) return { error: NOT_FOUND };
  const category = m[1];
  const rest = m[2];
  const fixed: Record<string, { method: string; kind: Route['kind'] }> = {
    'linked-accounts': { method: 'GET', kind: 'linked-accounts' },
    'account-details': { method: 'GET', kind: 'account-details' },
    'delete-account': { method: 'POST', kind: 'delete-account' },
    'sync-status': { method: 'GET', kind: 'sync-status' },
    'sync-status/resync': { method: 'POST', kind: 'resync' },
  };
  const known = fixed[rest];
  if (known) {
    if (method !== known.method) return { error: detail(405, `Method "${method}" not allowed.`) };
    return { route: { kind: known.kind, category } as Route };
  }
  const [modelPath, id, ...extra] = rest.split('/');
  const spec = modelPath ? modelByPath(category, modelPath) : undefined;
  if (!spec || extra.length > 0 || id === '') return { error: NOT_FOUND };
  if (method !== 'GET') return { error: detail(405, `Method "${method}" not allowed.`) };
  if (id === undefined) return { route: { kind: 'list', category, spec } };
  return { route: { kind: 'retrieve', category, spec, id: decodeURIComponent(id) } };
}

export interface HandlerContext {
  store: SimStore;
  params: URLSearchParams;
  /** Live account the X-Account-Token belongs to; null only for linked-accounts. */
  accountId: string | null;
  /** Waits out pageDelayMs before any list page. */
  beforeAnyPage: () => Promise<void>;
  /** Runs onBeforePage callbacks before a Common Model list page is built. */
  beforeModelPage: (modelId: string, pageIndex: number) => Promise<void>;
}

export async function handleRoute(route: Route, ctx: HandlerContext): Promise<SimResponse> {
  if (route.kind === 'linked-accounts') return listLinkedAccounts(ctx);
  const accountId = ctx.accountId;
  if (accountId === null) throw new Error('account route without an account');
  const state = ctx.store.live(accountId);
  switch (route.kind) {
    case 'account-details':
      return { status: 200, body: accountDetails(state.account) };
    case 'delete-account':
      ctx.store.deleteAccount(accountId);
      return { status: 200 };
    case 'resync':
      state.sync.start();
      return { status: 200, body: state.sync.entries() };
    case 'sync-status': {
      const q = parsePageQuery(ctx.params);
      if (!q.ok) return detail(400, q.error);
      await ctx.beforeAnyPage();
      const rows = state.sync.entries().map((entry, i) => ({ seq: i + 1, entry }));
      const page = paginate(rows, () => true, q.value.cursor, q.value.pageSize);
      return {
        status: 200,
        body: { next: page.next, previous: page.previous, results: page.items.map((r) => r.entry) },
      };
    }
    case 'list':
      return listRecords(ctx, accountId, route.spec);
    case 'retrieve': {
      const opts = parseRenderOptions(ctx.params, route.spec);
      if (!opts.ok) return detail(400, opts.error);
      const row = ctx.store.table(accountId, route.spec.modelId).get(route.id);
      if (!row) return NOT_FOUND;
      return { status: 200, body: renderRecord(ctx.store, accountId, route.spec, row.record, opts.value) };
    }
  }
}

function matchesListQuery(row: StoredRow, q: ListQuery): boolean {
  if (!q.includeDeleted && row.record.remote_was_deleted) return false;
  if (q.createdAfter !== null && !(row.createdUs > q.createdAfter)) return false;
  if (q.createdBefore !== null && !(row.createdUs < q.createdBefore)) return false;
  if (q.modifiedAfter !== null && !(row.modifiedUs > q.modifiedAfter)) return false;
  if (q.modifiedBefore !== null && !(row.modifiedUs < q.modifiedBefore)) return false;
  if (q.remoteId !== null && row.record.remote_id !== q.remoteId) return false;
  return true;
}

async function listRecords(ctx: HandlerContext, accountId: string, spec: ModelSpec): Promise<SimResponse> {
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
  const results = page.items.map((row) => renderRecord(ctx.store, accountId, spec, row.record, q.value));
  return { status: 200, body: { next: page.next, previous: page.previous, results } };
}

async function listLinkedAccounts(ctx: HandlerContext): Promise<SimResponse> {
  const q = parsePageQuery(ctx.params);
  if (!q.ok) return detail(400, q.error);
  const category = lastParam(ctx.params, 'category');
  if (category !== null && category !== '' && !isCategory(category)) {
    return detail(400, `category: "${category}" is not a valid choice.`);
  }
  const filters: [string, (a: ReturnType<SimStore['liveAccounts']>[number]) => string][] = [
    ['category', (s) => s.account.category],
    ['id', (s) => s.account.id],
    ['end_user_origin_id', (s) => s.account.endUserOriginId],
    ['end_user_organization_name', (s) => s.account.endUserOrganizationName],
    ['end_user_email_address', (s) => s.account.endUserEmailAddress],
    ['status', (s) => s.account.status],
  ];
  await ctx.beforeAnyPage();
  const accounts = ctx.store.liveAccounts().filter((s) =>
    filters.every(([name, get]) => {
      const wanted = lastParam(ctx.params, name);
      return wanted === null || wanted === '' || get(s) === wanted;
    }),
  );
  const page = paginate(accounts, () => true, q.value.cursor, q.value.pageSize);
  return {
    status: 200,
    body: {
      next: page.next,
      previous: page.previous,
      results: page.items.map((s) => linkedAccountItem(s.account)),
    },
  };
}
