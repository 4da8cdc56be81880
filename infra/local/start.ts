import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SyncConfigError } from '../../shared/config/sync-config';
import { isValidPathSecret, newPathSecret } from '../../shared/ingest/webhook-path';
import { ConfigurationError } from '../../shared/runtime/config/environment';
import { syncSettingsFromEnvironment } from '../../shared/runtime/config/from-environment';
import { readVariables } from '../../shared/runtime/config/variables';
import {
  EMBEDDED_SIMULATOR,
  emptyDataDir,
  moveDataDirAside,
  otherMergeOf,
  rememberMerge,
} from './data-dir-merge';
import { runDemo } from './demo';
import { clearPreviousDemo, rememberDemoAccounts } from './demo-state';
import { isLoopbackAddress } from './loopback';
import { checkMergeBaseUrl } from './merge-reachability';
import { startMergeSimulator, type MergeSimulator } from './merge-simulator';
import { parseStartOptions, USAGE, UsageError, type StartOptions } from './options';
import { LocalRuntime, StartupError } from './runtime';
import { checkDataDir, DataDirError } from './stand-ins';

// Node 20 runs the local tools; Lambda runs Node 22, where the SDK has nothing to warn about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (message: string, code: number): never => {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(code);
};

async function main() {
  let options: StartOptions;
  try {
    options = parseStartOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n\n${USAGE}`, 2);
    throw error;
  }
  if (options.help) return say(USAGE);

  // What the person running npm start may tune in the environment, as they would for the functions.
  let tuning: ReturnType<typeof readTuning>;
  try {
    tuning = readTuning();
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof SyncConfigError)
      return fail(error.message, 2);
    throw error;
  }

  const external = options.mergeBaseUrl ? await externalMerge(options.mergeBaseUrl) : undefined;
  const dataDir = options.inMemory ? undefined : resolve('.data');
  const mergeOfData = external ? external.baseUrl : EMBEDDED_SIMULATOR;
  if (dataDir) await prepareDataDir(dataDir, options.reset, mergeOfData);

  let sim: MergeSimulator | undefined;
  let merge: MergeSettings;
  if (external) merge = external;
  else {
    // The embedded simulator gets fresh random keys each run; they are never printed.
    const apiKey = randomBytes(24).toString('base64url');
    const signingKey = randomBytes(24).toString('base64url');
    sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey, rateLimitPerMinute: 100 });
    merge = { baseUrl: sim.baseUrl, apiKey, signingKey };
  }

  // The webhook URL's path secret, as in AWS: MERGE_WEBHOOK_PATH_SECRET when set; a fresh one each
  // run with the embedded simulator (the demo posts to the URL printed below); none otherwise, so
  // a Merge or simulator you point at this runtime keeps posting to /webhooks/merge.
  const pathSecret = process.env.MERGE_WEBHOOK_PATH_SECRET || (sim ? newPathSecret() : undefined);
  if (pathSecret !== undefined && !isValidPathSecret(pathSecret)) {
    await sim?.close();
    return fail('MERGE_WEBHOOK_PATH_SECRET must be 24 to 128 letters, digits, - or _', 2);
  }

  let runtime: LocalRuntime;
  try {
    runtime = await LocalRuntime.start({
      port: options.port,
      host: options.host,
      mergeBaseUrl: merge.baseUrl,
      mergeApiKey: merge.apiKey,
      webhookSignatureKey: merge.signingKey,
      ...(pathSecret !== undefined ? { webhookPathSecret: pathSecret } : {}),
      ...(merge.previousSigningKey ? { previousWebhookSignatureKey: merge.previousSigningKey } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(options.pollIntervalSeconds ? { pollIntervalSeconds: options.pollIntervalSeconds } : {}),
      syncSettings: tuning.syncSettings,
      outboxAbandonedAfterMs: tuning.outboxAbandonedAfterMs,
      maxWebhookBytes: tuning.maxWebhookBytes,
      verbose: options.verbose,
      checkMerge: sim === undefined,
      say,
      // A new embedded simulator each start: the accounts an earlier demo linked to the last one go.
      ...(sim && dataDir ? { prepareStore: (deps) => clearPreviousDemo(deps, dataDir, say) } : {}),
    });
  } catch (error) {
    await sim?.close();
    if (error instanceof StartupError) return fail(error.message, 1);
    throw error;
  }

  if (dataDir) rememberMerge(dataDir, mergeOfData);

  say(`merge-sync local runtime ready on ${runtime.url}`);
  say(`  webhook URL   POST ${runtime.webhookUrl}`);
  say(`  read API      GET  ${runtime.url}/accounts`);
  say(`  Merge         ${sim ? `embedded simulator (${merge.baseUrl})` : merge.baseUrl}`);
  say(`  data          ${dataDir ? `${dataDir} (reset: npm start -- --reset)` : 'in memory'}`);
  if (!isLoopbackAddress(options.host))
    say(
      `  listening on  ${options.host} port ${options.port}: the webhook URL and read API are open to the ` +
        'network; the console, write API and /local/* answer only this machine',
    );

  let exiting = false;
  const shutdown = async (reason: string, code = 0) => {
    if (exiting) {
      say('stopping now');
      process.exit(1);
    }
    exiting = true;
    const signalled = reason.startsWith('SIG');
    say(`${reason}: stopping (finishing work in flight${signalled ? '; Ctrl-C again to force' : ''})`);
    await runtime.stop();
    await sim?.close();
    say('stopped cleanly');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (sim && options.demo) {
    try {
      const remember = dataDir ? (ids: string[]) => rememberDemoAccounts(dataDir, ids) : undefined;
      await runDemo(runtime, sim, say, remember);
    } catch (error) {
      say(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
      if (options.exitAfterDemo) return shutdown('demo failed', 1);
    }
    if (options.exitAfterDemo) return shutdown('demo finished');
    const url = options.port === 3000 ? '' : ` --url ${runtime.url}`;
    say(
      `\nThe runtime keeps running (Ctrl-C to stop). Try: npx merge-sync status${url}, or curl ${runtime.url}/accounts`,
    );
  }
}

interface MergeSettings {
  baseUrl: string;
  apiKey: string;
  signingKey: string;
  previousSigningKey?: string;
}

/** --merge-base-url: its keys from the environment, and the URL checked to be a Merge API's. */
async function externalMerge(baseUrl: string): Promise<MergeSettings> {
  const apiKey = process.env.MERGE_API_KEY;
  const signingKey = process.env.MERGE_WEBHOOK_SIGNATURE_KEY;
  if (!apiKey || !signingKey) {
    const missing = [!apiKey && 'MERGE_API_KEY', !signingKey && 'MERGE_WEBHOOK_SIGNATURE_KEY'].filter(
      Boolean,
    );
    return fail(`--merge-base-url needs ${missing.join(' and ')} in the environment`, 2);
  }
  // A URL without Merge's /api 404s on every request: found out now, not by dead-lettered polls.
  const checked = await checkMergeBaseUrl(baseUrl, apiKey);
  if (checked.outcome === 'not-merge') return fail(checked.message, 2);
  if (checked.outcome === 'corrected') say(checked.note);
  // While the organization's key is rotated, the key it replaced is accepted too (docs/security.md).
  const previous = process.env.MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS;
  return {
    baseUrl: checked.baseUrl,
    apiKey,
    signingKey,
    ...(previous ? { previousSigningKey: previous } : {}),
  };
}

/**
 * --reset empties the data directory. One used with another Merge is moved aside whole and the run
 * starts empty: the accounts linked in the other Merge would have their tokens refused here,
 * failures that slow the new ones, and nothing of the old directory is deleted.
 */
async function prepareDataDir(dataDir: string, reset: boolean, merge: string): Promise<void> {
  if (reset) {
    if (await inUse(dataDir))
      return fail(`${dataDir} is in use by another running local runtime; stop it first`, 1);
    if (emptyDataDir(dataDir) > 0) say(`emptied ${dataDir} (--reset)`);
  }
  const other = otherMergeOf(dataDir, merge);
  if (!other) return;
  if (await inUse(dataDir))
    return fail(
      `${dataDir} holds accounts linked with ${other} and another running local runtime uses it; stop it, or pass --in-memory`,
      1,
    );
  const moved = moveDataDirAside(dataDir, new Date());
  say(
    `${dataDir} held accounts linked with ${other}, whose tokens this Merge would refuse: moved it to ${moved} (nothing deleted); starting empty`,
  );
}

/** Whether a running local runtime holds the data directory's table (an unreadable one is not in use). */
async function inUse(dataDir: string): Promise<boolean> {
  const table = join(dataDir, 'dynamodb');
  if (!existsSync(table)) return false;
  try {
    await checkDataDir(table);
    return false;
  } catch (error) {
    return error instanceof DataDirError && error.message.startsWith('locked');
  }
}

/** Every variable in one pass (each problem named), then the sync config's own rules. */
function readTuning() {
  const vars = readVariables(process.env, [
    'SYNC_CONFIG_OVERRIDES',
    'MERGE_PLAN_REQUESTS_PER_MINUTE',
    'OUTBOX_ABANDONED_AFTER_MS',
    'MAX_WEBHOOK_BYTES',
  ]);
  return {
    syncSettings: syncSettingsFromEnvironment(process.env),
    outboxAbandonedAfterMs: vars.OUTBOX_ABANDONED_AFTER_MS,
    maxWebhookBytes: vars.MAX_WEBHOOK_BYTES,
  };
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
});
