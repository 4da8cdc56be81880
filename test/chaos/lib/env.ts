// The chaos processes talk to local stand-ins only: fake credentials, a fixed region, Powertools'
// metrics kept off stdout (logs stay on, so the secret scans have something to read).
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'DEBUG';
process.env.AWS_LAMBDA_LOG_LEVEL ??= process.env.LOG_LEVEL;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const RESULT_PREFIX = 'CHAOS-RESULT ';
