/**
 * The write API: POST /accounts/{id}/writes accepts a write (202 once it is stored and queued),
 * GET /accounts/{id}/writes[/{writeId}] tells how writes went. The same in AWS (behind IAM) and
 * locally; infra/aws lists the routes too.
 */
import { WRITE_STATUSES, type WriteStatus } from '../core/writes';
import { acceptWrite, type AcceptDeps } from './accept-write';
import { parseWriteBody } from './write-request';
import { writeView } from './write-view';

export interface WriteApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  body?: string;
}

export interface WriteApiResult {
  status: number;
  body: unknown;
}

export type WriteApiDeps = AcceptDeps & { queue: NonNullable<AcceptDeps['queue']> };

/** The routes this function answers, as API Gateway route keys' paths. */
export const WRITE_ROUTES = ['/accounts/{accountId}/writes', '/accounts/{accountId}/writes/{writeId}'];

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

const answer = (status: number, body: unknown): WriteApiResult => ({ status, body });
const error = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  answer(status, { error: message, ...extra });
const accountNotFound = (accountId: string) => error(404, `account ${accountId} not found`);

export async function routeWriteRequest(
  deps: WriteApiDeps,
  request: WriteApiRequest,
): Promise<WriteApiResult> {
  let parts: string[];
  try {
    parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return error(400, 'the path is not valid percent-encoding');
  }
  const [root, accountId, writes, writeId, ...rest] = parts;
  if (root !== 'accounts' || !accountId || writes !== 'writes' || rest.length > 0)
    return error(404, 'route not found');
  if (writeId === undefined) {
    if (request.method === 'POST') return postWrite(deps, accountId, request);
    if (request.method === 'GET') return listWrites(deps, accountId, request.query);
    return error(405, 'use POST to write, GET to list writes');
  }
  if (request.method !== 'GET') return error(405, 'use GET');
  const refused = refuseQuery(request.query, []);
  if (refused) return refused;
  if (!(await isLiveAccount(deps, accountId))) return accountNotFound(accountId);
  const found = await deps.writes.get(accountId, writeId);
  return found ? answer(200, writeView(found.write)) : error(404, `write ${writeId} not found`);
}

async function postWrite(deps: WriteApiDeps, accountId: string, request: WriteApiRequest) {
  const refused = refuseQuery(request.query, []);
  if (refused) return refused;
  const parsed = parseWriteBody(request.body);
  if (!parsed.ok) return error(400, parsed.error);
  const result = await acceptWrite(deps, accountId, parsed, 'api');
  switch (result.outcome) {
    case 'accepted':
      return answer(result.created ? 202 : 200, {
        write_id: result.write.writeId,
        status: result.write.status,
      });
    case 'invalid':
      return error(400, result.message);
    case 'account-not-found':
      return accountNotFound(accountId);
    case 'relink-needed':
      return error(
        409,
        `Merge refuses the token of account ${accountId}: it needs a relink before it can be written to`,
        {
          code: 'relink_needed',
        },
      );
    case 'key-conflict':
      return error(409, 'this idempotency_key was used for a different write', {
        code: 'idempotency_key_reused',
        write_id: result.writeId,
      });
  }
}

async function listWrites(deps: WriteApiDeps, accountId: string, query: WriteApiRequest['query']) {
  const refused = refuseQuery(query, ['status', 'page_size', 'cursor']);
  if (refused) return refused;
  const status = query.status;
  if (status !== undefined && !WRITE_STATUSES.includes(status as WriteStatus))
    return error(400, `status must be one of ${WRITE_STATUSES.join(', ')}`);
  const pageSize = query.page_size === undefined ? DEFAULT_PAGE_SIZE : Number(query.page_size);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    return error(400, `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  if (!(await isLiveAccount(deps, accountId))) return accountNotFound(accountId);
  try {
    const page = await deps.writes.list(accountId, {
      ...(status ? { status: status as WriteStatus } : {}),
      pageToken: query.cursor ?? null,
      limit: pageSize,
    });
    return answer(200, { results: page.items.map(writeView), next: page.next });
  } catch (caught) {
    // The store's adapter names it so (shared/store/dynamodb/attributes.ts); the domain knows the port only.
    if (caught instanceof Error && caught.name === 'InvalidPageTokenError')
      return error(400, 'cursor is not one this API gave');
    throw caught;
  }
}

async function isLiveAccount(deps: WriteApiDeps, accountId: string): Promise<boolean> {
  const account = await deps.accounts.get(accountId);
  return account?.status === 'ACTIVE';
}

/** Unknown query parameters are refused: a misspelt `stauts` must not silently list everything. */
function refuseQuery(query: WriteApiRequest['query'], accepted: readonly string[]) {
  const unknown = Object.keys(query).find((name) => !accepted.includes(name));
  if (unknown === undefined) return undefined;
  return error(
    400,
    `unknown query parameter "${unknown}"; ${accepted.length > 0 ? `accepted: ${accepted.join(', ')}` : 'it accepts none'}`,
  );
}
