import type { PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { envelopeSchema } from '../../../shared/merge/schemas/webhooks';
import { onLinked } from '../../../shared/sync/webhooks/account-events';
import { linkAndSync, mergeClientFor, useSyncFixture, type SyncFixture } from '../../helpers/sync-fixture';
import { deleteAndPurge, depsWith, interleavingClient } from '../lib/interleave';

/**
 * ENGINE BUG-4 (found by this suite; fixed in e99b3b1: this test now guards the fix). DynamoAccountStore.update writes the account token
 * *before* the conditional write of the account item, and does not take it back when that write loses
 * the race. A LinkedAccount.linked (a relink, or Merge's retry of the original) processed while
 * LinkedAccount.deleted and its purge run - the event processor runs 4 messages of a batch at once, so
 * both can be in flight together - can therefore write the token after the purge deleted it: the
 * account ends DELETED with its token stored for good (the purge never runs again in AWS; only the
 * local runtime's restart recovery re-purges). A deleted customer's credential stays in the table.
 * The interleaving is forced here with an SDK middleware that runs the deletion and the purge just
 * before the token write goes out.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 6000 } },
});

it('BUG-4: a relink racing LinkedAccount.deleted and its purge never leaves the token behind', async () => {
  const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
  // A relink with the stored token writes no token (nothing changes); one with a new token (after
  // Merge's account-token/regenerate) writes it, once Merge has accepted it: the race this guards.
  f.sim.regenerateAccountToken(account.id);
  const plain = depsWith(f);
  const { client, interleaved } = interleavingClient(f, {
    at: 'before',
    matches: ({ commandName, input }) => {
      const item = (input as PutItemCommandInput).Item;
      return (
        commandName === 'PutItemCommand' && item?.sk?.S === 'TOKEN' && item?.pk?.S === `TOKEN#${account.id}`
      );
    },
    // Meanwhile, another message of the batch: LinkedAccount.deleted, then the purge job.
    interleave: async () => {
      await deleteAndPurge(f, plain, account.id);
      expect(await plain.accounts.getToken(account.id)).toBeUndefined();
    },
  });
  const racy = { ...depsWith(f, client), tokenChecker: async () => mergeClientFor(f) };
  const outcome = await onLinked(
    racy,
    envelopeSchema.parse(f.sim.linkedEvent(account.id, { isRelink: true })),
  );
  expect(interleaved()).toBe(true);
  expect(outcome).toEqual({ outcome: 'ignored' }); // the deleted account is not brought back...
  expect((await plain.accounts.get(account.id))?.status).toBe('DELETED');
  // ...but its token must not come back either.
  expect({ tokenStored: (await plain.accounts.getToken(account.id)) !== undefined }).toEqual({
    tokenStored: false,
  });
});
