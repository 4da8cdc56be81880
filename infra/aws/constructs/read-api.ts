import { Stack } from 'aws-cdk-lib';
import { Effect, Grant, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TOKEN_PK_PREFIX } from '../../../shared/store/keys';
import { LoggedHttpApi } from './logged-http-api';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';

/** The read routes, as in the local runtime (BRIEF.md, "The local runtime contract"). */
export const READ_ROUTES = [
  '/accounts',
  '/accounts/{accountId}',
  '/accounts/{accountId}/sync-state',
  '/accounts/{accountId}/health',
  '/accounts/{accountId}/records/{modelId}',
  '/accounts/{accountId}/records/{modelId}/{recordId}',
];

export interface ReadApiProps {
  defaults: FunctionDefaults;
  table: ITable;
  /** The variables the sync config is loaded from; the read API reports lag per configured model. */
  syncEnvironment: Record<string, string>;
  /** Steady requests per second; bursts may reach twice that. */
  requestsPerSecond: number;
}

/**
 * Your backend's view of the synced data: GET /accounts, /accounts/{id}, /accounts/{id}/sync-state,
 * /accounts/{id}/records/{modelId} and one record, on an API of its own so its throttling, access logs and metrics
 * stay apart from the webhook's (the Receiver5xx alarm counts webhooks only). Every route requires IAM authorization (SigV4): grant your
 * backend's role `execute-api:Invoke` on `ReadApiInvokeArn` (docs/deployment.md). The function can only
 * read the table.
 */
export class ReadApi extends Construct {
  readonly handler: MergeSyncFunction;
  readonly api: LoggedHttpApi;
  /** The ARN pattern of every read route, for the IAM policy of a caller. */
  readonly invokeArn: string;

  constructor(scope: Construct, id: string, props: ReadApiProps) {
    super(scope, id);
    this.handler = new MergeSyncFunction(this, 'Handler', {
      name: 'read-api',
      description: 'Serves accounts, sync state and the record feed (IAM-authorized GET routes)',
      defaults: props.defaults,
      environment: props.syncEnvironment,
    }).useTable(props.table, 'read');
    // It never needs a token: it may not even read a sealed one (the token items have their own
    // partitions, shared/store/keys.ts), whatever a later grant on the table adds.
    this.handler.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NeverTheAccountTokens',
        effect: Effect.DENY,
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${TOKEN_PK_PREFIX}*`] } },
      }),
    );

    this.api = new LoggedHttpApi(this, 'Api', {
      description: 'Reads the synced accounts, sync state and records (IAM authorization)',
      throttle: { rateLimit: props.requestsPerSecond, burstLimit: props.requestsPerSecond * 2 },
      logRetention: props.defaults.logRetention,
      logKey: props.defaults.logKey,
    });
    const integration = new HttpLambdaIntegration('Handler', this.handler.function);
    const authorizer = new HttpIamAuthorizer();
    for (const path of READ_ROUTES) {
      this.api.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer });
    }
    this.invokeArn = this.routeArn('accounts*');
  }

  /**
   * The ARNs that let a caller read one linked account and nothing else: `GET /accounts/{id}` and
   * every route below it, in any stage. Not `GET /accounts` (that lists every account). IAM's `*`
   * matches across `/`, so the second pattern covers sync-state, the feed and single records; the
   * `/` before it keeps account `abc` from matching `abc2`. The router decodes each path segment on
   * its own and refuses `.` and `..`, so no path under `/accounts/{id}/` reaches another account.
   */
  accountInvokeArns(accountId: string): string[] {
    if (!/^[A-Za-z0-9._-]+$/.test(accountId) || accountId === '.' || accountId === '..')
      throw new Error(`not an account id an IAM resource pattern can name: ${JSON.stringify(accountId)}`);
    return [this.routeArn(`accounts/${accountId}`), this.routeArn(`accounts/${accountId}/*`)];
  }

  /** Lets `grantee` (your backend's role) read one linked account's routes only (accountInvokeArns). */
  grantReadAccount(grantee: IGrantable, accountId: string): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: this.accountInvokeArns(accountId),
    });
  }

  /** `arn:…:execute-api:region:account:api-id/<any stage>/GET/<path>`, the form IAM authorization checks. */
  private routeArn(path: string): string {
    return Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.api.httpApi.apiId,
      resourceName: `*/GET/${path}`,
    });
  }
}
