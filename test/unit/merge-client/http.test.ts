import { describeNetworkError, sendHttpAttempt } from '../../../shared/merge/http';

describe('describeNetworkError', () => {
  it('keeps the messages and the first code of the cause chain', () => {
    const socket = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(describeNetworkError(new TypeError('fetch failed', { cause: socket }))).toEqual({
      code: 'ECONNRESET',
      description: 'fetch failed: read ECONNRESET',
    });
  });

  it('copes with error-like objects from another realm and with non-errors', () => {
    expect(describeNetworkError({ message: 'other side closed', code: 'UND_ERR_SOCKET' })).toEqual({
      code: 'UND_ERR_SOCKET',
      description: 'other side closed',
    });
    expect(describeNetworkError('boom')).toEqual({ code: undefined, description: 'boom' });
    expect(describeNetworkError(undefined)).toEqual({
      code: undefined,
      description: 'unknown network error',
    });
  });
});

describe('sendHttpAttempt', () => {
  const attempt = { url: 'http://merge.test/api/hris/v1/employees', method: 'GET' as const, headers: {} };

  it('reports a thrown fetch as a network result, not an exception', async () => {
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(sendHttpAttempt({ ...attempt, fetchImpl, timeoutMs: 1000 })).resolves.toEqual({
      kind: 'network',
      code: undefined,
      description: 'fetch failed',
    });
  });

  it('reports an abort by its own deadline as a timeout', async () => {
    const fetchImpl: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    await expect(sendHttpAttempt({ ...attempt, fetchImpl, timeoutMs: 10 })).resolves.toEqual({
      kind: 'timeout',
    });
  });

  it('asks fetch not to follow redirects', async () => {
    let redirect: RequestInit['redirect'];
    const fetchImpl: typeof fetch = async (_url, init) => {
      redirect = init?.redirect;
      return new Response('{}', { status: 200 });
    };
    await sendHttpAttempt({ ...attempt, fetchImpl, timeoutMs: 1000 });
    expect(redirect).toBe('manual');
  });
});
