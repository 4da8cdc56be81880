import { createMergeClient } from '../../../shared/merge/client';
import type { MergeClientOptions } from '../../../shared/merge/client';
import {
  InvalidMergeRequestError,
  MergeHttpError,
  RetriesExhaustedError,
} from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import type { MergeMethod } from '../../../shared/merge/types';
import {
  FakeClock,
  hrisAccount,
  RecordingPacer,
  rejectionOf,
  TEST_ACCOUNT_TOKEN,
  TEST_API_KEY,
} from './support/fakes';
import { ScriptedServer } from './support/scripted-server';

describe('MergeClient general requests', () => {
  let server: ScriptedServer;
  let pacer: RecordingPacer;

  const newClient = (overrides: Partial<MergeClientOptions> = {}) =>
    createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock: new FakeClock(),
      pacer,
      random: () => 0.5,
      ...overrides,
    });

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    pacer = new RecordingPacer();
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('POSTs a JSON body with its query, auth headers and Idempotency-Key; returns status and parsed body', async () => {
    const answer = { model: { id: 'c1' }, warnings: [], errors: [], logs: [] };
    server.script({ status: 201, body: answer });
    const response = await newClient().request(
      { ...hrisAccount, category: 'ats' },
      {
        method: 'POST',
        path: 'candidates',
        query: { run_async: false, expand: ['applications', 'tags'], skipped: undefined, empty: [] },
        body: { model: { first_name: 'Ada' }, remote_user_id: 'u1' },
        idempotencyKey: 'key-123',
      },
    );

    expect(response).toEqual({ status: 201, body: answer });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.pathname).toBe('/api/ats/v1/candidates');
    expect(request?.query.toString()).toBe('run_async=false&expand=applications%2Ctags');
    expect(JSON.parse(request?.body ?? '')).toEqual({ model: { first_name: 'Ada' }, remote_user_id: 'u1' });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${TEST_API_KEY}`,
      'x-account-token': TEST_ACCOUNT_TOKEN,
      'content-type': 'application/json',
      'idempotency-key': 'key-123',
      accept: 'application/json',
    });
    expect(pacer.acquired).toEqual(['acct-1']);
  });

  it('PATCHes a record path and GETs with a query, without body or key headers', async () => {
    server.script({ status: 200, body: { model: { id: 't1' } } }, { status: 200, body: { results: [] } });
    const client = newClient();
    await client.request(hrisAccount, {
      method: 'PATCH',
      path: 'tickets/t1',
      body: { model: { name: 'x' } },
    });
    const got = await client.request(hrisAccount, {
      method: 'GET',
      path: '/employees/meta/post',
      query: { page_size: 5 },
    });

    expect(got).toEqual({ status: 200, body: { results: [] } });
    const [patch, get] = server.requests;
    expect(patch?.method).toBe('PATCH');
    expect(patch?.pathname).toBe('/api/hris/v1/tickets/t1');
    expect(patch?.headers['idempotency-key']).toBeUndefined();
    expect(get?.pathname).toBe('/api/hris/v1/employees/meta/post');
    expect(get?.query.get('page_size')).toBe('5');
    expect(get?.headers['content-type']).toBeUndefined();
    expect(get?.body).toBe('');
  });

  it('returns an empty 2xx body as undefined (POST without a body)', async () => {
    server.script({ status: 200, body: '' });
    const response = await newClient().request(hrisAccount, { method: 'POST', path: 'delete-account' });

    expect(response).toEqual({ status: 200, body: undefined });
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('retries a GET like a list page: 5xx, then success', async () => {
    server.script({ status: 502 }, { status: 200, body: { ok: true } });
    const client = newClient();

    await expect(client.request(hrisAccount, { method: 'GET', path: 'account-details' })).resolves.toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(client.requestCount()).toBe(2);
  });

  it('gives a GET that keeps failing the same typed errors as list pages', async () => {
    server.always({ status: 500 });
    const error = await rejectionOf(
      newClient({ maxAttempts: 2 }).request(hrisAccount, { method: 'GET', path: 'employees' }),
    );

    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeHttpError);
  });

  it.each([
    ['a GET with a body', { method: 'GET' as MergeMethod, path: 'employees', body: {} }],
    [
      'a GET with an Idempotency-Key',
      { method: 'GET' as MergeMethod, path: 'employees', idempotencyKey: 'k' },
    ],
    ['an unsupported method', { method: 'DELETE' as MergeMethod, path: 'employees' }],
    ['a path that leaves /{category}/v1/', { method: 'POST' as MergeMethod, path: '../linked-accounts' }],
    [
      'an Idempotency-Key that is not a header value',
      { method: 'POST' as MergeMethod, path: 'x', idempotencyKey: 'a\nb' },
    ],
    ['a body that is not JSON', { method: 'POST' as MergeMethod, path: 'x', body: { n: BigInt(1) } }],
  ])('refuses %s without sending anything', async (_name, request) => {
    const client = newClient();
    const error = await rejectionOf(client.request(hrisAccount, request));

    expect(error).toBeInstanceOf(InvalidMergeRequestError);
    expect(server.requests).toHaveLength(0);
    expect(pacer.acquired).toEqual([]);
  });
});
