import { TABLE_INDEXES } from '../../../shared/store/table-design';

// The IAM actions a function is granted on the table and its key (merge-sync-function.ts useTable).
export type TableAccess = 'read' | 'read-write';

/**
 * Exactly the DynamoDB calls the stores make (shared/store/dynamodb): no Scan, and UpdateItem only
 * on the partitions of atomic counters (countsMergeFailures; GET /accounts' counts with read-write).
 */
export const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  'read-write': [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};
export const INDEX_NAMES = TABLE_INDEXES.map((index) => index.name);

/**
 * What DynamoDB asks KMS for on the caller's behalf: CDK's grantReadData / grantReadWriteData key
 * actions, spelled out without wildcards, and only through DynamoDB (kms:ViaService).
 */
export const KEY_ACTIONS: Record<TableAccess, string[]> = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  'read-write': ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
};
