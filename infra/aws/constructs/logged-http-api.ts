import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LoggedHttpApiProps {
  description: string;
  /** Stage-wide default route throttling (steady requests per second and burst). */
  throttle: Required<ThrottleSettings>;
  logRetention: RetentionDays;
  /** Encrypts the access logs (source addresses, callers). */
  logKey: IKey;
  /** Log the matched route key (default true); false where a route key holds a secret. */
  logRouteKey?: boolean;
}

/**
 * What one request looked like, one JSON line each: who (source IP, and the IAM caller on the read
 * API), which route, the answer, the latencies and any integration error. No headers and no body:
 * the webhook's signature and payload stay out of the access log.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

/** The access log's fields; without the route key (and the path) where that carries a secret. */
function accessLogFields(withRouteKey: boolean): Record<string, string> {
  if (withRouteKey) return ACCESS_LOG_FIELDS;
  const { routeKey: _routeKey, ...rest } = ACCESS_LOG_FIELDS;
  return { ...rest, method: '$context.httpMethod' };
}

/**
 * An API Gateway HTTP API with its `$default` stage deployed automatically, throttled, and writing
 * access logs to a log group of its own with a bounded retention.
 */
export class LoggedHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: LoggedHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', { description: props.description, createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields(props.logRouteKey ?? true))),
      },
    });
  }

  /**
   * Requests answered with one status, counted from the access log. API Gateway's own metrics
   * lump every 4xx together; a 429 (throttled) is worth telling apart, because Merge does not
   * retry it.
   */
  countResponses(id: string, status: number, metric: { namespace: string; name: string }): Metric {
    new MetricFilter(this, id, {
      logGroup: this.accessLogs,
      filterPattern: FilterPattern.stringValue('$.status', '=', String(status)),
      metricNamespace: metric.namespace,
      metricName: metric.name,
      metricValue: '1',
    });
    return new Metric({
      namespace: metric.namespace,
      metricName: metric.name,
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }

  /** The stage's base URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}
