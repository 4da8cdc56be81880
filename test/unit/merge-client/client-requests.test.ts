import { createMergeClient } from '../../../shared/merge/client';
import { InvalidMergeRequestError, MalformedResponseError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import {
  collect,
  FakeClock,
  hrisAccount,
  rejectionOf,
  TEST_ACCOUNT_TOKEN,
  TEST_API_KEY,
} from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';

describe('MergeClient requests and pagination', () => {
  let server: ScriptedServer;
  const newClient = () =>
    createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock: new FakeClock(),
      random: () => 0.5,
    });

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('GETs /{category}/v1/{model} with the auth headers', async () => {
    server.script(pageBody([{ id: 'e1' }], null));
    const page = await newClient().listPage(hrisAccount, 'employees');

    expect(page).toEqual({ results: [{ id: 'e1' }], next: null });
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.pathname).toBe('/api/hris/v1/employees');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(request?.headers['x-account-token']).toBe(TEST_ACCOUNT_TOKEN);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.query.toString()).toBe('page_size=100');
  });

  it('builds the query: expand as one CSV, clamped page_size, flags, modified_after, cursor', async () => {
    server.script(pageBody([], null), pageBody([], null));
    const client = newClient();
    await client.listPage({ ...hrisAccount, category: 'ats' }, '/candidates', {
      expand: ['applications', 'attachments'],
      pageSize: 500,
      includeDeletedData: true,
      includeRemoteData: true,
      modifiedAfter: '2024-01-15T09:30:00.000Z',
      cursor: 'cD0yMDIxLTAx+/=',
    });
    await client.listPage(hrisAccount, 'employees', { pageSize: 0, includeDeletedData: false });

    const [first, second] = server.requests;
    expect(first?.pathname).toBe('/api/ats/v1/candidates');
    expect(first?.query.getAll('expand')).toEqual(['applications,attachments']);
    expect(first?.query.get('page_size')).toBe('100');
    expect(first?.query.get('include_deleted_data')).toBe('true');
    expect(first?.query.get('include_remote_data')).toBe('true');
    expect(first?.query.get('modified_after')).toBe('2024-01-15T09:30:00.000Z');
    expect(first?.query.get('cursor')).toBe('cD0yMDIxLTAx+/=');
    expect(second?.query.get('page_size')).toBe('1');
    expect(second?.query.has('include_deleted_data')).toBe(false);
    expect(second?.query.has('expand')).toBe(false);
  });

  it('follows next across three pages, keeping the other params', async () => {
    server.script(pageBody([1, 2], 'c2'), pageBody([3, 4], 'c3'), pageBody([5], null));
    const client = newClient();
    const pages = await collect(client.pages(hrisAccount, 'employees', { pageSize: 2, expand: ['groups'] }));

    expect(pages.map((page) => page.results)).toEqual([[1, 2], [3, 4], [5]]);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'c2', 'c3']);
    expect(server.requests.every((r) => r.query.get('page_size') === '2')).toBe(true);
    expect(server.requests.every((r) => r.query.get('expand') === 'groups')).toBe(true);
    expect(client.requestCount()).toBe(3);
  });

  it('starts from a checkpoint cursor', async () => {
    server.script(pageBody([7], 'c8'), pageBody([8], ''));
    const pages = await collect(newClient().pages(hrisAccount, 'employees', { cursor: 'c7' }));

    expect(pages.map((page) => page.results)).toEqual([[7], [8]]);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual(['c7', 'c8']);
  });

  it('yields each page before fetching the next, so a caller can checkpoint or stop', async () => {
    server.script(pageBody([1], 'c2'), pageBody([2], null));
    const iterator = newClient().pages(hrisAccount, 'employees');
    await iterator.next();
    expect(server.requests).toHaveLength(1);
    await iterator.return(undefined);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a next cursor that repeats the current one instead of looping forever', async () => {
    server.script(pageBody([1], 'same'), pageBody([2], 'same'));
    const error = await rejectionOf(collect(newClient().pages(hrisAccount, 'employees')));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(server.requests).toHaveLength(2);
  });

  it('reads every sync-status page and yields each result', async () => {
    const employee = {
      model_name: 'Employee',
      model_id: 'hris.Employee',
      status: 'DONE',
      is_initial_sync: false,
    };
    const group = { model_name: 'Group', model_id: 'hris.Group', status: 'SYNCING', is_initial_sync: true };
    server.script(pageBody([employee], 'c2'), pageBody([group], null));
    const statuses = await collect(newClient().syncStatus(hrisAccount));

    expect(statuses).toEqual([employee, group]);
    expect(server.requests.map((r) => r.pathname)).toEqual([
      '/api/hris/v1/sync-status',
      '/api/hris/v1/sync-status',
    ]);
    expect(server.requests.map((r) => r.query.get('page_size'))).toEqual(['100', '100']);
    expect(server.requests[1]?.query.get('cursor')).toBe('c2');
  });

  it('does not send a request for an invalid model path or account token', async () => {
    const client = newClient();
    await expect(client.listPage(hrisAccount, '../linked-accounts')).rejects.toBeInstanceOf(
      InvalidMergeRequestError,
    );
    await expect(
      client.listPage({ ...hrisAccount, accountToken: 'tok\nInjected: 1' }, 'employees'),
    ).rejects.toBeInstanceOf(InvalidMergeRequestError);
    expect(server.requests).toHaveLength(0);
    expect(client.requestCount()).toBe(0);
  });

  it('rejects unusable options at construction without echoing the key', () => {
    expect(() => createMergeClient({ baseUrl: 'ftp://x', apiKey: TEST_API_KEY })).toThrow(/http\(s\)/);
    expect(() => createMergeClient({ baseUrl: server.baseUrl, apiKey: 'bad key\n' })).toThrow(
      /^Merge API key is empty or not a valid header value$/,
    );
    expect(() =>
      createMergeClient({ baseUrl: server.baseUrl, apiKey: TEST_API_KEY, maxAttempts: 0 }),
    ).toThrow(/maxAttempts/);
  });
});
