import type { RunContext } from '../in-process/context';
import type { Step } from '../scenario-types';
import { faultSteps } from './faults';
import { fetchRaceSteps } from './fetch-races';
import { mergeBehaviourSteps } from './merge-behaviours';
import { mergeSideSteps } from './merge-side';
import type { StepKind, StepPlayer } from './registry-types';
import { queueSteps } from './queues';
import { upstreamSteps } from './upstream';

/**
 * Every step kind of a scenario and how the in-process run plays it. A new step kind is a new entry
 * in one family's module (the compiler insists every kind has one).
 */
const PLAYERS: { readonly [K in StepKind]: StepPlayer<K> } = {
  ...mergeSideSteps,
  ...upstreamSteps,
  ...faultSteps,
  ...queueSteps,
  ...fetchRaceSteps,
  ...mergeBehaviourSteps,
};

export function playStep(ctx: RunContext, step: Step): Promise<void> {
  const play = PLAYERS[step.kind] as (ctx: RunContext, step: Step) => Promise<void>;
  return play(ctx, step);
}
