import { integrationKeys, listedState, STATES_BY_RANK } from '../core/account-listing';
import type { LinkedAccount } from '../core/accounts';
import { HEALTH_STATES, type HealthState } from '../core/health';

export { listedState } from '../core/account-listing';

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

/** A filter value longer than this matches no account (and could not be a key). */
const MAX_FILTER_BYTES = 256;

/** GET /accounts's filters, checked: states in the problems order, text as given. */
export interface AccountFilters {
  /** The states asked for, worst first; null for every state. */
  states: HealthState[] | null;
  category: string | null;
  integration: string | null;
  q: string | null;
  problemsFirst: boolean;
}

function text(name: string, value: string | undefined): string | null {
  if (!value) return null;
  if (Buffer.byteLength(value) > MAX_FILTER_BYTES)
    throw new AccountListInputError(`${name} must be at most ${MAX_FILTER_BYTES} bytes`);
  return value;
}

export function accountFilters(query: AccountListQuery): AccountFilters {
  const states = query.state ? query.state.split(',') : [];
  const unknown = states.find((s) => !(HEALTH_STATES as readonly string[]).includes(s));
  if (unknown !== undefined)
    throw new AccountListInputError(`state must be one of ${HEALTH_STATES.join(', ')}`);
  if (query.order !== undefined && query.order !== 'problems' && query.order !== 'id')
    throw new AccountListInputError('order must be id or problems');
  const chosen = STATES_BY_RANK.filter((s) => states.includes(s));
  return {
    states: chosen.length === 0 || chosen.length === HEALTH_STATES.length ? null : chosen,
    category: text('category', query.category),
    integration: text('integration', query.integration),
    q: text('q', query.q),
    problemsFirst: query.order === 'problems',
  };
}

/** No filter and the default order: the listing the accounts index serves page by page. */
export const isPlainListing = (filters: AccountFilters): boolean =>
  !filters.states && !filters.category && !filters.integration && !filters.q && !filters.problemsFirst;

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

/**
 * The filters as a test of one account, for those a listing checks on the accounts it reads (the
 * rest its index answers); null when there is nothing left to check.
 */
export function accountTest(
  filters: AccountFilters,
  checked: { states: boolean; category: boolean },
): ((account: LinkedAccount) => boolean) | null {
  const { states, category, integration, q } = filters;
  const tests = [
    checked.states && states ? (a: LinkedAccount) => states.includes(listedState(a)) : null,
    checked.category && category ? (a: LinkedAccount) => a.category === category : null,
    integration ? (a: LinkedAccount) => integrationKeys(a).includes(integration.toLowerCase()) : null,
    q ? (a: LinkedAccount) => matchesText(a, q) : null,
  ].filter((test): test is (a: LinkedAccount) => boolean => test !== null);
  return tests.length === 0 ? null : (a) => tests.every((test) => test(a));
}
