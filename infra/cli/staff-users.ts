import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { OPERATORS_GROUP, VIEWERS_GROUP } from '../../shared/console/console-access';
import { UsageError } from './errors';

/** The console's staff directory (the stack's Cognito user pool), as `users add` uses it. */
export interface StaffDirectory {
  /** Invites a user by email (Cognito mails a temporary password); 'exists' when already there. */
  invite(email: string): Promise<'invited' | 'exists'>;
  addToGroup(email: string, group: string): Promise<void>;
}

/** Plain enough to catch a typo or a pasted name; Cognito checks the rest. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `users add`: a member of staff who may sign in to the console: a viewer (reads), or an operator
 * (also acts: resync, resolve, remove). Adding someone again only adds the groups: it is safe to
 * repeat, and the way to make a viewer an operator.
 */
export async function addStaffUser(
  directory: StaffDirectory,
  email: string,
  options: { operator: boolean },
): Promise<{ email: string; invited: boolean; groups: string[] }> {
  if (!EMAIL.test(email)) throw new UsageError(`"${email}" is not an email address`, 'users add');
  const invited = (await directory.invite(email)) === 'invited';
  const groups = options.operator ? [VIEWERS_GROUP, OPERATORS_GROUP] : [VIEWERS_GROUP];
  for (const group of groups) await directory.addToGroup(email, group);
  return { email, invited, groups };
}

/** The stack's user pool through the Cognito API, with the user's own AWS credentials. */
export function cognitoStaffDirectory(userPoolId: string, region?: string): StaffDirectory {
  const client = new CognitoIdentityProviderClient(region ? { region } : {});
  return {
    async invite(email) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        return 'invited';
      } catch (error) {
        if (error instanceof UsernameExistsException) return 'exists';
        throw error;
      }
    },
    async addToGroup(email, group) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
      );
    },
  };
}
