import { randomBytes } from 'node:crypto';
import { computeSignature } from '../../shared/merge/signature';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels(
        'hris.Employee',
        'hris.Employment',
        'crm.Lead',
        'crm.Contact',
        'ticketing.Ticket',
      ),
    },
  },
});

type Payload = Record<string, unknown> & { linked_account: { id: string }; data?: unknown };

/** Whatever reached the events queue has been processed, and nothing is left for the dead letters. */
async function expectNothingDeadLettered() {
  await f.pipeline.drain({ timeoutMs: 120_000 });
  expect(await f.pipeline.queueDepth('eventsDlq')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
}
const answered = (res: { statusCode?: number; body?: string }) => ({
  ...(JSON.parse(res.body ?? '{}') as object),
  code: res.statusCode,
});
/** JSON nested `depth` deep, as text (JSON.stringify itself overflows on it). */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;

/** Posts `payload` signed, with `"DEEP"` (a string value) replaced by 20,000 levels of nesting. */
function postWithDeepValue(payload: object) {
  const body = JSON.stringify(payload).replace('"DEEP"', deepJson(20_000));
  return f.postRaw(body, {
    'content-type': 'application/json',
    'X-Merge-Webhook-Signature': computeSignature(f.signingKey, body),
  });
}

describe('hostile webhook input never reaches the dead-letter queue (issue 16, point 5)', () => {
  it.each([
    ['3,000 characters', 'a'.repeat(3000)],
    ['a slash', 'acct/../other'],
    ['a control character', 'acct\u0000'],
    ['not ASCII', 'acct-ü'],
  ])('an account id with %s: 200, counted as ignored, never queued', async (_what, badId) => {
    const account = f.sim.linkAccount({ category: 'crm' });
    const events: Payload[] = [
      f.sim.linkedEvent(account.id) as Payload,
      f.sim.syncCompletedEvent(account.id) as Payload,
      f.sim.changedDataEvent(
        account.id,
        'crm.Lead',
        f.sim.seedRecords(account.id, 'crm.Lead', 1)[0]!.id,
        'changed',
      ) as Payload,
    ];
    for (const event of events) {
      const res = await f.postWebhook({ ...event, linked_account: { ...event.linked_account, id: badId } });
      expect(answered(res)).toMatchObject({ code: 200, status: 'ignored' });
      expect(res.body).not.toContain(badId.slice(0, 50));
    }
    expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    await expectNothingDeadLettered();
  });

  it('a record event whose object id cannot be a Merge id: 200, ignored; a good one of the same account is stored', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1 });
    const [lead] = f.sim.records(account.id, 'crm.Lead');
    const event = f.sim.changedDataEvent(account.id, 'crm.Lead', String(lead!.id), 'changed') as Payload;
    const bad = { ...event, data: { ...(event.data as object), id: 'x'.repeat(3000) } };
    expect((await f.postWebhook(bad)).statusCode).toBe(200);
    expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect((await f.postWebhook(event)).statusCode).toBe(200);
    await expectNothingDeadLettered();
    expect(await f.records.get(account.id, 'crm.Lead', String(lead!.id))).toBeDefined();
  });

  it('any nesting depth (20,000 levels) in any webhook: answered, processed, nothing dead-lettered', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 1 });
    const deep = 'DEEP';
    const linked = f.sim.linkedEvent(account.id) as Payload;
    const synced = f.sim.syncCompletedEvent(account.id) as Payload;
    for (const event of [
      { ...linked, data: { ...(linked.data as object), vendor_extra: deep } },
      { ...synced, hook: { ...(synced.hook as object), extra: deep } },
      { ...synced, linked_account: { ...synced.linked_account, extra: deep } },
    ])
      expect((await postWithDeepValue(event)).statusCode).toBe(200);
    await expectNothingDeadLettered();
    expect((await f.accounts.get(account.id))?.status).toBe('ACTIVE');
  });

  it('a signed 1 MiB webhook (a record with a long description) is accepted, queued compressed and processed', async () => {
    const account = await linkAndSync(f, 'ticketing', { 'ticketing.Ticket': 1 });
    const paragraph = 'The customer reports that the export fails after the third page; logs attached. ';
    const record = f.sim.addRecord(account.id, 'ticketing.Ticket', {
      description: paragraph.repeat(Math.ceil(1_000_000 / paragraph.length)),
    });
    const event = f.sim.changedDataEvent(account.id, 'ticketing.Ticket', String(record.id), 'changed');
    const bytes = Buffer.byteLength(JSON.stringify(event));
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(answered(await f.postWebhook(event))).toEqual({ code: 200, status: 'accepted' });
    await expectNothingDeadLettered();
    // Over DynamoDB's 400 KB item, the record is kept in its safe form (bad-records.test.ts): it exists.
    expect(await f.records.get(account.id, 'ticketing.Ticket', String(record.id))).toBeDefined();
  });

  it('over 1 MiB, or 1 MiB that will not compress under SQS’s 256 KiB: 413 (the documented limit), nothing queued', async () => {
    const account = f.sim.linkAccount({ category: 'ticketing' });
    const noise = randomBytes(700_000).toString('base64');
    const record = f.sim.addRecord(account.id, 'ticketing.Ticket', { description: noise });
    const event = f.sim.changedDataEvent(account.id, 'ticketing.Ticket', String(record.id), 'changed');
    expect(answered(await f.postWebhook(event))).toMatchObject({ code: 413 });
    expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });
});
