import { parsePage } from '../../../shared/merge/page';
import { redactSecrets, safeSnippet } from '../../../shared/merge/redact';
import { buildListQuery, clampPageSize, normalizeModelPath } from '../../../shared/merge/request-url';

describe('buildListQuery', () => {
  it('defaults page_size to 100 and sends nothing else', () => {
    expect(buildListQuery().toString()).toBe('page_size=100');
  });

  it('sends expand as one comma-separated value', () => {
    const query = buildListQuery({ expand: ['groups', ' work_location ', ''] });
    expect(query.getAll('expand')).toEqual(['groups,work_location']);
  });

  it('sends the flags only when set', () => {
    const query = buildListQuery({
      includeDeletedData: true,
      includeRemoteData: false,
      modifiedAfter: '2024-01-15T09:30:00+00:00',
      cursor: 'cD0yMDIx+/=',
    });
    expect(query.get('include_deleted_data')).toBe('true');
    expect(query.has('include_remote_data')).toBe(false);
    expect(query.get('modified_after')).toBe('2024-01-15T09:30:00+00:00');
    expect(query.get('cursor')).toBe('cD0yMDIx+/=');
    // '+' must be escaped, or the server reads a space.
    expect(query.toString()).toContain('modified_after=2024-01-15T09%3A30%3A00%2B00%3A00');
  });
});

describe('clampPageSize', () => {
  it.each([
    [undefined, 100],
    [0, 1],
    [-5, 1],
    [1, 1],
    [37.9, 37],
    [100, 100],
    [500, 100],
    [Number.NaN, 100],
  ])('%p → %p', (input, expected) => {
    expect(clampPageSize(input)).toBe(expected);
  });
});

describe('normalizeModelPath', () => {
  it('accepts plain paths and trims slashes', () => {
    expect(normalizeModelPath('/employees/')).toBe('employees');
    expect(normalizeModelPath('time-off')).toBe('time-off');
  });

  it.each(['', '../linked-accounts', 'employees?page_size=5', 'a%2Fb', 'a b'])('rejects %p', (path) => {
    expect(normalizeModelPath(path)).toBeUndefined();
  });
});

describe('parsePage', () => {
  it('reads results and next, treating absent or empty next as the last page', () => {
    expect(parsePage('{"results":[1],"next":"abc"}')).toEqual({
      ok: true,
      page: { results: [1], next: 'abc' },
    });
    expect(parsePage('{"results":[]}')).toEqual({ ok: true, page: { results: [], next: null } });
    expect(parsePage('{"results":[],"next":""}')).toEqual({ ok: true, page: { results: [], next: null } });
  });

  it.each([
    '',
    '{"results": [',
    '<html>502</html>',
    '[]',
    'null',
    '{"next":null}',
    '{"results":[],"next":5}',
  ])('rejects %p', (body) => {
    expect(parsePage(body).ok).toBe(false);
  });
});

describe('redaction', () => {
  it('removes secrets verbatim, URL-encoded and JSON-escaped', () => {
    const secret = 'tok/with+chars';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify('x"' + secret).slice(1, -1)}`;
    expect(redactSecrets(text, [secret, ''])).not.toMatch(/tok|with/);
  });

  it('redacts before cutting, so no half-secret survives', () => {
    const snippet = safeSnippet(`${'x'.repeat(195)}SECRETVALUE`, ['SECRETVALUE'], 200);
    expect(snippet).not.toContain('SECRET');
  });
});
