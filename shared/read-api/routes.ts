import type { AccountSyncPlan } from '../config/account-sync-plan';
import { closestModelId, findModel, syncableModelIds } from '../config/model-catalog';
import type { RecordStore } from '../store/ports';
import { accountHealth } from '../health/account-health';
import { ACCOUNT_LIST_QUERY, AccountListInputError } from '../health/account-list';
import { accountSyncState, getAccount, type ReadDeps } from './account-state';
import { listAccountsPage } from './accounts-page';
import { booleanParameter, isKeyText, MAX_ID_BYTES, ReadInputError } from './query-params';
import { feedRecord, readRecordFeed } from './record-feed';

export interface ReadRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
}

export interface ReadResult {
  status: number;
  body: unknown;
}

export type ReadApiDeps = ReadDeps & { records: RecordStore; settleMs?: number | undefined };

type Params = Record<string, string>;
type Query = Record<string, string | undefined>;

interface Route {
  /** Path segments; `{name}` captures one segment. */
  pattern: string;
  /** The query parameters the route accepts; any other is a 400 naming it. */
  query: readonly string[];
  handle(deps: ReadApiDeps, params: Params, query: Query): Promise<ReadResult>;
}

const notFound = (what: string): ReadResult => ({ status: 404, body: { error: `${what} not found` } });
const ok = (body: unknown): ReadResult => ({ status: 200, body });

/**
 * A model the catalog lacks, or of another category than the account's: a 404 naming the ids that
 * are valid here (its category's catalog models, and those this account syncs), never an empty feed.
 */
function unknownModel(modelId: string, plan: AccountSyncPlan): ReadResult {
  const guess = closestModelId(modelId);
  const valid = syncableModelIds(plan.category);
  return {
    status: 404,
    body: {
      error: `model ${modelId} not found for this ${plan.category} account${guess && valid.includes(guess) ? `; did you mean ${guess}?` : ''}`,
      valid_model_ids: valid,
      synced_model_ids: plan.models.map((m) => m.modelId),
    },
  };
}

/**
 * The account's records of a model may be read: a refusal (unknown account or model of another
 * category), or the fields its records leave out when served (the account's deny-list, or the
 * catalog default for a model it no longer syncs).
 */
async function readableModel(
  deps: ReadApiDeps,
  accountId: string,
  modelId: string,
): Promise<{ refused: ReadResult } | { deniedFields: readonly string[] }> {
  const account = await deps.accounts.get(accountId);
  if (!account) return { refused: notFound(`account ${accountId}`) };
  const plan = deps.settings.forAccount(account);
  const known = findModel(modelId);
  if (!known || known.category !== account.category) return { refused: unknownModel(modelId, plan) };
  const model = plan.model(modelId);
  return { deniedFields: model?.deniedFields ?? findModel(modelId)?.personalIdentifiers ?? [] };
}

/**
 * Counting records for sync-state stops after this many Queries (about 1 MB each), so one request
 * stays well inside the function's 10 s whatever the account holds (`records_truncated` then).
 */
export const SYNC_STATE_MAX_COUNT_QUERIES = 40;

