import type { LinkedAccount, SyncedAccount } from '../../shared/core/accounts';
import { HEALTH_STATES, type HealthState } from '../../shared/core/health';

/**
 * Accounts for GET /accounts tests: every state, the six synced categories and one we do not sync,
 * two integrations per category, distinct names; account `i` is the same in every test run.
 */
const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage', 'knowledgebase'];
const INTEGRATIONS: Record<string, [string, string]> = {
  hris: ['BambooHR', 'Workday'],
  ats: ['Greenhouse', 'Lever'],
  crm: ['HubSpot', 'Salesforce'],
  accounting: ['QuickBooks Online', 'Xero'],
  ticketing: ['Jira', 'Zendesk'],
  filestorage: ['Box', 'Dropbox'],
  knowledgebase: ['Confluence', 'Notion'],
};

export function populationAccount(i: number): LinkedAccount {
  const category = CATEGORIES[i % CATEGORIES.length]!;
  const state = HEALTH_STATES[(i * 3 + Math.floor(i / 7)) % HEALTH_STATES.length]!;
  const integration = INTEGRATIONS[category]![Math.floor(i / 7) % 2]!;
  const since = new Date(Date.UTC(2026, 10, 1) + (i % 23) * 3_600_000).toISOString();
  const synced = category !== 'knowledgebase';
  return {
    id: `acct-${String(i).padStart(5, '0')}`,
    category,
    status: state === 'deleted' ? 'DELETED' : synced ? 'ACTIVE' : 'NOT_SYNCED',
    integration,
    integrationSlug: integration.toLowerCase().replaceAll(' ', '-'),
    endUserOrganizationName: `Customer ${i}`,
    endUserOriginId: `origin-${i}`,
    source: 'import',
    linkedAt: '2026-10-01T00:00:00.000Z',
    updatedAt: since,
    // An account of a category we do not sync is never evaluated: it stays initial_sync.
    ...(state !== 'deleted' && synced ? { health: { state, reason: 'test', since, history: [] } } : {}),
  } as LinkedAccount;
}

/** One HRIS account in the given health state (null: never judged), for the listing unit tests. */
export const accountInState = (
  id: string,
  state: HealthState | null,
  extra: Partial<SyncedAccount> = {},
): SyncedAccount => ({
  id,
  category: 'hris',
  status: state === 'deleted' ? 'DELETED' : 'ACTIVE',
  integration: 'BambooHR',
  source: 'webhook',
  linkedAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...(state && state !== 'deleted'
    ? { health: { state, reason: 'x', since: '2026-12-01T00:00:00Z', history: [] } }
    : {}),
  ...extra,
});

export const population = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => populationAccount(from + i));

const STATUS_ORDER: Record<string, number> = { ACTIVE: 0, DELETED: 1, NOT_SYNCED: 2 };
/** docs/health.md: the worst first, deleted accounts last. */
const PROBLEMS_ORDER = [
  'relink_needed',
  'paused',
  'failing',
  'delayed',
  'initial_sync',
  'healthy',
  'deleted',
];

const listedState = (a: LinkedAccount): HealthState =>
  a.status === 'DELETED' ? 'deleted' : (a.health?.state ?? 'initial_sync');

/** Either order, as documented: by status then id, or the worst state first, newest change first, then id. */
function before(order: string | undefined) {
  return (a: LinkedAccount, b: LinkedAccount): number => {
    if (order !== 'problems')
      return STATUS_ORDER[a.status]! - STATUS_ORDER[b.status]! || (a.id < b.id ? -1 : 1);
    const since = (x: LinkedAccount) => Date.parse(x.health?.since ?? x.linkedAt);
    return (
      PROBLEMS_ORDER.indexOf(listedState(a)) - PROBLEMS_ORDER.indexOf(listedState(b)) ||
      since(b) - since(a) ||
      (a.id < b.id ? -1 : 1)
    );
  };
}

/**
 * What GET /accounts must answer over `accounts`, computed the plain way (every account in memory):
 * the ids in order, per-state counts over every filter but `state`, and the total.
 */
export function expectedListing(accounts: readonly LinkedAccount[], query: Record<string, string>) {
  const states = query.state ? (query.state.split(',') as HealthState[]) : null;
  const integration = query.integration?.toLowerCase();
  const candidates = accounts.filter(
    (a) =>
      (!query.category || a.category === query.category) &&
      (!integration ||
        a.integration?.toLowerCase() === integration ||
        a.integrationSlug?.toLowerCase() === integration) &&
      (!query.q ||
        [a.endUserOrganizationName, a.endUserOriginId, a.endUserEmailAddress, a.id].some((f) =>
          f?.toLowerCase().includes(query.q!.toLowerCase()),
        )),
  );
  const counts = Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as Record<HealthState, number>;
  for (const a of candidates) counts[listedState(a)]++;
  const listed = candidates
    .filter((a) => !states || states.includes(listedState(a)))
    .sort(before(query.order));
  return { ids: listed.map((a) => a.id), counts, total: listed.length };
}
