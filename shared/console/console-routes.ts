import type { SyncDeps } from '../sync/ports';
import { accountHealth } from '../health/account-health';
import { AccountListInputError } from '../health/account-list';
import { listAccountsPage } from '../read-api/accounts-page';
import { ReadInputError } from '../read-api/query-params';
import { consolePage, type ConsolePageConfig } from './assets/console-page';
import { CONSOLE_JS } from './assets/console-script';
import { CONSOLE_CSS } from './assets/console-styles';
import { CONSOLE_ACTIONS, ConsoleActionError, runConsoleAction, type ConsoleAction } from './console-actions';

/** Who asks: locally everyone may do everything; in AWS the JWT's groups decide (console-access.ts). */
export interface ConsoleCaller {
  canRead: boolean;
  canAct: boolean;
}

export interface ConsoleRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  body?: string | undefined;
  caller: ConsoleCaller;
}

export interface ConsoleResponse {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, body: unknown): ConsoleResponse => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});
const asset = (contentType: string, body: string): ConsoleResponse => ({ status: 200, contentType, body });

/** The routes the console serves; infra/aws puts the data and action routes behind the authorizer. */
export const CONSOLE_ROUTES = {
  assets: ['/console/', '/console/console.js', '/console/console.css'],
  data: ['/console/api/accounts', '/console/api/accounts/{accountId}/health'],
  actions: ['/console/api/accounts/{accountId}/actions/{action}'],
} as const;

function parseBody(body: string | undefined): Record<string, string | undefined> {
  if (!body) return {};
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null)
    throw new ConsoleActionError('the body must be a JSON object');
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * GET /console/ (the page, its script and styles), the JSON it reads (the accounts list and one
 * account's health), and POST actions. The page itself holds no data: it is served to anyone.
 */
export async function routeConsoleRequest(
  deps: SyncDeps,
  page: ConsolePageConfig,
  request: ConsoleRequest,
): Promise<ConsoleResponse> {
  const { method, path, caller } = request;
  if (method === 'GET' && (path === '/console' || path === '/console/'))
    return asset('text/html; charset=utf-8', consolePage(page));
  if (method === 'GET' && path === '/console/console.js')
    return asset('text/javascript; charset=utf-8', CONSOLE_JS);
  if (method === 'GET' && path === '/console/console.css')
    return asset('text/css; charset=utf-8', CONSOLE_CSS);
  if (!path.startsWith('/console/api/')) return json(404, { error: 'not found' });
  if (!caller.canRead) return json(403, { error: 'sign in as a member of the viewers or operators group' });
  let parts: string[];
  try {
    parts = path.slice('/console/api/'.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return json(400, { error: 'the path is not valid percent-encoding' });
  }
  try {
    if (method === 'GET' && parts.length === 1 && parts[0] === 'accounts')
      return json(200, await listAccountsPage(deps, request.query));
    if (method === 'GET' && parts.length === 3 && parts[0] === 'accounts' && parts[2] === 'health') {
      const health = await accountHealth(deps, parts[1]!);
      return health ? json(200, health) : json(404, { error: `account ${parts[1]} not found` });
    }
    if (method === 'POST' && parts.length === 4 && parts[0] === 'accounts' && parts[2] === 'actions') {
      const action = parts[3] as ConsoleAction;
      if (!CONSOLE_ACTIONS.includes(action)) return json(404, { error: `no action ${parts[3]}` });
      if (!caller.canAct) return json(403, { error: 'actions need the operators group' });
      const body = parseBody(request.body);
      const result = await runConsoleAction(deps, parts[1]!, action, {
        model: body.model,
        confirm: body.confirm,
      });
      return json(200, { action, result });
    }
  } catch (error) {
    if (
      error instanceof ConsoleActionError ||
      error instanceof AccountListInputError ||
      error instanceof ReadInputError ||
      error instanceof SyntaxError
    )
      return json(400, { error: error.message });
    throw error;
  }
  return json(404, { error: 'not found' });
}
