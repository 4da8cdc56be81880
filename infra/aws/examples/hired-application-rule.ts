import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

export interface HiredApplicationRuleProps {
  /** The merge-sync bus: `stack.storage.bus`, or `EventBus.fromEventBusName` with the `EventBusName` output. */
  eventBus: events.IEventBus;
  /** Where matching events go: your Lambda function, queue, state machine... */
  target: events.IRuleTarget;
  /**
   * The ids of the ATS interview stages that mean "hired" (`JobInterviewStage.id` in Merge, e.g.
   * the stages named "Hired" or "Offer accepted"). Stage names and ids belong to each customer's
   * ATS, so only you can list them: `GET /api/ats/v1/job-interview-stages` of each linked account.
   */
  hiredStageIds: readonly string[];
}

/**
 * "An ATS application moved to a hired stage": a stored Application changed, its `current_stage`
 * is one of the changed fields, and the stage it now points at is one of `hiredStageIds`.
 *
 * Why ids and not names: Merge's Application carries `current_stage` as the id of a
 * JobInterviewStage, and this project does not expand it (the stage name is not in the event), so
 * a pattern can only compare ids. `equals-ignore-case` on a name would need the expanded object.
 *
 * Catches: every transition into a listed stage, once per transition (`changedFields` has
 * `current_stage` only on the version that moved), whether the fetch or a webhook brought it.
 *
 * Does not catch:
 * - an application first seen already in a hired stage (a "Merge Record Added" event: the initial
 *   sync of an account adds every historical hire, which should not be announced again);
 * - a stage missing from `hiredStageIds` (a customer who adds a "Hired - contractor" stage);
 * - a record above 200 KB, which travels without its body (`recordOmitted`): a pattern cannot look
 *   into it (applications are small, so this is theoretical here).
 * A hire that is later reverted is not un-announced: moving back is just another change.
 */
export function hiredApplicationRule(
  scope: Construct,
  id: string,
  props: HiredApplicationRuleProps,
): events.Rule {
  // An empty list would be a pattern EventBridge refuses at deploy time; say so at synth instead.
  if (props.hiredStageIds.length === 0)
    throw new Error(`${id}: hiredStageIds must list at least one stage id`);
  return new events.Rule(scope, id, {
    eventBus: props.eventBus,
    description: 'merge-sync: an ATS application moved to a hired stage',
    eventPattern: {
      source: ['merge-sync'],
      detailType: ['Merge Record Changed'],
      detail: {
        modelId: ['ats.Application'],
        // An array field matches when any of its elements matches: "current_stage is among them".
        changedFields: ['current_stage'],
        record: { current_stage: [...props.hiredStageIds] },
      },
    },
    targets: [props.target],
  });
}
