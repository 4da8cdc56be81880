import { runCli } from './cli';
import { processTerminal } from './terminal';

// Node 20 runs the local tools; Lambda runs Node 24, where the SDK has nothing to warn about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runCli(process.argv.slice(2), { terminal: processTerminal(), env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`merge-sync: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
