import { consoleCaller, groupsOf } from '../../../shared/console/console-access';
import { routeConsoleRequest } from '../../../shared/console/console-routes';
import type { SyncDeps } from '../../../shared/sync/ports';

// Every refusal happens before any store is touched: the deps are never used.
const unused = {} as SyncDeps;
const page = { refreshSeconds: 15 };
const request = (method: string, path: string, groups: string | undefined) =>
  routeConsoleRequest(unused, page, {
    method,
    path,
    query: {},
    body: '{}',
    caller: consoleCaller(true, groups === undefined ? {} : { 'cognito:groups': groups }),
  });

describe('console access from the JWT groups', () => {
  it('reads the groups claim in the shapes API Gateway passes it', () => {
    expect(groupsOf('[viewers operators]')).toEqual(['viewers', 'operators']);
    expect(groupsOf('["operators"]')).toEqual(['operators']);
    expect(groupsOf(['viewers'])).toEqual(['viewers']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('without a group: the page loads, no data', async () => {
    expect((await request('GET', '/console/', undefined)).status).toBe(200);
    expect((await request('GET', '/console/api/accounts', undefined)).status).toBe(403);
  });

  it('viewers read but may not act; operators may', async () => {
    expect(consoleCaller(true, { 'cognito:groups': '[viewers]' })).toEqual({ canRead: true, canAct: false });
    expect((await request('POST', '/console/api/accounts/a1/actions/resync', '[viewers]')).status).toBe(403);
    expect(consoleCaller(true, { 'cognito:groups': '[operators]' })).toEqual({ canRead: true, canAct: true });
    expect(consoleCaller(false, undefined)).toEqual({ canRead: true, canAct: true }); // local: no sign-in
  });
});
