import { mergeIdempotencyKey } from '../../../shared/writes/write-ids';
import type { RunContext } from '../in-process/context';
import type { RunLedger } from '../ledger';
import { collectDeadLetters } from '../lib/queues';
import type { ChaosWorld } from '../lib/world';
import type { AcceptedWrite } from '../write-book';

/** A write as GET /accounts/{id}/writes lists it (the fields the check reads). */
export interface ListedWrite {
  write_id: string;
  model: string;
  operation: string;
  status: string;
  record_id: string | null;
  error: { code?: string; message?: string } | null;
  source: string;
}

/** Every write of an account through the write API, all pages; null when the API knows no such account. */
export async function listWrites(world: ChaosWorld, accountId: string): Promise<ListedWrite[] | null> {
  const all: ListedWrite[] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string> = { page_size: '100', ...(cursor ? { cursor } : {}) };
    const answer = await world.writeApi('GET', `/accounts/${accountId}/writes`, { query });
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`writes list answered ${answer.status}: ${answer.body}`);
    const page = JSON.parse(answer.body) as { results: ListedWrite[]; next: string | null };
    all.push(...page.results);
    cursor = page.next;
  } while (cursor);
  return all;
}

/**
 * Every write the run had accepted (through the API or as a Write Requested event) reached Merge
 * exactly once (Merge applied its Idempotency-Key once, and has its record) or is failed with a
 * reason; none is lost (still queued once the queues settled, or missing); Merge applied nothing
 * no write explains; updates of one record reached Merge in the order they were accepted; and the
 * writes' dead letters are exactly the writes that gave up.
 */
export async function acceptedWritesReachMergeOnce(ledger: RunLedger, ctx: RunContext): Promise<void> {
  const gaveUp = new Set<string>();
  for (const accountId of ctx.writes.accountIds()) {
    const deleted = ctx.accounts.all().find((a) => a.id === accountId)?.deleted ?? false;
    const accepted = ctx.writes.accepted.filter((w) => w.accountId === accountId);
    const bus = ctx.writes.busRequests.get(accountId) ?? { count: 0, lacksRequiredField: 0 };
    const applied = ctx.sim.writes.appliedWrites({ accountId });
    ctx.writes.figures.appliedAtMerge += applied.length;
    const times = new Map<string | null, number>();
    for (const a of applied) times.set(a.idempotencyKey, (times.get(a.idempotencyKey) ?? 0) + 1);
    for (const [key, n] of times) {
      if (key === null)
        ledger.mismatch(
          'writesDuplicated',
          `${accountId}: ${n} write(s) reached Merge without an Idempotency-Key`,
          n,
        );
      else if (n > 1)
        ledger.mismatch('writesDuplicated', `${accountId}: Merge applied ${key} ${n} times`, n - 1);
    }
    const listed = deleted ? null : await listWrites(ctx.world, accountId);
    if (!listed) {
      // A deleted account's writes went with it: Merge applied at most what was accepted.
      if (applied.length > accepted.length + bus.count)
        ledger.mismatch(
          'writesDuplicated',
          `${accountId} (deleted): Merge applied ${applied.length} writes, ${accepted.length + bus.count} accepted`,
        );
      continue;
    }
    const keys = new Set(listed.map((w) => mergeIdempotencyKey(w.write_id)));
    for (const a of applied)
      if (a.idempotencyKey !== null && !keys.has(a.idempotencyKey))
        ledger.mismatch(
          'writesDuplicated',
          `${accountId}: Merge applied ${a.idempotencyKey}, which no write explains`,
        );
    const byId = new Map(listed.map((w) => [w.write_id, w]));
    for (const w of accepted)
      if (!byId.has(w.writeId))
        ledger.mismatch('writesLost', `${accountId}: accepted write ${w.writeId} is gone`);
    const fromEvents = listed.filter((w) => w.source === 'event');
    if (fromEvents.length !== bus.count)
      ledger.mismatch(
        fromEvents.length < bus.count ? 'writesLost' : 'writesDuplicated',
        `${accountId}: ${bus.count} Write Requested event(s), ${fromEvents.length} write(s) from them`,
      );
    let eventsLacking = bus.lacksRequiredField;
    for (const w of listed) {
      const expected = accepted.find((a) => a.writeId === w.write_id);
      const lacks = expected
        ? expected.lacksRequiredField
        : w.error?.code === 'missing_required_fields' && eventsLacking-- > 0;
      checkOne(ledger, ctx, accountId, w, times.get(mergeIdempotencyKey(w.write_id)) ?? 0, lacks);
      if (w.status === 'failed' && w.error?.code === 'gave_up') gaveUp.add(w.write_id);
    }
    checkUpdateOrder(
      ledger,
      accountId,
      accepted,
      listed,
      applied.map((a) => a.idempotencyKey),
    );
  }
  await deadLettersAreTheWritesThatGaveUp(ledger, ctx, gaveUp);
}

