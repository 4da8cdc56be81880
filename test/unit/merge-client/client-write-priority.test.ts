import { createMergeClient } from '../../../shared/merge/client';
import { MergeAuthError, MergeHttpError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import type { AcquireOptions, RequestPacer } from '../../../shared/merge/types';
import { FakeClock, hrisAccount, rejectionOf, TEST_ACCOUNT_TOKEN, TEST_API_KEY } from './support/fakes';
import { ScriptedServer } from './support/scripted-server';

/** Records what each acquisition asked for. */
class PriorityPacer implements RequestPacer {
  readonly asked: (AcquireOptions | undefined)[] = [];
  async acquire(_accountId: string, options?: AcquireOptions): Promise<void> {
    this.asked.push(options);
  }
  async backOff(): Promise<void> {}
}

describe('MergeClient: a write takes its turn ahead of reads, and a refusal keeps its reasons', () => {
  let server: ScriptedServer;
  let pacer: PriorityPacer;
  const client = () =>
    createMergeClient({ baseUrl: server.baseUrl, apiKey: TEST_API_KEY, clock: new FakeClock(), pacer });

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    pacer = new PriorityPacer();
    server = await ScriptedServer.start();
  });
  afterEach(() => server.close());

  it('POST and PATCH ask for write priority, GET for read priority unless it asks for write', async () => {
    server.script(
      { status: 201, body: { model: { id: 't1' } } },
      { status: 200, body: { model: { id: 't1' } } },
      { status: 200, body: { results: [], next: null } },
      { status: 200, body: { request_schema: {} } },
    );
    const merge = client();
    await merge.request(hrisAccount, { method: 'POST', path: 'time-off', body: { model: {} } });
    await merge.request(hrisAccount, { method: 'PATCH', path: 'time-off/t1', body: { model: {} } });
    await merge.request(hrisAccount, { method: 'GET', path: 'time-off' });
    await merge.request(hrisAccount, { method: 'GET', path: 'time-off/meta/post', priority: 'write' });
    expect(pacer.asked.map((o) => o?.priority)).toEqual(['write', 'write', 'read', 'write']);
  });

  it("a 4xx keeps Merge's parsed body (secrets redacted) for the caller, outside the message", async () => {
    const errors = [
      { title: 'Missing Required Field', detail: 'name is required', problem_type: 'MISSING_REQUIRED_FIELD' },
    ];
    server.script({ status: 400, body: { warnings: [], errors, echo: TEST_ACCOUNT_TOKEN } });
    const error = await rejectionOf(
      client().request(hrisAccount, { method: 'POST', path: 'time-off', body: { model: {} } }),
    );
    expect(error).toBeInstanceOf(MergeHttpError);
    const { responseBody } = error as MergeHttpError;
    expect(responseBody).toEqual({ warnings: [], errors, echo: '[redacted]' });
    expect(JSON.stringify(responseBody)).not.toContain(TEST_ACCOUNT_TOKEN);
  });

  it('a refused token keeps the body too; a body that is not JSON leaves it undefined', async () => {
    server.script({ status: 401, body: { detail: 'Invalid token.' } }, { status: 404, body: '<html>' });
    const merge = client();
    const refused = await rejectionOf(merge.request(hrisAccount, { method: 'GET', path: 'employees' }));
    expect(refused).toBeInstanceOf(MergeAuthError);
    expect((refused as MergeAuthError).responseBody).toEqual({ detail: 'Invalid token.' });
    const missing = await rejectionOf(merge.request(hrisAccount, { method: 'GET', path: 'employees' }));
    expect((missing as MergeHttpError).responseBody).toBeUndefined();
  });
});
