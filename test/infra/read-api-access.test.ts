import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, Role, type CfnRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { READ_ROUTES, ReadApi } from '../../infra/aws/constructs/read-api';
import { renderValue } from './support/iam';
import { WRITE_ROUTES } from '../../infra/aws/constructs/writes';
import { cdkJsonContext, synthesize } from './support/synth';

/**
 * Who may read what through the read API: IAM authorization on every route, and a documented
 * policy (docs/security.md) that lets a machine client read one linked account and nothing else.
 * IAM matches a request's ARN `arn:…:execute-api:region:account:api-id/stage/GET/path` against the
 * policy's resource patterns, where `*` matches any characters (`/` included) and `?` one.
 */
const iamMatches = (pattern: string, arn: string): boolean => {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 's').test(arn);
};

describe('read API access', () => {
  const deployment = synthesize();
  const { stack, template, logicalId } = deployment;
  const api = logicalId(stack.readApi.api.httpApi);
  const render = (value: string) => renderValue(stack.resolve(value) as Parameters<typeof renderValue>[0]);
  /** The ARN IAM checks for `GET path` on the deployed stage, as CloudFormation will render it. */
  const requestArn = (path: string) =>
    `arn:AWS::Partition:execute-api:AWS::Region:AWS::AccountId:${api}/$default/GET${path}`;
  const allowedBy = (patterns: string[], path: string) =>
    patterns.some((pattern) => iamMatches(pattern, requestArn(path)));

  it('every route of the synthesized read API (the write routes included) requires IAM (SigV4), and there is no catch-all route', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) => renderValue(route.Properties.ApiId) === api,
    );
    expect(routes.map((r) => r.Properties.RouteKey as string).sort()).toEqual(
      [
        ...READ_ROUTES.map((path) => `GET ${path}`),
        ...WRITE_ROUTES.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`)),
      ].sort(),
    );
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  const paths = (account: string) => [
    `/accounts/${account}`,
    `/accounts/${account}/sync-state`,
    `/accounts/${account}/records/crm.Lead`,
    `/accounts/${account}/records/crm.Lead/lead-1`,
    `/accounts/${account}/health`,
  ];

  it('the per-account policy allows every route of that account: the five account routes', () => {
    expect(paths('x').length).toBe(READ_ROUTES.length - 1); // every route but the list
    const patterns = stack.readApi.accountInvokeArns('acct-1').map(render);
    expect(patterns).toEqual([
      `arn:AWS::Partition:execute-api:AWS::Region:AWS::AccountId:${api}/*/GET/accounts/acct-1`,
      `arn:AWS::Partition:execute-api:AWS::Region:AWS::AccountId:${api}/*/GET/accounts/acct-1/*`,
    ]);
    for (const path of paths('acct-1')) expect(allowedBy(patterns, path)).toBe(true);
  });

  it('and nothing else: not the list, not another account, not an account whose id starts alike', () => {
    const patterns = stack.readApi.accountInvokeArns('acct-1').map(render);
    expect(allowedBy(patterns, '/accounts')).toBe(false);
    for (const other of ['acct-2', 'acct-10', 'acct-1x', 'acct-', 'ACCT-1'])
      for (const path of paths(other)) expect(allowedBy(patterns, path)).toBe(false);
    // Another API of the account (the webhook API) or a POST: not covered either.
    expect(
      patterns.some((p) => iamMatches(p, requestArn('/accounts/acct-1').replace('/GET/', '/POST/'))),
    ).toBe(false);
  });

  it('refuses to build a pattern from an id with IAM wildcards or path characters', () => {
    for (const id of ['*', 'a*', 'a?', 'a/b', '..', ''])
      expect(() => stack.readApi.accountInvokeArns(id)).toThrow();
  });

  it('grantReadAccount gives a role exactly those two ARNs, execute-api:Invoke only', () => {
    // A stack of its own: the deployment above is synthesized already.
    const app = new App({
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    const own = new Stack(app, 'Grants');
    const readApi = new ReadApi(own, 'ReadApi', {
      defaults: {
        logLevel: 'INFO',
        metricsNamespace: 'T',
        logRetention: RetentionDays.ONE_DAY,
        logKey: new Key(own, 'K'),
      },
      table: new Table(own, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      syncEnvironment: {},
      requestsPerSecond: 1,
    });
    const backend = new Role(own, 'Backend', { assumedBy: new AccountRootPrincipal() });
    readApi.grantReadAccount(backend, 'acct-1');
    const policies = Object.values(Template.fromStack(own).findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as unknown[]).some(
        (r) => renderValue(r as never) === own.getLogicalId(backend.node.defaultChild as CfnRole),
      ),
    );
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' });
    const resolve = (value: string) => renderValue(own.resolve(value) as never);
    expect((statements[0]!.Resource as never[]).map((r) => renderValue(r))).toEqual(
      readApi.accountInvokeArns('acct-1').map(resolve),
    );
  });

  it('the whole-API grant (ReadApiInvokeArn) covers the list and every account', () => {
    const pattern = render(stack.readApi.invokeArn);
    for (const path of ['/accounts', ...paths('acct-1'), ...paths('acct-2')])
      expect(iamMatches(pattern, requestArn(path))).toBe(true);
  });
});
