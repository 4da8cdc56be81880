import { DynamoDBClient, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoOutboxStore } from '../../../shared/store/dynamodb/outbox-store';
import { applyRecordsForActiveAccount } from '../../../shared/sync/apply-records';
import { normalizeRecord } from '../../../shared/sync/normalize';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../../helpers/sync-fixture';
import { deleteAndPurge, depsWith, interleavingClient } from '../lib/interleave';

/**
 * ENGINE BUG-6 (found by this suite; fixed in e99b3b1: this test now guards the fix). A page of records being stored when LinkedAccount.deleted
 * and its purge run: applyRecordsForActiveAccount (shared/sync/apply-records.ts) plans the page's
 * change events in the outbox *before* writing, and when it then finds the account deleted it removes
 * the records it wrote - but not the outbox batch it planned. If the purge (which deletes the
 * account's outbox batches) finished in between, that batch stays in the table for good: nothing
 * drains the outbox of a deleted account. A deleted account's record ids stay behind (invariant 7:
 * "its records are purged"). Forced here with an SDK middleware that runs the deletion and the purge
 * just before the outbox write goes out.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 6000 } },
});

it('BUG-6: a purge racing a page write leaves no outbox batch behind', async () => {
  const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
  const plainClient = new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint });
  const plain = depsWith(f, plainClient);
  const { client, interleaved } = interleavingClient(f, {
    at: 'before',
    matches: ({ commandName, input }) => {
      const item = (input as PutItemCommandInput).Item;
      return (
        commandName === 'PutItemCommand' &&
        item?.pk?.S === `ACCOUNT#${account.id}` &&
        item?.sk?.S?.startsWith('OUTBOX#') === true
      );
    },
    interleave: async () => {
      await deleteAndPurge(f, plain, account.id);
    },
  });
  const racy = depsWith(f, client);
  expect(racy.events).toBeDefined(); // change events are on (EVENT_BUS_NAME is set by the pipeline)
  const model = racy.settings.model('crm.Lead');
  if (!model) throw new Error('crm.Lead is not configured');
  // Merge changed every lead: the page to store.
  for (const r of f.sim.records(account.id, 'crm.Lead')) f.sim.updateRecord(account.id, 'crm.Lead', r.id);
  const page = f.sim.records(account.id, 'crm.Lead').flatMap((r) => normalizeRecord(r, model).records);
  expect(await applyRecordsForActiveAccount(racy, account.id, page)).toEqual({ outcome: 'account-gone' });
  expect(interleaved()).toBe(true);
  expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(0); // the records it wrote: removed
  const outbox = await new DynamoOutboxStore(plainClient, f.pipeline.tableName).listForAccount(account.id);
  expect({ outboxBatchesLeft: outbox.length }).toEqual({ outboxBatchesLeft: 0 });
});
