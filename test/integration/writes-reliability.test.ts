import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoWriteStore } from '../../shared/store/dynamodb/write-store';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import {
  acceptedWrite,
  busEvents,
  getWrite,
  lastBusSeq,
  postWrite,
  settledWrite,
  simRequests,
  type Json,
} from '../helpers/writes';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  // Two tries before a write gives up, a second apart: the give-up test need not wait long.
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ticketing.Ticket'),
      planRequestsPerMinute: 600,
    },
    feedSettleMs: 0,
    writeSettings: { maxAttempts: 2, retryBaseSeconds: 1 },
  },
});

const ticket = (key: string, data: Json = { name: `Finding ${key}` }) => ({
  model: 'ticketing.Ticket',
  operation: 'create',
  data,
  idempotency_key: key,
});
const TICKETS = '/ticketing/v1/tickets';

afterEach(() => {
  f.sim.clearFaults();
  f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name']);
});

/** A first write caches the model's meta, so a fault injected next meets the write itself. */
async function accountWithCachedMeta() {
  const account = await linkAndSync(f, 'ticketing', {});
  await settledWrite(f, account.id, await acceptedWrite(f, account.id, ticket(`warm-${account.id}`)));
  return account;
}

describe('writes: exactly once at Merge, whatever happens', () => {
  it('the same key answers the same write and sends nothing more; with another body it is a 409', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    const first = await postWrite(f, account.id, ticket('finding-1'));
    expect(first).toEqual({ status: 202, body: { write_id: expect.any(String), status: 'queued' } });
    const again = await postWrite(f, account.id, ticket('finding-1'));
    expect(again.status).toBe(200);
    expect(again.body.write_id).toBe(first.body.write_id);
    await f.pipeline.drain();
    const afterSend = await postWrite(f, account.id, ticket('finding-1'));
    expect(afterSend.body).toEqual({ write_id: first.body.write_id, status: 'succeeded' });
    await f.pipeline.drain();
    expect(f.sim.writes.appliedWrites({ accountId: account.id })).toHaveLength(1);
    expect(simRequests(f, 'POST', TICKETS).filter((r) => r.accountId === account.id)).toHaveLength(1);

    const conflict = await postWrite(f, account.id, ticket('finding-1', { name: 'another body' }));
    expect(conflict).toEqual({
      status: 409,
      body: {
        error: 'this idempotency_key was used for a different write',
        code: 'idempotency_key_reused',
        write_id: first.body.write_id,
      },
    });
  });

  it('429 then success: retried with the same key, one record at Merge', async () => {
    const account = await accountWithCachedMeta();
    f.sim.injectFault({
      kind: 'http429',
      retryAfter: 'seconds',
      retryAfterSeconds: 1,
      match: { accountId: account.id, pathIncludes: TICKETS },
    });
    const writeId = await acceptedWrite(f, account.id, ticket('after-429'));
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({ status: 'succeeded' });
    const posts = simRequests(f, 'POST', TICKETS).filter((r) => r.accountId === account.id);
    expect(posts.map((r) => r.status)).toEqual([201, 429, 201]); // the warm-up write, then this one
    const applied = f.sim.writes.appliedWrites({ accountId: account.id });
    expect(applied.filter((a) => a.recordId === write.record_id)).toHaveLength(1);
  });

  it('"applied but answered 500" then success: the retry carries the same key; exactly one record at Merge', async () => {
    const account = await accountWithCachedMeta();
    f.sim.writes.injectAppliedButFailed({ match: { accountId: account.id, modelId: 'ticketing.Ticket' } });
    const writeId = await acceptedWrite(f, account.id, ticket('applied-500', { name: 'Only once' }));
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({ status: 'succeeded' });
    expect(f.sim.records(account.id, 'ticketing.Ticket').filter((r) => r.name === 'Only once')).toHaveLength(
      1,
    );
    const posts = simRequests(f, 'POST', TICKETS).filter((r) => r.accountId === account.id);
    expect(posts.map((r) => r.status)).toEqual([201, 500, 201]);
    const stored = await f.storedRecords(account.id, 'ticketing.Ticket');
    expect(stored.filter((r) => r.data.name === 'Only once').map((r) => r.id)).toEqual([write.record_id]);
  });

  it("Merge's 400: failed with Merge's errors after exactly one request, never retried", async () => {
    const account = await accountWithCachedMeta();
    // The integration now asks for more than the cached meta said: Merge refuses the write.
    f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name', 'due_date']);
    const seq = lastBusSeq(f);
    const before = simRequests(f, 'POST', TICKETS).length;
    const writeId = await acceptedWrite(f, account.id, ticket('refused'));
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({
      status: 'failed',
      attempts: 1,
      record_id: null,
      error: { code: 'merge_rejected' },
      merge: {
        errors: [
          expect.objectContaining({
            problem_type: 'MISSING_REQUIRED_FIELD',
            source: { pointer: '/model/due_date' },
          }),
        ],
      },
    });
    expect(simRequests(f, 'POST', TICKETS)).toHaveLength(before + 1);
    const failed = busEvents(f, 'Write Failed', seq);
    expect(failed.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        writeId,
        errors: [expect.objectContaining({ problem_type: 'MISSING_REQUIRED_FIELD' })],
      }),
    ]);
  });

  it('a field meta requires is missing: failed at once, naming it, with no POST', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name', 'due_date']);
    const writeId = await acceptedWrite(f, account.id, ticket('no-due-date'));
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: { code: 'missing_required_fields', fields: ['due_date'] },
    });
    expect(String((write.error as Json).message)).toContain('due_date');
    expect(
      simRequests(f, 'GET', `${TICKETS}/meta/post`).filter((r) => r.accountId === account.id),
    ).toHaveLength(1);
    expect(simRequests(f, 'POST', TICKETS).filter((r) => r.accountId === account.id)).toHaveLength(0);
  });

  it('an account deleted while its write waits: the write fails, nothing is sent', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    const writeId = await acceptedWrite(f, account.id, ticket('orphan'));
    f.sim.deleteAccount(account.id);
    await f.postWebhook(f.sim.accountDeletedEvent(account.id));
    await f.pipeline.drain();
    expect(simRequests(f, 'POST', TICKETS).filter((r) => r.accountId === account.id)).toHaveLength(0);
    expect((await getWrite(f, account.id, writeId)).error).toBe(`account ${account.id} not found`);
    const failed = busEvents(f, 'Write Failed').filter((e) => (e.detail as Json).writeId === writeId);
    expect(failed.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: expect.objectContaining({ code: 'account_deleted' }),
      }),
    ]);
  });

  it('out of attempts: failed, dead-lettered with Write Failed; a redrive sends it with the same key', async () => {
    const account = await accountWithCachedMeta();
    f.sim.injectFault({
      kind: 'http429',
      retryAfter: 'seconds',
      retryAfterSeconds: 1,
      times: Infinity,
      match: { accountId: account.id, pathIncludes: TICKETS },
    });
    const writeId = await acceptedWrite(f, account.id, ticket('give-up'));
    const write = await settledWrite(f, account.id, writeId);
    expect(write).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'gave_up' } });
    const failed = busEvents(f, 'Write Failed').filter((e) => (e.detail as Json).writeId === writeId);
    expect(failed.map((e) => (e.detail as { error: Json }).error.code)).toEqual(['gave_up']);
    const { sqs } = f.pipeline.clients;
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: f.pipeline.queues.writesDlq, MaxNumberOfMessages: 10 }),
    );
    expect(dead.Messages?.map((m) => JSON.parse(m.Body ?? '{}') as Json)).toEqual([
      expect.objectContaining({ writeId, deadLettered: write.finished_at }),
    ]);

    // The operator fixed the cause and redrives (what `merge-sync dlq redrive writes` does).
    f.sim.clearFaults();
    await sqs.send(
      new SendMessageCommand({ QueueUrl: f.pipeline.queues.writes, MessageBody: dead.Messages![0]!.Body! }),
    );
    const redriven = await settledWrite(f, account.id, writeId);
    expect(redriven).toMatchObject({ status: 'succeeded', attempts: 3, error: null });
    expect(
      f.sim.writes.appliedWrites({ accountId: account.id }).filter((a) => a.recordId === redriven.record_id),
    ).toHaveLength(1);
  });

  it('a create redriven after Merge let go of its key (24 h) is not sent again: outcome_unknown', async () => {
    const account = await accountWithCachedMeta();
    f.sim.injectFault({
      kind: 'http5xx',
      status: 503,
      times: Infinity,
      match: { accountId: account.id, pathIncludes: TICKETS },
    });
    const writeId = await acceptedWrite(f, account.id, ticket('a-day-late'));
    expect(await settledWrite(f, account.id, writeId)).toMatchObject({ error: { code: 'gave_up' } });
    const { sqs } = f.pipeline.clients;
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: f.pipeline.queues.writesDlq, MaxNumberOfMessages: 10 }),
    );
    const message = dead.Messages!.find((m) => m.Body!.includes(writeId))!;
    // Its first send, 25 hours ago (a 503 may have been applied: Merge answers a key's result 24 h).
    const store = new DynamoWriteStore(f.pipeline.clients.dynamodb, f.pipeline.tableName);
    const stored = (await store.get(account.id, writeId))!;
    const firstSentAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
    expect(stored.write.firstSentAt).toBeDefined();
    await store.save({ ...stored.write, firstSentAt }, stored.version);

    f.sim.clearFaults();
    f.sim.resetRequestLog();
    await sqs.send(
      new SendMessageCommand({ QueueUrl: f.pipeline.queues.writes, MessageBody: message.Body! }),
    );
    await f.pipeline.drain();
    expect(await settledWrite(f, account.id, writeId)).toMatchObject({
      status: 'failed',
      error: { code: 'outcome_unknown', message: expect.stringContaining(firstSentAt) },
    });
    expect(simRequests(f, 'POST', TICKETS)).toHaveLength(0);
  });
});
