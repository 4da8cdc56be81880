import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN, TABLE_INDEXES } from '../../../shared/store/table-design';

/**
 * What the deployment keeps: the one DynamoDB table (accounts, their tokens, sync state, records)
 * and the EventBridge bus that downstream consumers subscribe to.
 *
 * The table is built from shared/store/table-design.ts, the description the code and the local
 * runtime use: the same keys, the three GSIs the stores query, and TTL on the attribute the dedupe
 * markers expire by. It holds linked-account tokens, so it is encrypted with a key of our own
 * (rotated yearly, retained with the table so backups stay readable), and it survives a
 * `cdk destroy`: deletion protection plus RETAIN, with 35 days of point-in-time recovery.
 */
export interface StorageProps {
  /** Encrypts the event archive (operations-key.ts): it holds 30 days of change events, record data included. */
  archiveKey: IKey;
}

export class Storage extends Construct {
  readonly table: Table;
  readonly tableKey: Key;
  /**
   * Seals each account token before it is stored (envelope encryption, shared/store/tokens): only
   * the roles granted kms:Decrypt on it (the poller and the fetcher) can read a token back, whatever
   * else can read the table. Retained like the table: without it no stored token opens.
   */
  readonly tokenKey: Key;
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.tableKey = new Key(this, 'TableKey', {
      description: `Encrypts the ${Stack.of(this).stackName} table (account tokens and synced records)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tokenKey = new Key(this, 'TokenKey', {
      description: `Seals the ${Stack.of(this).stackName} linked-account tokens (envelope encryption)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const d = TABLE_DESIGN;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: d.partitionKey, type: AttributeType.STRING },
      sortKey: { name: d.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: d.ttlAttribute,
    });
    // In the order they were added: an update of a deployed table adds one GSI at a time.
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Record changes and sync results, for downstream rules. The archive keeps 30 days of them so
    // a new consumer (or one that was broken) can replay what it missed.
    this.bus = new EventBus(this, 'ChangeEvents', {
      description: 'Record changes and sync results from the Merge sync',
    });
    new Archive(this, 'ChangeEventsArchive', {
      sourceEventBus: this.bus,
      description: 'Replayable copy of the change and sync-result events',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(30),
      kmsKey: props.archiveKey,
    });
  }
}
