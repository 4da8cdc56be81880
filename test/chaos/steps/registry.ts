import type { RunContext } from '../in-process/context';
import type { Step } from '../scenario-types';
import { badRecordSteps } from './bad-records';
import { faultSteps } from './faults';
import { fetchRaceSteps } from './fetch-races';
import { mergeBehaviourSteps } from './merge-behaviours';
import { mergeSideSteps } from './merge-side';
import { mergeStateSteps } from './merge-states';
import type { StepKind, StepPlayer } from './registry-types';
import { queueSteps } from './queues';
import { upstreamSteps } from './upstream';
import { writeSteps } from './writes';

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
  ...badRecordSteps,
  ...mergeStateSteps,
  ...writeSteps,
};

export function playStep(ctx: RunContext, step: Step): Promise<void> {
  const play = PLAYERS[step.kind] as (ctx: RunContext, step: Step) => Promise<void>;
  return play(ctx, step);
}
