/**
 * Accepting a write: checked, stored and queued before it is acknowledged (a crash anywhere leaves
 * either nothing acknowledged or a stored write that a resubmission of the same key finds). The
 * same idempotency key answers the same write; with another body it is a conflict.
 */
import type { ModelDefinition } from '../config/model-catalog';
import type { WriteRecord } from '../core/writes';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { MessageQueue } from '../queue/messages';
import type { Clock } from '../runtime/clock';
import type { AccountStore } from '../store/ports';
import { VersionConflictError } from '../store/ports';
import { hasAuthFailure } from '../sync/auth-failures';
import type { WriteStore } from './ports';
import { keyHash, requestHash, type WriteRequest } from './write-request';
import { newWriteId } from './write-ids';

export interface AcceptDeps {
  writes: WriteStore;
  accounts: AccountStore;
  /** Sends write messages; absent when the caller processes the write itself (a Write Requested event). */
  queue?: MessageQueue;
  clock: Clock;
  log: Log;
  metrics: Metrics;
}

export type AcceptOutcome =
  | { outcome: 'accepted'; created: boolean; write: WriteRecord }
  | { outcome: 'invalid'; message: string }
  | { outcome: 'account-not-found' }
  | { outcome: 'relink-needed' }
  | { outcome: 'key-conflict'; writeId: string };

export async function acceptWrite(
  deps: AcceptDeps,
  accountId: string,
  parsed: { request: WriteRequest; model: ModelDefinition; dataBytes: number },
  source: WriteRecord['source'],
): Promise<AcceptOutcome> {
  const { request, model } = parsed;
  const account = await deps.accounts.get(accountId);
  if (!account || account.status !== 'ACTIVE') return { outcome: 'account-not-found' };
  if (hasAuthFailure(account)) return { outcome: 'relink-needed' };
  if (model.category !== account.category)
    return {
      outcome: 'invalid',
      message: `model ${model.modelId} is not of this account's category (${account.category})`,
    };

  const hash = requestHash(request);
  const fresh = newWriteId(deps.clock);
  const claim = await deps.writes.claimKey(accountId, keyHash(request.idempotencyKey), fresh, hash);
  if (claim.outcome === 'held' && claim.requestHash !== hash)
    return { outcome: 'key-conflict', writeId: claim.writeId };
  const writeId = claim.outcome === 'claimed' ? fresh : claim.writeId;

  let stored = await deps.writes.get(accountId, writeId);
  let created = false;
  if (!stored) {
    // Claimed just now, or the key's first holder crashed before storing its write: this request
    // (the same body) stores it, under the id the key names.
    const write = await newWrite(deps, accountId, writeId, parsed, hash, source);
    created = (await deps.writes.create(write)) === 'created';
    // Stored at version 1 when it was ours to create; else whoever was first stored it.
    stored = created ? { write, version: 1 } : await deps.writes.get(accountId, writeId);
    if (!stored) throw new Error(`write ${writeId} vanished after it was stored`);
  }
  if (created) {
    deps.metrics.add(METRIC.writesAccepted, 1, 'Count', { model: model.modelId });
    deps.log.info('write accepted', {
      accountId,
      writeId: stored.write.writeId,
      modelId: model.modelId,
      operation: request.operation,
      dataBytes: parsed.dataBytes,
    });
  }
  return { outcome: 'accepted', created, write: await ensureQueued(deps, stored) };
}

async function newWrite(
  deps: AcceptDeps,
  accountId: string,
  writeId: string,
  parsed: { request: WriteRequest; model: ModelDefinition; dataBytes: number },
  hash: string,
  source: WriteRecord['source'],
): Promise<WriteRecord> {
  const { request } = parsed;
  const now = new Date(deps.clock.now()).toISOString();
  const orderSeq =
    request.operation === 'update' && request.recordId
      ? await deps.writes.nextOrderSeq(accountId, request.modelId, request.recordId)
      : undefined;
  return {
    writeId,
    accountId,
    modelId: request.modelId,
    operation: request.operation,
    recordId: request.recordId ?? null,
    data: request.data,
    ...(request.remoteUserId ? { remoteUserId: request.remoteUserId } : {}),
    dataBytes: parsed.dataBytes,
    requestHash: hash,
    ...(orderSeq !== undefined ? { orderSeq } : {}),
    status: 'queued',
    attempts: 0,
    roundAttempts: 0,
    merge: { warnings: [], errors: [] },
    error: null,
    source,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Puts the write's message on the writes queue unless it is known to be there already. A crash
 * between sending and noting it sends it again on a resubmission: a duplicate message, which the
 * writer recognizes (the write's lease, or its final status).
 */
async function ensureQueued(
  deps: AcceptDeps,
  stored: { write: WriteRecord; version: number },
): Promise<WriteRecord> {
  const { write } = stored;
  if (!deps.queue || write.enqueuedAt || write.status !== 'queued') return write;
  await deps.queue.send('writes', [
    { v: 1, kind: 'write', accountId: write.accountId, writeId: write.writeId },
  ]);
  const noted = { ...write, enqueuedAt: new Date(deps.clock.now()).toISOString() };
  try {
    return (await deps.writes.save(noted, stored.version)).write;
  } catch (error) {
    // The writer took it meanwhile: it is on its way either way.
    if (error instanceof VersionConflictError) return write;
    throw error;
  }
}
