import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { s, type Item } from './attributes';

/**
 * Every item of one partition whose sort key starts with `prefix`, consistently read and followed
 * past DynamoDB's 1 MB per Query: an account's sync states, its outbox batches.
 */
export async function queryByPrefix(
  client: DynamoDBClient,
  tableName: string,
  pk: string,
  prefix: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': s(pk), ':prefix': s(prefix) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
