import type { Metrics } from '../../../shared/observability/ports';
import { emitRecordCounts } from '../../../shared/sync/record-metrics';
import { emptyCounts } from '../../../shared/core/records';

/** Every value emitted, as `Name{model}=value`: one EMF log line each in Lambda. */
function recorder(): { metrics: Metrics; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    metrics: { add: (name, value, _unit, dims) => void lines.push(`${name}{${dims?.model}}=${value}`) },
  };
}

describe('emitRecordCounts', () => {
  it('emits each non-zero count of a model, with the model as its dimension', () => {
    const { metrics, lines } = recorder();
    emitRecordCounts(metrics, 'crm.Lead', { ...emptyCounts(), added: 3, unchanged: 97, truncated: 1 });
    expect(lines).toEqual([
      'RecordsAdded{crm.Lead}=3',
      'RecordsUnchanged{crm.Lead}=97',
      'RecordsTruncated{crm.Lead}=1',
    ]);
  });

  it('emits nothing for a fetch that found nothing (no log line per zero)', () => {
    const { metrics, lines } = recorder();
    emitRecordCounts(metrics, 'crm.Lead', emptyCounts());
    expect(lines).toEqual([]);
  });
});
