import { METRIC, type Metrics } from '../observability/ports';
import type { RecordCounts } from './types';

/** Records added / changed / deleted / unchanged (and the odd ones) per model, as metrics. */
export function emitRecordCounts(metrics: Metrics, modelId: string, counts: RecordCounts): void {
  const dims = { model: modelId };
  metrics.add(METRIC.recordsAdded, counts.added, 'Count', dims);
  metrics.add(METRIC.recordsChanged, counts.changed, 'Count', dims);
  metrics.add(METRIC.recordsDeleted, counts.deleted, 'Count', dims);
  metrics.add(METRIC.recordsUnchanged, counts.unchanged, 'Count', dims);
  if (counts.invalid) metrics.add(METRIC.recordsInvalid, counts.invalid, 'Count', dims);
  if (counts.truncated) metrics.add(METRIC.recordsTruncated, counts.truncated, 'Count', dims);
  if (counts.stale) metrics.add(METRIC.recordsStale, counts.stale, 'Count', dims);
}
