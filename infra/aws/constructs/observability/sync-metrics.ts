import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { MetricName } from '../../../../shared/observability/ports';
import type { FunctionName } from '../function-sizing';

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The functions' own metrics (shared/observability/ports.ts, emitted as EMF by Powertools). Every
 * metric carries Powertools' `service` dimension (the function's name), and the domain adds one
 * more on some: `model` on Records*, SyncLag, SyncFailed and FetchesFailed; `reason` on
 * WebhooksRejected and WebhooksIgnored; `status` on AccountIssues.
 * A CloudWatch metric is identified by its full dimension set, so a query must name all of them.
 */
export class SyncMetrics {
  constructor(readonly namespace: string) {}

  /** One metric with its exact dimensions, for alarms. */
  metric(
    name: MetricName,
    service: FunctionName,
    options: {
      dimensions?: Record<string, string>;
      statistic?: string;
      period?: Duration;
      label?: string;
    } = {},
  ): Metric {
    return new Metric({
      namespace: this.namespace,
      metricName: name,
      dimensionsMap: { service, ...options.dimensions },
      statistic: options.statistic ?? 'Sum',
      period: options.period ?? FIVE_MINUTES,
      ...(options.label ? { label: options.label } : {}),
    });
  }

  /**
   * Every series of a metric with these dimension names (one line per model, per reason, ...), for
   * dashboards: new models and reasons show up without a deploy. Search expressions cannot alarm.
   */
  search(
    name: MetricName,
    dimensionNames: string[],
    options: { statistic?: string; period?: Duration; label?: string } = {},
  ): MathExpression {
    return new MathExpression({
      expression: this.searchExpression(name, dimensionNames, options),
      usingMetrics: {},
      label: options.label ?? '',
      period: options.period ?? FIVE_MINUTES,
    });
  }

  /** The sum of every series of a metric (all models, all services), as one line. */
  total(name: MetricName, dimensionNames: string[], label: string): MathExpression {
    return new MathExpression({
      expression: `SUM(${this.searchExpression(name, dimensionNames)})`,
      usingMetrics: {},
      label,
      period: FIVE_MINUTES,
    });
  }

  private searchExpression(
    name: MetricName,
    dimensionNames: string[],
    options: { statistic?: string; period?: Duration } = {},
  ): string {
    const schema = [`"${this.namespace}"`, ...dimensionNames].join(',');
    const period = (options.period ?? FIVE_MINUTES).toSeconds();
    return `SEARCH('{${schema}} MetricName="${name}"', '${options.statistic ?? 'Sum'}', ${period})`;
  }
}
