import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localClients, provisionTable, startStandIns, type StandIns } from '../../infra/local/stand-ins';
import { missingIndexes } from '../../infra/local/table-upgrade';
import { listAccountsPage } from '../../shared/read-api/accounts-page';
import { accountItem } from '../../shared/store/dynamodb/account-item';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { refusingKeyWrapper, TokenSealer } from '../../shared/store/tokens/token-sealer';
import { createTableInput, TABLE_DESIGN } from '../../shared/store/table-design';
import { expectedListing, population } from '../helpers/account-population';

/**
 * `npm start` keeps its table in `.data`: one an earlier version made, without the accounts health
 * index, is made again at the next start, its items kept, its accounts indexed and counted.
 */
const TABLE = 'upgraded';
let standIns: StandIns;
let clients: ReturnType<typeof localClients>;

beforeAll(async () => {
  standIns = await startStandIns();
  clients = localClients(standIns);
});

afterAll(async () => {
  clients.dynamodb.destroy();
  clients.sqs.destroy();
  await standIns.close();
});

it('a table without the accounts health index is made again with every item, accounts indexed and counted', async () => {
  // As the earlier version made it: the accounts and feed indexes only, account items without their health keys.
  const earlier = createTableInput(TABLE);
  earlier.GlobalSecondaryIndexes = earlier.GlobalSecondaryIndexes!.filter(
    (index) => index.IndexName !== TABLE_DESIGN.healthIndex.name,
  );
  await clients.dynamodb.send(new CreateTableCommand(earlier));
  const accounts = population(0, 40);
  for (const account of accounts) {
    const { gsi3pk: _pk, gsi3sk: _sk, listedAs: _listed, ...item } = accountItem(account);
    await clients.dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: item }));
  }
  const other = { pk: { S: 'ACCOUNT#acct-00001' }, sk: { S: 'STATE#crm.Lead' }, doc: { S: '{}' } };
  await clients.dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: other }));
  expect(await missingIndexes(clients.dynamodb, TABLE)).toEqual([TABLE_DESIGN.healthIndex.name]);

  await provisionTable(clients.dynamodb, TABLE);

  expect(await missingIndexes(clients.dynamodb, TABLE)).toEqual([]);
  const store = new DynamoAccountStore(clients.dynamodb, TABLE, new TokenSealer(refusingKeyWrapper));
  const query = { order: 'problems', page_size: '1000' };
  const page = await listAccountsPage({ accounts: store }, query);
  const expected = expectedListing(accounts, query);
  expect(page.results.map((r) => r.id)).toEqual(expected.ids);
  expect(page).toMatchObject({ counts: expected.counts, total: expected.total });
  const kept = await clients.dynamodb.send(
    new GetItemCommand({ TableName: TABLE, Key: { pk: other.pk, sk: other.sk } }),
  );
  expect(kept.Item).toEqual(other);
  // A current table is left as it is.
  await provisionTable(clients.dynamodb, TABLE);
  expect((await listAccountsPage({ accounts: store }, query)).results).toHaveLength(accounts.length);
});
