import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { accountItem, accountOf } from '../../shared/store/dynamodb/account-item';
import type { Item } from '../../shared/store/dynamodb/attributes';
import { batchWriteAll } from '../../shared/store/dynamodb/batch';
import { recountListing } from '../../shared/store/dynamodb/listing-recount';
import { accountKey } from '../../shared/store/keys';
import { createTableInput, TABLE_INDEXES } from '../../shared/store/table-design';

/** The indexes a table made by an earlier version lacks (none for a current one). */
export async function missingIndexes(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  return TABLE_INDEXES.map((index) => index.name).filter((name) => !present.has(name));
}

const isAccountItem = (item: Item) => item.sk?.S === accountKey('').sk && accountOf(item) !== undefined;

/**
 * A local table (`.data`) made by an earlier version, without an index this one queries: dynalite
 * cannot add an index to a table, so the table is made again with every item in it, each account
 * written as this version writes it (its index keys), and GET /accounts' counts computed. What
 * DynamoDB and `accounts reindex` do for a deployed stack; a local table is small.
 */
export async function rebuildTable(client: DynamoDBClient, tableName: string): Promise<number> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const rewritten = items.map((item) => (isAccountItem(item) ? accountItem(accountOf(item)!) : item));
  await batchWriteAll(
    client,
    tableName,
    rewritten.map((Item) => ({ PutRequest: { Item } })),
  );
  await recountListing(client, tableName);
  return items.length;
}
