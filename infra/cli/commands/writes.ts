import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { WRITE_STATUSES, type WriteRecord, type WriteStatus } from '../../../shared/core/writes';
import { OperatorInputError } from '../../../shared/operations/operator-actions';
import { acceptWrite } from '../../../shared/writes/accept-write';
import { parseWriteInput } from '../../../shared/writes/write-request';
import { writeView } from '../../../shared/writes/write-view';
import type { ConnectedTarget } from '../aws-target';
import { UsageError } from '../errors';
import { flagValue, type CommandContext, type CommandSpec } from '../registry';
import { formatTable } from '../table';

/** `--data @file.json` or `--data -` (standard input), as JSON. */
async function readData(context: CommandContext): Promise<unknown> {
  const source = flagValue(context.flags, '--data')!;
  let text: string;
  if (source === '-') text = await context.readInput();
  else if (source.startsWith('@')) {
    try {
      text = await readFile(source.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${source.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        'write',
      );
    }
  } else throw new UsageError('--data takes @FILE (a JSON file) or - (standard input)', 'write');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--data ${source} is not valid JSON`, 'write');
  }
}

const describe = (write: WriteRecord) =>
  write.status === 'failed'
    ? `failed (${write.error?.code}): ${write.error?.message ?? ''}`
    : write.status === 'succeeded'
      ? `succeeded: record ${write.recordId ?? '(none returned)'}`
      : `${write.status} (attempts ${write.attempts})`;

/**
 * `write ACCOUNT --model M --create|--update ID --data @file.json|-`: accepts a write exactly as
 * POST /accounts/{id}/writes does (stored, queued, idempotent by --key); --wait follows it to the end.
 */
async function writeCommand(context: CommandContext) {
  const { args, flags, terminal } = context;
  const update = flagValue(flags, '--update');
  if (flags.has('--create') === (update !== undefined))
    throw new UsageError('give --create, or --update ID, not both', 'write');
  const key = flagValue(flags, '--key') ?? `cli-${randomUUID()}`;
  const parsed = parseWriteInput({
    model: flagValue(flags, '--model'),
    operation: update ? 'update' : 'create',
    ...(update ? { id: update } : {}),
    data: await readData(context),
    idempotency_key: key,
    ...(flagValue(flags, '--remote-user') ? { remote_user_id: flagValue(flags, '--remote-user') } : {}),
  });
  if (!parsed.ok) throw new UsageError(parsed.error, 'write');
  const target = await context.connect();
  const write = await accept(target, args.ACCOUNT!, parsed);
  terminal.out(`${write.writeId}: ${describe(write)} (idempotency key ${key})`);
  if (!flags.has('--wait'))
    return terminal.progress(`Follow it with: merge-sync writes list ${args.ACCOUNT}`);
  terminal.progress('Waiting for Merge’s answer (Ctrl-C stops waiting; the write goes on)…');
  const finished = await waitForWrite(target, write, terminal.progress);
  if (flags.has('--json')) terminal.out(JSON.stringify(writeView(finished), null, 2));
  else terminal.out(`${finished.writeId}: ${describe(finished)}`);
  if (finished.status === 'failed')
    throw new Error(`write ${finished.writeId} failed: ${finished.error?.code}`);
}

async function accept(
  target: ConnectedTarget,
  accountId: string,
  parsed: Extract<ReturnType<typeof parseWriteInput>, { ok: true }>,
) {
  if (!target.target.queues.writes)
    throw new OperatorInputError(
      'this deployment has no writes queue: deploy this version of the stack first',
    );
  const { deps } = target;
  const result = await acceptWrite(
    { ...deps, writes: target.writes, queue: deps.queue },
    accountId,
    parsed,
    'api',
  );
  switch (result.outcome) {
    case 'accepted':
      return result.write;
    case 'invalid':
      throw new UsageError(result.message, 'write');
    case 'account-not-found':
      throw new OperatorInputError(`account ${accountId} not found (merge-sync accounts list)`);
    case 'relink-needed':
      throw new OperatorInputError(`Merge refuses the token of account ${accountId}: relink it first`);
    case 'key-conflict':
      throw new OperatorInputError(`--key was used for a different write (${result.writeId})`);
  }
}

async function waitForWrite(target: ConnectedTarget, write: WriteRecord, progress: (line: string) => void) {
  let last = '';
  for (;;) {
    const current = (await target.writes.get(write.accountId, write.writeId))?.write ?? write;
    const line = describe(current);
    if (line !== last) progress(`  ${line}`);
    last = line;
    if (current.status === 'succeeded' || current.status === 'failed') return current;
    await target.deps.clock.sleep(1000);
  }
}

export const writeSpec: CommandSpec = {
  name: 'write',
  summary: "create or update a record in the account's system through Merge (exactly once)",
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [
    { name: '--model', value: 'MODEL', required: true, help: 'a writable model, e.g. ticketing.Ticket' },
    { name: '--create', help: 'create a record' },
    { name: '--update', value: 'ID', help: 'update the record with this Merge id' },
    {
      name: '--data',
      value: '@FILE|-',
      required: true,
      help: 'the Merge fields as JSON, from a file or stdin',
    },
    { name: '--key', value: 'KEY', help: 'idempotency key: the same key never writes twice (default: new)' },
    { name: '--remote-user', value: 'ID', help: 'remote_user_id, which ATS writes need' },
    { name: '--wait', help: "wait for Merge's answer; exit 1 if the write failed" },
    { name: '--json', help: 'with --wait: the write as JSON (as GET /accounts/{id}/writes/{id})' },
  ],
  details:
    'The write is stored and queued, then the writer checks it against Merge’s meta, sends it with\n' +
    'one Idempotency-Key for every attempt, and stores the record Merge returns. docs/writes.md.',
  examples: [
    {
      command:
        'write 7c9e6679-7425-40de-944b-e07fc1f90ae7 --model ticketing.Ticket --create --data @finding.json --key finding-123 --wait',
      note: 'open a ticket for a finding, once',
    },
    {
      command:
        'write 7c9e6679-7425-40de-944b-e07fc1f90ae7 --model ticketing.Ticket --update 0958cbc6 --data -',
      note: 'close it, fields from standard input',
    },
  ],
  target: 'any',
  run: writeCommand,
};

export const writesListSpec: CommandSpec = {
  name: 'writes list',
  summary: "an account's writes, oldest first, with their status and Merge's errors",
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [
    { name: '--status', value: 'STATUS', help: `only ${WRITE_STATUSES.join(', ')}` },
    { name: '--json', help: 'as JSON (as GET /accounts/{id}/writes)' },
  ],
  examples: [
    {
      command: 'writes list 7c9e6679-7425-40de-944b-e07fc1f90ae7 --status failed',
      note: 'what failed, and why',
    },
  ],
  target: 'any',
  async run({ args, flags, connect, terminal }) {
    const status = flagValue(flags, '--status');
    if (status !== undefined && !WRITE_STATUSES.includes(status as WriteStatus))
      throw new UsageError(`--status must be one of ${WRITE_STATUSES.join(', ')}`, 'writes list');
    const { writes, deps } = await connect();
    const account = await deps.accounts.get(args.ACCOUNT!);
    if (!account)
      throw new OperatorInputError(`account ${args.ACCOUNT} not found (merge-sync accounts list)`);
    const all: WriteRecord[] = [];
    let pageToken: string | null = null;
    do {
      const page = await writes.list(account.id, {
        ...(status ? { status: status as WriteStatus } : {}),
        pageToken,
        limit: 100,
      });
      all.push(...page.items);
      pageToken = page.next;
    } while (pageToken);
    if (flags.has('--json')) return terminal.out(JSON.stringify({ results: all.map(writeView) }, null, 2));
    if (all.length === 0)
      return terminal.out(`No writes${status ? ` ${status}` : ''} for account ${account.id}.`);
    terminal.out(
      formatTable(
        ['write', 'model', 'operation', 'status', 'attempts', 'record', 'error', 'created'],
        all.map((w) => [
          w.writeId,
          w.modelId,
          w.operation,
          w.status,
          String(w.attempts),
          w.recordId ?? '',
          w.error
            ? `${w.error.code}: ${w.error.message}`.slice(0, 60)
            : (w.merge.errors[0]?.detail ?? '').slice(0, 60),
          w.createdAt,
        ]),
      ),
    );
  },
};
