import { InvalidPageTokenError } from '../store/dynamodb/attributes';
import { FeedInputError, readRecordFeed } from './record-feed';
import { accountSyncState, listAccounts, type ReadDeps } from './views';
import type { RecordStore } from '../store/ports';

export interface ReadRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
}

export interface ReadResult {
  status: number;
  body: unknown;
}

const notFound = (what: string): ReadResult => ({ status: 404, body: { error: `${what} not found` } });

/**
 * The read API's routes, the same in AWS (behind IAM auth) and locally. Routes on the path itself,
 * so it does not depend on how the caller named its routes.
 */
export async function routeReadRequest(
  deps: ReadDeps & { records: RecordStore; settleMs?: number | undefined },
  request: ReadRequest,
): Promise<ReadResult> {
  if (request.method !== 'GET') return { status: 405, body: { error: 'only GET is supported' } };
  const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts.length === 1 && parts[0] === 'accounts') return { status: 200, body: await listAccounts(deps) };
    if (parts[0] !== 'accounts' || !parts[1]) return notFound('route');
    const accountId = parts[1];
    if (parts.length === 3 && parts[2] === 'sync-state') {
      const state = await accountSyncState(deps, accountId);
      return state ? { status: 200, body: state } : notFound(`account ${accountId}`);
    }
    if (parts.length === 4 && parts[2] === 'records') {
      const modelId = parts[3] as string;
      const account = await deps.accounts.get(accountId);
      if (!account) return notFound(`account ${accountId}`);
      if (!modelId.startsWith(`${account.category}.`)) return notFound(`model ${modelId} for this account`);
      const body = await readRecordFeed(
        {
          records: deps.records,
          clock: deps.clock,
          ...(deps.settleMs !== undefined ? { settleMs: deps.settleMs } : {}),
        },
        accountId,
        modelId,
        {
          ...(request.query.page_size !== undefined ? { pageSize: request.query.page_size } : {}),
          ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
          ...(request.query.include_deleted !== undefined
            ? { includeDeleted: request.query.include_deleted }
            : {}),
        },
      );
      return { status: 200, body };
    }
    return notFound('route');
  } catch (error) {
    if (error instanceof FeedInputError || error instanceof InvalidPageTokenError) {
      return { status: 400, body: { error: error.message } };
    }
    throw error;
  }
}
