import { isCategory } from './catalog';
import { matchRecordRoute } from './route-table';
import type { RecordRoute } from './route-table';
import { accountRoute } from './routes-accounts';
import type { AccountRouteKind } from './routes-accounts';
import { listRecords, retrieveRecord } from './routes-records';
import { detail, NOT_FOUND } from './responses';
import type { SimResponse } from './responses';
import type { HandlerContext } from './route-context';
import type { OrgCategory } from './types';

// Merge's endpoints under /api/{category}/v1/ (merge-api.md §1, §2, §5 and §9): maps method and path
// to a route and dispatches it. Common Model paths come from route-table.ts.

export { detail } from './responses';
export type { SimResponse } from './responses';
export type { HandlerContext, RouteHooks } from './route-context';

export type Route =
  { kind: AccountRouteKind; category: OrgCategory } | (RecordRoute & { category: OrgCategory });

export type Resolved = { route: Route } | { error: SimResponse };

const FIXED: Record<string, { method: string; kind: AccountRouteKind }> = {
  'linked-accounts': { method: 'GET', kind: 'linked-accounts' },
  'account-details': { method: 'GET', kind: 'account-details' },
  'delete-account': { method: 'POST', kind: 'delete-account' },
  'account-token/regenerate': { method: 'POST', kind: 'regenerate-token' },
  'sync-status': { method: 'GET', kind: 'sync-status' },
  'sync-status/resync': { method: 'POST', kind: 'resync' },
};

/** Maps method and path to a route; unknown paths are 404 and known paths with another method 405. */
export function resolveRoute(method: string, path: string): Resolved {
  const m = /^\/api\/([a-z]+)\/v1\/(.+?)\/?$/.exec(path);
  if (!m || !m[1] || !m[2] || !isCategory(m[1])) return { error: NOT_FOUND };
  const category = m[1];
  const rest = m[2];
  const known = FIXED[rest];
  if (known) {
    if (method !== known.method) return { error: detail(405, `Method "${method}" not allowed.`) };
    return { route: { kind: known.kind, category } };
  }
  const route = matchRecordRoute(category, rest);
  if (!route) return { error: NOT_FOUND };
  if (method !== 'GET') return { error: detail(405, `Method "${method}" not allowed.`) };
  return { route: { ...route, category } };
}

export async function handleRoute(route: Route, ctx: HandlerContext): Promise<SimResponse> {
  if (route.kind === 'list' || route.kind === 'retrieve') {
    const accountId = ctx.accountId;
    if (accountId === null) throw new Error('record route without an account');
    if (route.kind === 'list') return listRecords(ctx, accountId, route);
    return retrieveRecord(ctx, accountId, route);
  }
  return accountRoute(route.kind, ctx);
}
