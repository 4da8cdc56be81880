import { AccountOverridesError } from '../../shared/config/account-overrides';
import { OperatorInputError } from '../../shared/operations/operator-actions';
import { ConfirmationRequiredError } from './terminal';

/** The CLI could not reach or read its target (a local runtime or a deployed stack). */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** The command line itself is wrong: unknown command or flag, a missing or bad argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage to show with the message, when known. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/**
 * The one exit-code policy of every command: 0 done; 2 the command cannot be run as given (usage,
 * a bad value, an unknown account, a token Merge refuses, no runtime at --url or no such stack, a
 * deletion nobody can confirm), with the reason; 1 anything else failed (Merge or AWS errors, a
 * deletion you did not confirm: nothing was changed).
 */
export const EXIT = { done: 0, failed: 1, badInput: 2 } as const;

const BAD_INPUT = [
  UsageError,
  OperatorInputError,
  AccountOverridesError,
  ConfirmationRequiredError,
  TargetError,
];

export function exitCodeFor(error: unknown): number {
  return BAD_INPUT.some((kind) => error instanceof kind) ? EXIT.badInput : EXIT.failed;
}
