import type { WriteRecord } from '../core/writes';

/** A write as GET /accounts/{id}/writes[/{writeId}] answers it (snake_case, never the write's data). */
export function writeView(write: WriteRecord) {
  return {
    write_id: write.writeId,
    account_id: write.accountId,
    model: write.modelId,
    operation: write.operation,
    status: write.status,
    attempts: write.attempts,
    record_id: write.recordId,
    merge: { warnings: write.merge.warnings, errors: write.merge.errors },
    error: write.error,
    source: write.source,
    created_at: write.createdAt,
    updated_at: write.updatedAt,
    finished_at: write.finishedAt ?? null,
    next_attempt_at:
      write.status === 'queued' || write.status === 'sending' ? (write.nextAttemptAt ?? null) : null,
  };
}
