import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

/** Bundles for the cold-start benchmark (5): the functions', bare handlers', and their sizes by package. */

/** What each bare handler constructs for an SDK client package it imports. */
export const CLIENTS: Record<string, { name: string; command: string; options: string }> = {
  '@aws-sdk/client-dynamodb': { name: 'DynamoDBClient', command: 'GetItemCommand', options: '{}' },
  '@aws-sdk/client-sqs': {
    name: 'SQSClient',
    command: 'SendMessageCommand',
    options: '{ useQueueUrlAsEndpoint: false }',
  },
  '@aws-sdk/client-secrets-manager': {
    name: 'SecretsManagerClient',
    command: 'GetSecretValueCommand',
    options: '{}',
  },
  '@aws-sdk/client-eventbridge': { name: 'EventBridgeClient', command: 'PutEventsCommand', options: '{}' },
};

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  clients: string[];
  topPackages?: { pkg: string; bytes: number }[];
}

export function packagesOf(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/v4\/(?:mini|classic|core|locales))?/.exec(input);
      const pkg = m
        ? `${m[1]}${m[2] ?? ''}`
        : input.startsWith('shared/') || input.startsWith('functions/')
          ? '(our code)'
          : input;
      sizes.set(pkg, (sizes.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}

/**
 * What-if (diagnosis, not the figure): our sources with `import { z } from 'zod/mini'` read as
 * `import * as z from 'zod/mini'`. The named import is zod's `z` namespace object, which keeps all
 * of zod (locales included) in the bundle; the namespace import lets esbuild keep only what is used.
 */
export const zodNamespaceImport: Plugin = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /[\\/](shared|functions)[\\/].*\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(
        /import \{ z \} from 'zod\/mini';/g,
        "import * as z from 'zod/mini';",
      ),
      loader: 'ts',
    }));
  },
};

export async function bundle(
  dir: string,
  name: string,
  options: BuildOptions,
): Promise<Bundle & { metafile: Metafile }> {
  const result = await build(options);
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  let code: Uint8Array | undefined;
  for (const file of result.outputFiles ?? []) {
    const base = path.basename(file.path);
    writeFileSync(path.join(out, base), file.contents);
    if (base.endsWith('.mjs')) code = file.contents;
  }
  if (!code || !result.metafile) throw new Error(`esbuild produced no bundle for ${name}`);
  const clients = Object.keys(CLIENTS).filter((pkg) =>
    Object.keys(result.metafile?.inputs ?? {}).some((input) => input.includes(`node_modules/${pkg}/`)),
  );
  return {
    name,
    file: path.join(out, 'index.mjs'),
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    clients,
    metafile: result.metafile,
  };
}

/** A handler that imports and constructs only `clients`, and uses them so nothing is shaken out. */
export function bareSource(clients: string[]): string {
  const lines = clients.map((pkg, i) => {
    const c = CLIENTS[pkg];
    if (!c) throw new Error(`no bare client for ${pkg}`);
    return {
      imp: `import { ${c.name}, ${c.command} } from '${pkg}';`,
      make: `const c${i} = new ${c.name}(${c.options});`,
      use: `c${i}.send(new ${c.command}(event.input${i}))`,
    };
  });
  return [
    ...lines.map((l) => l.imp),
    ...lines.map((l) => l.make),
    `export const handler = async (event) => Promise.all([${lines.map((l) => l.use).join(', ')}]);`,
  ].join('\n');
}
