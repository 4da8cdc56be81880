import { newSyncState } from '../../../shared/core/sync-state';
import { MemoryMetrics } from '../../../shared/observability/ports';
import type { FoundRecordIssue } from '../../../shared/sync/normalize';
import { MAX_RECORD_ISSUES, reportRecordIssues, withRecordIssues } from '../../../shared/sync/record-issues';

const issue = (id: string | null, reason: FoundRecordIssue['reason'] = 'too-deep'): FoundRecordIssue => ({
  modelId: 'ticketing.Ticket',
  id,
  reason,
  ...(reason === 'not-a-record' ? {} : { fields: ['field_mappings'] }),
});

describe('record issues in a sync state', () => {
  const state = newSyncState('acc', 'ticketing.Ticket');

  it('notes the model’s own issues, newest first, one entry per record and reason', () => {
    const first = withRecordIssues(state, [issue('a'), issue('b', 'too-large')], 't1');
    const again = withRecordIssues(first, [issue('a'), issue(null, 'not-a-record')], 't2');
    expect(again.recordIssues).toEqual([
      { id: 'a', reason: 'too-deep', fields: ['field_mappings'], at: 't2' },
      { id: null, reason: 'not-a-record', at: 't2' },
      { id: 'b', reason: 'too-large', fields: ['field_mappings'], at: 't1' },
    ]);
    // Another model's issue is not this state's.
    expect(withRecordIssues(state, [{ ...issue('c'), modelId: 'ticketing.Contact' }], 't3')).toBe(state);
  });

  it('keeps a bounded list', () => {
    const many = Array.from({ length: 50 }, (_, i) => issue(`r${i}`));
    const noted = withRecordIssues(state, many, 't');
    expect(noted.recordIssues).toHaveLength(MAX_RECORD_ISSUES);
  });

  it('reports each with a metric and a log line that names the record, never its content', () => {
    const metrics = new MemoryMetrics();
    const lines: [string, Record<string, unknown> | undefined][] = [];
    const log = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string, extra?: Record<string, unknown>) => lines.push([message, extra]),
      error: () => undefined,
    };
    reportRecordIssues({ log, metrics }, 'acc', [issue('a'), issue(null, 'not-a-record')]);
    expect(metrics.get('RecordIssues')).toBe(2);
    expect(metrics.get('RecordIssues{model=ticketing.Ticket,reason=too-deep}')).toBe(1);
    expect(lines).toEqual([
      [
        'record not stored as received',
        {
          accountId: 'acc',
          modelId: 'ticketing.Ticket',
          recordId: 'a',
          reason: 'too-deep',
          fieldsLeftOut: ['field_mappings'],
        },
      ],
      [
        'record not stored as received',
        { accountId: 'acc', modelId: 'ticketing.Ticket', recordId: null, reason: 'not-a-record' },
      ],
    ]);
  });
});
