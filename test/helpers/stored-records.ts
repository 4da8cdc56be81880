import type { RecordStore } from '../../shared/store/ports';
import type { StoredRecord } from '../../shared/core/records';

/** Every stored record of (account, model), deleted ones included, paging the store to its end. */
export async function allStored(
  records: RecordStore,
  accountId: string,
  modelId: string,
): Promise<StoredRecord[]> {
  const all: StoredRecord[] = [];
  let token: string | null = null;
  do {
    const page = await records.list(accountId, modelId, token, 1000);
    all.push(...page.items);
    token = page.next;
  } while (token);
  return all;
}
