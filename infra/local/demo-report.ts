import { DETAIL_TYPE } from '../../shared/events/change-events';
import type { LocalBusEvent } from './event-bus';

export interface PhaseResult {
  phase: 'initial' | 'incremental';
  accountId: string;
  modelId: string;
  counts: { added: number; changed: number; deleted: number; unchanged?: number };
  /** Live records stored after this phase, counted exactly (tombstones left out). */
  stored: number;
  /** Requests Merge saw for the account during the phase (shared by the account's models). */
  requests?: number;
  seconds: number;
}

/** Record events by kind, of one (account, model) or of all. */
export function busCounts(events: readonly LocalBusEvent[], only?: { accountId: string; modelId: string }) {
  const counts = { added: 0, changed: 0, deleted: 0 };
  for (const e of events) {
    const detail = e.detail as { accountId?: string; modelId?: string };
    if (only && (detail.accountId !== only.accountId || detail.modelId !== only.modelId)) continue;
    if (e.detailType === DETAIL_TYPE.recordAdded) counts.added++;
    else if (e.detailType === DETAIL_TYPE.recordChanged) counts.changed++;
    else if (e.detailType === DETAIL_TYPE.recordDeleted) counts.deleted++;
  }
  return counts;
}

/** The demo's closing table: one row per model and phase. */
export function printSummary(results: PhaseResult[], say: (line: string) => void): void {
  const header = [
    'phase',
    'model',
    'records',
    'added',
    'changed',
    'deleted',
    'unchanged',
    'requests*',
    'time',
  ];
  const rows = results.map((r) => [
    r.phase,
    r.modelId,
    String(r.stored),
    String(r.counts.added),
    String(r.counts.changed),
    String(r.counts.deleted),
    r.counts.unchanged === undefined ? '' : String(r.counts.unchanged),
    r.requests === undefined ? '' : String(r.requests),
    `${r.seconds.toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  say('');
  say(line(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) say(line(row));
  say(
    'records: live records stored after the phase (exact; deleted ones are kept as tombstones, not counted)',
  );
  say('* requests Merge received for the account during the phase (sync-status and pages of all its models)');
}
