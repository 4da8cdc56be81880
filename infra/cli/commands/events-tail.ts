import type { LocalBusEvent } from '../../local/event-bus';
import { TargetError, UsageError } from '../errors';
import { flagValue, type CommandSpec } from '../registry';
import { count } from '../table';
import type { Terminal } from '../terminal';

const describe = (e: LocalBusEvent) => {
  const d = e.detail as {
    accountId?: string;
    modelId?: string;
    recordId?: string;
    changedFields?: string[];
    counts?: Record<string, number>;
  };
  const what = d.recordId
    ? `${d.modelId} ${d.recordId}`
    : `${d.modelId ?? ''} ${d.counts ? JSON.stringify(d.counts) : ''}`;
  const fields = d.changedFields ? ` (${d.changedFields.join(', ')})` : '';
  return `${e.time}  ${e.detailType.padEnd(22)} ${d.accountId ?? ''}  ${what}${fields}`;
};

/** As EventBridge hands an event to a rule's target: the envelope's own names, the detail as put. */
const asDelivered = (e: LocalBusEvent) => ({
  id: e.id,
  time: e.time,
  source: e.source,
  'detail-type': e.detailType,
  detail: e.detail,
});

async function eventsAfter(url: string, after: number): Promise<LocalBusEvent[]> {
  let res: Response;
  try {
    res = await fetch(`${url.replace(/\/+$/, '')}/local/events?after=${after}`, {
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    throw new TargetError(
      `no local runtime answers at ${url} (${error instanceof Error ? error.message : String(error)}); start it with npm start, or pass --url`,
    );
  }
  if (!res.ok)
    throw new TargetError(`${url} answered ${res.status} to GET /local/events; is it merge-sync's runtime?`);
  return ((await res.json()) as { events: LocalBusEvent[] }).events;
}

/**
 * `events tail` (local runtime): prints the change and sync events the functions put on the bus,
 * oldest first: the last `limit` of them (saying so when there were more), then with --follow every
 * new one until Ctrl-C.
 */
export async function eventsTail(
  url: string,
  terminal: Terminal,
  options: { follow: boolean; json: boolean; limit: number; pollMs?: number; stopAfterPolls?: number },
) {
  const events = await eventsAfter(url, 0);
  const shown = events.slice(-options.limit);
  if (shown.length < events.length)
    terminal.progress(
      `(the last ${count(shown.length)} of ${count(events.length)} events on the bus; --limit N shows more)`,
    );
  const print = (e: LocalBusEvent) =>
    terminal.out(options.json ? JSON.stringify(asDelivered(e)) : describe(e));
  shown.forEach(print);
  let after = events.at(-1)?.seq ?? 0;
  for (let polls = 0; options.follow && polls !== options.stopAfterPolls; polls++) {
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    const more = await eventsAfter(url, after);
    more.forEach(print);
    after = more.at(-1)?.seq ?? after;
  }
}

export const eventsTailSpec: CommandSpec = {
  name: 'events tail',
  summary: 'the change and sync events the functions put on the bus (local runtime only)',
  args: [],
  flags: [
    { name: '--limit', value: 'N', help: 'how many of the latest events to show (default 50)' },
    { name: '--follow', help: 'keep printing new events until Ctrl-C' },
    { name: '--json', help: 'one event per line, as EventBridge delivers it to a target' },
  ],
  details:
    'The local bus keeps the last 10,000 events in memory. In AWS the bus feeds your rules instead: to watch\n' +
    'it, add a rule with a CloudWatch Logs target (docs/change-events.md).',
  examples: [
    { command: 'events tail --limit 200', note: 'the latest 200 events' },
    { command: 'events tail --follow --json', note: 'every new event as JSON, until Ctrl-C' },
  ],
  target: 'local',
  async run({ flags, terminal }) {
    const limitText = flagValue(flags, '--limit') ?? '50';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 10_000)
      throw new UsageError(`--limit takes a whole number from 1 to 10000, not "${limitText}"`, 'events tail');
    await eventsTail(flagValue(flags, '--url') ?? 'http://127.0.0.1:3000', terminal, {
      follow: flags.has('--follow'),
      json: flags.has('--json'),
      limit,
    });
  },
};
