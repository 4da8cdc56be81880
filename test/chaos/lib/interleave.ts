import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MemoryMetrics, silentLog } from '../../../shared/observability/ports';
import { envelopeSchema } from '../../../shared/merge/schemas/webhooks';
import { createSyncDeps } from '../../../shared/runtime/deps/sync-deps';
import { Deadline } from '../../../shared/sync/deadline';
import type { SyncDeps } from '../../../shared/sync/ports';
import { purgeAccount } from '../../../shared/sync/purge-account';
import { onAccountDeleted } from '../../../shared/sync/webhooks/account-events';
import type { SyncFixture } from '../../helpers/sync-fixture';

/**
 * The engine's dependencies as the functions build them (the pipeline's config) over the fixture's
 * stand-ins, with a DynamoDB client of the test's own.
 */
export function depsWith(
  f: SyncFixture,
  dynamodb = new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint }),
) {
  return createSyncDeps(
    f.pipeline.config.engine,
    { ...f.pipeline.clients, dynamodb },
    { log: silentLog, metrics: new MemoryMetrics() },
  );
}

type Command = { commandName: string; input: unknown };

/**
 * A DynamoDB client that runs `interleave` once, at the first command `matches` picks: before that
 * command goes out (`at: 'before'`) or after its answer (`at: 'after'`). How the race tests force
 * one exact interleaving of two writers.
 */
export function interleavingClient(
  f: SyncFixture,
  options: {
    at: 'before' | 'after';
    matches: (command: Command) => boolean;
    interleave: () => Promise<void>;
  },
): { client: DynamoDBClient; interleaved: () => boolean } {
  const client = new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint });
  let done = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = { commandName: context.commandName as string, input: args.input };
      const hit = !done && options.matches(command);
      if (hit) done = true; // before any await: a concurrent matching command must not run it twice
      if (hit && options.at === 'before') await options.interleave();
      const result = await next(args);
      if (hit && options.at === 'after') await options.interleave();
      return result;
    },
    { step: 'initialize', name: 'chaosInterleave' },
  );
  return { client, interleaved: () => done };
}

/** What LinkedAccount.deleted and then its purge job do, run to the end with `deps`. */
export async function deleteAndPurge(f: SyncFixture, deps: SyncDeps, accountId: string): Promise<void> {
  await onAccountDeleted(deps, envelopeSchema.parse(f.sim.accountDeletedEvent(accountId)));
  await purgeAccount(
    deps,
    { v: 1, kind: 'purge', accountId, requestedAt: new Date().toISOString() },
    new Deadline(() => 60_000),
  );
}
