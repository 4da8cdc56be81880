import type { AccountSyncPlan } from '../config/account-sync-plan';
import { closestModelId, findModel, syncableModelIds } from '../config/model-catalog';
import { InvalidPageTokenError } from '../store/dynamodb/attributes';
import type { RecordStore } from '../store/ports';
import { accountHealth } from '../health/account-health';
import { ACCOUNT_LIST_QUERY, AccountListInputError, pageAccounts } from '../health/account-list';
import { accountSyncState, getAccount, type ReadDeps } from './account-state';
import { accountView } from './views';
import { FeedInputError, feedRecord, readRecordFeed } from './record-feed';

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

function booleanParameter(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new FeedInputError(`${name} must be true or false`);
  return value === 'true';
}

/** The read API's routes, the same in AWS (behind IAM auth) and locally; infra/aws lists them too. */
export const ROUTES: readonly Route[] = [
  {
    // Paged and filtered; each account carries its health `state` (shared/health/account-list.ts).
    pattern: '/accounts',
    query: ACCOUNT_LIST_QUERY,
    handle: async (deps, _params, query) =>
      ok(pageAccounts(await deps.accounts.listAll(), query, accountView)),
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
      const state = await accountSyncState(deps, accountId!, { countRecords });
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
    body: { error: `unknown query parameter "${unknown}" for ${route.pattern}; ${accepted}` },
  };
}

/**
 * Routes a GET on the path itself, so it does not depend on how the caller named its routes.
 * Unknown query parameters are refused (a misspelt `pagesize` must not silently mean the default).
 */
export async function routeReadRequest(deps: ReadApiDeps, request: ReadRequest): Promise<ReadResult> {
  if (request.method !== 'GET') return { status: 405, body: { error: 'only GET is supported' } };
  let parts: string[];
  try {
    parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { status: 400, body: { error: 'the path is not valid percent-encoding' } };
  }
  for (const route of ROUTES) {
    const params = match(route.pattern, parts);
    if (!params) continue;
    const refused = unknownParameter(route, request.query);
    if (refused) return refused;
    try {
      return await route.handle(deps, params, request.query);
    } catch (error) {
      if (
        error instanceof FeedInputError ||
        error instanceof InvalidPageTokenError ||
        error instanceof AccountListInputError
      )
        return { status: 400, body: { error: error.message } };
      throw error;
    }
  }
  return notFound('route');
}
