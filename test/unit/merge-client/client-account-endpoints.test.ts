import {
  MalformedResponseError,
  MergeAuthError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../../../shared/merge/errors';
import { ForceResyncRefusedError, OutcomeUnknownError } from '../../../shared/merge/request-errors';
import type { FakeClock, RecordingPacer } from './support/fakes';
import {
  collect,
  hrisAccount,
  rejectionOf,
  TEST_ACCOUNT_TOKEN,
  fetchAbortingOnceReceived,
  TEST_API_KEY,
} from './support/fakes';
import type { ScriptedServer } from './support/scripted-server';
import { useScriptedClient } from './support/scripted-client';

// Merge's API-definition example values (reference §9, WIRE accountDetails / linkedAccounts tests).
const details = {
  id: '0496d4c2-42e6-4072-80b3-7b69bfdc76fd',
  integration: 'BambooHR',
  integration_slug: 'bamboohr',
  category: 'hris',
  end_user_origin_id: 'cust-1',
  end_user_organization_name: 'Waystar Royco',
  end_user_email_address: 'ops@example.com',
  status: 'COMPLETE',
  webhook_listener_url: 'https://api.merge.dev/api/integrations/webhook-listener/7fc3mee0UW8ecV4',
  is_duplicate: true,
  account_type: 'PRODUCTION',
  completed_at: '2024-08-26T20:11:19Z',
};
const employeeStatus = {
  model_name: 'Employee',
  model_id: 'hris.Employee',
  last_sync_start: '2021-03-30T19:44:18Z',
  status: 'SYNCING',
  is_initial_sync: true,
};

describe('MergeClient account endpoints', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  let pacer: RecordingPacer;

  const newClient = useScriptedClient({ timeoutMs: 1000 }, (parts) => ({ server, clock, pacer } = parts));

  describe('accountDetails', () => {
    it('reads a 2xx without id or with oddly-typed fields as an answer, not a malformed one retried', async () => {
      // Every AccountDetails field is optional (merge-common-models.md §4).
      server.script({
        status: 200,
        body: { status: 'COMPLETE', is_duplicate: 'no', integration: { name: 'X' } },
      });
      const got = await newClient().accountDetails(hrisAccount);

      expect(got.id).toBeUndefined();
      expect(got).toMatchObject({ status: 'COMPLETE' });
      expect(got.is_duplicate).toBeUndefined();
      expect(got.integration).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    });

    it('GETs account-details with the account token and reads it', async () => {
      server.script({ status: 200, body: { ...details, future_field: 1 } });
      const got = await newClient().accountDetails(hrisAccount);

      expect(got).toMatchObject(details);
      expect(server.requests[0]).toMatchObject({ method: 'GET', pathname: '/api/hris/v1/account-details' });
      expect(server.requests[0]?.headers['x-account-token']).toBe(TEST_ACCOUNT_TOKEN);
      expect(pacer.acquired).toEqual(['acct-1']);
    });

    it('treats a body that is not an object as malformed, without quoting its values', async () => {
      server.always({ status: 200, body: ['ops@example.com'] });
      const error = await rejectionOf(newClient({ maxAttempts: 2 }).accountDetails(hrisAccount));

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MalformedResponseError);
      expect((error as Error).message).toContain('(body) invalid_type');
      expect((error as Error).message).not.toContain('example.com');
    });
  });

  describe('forceResync', () => {
    it('POSTs sync-status/resync without a body and returns the SyncStatus array', async () => {
      server.script({ status: 200, body: [employeeStatus, { model_name: 'no model_id' }] });
      const statuses = await newClient().forceResync(hrisAccount);

      expect(statuses).toEqual([employeeStatus]);
      const [request] = server.requests;
      expect(request).toMatchObject({
        method: 'POST',
        pathname: '/api/hris/v1/sync-status/resync',
        body: '',
      });
      expect(request?.headers['content-type']).toBeUndefined();
      expect(request?.headers['idempotency-key']).toBeUndefined();
    });

    it('never repeats it after an ambiguous failure: each call spends a sync credit', async () => {
      server.script({ status: 502 }, { status: 200, body: [employeeStatus] });
      const error = await rejectionOf(newClient().forceResync(hrisAccount));

      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(server.requests).toHaveLength(1);
    });

    it('repeats it after a 429 with a short Retry-After (refused, no credit spent)', async () => {
      server.script(
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 200, body: [employeeStatus] },
      );
      await expect(newClient().forceResync(hrisAccount)).resolves.toEqual([employeeStatus]);
      expect(server.requests).toHaveLength(2);
    });

    it.each([400, 403, 404])("surfaces a plan-gated refusal (%i) with Merge's reason", async (status) => {
      const reason = 'Force resync is not available on your current plan.';
      server.script({ status, body: { detail: reason } });
      const error = await rejectionOf(newClient().forceResync(hrisAccount));

      expect(error).toBeInstanceOf(ForceResyncRefusedError);
      expect(error).not.toBeInstanceOf(MergeAuthError);
      expect(error).toMatchObject({ status, bodySnippet: JSON.stringify({ detail: reason }) });
      expect((error as Error).message).toContain(reason);
      expect((error as Error).message).toContain('Professional or Enterprise');
      expect((error as Error).stack).toContain('Merge refused the force resync');
      expect(server.requests).toHaveLength(1);
    });

    it('keeps a refused token (401) an auth error', async () => {
      server.script({ status: 401, body: { detail: 'Invalid account token.' } });
      const error = await rejectionOf(newClient().forceResync(hrisAccount));

      expect(error).toBeInstanceOf(MergeAuthError);
      expect(error).not.toBeInstanceOf(ForceResyncRefusedError);
    });

    it('reports a 200 whose body is not an array as malformed, without repeating it', async () => {
      server.script({ status: 200, body: { results: [] } }, { status: 200, body: [] });
      const error = await rejectionOf(newClient().forceResync(hrisAccount));

      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as Error).message).toContain('resync accepted');
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('deleteAccount', () => {
    it('POSTs delete-account and accepts the 200 without a body', async () => {
      server.script({ status: 200, body: '' });
      await expect(newClient().deleteAccount(hrisAccount)).resolves.toBeUndefined();
      expect(server.requests[0]).toMatchObject({ method: 'POST', pathname: '/api/hris/v1/delete-account' });
      expect(server.requests[0]?.headers['x-account-token']).toBe(TEST_ACCOUNT_TOKEN);
    });

    it('does not repeat it after a timeout', async () => {
      server.script({ hang: true }, { status: 200, body: '' });
      const error = await rejectionOf(
        newClient({
          timeoutMs: 50,
          fetchImpl: fetchAbortingOnceReceived(() => server.requests.length > 0),
        }).deleteAccount(hrisAccount),
      );

      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('linkedAccounts', () => {
    const page = (results: unknown[], next: string | null) => ({
      status: 200,
      body: { next, previous: null, results },
    });
    const account = (id: string) => ({ ...details, id, integration: { name: 'BambooHR', slug: 'bamboohr' } });

    it('pages with the API key alone, not paced on any account', async () => {
      server.script(page([account('a1'), account('a2')], 'c2'), page([account('a3')], null));
      const pages = await collect(
        newClient().linkedAccounts('hris', {
          status: 'RELINK_NEEDED',
          category: 'ats',
          endUserOriginIds: ['o1', 'o2'],
          includeDuplicates: true,
          testAccountsOnly: false,
          pageSize: 2,
        }),
      );

      expect(pages.map((p) => p.results.map((a) => a.id))).toEqual([['a1', 'a2'], ['a3']]);
      expect(pages[0]?.results[0]?.integration?.slug).toBe('bamboohr');
      const [first, second] = server.requests;
      expect(first?.pathname).toBe('/api/hris/v1/linked-accounts');
      expect(first?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
      expect(first?.headers['x-account-token']).toBeUndefined();
      expect(Object.fromEntries(first?.query ?? [])).toEqual({
        page_size: '2',
        status: 'RELINK_NEEDED',
        category: 'ats',
        end_user_origin_ids: 'o1,o2',
        include_duplicates: 'true',
      });
      expect(second?.query.get('cursor')).toBe('c2');
      expect(pacer.acquired).toEqual([]);
    });

    it('asks for test accounts only by sending is_test_account', async () => {
      server.script(page([], null));
      await collect(newClient().linkedAccounts('hris', { testAccountsOnly: true }));

      expect(server.requests[0]?.query.get('is_test_account')).toBe('true');
    });

    it('hands a 429 back as a deferral without pausing any account', async () => {
      server.script({ status: 429 });
      const error = await rejectionOf(collect(newClient().linkedAccounts('hris')));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ accountId: '', retryAtMs: clock.now() + 60_000 });
      expect(pacer.backOffs).toEqual([]);
    });
  });
});
