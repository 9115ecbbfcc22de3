/** Help, version and usage errors of the `kfp-ts` command. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, kfpTs, repoRoot } from './run-cli.js';

const version = JSON.parse(readFileSync(join(repoRoot, 'packages/compiler/package.json'), 'utf8')).version as string;

describe('kfp-ts help and usage', () => {
  it('prints the version', () => {
    for (const flag of ['--version', '-V']) {
      const r = kfpTs(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('lists the commands in --help', () => {
    const r = kfpTs('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kfp-ts [options] [command]');
    expect(r.stdout).toMatch(/compile \[options\] <file>/);
    expect(r.stdout).toMatch(/validate \[options\] <files\.\.\.>/);
  });

  it('documents every option of compile', () => {
    for (const args of [['compile', '--help'], ['help', 'compile']]) {
      const r = kfpTs(...args);
      expect(r.code).toBe(0);
      for (const option of ['-o, --output <file>', '-p, --pipeline <exportName>', '--params <json>', 'Examples:']) {
        expect(r.stdout).toContain(option);
      }
    }
  });

  it('documents validate', () => {
    const r = kfpTs('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kfp-ts validate [options] <files...>');
  });

  it('prints help and fails without a command', () => {
    const r = kfpTs();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Usage: kfp-ts');
  });

  it.each([
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['compile'], "error: missing required argument 'file'"],
    [['validate'], "error: missing required argument 'files'"],
    [['compile', 'p.ts', '--bogus'], "error: unknown option '--bogus'"],
    [['compile', 'p.ts', '--output'], "error: option '-o, --output <file>' argument missing"],
  ])('rejects %j with one line and a hint', (args, message) => {
    const r = kfpTs(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${message}\n(add --help for usage)\n`);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
