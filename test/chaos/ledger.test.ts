import { RunLedger } from './ledger';

describe('RunLedger named checks', () => {
  it('names a check that found a mismatch, in the result and on its detail lines', async () => {
    const ledger = new RunLedger();
    await ledger.runCheck('clean-check', async () => undefined);
    await ledger.runCheck('store-matches-merge', async () => {
      ledger.mismatch('missing', 'acct-1 hris.Employee e1: missing');
    });
    ledger.mismatch('harness', 'outside any check');

    expect([...ledger.failedChecks]).toEqual(['store-matches-merge']);
    expect(ledger.details).toEqual([
      '[store-matches-merge] acct-1 hris.Employee e1: missing',
      'outside any check',
    ]);
    expect(ledger.total()).toBe(2);
  });

  it('still names a check that threw after finding a mismatch, and passes the error on', async () => {
    const ledger = new RunLedger();
    const failing = ledger.runCheck('dead-letters-are-the-poison', async () => {
      ledger.mismatch('dlqUnexpected', 'unexpected dead letter');
      throw new Error('queue gone');
    });

    await expect(failing).rejects.toThrow('queue gone');
    expect([...ledger.failedChecks]).toEqual(['dead-letters-are-the-poison']);
  });

  it('keeps at most 40 detail lines', () => {
    const ledger = new RunLedger();
    for (let i = 0; i < 50; i++) ledger.mismatch('stale', `line ${i}`);

    expect(ledger.details).toHaveLength(40);
    expect(ledger.mismatches.stale).toBe(50);
  });
});
