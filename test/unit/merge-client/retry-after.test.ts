import {
  parseHttpDate,
  parseRateLimitReset,
  parseRetryAfter,
  serverRequestedWait,
} from '../../../shared/merge/retry-after';

const NOW = Date.UTC(2015, 9, 21, 7, 27, 30); // 30 s before the RFC example date

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(30_000);
  });

  it('reads the obsolete RFC 850 and asctime forms', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed Oct 21 07:28:00 2015', NOW)).toBe(30_000);
  });

  it('turns negative seconds and past dates into 0', () => {
    expect(parseRetryAfter('-5', NOW)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0);
  });

  it.each([
    null,
    undefined,
    '',
    '   ',
    'soon',
    'abc 2020',
    '2015-10-21T07:28:00Z',
    '1e3',
    '5s',
    'Wed, 32 Oct 2015 07:28:00 GMT',
  ])('ignores %p', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('is UTC whatever the local zone', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });
});

describe('parseRateLimitReset', () => {
  it('reads epoch seconds relative to now', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 12), NOW)).toBe(12_000);
  });

  it('turns a past reset into 0 and ignores garbage', () => {
    expect(parseRateLimitReset(String(NOW / 1000 - 12), NOW)).toBe(0);
    expect(parseRateLimitReset('tomorrow', NOW)).toBeUndefined();
    expect(parseRateLimitReset(null, NOW)).toBeUndefined();
  });
});

describe('serverRequestedWait', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    const wait = serverRequestedWait(
      headers({ 'retry-after': '3', 'x-ratelimit-reset': String(NOW / 1000 + 50) }),
      NOW,
    );
    expect(wait).toEqual({ waitMs: 3000, source: 'retry-after' });
  });

  it('falls back to X-RateLimit-Reset when Retry-After is absent or unusable', () => {
    expect(serverRequestedWait(headers({ 'x-ratelimit-reset': String(NOW / 1000 + 50) }), NOW)).toEqual({
      waitMs: 50_000,
      source: 'x-ratelimit-reset',
    });
    expect(
      serverRequestedWait(
        headers({ 'retry-after': 'later', 'x-ratelimit-reset': String(NOW / 1000 + 5) }),
        NOW,
      ),
    ).toEqual({ waitMs: 5000, source: 'x-ratelimit-reset' });
  });

  it('is undefined without either header', () => {
    expect(serverRequestedWait(headers({}), NOW)).toBeUndefined();
  });
});
