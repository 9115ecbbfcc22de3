#!/usr/bin/env node
// The kfp-ts command. Runs the built CLI; in a checkout that was not built yet, says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('error: kfp-ts is not built: run `npm run build` in the kfp-ts repository first.\n');
  process.exit(1);
}
try {
  await import(cli.href);
} catch (e) {
  // Only a broken installation gets here (the CLI reports every other error itself).
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  process.stderr.write(`error: cannot start kfp-ts (reinstall it, or run \`npm run build\` in a checkout): ${message}\n`);
  process.exit(1);
}
