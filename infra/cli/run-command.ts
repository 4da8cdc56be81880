import { OperatorInputError } from '../../shared/operations/operator-actions';
import type { OverridesChange } from '../../shared/operations/account-admin';
import {
  configureAccountCommand,
  listAccountsCommand,
  purgeCommand,
  removeAccountCommand,
} from './account-commands';
import type { ConnectedTarget } from './aws-target';
import { addAccountCommand, resyncCommand, statusCommand } from './commands';
import { listDeadLetters, redriveDeadLetters } from './dead-letters';
import type { Terminal } from './terminal';

export interface ParsedArgs {
  words: string[];
  flags: Map<string, string | true>;
}

export const flagValue = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** The commands that delete data: they ask for the account id first, or take --yes. */
export const isDestructive = ([command, sub]: string[]) =>
  command === 'purge' || (command === 'accounts' && sub === 'remove');

/** Runs one command against a connected target (the local runtime or a deployed stack). */
export async function runCommand(
  args: ParsedArgs,
  target: ConnectedTarget,
  terminal: Terminal,
): Promise<void> {
  const { deps } = target;
  const out = terminal.out;
  const [command, sub, ...rest] = args.words;
  const json = args.flags.has('--json');
  const yes = args.flags.has('--yes');
  if (command === 'status' && !sub) return statusCommand(deps, out, { json });
  if (command === 'accounts' && sub === 'list' && rest.length === 0)
    return listAccountsCommand(deps, terminal, { json });
  if (command === 'accounts' && sub === 'add' && rest.length === 0) {
    const id = flagValue(args, '--id');
    const category = flagValue(args, '--category');
    if (!id || !category) throw new OperatorInputError('accounts add needs --id and --category');
    const integration = flagValue(args, '--integration');
    return addAccountCommand(deps, out, {
      id,
      category,
      tokenStdin: args.flags.has('--token-stdin'),
      ...(integration ? { integration } : {}),
    });
  }
  if (command === 'accounts' && sub === 'remove' && rest.length === 1)
    return removeAccountCommand(deps, terminal, rest[0]!, { yes });
  if (command === 'accounts' && sub === 'configure' && rest.length === 1)
    return configureAccountCommand(deps, terminal, rest[0]!, overridesChange(args), { json });
  if (command === 'purge' && sub && rest.length === 0) return purgeCommand(deps, terminal, sub, { yes });
  if (command === 'resync' && sub && rest.length <= 1)
    return resyncCommand(deps, out, sub, rest[0], { full: args.flags.has('--full') });
  if (command === 'dlq' && sub === 'list' && rest.length === 0)
    return listDeadLetters(target.sqs, target.target, out, { json });
  if (command === 'dlq' && sub === 'redrive' && rest.length <= 1)
    return redriveDeadLetters(target.sqs, target.target, out, rest[0]);
  throw new OperatorInputError(`unknown command "${args.words.join(' ')}"`);
}

/**
 * `accounts configure` flags as a change: --models a,b  --cadence model=tier[,model=tier]
 * --plan-limit N  --reset. Only the syntax is checked here; what the values mean is checked by the
 * domain against the deployment's config (shared/config/account-overrides.ts).
 */
export function overridesChange(args: ParsedArgs): OverridesChange {
  const models = flagValue(args, '--models');
  const cadence = flagValue(args, '--cadence');
  const planLimit = flagValue(args, '--plan-limit');
  const list = (value: string) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  const change: OverridesChange = {};
  if (args.flags.has('--reset')) change.reset = true;
  if (models !== undefined) change.models = list(models);
  if (cadence !== undefined) {
    change.cadence = Object.fromEntries(
      list(cadence).map((pair) => {
        const [model, tier, extra] = pair.split('=');
        if (!model || !tier || extra !== undefined)
          throw new OperatorInputError(`--cadence takes MODEL=TIER[,MODEL=TIER], not "${pair}"`);
        return [model.trim(), tier.trim()];
      }),
    );
  }
  if (planLimit !== undefined) {
    if (!/^\d+$/.test(planLimit))
      throw new OperatorInputError(
        `--plan-limit takes a whole number of requests per minute, not "${planLimit}"`,
      );
    change.planRequestsPerMinute = Number(planLimit);
  }
  return change;
}
