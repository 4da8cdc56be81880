import { createMergeClient } from '../../../shared/merge/client';
import { MergeClientError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import {
  eventRecorder,
  FakeClock,
  hrisAccount,
  rejectionOf,
  TEST_ACCOUNT_TOKEN,
  TEST_API_KEY,
} from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';
import type { Step } from './support/scripted-server';

/** Everything an error exposes: message, stack, own fields and its cause chain. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current), JSON.stringify({ ...current }));
    current = current.cause;
  }
  return parts.join('\n');
}

describe('MergeClient never exposes the API key or account token', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  const echo = `{"detail":"token ${TEST_ACCOUNT_TOKEN} or key Bearer ${TEST_API_KEY} rejected"}`;
  const scenarios: [string, Step[]][] = [
    ['a 400 whose body echoes both secrets', [{ status: 400, body: echo }]],
    ['a 401 whose body echoes both secrets', [{ status: 401, body: echo }]],
    ['a 500 loop whose body echoes them URL-encoded', [{ status: 500, body: encodeURIComponent(echo) }]],
    ['429s then success', [{ status: 429, headers: { 'retry-after': '1' } }, pageBody([], null)]],
    ['a long Retry-After', [{ status: 429, headers: { 'retry-after': '3600' } }]],
    ['connection resets', [{ reset: true }]],
    ['timeouts', [{ hang: true }]],
    ['malformed bodies echoing the token', [{ status: 200, body: `not json ${TEST_ACCOUNT_TOKEN}` }]],
  ];

  it.each(scenarios)('in events and errors for %s', async (_name, steps) => {
    server.script(...steps).always(steps.at(-1) ?? { status: 500 });
    const { events, onEvent } = eventRecorder();
    const client = createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock: new FakeClock(),
      timeoutMs: 30,
      maxAttempts: 3,
      onEvent,
    });

    let error: unknown;
    try {
      await client.listPage(hrisAccount, 'employees', { cursor: 'c1', expand: ['groups'] });
    } catch (caught) {
      error = caught;
    }
    if (error !== undefined) expect(error).toBeInstanceOf(MergeClientError);

    const exposed = `${JSON.stringify(events)}\n${everythingIn(error)}`;
    expect(events.length).toBeGreaterThan(0);
    expect(exposed).not.toContain(TEST_API_KEY);
    expect(exposed).not.toContain(TEST_ACCOUNT_TOKEN);
    expect(exposed).not.toContain('SECRET');
  });

  it('in the error for an account token that is not a valid header value', async () => {
    const token = `${TEST_ACCOUNT_TOKEN}\r\nX-Injected: yes`;
    const client = createMergeClient({ baseUrl: server.baseUrl, apiKey: TEST_API_KEY });
    const error = await rejectionOf(client.listPage({ ...hrisAccount, accountToken: token }, 'employees'));

    expect(everythingIn(error)).not.toContain('SECRET');
    expect(server.requests).toHaveLength(0);
  });
});
