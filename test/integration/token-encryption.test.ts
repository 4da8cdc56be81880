import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readApiDeps } from '../../shared/runtime/deps/read-api-deps';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('hris.Employee', 'hris.Employment', 'crm.Lead', 'crm.Contact'),
    },
  },
});

/** Every attribute of every item, as text: where a token in the clear would show. */
async function wholeTable(): Promise<string> {
  const out = await f.pipeline.clients.dynamodb.send(new ScanCommand({ TableName: f.pipeline.tableName }));
  return JSON.stringify(out.Items ?? []);
}

describe('account tokens at rest (issue 16, point 2)', () => {
  it('LinkedAccount.linked stores the token sealed, in its own partition: no item of the table holds it in the clear', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    expect(await wholeTable()).not.toContain(account.accountToken);
    const item = await f.pipeline.clients.dynamodb.send(
      new GetItemCommand({
        TableName: f.pipeline.tableName,
        Key: { pk: { S: `TOKEN#${account.id}` }, sk: { S: 'TOKEN' } },
      }),
    );
    expect(Object.keys(item.Item ?? {}).sort()).toEqual(['pk', 'sealed', 'sk', 'v']);
    // The functions that call Merge open it (the sync above fetched the leads with it).
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
  });

  it('the read API cannot open a token, even given the table', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1 });
    const read = readApiDeps(
      { ...f.pipeline.config, engine: { ...f.pipeline.config.engine } },
      { dynamodb: f.pipeline.clients.dynamodb },
    );
    await expect(read.read.accounts.getToken(account.id)).rejects.toThrow(/no account-token key/);
  });

  it('a token an earlier version stored in the clear is sealed on its next use, and the old item removed', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 2 });
    const dynamodb = f.pipeline.clients.dynamodb;
    // As versions before the token key left it: the plain token beside the account item.
    await f.accounts.deleteToken(account.id);
    await dynamodb.send(
      new PutItemCommand({
        TableName: f.pipeline.tableName,
        Item: { pk: { S: `ACCOUNT#${account.id}` }, sk: { S: 'TOKEN' }, token: { S: account.accountToken } },
      }),
    );
    expect(await f.accounts.hasToken(account.id)).toBe(true);
    // Its next use: the poller or the fetcher reads it to call Merge (the same store, the same call).
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    expect(await wholeTable()).not.toContain(account.accountToken);
    const legacy = await dynamodb.send(
      new GetItemCommand({
        TableName: f.pipeline.tableName,
        Key: { pk: { S: `ACCOUNT#${account.id}` }, sk: { S: 'TOKEN' } },
      }),
    );
    expect(legacy.Item).toBeUndefined();
    // And the sealed one serves from then on.
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
  });

  it('removing the account removes the token, sealed or left in the clear by an earlier version', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1 });
    await f.pipeline.clients.dynamodb.send(
      new PutItemCommand({
        TableName: f.pipeline.tableName,
        Item: { pk: { S: `ACCOUNT#${account.id}` }, sk: { S: 'TOKEN' }, token: { S: account.accountToken } },
      }),
    );
    await f.accounts.deleteToken(account.id);
    expect(await f.accounts.hasToken(account.id)).toBe(false);
  });
});
