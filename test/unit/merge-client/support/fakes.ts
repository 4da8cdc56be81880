import type { Clock } from '../../../../shared/runtime/clock';
import type { AccountContext, RequestPacer } from '../../../../shared/merge/types';
import type { MergeClientEvent } from '../../../../shared/merge/client';

/** Time that only moves when slept or advanced: sleeps resolve at once and are recorded. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public current = Date.UTC(2025, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export class RecordingPacer implements RequestPacer {
  readonly acquired: string[] = [];
  readonly backOffs: { accountId: string; untilMs: number }[] = [];

  async acquire(accountId: string): Promise<void> {
    this.acquired.push(accountId);
  }

  async backOff(accountId: string, untilMs: number): Promise<void> {
    this.backOffs.push({ accountId, untilMs });
  }
}

export const TEST_API_KEY = 'sk_test_SECRET_API_KEY_7f3a9c';
export const TEST_ACCOUNT_TOKEN = 'acct_tok_SECRET_TOKEN_b41e22';

export const hrisAccount: AccountContext = {
  accountId: 'acct-1',
  accountToken: TEST_ACCOUNT_TOKEN,
  category: 'hris',
};

export function eventRecorder(): { events: MergeClientEvent[]; onEvent: (event: MergeClientEvent) => void } {
  const events: MergeClientEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * fetch whose abort (the client's timeout) takes effect only once `received()` says the server has the
 * request. A short timeout on a busy machine can fire before the request is even sent, and a test of
 * what follows a request Merge received (a write not repeated) would then test nothing.
 */
export function fetchAbortingOnceReceived(received: () => boolean): typeof fetch {
  return (input, init) => {
    const inner = new AbortController();
    init?.signal?.addEventListener(
      'abort',
      () => {
        const abortWhenReceived = () => (received() ? inner.abort() : setTimeout(abortWhenReceived, 5));
        abortWhenReceived();
      },
      { once: true },
    );
    return fetch(input, { ...init, signal: inner.signal });
  };
}
