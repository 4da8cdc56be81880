import type { MergeRecord, SignedWebhook } from '../../../infra/local/merge-simulator/types';
import type { SyncState } from '../../../shared/core/sync-state';
import type { InjectedBadRecord } from '../checks/mismatches';
import { expectedData } from '../checks/store';
import type { RunAccount, RunContext } from '../in-process/context';
import type { BadRecordShape, NotAModelBody } from '../scenario-types';
import type { StepFamily } from './registry-types';
import { mergeSyncsEverything } from './step-checks';

/*
 * Records Merge serves that cannot be stored as they are (issue 12 point 12): over 400 KB, nested
 * 20,000 levels deep, or a page element that is not a Common Model. The engine stores the first two
 * in a safe form and skips the third, notes each in the model's sync state, and goes on with the
 * page. The store check knows what it promises for each (checks/bad-records.ts).
 */

/** A page element that is not a Common Model, as JSON text: not an object, or without a string id. */
function notAModelText(body: NotAModelBody, at: string): string {
  const fields = { remote_id: 'chaos-not-a-model', modified_at: at, remote_was_deleted: false };
  switch (body) {
    case 'string':
      return '"Varies by platform"';
    case 'number':
      return '42';
    case 'array':
      return '["Varies by platform", 42]';
    case 'null':
      return 'null';
    case 'no-id':
      return JSON.stringify(fields);
    case 'blank-id':
      return JSON.stringify({ id: '', ...fields });
    case 'numeric-id':
      return JSON.stringify({ id: 4242, ...fields });
  }
}

/** Injects the record at Merge; returns what the engine promises for it. */
function inject(
  ctx: RunContext,
  account: RunAccount,
  model: string,
  shape: Exclude<BadRecordShape, { kind: 'huge' }>,
): InjectedBadRecord {
  const { sim } = ctx;
  if (shape.kind === 'not-a-model') {
    const body = notAModelText(shape.body, new Date().toISOString());
    const stub = sim.injectBadRecord(account.id, model, 'not-an-object', { body });
    return { kind: 'not-a-model', model, id: String(stub.id), body: shape.body };
  }
  const stub = sim.injectBadRecord(account.id, model, 'deep', { field: shape.field });
  const id = String(stub.id);
  // The record as Merge serves it (JSON.parse reads any depth), less the field nested too deep.
  const served = (
    JSON.parse(sim.changedDataRequest(account.id, model, id, 'added').body) as {
      data: Record<string, unknown>;
    }
  ).data;
  const { [shape.field]: _deep, remote_fields: remoteFields, ...rest } = served;
  const expected = expectedData(rest as MergeRecord, ctx.world.settings.model(model)?.deniedFields);
  if (remoteFields !== undefined) expected.remote_fields = remoteFields;
  return { kind: 'deep', model, id, field: shape.field, expected };
}

/** A signed webhook posted as Merge sent it (its raw body), booked like the run's other webhooks. */
async function postSigned(ctx: RunContext, signed: SignedWebhook, what: string): Promise<void> {
  const { ledger } = ctx;
  const answer = await ctx.world.postWebhookBody(signed.body, {
    'Content-Type': 'application/json',
    'X-Merge-Webhook-Signature': signed.signature,
  });
  ledger.webhooks.sent++;
  ledger.answers.push(answer.body);
  if (answer.status !== 200) {
    ledger.mismatch('decisions', `${what} was answered ${answer.status}: ${answer.body}`);
    return;
  }
  ledger.webhooks.accepted++;
  if (answer.body.includes('"accepted"')) ledger.accept(signed.signature, what);
}

/** Whether the model's sync state lists the record as the engine promises. */
function noted(state: SyncState, record: InjectedBadRecord): boolean {
  return (state.recordIssues ?? []).some((i) =>
    record.kind === 'deep'
      ? i.id === record.id && i.reason === 'too-deep'
      : i.id === null && i.reason === 'not-a-record',
  );
}

export const badRecordSteps: StepFamily<'badRecord'> = {
  /**
   * The record is served in its model's pages (and, nested too deep, in a record webhook too), with
   * records behind it. Hit once the engine noted it in the sync state and stored the records behind
   * it: its page went on.
   */
  async badRecord(ctx, { account: index, model, shape }) {
    const { sim, ledger } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    if (shape.kind === 'huge') {
      sim.injectBadRecord(account.id, model, 'huge');
      ledger.count('bad-record');
      return;
    }
    const kind = shape.kind === 'deep' ? 'bad-record-deep' : 'bad-record-not-a-model';
    const record = inject(ctx, account, model, shape);
    (account.badRecords ??= []).push(record);
    const behind = Array.from({ length: shape.after }, () => String(sim.addRecord(account.id, model).id));
    ledger.count(kind, false);
    if (shape.kind === 'deep' && shape.webhook) {
      const signed = sim.changedDataRequest(account.id, model, record.id, 'added');
      await postSigned(ctx, signed, `a record webhook nested ${shape.field} 20,000 levels deep`);
    }
    await mergeSyncsEverything(ctx, account);
    await ctx.transport.settle();
    const state = await ctx.world.states.get(account.id, model);
    const stored = await Promise.all(behind.map((id) => ctx.world.records.get(account.id, model, id)));
    if (noted(state, record) && stored.every((r) => r !== undefined)) ledger.faults[kind].hit++;
  },
};
