import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Log, Metrics } from '../../observability/ports';
import { asLog, asMetrics, createPowertools } from '../../observability/powertools';
import type { TelemetryConfig } from '../config/runtime-config';

/** A function's logger and metrics: Powertools' for the handler's middlewares, and as the domain's ports. */
export interface Telemetry {
  logger: Logger;
  /** Flushed per invocation (EMF). */
  emf: PowertoolsMetrics;
  log: Log;
  metrics: Metrics;
}

const discardMetrics: Metrics = { add: () => undefined };

export function createTelemetry(serviceName: string, config: TelemetryConfig): Telemetry {
  const { logger, metrics } = createPowertools(serviceName, {
    ...(config.logLevel ? { logLevel: config.logLevel } : {}),
    ...(config.metricsNamespace ? { metricsNamespace: config.metricsNamespace } : {}),
  });
  return {
    logger,
    emf: metrics,
    log: asLog(logger),
    // Nothing is stored, so the per-invocation flush writes nothing either.
    metrics: config.emitMetrics === false ? discardMetrics : asMetrics(metrics),
  };
}
