/** Reads the result of a `kfp-ts … --json` run. */
import { expect } from 'vitest';
import type { CommandResult } from '../../packages/compiler/src/cli/json-output.js';
import { hasStackTrace, type CliResult } from './run-cli.js';

/**
 * The one JSON object on standard output (JSON.parse fails on anything else there). Checks what every
 * result shares: warnings, `ok` exactly when the exit code is 0, and no stack trace for people.
 */
export function jsonOf<R extends CommandResult>(r: CliResult): R {
  expect(r.stdout.trim().startsWith('{'), `not JSON:\n${r.stdout}`).toBe(true);
  const result = JSON.parse(r.stdout) as R;
  expect(Array.isArray(result.warnings)).toBe(true);
  expect(result.ok).toBe(r.code === 0);
  expect(hasStackTrace(r.stderr)).toBe(false);
  return result;
}
