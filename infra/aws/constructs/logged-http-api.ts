import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LoggedHttpApiProps {
  description: string;
  /** Stage-wide default route throttling (steady requests per second and burst). */
  throttle: Required<ThrottleSettings>;
  logRetention: RetentionDays;
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

/**
 * An API Gateway HTTP API with its `$default` stage deployed automatically, throttled, and writing
 * access logs to a log group of its own with a bounded retention.
 */
export class LoggedHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: LoggedHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: props.description, createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The stage's base URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}
