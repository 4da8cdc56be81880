import { freePort } from '../../infra/local/stand-ins';
import { runStart, type StartRun } from '../helpers/start-run';

/**
 * `--host` chooses where the HTTP front listens, so that a Merge (simulator) in another container
 * can deliver webhooks. Any 127.x address reaches a front on 0.0.0.0; only 127.0.0.1 reaches one on
 * the default 127.0.0.1, which is how the test tells them apart without a second machine.
 */
const runs: StartRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop()));
});

const health = (url: string) =>
  fetch(`${url}/health`).then(
    (res) => res.status,
    (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.name,
  );

it('--host 0.0.0.0 listens on every interface, and says what that opens', async () => {
  const port = await freePort();
  const run = runStart(['--in-memory', '--no-demo', '--port', String(port), '--host', '0.0.0.0']);
  runs.push(run);
  expect(await run.readyOrExit()).toBe('ready');
  expect(run.output()).toContain(
    `listening on  0.0.0.0 port ${port}: the webhook URL and read API are open to the network; ` +
      'the console, write API and /local/* answer only this machine',
  );
  expect(await health(`http://127.0.0.2:${port}`)).toBe(200);
  expect(await health(`http://127.0.0.1:${port}`)).toBe(200);
}, 90_000);

it('by default it listens on 127.0.0.1 only', async () => {
  const port = await freePort();
  const run = runStart(['--in-memory', '--no-demo', '--port', String(port)]);
  runs.push(run);
  expect(await run.readyOrExit()).toBe('ready');
  expect(run.output()).not.toContain('listening on');
  expect(await health(`http://127.0.0.1:${port}`)).toBe(200);
  expect(await health(`http://127.0.0.2:${port}`)).toBe('ECONNREFUSED');
}, 90_000);
