import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CfnUserPoolGroup, Mfa, OAuthScope, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { OPERATORS_GROUP, VIEWERS_GROUP } from '../../../shared/console/console-access';
import { CONSOLE_ROUTES } from '../../../shared/console/console-routes';
import { LoggedHttpApi } from './logged-http-api';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';
import type { WorkQueue } from './work-queue';

export interface ConsoleProps {
  defaults: FunctionDefaults;
  table: ITable;
  bus: IEventBus;
  jobsQueue: WorkQueue;
  syncEnvironment: Record<string, string>;
  requestsPerSecond: number;
}

/** The console's routes as API Gateway names them: `{action}` captures one segment there too. */
export const CONSOLE_DATA_ROUTES = CONSOLE_ROUTES.data.map((path) => ({ method: HttpMethod.GET, path }));
export const CONSOLE_ACTION_ROUTES = CONSOLE_ROUTES.actions.map((path) => ({
  method: HttpMethod.POST,
  path,
}));
/** The page, its script and styles: no data, served before sign-in (the browser has no token yet). */
export const CONSOLE_ASSET_ROUTES = ['/console', '/console/{asset}'];

/**
 * The web console for customer-facing staff (docs/health.md): a function serving the page and the
 * JSON it reads and acts with, on an HTTP API of its own. Its data and action routes need a
 * Cognito token (JWT authorizer); the function reads the token's groups: `viewers` read,
 * `operators` also act. Staff sign in on Cognito's hosted page (authorization code with PKCE);
 * nobody signs up (an operator invites them: `merge-sync users add EMAIL [--operator]`).
 */
export class Console extends Construct {
  readonly handler: MergeSyncFunction;
  readonly api: LoggedHttpApi;
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly signInDomain: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [name, description] of [
      [VIEWERS_GROUP, 'Reads the integration health console'],
      [OPERATORS_GROUP, 'Reads the console and runs its actions (resync, resolve, remove)'],
    ] as const) {
      new CfnUserPoolGroup(this, `${name}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description,
      });
    }
    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `merge-sync-${Aws.ACCOUNT_ID}` },
    });
    this.signInDomain = `${domain.domainName}.auth.${Aws.REGION}.amazoncognito.com`;

    this.api = new LoggedHttpApi(this, 'Api', {
      description: 'The integration health console (Cognito sign-in)',
      throttle: { rateLimit: props.requestsPerSecond, burstLimit: props.requestsPerSecond * 2 },
      logRetention: props.defaults.logRetention,
      logKey: props.defaults.logKey,
    });
    const consoleUrl = `${this.api.url}console`;
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });

    this.handler = new MergeSyncFunction(this, 'Handler', {
      name: 'console',
      description: 'Serves the integration health console: page, data and actions (Cognito-authorized)',
      defaults: props.defaults,
      environment: {
        ...props.syncEnvironment,
        CONSOLE_SIGN_IN_DOMAIN: this.signInDomain,
        CONSOLE_CLIENT_ID: this.client.userPoolClientId,
      },
    })
      .useTable(props.table, 'read-write')
      .sendsTo(props.jobsQueue)
      .publishesTo(props.bus);

    const integration = new HttpLambdaIntegration('Handler', this.handler.function);
    const authorizer = new HttpJwtAuthorizer(
      'Staff',
      `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId] },
    );
    for (const route of [...CONSOLE_DATA_ROUTES, ...CONSOLE_ACTION_ROUTES]) {
      this.api.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }
    for (const path of CONSOLE_ASSET_ROUTES) {
      const [added] = this.api.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration });
      Validations.of(added!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The console page, script and styles hold no data and must load before sign-in (a browser navigation sends no token); every data and action route has the JWT authorizer.',
      });
    }
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per active user; sign-in is invitation-only with MFA required. Choose it in the user pool if your policy asks for it.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG3',
      reason:
        'Cognito threat protection (the Plus feature plan) is billed per active user; sign-in is invitation-only with MFA required. Enable it in the user pool if your policy asks for it.',
    });
  }

  get url(): string {
    return `${this.api.url}console`;
  }
}
