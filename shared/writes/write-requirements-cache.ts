/**
 * A model's `meta` for an account, fetched through the account's budget (ahead of reads, like the
 * write it serves) and cached in the table per (account, model, operation) for a bounded time.
 * `meta/patch/{id}` is fetched for the record at hand and cached for the model: what an update must
 * carry is the integration's and the account's, not the record's. Concurrent misses in one
 * process share one fetch.
 */
import type { ModelDefinition } from '../config/model-catalog';
import type { WriteOperation } from '../core/writes';
import { MergeAuthError, MergeHttpError } from '../merge/errors';
import { isRetryableStatus } from '../merge/retry-policy';
import type { AccountContext } from '../merge/types';
import type { WriteRequirements, WriterDeps } from './ports';
import { metaPath } from './write-request';
import { NO_REQUIREMENTS, readRequirements } from './write-requirements';

export async function requirementsFor(
  deps: WriterDeps,
  account: AccountContext,
  model: ModelDefinition,
  operation: WriteOperation,
  recordId: string | null,
  deadlineAtMs: number,
): Promise<WriteRequirements> {
  const cached = await deps.writes.getRequirements(account.accountId, model.modelId, operation);
  const now = deps.clock.now();
  if (cached && now - cached.fetchedAtMs < deps.writeSettings.requirementsTtlMs) return cached.requirements;
  // Writes of one batch run side by side: the first miss fetches, the others wait for its answer.
  const key = `${account.accountId} ${model.modelId} ${operation}`;
  let fetched = inFlight.get(key);
  if (!fetched) {
    fetched = fetchRequirements(deps, account, model, operation, recordId, deadlineAtMs, now);
    inFlight.set(key, fetched);
    void fetched.catch(() => undefined).finally(() => inFlight.delete(key));
  }
  return fetched;
}

/** Fetches under way in this process (a Lambda container), by account, model and operation. */
const inFlight = new Map<string, Promise<WriteRequirements>>();

async function fetchRequirements(
  deps: WriterDeps,
  account: AccountContext,
  model: ModelDefinition,
  operation: WriteOperation,
  recordId: string | null,
  deadlineAtMs: number,
  now: number,
): Promise<WriteRequirements> {
  let requirements: WriteRequirements;
  try {
    const response = await deps.merge.request(account, {
      method: 'GET',
      path: metaPath(model, operation, recordId),
      priority: 'write',
      deadlineAtMs,
    });
    requirements = readRequirements(response.body);
  } catch (error) {
    // No `meta` for this model or integration (404, 400 ...): nothing to check it against, and
    // Merge still validates the write itself. A refused token, 429s and 5xx are the write's problem.
    const refusedMeta =
      error instanceof MergeHttpError &&
      !(error instanceof MergeAuthError && error.status === 401) &&
      !isRetryableStatus(error.status);
    if (!refusedMeta) throw error;
    deps.log.debug('no usable meta for the write; Merge validates it', {
      accountId: account.accountId,
      modelId: model.modelId,
      status: error.status,
    });
    requirements = NO_REQUIREMENTS;
  }
  await deps.writes.putRequirements(account.accountId, model.modelId, operation, requirements, now);
  return requirements;
}
