import type { RunContext } from '../in-process/context';
import type { Step } from '../scenario-types';

export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/** Plays one step of a scenario against the in-process pipeline. */
export type StepPlayer<K extends StepKind> = (ctx: RunContext, step: StepOf<K>) => Promise<void>;

/** The players of one family of step kinds (one module each). */
export type StepFamily<K extends StepKind> = { readonly [P in K]: StepPlayer<P> };
