import { Duration } from 'aws-cdk-lib';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { SyncSettings } from '../../../shared/config/sync-config';

export interface CadenceSchedulesProps {
  /** The sync config the functions load (shared/config), so schedules and code cannot disagree. */
  settings: SyncSettings;
  poller: IFunction;
}

/**
 * One EventBridge schedule per cadence tier that has models, plus the reconciliation, each
 * invoking the sync-status poller with an EventBridge "Scheduled Event" whose `detail` names the
 * tier (`{"tier": "frequent"}`) or asks for the reconciliation (`{"reconcile": true}`); the poller
 * then fans out one poll message per account (functions/sync-status-poller/handler.ts).
 *
 * EventBridge rules rather than EventBridge Scheduler: a rate schedule is all we need, scheduled
 * rules cost nothing, and an input transformer keeps the exact Scheduled Event shape the handler
 * and the local scheduler share. A tick older than its tier's period is dropped rather than
 * retried for long, because the next tick does the same work.
 */
export class CadenceSchedules extends Construct {
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: CadenceSchedulesProps) {
    super(scope, id);
    const { config } = props.settings;
    for (const tier of config.tiers) {
      // A tier no model uses would only wake the poller to find nothing to do.
      if (!config.models.some((model) => model.tier === tier.name)) continue;
      this.rules.push(
        this.schedule(`Tier-${tier.name}`, {
          everyMinutes: tier.everyMinutes,
          description: `Polls /sync-status for the "${tier.name}" models every ${tier.everyMinutes} min`,
          detail: { tier: tier.name },
          poller: props.poller,
        }),
      );
    }
    this.rules.push(
      this.schedule('Reconcile', {
        everyMinutes: config.reconcileEveryMinutes,
        description: `Fetches every model of every account every ${config.reconcileEveryMinutes} min, signal or not`,
        detail: { reconcile: true },
        poller: props.poller,
      }),
    );
  }

  private schedule(
    id: string,
    props: { everyMinutes: number; description: string; detail: Record<string, unknown>; poller: IFunction },
  ): Rule {
    return new Rule(this, id, {
      description: props.description,
      schedule: Schedule.rate(Duration.minutes(props.everyMinutes)),
      targets: [
        new LambdaFunction(props.poller, {
          event: scheduledEvent(props.detail),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(Math.min(props.everyMinutes, 24 * 60)),
        }),
      ],
    });
  }
}

/** The Scheduled Event EventBridge delivers, with our `detail` in place of its empty one. */
export function scheduledEvent(detail: Record<string, unknown>): RuleTargetInput {
  return RuleTargetInput.fromObject({
    version: EventField.fromPath('$.version'),
    id: EventField.eventId,
    'detail-type': EventField.detailType,
    source: EventField.source,
    account: EventField.account,
    time: EventField.time,
    region: EventField.region,
    resources: EventField.fromPath('$.resources'),
    detail,
  });
}
