import type { RecordOverrides, WebhookPayload } from '../../../infra/local/merge-simulator/types';
import type { PendingChange, RunContext } from '../in-process/context';
import type { WebhookLabel } from '../in-process/transport';
import type { StepFamily } from './registry-types';

/** The enum field of a model that an odd record gives a value Merge has not documented. */
const ENUM_FIELD: Record<string, string> = {
  'hris.Employee': 'employment_status',
  'ticketing.Ticket': 'status',
  'accounting.Invoice': 'status',
  'crm.Lead': 'lead_source',
  'filestorage.File': 'mime_type',
  'ats.Application': 'reject_reason',
};

/** An odd record: an unknown field holding nested values and an offset date-time, an unknown enum value. */
function oddOverrides(modelId: string, n: number): RecordOverrides {
  const out: RecordOverrides = {
    [`x_chaos_unknown_${n}`]: { nested: [n, 'value', null], when: '2031-02-03T04:05:06+02:00' },
  };
  const field = ENUM_FIELD[modelId];
  if (field) out[field] = `CHAOS_UNKNOWN_ENUM_${n}`;
  return out;
}

/** Changes in the customer's system (records added, changed, deleted) and Merge's webhooks about them. */
export const upstreamSteps: StepFamily<'upstream' | 'changedWebhooks'> = {
  async upstream(ctx, { account: index, model: modelId, changes, odd, oversized }) {
    const { sim, rng } = ctx;
    const account = ctx.accounts.live(index);
    if (!account) return;
    for (let i = 0; i < changes; i++) {
      const live = sim.records(account.id, modelId);
      const op = live.length === 0 ? 'add' : rng.weighted({ add: 4, update: 4, delete: 2 });
      const overrides: RecordOverrides = {
        ...(odd && rng.chance(0.5) ? oddOverrides(modelId, i) : {}),
        ...(oversized && i === 0 ? { x_chaos_blob: 'z'.repeat(400_000) } : {}),
      };
      if (op === 'add') {
        const record = sim.addRecord(account.id, modelId, overrides);
        ctx.pendingChanges.push({ account, model: modelId, id: record.id, action: 'added' });
      } else {
        const target = rng.pick(live);
        if (op === 'update') {
          sim.updateRecord(
            account.id,
            modelId,
            target.id,
            Object.keys(overrides).length > 0 ? overrides : undefined,
          );
          ctx.pendingChanges.push({ account, model: modelId, id: target.id, action: 'changed' });
        } else {
          sim.deleteRecord(account.id, modelId, target.id);
          ctx.pendingChanges.push({ account, model: modelId, id: target.id, action: 'removed' });
        }
      }
    }
  },

  /** Merge's changed-data webhooks for every change since the last of these steps. */
  async changedWebhooks(ctx) {
    const items: { payload: WebhookPayload; label: WebhookLabel }[] = [];
    for (const change of ctx.pendingChanges.splice(0)) {
      if (change.account.deleted) continue;
      items.push({
        payload: ctx.sim.changedDataEvent(change.account.id, change.model, change.id, change.action),
        label: 'changed',
      });
    }
    await ctx.transport.deliver(items);
  },
};

/**
 * Plain changes to one model of a live account at Merge that no webhook announces: they are taken
 * out of the run's pending changes (only a fetch catches them up) and returned.
 */
export async function unannouncedChanges(
  ctx: RunContext,
  index: number,
  model: string,
  changes: number,
): Promise<PendingChange[]> {
  const account = ctx.accounts.live(index);
  await upstreamSteps.upstream(ctx, {
    kind: 'upstream',
    account: index,
    model,
    changes,
    odd: false,
    oversized: false,
  });
  const mine = ctx.pendingChanges.filter((c) => c.account === account);
  ctx.pendingChanges.splice(
    0,
    ctx.pendingChanges.length,
    ...ctx.pendingChanges.filter((c) => c.account !== account),
  );
  return mine;
}
