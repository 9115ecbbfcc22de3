/**
 * Assertions for definition errors: the class, the message, the context (pipeline, task, field) and the
 * source line the error points at. A test marks that line with a trailing `// @at(name)` comment and
 * expects `at: 'name'`.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isKfpDefinitionError, KfpDefinitionError } from '@kfp-ts/dsl';

export interface ExpectedError {
  /** Texts the message must contain, or patterns it must match. */
  message: string | RegExp | (string | RegExp)[];
  /** The context's pipeline, task and field; `undefined` asserts the entry is absent. */
  pipeline?: string;
  task?: string;
  field?: string;
  /** The marker of the line the error's location must point at. */
  at?: string;
}

/** Runs `action`, expects it to throw a definition error as described, and returns that error. */
export function expectDefinitionError(action: () => unknown, expected: ExpectedError): KfpDefinitionError {
  let thrown: unknown;
  try {
    action();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error('expected a KfpDefinitionError, but nothing was thrown');
  expect(thrown).toBeInstanceOf(KfpDefinitionError);
  const error = thrown as KfpDefinitionError;
  expect(isKfpDefinitionError(error)).toBe(true);

  // One clear line: no stack trace, no multi-line dumps.
  expect(error.message).not.toContain('\n');
  expect(error.message).not.toMatch(/\n\s+at /);
  for (const part of Array.isArray(expected.message) ? expected.message : [expected.message]) {
    if (typeof part === 'string') expect(error.message).toContain(part);
    else expect(error.message).toMatch(part);
  }

  for (const key of ['pipeline', 'task', 'field'] as const) {
    if (key in expected) expect(error.context[key], `context.${key}`).toBe(expected[key]);
  }
  if (expected.at !== undefined) expectLocation(error, expected.at);
  return error;
}

/** The error's location is the line of the calling test file that carries `// @at(marker)`. */
export function expectLocation(error: KfpDefinitionError, marker: string): void {
  const location = error.context.location;
  expect(location, 'context.location').toBeDefined();
  expect(location!.file).toMatch(/[\\/]test[\\/]negative[\\/][^\\/]+\.test\.ts$/);
  const line = readFileSync(location!.file, 'utf8').split('\n')[location!.line - 1] ?? '';
  expect(line, `line ${location!.line} of ${location!.file}`).toContain(`// @at(${marker})`);
}
