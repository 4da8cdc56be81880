import { MalformedResponseError } from '../../../shared/merge/errors';
import { cursorFromNext } from '../../../shared/merge/next-cursor';
import { parsePage } from '../../../shared/merge/page';
import { collect, hrisAccount, rejectionOf } from './support/fakes';
import { pageBody, type ScriptedServer } from './support/scripted-server';
import { useScriptedClient } from './support/scripted-client';

// Merge's docs show `next` as a bare cursor, its skills text as a URL (reference §2, [CONFLICT]).
const SKILLS_STYLE = 'https://api.merge.dev/api/hris/v1/employees?page_size=100&cursor=abc123';

describe('cursorFromNext', () => {
  it.each([
    ['an opaque cursor', 'cD0yMDIxLTAxLTA2KzAz', 'cD0yMDIxLTAxLTA2KzAz'],
    ['an opaque base64 cursor starting with a slash', '/w+x/y==', '/w+x/y=='],
    ['an absolute https URL', SKILLS_STYLE, 'abc123'],
    ['an absolute http URL, cursor percent-encoded', 'http://merge.test/x?cursor=a%2Bb%3D%3D&y=1', 'a+b=='],
    ['a path with a query', '/api/hris/v1/employees?cursor=c2', 'c2'],
    ['a bare query string', '?page_size=2&cursor=c3', 'c3'],
  ])('reads %s', (_name, next, cursor) => {
    expect(cursorFromNext(next)).toEqual({ ok: true, cursor });
  });

  it.each([null, undefined, ''])('treats %p as the last page', (next) => {
    expect(cursorFromNext(next)).toEqual({ ok: true, cursor: null });
  });

  it.each(['https://api.merge.dev/api/hris/v1/employees?page=2', '?cursor=', '/api/x?page=3'])(
    'refuses a URL %p without a usable cursor parameter, naming no value',
    (next) => {
      const result = cursorFromNext(next);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toMatch(/page=|api\/x/);
    },
  );

  it('makes a page read give the cursor to send', () => {
    expect(parsePage(JSON.stringify({ results: [1], next: SKILLS_STYLE }))).toEqual({
      ok: true,
      page: { results: [1], next: 'abc123' },
    });
  });
});

describe('MergeClient following URL-shaped next values', () => {
  let server: ScriptedServer;
  const newClient = useScriptedClient({}, (parts) => ({ server } = parts));

  it('sends the cursor parameter of an absolute, relative or query-string next', async () => {
    server.script(
      pageBody([1], `${server.baseUrl}/hris/v1/employees?page_size=100&cursor=c%2B2`),
      pageBody([2], '/api/hris/v1/employees?cursor=c3'),
      pageBody([3], '?cursor=c4'),
      pageBody([4], null),
    );
    const pages = await collect(newClient().pages(hrisAccount, 'employees'));

    expect(pages.map((page) => page.results)).toEqual([[1], [2], [3], [4]]);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'c+2', 'c3', 'c4']);
    expect(server.requests.every((r) => r.query.getAll('cursor').length <= 1)).toBe(true);
  });

  it('still refuses a next whose cursor repeats the one it came with, in another spelling', async () => {
    server.script(
      pageBody([1], 'same'),
      pageBody([2], 'https://api.merge.dev/api/hris/v1/employees?cursor=same'),
    );
    const error = await rejectionOf(collect(newClient().pages(hrisAccount, 'employees')));

    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(server.requests).toHaveLength(2);
  });

  it('follows a URL-shaped next through the linked-accounts list', async () => {
    const account = { id: 'a1', category: 'hris', status: 'COMPLETE' };
    server.script(
      {
        status: 200,
        body: { next: 'https://api.merge.dev/api/hris/v1/linked-accounts?cursor=la2', results: [account] },
      },
      { status: 200, body: { next: null, results: [{ ...account, id: 'a2' }] } },
    );
    const pages = await collect(newClient().linkedAccounts('hris'));

    expect(pages.map((p) => p.results.map((a) => a.id))).toEqual([['a1'], ['a2']]);
    expect(server.requests[1]?.query.get('cursor')).toBe('la2');
  });
});
