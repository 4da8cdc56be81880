import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build, stop, type Metafile } from 'esbuild';
import type { FunctionName } from '../../infra/aws/constructs/function-sizing';
import { esbuildOptionsFor, functionEntry } from '../../infra/aws/constructs/lambda-bundling';
import { MergeSyncFunction } from '../../infra/aws/constructs/merge-sync-function';

const FUNCTIONS: FunctionName[] = [
  'webhook-receiver',
  'event-processor',
  'sync-status-poller',
  'fetcher',
  'read-api',
  'write-api',
  'writer',
];
/** Far above what we measure (under 1 MB); a bundle this big would mean a dependency went wrong. */
const MAX_BUNDLE_BYTES = 3 * 1024 * 1024;

interface Bundle {
  code: Buffer;
  metafile: Metafile;
}

afterAll(() => stop());

describe('function bundles (esbuild, the options the stack uses)', () => {
  const bundles = new Map<FunctionName, Bundle>();

  beforeAll(async () => {
    for (const name of FUNCTIONS) {
      const result = await build(esbuildOptionsFor(functionEntry(name)));
      const code = result.outputFiles?.find((file) => file.path.endsWith('.mjs'));
      if (!code || !result.metafile) throw new Error(`esbuild produced no bundle for ${name}`);
      bundles.set(name, { code: Buffer.from(code.contents), metafile: result.metafile });
    }
    const rows = FUNCTIONS.map((name) => {
      const { code } = bundles.get(name) as Bundle;
      return `  ${name.padEnd(20)} ${String(code.length).padStart(9)} B  ${String(gzipSync(code).length).padStart(8)} B gzipped`;
    });
    console.log(`Lambda bundle sizes (minified ESM, source map separate):\n${rows.join('\n')}`);
  });

  it.each(FUNCTIONS)('%s stays small', (name) => {
    expect(bundles.get(name)?.code.length).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it.each(FUNCTIONS)('%s does not contain the official Merge SDK', (name) => {
    const inputs = Object.keys(bundles.get(name)?.metafile.inputs ?? {});
    expect(inputs.filter((input) => /@mergeapi|merge-node-client/.test(input))).toEqual([]);
  });

  it.each(FUNCTIONS)(
    '%s bundles its AWS SDK clients and imports nothing but Node built-ins at run time',
    (name) => {
      const { metafile } = bundles.get(name) as Bundle;
      expect(
        Object.keys(metafile.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-')),
      ).toBe(true);
      const externals = Object.values(metafile.outputs)
        .flatMap((output) => output.imports)
        .filter((entry) => entry.external)
        .map((entry) => entry.path.replace(/^node:/, '').split('/')[0] ?? '');
      expect(externals.filter((module) => !builtinModules.includes(module))).toEqual([]);
    },
  );

  it('the write API carries no Secrets Manager client: it never calls Merge', () => {
    const inputs = Object.keys(bundles.get('write-api')?.metafile.inputs ?? {});
    expect(inputs.some((input) => input.includes('@aws-sdk/client-secrets-manager'))).toBe(false);
  });

  it('the AWS SDK is tree-shaken: the receiver carries no DynamoDB client', () => {
    const inputs = Object.keys(bundles.get('webhook-receiver')?.metafile.inputs ?? {});
    expect(inputs.some((input) => input.includes('@aws-sdk/client-dynamodb'))).toBe(false);
  });
});

describe('CDK bundles with the local esbuild, never Docker', () => {
  // Bundling is CPU work: on a busy 2-core machine it takes minutes, not seconds (hence the timeout).
  it('NodejsFunction builds the receiver locally into the same code', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'merge-sync-bundle-'));
    // If CDK fell back to Docker, it would run this and fail.
    const docker = process.env.CDK_DOCKER;
    process.env.CDK_DOCKER = path.join(outdir, 'no-docker-here');
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'BundleCheck');
      new MergeSyncFunction(stack, 'Receiver', {
        name: 'webhook-receiver',
        description: 'bundling check',
        defaults: {
          logLevel: 'INFO',
          metricsNamespace: 'Test',
          logRetention: RetentionDays.ONE_DAY,
          logKey: new Key(stack, 'LogKey'),
        },
      });
      app.synth();
      const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
      expect(assets).toHaveLength(1);
      const assetDir = path.join(outdir, assets[0] as string);
      expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const viaApi = await build(esbuildOptionsFor(functionEntry('webhook-receiver')));
      const apiBytes = viaApi.outputFiles?.find((file) => file.path.endsWith('.mjs'))?.contents.length ?? 0;
      expect(statSync(path.join(assetDir, 'index.mjs')).size).toBe(apiBytes);
      const head = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8').slice(0, 80);
      expect(head.startsWith("import { createRequire } from 'node:module';")).toBe(true);
    } finally {
      if (docker === undefined) delete process.env.CDK_DOCKER;
      else process.env.CDK_DOCKER = docker;
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);
});
