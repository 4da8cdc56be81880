import type { SyncedAccount } from '../../../shared/core/accounts';
import { HEALTH_PRECEDENCE, HEALTH_STATES, type HealthState } from '../../../shared/core/health';
import { emptyCounts } from '../../../shared/core/records';
import { newSyncState, type SyncState } from '../../../shared/core/sync-state';
import { assessHealth, type ModelHealthInput } from '../../../shared/health/health-rules';
import { healthSummary } from '../../../shared/health/summary';
import { AUTH_FAILED } from '../../../shared/sync/auth-failures';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

const account = (extra: Partial<SyncedAccount> = {}): SyncedAccount => ({
  id: 'acc-1',
  category: 'crm',
  status: 'ACTIVE',
  integration: 'HubSpot',
  source: 'webhook',
  linkedAt: ago(600),
  updatedAt: ago(600),
  ...extra,
});

const run = (startedMinutesAgo: number) => ({
  id: 'r1',
  reason: 'poll' as const,
  startedAt: ago(startedMinutesAgo),
  finishedAt: ago(startedMinutesAgo - 1),
  modifiedAfter: null,
  pages: 1,
  counts: emptyCounts(),
});

/** A model synced a minute ago, Merge's last sync stored. */
const synced = (modelId = 'crm.Lead', extra: Partial<SyncState> = {}): ModelHealthInput => ({
  modelId,
  cadenceMinutes: 5,
  state: {
    ...newSyncState('acc-1', modelId),
    lastRun: run(2),
    merge: { status: 'DONE', lastSyncResult: 'DONE', lastSyncFinished: ago(3), checkedAt: ago(2) },
    ...extra,
  },
});
const notFetched = (modelId = 'crm.Contact'): ModelHealthInput => ({
  modelId,
  cadenceMinutes: 60,
  state: newSyncState('acc-1', modelId),
});

/** One input per state: each holds exactly that state and nothing stronger. */
const conditions: Record<HealthState, { account: Partial<SyncedAccount>; model: ModelHealthInput }> = {
  deleted: { account: { status: 'DELETED', deletedAt: ago(1) }, model: synced() },
  relink_needed: {
    account: { issue: { event: 'sync-status', status: AUTH_FAILED, at: ago(5) } },
    model: synced(),
  },
  paused: { account: { mergeStatus: { status: 'IDLE', since: ago(5) } }, model: synced() },
  failing: {
    account: {},
    model: synced('crm.Lead', { lastError: { at: ago(1), kind: 'merge-5xx', message: 'HTTP 500' } }),
  },
  delayed: {
    account: {},
    // Merge finished a sync 30 minutes ago; our last fetch started before it (a 5-minute tier).
    model: synced('crm.Lead', {
      lastRun: run(40),
      merge: { status: 'DONE', lastSyncResult: 'DONE', lastSyncFinished: ago(30), checkedAt: ago(1) },
    }),
  },
  initial_sync: { account: {}, model: notFetched() },
  healthy: { account: {}, model: synced() },
};

