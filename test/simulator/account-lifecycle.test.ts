// merge-api.md §9: POST delete-account (200, no body; LinkedAccount.deleted, §6e), relinking keeps the
// account token, POST account-token/regenerate returns a new one and the old one is refused; §6a:
// LinkedAccount.linked carries the token and is_relink; older deliveries can be replayed byte for byte.
import { createHmac } from 'node:crypto';
import { SIGNATURE_KEY, startHarness } from './helpers';
import type { Harness, Json } from './helpers';
import { startReceiver } from './receiver';

describe('merge simulator: account lifecycle (api §9, §6a, §6e)', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
    h = await startHarness({ webhookUrl: receiver.url, webhookRetryBackoffMs: 10 });
  });
  afterEach(async () => {
    await h.sim.settleWebhooks();
    await h.sim.close();
    await receiver.close();
  });

  const events = (): string[] =>
    receiver.got.map((g) => (JSON.parse(g.body) as { hook: { event: string } }).hook.event);

  test('POST delete-account (Authorization + X-Account-Token): 200 without a body, 401 after, LinkedAccount.deleted sent (§9, §6e)', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    h.sim.seedRecords(account.id, 'crm.Lead', 2);
    const noToken = await h.call('/crm/v1/delete-account', { method: 'POST' });
    expect(noToken.status).toBe(401);
    const res = await h.call('/crm/v1/delete-account', { token: account.accountToken, method: 'POST' });
    expect([res.status, await res.text()]).toEqual([200, '']);
    expect((await h.call('/crm/v1/leads', { token: account.accountToken })).status).toBe(401);
    await h.sim.settleWebhooks();
    expect(events()).toEqual(['LinkedAccount.linked', 'LinkedAccount.deleted']);
    const deleted = JSON.parse(receiver.got[1]?.body ?? '{}') as { linked_account: Json; data: Json };
    expect(deleted.linked_account.id).toBe(account.id);
    expect(deleted.data).toEqual({});
    expect(JSON.stringify(deleted)).not.toContain(account.accountToken);
    const expected = createHmac('sha256', SIGNATURE_KEY)
      .update(receiver.got[1]?.body ?? '')
      .digest('base64url');
    expect(receiver.got[1]?.signature?.replace(/=+$/, '')).toBe(expected);
  });

  test('announce: false links an account Merge never announced; deleteAccount from the dashboard also sends LinkedAccount.deleted', async () => {
    const quiet = h.sim.linkAccount({ category: 'hris', announce: false });
    h.sim.deleteAccount(quiet.id);
    await h.sim.settleWebhooks();
    expect(events()).toEqual(['LinkedAccount.deleted']);
    expect(h.sim.sentWebhooks.map((s) => [s.event, s.accountId])).toEqual([
      ['LinkedAccount.deleted', quiet.id],
    ]);
  });

  test('POST account-token/regenerate returns a new token; the old one gets 401 afterwards (§9)', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const old = account.accountToken;
    const res = await h.json<Json>('/hris/v1/account-token/regenerate', { token: old, method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ linked_account_id: account.id, account_token: expect.any(String) });
    const fresh = String(res.body.account_token);
    expect(fresh).not.toBe(old);
    expect((await h.call('/hris/v1/employees', { token: old })).status).toBe(401);
    expect((await h.call('/hris/v1/employees', { token: fresh })).status).toBe(200);
    expect(h.sim.account(account.id)?.accountToken).toBe(fresh);
    // The log attributes the refused token to its account without marking it valid.
    expect(h.sim.requests.find((r) => r.status === 401)).toMatchObject({
      accountId: account.id,
      tokenMatchesAccount: false,
    });
    expect(h.sim.regenerateAccountToken(account.id)).not.toBe(fresh);
  });

  test('a relink keeps id and token and sends LinkedAccount.linked with is_relink true and the current token (§9, §6a)', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.setAccountStatus(account.id, 'RELINK_NEEDED', 'Invalid login credentials');
    expect(h.sim.account(account.id)).toMatchObject({
      status: 'RELINK_NEEDED',
      statusDetail: 'Invalid login credentials',
    });
    const relinked = h.sim.relinkAccount(account.id);
    expect([relinked.id, relinked.accountToken, relinked.status]).toEqual([
      account.id,
      account.accountToken,
      'COMPLETE',
    ]);
    await h.sim.settleWebhooks();
    const bodies = receiver.got.map((g) => JSON.parse(g.body) as { data: Json });
    expect(bodies.map((b) => b.data)).toEqual([
      { account_token: account.accountToken, is_relink: false },
      { account_token: account.accountToken, is_relink: true },
    ]);
    // After a regeneration, a relink carries the new token.
    const fresh = h.sim.regenerateAccountToken(account.id);
    h.sim.relinkAccount(account.id);
    const last = h.sim.linkedDeliveries(account.id).at(-1);
    expect((JSON.parse(last?.body ?? '{}') as { data: Json }).data).toEqual({
      account_token: fresh,
      is_relink: true,
    });
  });

  test('an older LinkedAccount.linked can be replayed with its original signature or re-signed (§6a, §7)', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [first] = h.sim.linkedDeliveries(account.id);
    if (!first) throw new Error('no linked delivery');
    h.sim.regenerateAccountToken(account.id);
    h.sim.rotateWebhookSignatureKey('rotated-signature-key');
    const same = h.sim.replayWebhook(first);
    expect([same.body, same.signature]).toEqual([first.body, first.signature]);
    const resigned = h.sim.replayWebhook(first, { resign: true });
    expect(resigned.body).toBe(first.body);
    const expected = createHmac('sha256', 'rotated-signature-key').update(first.body).digest('base64url');
    expect(resigned.signature.replace(/=+$/, '')).toBe(expected);
    expect(resigned.signature).not.toBe(first.signature);
    await h.sim.settleWebhooks();
    receiver.got.length = 0;
    await h.sim.deliverSigned(receiver.url, same);
    expect(receiver.got).toEqual([{ body: first.body, signature: first.signature }]);
    // The replayed body carries the token that was current then, not the regenerated one.
    expect((JSON.parse(first.body) as { data: Json }).data.account_token).toBe(account.accountToken);
  });
});
