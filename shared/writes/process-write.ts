/**
 * The writer's work on one write message: check the write is still wanted and its turn has come,
 * take it (a lease), check it against Merge's `meta`, send it with the Idempotency-Key every one
 * of its attempts carries, and finish it: the store follows, the outcome goes on the bus.
 */
import { findModel, type ModelDefinition } from '../config/model-catalog';
import type { LinkedAccount } from '../core/accounts';
import { isFinished, type WriteRecord } from '../core/writes';
import type { MergeResponse } from '../merge/types';
import { METRIC } from '../observability/ports';
import type { WriteMessage } from '../queue/messages';
import { hasAuthFailure, recordAuthFailure } from '../sync/auth-failures';
import type { Deadline } from '../sync/deadline';
import { isoNow } from '../sync/ports';
import { readProblems } from './merge-problems';
import type { VersionedWrite, WriterDeps } from './ports';
import { storeReturnedRecord } from './store-returned-record';
import { claim, isRedrive, resend, restart, withLeaseReleasedOnError } from './write-lease';
import { classifyWriteFailure } from './write-failures';
import { failWrite, finishWrite, giveUp, requeueWrite, retryDelaySeconds } from './write-finish';
import { createPastItsKey, mergeIdempotencyKey } from './write-ids';
import { writePath } from './write-request';
import { missingFields } from './write-requirements';
import { requirementsFor } from './write-requirements-cache';

export type WriteOutcome = {
  outcome: 'succeeded' | 'failed' | 'retrying' | 'waiting-turn' | 'busy' | 'duplicate' | 'unknown';
};

const done = (outcome: WriteOutcome['outcome']): WriteOutcome => ({ outcome });

export async function processWrite(
  deps: WriterDeps,
  message: WriteMessage,
  deadline: Deadline,
): Promise<WriteOutcome> {
  let stored = await deps.writes.get(message.accountId, message.writeId);
  if (!stored) {
    deps.log.warn('write message for a write we do not have', { writeId: message.writeId });
    return done('unknown');
  }
  if (isFinished(stored.write)) {
    if (!isRedrive(message, stored.write)) return done('duplicate');
    stored = await restart(deps, stored);
  }
  const now = deps.clock.now();
  const { write } = stored;
  if (write.leaseUntil !== undefined && write.leaseUntil > now) {
    // Another writer has it; come back once its lease is over, in case it crashed.
    await resend(deps, message, (write.leaseUntil - now) / 1000 + 1);
    return done('busy');
  }
  // A retry is already scheduled (this is a stray duplicate): that message will come.
  if (write.nextAttemptAt && Date.parse(write.nextAttemptAt) > now + 1000) return done('duplicate');

  const account = await deps.accounts.get(write.accountId);
  if (!account || account.status !== 'ACTIVE')
    return finished(
      await failWrite(deps, stored, {
        code: 'account_deleted',
        message: 'the account was deleted before the write was sent',
      }),
    );
  if (hasAuthFailure(account)) return finished(await failWrite(deps, stored, RELINK));
  const model = findModel(write.modelId);
  if (!model)
    return finished(
      await failWrite(deps, stored, { code: 'invalid_request', message: `unknown model ${write.modelId}` }),
    );
  if (await waitForTurn(deps, stored)) return done('waiting-turn');

  if (write.answer) {
    const claimed = await claim(deps, stored, message, deadline, {});
    if (!claimed) return done('busy');
    return withLeaseReleasedOnError(deps, claimed, () => completeAnswered(deps, account, claimed));
  }
  return send(deps, account, model, stored, message, deadline);
}

const RELINK = {
  code: 'relink_needed' as const,
  message: 'Merge refuses the account token: the account needs a relink (merge-sync accounts list)',
};

const finished = (result: { outcome: string; write?: WriteRecord }): WriteOutcome =>
  result.outcome === 'finished' && result.write
    ? done(result.write.status === 'succeeded' ? 'succeeded' : 'failed')
    : done('busy');

/** An update waits while an update of the same record accepted before it is unfinished. */
async function waitForTurn(deps: WriterDeps, stored: VersionedWrite): Promise<boolean> {
  const { write } = stored;
  if (write.operation !== 'update' || write.orderSeq === undefined || !write.recordId) return false;
  const earlier = await deps.writes.pendingBefore(
    write.accountId,
    write.modelId,
    write.recordId,
    write.orderSeq,
  );
  if (earlier.length === 0) return false;
  const now = deps.clock.now();
  const due = Math.min(...earlier.map((w) => (w.nextAttemptAt ? Date.parse(w.nextAttemptAt) : now)));
  await requeueWrite(deps, stored, Math.max(1, (due - now) / 1000 + 1));
  return true;
}

