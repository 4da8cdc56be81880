import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { simulatorFault } from '../sim-faults';
import type { RunAccount, RunContext } from '../in-process/context';
import { listWrites } from '../checks/writes';
import type { Category } from '../scenario-types';
import type { StepFamily, StepOf } from './registry-types';

type Json = Record<string, unknown>;

/** Each category's main writable model (the list), how a run writes it, and its path at Merge. */
interface MainWrite {
  modelId: string;
  path: string;
  create: (ctx: RunContext, account: RunAccount, n: string) => Json;
  /** A field `meta` requires on create, left out by a write that must fail before any POST. */
  required: string;
  update: ((n: string) => Json) | null;
  remoteUserId?: string;
}

const firstId = (ctx: RunContext, account: RunAccount, modelId: string, fallback: string) =>
  String(ctx.sim.records(account.id, modelId)[0]?.id ?? fallback);

const MAIN_WRITES: Record<Category, MainWrite> = {
  ticketing: {
    modelId: 'ticketing.Ticket',
    path: 'tickets',
    create: (_c, _a, n) => ({ name: `Finding ${n}`, priority: 'HIGH' }),
    required: 'name',
    update: (n) => ({ description: `Seen again (${n})` }),
  },
  ats: {
    modelId: 'ats.Candidate',
    path: 'candidates',
    create: (_c, _a, n) => ({ first_name: 'Ada', last_name: `Lovelace ${n}` }),
    required: 'first_name',
    update: (n) => ({ title: `Engineer ${n}` }),
    remoteUserId: 'chaos-recruiter',
  },
  crm: {
    modelId: 'crm.Contact',
    path: 'contacts',
    create: (_c, _a, n) => ({ first_name: 'Grace', last_name: `Hopper ${n}` }),
    required: 'last_name',
    update: (n) => ({ first_name: `Grace ${n}` }),
  },
  hris: {
    modelId: 'hris.TimeOff',
    path: 'time-off',
    create: (ctx, account, n) => ({
      employee: firstId(ctx, account, 'hris.Employee', 'employee-1'),
      start_time: '2026-07-01T00:00:00Z',
      end_time: '2026-07-05T00:00:00Z',
      employee_note: `Chaos ${n}`,
    }),
    required: 'employee',
    update: null,
  },
  accounting: {
    modelId: 'accounting.Invoice',
    path: 'invoices',
    create: (ctx, account, n) => ({
      contact: firstId(ctx, account, 'accounting.Contact', 'contact-1'),
      memo: `Chaos ${n}`,
    }),
    required: 'contact',
    update: (n) => ({ memo: `Chaos, updated ${n}` }),
  },
  filestorage: {
    modelId: 'filestorage.Folder',
    path: 'folders',
    create: (_c, _a, n) => ({ name: `Reports ${n}` }),
    required: 'name',
    update: null,
  },
};

/** Writes back to Merge: through the write API or the bus, with Merge's faults on the way. */
export const writeSteps: StepFamily<'writes'> = {
  async writes(ctx, step) {
    const account = ctx.accounts.live(step.account);
    if (!account) return;
    const main = MAIN_WRITES[account.plan.category];
    injectFault(ctx, account, main, step.fault);
    const before = step.via === 'bus' ? await eventWrites(ctx, account.id) : 0;
    for (let i = 0; i < step.count; i++) {
      const n = `${ctx.scenario.seed}-${ctx.transport.stepIndex}-${i}`;
      const lacksRequiredField = step.fault === 'missing-field' && i === 0;
      const body = writeBody(ctx, account, main, n, lacksRequiredField);
      if (step.via === 'bus') {
        await putWriteRequested(ctx, account.id, body);
        ctx.writes.requestedOnTheBus(account.id, lacksRequiredField);
      } else await postWrite(ctx, account, body, step, lacksRequiredField);
    }
    if (step.via === 'bus') await untilTheBusWritesArrive(ctx, account.id, before + step.count);
  },
};

function writeBody(ctx: RunContext, account: RunAccount, main: MainWrite, n: string, lacks: boolean): Json {
  // An update when Merge has a record to update; a create otherwise.
  const candidates = main.update && !lacks && ctx.writes.rng.chance(0.4) ? updatable(ctx, account, main) : [];
  const target = candidates.length > 0 ? ctx.writes.rng.pick(candidates) : undefined;
  const common = {
    model: main.modelId,
    idempotency_key: `chaos-${n}`,
    ...(main.remoteUserId ? { remote_user_id: main.remoteUserId } : {}),
  };
  if (target && main.update) return { ...common, operation: 'update', id: target, data: main.update(n) };
  const data = main.create(ctx, account, n);
  if (lacks) delete data[main.required];
  return { ...common, operation: 'create', data };
}

