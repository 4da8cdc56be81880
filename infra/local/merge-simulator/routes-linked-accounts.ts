import { isCategory } from './catalog';
import { paginate } from './pagination';
import { lastParam, parsePageQuery } from './query';
import { linkedAccountItem } from './render';
import { detail } from './responses';
import type { SimResponse } from './responses';
import type { HandlerContext } from './route-context';
import type { SimAccount } from './types';

// GET /{category}/v1/linked-accounts: the organization's accounts with the API key alone, paginated
// (merge-api.md §9, §12 "Duplicates"). Filters and their meaning as the SDK documents them
// (LinkedAccountsListRequest): `is_test_account` "If included, will only include test linked accounts.
// If not included, will only include non-test linked accounts."; `include_duplicates` "will include
// complete production duplicates of the account specified by the `id` query parameter".

const STATUSES = ['COMPLETE', 'INCOMPLETE', 'RELINK_NEEDED', 'IDLE'];
const FALSE_VALUES = ['false', 'False', '0'];

function csv(raw: string | null): string[] | null {
  if (raw === null || raw === '') return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export async function listLinkedAccounts(ctx: HandlerContext): Promise<SimResponse> {
  const { params } = ctx;
  const get = (name: string): string | null => {
    const v = lastParam(params, name);
    return v === '' ? null : v;
  };
  const q = parsePageQuery(params);
  if (!q.ok) return detail(400, q.error);
  const category = get('category');
  if (category !== null && !isCategory(category)) {
    return detail(400, `category: "${category}" is not a valid choice.`);
  }
  const status = get('status');
  if (status !== null && !STATUSES.includes(status)) {
    return detail(400, `status: "${status}" is not a valid choice.`);
  }
  const testParam = lastParam(params, 'is_test_account');
  const wantTest = testParam !== null && !FALSE_VALUES.includes(testParam);
  const id = get('id');
  const ids = csv(get('ids'));
  const originIds = csv(get('end_user_origin_ids'));
  const includeDuplicates = ['true', 'True', '1'].includes(get('include_duplicates') ?? '');
  await ctx.beforeAnyPage();

  const states = ctx.store.liveAccounts();
  const views = new Map(states.map((s) => [s.account.id, ctx.store.accounts.view(s)]));
  const setOf = (a: SimAccount): string => a.duplicateOf ?? a.id;
  const target = id !== null ? views.get(id) : undefined;
  const matchesId = (a: SimAccount): boolean => {
    if (id === null) return true;
    if (a.id === id) return true;
    // Duplicates of the account named by `id`: complete production accounts of the same set.
    return (
      includeDuplicates &&
      target !== undefined &&
      a.isDuplicate === true &&
      a.status === 'COMPLETE' &&
      a.accountType === 'PRODUCTION' &&
      setOf(a) === setOf(target)
    );
  };
  const keep = (a: SimAccount): boolean =>
    matchesId(a) &&
    (ids === null || ids.includes(a.id)) &&
    (category === null || a.category === category) &&
    (status === null || a.status === status) &&
    (a.accountType === 'TEST') === wantTest &&
    (get('end_user_origin_id') === null || a.endUserOriginId === get('end_user_origin_id')) &&
    (originIds === null || originIds.includes(a.endUserOriginId)) &&
    (get('end_user_organization_name') === null ||
      a.endUserOrganizationName === get('end_user_organization_name')) &&
    (get('end_user_email_address') === null || a.endUserEmailAddress === get('end_user_email_address')) &&
    (get('integration_name') === null || a.integration === get('integration_name'));
  const rows = states.map((s) => ({ seq: s.seq, view: views.get(s.account.id) as SimAccount }));
  const page = paginate(rows, (r) => keep(r.view), q.value.cursor, q.value.pageSize);
  return {
    status: 200,
    body: {
      next: page.next,
      previous: page.previous,
      results: page.items.map((r) => linkedAccountItem(r.view)),
    },
  };
}
