import type { StoredToken } from '../../../shared/core/accounts';
import { MergeAuthError, MergeHttpError, RetriesExhaustedError } from '../../../shared/merge/errors';
import {
  addCandidate,
  checkToken,
  dropCandidate,
  isRetired,
  makeCurrent,
  tokenHash,
  type TokenChecker,
} from '../../../shared/sync/account-tokens';

const id = 'acc-1';
const target = { method: 'GET', path: '/hris/v1/account-details', accountId: id };

describe('account token changes', () => {
  it('a new token retires the one it replaces (its hash only); the retired one is never made current again', () => {
    const first = makeCurrent(id, 'token-one', { verified: true })(undefined)!;
    expect(first).toEqual({ token: 'token-one', retired: [] });
    const second = makeCurrent(id, 'token-two', { verified: true })(first)!;
    expect(second).toEqual({ token: 'token-two', retired: [tokenHash(id, 'token-one')] });
    expect(JSON.stringify(second)).not.toContain('token-one');
    expect(isRetired(second, id, 'token-one')).toBe(true);
    expect(makeCurrent(id, 'token-one', { verified: true })(second)).toBeNull();
    expect(addCandidate(id, 'token-one')(second)).toBeNull();
  });

  it('hashes are per account, and the retired list is bounded', () => {
    expect(tokenHash('a', 't')).not.toBe(tokenHash('b', 't'));
    let stored: StoredToken | undefined;
    for (let i = 0; i < 30; i++) stored = makeCurrent(id, `token-${i}`, { verified: true })(stored)!;
    expect(stored!.retired).toHaveLength(20);
    expect(isRetired(stored, id, 'token-28')).toBe(true);
  });

  it('the same token again changes nothing but, once confirmed, its unverified mark', () => {
    const unverified: StoredToken = { token: 't', unverified: true, retired: [] };
    expect(makeCurrent(id, 't', { verified: false })(unverified)).toBe(unverified);
    expect(makeCurrent(id, 't', { verified: true })(unverified)).toEqual({ token: 't', retired: [] });
  });

  it('a token Merge could not judge: the token when none is stored, else a candidate beside the current one', () => {
    expect(addCandidate(id, 'new')(undefined)).toEqual({ token: 'new', unverified: true, retired: [] });
    const current: StoredToken = { token: 'current', retired: [] };
    const waiting = addCandidate(id, 'new')(current)!;
    expect(waiting).toEqual({ token: 'current', candidates: ['new'], retired: [] });
    expect(addCandidate(id, 'new')(waiting)).toBe(waiting);
    expect(dropCandidate('new')(waiting)).toEqual(current);
    // Confirmed: current, the old one retired, the candidates gone.
    expect(makeCurrent(id, 'new', { verified: true })(waiting)).toEqual({
      token: 'new',
      retired: [tokenHash(id, 'current')],
    });
  });
});

describe('checkToken: what Merge says of a token', () => {
  const checker = (details: () => Promise<{ id?: string }>, keyWorks = true): TokenChecker => ({
    accountDetails: details,
    async *linkedAccounts() {
      if (!keyWorks) throw new MergeAuthError({ ...target, path: '/hris/v1/linked-accounts' }, 401, '');
      yield { id };
    },
  });
  const context = { accountId: id, accountToken: 'tok', category: 'hris' };

  it.each([
    ['the same account', async () => ({ id }), { verdict: 'accepted' }],
    ['another account', async () => ({ id: 'someone-else' }), { verdict: 'mismatch' }],
    [
      '401 (our key works)',
      async () => Promise.reject(new MergeAuthError(target, 401, '')),
      { verdict: 'refused', status: 401 },
    ],
    // Every AccountDetails field is optional (merge-common-models.md §4): no id is still a 2xx.
    ['a 2xx naming no account id', async () => ({}), { verdict: 'accepted' }],
    [
      '403 (our key works)',
      async () => Promise.reject(new MergeAuthError(target, 403, '')),
      { verdict: 'refused', status: 403 },
    ],
    // Only 401/403 judge the token; any other 4xx says Merge could not be asked.
    [
      '404 (a category path Merge does not serve)',
      async () => Promise.reject(new MergeHttpError(target, 404, '')),
      { verdict: 'unavailable', reason: 'http-404' },
    ],
    [
      '400',
      async () => Promise.reject(new MergeHttpError(target, 400, '')),
      { verdict: 'unavailable', reason: 'http-400' },
    ],
    [
      '5xx after retries',
      async () => Promise.reject(new RetriesExhaustedError(target, 2, new MergeHttpError(target, 503, ''))),
      { verdict: 'unavailable' },
    ],
  ])('%s', async (_case, details, verdict) => {
    expect(await checkToken(checker(details), context)).toMatchObject(verdict);
  });

  it('a 401 while our API key is refused too is unavailable, never a refused token', async () => {
    const refused = checker(async () => Promise.reject(new MergeAuthError(target, 401, '')), false);
    expect(await checkToken(refused, context)).toMatchObject({ verdict: 'unavailable' });
  });
});
