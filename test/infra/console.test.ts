import {
  CONSOLE_ACTION_ROUTES,
  CONSOLE_ASSET_ROUTES,
  CONSOLE_DATA_ROUTES,
} from '../../infra/aws/constructs/console';
import { defaultDeployment } from './support/synth';
import { renderValue } from './support/iam';

describe('the console in AWS: Cognito sign-in, a JWT authorizer on its data and actions', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const consoleApi = logicalId(stack.console.api.httpApi);
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
  const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');

  it('guards every console data route and action with the Cognito JWT authorizer', () => {
    const guarded = [...CONSOLE_DATA_ROUTES, ...CONSOLE_ACTION_ROUTES].map((r) => `${r.method} ${r.path}`);
    expect(guarded.length).toBe(3);
    for (const key of guarded) {
      const route = routes.find((r) => r.Properties.RouteKey === key);
      expect({ key, type: route?.Properties.AuthorizationType }).toEqual({ key, type: 'JWT' });
      const authorizerId = renderValue(route?.Properties.AuthorizerId);
      const authorizer = Object.entries(authorizers).find(([id]) => authorizerId.includes(id))?.[1];
      expect(authorizer?.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        JwtConfiguration: { Audience: [{ Ref: logicalId(stack.console.client) }] },
      });
      expect(renderValue(authorizer?.Properties.JwtConfiguration.Issuer)).toContain(
        logicalId(stack.console.userPool),
      );
    }
  });

  it('leaves no route open but the webhook and the console page and assets (no data)', () => {
    const open = routes
      .filter(
        (r) => r.Properties.AuthorizationType === 'NONE' || r.Properties.AuthorizationType === undefined,
      )
      .map((r) => renderValue(r.Properties.RouteKey))
      .sort();
    // The webhook route's path ends in the secret (a dynamic reference to Secrets Manager).
    const webhook = open.filter((key) => key.startsWith('POST /webhooks/merge/{{resolve:secretsmanager:'));
    expect(webhook).toHaveLength(1);
    expect(open.filter((key) => !webhook.includes(key))).toEqual(
      CONSOLE_ASSET_ROUTES.map((p) => `GET ${p}`).sort(),
    );
    const consoleRoutes = routes.filter((r) => renderValue(r.Properties.ApiId) === consoleApi);
    expect(consoleRoutes).toHaveLength(5);
  });

  it('creates the viewers and operators groups, invitation-only sign-in with MFA, and a PKCE client', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual(['operators', 'viewers']);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
    });
  });
});
