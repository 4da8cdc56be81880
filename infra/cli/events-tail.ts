import type { LocalBusEvent } from '../local/event-bus';
import type { Output } from './commands';

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

/**
 * `events tail` (local runtime): prints the change and sync events the functions put on the bus,
 * oldest first; with --follow keeps printing new ones until Ctrl-C.
 */
export async function eventsTail(
  url: string,
  out: Output,
  options: { follow: boolean; json: boolean; limit: number },
) {
  let after = 0;
  let first = true;
  for (;;) {
    const res = await fetch(`${url.replace(/\/+$/, '')}/local/events?after=${after}`);
    const { events } = (await res.json()) as { events: LocalBusEvent[] };
    const shown = first ? events.slice(-options.limit) : events;
    for (const e of shown) out(options.json ? JSON.stringify(e) : describe(e));
    after = events.at(-1)?.seq ?? after;
    first = false;
    if (!options.follow) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
