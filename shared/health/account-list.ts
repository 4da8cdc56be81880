import type { LinkedAccount } from '../core/accounts';
import { HEALTH_PRECEDENCE, HEALTH_STATES, type HealthState } from '../core/health';

export class AccountListInputError extends Error {
  override readonly name = 'AccountListInputError';
}

/** GET /accounts's query: paging and filters (each optional). */
export interface AccountListQuery {
  page_size?: string | undefined;
  cursor?: string | undefined;
  state?: string | undefined;
  category?: string | undefined;
  integration?: string | undefined;
  q?: string | undefined;
  /** `problems`: newest problems first (the console's order); default: by id. */
  order?: string | undefined;
}

export const ACCOUNT_LIST_QUERY = ['page_size', 'cursor', 'state', 'category', 'integration', 'q', 'order'];
export const DEFAULT_ACCOUNT_PAGE_SIZE = 100;
export const MAX_ACCOUNT_PAGE_SIZE = 1000;

/**
 * The account's state as last published (shared/health/health-changes.ts, evaluated after every
 * poll and fetch): listing thousands of accounts reads their items only, never their sync states.
 * An account not evaluated yet is starting out.
 */
export function listedState(account: LinkedAccount): HealthState {
  if (account.status === 'DELETED') return 'deleted';
  return account.health?.state ?? 'initial_sync';
}

const lower = (value: string | undefined) => value?.toLowerCase() ?? '';

/** `q`: a case-insensitive part of the organization name, origin id, email address or account id. */
function matchesText(account: LinkedAccount, q: string): boolean {
  const needle = q.toLowerCase();
  return [
    account.endUserOrganizationName,
    account.endUserOriginId,
    account.endUserEmailAddress,
    account.id,
  ].some((field) => lower(field).includes(needle));
}

function parseQuery(query: AccountListQuery) {
  // Digits only: Number() alone would take `1e3`, `0x10` and `  5` (as the read API's other routes refuse).
  const size =
    query.page_size === undefined
      ? DEFAULT_ACCOUNT_PAGE_SIZE
      : /^[0-9]+$/.test(query.page_size)
        ? Number(query.page_size)
        : Number.NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ACCOUNT_PAGE_SIZE)
    throw new AccountListInputError(`page_size must be an integer from 1 to ${MAX_ACCOUNT_PAGE_SIZE}`);
  const states = query.state ? query.state.split(',') : [];
  const unknown = states.find((s) => !(HEALTH_STATES as readonly string[]).includes(s));
  if (unknown) throw new AccountListInputError(`state must be one of ${HEALTH_STATES.join(', ')}`);
  if (query.order !== undefined && query.order !== 'problems' && query.order !== 'id')
    throw new AccountListInputError('order must be id or problems');
  let after: string | null = null;
  if (query.cursor) {
    // Ours are short base64url: anything else is refused before it is decoded.
    if (query.cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(query.cursor))
      throw new AccountListInputError('cursor is not a cursor this API returned');
    after = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!after.startsWith('a1:')) throw new AccountListInputError('cursor is not a cursor this API returned');
  }
  return { size, states: new Set(states), after, problemsFirst: query.order === 'problems' };
}

/**
 * The sort key of the listing: by id, or with `order=problems` the states by precedence (worst
 * first, deleted last), the most recent change first within a state, then by id. Keys sort as strings.
 */
const STATUS_ORDER: Record<LinkedAccount['status'], number> = { ACTIVE: 0, DELETED: 1, NOT_SYNCED: 2 };

function sortKey(account: LinkedAccount, problemsFirst: boolean): string {
  // As GET /accounts always listed them: active accounts, then deleted ones, then other categories'.
  if (!problemsFirst) return `a1:${STATUS_ORDER[account.status]}:${account.id}`;
  const state = listedState(account);
  // A deleted account needs nobody: it goes last, after the healthy ones.
  const rank = state === 'deleted' ? HEALTH_PRECEDENCE.length : HEALTH_PRECEDENCE.indexOf(state);
  // Newest first: the complement of the epoch ms sorts descending as a string ascending.
  const since = Date.parse(account.health?.since ?? account.linkedAt) || 0;
  const inverse = String(9_999_999_999_999 - since).padStart(13, '0');
  return `a1:${rank}:${inverse}:${account.id}`;
}

/**
 * A page of accounts matching the filters, and the counts per state of the accounts matching every
 * filter but `state` (the console's chips). `next` continues after this page (null at the end).
 */
export function pageAccounts<T>(
  accounts: readonly LinkedAccount[],
  query: AccountListQuery,
  view: (account: LinkedAccount) => T,
) {
  const { size, states, after, problemsFirst } = parseQuery(query);
  const integration = lower(query.integration);
  const candidates = accounts.filter(
    (a) =>
      (!query.category || a.category === query.category) &&
      (!integration || lower(a.integration) === integration || lower(a.integrationSlug) === integration) &&
      (!query.q || matchesText(a, query.q)),
  );
  const counts = Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as Record<HealthState, number>;
  for (const a of candidates) counts[listedState(a)]++;
  const keyed = candidates
    .filter((a) => states.size === 0 || states.has(listedState(a)))
    .map((a) => ({ account: a, key: sortKey(a, problemsFirst) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const start = after === null ? 0 : keyed.findIndex((k) => k.key > after);
  const page = start === -1 ? [] : keyed.slice(start, start + size);
  const last = page.at(-1);
  const more = start !== -1 && start + size < keyed.length;
  return {
    results: page.map((k) => ({ ...view(k.account), state: listedState(k.account) })),
    counts,
    total: keyed.length,
    next: more && last ? Buffer.from(last.key, 'utf8').toString('base64url') : null,
    has_more: more,
  };
}
