import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { recordAuthFailure } from '../../shared/sync/auth-failures';
import { operatorDeps } from '../helpers/operator-target';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import {
  acceptedWrite,
  busEvents,
  callWriteApi,
  lastBusSeq,
  postWrite,
  settledWrite,
  type Json,
} from '../helpers/writes';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ats.Candidate', 'ats.Application', 'ticketing.Ticket'),
      planRequestsPerMinute: 600,
    },
    feedSettleMs: 0,
  },
});

const ticket = (extra: Json = {}) => ({
  model: 'ticketing.Ticket',
  operation: 'create',
  data: { name: 'A finding' },
  idempotency_key: `k-${Math.random()}`,
  ...extra,
});

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await f.pipeline.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the write API', () => {
  it.each([
    [
      'an unknown model',
      { model: 'ticketing.Widget' },
      'unknown model "ticketing.Widget" (docs/models.md lists them)',
    ],
    [
      'a model Merge cannot write',
      { model: 'ticketing.Team' },
      'model ticketing.Team is not writable: Merge has no POST or PATCH for it',
    ],
    [
      'an operation the model lacks',
      { model: 'ticketing.Comment', operation: 'update', id: 'c1' },
      'model ticketing.Comment cannot be updated: Merge has no PATCH for it',
    ],
    ['data that is not an object', { data: ['name'] }, 'data must be a JSON object of Merge fields'],
    [
      'an update without an id',
      { operation: 'update' },
      'id is required for an update: the Merge id of the record',
    ],
    [
      'no idempotency key',
      { idempotency_key: undefined },
      'idempotency_key is required: 1 to 255 visible ASCII characters',
    ],
    [
      'a model of another category',
      { model: 'crm.Contact' },
      "model crm.Contact is not of this account's category (ticketing)",
    ],
    [
      'an unknown field',
      { idempotencyKey: 'x' },
      'unknown field "idempotencyKey"; accepted: model, operation, id, data, idempotency_key, remote_user_id',
    ],
  ])('answers 400 naming the problem: %s', async (_what, change, error) => {
    const account = await linkAndSync(f, 'ticketing', {});
    expect(await postWrite(f, account.id, ticket(change))).toEqual({ status: 400, body: { error } });
  });

  it('answers 400 for a body over the limit, or not JSON, and for ATS writes without remote_user_id', async () => {
    const ticketing = await linkAndSync(f, 'ticketing', {});
    const huge = ticket({ data: { name: 'x', description: 'y'.repeat(300 * 1024) } });
    expect((await postWrite(f, ticketing.id, huge)).body.error).toMatch(
      /^the body is \d+ bytes; the limit is 262144$/,
    );
    expect(await postWrite(f, ticketing.id, '{"model":')).toEqual({
      status: 400,
      body: { error: 'the body is not valid JSON' },
    });
    const ats = await linkAndSync(f, 'ats', {});
    const candidate = {
      model: 'ats.Candidate',
      operation: 'create',
      data: { first_name: 'A' },
      idempotency_key: 'c',
    };
    expect((await postWrite(f, ats.id, candidate)).body.error).toBe(
      'remote_user_id is required for ats.Candidate: Merge makes ATS writes as a user',
    );
  });

  it('answers 404 for an unknown or deleted account, and 409 for one whose token Merge refuses', async () => {
    expect(await postWrite(f, 'no-such-account', ticket())).toEqual({
      status: 404,
      body: { error: 'account no-such-account not found' },
    });
    const account = await linkAndSync(f, 'ticketing', {});
    await recordAuthFailure(operatorDeps(f), account.id, 'test');
    const refused = await postWrite(f, account.id, ticket());
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'relink_needed' });
    expect(String(refused.body.error)).toContain('relink');
  });

  it('lists writes oldest first, by status, page by page', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name', 'due_date']);
    const failedId = await acceptedWrite(f, account.id, ticket());
    await settledWrite(f, account.id, failedId);
    f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name']);
    const ids = [failedId];
    for (let i = 0; i < 3; i++)
      ids.push(
        await acceptedWrite(f, account.id, ticket({ data: { name: `n${i}`, due_date: '2026-09-01' } })),
      );
    const list = (query: Record<string, string>) =>
      callWriteApi(f, 'GET', `/accounts/${account.id}/writes`, { query });
    const queued = await list({ status: 'queued' });
    expect((queued.body.results as Json[]).map((w) => w.write_id)).toEqual(ids.slice(1));
    const first = await list({ page_size: '2' });
    const second = await list({ page_size: '2', cursor: String(first.body.next) });
    expect(
      [...(first.body.results as Json[]), ...(second.body.results as Json[])].map((w) => w.write_id),
    ).toEqual(ids);
    const failed = await list({ status: 'failed' });
    expect(failed.body.results).toEqual([
      expect.objectContaining({
        write_id: failedId,
        status: 'failed',
        model: 'ticketing.Ticket',
        operation: 'create',
      }),
    ]);
    expect((await list({ status: 'lost' })).status).toBe(400);
    expect((await list({ stauts: 'failed' })).status).toBe(400);
    await f.pipeline.drain();
  });

  it('sends two updates of one record in the order they were accepted', async () => {
    const account = await linkAndSync(f, 'ticketing', { 'ticketing.Ticket': 1 });
    const target = f.sim.records(account.id, 'ticketing.Ticket')[0]!;
    const update = (status: string) => ticket({ operation: 'update', id: target.id, data: { status } });
    // The first one meets a 429 on its first try: the second must still wait for it.
    f.sim.injectFault({
      kind: 'http429',
      retryAfter: 'seconds',
      retryAfterSeconds: 1,
      match: { pathIncludes: `tickets/${String(target.id)}` },
    });
    const firstId = await acceptedWrite(f, account.id, update('IN_PROGRESS'));
    const secondId = await acceptedWrite(f, account.id, update('CLOSED'));
    expect(await settledWrite(f, account.id, secondId)).toMatchObject({ status: 'succeeded' });
    expect(await settledWrite(f, account.id, firstId)).toMatchObject({ status: 'succeeded' });
    const order = f.sim.writes.appliedWrites({ accountId: account.id }).map((a) => a.idempotencyKey);
    expect(order).toEqual([`merge-sync-write-${firstId}`, `merge-sync-write-${secondId}`]);
    expect(f.sim.records(account.id, 'ticketing.Ticket')[0]).toMatchObject({ status: 'CLOSED' });
  });

  it('a Write Requested event on the bus becomes a write; one that cannot be is answered with Write Failed', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    const seq = lastBusSeq(f);
    const put = (detail: Json) =>
      f.pipeline.clients.eventBridge.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'merge-sync',
              Source: 'security-scanner',
              DetailType: 'Write Requested',
              Detail: JSON.stringify(detail),
            },
          ],
        }),
      );
    await put({
      account_id: account.id,
      model: 'ticketing.Ticket',
      operation: 'create',
      data: { name: 'From the bus' },
    });
    await put({ account_id: account.id, model: 'ticketing.Widget', operation: 'create', data: {} });
    const succeeded = await until(async () => busEvents(f, 'Write Succeeded', seq)[0], 'Write Succeeded');
    const writeId = String((succeeded.detail as Json).writeId);
    expect(await settledWrite(f, account.id, writeId)).toMatchObject({
      status: 'succeeded',
      source: 'event',
    });
    expect(f.sim.records(account.id, 'ticketing.Ticket').map((r) => r.name)).toContain('From the bus');
    const refused = await until(async () => busEvents(f, 'Write Failed', seq)[0], 'Write Failed');
    expect(refused.detail).toMatchObject({
      accountId: account.id,
      writeId: null,
      error: {
        code: 'invalid_request',
        message: 'unknown model "ticketing.Widget" (docs/models.md lists them)',
      },
    });
  });
});
