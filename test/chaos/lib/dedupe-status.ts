import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { canonicalSignature } from '../../../shared/merge/signature';
import { dedupeKey } from '../../../shared/store/keys';

/** The dedupe marker of a webhook (by its signature): DONE once the event was processed. */
export async function readDedupeStatus(
  client: DynamoDBClient,
  tableName: string,
  signature: string,
): Promise<string | undefined> {
  const k = dedupeKey(canonicalSignature(signature));
  const out = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: k.pk }, sk: { S: k.sk } },
      ConsistentRead: true,
    }),
  );
  const status = out.Item?.status;
  return status && 'S' in status ? status.S : undefined;
}
