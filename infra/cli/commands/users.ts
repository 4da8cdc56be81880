import { STACK_OUTPUTS } from '../../aws/stack-outputs';
import { readStackOutputs } from '../aws-target';
import { TargetError, UsageError } from '../errors';
import type { CommandSpec } from '../registry';
import { addStaffUser, cognitoStaffDirectory } from '../staff-users';

export const usersAddSpec: CommandSpec = {
  name: 'users add',
  summary: 'invite a member of staff to the console (a viewer, or an operator with --operator)',
  args: [{ name: 'EMAIL', help: 'their email address: Cognito mails them a temporary password' }],
  flags: [
    { name: '--operator', help: 'may also act: resync, full resync, mark resolved, remove' },
    { name: '--json', help: 'as JSON: {"email", "invited", "groups"}' },
  ],
  details:
    "Adds the user to the stack's Cognito user pool (ConsoleUserPoolId output) and to its viewers group,\n" +
    'and its operators group with --operator. Adding someone again only adds the groups. The local\n' +
    'runtime has no sign-in, so this needs --stack.',
  examples: [
    { command: 'users add ana@example.com --stack MergeSync', note: 'a viewer' },
    { command: 'users add lee@example.com --operator --stack MergeSync', note: 'an operator' },
  ],
  target: 'any',
  async run({ args, flags, terminal }) {
    const stack = flags.get('--stack');
    if (typeof stack !== 'string')
      throw new UsageError('users add needs --stack NAME: the local console has no sign-in', 'users add');
    const region = flags.get('--region');
    const outputs = await readStackOutputs(stack, typeof region === 'string' ? region : undefined);
    const userPoolId = outputs[STACK_OUTPUTS.consoleUserPoolId];
    if (!userPoolId)
      throw new TargetError(
        `the stack has no output ${STACK_OUTPUTS.consoleUserPoolId}; deploy this version first`,
      );
    const directory = cognitoStaffDirectory(userPoolId, typeof region === 'string' ? region : undefined);
    const added = await addStaffUser(directory, args.EMAIL ?? '', { operator: flags.has('--operator') });
    if (flags.has('--json')) return terminal.out(JSON.stringify(added, null, 2));
    terminal.out(
      `${added.email}: ${added.invited ? 'invited (Cognito mails a temporary password)' : 'already a user'}; ` +
        `groups ${added.groups.join(', ')}`,
    );
  },
};
