import { METRIC, type MetricName, type Metrics } from '../observability/ports';
import type { RecordCounts } from '../core/records';

/**
 * Records added / changed / deleted / unchanged (and the odd ones) per model, as metrics. Zero counts
 * are left out: each dimensioned value is its own EMF log line, an idle fetch would write four, and
 * a sum over a missing value is the same zero on the dashboard (no alarm reads these).
 */
export function emitRecordCounts(metrics: Metrics, modelId: string, counts: RecordCounts): void {
  const dims = { model: modelId };
  const values: [MetricName, number][] = [
    [METRIC.recordsAdded, counts.added],
    [METRIC.recordsChanged, counts.changed],
    [METRIC.recordsDeleted, counts.deleted],
    [METRIC.recordsUnchanged, counts.unchanged],
    [METRIC.recordsInvalid, counts.invalid],
    [METRIC.recordsTruncated, counts.truncated],
    [METRIC.recordsStale, counts.stale],
  ];
  for (const [name, value] of values) if (value > 0) metrics.add(name, value, 'Count', dims);
}
