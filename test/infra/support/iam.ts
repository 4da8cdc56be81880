import type { Template } from 'aws-cdk-lib/assertions';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A CloudFormation value as readable text: `Ref X` → `X`, `GetAtt X.Arn` → `X.Arn`, joins joined. */
export function renderValue(value: Json): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(renderValue).join(',');
  if (value && typeof value === 'object') {
    if ('Ref' in value) return String(value.Ref);
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return getAtt.map(renderValue).join('.');
    const join = value['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, Json[]];
      return parts.map(renderValue).join(separator);
    }
  }
  return JSON.stringify(value);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Record<string, Record<string, Json>>;
}

/**
 * Everything a role's inline policies allow, one `action on resource` line per pair (with
 * ` if <condition keys>` when conditional), sorted: the role's whole permission set, comparable
 * with toEqual so a new grant anywhere fails the test that pins it.
 */
export function permissionsOfRole(template: Template, roleLogicalId: string): string[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const lines = new Set<string>();
  for (const policy of Object.values(policies)) {
    const props = policy.Properties as { Roles: Json[]; PolicyDocument: { Statement: Statement[] } };
    if (!props.Roles.some((role) => renderValue(role) === roleLogicalId)) continue;
    for (const statement of props.PolicyDocument.Statement) {
      if (statement.Effect !== 'Allow') continue;
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      const condition = statement.Condition
        ? ` if ${Object.values(statement.Condition)
            .flatMap((c) => Object.entries(c).map(([key, v]) => `${key}=${renderValue(v)}`))
            .join(',')}`
        : '';
      for (const action of actions) {
        for (const resource of resources) lines.add(`${action} on ${renderValue(resource)}${condition}`);
      }
    }
  }
  return [...lines].sort();
}
