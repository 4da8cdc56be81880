import { createHandler as createEventProcessor } from '../../functions/event-processor/handler';
import { SAMPLE_IDS } from '../../infra/local/merge-simulator/webhook-samples';
import { SqsEventSource } from '../../infra/local/sqs-event-source';
import { queueArn } from '../../infra/local/stand-ins';
import { eventProcessorDeps } from '../../shared/runtime/deps/engine-function-deps';
import { engineClients } from '../../shared/runtime/deps/sync-deps';
import { capturedLogLines } from '../helpers/log-capture';
import {
  expectNoSecretsInLogs,
  expectStoreEqualsSimulator,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels, HRIS_ATS_CRM_MODELS } from '../helpers/default-models';

/**
 * Merge's dashboard "Send test POST request" (reference §6, §12): its shape is unconfirmed, either a
 * ping `{"response": "Success! ..."}` or a sample envelope (a LinkedAccount.linked with example ids
 * and an example token). Neither may create or change an account. The rule that holds for both, and
 * for replays: a LinkedAccount.linked's token is stored only once Merge accepts it for that account;
 * when Merge cannot be asked, a token is kept unverified (never lost) and checked at the first poll.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels(...HRIS_ATS_CRM_MODELS),
      planRequestsPerMinute: 6000,
    },
  },
});

const accountDetailsDown = () =>
  f.sim.injectFault({
    kind: 'http5xx',
    status: 502,
    times: Infinity,
    match: { pathIncludes: '/account-details' },
  });

const dropped = (accountId: string, reason: string) =>
  capturedLogLines().some(
    (l) => l.includes('"webhook dropped"') && l.includes(accountId) && l.includes(`"reason":"${reason}"`),
  );

afterEach(() => f.sim.clearFaults());

describe('dashboard test deliveries never create or change an account', () => {
  it.each([
    ['signed', {}],
    ['unsigned', { signature: null }],
  ] as const)('the ping, %s: 200, nothing queued or stored', async (_how, options) => {
    const before = await f.accounts.listAll();
    const answer = await f.postWebhook(f.sim.testDeliveryEvent('ping'), options);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ status: 'ignored', reason: 'test-ping' });
    expect(await f.pipeline.queueDepth('events')).toMatchObject({ visible: 0 });
    expect(await f.accounts.listAll()).toEqual(before);
  });

  it('the sample LinkedAccount.linked: 200, then dropped because Merge refuses its example token', async () => {
    const answer = await f.postWebhook(f.sim.testDeliveryEvent('sample'));
    expect(answer.statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await f.accounts.get(SAMPLE_IDS.linkedAccountId)).toBeUndefined();
    expect(await f.accounts.getToken(SAMPLE_IDS.linkedAccountId)).toBeUndefined();
    expect(dropped(SAMPLE_IDS.linkedAccountId, 'token-refused')).toBe(true);
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0 });
    expectNoSecretsInLogs([SAMPLE_IDS.accountToken]);
  });

  it('the sample while Merge cannot be asked: kept unverified, then removed (no tombstone) at the first poll', async () => {
    accountDetailsDown();
    // Another press of the button: the same sample would be a duplicate of the one above (same bytes,
    // same signature), so this one differs in its target.
    const sample = f.sim.testDeliveryEvent('sample') as { hook: Record<string, unknown> };
    await f.postWebhook({ ...sample, hook: { ...sample.hook, target: 'https://example.com/other' } });
    await f.pipeline.drain();
    expect(await f.accounts.get(SAMPLE_IDS.linkedAccountId)).toMatchObject({
      status: 'ACTIVE',
      unconfirmed: true,
    });
    f.sim.clearFaults();

    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(await f.accounts.get(SAMPLE_IDS.linkedAccountId)).toBeUndefined();
    expect(await f.accounts.getToken(SAMPLE_IDS.linkedAccountId)).toBeUndefined();
    expect(f.sim.requestCount({ pathIncludes: '/sync-status', accountId: SAMPLE_IDS.linkedAccountId })).toBe(
      0,
    );
    expectNoSecretsInLogs([SAMPLE_IDS.accountToken]);
  });
});

describe('a real token Merge could not confirm is never lost', () => {
  it('a new account linked while account-details fails: stored unverified, confirmed at the first poll, then synced', async () => {
    const account = f.sim.linkAccount({ category: 'crm' });
    f.sim.seedRecords(account.id, 'crm.Lead', 7);
    accountDetailsDown();
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE', unconfirmed: true });
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    f.sim.clearFaults();

    f.sim.finishSync(account.id, { result: 'DONE' });
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    const stored = await f.accounts.get(account.id);
    expect(stored?.status).toBe('ACTIVE');
    expect(stored?.unconfirmed).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, 'crm.Lead');
  });

  it('a regenerated token while account-details fails: kept beside the current one, and current from the next poll on', async () => {
    const account = f.sim.linkAccount({ category: 'hris' });
    f.sim.seedRecords(account.id, 'hris.Employee', 4);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    const newToken = f.sim.regenerateAccountToken(account.id);
    accountDetailsDown();
    await f.postWebhook(f.sim.linkedEvent(account.id, { isRelink: true }));
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken); // not replaced unconfirmed...
    expect((await f.accounts.getStoredToken(account.id))?.candidates).toEqual([newToken]); // ...nor lost
    f.sim.clearFaults();

    f.sim.finishSync(account.id, { result: 'DONE' });
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(await f.accounts.getStoredToken(account.id)).toMatchObject({ token: newToken });
    expect((await f.accounts.getStoredToken(account.id))?.candidates).toBeUndefined();
    expect((await f.accounts.get(account.id))?.issue).toBeUndefined();
    await expectStoreEqualsSimulator(f, account.id, 'hris.Employee');
  });
});

describe('our API key refused (rotated in Merge, the secret not updated yet)', () => {
  it('a LinkedAccount.linked keeps its token, unverified: a 401 about our key is not a refused token', async () => {
    const account = f.sim.linkAccount({ category: 'ats' });
    const config = f.pipeline.config;
    const clients = engineClients(config.aws);
    const processor = new SqsEventSource({
      sqs: f.pipeline.clients.sqs,
      queueUrl: f.pipeline.queues.events,
      queueArn: await queueArn(f.pipeline.clients.sqs, f.pipeline.queues.events),
      functionName: 'event-processor',
      handler: createEventProcessor(
        eventProcessorDeps(
          { ...config, merge: { ...config.merge, apiKey: { value: 'a-revoked-api-key' } } },
          { clients },
        ),
      ),
      batchSize: 10,
      functionTimeoutMs: 30_000,
    });
    try {
      await f.postWebhook(f.sim.linkedEvent(account.id));
      expect(await processor.pollOnce()).toMatchObject({ received: 1, deleted: 1 });
    } finally {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.eventBridge.destroy();
    }
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE', unconfirmed: true });
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    // With the key fixed, a poll confirms it: the first one, unless the refused requests of the
    // tests before (shared by every function through the table's failure guard) make Merge wait.
    await f.pipeline.drain();
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      await f.schedule({ reconcile: true });
      await f.pipeline.drain();
      if (!(await f.accounts.get(account.id))?.unconfirmed) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect((await f.accounts.get(account.id))?.unconfirmed).toBeUndefined();
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
  });
});
