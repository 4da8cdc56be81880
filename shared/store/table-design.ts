import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table holds everything (single-table design); docs/architecture-and-data-model.md ("Data model") documents each item.
 * The CDK stack and the local runtime both build the table from this description.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every account: gsi1pk = ACCOUNTS, gsi1sk = STATUS#id, so the active ones are one Query. */
  accountsIndex: { name: 'accounts-by-status', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * GET /accounts' filters and problems order: gsi3pk = HEALTH#category (the six synced, OTHER for
   * the rest), gsi3sk = rank#inverse-time#id (shared/core/account-listing.ts), on account items only.
   */
  healthIndex: { name: 'accounts-by-health', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  /** The consumer feed: per (account, model), records ordered by `syncedAt#id`. */
  feedIndex: { name: 'record-feed', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /**
   * Epoch seconds; DynamoDB TTL removes expired webhook-dedupe markers, seen marks and the failure
   * guard's time buckets (not emulated locally; readers never depend on it).
   */
  ttlAttribute: 'expiresAt',
} as const;

/**
 * The table's GSIs, in the order they were added: a deployment adds at most one per update
 * (CloudFormation creates one GSI per table update), so a new one goes last, alone.
 */
export const TABLE_INDEXES = [TABLE_DESIGN.accountsIndex, TABLE_DESIGN.feedIndex, TABLE_DESIGN.healthIndex];

export function createTableInput(tableName: string): CreateTableCommandInput {
  const d = TABLE_DESIGN;
  const gsi = (index: { name: string; partitionKey: string; sortKey: string }) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      d.partitionKey,
      d.sortKey,
      ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: 'HASH' },
      { AttributeName: d.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map(gsi),
  };
}
