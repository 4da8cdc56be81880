import type { JsonObject } from '../types';
import type { WritableModel } from './writable-models';
import { writableModelById } from './writable-models';

// What the simulator remembers about writes: Idempotency-Keys (Merge keeps them 24 h; a replay gets
// the first answer), the required fields each model's `meta` reports, injected "applied but answered
// 500" faults, and the records of models it does not list (kept so PATCH and retrieves can find them).

/** Merge keeps an Idempotency-Key for 24 hours (merge-api.md §12). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export interface StoredAnswer {
  status: number;
  body: JsonObject;
  expiresAt: number;
}

/** One write Merge applied (not a replay): what tests count. */
export interface AppliedWrite {
  accountId: string;
  modelId: string;
  method: 'POST' | 'PATCH';
  recordId: string;
  idempotencyKey: string | null;
}

export interface AppliedButFailedFault {
  /** How many matching writes are applied and then answered 500 (default 1). */
  times?: number;
  match?: { accountId?: string; modelId?: string; method?: 'POST' | 'PATCH' };
}

export class SimWrites {
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly requiredOverrides = new Map<string, string[]>();
  private readonly faults: { remaining: number; match: AppliedButFailedFault['match'] }[] = [];
  readonly applied: AppliedWrite[] = [];
  /** Idempotency-Key replays answered from memory. */
  replays = 0;

  constructor(private readonly now: () => number) {}

  /** What `meta` reports as required for the model's create (`post`) or update (`patch`). */
  setRequiredFields(modelId: string, operation: 'post' | 'patch', fields: string[]): void {
    if (!writableModelById(modelId)) throw new Error(`${modelId} is not writable`);
    this.requiredOverrides.set(`${modelId} ${operation}`, [...fields]);
  }

  requiredFields(model: WritableModel, operation: 'post' | 'patch'): string[] {
    return this.requiredOverrides.get(`${model.modelId} ${operation}`) ?? model.required[operation];
  }

  /** The next matching write is applied, remembered for its key, and answered 500 anyway. */
  injectAppliedButFailed(fault: AppliedButFailedFault = {}): void {
    this.faults.push({ remaining: fault.times ?? 1, match: fault.match });
  }

  takeAppliedButFailed(write: { accountId: string; modelId: string; method: 'POST' | 'PATCH' }): boolean {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.match?.accountId || f.match.accountId === write.accountId) &&
        (!f.match?.modelId || f.match.modelId === write.modelId) &&
        (!f.match?.method || f.match.method === write.method),
    );
    if (!fault) return false;
    fault.remaining--;
    return true;
  }

  replay(accountId: string, key: string | null): StoredAnswer | undefined {
    if (key === null) return undefined;
    const answer = this.answers.get(`${accountId} ${key}`);
    if (!answer) return undefined;
    if (answer.expiresAt <= this.now()) {
      this.answers.delete(`${accountId} ${key}`);
      return undefined;
    }
    this.replays++;
    return answer;
  }

  remember(accountId: string, key: string | null, status: number, body: JsonObject): void {
    if (key === null) return;
    this.answers.set(`${accountId} ${key}`, { status, body, expiresAt: this.now() + IDEMPOTENCY_WINDOW_MS });
  }

  /** Applied writes, optionally of one account or model. */
  appliedWrites(filter: { accountId?: string; modelId?: string } = {}): AppliedWrite[] {
    return this.applied.filter(
      (a) =>
        (!filter.accountId || a.accountId === filter.accountId) &&
        (!filter.modelId || a.modelId === filter.modelId),
    );
  }
}