/** The read API's routes, the same in AWS (behind IAM auth) and locally; infra/aws lists them too. */
export const ROUTES: readonly Route[] = [
  {
    // Paged and filtered, bounded work per request whatever the account count (accounts-page.ts);
    // each account carries its health `state`.
    pattern: '/accounts',
    query: ACCOUNT_LIST_QUERY,
    handle: async (deps, _params, query) => ok(await listAccountsPage(deps, query)),
  },
  {
    pattern: '/accounts/{accountId}',
    query: [],
    async handle(deps, { accountId }) {
      const account = await getAccount(deps, accountId!);
      return account ? ok(account) : notFound(`account ${accountId}`);
    },
  },
  {
    pattern: '/accounts/{accountId}/sync-state',
    query: ['records'],
    async handle(deps, { accountId }, query) {
      const countRecords = booleanParameter('records', query.records, true);
      const state = await accountSyncState(deps, accountId!, {
        countRecords,
        maxCountQueries: SYNC_STATE_MAX_COUNT_QUERIES,
      });
      return state ? ok(state) : notFound(`account ${accountId}`);
    },
  },
  {
    pattern: '/accounts/{accountId}/health',
    query: ['records'],
    async handle(deps, { accountId }, query) {
      const countRecords = booleanParameter('records', query.records, true);
      const health = await accountHealth(deps, accountId!, { countRecords });
      return health ? ok(health) : notFound(`account ${accountId}`);
    },
  },
  {
    pattern: '/accounts/{accountId}/records/{modelId}',
    query: ['page_size', 'cursor', 'include_deleted'],
    async handle(deps, { accountId, modelId }, query) {
      const readable = await readableModel(deps, accountId!, modelId!);
      if ('refused' in readable) return readable.refused;
      const feedDeps = {
        records: deps.records,
        clock: deps.clock,
        deniedFields: readable.deniedFields,
        ...(deps.settleMs !== undefined ? { settleMs: deps.settleMs } : {}),
      };
      return ok(
        await readRecordFeed(feedDeps, accountId!, modelId!, {
          ...(query.page_size !== undefined ? { pageSize: query.page_size } : {}),
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
          ...(query.include_deleted !== undefined ? { includeDeleted: query.include_deleted } : {}),
        }),
      );
    },
  },
  {
    pattern: '/accounts/{accountId}/records/{modelId}/{recordId}',
    query: [],
    async handle(deps, { accountId, modelId, recordId }) {
      const readable = await readableModel(deps, accountId!, modelId!);
      if ('refused' in readable) return readable.refused;
      // A tombstone is answered too (`_sync.deleted: true`): the record existed and was deleted.
      const record = await deps.records.get(accountId!, modelId!, recordId!);
      return record
        ? ok(feedRecord(record, readable.deniedFields))
        : notFound(`record ${recordId} of ${modelId}`);
    },
  },
];

function match(pattern: string, parts: string[]): Params | undefined {
  const segments = pattern.split('/').filter(Boolean);
  if (segments.length !== parts.length) return undefined;
  const params: Params = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]!;
    if (segment.startsWith('{')) params[segment.slice(1, -1)] = part;
    else if (segment !== part) return undefined;
  }
  return params;
}

function unknownParameter(route: Route, query: Query): ReadResult | undefined {
  const unknown = Object.keys(query).find((name) => !route.query.includes(name));
  if (unknown === undefined) return undefined;
  const accepted = route.query.length > 0 ? `accepted: ${route.query.join(', ')}` : 'it accepts none';
  return {
    status: 400,
    body: { error: `unknown query parameter "${unknown.slice(0, 100)}" for ${route.pattern}; ${accepted}` },
  };
}

/**
 * Routes a GET on the path itself, so it does not depend on how the caller named its routes.
 * Unknown query parameters are refused (a misspelt `pagesize` must not silently mean the default).
 */
export async function routeReadRequest(deps: ReadApiDeps, request: ReadRequest): Promise<ReadResult> {
  if (request.method !== 'GET') return { status: 405, body: { error: 'only GET is supported' } };
  const parts = pathSegments(request.path);
  if (typeof parts === 'string') return { status: 400, body: { error: parts } };
  for (const route of ROUTES) {
    const params = match(route.pattern, parts);
    if (!params) continue;
    const refused = unknownParameter(route, request.query);
    if (refused) return refused;
    try {
      return await route.handle(deps, params, request.query);
    } catch (error) {
      if (error instanceof ReadInputError || error instanceof AccountListInputError)
        return { status: 400, body: { error: error.message } };
      throw error;
    }
  }
  return notFound('route');
}

/**
 * The path's segments, percent-decoded one by one (so an encoded `/` stays inside its segment), or
 * why the path is refused: a bad escape, a segment no id can be (over MAX_ID_BYTES, or not
 * well-formed text), which would otherwise reach DynamoDB as a key it rejects, or `.`/`..`. Per-account
 * IAM grants (docs/security.md) rely on this: `/accounts/{id}/...` never reads another account.
 */
function pathSegments(path: string): string[] | string {
  const parts: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return 'the path is not valid percent-encoding';
    }
    if (!isKeyText(part)) return `a path segment must be 1 to ${MAX_ID_BYTES} bytes of text`;
    // Never an id, and a path that relies on resolving them is not one IAM was asked about.
    if (part === '.' || part === '..') return 'a path segment may not be . or ..';
    parts.push(part);
  }
  return parts;
}
