import { lambdaContext } from '../../infra/local/lambda-context';
import type { SignedWebhook } from '../../infra/local/merge-simulator/types';
import type { RecordIssue } from '../../shared/core/sync-state';
import { httpApiEvent } from '../helpers/events';
import { capturedLogLines } from '../helpers/log-capture';
import { expectedData, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ticketing.Ticket'),
      planRequestsPerMinute: 6000,
    },
  },
});

const MODEL = 'ticketing.Ticket';

async function recordIssues(accountId: string): Promise<RecordIssue[]> {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path: `/accounts/${accountId}/sync-state` }),
    lambdaContext('read-api', 10_000),
  );
  const body = JSON.parse(result.body ?? '{}') as {
    models: { model_id: string; record_issues: RecordIssue[] }[];
  };
  return body.models.find((m) => m.model_id === MODEL)!.record_issues;
}

const postSigned = (signed: SignedWebhook) =>
  f.postRaw(signed.body, {
    'Content-Type': 'application/json',
    'X-Merge-Webhook-Signature': signed.signature,
  });

async function syncModel(accountId: string) {
  f.sim.runSync(accountId, { result: 'DONE' });
  await f.postWebhook(f.sim.modelSyncedEvent(accountId, MODEL));
  await f.pipeline.drain();
}

/**
 * One record we cannot store as it is never stalls its model: it is stored in a safe form (without
 * the fields named) or skipped, and noted (metric, sync state, a log line without content), while
 * the rest of its page and model goes on and the cursor advances.
 */
describe('records that cannot be stored as received', () => {
  let accountId: string;
  let deepId: string;
  let hugeId: string;
  let notARecordId: string;

  it('a first page with a record nested 20,000 deep, one over 400 KB and one not an object', async () => {
    const account = f.sim.linkAccount({ category: 'ticketing' });
    accountId = account.id;
    const deep = f.sim.injectBadRecord(accountId, MODEL, 'deep');
    const huge = f.sim.injectBadRecord(accountId, MODEL, 'huge', { field: 'description' });
    notARecordId = String(f.sim.injectBadRecord(accountId, MODEL, 'not-an-object').id);
    f.sim.seedRecords(accountId, MODEL, 130); // a second page after the bad records' page
    deepId = String(deep.id);
    hugeId = String(huge.id);
    await f.postWebhook(f.sim.linkedEvent(accountId));
    await f.pipeline.drain();
    f.sim.finishSync(accountId, { result: 'DONE' });
    await f.postWebhook(f.sim.syncCompletedEvent(accountId, { isInitialSync: true }));
    await f.pipeline.drain();

    // The fetch completed over both pages and moved the cursor; nothing went to a dead-letter queue.
    const state = await f.states.get(accountId, MODEL);
    expect(state.run).toBeUndefined();
    expect(state.cursor).not.toBeNull();
    expect(state.lastRun).toMatchObject({ pages: 2, counts: { added: 132, invalid: 1, truncated: 2 } });
    expect(await f.pipeline.queueDepth('jobsDlq')).toMatchObject({ visible: 0 });

    // Every other record is stored exactly; the two bad ones in a safe form, without the fields named.
    const stored = new Map((await f.storedRecords(accountId, MODEL)).map((r) => [r.id, r]));
    expect(stored.size).toBe(132);
    for (const record of f.sim.records(accountId, MODEL).filter((r) => r.id !== hugeId))
      expect(stored.get(String(record.id))?.data).toEqual(expectedData(record, MODEL));
    expect(stored.get(deepId)).toMatchObject({
      data: { id: deepId, modified_at: deep.modified_at },
      droppedFields: ['field_mappings'],
    });
    expect(stored.get(hugeId)?.droppedFields).toContain('description');
    expect(stored.get(hugeId)?.data.name).toBe(huge.name);

    // Noted where an operator looks: the read API's sync-state and a log line (the metric, which
    // tests keep off stdout, in test/unit/sync/record-issues.test.ts).
    expect(await recordIssues(accountId)).toEqual(
      expect.arrayContaining([
        { id: deepId, reason: 'too-deep', fields: ['field_mappings'], at: expect.any(String) },
        { id: hugeId, reason: 'too-large', fields: ['description'], at: expect.any(String) },
        { id: null, reason: 'not-a-record', at: expect.any(String) },
      ]),
    );
    const lines = capturedLogLines();
    const noted = lines.filter((l) => l.includes('record not stored as received') && l.includes(accountId));
    expect(noted.length).toBeGreaterThanOrEqual(3);
    expect(noted.filter((l) => l.includes(deepId) && l.includes('too-deep'))).not.toHaveLength(0);
    expect(lines.some((l) => l.includes('Lorem ipsum') || l.includes('{"a":{"a":'))).toBe(false);
  });

  it('the model goes on: later changes are fetched, the bad records noted again, not repeated', async () => {
    const some = String(f.sim.records(accountId, MODEL)[5]!.id);
    f.sim.updateRecord(accountId, MODEL, some, { name: 'changed after the bad page' });
    f.sim.updateRecord(accountId, MODEL, hugeId, { name: 'still huge' });
    await syncModel(accountId);
    expect((await f.records.get(accountId, MODEL, some))?.data.name).toBe('changed after the bad page');
    expect((await f.records.get(accountId, MODEL, hugeId))?.data.name).toBe('still huge');
    const issues = await recordIssues(accountId);
    expect(issues.filter((i) => i.id === hugeId)).toHaveLength(1);
  });

  it('a record webhook carrying a record nested 20,000 deep is stored in a safe form, not retried', async () => {
    const before = (await recordIssues(accountId)).find((i) => i.id === deepId)!.at;
    const answer = await postSigned(f.sim.changedDataRequest(accountId, MODEL, deepId, 'changed'));
    expect(answer.statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0 });
    expect((await f.records.get(accountId, MODEL, deepId))?.droppedFields).toEqual(['field_mappings']);
    const noted = (await recordIssues(accountId)).find((i) => i.id === deepId)!;
    expect(noted.reason).toBe('too-deep');
    expect(noted.at > before).toBe(true);
  });

  it('a record webhook whose body is not a Common Model object is noted and dropped, not retried', async () => {
    const signed = f.sim.changedDataRequest(accountId, MODEL, notARecordId, 'changed');
    expect(signed.body).toContain('"data":"Varies by platform"');
    const noted = () => recordIssues(accountId).then((all) => all.filter((i) => i.reason === 'not-a-record'));
    const before = await noted();
    expect((await postSigned(signed)).statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0 });
    const after = await noted();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]!.at > before[0]!.at).toBe(true);
  });
});
