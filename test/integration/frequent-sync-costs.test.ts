import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 600 } },
});

const LEADS = '/crm/v1/leads';
const dedupeWrites = () => f.dynamoWrites.countContaining('PutItem', 'DEDUPE#');
const listRequests = (accountId: string) => f.sim.requestCount({ accountId, pathIncludes: LEADS });
const syncCompleted = (accountId: string) =>
  f.pipeline.bus
    .since()
    .filter((e) => e.detailType === DETAIL_TYPE.syncCompleted)
    .filter((e) => (e.detail as { accountId: string; modelId: string }).accountId === accountId)
    .filter((e) => (e.detail as { modelId: string }).modelId === 'crm.Lead');

/** Merge finishes a sync of the account's leads and says so with a {Model}.synced webhook. */
async function mergeSyncs(accountId: string) {
  f.sim.runSync(accountId, { result: 'DONE' });
  await f.postWebhook(f.sim.modelSyncedEvent(accountId, 'crm.Lead'));
  await f.pipeline.drain();
}

describe('sync webhooks are idempotent by the sync state (issue 18: one write fewer per webhook)', () => {
  it('a {Model}.synced webhook takes no dedupe claim: its marker is written once, when it is done', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    f.sim.runSync(account.id, { result: 'DONE' });
    f.dynamoWrites.reset();
    const lists = listRequests(account.id);
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    // Before: a conditional claim and the DONE marker (2 writes); now the marker only.
    expect(dedupeWrites()).toBe(1);
    expect(listRequests(account.id) - lists).toBe(1);
  });

  it('the same sync signalled again (a repeated delivery, then a later webhook) is not fetched again', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    f.sim.runSync(account.id, { result: 'DONE' });
    const synced = f.sim.modelSyncedEvent(account.id, 'crm.Lead');
    await f.postWebhook(synced);
    await f.pipeline.drain();
    const answered = await f.states.get(account.id, 'crm.Lead');
    const lists = listRequests(account.id);

    // Merge's duplicate delivery (same body, same signature) and the account-wide webhook of the
    // same sync: both are processed, neither asks for a fetch.
    await f.postWebhook(synced);
    await f.postWebhook(f.sim.syncCompletedEvent(account.id, { models: ['crm.Lead'] }));
    await f.pipeline.drain();
    expect(listRequests(account.id)).toBe(lists);
    expect((await f.states.get(account.id, 'crm.Lead')).lastRun?.id).toBe(answered.lastRun?.id);

    // The next sync is fetched as before.
    f.sim.addRecord(account.id, 'crm.Lead');
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    expect(listRequests(account.id)).toBe(lists + 1);
    expect(f.sim.records(account.id, 'crm.Lead')).toHaveLength(
      (await f.storedRecords(account.id, 'crm.Lead')).length,
    );
  });

  it('a sync webhook that names no finished sync is still claimed: its duplicate has no effect', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    f.sim.runSync(account.id, { result: 'DONE' });
    const synced = f.sim.modelSyncedEvent(account.id, 'crm.Lead');
    const bare = {
      ...synced,
      data: {
        sync_status: { model_id: 'crm.Lead', model_name: 'Lead', status: 'DONE', last_sync_result: 'DONE' },
      },
    };
    f.dynamoWrites.reset();
    await f.postWebhook(bare);
    await f.pipeline.drain();
    const lists = listRequests(account.id);
    await f.postWebhook(bare);
    await f.pipeline.drain();
    expect(listRequests(account.id)).toBe(lists);
    // The claim and the marker of the first delivery, the refused claim of the second.
    expect(dedupeWrites()).toBe(3);
  });
});

describe('a run that found nothing new announces itself at most hourly (quietRunEventEveryMinutes)', () => {
  it('publishes Sync Completed for the first run and for runs with changes, not for quiet runs in between', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    expect(syncCompleted(account.id)).toHaveLength(1);
    const firstRun = (await f.states.get(account.id, 'crm.Lead')).lastRun?.id;

    await mergeSyncs(account.id);
    const quiet = await f.states.get(account.id, 'crm.Lead');
    expect(quiet.lastRun?.id).not.toBe(firstRun);
    expect(quiet.lastRun?.counts).toMatchObject({ added: 0, changed: 0, deleted: 0 });
    expect(syncCompleted(account.id)).toHaveLength(1);

    f.sim.addRecord(account.id, 'crm.Lead');
    await mergeSyncs(account.id);
    const events = syncCompleted(account.id);
    expect(events).toHaveLength(2);
    expect((events[1]!.detail as { counts: { added: number } }).counts.added).toBe(1);
  });

  it('a quiet run publishes one when the last was longer ago than the interval', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    const state = await f.states.get(account.id, 'crm.Lead');
    // The model's last event was two hours ago (as if every run since had been quiet).
    await f.states.save({ ...state, announcedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    await mergeSyncs(account.id);
    const events = syncCompleted(account.id);
    expect(events).toHaveLength(2);
    expect((events[1]!.detail as { counts: { added: number } }).counts.added).toBe(0);
    // ...and the next quiet run within the hour does not.
    await mergeSyncs(account.id);
    expect(syncCompleted(account.id)).toHaveLength(2);
  });
});

/** DynamoDB's item size: attribute names plus values (binary as its bytes). */
function itemBytes(item: Record<string, Record<string, string>>): number {
  return Object.entries(item).reduce((n, [name, value]) => {
    const [type, raw] = Object.entries(value)[0]!;
    return n + name.length + (type === 'B' ? Buffer.from(raw, 'base64').length : String(raw).length);
  }, 0);
}

describe('a sync state write costs one write unit', () => {
  it('every state write of a quiet sync (decision, claim, completion) is under 1 KB', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    f.sim.runSync(account.id, { result: 'DONE' });
    f.dynamoWrites.reset();
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    const stateWrites = f.dynamoWrites
      .requests()
      .filter((r) => r.op === 'PutItem' && r.body.includes('STATE#crm.Lead'))
      .map((r) => (JSON.parse(r.body) as { Item: Record<string, Record<string, string>> }).Item);
    expect(stateWrites.length).toBeGreaterThanOrEqual(3);
    for (const item of stateWrites) expect(itemBytes(item)).toBeLessThanOrEqual(1024);
    expect((await f.states.get(account.id, 'crm.Lead')).lastRun?.counts.unchanged).toBeGreaterThanOrEqual(0);
  });

  it('a state an earlier version stored as plain JSON is read, and written back deflated', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const { version, ...doc } = await f.states.get(account.id, 'crm.Lead');
    const client = new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint });
    await client.send(
      new PutItemCommand({
        TableName: f.pipeline.tableName,
        Item: {
          pk: { S: `ACCOUNT#${account.id}` },
          sk: { S: 'STATE#crm.Lead' },
          version: { N: String(version) },
          doc: { S: JSON.stringify(doc) },
        },
      }),
    );
    client.destroy();
    expect(await f.states.get(account.id, 'crm.Lead')).toEqual({ ...doc, version });
    f.sim.addRecord(account.id, 'crm.Lead');
    await mergeSyncs(account.id);
    expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(6);
  });
});
