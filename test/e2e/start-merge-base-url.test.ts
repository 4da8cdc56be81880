import { freePort } from '../../infra/local/stand-ins';
import { runStart as start, startFakeMerge, type StartRun } from '../helpers/start-run';

/**
 * `--merge-base-url` without Merge's `/api` (https://api.merge.dev rather than
 * https://api.merge.dev/api) 404s on every request: npm start finds that out before it starts,
 * and either uses the `/api` URL that answers like Merge (saying so) or refuses with exit 2.
 */
const apiKey = 'k-base-url-test-3b1f';
const env = { MERGE_API_KEY: apiKey, MERGE_WEBHOOK_SIGNATURE_KEY: 's-base-url-test' };
const runs: StartRun[] = [];
const runStart = (...args: Parameters<typeof start>) => {
  const run = start(...args);
  runs.push(run);
  return run;
};
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop()));
});

it('a URL without /api where <url>/api answers like Merge: uses <url>/api and says so', async () => {
  const merge = await startFakeMerge(apiKey);
  const port = await freePort();
  const run = runStart(['--in-memory', '--port', String(port), '--merge-base-url', merge.origin], { env });
  try {
    await run.waitFor('merge-sync local runtime ready');
    expect(run.output()).toContain(
      `${merge.origin} answers 404, as no Merge API does; ${merge.origin}/api answers like Merge: using ${merge.origin}/api`,
    );
    expect(run.output()).toMatch(new RegExp(`Merge +${merge.origin}/api\\n`));
    const local = (await (await fetch(`http://127.0.0.1:${port}/local/runtime`)).json()) as {
      merge: { baseUrl: string };
    };
    expect(local.merge.baseUrl).toBe(`${merge.origin}/api`);
    await run.waitFor(`Merge at ${merge.origin}/api is reachable (200)`);
    expect(run.output()).not.toContain('(404)');
    expect(run.output()).not.toContain(apiKey);
  } finally {
    expect(await run.stop()).toBe(0);
    await merge.close();
  }
}, 90_000);

it('a Merge stand-in that serves no linked-accounts but answers sync-status is used as given', async () => {
  const merge = await startFakeMerge(apiKey, '/api', { linkedAccounts: false });
  const url = `${merge.origin}/api`;
  const run = runStart(['--in-memory', '--port', String(await freePort()), '--merge-base-url', url], { env });
  try {
    await run.waitFor('merge-sync local runtime ready');
    expect(run.output()).toMatch(new RegExp(`Merge +${url}\\n`));
    await run.waitFor(`Merge at ${url} is reachable (no linked-accounts; sync-status answers 401)`);
    expect(run.output()).not.toContain('not a Merge API base URL');
  } finally {
    expect(await run.stop()).toBe(0);
    await merge.close();
  }
}, 90_000);

it('a URL where neither it nor <url>/api answers like Merge: exit 2 naming the expected form', async () => {
  const merge = await startFakeMerge(apiKey, '/elsewhere');
  try {
    const run = runStart(
      ['--in-memory', '--port', String(await freePort()), '--merge-base-url', merge.origin],
      {
        env,
      },
    );
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain(
      `--merge-base-url ${merge.origin} is not a Merge API base URL: it and ${merge.origin}/api answer 404`,
    );
    expect(run.output()).toContain('https://api.merge.dev/api');
    expect(run.output()).not.toContain('ready on');
    expect(run.output()).not.toContain(apiKey);
  } finally {
    await merge.close();
  }
}, 90_000);

it('a URL with /api that answers 404: exit 2, without trying /api/api', async () => {
  const merge = await startFakeMerge(apiKey, '/v2');
  try {
    const url = `${merge.origin}/api`;
    const run = runStart(['--in-memory', '--port', String(await freePort()), '--merge-base-url', url], {
      env,
    });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain(`--merge-base-url ${url} is not a Merge API base URL: it answers 404`);
    expect(run.output()).toContain('https://api.merge.dev/api');
    expect(merge.requests.some((r) => r.startsWith('/api/api/'))).toBe(false);
  } finally {
    await merge.close();
  }
}, 90_000);