/** Records Merge has for the model (a sentinel keeps `pick` total when there is none). */
/** Up to three records of the model Merge has (none: the write is a create). */
function updatable(ctx: RunContext, account: RunAccount, main: MainWrite): string[] {
  return ctx.sim
    .records(account.id, main.modelId)
    .filter((r) => !r.remote_was_deleted)
    .map((r) => String(r.id))
    .slice(0, 3);
}

async function postWrite(
  ctx: RunContext,
  account: RunAccount,
  body: Json,
  step: StepOf<'writes'>,
  lacksRequiredField: boolean,
): Promise<void> {
  const { world, ledger } = ctx;
  const path = `/accounts/${account.id}/writes`;
  const answer = await world.writeApi('POST', path, { body });
  ledger.answers.push(answer.body);
  if (answer.status !== 202) {
    ledger.mismatch(
      'writesUnexplained',
      `${account.id}: a valid write was answered ${answer.status}: ${answer.body}`,
    );
    return;
  }
  const writeId = String((JSON.parse(answer.body) as Json).write_id);
  ctx.writes.accept({
    accountId: account.id,
    writeId,
    modelId: String(body.model),
    operation: body.operation === 'update' ? 'update' : 'create',
    recordId: typeof body.id === 'string' ? body.id : null,
    fault: step.fault,
    lacksRequiredField,
  });
  if (!step.resubmit) return;
  ctx.writes.figures.resubmitted++;
  const again = await world.writeApi('POST', path, { body });
  const againId = again.status < 300 ? (JSON.parse(again.body) as Json).write_id : null;
  if (againId !== writeId)
    ledger.mismatch(
      'writesDuplicated',
      `${account.id}: resubmitting ${String(body.idempotency_key)} answered ${again.status}: ${again.body}`,
    );
  const other = await world.writeApi('POST', path, {
    body: { ...body, data: { ...(body.data as Json), chaos_other: true } },
  });
  if (other.status !== 409)
    ledger.mismatch(
      'writesDuplicated',
      `${account.id}: the same key with another body answered ${other.status}, not 409`,
    );
}

function injectFault(
  ctx: RunContext,
  account: RunAccount,
  main: MainWrite,
  fault: StepOf<'writes'>['fault'],
): void {
  const match = { accountId: account.id, pathIncludes: `/v1/${main.path}` };
  if (fault === 'http429' || fault === 'http503') {
    const kind = fault === 'http429' ? 'http429-retry-after-seconds' : 'http503';
    ctx.simFaults.inject(kind, simulatorFault(kind, match, ctx.writes.rng.int(1, 2), ctx.writes.rng));
  }
  if (fault === 'applied-but-500')
    ctx.sim.writes.injectAppliedButFailed({ match: { accountId: account.id, modelId: main.modelId } });
}

/**
 * The customer's service puts its Write Requested event on the bus, retrying what the bus refuses
 * as every PutEvents caller must (a throttled bus answers with failed entries, which no SDK
 * retries): an event the bus never took was never requested.
 */
async function putWriteRequested(ctx: RunContext, accountId: string, body: Json): Promise<void> {
  const put = new PutEventsCommand({
    Entries: [
      {
        EventBusName: 'merge-sync',
        Source: 'chaos.scanner',
        DetailType: 'Write Requested',
        Detail: JSON.stringify({ ...body, account_id: accountId }),
      },
    ],
  });
  for (let attempt = 0; attempt < 600; attempt++) {
    const answer = await ctx.world.pipeline.clients.eventBridge.send(put).catch(() => undefined);
    if (answer && !answer.FailedEntryCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the bus refused a Write Requested event for 30 s');
}

const eventWrites = async (ctx: RunContext, accountId: string) =>
  ((await listWrites(ctx.world, accountId)) ?? []).filter((w) => w.source === 'event').length;

/**
 * The bus hands Write Requested events to the writes queue on its own time: the writer's source is
 * polled until the account has the writes (a generous deadline; the checker counts any still short).
 */
async function untilTheBusWritesArrive(ctx: RunContext, accountId: string, expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await eventWrites(ctx, accountId)) < expected) {
    const polled = await ctx.world.pipeline.sources.writes.pollOnce(0);
    if (polled.received === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