function checkOne(
  ledger: RunLedger,
  ctx: RunContext,
  accountId: string,
  w: ListedWrite,
  timesApplied: number,
  lacksRequiredField: boolean,
): void {
  const what = `${accountId}: write ${w.write_id} (${w.model} ${w.operation})`;
  if (w.status === 'succeeded') {
    ctx.writes.figures.succeeded++;
    if (timesApplied === 0) ledger.mismatch('writesLost', `${what} succeeded but never reached Merge`);
    if (lacksRequiredField)
      ledger.mismatch('writesUnexplained', `${what} succeeded without a field meta requires`);
    // An upstream change may have deleted it since: Merge still has it (soft-deleted).
    if (!ctx.sim.records(accountId, w.model, { includeDeleted: true }).some((r) => r.id === w.record_id))
      ledger.mismatch(
        'writesUnexplained',
        `${what} succeeded with record ${w.record_id}, which Merge does not have`,
      );
    return;
  }
  if (w.status !== 'failed') {
    ledger.mismatch('writesLost', `${what} is still ${w.status} after the queues settled`);
    return;
  }
  ctx.writes.figures.failed++;
  if (!w.error?.code || !w.error.message) {
    ledger.mismatch('writesUnexplained', `${what} failed without a reason`);
    return;
  }
  if (lacksRequiredField) {
    if (w.error.code !== 'missing_required_fields' || timesApplied > 0)
      ledger.mismatch(
        'writesUnexplained',
        `${what} lacked a required field but failed as ${w.error.code} after ${timesApplied} application(s)`,
      );
    return;
  }
  // The run's faults are bounded and the account is live: giving up after bounded retries is the
  // only failure a valid write may end in.
  if (w.error.code !== 'gave_up')
    ledger.mismatch(
      'writesUnexplained',
      `${what} failed (${w.error.code}: ${w.error.message}) although nothing stopped it`,
    );
}

/** Updates of one record, accepted one after the other, reached Merge in that order. */
function checkUpdateOrder(
  ledger: RunLedger,
  accountId: string,
  accepted: readonly AcceptedWrite[],
  listed: readonly ListedWrite[],
  appliedKeys: readonly (string | null)[],
): void {
  const byRecord = new Map<string, number[]>();
  for (const w of accepted) {
    if (w.operation !== 'update' || !w.recordId) continue;
    if (listed.find((l) => l.write_id === w.writeId)?.status !== 'succeeded') continue;
    const at = appliedKeys.indexOf(mergeIdempotencyKey(w.writeId));
    byRecord.set(w.recordId, [...(byRecord.get(w.recordId) ?? []), at]);
  }
  for (const [recordId, order] of byRecord)
    if (order.some((at, i) => i > 0 && at < (order[i - 1] ?? -1)))
      ledger.mismatch(
        'writesUnexplained',
        `${accountId}: updates of ${recordId} reached Merge out of order (${order.join(', ')})`,
      );
}

/** The writes queue's dead letters are exactly the writes that gave up (taken out to be judged). */
async function deadLettersAreTheWritesThatGaveUp(
  ledger: RunLedger,
  ctx: RunContext,
  gaveUp: Set<string>,
): Promise<void> {
  const bodies = await collectDeadLetters(ctx.world.pipeline, 'writesDlq');
  for (const body of bodies) {
    const writeId = (JSON.parse(body) as { writeId?: string }).writeId ?? '';
    if (!gaveUp.delete(writeId))
      ledger.mismatch('dlqUnexpected', `unexpected dead letter in writesDlq: ${body.slice(0, 300)}`);
  }
  for (const writeId of gaveUp)
    ledger.mismatch('dlqMissing', `write ${writeId} gave up but is not in writesDlq`);
}
