/**
 * The stack's output names: what `cdk deploy` prints and what the operator CLI reads to find the
 * table and queues of a deployment. Plain constants, so the CLI does not load the CDK.
 */
export const STACK_OUTPUTS = {
  webhookBaseUrl: 'WebhookBaseUrl',
  webhookPathSecrets: 'WebhookPathSecrets',
  readApiUrl: 'ReadApiUrl',
  readApiInvokeArn: 'ReadApiInvokeArn',
  dashboardUrl: 'DashboardUrl',
  consoleUrl: 'ConsoleUrl',
  consoleUserPoolId: 'ConsoleUserPoolId',
  tableName: 'TableName',
  tokenKeyArn: 'TokenKeyArn',
  apiKeySecretName: 'MergeApiKeySecretName',
  webhookSignatureKeySecretName: 'WebhookSignatureKeySecretName',
  previousWebhookSignatureKeySecretName: 'PreviousWebhookSignatureKeySecretName',
  alarmTopicArn: 'AlarmTopicArn',
  eventBusName: 'EventBusName',
  eventsQueueUrl: 'EventsQueueUrl',
  pollsQueueUrl: 'PollsQueueUrl',
  jobsQueueUrl: 'JobsQueueUrl',
  eventsDeadLetterQueueUrl: 'EventsDeadLetterQueueUrl',
  pollsDeadLetterQueueUrl: 'PollsDeadLetterQueueUrl',
  jobsDeadLetterQueueUrl: 'JobsDeadLetterQueueUrl',
  writesQueueUrl: 'WritesQueueUrl',
  writesDeadLetterQueueUrl: 'WritesDeadLetterQueueUrl',
  writeApiInvokeArn: 'WriteApiInvokeArn',
} as const;
