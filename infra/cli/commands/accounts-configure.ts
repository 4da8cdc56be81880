import {
  accountConfigView,
  configureAccount,
  type AccountConfigView,
  type OverridesChange,
} from '../../../shared/operations/account-admin';
import { OperatorInputError } from '../../../shared/operations/operator-actions';
import type { SyncDeps } from '../../../shared/sync/ports';
import { UsageError } from '../errors';
import { flagValue, type CommandSpec } from '../registry';
import { formatTable } from '../table';
import type { Terminal } from '../terminal';

/**
 * `accounts configure`: shows an account's sync plan, or changes its overrides (models, cadence
 * per model, plan limit; --reset drops them all first).
 */
export async function configureAccountCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  change: OverridesChange,
  options: { json: boolean },
) {
  const changing = Object.keys(change).length > 0;
  let view: AccountConfigView;
  if (changing) view = await configureAccount(deps, accountId, change);
  else {
    const account = await deps.accounts.get(accountId);
    if (!account) throw new OperatorInputError(`no account ${accountId}; see merge-sync accounts list`);
    view = accountConfigView(deps.settings, account);
  }
  if (options.json) return terminal.out(JSON.stringify(view, null, 2));
  // The fields left out, only where some model leaves any out (crm accounts, by default, none).
  const denies = view.models.some((m) => m.denied_fields.length > 0 || m.denied_fields_overridden);
  terminal.out(
    formatTable(
      ['model', 'tier', ...(denies ? ['fields left out'] : [])],
      view.models.map((m) => {
        const denied = m.denied_fields.join(', ') || 'none';
        return [
          m.model_id,
          m.tier_overridden ? `${m.tier} (override)` : m.tier,
          ...(denies ? [m.denied_fields_overridden ? `${denied} (override)` : denied] : []),
        ];
      }),
    ),
  );
  const own = view.overrides?.plan_requests_per_minute != null ? ' (override)' : '';
  terminal.out(
    `\nplan limit: ${view.plan_requests_per_minute} requests/min${own}; paced at ${view.requests_per_minute}/min`,
  );
  if (changing) terminal.out(`Saved. Polls, fetches and pacing follow it within a minute.`);
}

/**
 * The flags as a change: --models a,b  --cadence model=tier[,model=tier]  --plan-limit N
 * --deny-fields model=field[,model=field] (`model=` alone: keep every field)  --reset.
 * Only the syntax is checked here; what the values mean is checked by the domain against the
 * deployment's config (shared/config/account-overrides.ts).
 */
export function overridesChange(flags: ReadonlyMap<string, string | true>): OverridesChange {
  const models = flagValue(flags, '--models');
  const cadence = flagValue(flags, '--cadence');
  const planLimit = flagValue(flags, '--plan-limit');
  const denyFields = flagValue(flags, '--deny-fields');
  const list = (value: string) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  const change: OverridesChange = {};
  if (flags.has('--reset')) change.reset = true;
  if (models !== undefined) change.models = list(models);
  if (cadence !== undefined) {
    change.cadence = Object.fromEntries(
      list(cadence).map((pair) => {
        const [model, tier, extra] = pair.split('=');
        if (!model || !tier || extra !== undefined)
          throw new UsageError(
            `--cadence takes MODEL=TIER[,MODEL=TIER], not "${pair}"`,
            'accounts configure',
          );
        return [model.trim(), tier.trim()];
      }),
    );
  }
  if (denyFields !== undefined) change.denyFields = denyFieldsOf(list(denyFields));
  if (planLimit !== undefined) {
    if (!/^\d+$/.test(planLimit))
      throw new UsageError(
        `--plan-limit takes a whole number of requests per minute, not "${planLimit}"`,
        'accounts configure',
      );
    change.planRequestsPerMinute = Number(planLimit);
  }
  return change;
}

/** `hris.Employee=ssn,hris.Employee=date_of_birth,hris.Dependent=` as lists per model. */
function denyFieldsOf(pairs: string[]): Record<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const pair of pairs) {
    const [model, field, extra] = pair.split('=').map((p) => p.trim());
    if (!model || field === undefined || extra !== undefined)
      throw new UsageError(
        `--deny-fields takes MODEL=FIELD[,MODEL=FIELD] (MODEL= keeps every field), not "${pair}"`,
        'accounts configure',
      );
    byModel.set(model, [...(byModel.get(model) ?? []), ...(field ? [field] : [])]);
  }
  return Object.fromEntries(byModel);
}

export const accountsConfigureSpec: CommandSpec = {
  name: 'accounts configure',
  summary: "show an account's models, tiers, plan limit and fields left out, or override them",
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [
    {
      name: '--models',
      value: 'M1,M2',
      help: "the models it syncs: a subset of the deployment's for its category",
    },
    { name: '--cadence', value: 'MODEL=TIER[,MODEL=TIER]', help: 'the tier a model is polled at' },
    { name: '--plan-limit', value: 'N', help: "its Merge plan's requests per minute (10-10000)" },
    {
      name: '--deny-fields',
      value: 'MODEL=FIELD[,MODEL=FIELD]',
      help: "fields a model's records leave out, instead of the deployment's (MODEL= keeps every field)",
    },
    { name: '--reset', help: 'drop every override first' },
    { name: '--json', help: 'the plan as JSON (snake_case)' },
  ],
  details:
    "Given options replace those stored; the others stay. Validated as a whole against the deployment's\n" +
    'config before anything is stored (every problem is named). The poller and fetcher follow a change at\n' +
    'their next message, the pacer within a minute; a relink keeps the overrides.',
  examples: [
    { command: 'accounts configure 7c9e6679-7425-40de-944b-e07fc1f90ae7', note: "show the account's plan" },
    {
      command:
        'accounts configure 7c9e6679-7425-40de-944b-e07fc1f90ae7 --plan-limit 400 --cadence crm.Lead=frequent',
      note: 'a customer on the Professional plan whose leads sync every 5 minutes',
    },
    {
      command: 'accounts configure 7c9e6679-7425-40de-944b-e07fc1f90ae7 --reset',
      note: "back to the deployment's config",
    },
  ],
  target: 'any',
  async run({ args, flags, connect, terminal }) {
    const change = overridesChange(flags);
    const { deps } = await connect();
    await configureAccountCommand(deps, terminal, args.ACCOUNT!, change, { json: flags.has('--json') });
  },
};
