import { createPastItsKey, IDEMPOTENCY_KEY_KEPT_MS } from '../../../shared/writes/write-ids';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const create = { operation: 'create' as const, attempts: 1, createdAt: ago(30 * 3_600_000) };

describe('a write sent again after Merge let go of its idempotency key', () => {
  it('a create first sent longer ago than the key is kept is refused, naming when', () => {
    const firstSentAt = ago(IDEMPOTENCY_KEY_KEPT_MS);
    expect(createPastItsKey({ ...create, firstSentAt }, NOW)).toEqual({
      code: 'outcome_unknown',
      message: expect.stringContaining(firstSentAt),
    });
  });

  it('a create first sent within the window is sent again with its key', () => {
    expect(
      createPastItsKey({ ...create, firstSentAt: ago(IDEMPOTENCY_KEY_KEPT_MS - 60_000) }, NOW),
    ).toBeNull();
  });

  it('a create never sent, and any update, are sent whatever their age', () => {
    expect(createPastItsKey({ ...create, attempts: 0 }, NOW)).toBeNull();
    expect(
      createPastItsKey({ ...create, operation: 'update', firstSentAt: ago(48 * 3_600_000) }, NOW),
    ).toBeNull();
  });

  it('a write kept before firstSentAt existed is judged by its creation, which came before its first send', () => {
    expect(createPastItsKey(create, NOW)?.code).toBe('outcome_unknown');
    expect(createPastItsKey({ ...create, createdAt: ago(3_600_000) }, NOW)).toBeNull();
  });
});