async function send(
  deps: WriterDeps,
  account: LinkedAccount,
  model: ModelDefinition,
  stored: VersionedWrite,
  message: WriteMessage,
  deadline: Deadline,
): Promise<WriteOutcome> {
  const { write } = stored;
  const token = await deps.accounts.getToken(write.accountId);
  if (!token) return finished(await failWrite(deps, stored, RELINK));
  const keyGone = createPastItsKey(write, deps.clock.now());
  if (keyGone) return finished(await failWrite(deps, stored, keyGone));
  const context = { accountId: write.accountId, accountToken: token, category: account.category };
  const deadlineAtMs = deps.clock.now() + deadline.remainingMs() - deadline.safetyMarginMs;
  let requirements;
  try {
    requirements = await requirementsFor(deps, context, model, write.operation, write.recordId, deadlineAtMs);
  } catch (error) {
    return onFailure(deps, stored, error, 'meta');
  }
  if (requirements.canMakeRequest === false)
    return finished(
      await failWrite(deps, stored, {
        code: 'cannot_make_request',
        message: `Merge says no request can be made for this account now (linked account status ${requirements.linkedAccountStatus ?? 'unknown'}); not sent`,
      }),
    );
  const missing = missingFields(requirements, write);
  if (missing.length > 0)
    return finished(
      await failWrite(deps, stored, {
        code: 'missing_required_fields',
        message: `Merge requires ${missing.join(', ')} for ${write.modelId} on this account; not sent`,
        fields: missing,
      }),
    );
  // Taken, and marked before it goes: from here on Merge may have it.
  const claimed = await claim(deps, stored, message, deadline, {
    status: 'sending',
    attempts: write.attempts + 1,
    roundAttempts: write.roundAttempts + 1,
    firstSentAt: write.firstSentAt ?? isoNow(deps.clock),
  });
  if (!claimed) return done('busy');
  if (write.attempts === 0)
    deps.metrics.add(METRIC.writeTimeToSend, deps.clock.now() - Date.parse(write.createdAt), 'Milliseconds');
  return withLeaseReleasedOnError(deps, claimed, async () => {
    let response: MergeResponse;
    try {
      response = await deps.merge.request(context, {
        method: write.operation === 'create' ? 'POST' : 'PATCH',
        path: writePath(model, write.operation, write.recordId),
        body: {
          model: write.data ?? {},
          ...(write.remoteUserId ? { remote_user_id: write.remoteUserId } : {}),
        },
        idempotencyKey: mergeIdempotencyKey(write.writeId),
        deadlineAtMs,
      });
    } catch (error) {
      return onFailure(deps, claimed, error, 'write');
    }
    return onAnswer(deps, account, claimed, response);
  });
}

/** Merge answered 2xx: the answer is kept first, so a crash from here on sends nothing again. */
async function onAnswer(
  deps: WriterDeps,
  account: LinkedAccount,
  stored: VersionedWrite,
  response: MergeResponse,
): Promise<WriteOutcome> {
  const body = response.body as { model?: unknown } | undefined;
  const model =
    body && typeof body.model === 'object' && body.model !== null && !Array.isArray(body.model)
      ? (body.model as Record<string, unknown>)
      : null;
  const { data: _data, ...write } = stored.write;
  const answered = await deps.writes.save(
    {
      ...write,
      answer: { status: response.status, model },
      recordId: typeof model?.id === 'string' ? model.id : write.recordId,
      merge: readProblems(body),
      updatedAt: isoNow(deps.clock),
    },
    stored.version,
  );
  return completeAnswered(deps, account, answered);
}

async function completeAnswered(
  deps: WriterDeps,
  account: LinkedAccount,
  stored: VersionedWrite,
): Promise<WriteOutcome> {
  const { answer, merge } = stored.write;
  if (!answer?.model && merge.errors.length > 0)
    return finished(
      await failWrite(deps, stored, {
        code: 'merge_rejected',
        message: `Merge answered ${answer?.status ?? '2xx'} with errors and no record`,
      }),
    );
  const context = async () => {
    const token = await deps.accounts.getToken(account.id);
    return token ? { accountId: account.id, accountToken: token, category: account.category } : undefined;
  };
  await storeReturnedRecord(deps, account, stored.write.modelId, answer?.model ?? null, context);
  return finished(await finishWrite(deps, stored, { status: 'succeeded', error: null }));
}

async function onFailure(
  deps: WriterDeps,
  stored: VersionedWrite,
  error: unknown,
  phase: 'meta' | 'write',
): Promise<WriteOutcome> {
  const failure = classifyWriteFailure(error);
  if (!failure) throw error;
  const { write } = stored;
  if (failure.kind === 'rejected')
    return finished(
      await failWrite(
        deps,
        stored,
        { code: 'merge_rejected', message: `Merge refused the write: ${failure.message}` },
        { merge: { warnings: failure.warnings, errors: failure.errors } },
      ),
    );
  if (failure.kind === 'relink') {
    await recordAuthFailure(deps, write.accountId, 'write');
    return finished(
      await failWrite(deps, stored, RELINK, { merge: { warnings: [], errors: failure.errors } }),
    );
  }
  // What counts toward the bound: a request that reached (or may have reached) Merge, the write's
  // or its meta's; `attempts` counts the write's own. Not sent (the failure guard, our deadline): none.
  const counts =
    phase === 'meta'
      ? { roundAttempts: write.roundAttempts + (failure.sent ? 1 : 0) }
      : failure.sent
        ? {}
        : { attempts: write.attempts - 1, roundAttempts: Math.max(0, write.roundAttempts - 1) };
  const roundAttempts = counts.roundAttempts ?? write.roundAttempts;
  if (failure.sent && roundAttempts >= deps.writeSettings.maxAttempts)
    return finished(await giveUp(deps, { ...stored, write: { ...write, ...counts } }, failure.message));
  const delaySeconds = retryDelaySeconds(deps, Math.max(1, roundAttempts), failure.retryAtMs);
  await requeueWrite(deps, stored, delaySeconds, counts);
  deps.metrics.add(METRIC.writesRetried, 1, 'Count', { model: write.modelId });
  deps.log.warn('write will be retried', {
    accountId: write.accountId,
    writeId: write.writeId,
    error: error instanceof Error ? error.name : 'error',
    attempts: counts.attempts ?? write.attempts,
    delaySeconds,
  });
  return done('retrying');
}
