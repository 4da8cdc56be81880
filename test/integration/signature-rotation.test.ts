import type { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SignedWebhook } from '../../infra/local/merge-simulator/types';
import { lambdaContext } from '../../infra/local/lambda-context';
import { createHandler as createReceiver } from '../../functions/webhook-receiver/handler';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { canonicalSignature } from '../../shared/merge/signature';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import type { ReceiverConfig } from '../../shared/runtime/config/runtime-config';
import { receiverDeps } from '../../shared/runtime/deps/receiver-deps';
import { optionalSecretSource, REFRESH_INTERVAL_MS, secretSource } from '../../shared/runtime/secrets';
import { DynamoDedupeStore } from '../../shared/store/dynamodb/dedupe-store';
import { FakeClock } from '../helpers/fakes';
import { httpApiEvent } from '../helpers/events';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels, HRIS_ATS_CRM_MODELS } from '../helpers/default-models';

/**
 * Merge's organization regenerates its webhook signature key (reference §7: "can be regenerated");
 * from then on Merge signs with the new key, while deliveries signed before (retries, webhooks in
 * flight) carry the old one. The receiver accepts both while the previous key is set.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels(...HRIS_ATS_CRM_MODELS),
    },
  },
});

const NEW_KEY = 'rotated-signing-key-0f3a9c';
// Each test starts before the rotation: Merge signs with the key the pipeline was deployed with.
beforeEach(() => f.sim.rotateWebhookSignatureKey(f.signingKey));

/** The real receiver handler, configured with these keys (as its secrets would give them). */
function receiverWith(keys: Pick<ReceiverConfig, 'signingKey' | 'previousSigningKey'>) {
  const config = f.pipeline.config;
  const handler = createReceiver(
    receiverDeps({ ...config, receiver: { ...config.receiver, ...keys } }, { sqs: f.pipeline.clients.sqs }),
  );
  return (signed: SignedWebhook) =>
    handler(
      httpApiEvent({
        body: signed.body,
        headers: { 'Content-Type': 'application/json', 'X-Merge-Webhook-Signature': signed.signature },
      }),
      lambdaContext('webhook-receiver', 10_000),
    );
}

describe('signature key rotation: no webhook refused while the key is rotated', () => {
  it('accepts deliveries signed with the new key and with the previous one; dedupe stays by the signature received', async () => {
    const before = f.sim.linkAccount({ category: 'hris' });
    const [signedBefore] = f.sim.linkedDeliveries(before.id); // signed with the old key, not delivered yet
    f.sim.rotateWebhookSignatureKey(NEW_KEY);
    const after = f.sim.linkAccount({ category: 'crm' });
    const [signedAfter] = f.sim.linkedDeliveries(after.id);
    expect(signedBefore!.signature).not.toBe(signedAfter!.signature);

    const rotating = receiverWith({
      signingKey: { value: NEW_KEY },
      previousSigningKey: { value: f.signingKey },
    });
    expect((await rotating(signedAfter!)).statusCode).toBe(200);
    expect((await rotating(signedBefore!)).statusCode).toBe(200);
    // Merge retries the old delivery byte for byte: the same signature, so the same event.
    expect((await rotating(f.sim.replayWebhook(signedBefore!))).statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await f.accounts.get(before.id)).toMatchObject({ status: 'ACTIVE' });
    expect(await f.accounts.get(after.id)).toMatchObject({ status: 'ACTIVE' });

    // Once the previous key is emptied (`none`), only the new key is accepted.
    const rotated = receiverWith({ signingKey: { value: NEW_KEY }, previousSigningKey: { value: 'none' } });
    expect((await rotated(signedBefore!)).statusCode).toBe(401);
    expect((await rotated(signedAfter!)).statusCode).toBe(200);
  });

  it('the dedupe key is the signature as received (with the previous key too)', async () => {
    const account = f.sim.linkAccount({ category: 'ats' });
    const [signed] = f.sim.linkedDeliveries(account.id);
    const rotating = receiverWith({
      signingKey: { value: NEW_KEY },
      previousSigningKey: { value: f.signingKey },
    });
    expect((await rotating(signed!)).statusCode).toBe(200);
    await f.pipeline.drain();
    const dedupe = new DynamoDedupeStore(f.pipeline.clients.dynamodb, f.pipeline.tableName, systemClock);
    expect(await dedupe.claim(canonicalSignature(signed!.signature), 60_000)).toBe('done');
  });
});

describe('a key put in the secret counts at once, not after the five-minute cache', () => {
  it('a signature that matches no cached key makes the receiver read both secrets again', async () => {
    const clock = new FakeClock();
    // What the two secrets hold: before the rotation, and once the operator has put both keys in.
    let rotated = false;
    const stored = () =>
      rotated ? { current: NEW_KEY, previous: f.signingKey } : { current: f.signingKey, previous: 'none' };
    const reads: string[] = [];
    const client = {
      send: async (command: GetSecretValueCommand) => {
        const id = command.input.SecretId as 'current' | 'previous';
        reads.push(id);
        return { SecretString: stored()[id] };
      },
    } as unknown as SecretsManagerClient;
    const metrics = new MemoryMetrics();
    const deps = {
      signingKey: secretSource({ secretId: 'current' }, 'MERGE_WEBHOOK_SIGNATURE_KEY', {
        clock,
        client: () => client,
      }),
      previousSigningKey: optionalSecretSource({ secretId: 'previous' }, { clock, client: () => client }),
      queue: new SqsMessageQueue(f.pipeline.clients.sqs, { events: f.pipeline.queues.events }),
      clock,
      metrics,
      log: silentLog,
    };
    const oldSigned = f.sim.signedRequest(f.sim.linkedEvent(f.sim.linkAccount({ category: 'hris' }).id));
    expect(
      await receiveWebhook(deps, { body: Buffer.from(oldSigned.body), signature: sig(oldSigned) }),
    ).toMatchObject({
      status: 200,
    });
    // The operator rotates in Merge and puts the keys in the secrets; Merge signs with the new key.
    clock.advance(REFRESH_INTERVAL_MS);
    f.sim.rotateWebhookSignatureKey(NEW_KEY);
    rotated = true;
    const newSigned = f.sim.signedRequest(f.sim.linkedEvent(f.sim.linkAccount({ category: 'hris' }).id));
    expect(
      await receiveWebhook(deps, { body: Buffer.from(newSigned.body), signature: sig(newSigned) }),
    ).toMatchObject({
      status: 200,
    });
    expect(
      await receiveWebhook(deps, { body: Buffer.from(oldSigned.body), signature: sig(oldSigned) }),
    ).toMatchObject({
      status: 200,
    });
    expect(metrics.get('WebhooksSignedWithPreviousKey')).toBe(1);
    // A forged request right after costs no further reads (at most one refresh per interval).
    const readsSoFar = reads.length;
    expect(
      await receiveWebhook(deps, { body: Buffer.from(newSigned.body), signature: 'forged-signature' }),
    ).toMatchObject({ status: 401 });
    expect(reads).toHaveLength(readsSoFar);
    await f.pipeline.drain();
  });
});

const sig = (signed: { headers: Record<string, string> }) => signed.headers['X-Merge-Webhook-Signature']!;
