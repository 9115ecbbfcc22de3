#!/usr/bin/env node
// The kfp-ts command. Runs the built CLI; in a checkout that was not built yet, says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('kfp-ts is not built: run `npm run build` in the kfp-ts repository first.\n');
  process.exit(1);
}
await import(cli.href);
