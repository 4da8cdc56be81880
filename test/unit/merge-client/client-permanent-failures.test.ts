import { MergeAuthError, MergeHttpError } from '../../../shared/merge/errors';
import { hrisAccount, rejectionOf } from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';
import { useRetryHarness } from './support/retry-harness';

/** Answers the client never retries: 4xx, auth failures, redirects. */
describe('MergeClient retries: permanent failures', () => {
  const h = useRetryHarness();
  const ok = pageBody([{ id: 'e1' }], null);

  describe('permanent failures', () => {
    it.each([400, 404, 409, 422])('does not retry %i', async (status) => {
      h.server.script({ status, body: { detail: 'Invalid cursor' } }, ok);
      const error = await rejectionOf(h.newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(MergeHttpError);
      expect(error).not.toBeInstanceOf(MergeAuthError);
      expect(error).toMatchObject({ status, bodySnippet: '{"detail":"Invalid cursor"}' });
      expect((error as Error).message).toBe(
        `Merge GET /hris/v1/employees?page_size=100 answered ${status}: {"detail":"Invalid cursor"}`,
      );
      expect(h.server.requests).toHaveLength(1);
      expect(h.clock.sleeps).toEqual([]);
    });

    it.each([401, 403])('throws MergeAuthError on %i without retrying', async (status) => {
      h.server.script({ status, body: { detail: 'Invalid account token.' } }, ok);
      const error = await rejectionOf(h.newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(MergeAuthError);
      expect(error).toMatchObject({ status, kind: 'auth', accountId: 'acct-1' });
      expect(h.server.requests).toHaveLength(1);
    });

    it('does not follow a redirect, which would carry the account token to another host', async () => {
      const elsewhere = await ScriptedServer.start();
      try {
        h.server.script({ status: 302, headers: { location: `${elsewhere.baseUrl}/hris/v1/employees` } });
        const error = await rejectionOf(h.newClient().listPage(hrisAccount, 'employees'));

        expect(error).toMatchObject({ status: 302 });
        expect(elsewhere.requests).toHaveLength(0);
      } finally {
        await elsewhere.close();
      }
    });
  });
});
