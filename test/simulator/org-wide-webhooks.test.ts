// merge-api.md §12 "Webhooks are organization-wide": every linked account's events arrive at the one
// URL, for every category, including categories a deployment does not sync (knowledgebase, chat,
// marketing) and accounts it never stored. §12 "Dashboard test deliveries" and §6 ("Send test POST
// request" sends a connectivity ping [SKILLS]; the docs say a sample payload; shape unconfirmed).
import { createHmac } from 'node:crypto';
import { SAMPLE_IDS, TEST_PING } from '../../infra/local/merge-simulator';
import type { OrgCategory } from '../../infra/local/merge-simulator';
import { SIGNATURE_KEY, startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';
import { startReceiver } from './receiver';

describe('merge simulator: organization-wide webhooks and test deliveries (api §12, §6)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test.each([
    ['knowledgebase', 'knowledgebase.Article', 'KnowledgeBaseArticle', 'knowledgebase.KnowledgeBaseArticle'],
    ['chat', 'chat.Message', 'Message', 'chat.Message'],
    ['mktg', 'mktg.Campaign', 'MKTGCampaign', 'mktg.MKTGCampaign'],
  ] as [OrgCategory, string, string, string][])(
    'a %s account links, serves its account endpoints and sends every kind of webhook',
    async (category, model, webhookModel, modelId) => {
      const account = h.sim.linkAccount({ category });
      const record = h.sim.addRecord(account.id, model);
      h.sim.runSync(account.id);
      expect(h.sim.linkedEvent(account.id).linked_account.category).toBe(category);
      expect(Object.keys(h.sim.syncCompletedEvent(account.id).data.sync_status as Json)).toEqual([modelId]);
      expect(h.sim.modelSyncedEvent(account.id, model).hook.event).toBe(`${webhookModel}.synced`);
      expect(h.sim.changedDataEvent(account.id, model, record.id, 'changed').hook.event).toBe(
        `${webhookModel}.changed`,
      );
      const details = await h.json<Json>(`/${category}/v1/account-details`, { token: account.accountToken });
      expect([details.status, details.body.category]).toEqual([200, category]);
      const listed = await h.json<Page>(`/hris/v1/linked-accounts?category=${category}`);
      expect(listed.body.results.map((a) => a.id)).toEqual([account.id]);
    },
  );

  test('webhooks for an account never announced (no LinkedAccount.linked) are signed and delivered like any other', async () => {
    const receiver = await startReceiver();
    try {
      const stranger = h.sim.linkAccount({ category: 'hris', announce: false });
      h.sim.seedRecords(stranger.id, 'hris.Employee', 1);
      h.sim.runSync(stranger.id);
      expect(h.sim.sentWebhooks).toHaveLength(0);
      const result = await h.sim.deliverWebhook(receiver.url, h.sim.syncCompletedEvent(stranger.id));
      expect(result.statuses).toEqual([200]);
      const got = receiver.got[0];
      const expected = createHmac('sha256', SIGNATURE_KEY)
        .update(got?.body ?? '')
        .digest('base64url');
      expect(got?.signature?.replace(/=+$/, '')).toBe(expected);
      expect((JSON.parse(got?.body ?? '{}') as { linked_account: Json }).linked_account.id).toBe(stranger.id);
    } finally {
      await receiver.close();
    }
  });

  test('test POST, ping reading: {"response": "Success! This URL will be notified."}, signed', async () => {
    const receiver = await startReceiver();
    try {
      const ping = h.sim.testDeliveryEvent('ping');
      expect(ping).toEqual({ response: 'Success! This URL will be notified.' });
      expect(ping).toEqual(TEST_PING);
      await h.sim.deliverWebhook(receiver.url, ping);
      expect(receiver.got[0]?.body).toBe('{"response":"Success! This URL will be notified."}');
      expect(receiver.got[0]?.signature).toBe(h.sim.sign(receiver.got[0]?.body ?? ''));
    } finally {
      await receiver.close();
    }
  });

  test('test POST, sample reading: a LinkedAccount.linked envelope with the documented example ids and no real account', () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const event = h.sim.testDeliveryEvent('sample');
    const sample = event as unknown as { hook: Json; linked_account: Json; data: Json };
    expect(sample.hook).toEqual({
      id: SAMPLE_IDS.hookId,
      event: 'LinkedAccount.linked',
      target: 'http://127.0.0.1/webhooks/merge',
    });
    expect(sample.linked_account.id).toBe('4ac10f37-c656-4e9a-89a1-1b04f9e9a343');
    expect(sample.data).toEqual({ account_token: SAMPLE_IDS.accountToken, is_relink: false });
    expect(h.sim.account(String(sample.linked_account.id))).toBeUndefined();
    expect(JSON.stringify(sample)).not.toContain(account.accountToken);
    const signed = h.sim.signedRequest(event);
    expect(signed.headers['X-Merge-Webhook-Signature']).toBe(h.sim.sign(signed.body));
    // Nothing about the organization's accounts changed.
    expect(h.sim.account(account.id)).toMatchObject({
      accountToken: account.accountToken,
      status: 'COMPLETE',
    });
  });
});
