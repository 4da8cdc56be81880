import * as path from 'node:path';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The repository root: functions/ and shared/ are bundled from here, with its package-lock.json. */
export const PROJECT_ROOT = path.resolve(__dirname, '../../..');
export const DEPS_LOCK_FILE = path.join(PROJECT_ROOT, 'package-lock.json');

/** The newest Node.js runtime Lambda offers (cdk-nag AwsSolutions-L1 checks for it). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/**
 * ESM output, because @middy/core 6 ships ESM only and Powertools prefers its ESM build. Some
 * bundled CommonJS code still calls `require` for Node built-ins, which an ES module lacks, so the
 * banner defines one (the same banner Powertools' own CDK example uses).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/**
 * The esbuild settings every function is built with, in one place so that the stack and the
 * bundle-size test (test/infra/bundles.test.ts) build the same thing:
 * - the AWS SDK is bundled (no externals): tree-shaken it loads faster than the runtime's copy,
 *   and the version we test against is the version that runs;
 * - `module` before `main`, so packages that ship both give esbuild their tree-shakeable ESM build;
 * - minified, with a source map (without sources) so NODE_OPTIONS=--enable-source-maps turns stack
 *   traces back into file:line of our TypeScript.
 */
const SHARED = {
  target: ESBUILD_TARGET,
  minify: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
} as const;

/** NodejsFunction's bundling: local esbuild (never Docker), the shared settings above. */
export const LAMBDA_BUNDLING: BundlingOptions = {
  ...SHARED,
  mainFields: [...SHARED.mainFields],
  format: OutputFormat.ESM,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  forceDockerBundling: false,
};

/** The same build through esbuild's JS API, for measuring bundles without synthesizing the stack. */
export function esbuildOptionsFor(entry: string): BuildOptions {
  return {
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: SHARED.target,
    minify: SHARED.minify,
    mainFields: [...SHARED.mainFields],
    banner: { js: SHARED.banner },
    sourcemap: true,
    sourcesContent: false,
    external: [],
    outfile: 'index.mjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

/** Each function's entry point: functions/<name>/handler.ts, exporting `handler`. */
export const functionEntry = (name: string): string =>
  path.join(PROJECT_ROOT, 'functions', name, 'handler.ts');
