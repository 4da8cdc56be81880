import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { SentWebhook } from '../../infra/local/merge-simulator/webhook-outbox';
import { canonicalSignature } from '../../shared/merge/signature';
import { dedupeKey, tokenKey } from '../../shared/store/keys';
import { capturedLogLines } from '../helpers/log-capture';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels, HRIS_ATS_CRM_MODELS } from '../helpers/default-models';

/**
 * Merge's account token (reference §9): a relink keeps it; `POST account-token/regenerate` replaces
 * it and Merge refuses the old one from then on; only LinkedAccount.linked carries it. A newer token
 * replaces the stored one and the old one is never sent again, not even by a fetch already running;
 * a replay of an older LinkedAccount.linked (re-signed, or after the dedupe window) never brings an
 * old token back.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels(...HRIS_ATS_CRM_MODELS, 'ticketing.Ticket'),
      planRequestsPerMinute: 6000,
    },
  },
});

const refusedRequests = (pathIncludes = '') =>
  f.sim.requests.filter((r) => r.status === 401 && r.path.includes(pathIncludes)).length;
const accountDetailsRequests = () => f.sim.requestCount({ pathIncludes: '/account-details' });

/** Delivers a LinkedAccount.linked exactly as Merge signed it. */
async function deliver(signed: SentWebhook) {
  const replay = f.sim.replayWebhook(signed);
  const answer = await f.postRaw(replay.body, { 'X-Merge-Webhook-Signature': replay.signature });
  expect(answer.statusCode).toBe(200);
  await f.pipeline.drain();
}

const marshalKey = (k: { pk: string; sk: string }) => ({ pk: { S: k.pk }, sk: { S: k.sk } });

/** The raw token item: what is stored, as DynamoDB has it. */
async function tokenItem(accountId: string) {
  const out = await f.pipeline.clients.dynamodb.send(
    new GetItemCommand({
      TableName: f.pipeline.tableName,
      Key: marshalKey(tokenKey(accountId)),
      ConsistentRead: true,
    }),
  );
  return JSON.stringify(out.Item ?? {});
}

describe('relinks and token replacements', () => {
  it('a relink keeps the token: the account is updated, nothing is refused or re-checked', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 5 });
    const checks = accountDetailsRequests();
    f.sim.relinkAccount(account.id);
    const [, relink] = f.sim.linkedDeliveries(account.id);
    await deliver(relink!);
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    expect(accountDetailsRequests()).toBe(checks);
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('a LinkedAccount.linked with a regenerated token replaces the stored one; polls and fetches use the new one', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const newToken = f.sim.regenerateAccountToken(account.id);
    await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBe(newToken);

    const refused = refusedRequests();
    f.sim.updateRecord(account.id, 'crm.Lead', String(f.sim.records(account.id, 'crm.Lead')[0]!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(refusedRequests()).toBe(refused);
    expect((await f.accounts.get(account.id))?.issue).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, 'crm.Lead');
  });

  it('a fetch already running sends the new token from its next page on, once the replacement is processed', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 10 });
    f.sim.seedRecords(account.id, 'hris.Employee', 340); // 4 pages of 100 with the 10 (and employments)
    f.sim.runSync(account.id, { result: 'DONE' });
    let replaced = false;
    const stop = f.sim.onBeforePage(async ({ accountId, pageIndex }) => {
      if (accountId !== account.id || pageIndex !== 1 || replaced) return;
      replaced = true;
      // While the fetch is between pages: Merge regenerates the token (the old one is refused from
      // now on) and sends LinkedAccount.linked, which the event processor handles at once.
      f.sim.regenerateAccountToken(account.id);
      await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
      await f.pipeline.sources.events.pollOnce();
    });
    // The fetch of employees is the one the replacement lands in the middle of. (Employments are
    // fetched at the same time: a request of theirs already on its way when Merge regenerated the
    // token may be refused, and is asked again with the new one.)
    const refused = refusedRequests('/employees');
    try {
      await f.schedule({ reconcile: true });
      await f.pipeline.drain();
    } finally {
      stop();
    }
    expect(replaced).toBe(true);
    expect(refusedRequests('/employees')).toBe(refused); // its next page went out with the new token
    expect((await f.accounts.get(account.id))?.issue).toBeUndefined();
    expect((await f.states.get(account.id, 'hris.Employee')).lastError).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, 'hris.Employee');
  });
});

describe('replays of an older LinkedAccount.linked', () => {
  it('re-signed (or after the dedupe window): never replaces the newer token, refused without asking Merge, and no raw old token is stored', async () => {
    const account = f.sim.linkAccount({ category: 'ats' });
    const [original] = f.sim.linkedDeliveries(account.id);
    await deliver(original!);
    const oldToken = account.accountToken;
    const newToken = f.sim.regenerateAccountToken(account.id);
    await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBe(newToken);

    // Merge's retry of the original delivery (same signature): a duplicate, no effect.
    await deliver(original!);
    // After the seven-day dedupe window (its item expired; dynalite has no TTL, so it is deleted here)
    // the same delivery is a new event to us, as a re-signed one is. The old token is retired, so it
    // is refused at once, even while Merge cannot be asked.
    await f.pipeline.clients.dynamodb.send(
      new DeleteItemCommand({
        TableName: f.pipeline.tableName,
        Key: marshalKey(dedupeKey(canonicalSignature(original!.signature))),
      }),
    );
    f.sim.injectFault({
      kind: 'http5xx',
      status: 503,
      times: Infinity,
      match: { pathIncludes: '/account-details' },
    });
    const checks = accountDetailsRequests();
    try {
      await deliver(original!);
    } finally {
      f.sim.clearFaults();
    }
    expect(accountDetailsRequests()).toBe(checks);
    expect(await f.accounts.getToken(account.id)).toBe(newToken);
    expect(
      capturedLogLines().some(
        (l) =>
          l.includes('"webhook dropped"') && l.includes(account.id) && l.includes('"reason":"token-retired"'),
      ),
    ).toBe(true);
    // Sealed: neither token is in the item in the clear; opened, the old one is not there either.
    const item = await tokenItem(account.id);
    expect(item).not.toContain(newToken);
    expect(item).not.toContain(oldToken);
    expect(JSON.stringify(await f.accounts.getStoredToken(account.id))).not.toContain(oldToken);
  });

  it('an older token we never stored (Merge refuses it) changes nothing', async () => {
    const account = await linkAndSync(f, 'ticketing', { 'ticketing.Ticket': 3 });
    f.sim.regenerateAccountToken(account.id);
    const stale = f.sim.linkedEvent(account.id); // carries the token now current at Merge...
    const current = f.sim.regenerateAccountToken(account.id); // ...which is replaced before it arrives
    await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBe(current);
    await f.postWebhook(stale);
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBe(current);
    expect(
      capturedLogLines().some(
        (l) =>
          l.includes('"webhook dropped"') && l.includes(account.id) && l.includes('"reason":"token-refused"'),
      ),
    ).toBe(true);
  });
});