describe('health rules: every state', () => {
  it.each(HEALTH_STATES)('%s holds on its own condition', (state) => {
    const c = conditions[state];
    expect(assessHealth(account(c.account), [c.model], NOW).state).toBe(state);
  });

  // Merge's statuses in any documented spelling (reference §5, §11): case, spaces and hyphens aside.
  it.each(['RELINK_NEEDED', 'Relink Needed', 'relink-needed'])(
    'relink_needed also when Merge reports the account %s',
    (status) => {
      const result = assessHealth(account({ mergeStatus: { status, since: ago(3) } }), [synced()], NOW);
      expect(result).toMatchObject({
        state: 'relink_needed',
        reason: 'merge-relink-needed',
        actions: ['relink'],
      });
    },
  );

  it('failing when Merge reports the last sync "Failed " in another spelling', () => {
    const model = synced('crm.Lead', {
      merge: { status: 'Syncing', lastSyncResult: ' failed', checkedAt: ago(4) },
    });
    expect(assessHealth(account(), [model], NOW).models[0]).toMatchObject({ state: 'failing' });
  });

  it.each(['PAUSED', 'DISABLED'])('paused when a model is %s in Merge', (status) => {
    const model = synced('crm.Lead', { merge: { status, checkedAt: ago(4) } });
    const result = assessHealth(account(), [model, synced('crm.Contact')], NOW);
    expect(result.state).toBe('paused');
    expect(result.models[0]).toMatchObject({ state: 'paused', mergeStatus: status });
    expect(result.models[1]).toMatchObject({ state: 'healthy' });
  });

  it('paused for a duplicate (not synced)', () => {
    const result = assessHealth(
      account({ duplicate: { source: 'webhook', since: ago(2) } }),
      [synced()],
      NOW,
    );
    expect(result).toMatchObject({ state: 'paused', reason: 'duplicate', actions: ['contact_support'] });
  });

  it("failing when Merge's last sync of a model failed", () => {
    const model = synced('crm.Lead', {
      merge: { status: 'FAILED', lastSyncResult: 'FAILED', lastSyncFinished: ago(2), checkedAt: ago(1) },
    });
    expect(assessHealth(account(), [model], NOW)).toMatchObject({
      state: 'failing',
      reason: 'merge-sync-failed',
    });
  });

  it('a rate-limited or out-of-time fetch is a deferral, not a failure', () => {
    for (const kind of ['rate-limited', 'out-of-time']) {
      const model = synced('crm.Lead', { lastError: { at: ago(1), kind, message: 'later' } });
      expect(assessHealth(account(), [model], NOW).state).toBe('healthy');
    }
  });

  it('delayed only past twice the cadence: 9 minutes behind a 5-minute tier is not, 11 is', () => {
    const behind = (minutes: number) =>
      synced('crm.Lead', {
        lastRun: run(60),
        merge: { status: 'DONE', lastSyncResult: 'DONE', lastSyncFinished: ago(minutes), checkedAt: ago(1) },
      });
    expect(assessHealth(account(), [behind(9)], NOW).state).toBe('healthy');
    expect(assessHealth(account(), [behind(11)], NOW)).toMatchObject({
      state: 'delayed',
      actions: ['resync'],
    });
  });

  it('initial_sync counts the models whose first fetch finished', () => {
    const result = assessHealth(account(), [synced(), notFetched()], NOW);
    expect(result).toMatchObject({ state: 'initial_sync', initialSync: { modelsDone: 1, modelsTotal: 2 } });
    expect(result.issues).toEqual([]);
  });

  it('healthy with no models at all, with nothing to do', () => {
    expect(assessHealth(account(), [], NOW)).toMatchObject({ state: 'healthy', actions: [], issues: [] });
  });
});

describe('health rules: every precedence', () => {
  // Every pair (stronger, weaker) of the precedence list: with both conditions, the stronger wins.
  const pairs = HEALTH_PRECEDENCE.flatMap((stronger, i) =>
    HEALTH_PRECEDENCE.slice(i + 1).map((weaker) => [stronger, weaker] as const),
  );
  it.each(pairs)('%s wins over %s', (stronger, weaker) => {
    const a = conditions[stronger];
    const b = conditions[weaker];
    // Account conditions combine; model conditions go on two different models.
    const models = [
      { ...a.model, modelId: 'crm.Lead' },
      { ...b.model, modelId: 'crm.Contact', state: { ...b.model.state, modelId: 'crm.Contact' } },
    ];
    const result = assessHealth(account({ ...b.account, ...a.account }), models, NOW);
    expect(result.state).toBe(stronger);
  });

  it('lists every issue that holds, the deciding one first', () => {
    const failing = conditions.failing.model;
    const result = assessHealth(
      account({ issue: { event: 'sync-status', status: AUTH_FAILED, at: ago(5) } }),
      [failing],
      NOW,
    );
    expect(result.issues.map((i) => i.reason)).toEqual(['token-refused', 'fetch-failing']);
    expect(result.actions).toEqual(['relink']);
  });
});

describe('summary', () => {
  it('is one plain sentence naming the integration, for each state', () => {
    for (const state of HEALTH_STATES) {
      const c = conditions[state];
      const text = healthSummary(assessHealth(account(c.account), [c.model], NOW), 'BambooHR');
      expect(text).toMatch(/^[A-Z][^\n]*\.$/);
      expect(text).toContain('BambooHR');
      expect(text).not.toMatch(/crm\.|AUTH_FAILED|HTTP/);
    }
  });

  it('tells a revoked connection to reconnect in Settings', () => {
    const c = conditions.relink_needed;
    expect(healthSummary(assessHealth(account(c.account), [c.model], NOW), 'BambooHR')).toBe(
      'Your BambooHR connection was revoked; reconnect it in Settings.',
    );
  });
});
