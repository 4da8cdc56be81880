import { configureAccountCommand, overridesChange } from '../../infra/cli/commands/accounts-configure';
import { lambdaContext } from '../../infra/local/lambda-context';
import { httpApiEvent } from '../helpers/events';
import { capturedLogLines } from '../helpers/log-capture';
import { operatorDeps, testTerminal } from '../helpers/operator-target';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
// The default config: national identifiers (an employee's `ssn`) are left out, and not asked for.
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 6000 }, feedSettleMs: 0 },
});

const EMPLOYEE = 'hris.Employee';

async function read(path: string): Promise<string> {
  const answer = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path }),
    lambdaContext('read-api', 10_000),
  );
  return answer.body ?? '';
}
const feed = (accountId: string) => read(`/accounts/${accountId}/records/${EMPLOYEE}`);

/**
 * The simulator, like Merge with include_sensitive_fields, returns every employee's `ssn` (and its
 * record webhooks carry it). None of it is stored, published, served or logged by default.
 */
describe('personal data: national identifiers are left out by default', () => {
  it('fetched, webhook-carried, published and served employees have no ssn', async () => {
    const from = f.pipeline.bus.since().at(-1)?.seq ?? 0;
    const account = await linkAndSync(f, 'hris', { [EMPLOYEE]: 6 });
    const truth = f.sim.records(account.id, EMPLOYEE);
    const ssns = truth.map((e) => String(e.ssn));
    expect(ssns.every((ssn) => /^\d{3}-\d\d-\d{4}$/.test(ssn))).toBe(true);
    const pages = f.sim.requests.filter((r) => r.accountId === account.id && r.path.endsWith('/employees'));
    expect(pages.every((r) => r.query.include_sensitive_fields === undefined)).toBe(true);

    // A record webhook carrying an employee with its ssn.
    const id = String(truth[0]!.id);
    f.sim.updateRecord(account.id, EMPLOYEE, id, { preferred_name: 'Jo' });
    const webhook = f.sim.changedDataEvent(account.id, EMPLOYEE, id, 'changed');
    expect(JSON.stringify(webhook)).toContain(ssns[0]);
    await f.postWebhook(webhook);
    await f.pipeline.drain();

    const stored = await f.storedRecords(account.id, EMPLOYEE);
    expect(stored).toHaveLength(6);
    expect(stored.find((r) => r.id === id)?.data.preferred_name).toBe('Jo');
    expect(stored.every((r) => !Object.hasOwn(r.data, 'ssn') && r.data.first_name !== undefined)).toBe(true);
    const published = JSON.stringify(f.pipeline.bus.since(from).map((e) => e.detail));
    expect(published).toContain(id);
    const served = await feed(account.id);
    expect(served).toContain(id);
    const logs = capturedLogLines().join('\n');
    for (const ssn of ssns) {
      expect(published).not.toContain(ssn);
      expect(served).not.toContain(ssn);
      expect(logs).not.toContain(ssn);
    }
  });

  it('a record stored before its ssn was denied (an older version) is served without it', async () => {
    const account = await linkAndSync(f, 'hris', { [EMPLOYEE]: 1 });
    const [stored] = await f.storedRecords(account.id, EMPLOYEE);
    const legacy = { ...stored!, data: { ...stored!.data, ssn: '078-05-1120' } };
    await f.records.putMany([legacy]);
    expect((await f.records.get(account.id, EMPLOYEE, legacy.id))?.data.ssn).toBe('078-05-1120');
    const one = await read(`/accounts/${account.id}/records/${EMPLOYEE}/${legacy.id}`);
    expect(JSON.parse(one)).toMatchObject({ id: legacy.id, first_name: stored!.data.first_name });
    expect(one).not.toContain('078-05-1120');
    expect(await feed(account.id)).not.toContain('078-05-1120');
  });

  it('one account leaves out more (accounts configure --deny-fields): stored, webhook and served', async () => {
    const account = await linkAndSync(f, 'hris', { [EMPLOYEE]: 3 });
    const change = overridesChange(new Map([['--deny-fields', `${EMPLOYEE}=ssn,${EMPLOYEE}=date_of_birth`]]));
    const { terminal, out } = testTerminal({ interactive: false });
    await configureAccountCommand(operatorDeps(f), terminal, account.id, change, { json: false });
    expect(out.join('\n')).toMatch(/hris\.Employee\s+daily\s+ssn, date_of_birth \(override\)/);
    // Stored before: served without it at once.
    expect(await feed(account.id)).not.toContain('date_of_birth');
    // A record webhook from now on: stored without it.
    const id = String(f.sim.records(account.id, EMPLOYEE)[0]!.id);
    f.sim.updateRecord(account.id, EMPLOYEE, id, { preferred_name: 'Sam' });
    await f.postWebhook(f.sim.changedDataEvent(account.id, EMPLOYEE, id, 'changed'));
    await f.pipeline.drain();
    const stored = await f.records.get(account.id, EMPLOYEE, id);
    expect(stored?.data.preferred_name).toBe('Sam');
    expect(Object.hasOwn(stored!.data, 'date_of_birth')).toBe(false);
    expect(Object.hasOwn(stored!.data, 'ssn')).toBe(false);
  });
});
