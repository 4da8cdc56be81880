#!/usr/bin/env node
/* global process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin script, run by node itself */
// `npx merge-sync …` (package.json "bin"): the operator CLI, infra/cli/main.ts. The CLI is TypeScript
// run from the checkout, like `npm run cli`: tsx (a devDependency) compiles it on load, so this
// needs `npm ci` to have installed devDependencies; it is not a published, prebuilt package.
let tsx;
try {
  tsx = require('tsx/cjs/api');
} catch {
  process.stderr.write('merge-sync: tsx is not installed; run `npm ci` in the merge-sync checkout first\n');
  process.exit(1);
}
tsx.register();
require('./main.ts');
