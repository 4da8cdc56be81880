import { Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { MergeRegion } from '../../../shared/merge/regions';
import { WRITE_DETAIL_TYPE } from '../../../shared/writes/write-events';
import type { LoggedHttpApi } from './logged-http-api';
import type { MergeSecrets } from './merge-secrets';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';
import type { Storage } from './storage';
import { WorkQueue } from './work-queue';

/** The write routes, as in the local runtime (shared/writes/routes.ts). */
export const WRITE_ROUTES: readonly { path: string; methods: HttpMethod[] }[] = [
  { path: '/accounts/{accountId}/writes', methods: [HttpMethod.POST, HttpMethod.GET] },
  { path: '/accounts/{accountId}/writes/{writeId}', methods: [HttpMethod.GET] },
];

export interface WritesProps {
  defaults: FunctionDefaults;
  storage: Storage;
  secrets: MergeSecrets;
  /** The read API's HTTP API: one base URL and one IAM authorization for reads and writes. */
  api: LoggedHttpApi;
  syncEnvironment: Record<string, string>;
  mergeRegion: MergeRegion;
}

/**
 * Writes back to Merge (docs/writes.md):
 *
 *   POST /accounts/{id}/writes (IAM) → write API (stores and queues it) → writes queue (+DLQ)
 *   Write Requested on the bus → rule → writes queue
 *   writes queue → writer (meta, the write with its Idempotency-Key, the store follows) → Merge
 *
 * The write routes have a function of their own, not the read API's: the read API stays read-only
 * (its role can only read the table), and the write API can only put items into accounts'
 * partitions and send to the writes queue; neither holds Merge's API key. Only the writer calls
 * Merge, through the same per-account schedule and failure guard as the sync.
 */
export class Writes extends Construct {
  readonly queue: WorkQueue;
  readonly api: MergeSyncFunction;
  readonly writer: MergeSyncFunction;
  readonly requestedRule: Rule;
  /** The ARN pattern of POST writes, for the IAM policy of a caller (GET is in ReadApiInvokeArn). */
  readonly invokeArn: string;

  constructor(scope: Construct, id: string, props: WritesProps) {
    super(scope, id);
    const { table, bus } = props.storage;
    this.queue = new WorkQueue(this, 'WritesQueue', 'writes');

    this.api = new MergeSyncFunction(this, 'Api', {
      name: 'write-api',
      description: 'Accepts writes back to Merge: stores and queues them (IAM-authorized routes)',
      defaults: props.defaults,
      environment: props.syncEnvironment,
    })
      .useTable(table, 'read')
      .putsIntoAccountPartitions(table)
      .sendsTo(this.queue);

    this.writer = new MergeSyncFunction(this, 'Writer', {
      name: 'writer',
      description: 'Sends queued writes to Merge exactly once; the store follows; outcomes on the bus',
      defaults: props.defaults,
      environment: { ...props.syncEnvironment, MERGE_REGION: props.mergeRegion },
    })
      .consumes(this.queue)
      .useTable(table, 'read-write')
      // Retries and turns behind an earlier update go back on the queue with a delay.
      .sendsTo(this.queue)
      .sendsToDeadLetters(this.queue)
      .readsSecret(props.secrets.apiKey, 'MERGE_API_KEY')
      // It sends each write with the account's token.
      .opensTokens(props.storage.tokenKey)
      .countsMergeFailures(table)
      .publishesTo(bus);

    const integration = new HttpLambdaIntegration('WriteApi', this.api.function);
    const authorizer = new HttpIamAuthorizer();
    for (const route of WRITE_ROUTES) {
      props.api.httpApi.addRoutes({ path: route.path, methods: route.methods, integration, authorizer });
    }
    this.invokeArn = Stack.of(this).formatArn({
      service: 'execute-api',
      resource: props.api.httpApi.apiId,
      resourceName: '*/POST/accounts/*/writes',
    });

    // A user's own services may ask for a write on the bus instead of the API.
    this.requestedRule = new Rule(this, 'WriteRequested', {
      eventBus: bus,
      description: 'Write Requested events go to the writes queue (docs/writes.md)',
      eventPattern: { detailType: [WRITE_DETAIL_TYPE.requested] },
      targets: [new SqsQueue(this.queue.queue)],
    });
  }
}
