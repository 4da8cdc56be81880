import { addStaffUser, type StaffDirectory } from '../../../infra/cli/staff-users';
import { UsageError } from '../../../infra/cli/errors';
import { cli } from '../../helpers/cli-run';

/**
 * Cognito has no local stand-in, so the user pool is a directory in memory that behaves as
 * AdminCreateUser and AdminAddUserToGroup do (an existing user: UsernameExists; groups are a set).
 */
class MemoryDirectory implements StaffDirectory {
  readonly users = new Map<string, Set<string>>();
  async invite(email: string) {
    if (this.users.has(email)) return 'exists' as const;
    this.users.set(email, new Set());
    return 'invited' as const;
  }
  async addToGroup(email: string, group: string) {
    const groups = this.users.get(email);
    if (!groups) throw new Error(`UserNotFoundException: ${email}`);
    groups.add(group);
  }
}

describe('users add: staff who may sign in to the console', () => {
  it('a viewer by default; --operator adds the operators group; adding again only adds groups', async () => {
    const directory = new MemoryDirectory();
    expect(await addStaffUser(directory, 'ana@example.com', { operator: false })).toEqual({
      email: 'ana@example.com',
      invited: true,
      groups: ['viewers'],
    });
    expect(await addStaffUser(directory, 'ana@example.com', { operator: true })).toEqual({
      email: 'ana@example.com',
      invited: false,
      groups: ['viewers', 'operators'],
    });
    expect([...directory.users.get('ana@example.com')!].sort()).toEqual(['operators', 'viewers']);
  });

  it('refuses what is not an email address, before asking Cognito', async () => {
    const directory = new MemoryDirectory();
    await expect(addStaffUser(directory, 'Ana Lopez', { operator: false })).rejects.toThrow(UsageError);
    expect(directory.users.size).toBe(0);
  });

  it('needs --stack: the local console has no sign-in (exit 2, saying so)', async () => {
    const run = await cli(['users', 'add', 'ana@example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('users add needs --stack NAME');
  });
});
