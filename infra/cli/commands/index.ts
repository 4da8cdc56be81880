import type { CommandSpec } from '../registry';
import { accountsAddSpec, accountsListSpec } from './accounts';
import { accountsConfigureSpec } from './accounts-configure';
import { accountsReindexSpec } from './accounts-reindex';
import { accountsRemoveSpec, purgeSpec } from './account-deletion';
import { dlqListSpec, dlqRedriveSpec } from './dlq';
import { eventsTailSpec } from './events-tail';
import { resyncSpec } from './resync';
import { statusSpec } from './status';
import { writeSpec, writesListSpec } from './writes';
import { usersAddSpec } from './users';
import { webhookUrlSpec } from './webhook-url';

/**
 * The CLI's commands, in the order help lists them. A new command is one more entry: its name,
 * summary, arguments, flags, examples and run; parsing, help and exit codes come from here.
 */
export const COMMANDS: readonly CommandSpec[] = [
  statusSpec,
  accountsListSpec,
  accountsAddSpec,
  accountsConfigureSpec,
  accountsReindexSpec,
  accountsRemoveSpec,
  purgeSpec,
  resyncSpec,
  dlqListSpec,
  dlqRedriveSpec,
  eventsTailSpec,
  writeSpec,
  writesListSpec,
  webhookUrlSpec,
  usersAddSpec,
];
