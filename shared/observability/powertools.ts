import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Log, MetricName, Metrics, MetricUnit } from './ports';

/**
 * One Logger and one Metrics per Lambda instance (built with its dependencies, once). Log lines are
 * JSON in CloudWatch; metrics are EMF, flushed by the logMetrics middleware per invocation. Without
 * a level the logger takes Powertools' own default (the LOG_LEVEL variable, else INFO).
 */
export function createPowertools(
  serviceName: string,
  options: { logLevel?: string; metricsNamespace?: string } = {},
): { logger: Logger; metrics: PowertoolsMetrics } {
  const logger = new Logger({
    serviceName,
    ...(options.logLevel ? { logLevel: options.logLevel as 'INFO' } : {}),
  });
  const metrics = new PowertoolsMetrics({
    namespace: options.metricsNamespace ?? 'MergeSync',
    serviceName,
    // Its warnings go through our JSON logger. An invocation that emitted no metric (a skipped job)
    // is normal here, so that notice is dropped.
    logger: {
      debug: (...args: unknown[]) => logger.debug(String(args[0])),
      info: (...args: unknown[]) => logger.info(String(args[0])),
      warn: (...args: unknown[]) => {
        if (!String(args[0]).startsWith('No application metrics to publish')) logger.warn(String(args[0]));
      },
      error: (...args: unknown[]) => logger.error(String(args[0])),
    },
  });
  return { logger, metrics };
}

/** Powertools' logger as the domain's Log port. */
export const asLog = (logger: Logger): Log => ({
  debug: (message, extra) => logger.debug(message, extra ?? {}),
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
});

/** Powertools' metrics as the domain's Metrics port; dimensioned values go out as single-metric EMF. */
export const asMetrics = (metrics: PowertoolsMetrics): Metrics => ({
  add(name: MetricName, value: number, unit: MetricUnit = 'Count', dimensions?: Record<string, string>) {
    if (dimensions) {
      const single = metrics.singleMetric();
      for (const [key, dim] of Object.entries(dimensions)) single.addDimension(key, dim);
      single.addMetric(name, unit, value);
      return;
    }
    metrics.addMetric(name, unit, value);
  },
});
