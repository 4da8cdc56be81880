import { configureAccountCommand } from '../../infra/cli/commands/accounts-configure';
import { operatorDeps, testTerminal } from '../helpers/operator-target';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
// Both HRIS models expand each other (each is synced in its own right, so validation accepts it);
// employees keep their ssn (asked for with include_sensitive_fields) but not their date of birth.
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      models: [
        {
          modelId: 'hris.Employee',
          tier: 'daily',
          expand: ['employments'],
          includeSensitiveFields: true,
          denyFields: ['date_of_birth'],
        },
        { modelId: 'hris.Employment', tier: 'daily', expand: ['employee'] },
      ],
    },
  },
});

const requestsOf = (accountId: string, path: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && r.path.endsWith(path));

describe('expand and personal data, as configured', () => {
  it("records inlined by expand get their own model's deny-list; sensitive fields only where asked", async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 5 });
    const employees = requestsOf(account.id, '/employees');
    const employments = requestsOf(account.id, '/employments');
    expect(employees.every((r) => r.query.include_sensitive_fields === 'true')).toBe(true);
    expect(employments.every((r) => r.query.include_sensitive_fields === undefined)).toBe(true);
    expect(employments.every((r) => r.query.expand === 'employee')).toBe(true);
    // Employees arrive in both lists: inside employment pages too, denied fields left out there. Every
    // version written (each with its change event), whichever list wrote it, is judged.
    const versions = f.pipeline.bus
      .since()
      .map((e) => e.detail as { accountId?: string; modelId?: string; record?: Record<string, unknown> })
      .filter((d) => d.accountId === account.id && d.modelId === 'hris.Employee' && d.record);
    expect(versions.length).toBeGreaterThanOrEqual(5);
    for (const { record } of versions) {
      expect(record!.ssn).toEqual(expect.any(String));
      expect(Object.hasOwn(record!, 'date_of_birth')).toBe(false);
    }
    const stored = await f.storedRecords(account.id, 'hris.Employee');
    expect(stored).toHaveLength(5);
    for (const record of stored) {
      expect(record.data.ssn).toEqual(expect.any(String));
      expect(Object.hasOwn(record.data, 'date_of_birth')).toBe(false);
    }
  });

  it('an account that does not sync the target model does not expand it either', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 2 });
    const { terminal } = testTerminal({ interactive: false });
    await configureAccountCommand(
      operatorDeps(f),
      terminal,
      account.id,
      { models: ['hris.Employee'] },
      { json: false },
    );
    f.sim.resetRequestLog();
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'hris.Employee'));
    await f.pipeline.drain();
    const pages = requestsOf(account.id, '/employees');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((r) => r.query.expand === undefined)).toBe(true);
    expect(requestsOf(account.id, '/employments')).toHaveLength(0);
  });
});
