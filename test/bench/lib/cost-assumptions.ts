/** The cost model's prices, function sizes and workload assumptions (benchmark 7, cost-model.ts). */

/** us-east-1 list prices (2025), no free tier. */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  sqsPerMillionRequests: 0.4,
  eventBridgePerMillionEvents: 1.0,
  cloudWatchLogsIngestedGb: 0.5,
  cloudWatchMetricMonth: 0.3,
  cloudWatchAlarmMonth: 0.1,
  cloudWatchDashboardMonth: 3,
  apiGatewayHttpPerMillion: 1.0,
  xrayPerMillionTraces: 5,
  secretsManagerSecretMonth: 0.4,
  kmsKeyMonth: 1,
  kmsPerTenThousandRequests: 0.03,
};

/** Function memory (MB), as infra/aws/constructs/function-sizing.ts sets it. */
export const MEMORY_MB = { receiver: 256, processor: 512, poller: 512, fetcher: 1024, readApi: 512 };

export const ASSUMPTIONS = {
  /** One core of this machine does what one Lambda vCPU does (1,769 MB buys one vCPU). */
  mbPerVcpu: 1769,
  /** Merge's real latency for a page of 100 records (the benchmark's simulator answers in ~60 ms). */
  mergePageMs: 500,
  /** Merge's latency for a small answer (sync-status, an empty or short page). */
  mergeSmallMs: 300,
  /** Waiting on SQS SendMessage, and on DynamoDB per sequential round trip. */
  sqsMs: 10,
  dynamoMs: 6,
  recordsPerAccountModel: 2000,
  changedPerDay: 0.01,
  accounts: 1000,
  modelsPerAccount: 5,
  days: 30,
  /**
   * Custom metrics (series) the workload publishes (README estimate: its 5 models' series), and the
   * alarms the stack creates: one per model of the default config (20), whatever the workload
   * syncs, plus 18 (test/infra/observability.test.ts counts them in the template).
   */
  customMetrics: 90,
  alarms: 38,
  readApiCallsPerMonth: 1_000_000,
  /** The stack's customer-managed keys: table, tokens, events queue, operations (topic, archive, logs). */
  kmsKeys: 4,
  /**
   * KMS requests other than token decrypts: DynamoDB, SQS and CloudWatch Logs reuse a data key for
   * minutes per caller (SQS's reuse period is 5 minutes): about one a minute per function and key.
   */
  kmsOtherRequestsPerMonth: 10 * 3 * 60 * 24 * 30,
  /** X-Ray's default sampling: the first request each second, then 5%. */
  xrayReservoirPerSecond: 1,
  xrayRate: 0.05,
  /** Lambda's SQS pollers long-poll each queue even when it is empty (about 5 pollers, 20 s waits). */
  idleSqsRequestsPerQueueMonth: 5 * 3 * 60 * 24 * 30,
};
